"""Reading project files (YAML, TOML, the Excel project template) and writing the template.

Every loader returns a :class:`~ghgkit.projects.model.Project` that remembers where
each parameter and monitoring row came from (file and line, or sheet and cell), so
that a mistake is reported at its place. Input files are never modified.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ghgkit.errors import GhgkitError, InputError, Location
from ghgkit.io.output import atomic_path
from ghgkit.projects.model import METHODOLOGIES, Project
from ghgkit.schema import number_cell_hint

PROJECT_SUFFIXES = (".yaml", ".yml", ".toml", ".xlsx")
_HEADER_KEYS = ("title", "host_city", "host_country", "partner_city", "partner_country", "methodology",
                "start_year", "crediting_period", "gwp", "description")


# -- text files -----------------------------------------------------------------------
def _yaml_lines(root) -> dict[str, int]:
    """Line numbers of ``ex_ante.NAME``, ``monitoring.N`` and top-level keys in a composed YAML
    document (its root node)."""
    import yaml

    out: dict[str, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for k, v in root.value:
        key = str(k.value)
        out[key] = k.start_mark.line + 1
        if key in ("ex_ante", "settings") and isinstance(v, yaml.MappingNode):
            for pk, _ in v.value:
                out[f"{key}.{pk.value}"] = pk.start_mark.line + 1
        if key == "monitoring" and isinstance(v, yaml.SequenceNode):
            for i, item in enumerate(v.value):
                out[f"monitoring.{i}"] = item.start_mark.line + 1
    return out


def _load_yaml(text: str, file: str) -> tuple[Any, dict[str, int]]:
    """The data of a YAML project file and the lines of its keys, from one parse (libyaml's
    ``CSafeLoader`` when installed): the document is composed once, its nodes give the lines and
    are then constructed, with a key given twice refused (:mod:`ghgkit.io.yamlfile`)."""
    import yaml

    from ghgkit.io.yamlfile import UniqueKeyLoader, construct, load_yaml

    loader = UniqueKeyLoader(text)
    try:
        root = loader.get_single_node()
        data = construct(loader, root) if root is not None else None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):     # (an explicit tag on text it cannot read)
        load_yaml(text, file)                  # raises the InputError with the line
        raise
    finally:
        loader.dispose()
    return data, _yaml_lines(root)


def _validation_error(e: ValidationError, path: Path, lines: dict[str, int] | None = None,
                      cells: dict[str, Location] | None = None) -> GhgkitError:
    err = e.errors()[0]
    parts = [str(x) for x in err["loc"]]
    key = ".".join(parts[:2]) if parts[:1] in (["ex_ante"], ["monitoring"]) else (parts[0] if parts else "")
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        msg = "is missing"
    elif err["type"] == "extra_forbidden":
        msg = "is not a project field"
    if cells and key in cells:
        loc = cells[key]
    else:
        loc = Location(file=str(path), line=(lines or {}).get(key) or (lines or {}).get(parts[0] if parts else ""))
    field = ".".join(parts)
    if isinstance(err.get("input"), str) and err["type"] in ("float_parsing", "float_type", "int_parsing"):
        while parts and parts[-1] in ("float", "int", "dict[int,float]"):     # pydantic's union branch names
            parts.pop()
        field, msg = ".".join(parts), f"'{err['input']}' is not a number"
        field += ":"
    hint = None
    if isinstance(err.get("input"), str) and err["type"] in ("float_parsing", "float_type", "dict_type"):
        unit_place = "the unit field (unit: ...)"
        if cells and key in cells and cells[key].cell:
            unit_place = f"the unit column ({cells[key].sheet}!C{cells[key].cell[1:]})"
        hint = number_cell_hint(err["input"], unit_place, None)
    elif err["type"] == "missing" and cells and key in cells:
        hint = f"fill the cell {cells[key].sheet}!{cells[key].cell}"
    if err["type"] == "extra_forbidden" and len(parts) == 1:
        hint = ("project fields: title, host_city, partner_city, host_country, partner_country, "
                "methodology, start_year, crediting_period, gwp, description, settings, ex_ante, monitoring")
    return InputError(f"{field} {msg}" if field else msg, location=loc, hint=hint)


def _from_mapping(data: Any, path: Path, lines: dict[str, int]) -> Project:
    if not isinstance(data, dict):
        raise InputError("a project file must be a mapping of fields (title, host_city, ...)",
                         location=Location(file=str(path)))
    try:
        project = Project.model_validate(data)
    except ValidationError as e:
        raise _validation_error(e, path, lines) from None
    project.file = str(path)
    for key, line in lines.items():
        if key.startswith(("ex_ante.", "monitoring.")):
            project.locations[key] = Location(file=str(path), sheet=key, line=line)
    _check_settings(project, lines)
    return project


def _check_settings(project: Project, places: dict) -> None:
    """A setting the methodology does not read is refused with a did-you-mean: a misspelt
    ``swds_cover`` would otherwise be ignored and its default used. *places* gives the
    :class:`Location` (a workbook's cells) or the line (a YAML file's keys) of ``settings.KEY``."""
    from ghgkit.projects.calculate import methodology as get_methodology

    meth = get_methodology(project.methodology)
    known = meth.settings_doc
    for key in project.settings:
        if key in known:
            continue
        import difflib

        known = list(known)
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        if close:
            hint = f"did you mean '{close[0]}'? ({meth.name} reads: {', '.join(known)})"
        elif known:
            hint = f"{meth.name} reads these settings: {', '.join(known)}"
        else:
            hint = f"{meth.name} reads no settings: " + ("delete that row of the Project sheet" if project.form.excel
                                                         else "remove it")
        place = places.get(f"settings.{key}")
        if isinstance(place, int):
            place = Location(file=project.file, line=place)
        raise InputError(f"unknown setting '{key}': the {meth.name} methodology does not read it",
                         location=place or Location(file=project.file), hint=hint)


def load_project(path: str | Path) -> Project:
    """Read one project file: ``.yaml``/``.yml``, ``.toml`` or ``.xlsx`` (the project template).

    Raises
    ------
    InputError
        With the file and line (or sheet and cell) of the mistake.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PROJECT_SUFFIXES:
        raise InputError(f"'{path.suffix}' is not a project file type", location=Location(file=str(path)),
                         hint="use .yaml, .toml or .xlsx (ghgkit template --project METHODOLOGY)")
    if not path.is_file():
        raise InputError("project file not found", location=Location(file=str(path)))
    if suffix == ".xlsx":
        return read_project_workbook(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("project file is not UTF-8 text", location=Location(file=str(path))) from None
    if suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise InputError(f"not valid TOML: {e}", location=Location(file=str(path))) from None
        return _from_mapping(data, path, {})
    data, lines = _load_yaml(text, str(path))     # a key given twice is an error with its line
    return _from_mapping(data, path, lines)


def project_files(folder: str | Path) -> list[Path]:
    """The project files directly in *folder*, sorted by name (``~$`` and hidden files skipped).

    Raises
    ------
    InputError
        When *folder* is not a folder or holds no project file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", location=Location(file=str(folder)))
    files = sorted(p for p in folder.iterdir()
                   if p.suffix.lower() in PROJECT_SUFFIXES and not p.name.startswith(("~$", ".")))
    if not files:
        raise InputError("no project files in the folder", location=Location(file=str(folder)),
                         hint="put .yaml, .toml or .xlsx project files there")
    return files


def load_folder(folder: str | Path) -> list[Project]:
    """Every project file directly in *folder* (sorted by name; temporary ``~$`` files skipped).

    The first file that cannot be read raises its error; :func:`read_folder` skips it instead.
    """
    return [load_project(p) for p in project_files(folder)]


def not_included(file, error: Exception) -> dict:
    """A "not included" entry for *file* that could not be read or computed (*error*)."""
    file = str(file)
    if isinstance(error, GhgkitError):
        loc, message, hint = error.location, error.message, error.hint
    else:                                     # OSError: permission denied, a folder named x.yaml ...
        loc, message, hint = None, getattr(error, "strerror", None) or str(error), None
    if isinstance(loc, Location):
        place = str(Location(sheet=loc.sheet, cell=loc.cell, line=loc.line))
        if loc.file and str(loc.file) != file:
            place = str(loc)
    else:
        place = str(loc or "")
    return {"file": file, "reason": "invalid", "place": place, "error": message, "hint": hint,
            "duplicate_of": None}


def read_folder(folder: str | Path, files: list[Path] | None = None) -> tuple[list[Project], list[dict]]:
    """The readable project files of *folder*, and a "not included" entry for each other one.

    Unlike :func:`load_folder`, a file that cannot be read does not stop the others;
    its entry gives the file, the place (line, or sheet and cell), the error and a hint.
    *files* (from :func:`project_files`) saves listing the folder again.
    """
    projects, skipped = [], []
    for f in (files if files is not None else project_files(folder)):
        try:
            projects.append(load_project(f))
        except (GhgkitError, OSError) as e:
            skipped.append(not_included(f, e))
    return projects, skipped


# -- the Excel project template -------------------------------------------------------
def _fmt_default(meth, spec) -> str:
    from ghgkit.projects.base import defaults

    if spec.default is None:
        return "" if not spec.required else "required: no default"
    rows = [r for r in defaults().values() if r.methodology == meth.name and r.parameter == spec.name]
    if not rows:
        return ""
    if len(rows) == 1:
        r = rows[0]
        return f"default {r.value:g} {r.unit} ({r.source_ref})".replace("  ", " ")
    return f"default by setting ({rows[0].source_ref})"


def write_project_template(methodology: str, path: str | Path) -> Path:
    """Write the Excel project template for *methodology* to *path* (atomically).

    Sheets: ``Project`` (key / value), ``Parameters`` (one row per parameter, with its
    unit, default and description), ``Monitoring`` (year, parameter, value, unit,
    evidence), ``Instructions``; drop-downs come from a hidden ``Lists`` sheet.
    """
    from ghgkit.io.output import excel_workbook

    from ghgkit.projects.calculate import methodology as get_methodology

    key = str(methodology).strip().lower().replace("-", "_")
    if key not in METHODOLOGIES:
        import difflib
        close = difflib.get_close_matches(key, METHODOLOGIES, n=1)
        raise InputError(f"unknown methodology '{methodology}'",
                         hint=(f"did you mean '{close[0]}'? " if close else "") + "use one of " + ", ".join(METHODOLOGIES))
    meth = get_methodology(key)
    path = Path(path)
    with atomic_path(path, suffix=".xlsx") as tmp:
        wb = excel_workbook(tmp)
        bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "locked": True})
        locked = wb.add_format({"locked": True, "font_color": "#555555", "text_wrap": True, "valign": "top"})
        key_fmt = wb.add_format({"locked": True, "bold": True})
        inp = wb.add_format({"locked": False, "bg_color": "#FFF2CC", "border": 1})
        inp_num = wb.add_format({"locked": False, "bg_color": "#FFF2CC", "border": 1, "num_format": "General"})

        ws = wb.add_worksheet("Project")
        lists = wb.add_worksheet("Lists")
        ws_p = wb.add_worksheet("Parameters")
        ws_m = wb.add_worksheet("Monitoring")
        ws_i = wb.add_worksheet("Instructions")

        # lists for drop-downs
        names = meth.names()
        for i, n in enumerate(names):
            lists.write(i, 0, n)
        for i, g in enumerate(("AR4", "AR5", "AR6")):
            lists.write(i, 1, g)
        wb.define_name("ParameterNames", f"=Lists!$A$1:$A${len(names)}")
        wb.define_name("GwpSets", "=Lists!$B$1:$B$3")
        lists.hide()

        # Project sheet
        ws.write_row(0, 0, ["key", "value", "what it is"], bold)
        rows = [
            ("title", "", "name of the co-operation project"),
            ("host_city", "", "city where the project is built (e.g. the Asian partner city)"),
            ("host_country", "", "ISO 3166 alpha-3 code, e.g. VNM, IDN, PHL"),
            ("partner_city", "", "the partner city (e.g. the Japanese city) supporting it"),
            ("partner_country", "", "ISO 3166 alpha-3 code, e.g. JPN"),
            ("methodology", meth.name, meth.title + " (fixed for this template)"),
            ("start_year", "", "first year of the crediting period"),
            ("crediting_period", "", "length of the crediting period in years"),
            ("gwp", "AR5", "GWP set: AR4, AR5 or AR6"),
            ("description", "", "optional"),
        ] + [(k, "", f"setting: {doc}") for k, doc in meth.settings_doc.items()]
        for r, (k, v, doc) in enumerate(rows, start=1):
            ws.write(r, 0, k, key_fmt)
            if k == "methodology":
                ws.write(r, 1, v, locked)
            else:
                ws.write(r, 1, v, inp)
            ws.write(r, 2, doc, locked)
            if k == "gwp":
                ws.data_validation(r, 1, r, 1, {"validate": "list", "source": "=GwpSets"})
            if k in ("start_year", "crediting_period"):
                ws.data_validation(r, 1, r, 1, {"validate": "integer", "criteria": "between",
                                                "minimum": 1 if k == "crediting_period" else 1990,
                                                "maximum": 30 if k == "crediting_period" else 2100})
        ws.set_column(0, 0, 20)
        ws.set_column(1, 1, 40)
        ws.set_column(2, 2, 70)
        ws.freeze_panes(1, 0)
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})

        # Parameters sheet
        ws_p.write_row(0, 0, ["parameter", "value", "unit", "source", "notes", "what it is",
                              "units you may write", "default / required"], bold)
        for r, spec in enumerate(meth.params, start=1):
            ws_p.write(r, 0, spec.name, key_fmt)
            ws_p.write_blank(r, 1, None, inp_num)
            ws_p.write_blank(r, 2, None, inp)
            ws_p.write_blank(r, 3, None, inp)
            ws_p.write_blank(r, 4, None, inp)
            ws_p.write(r, 5, spec.label + (" [monitored each year]" if spec.monitored else ""), locked)
            ws_p.write(r, 6, spec.example, locked)
            ws_p.write(r, 7, _fmt_default(meth, spec) or ("required" if spec.required else "optional"), locked)
        ws_p.set_column(0, 0, 30)
        ws_p.set_column(1, 2, 14)
        ws_p.set_column(3, 4, 36)
        ws_p.set_column(5, 7, 48)
        ws_p.freeze_panes(1, 1)
        ws_p.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})

        # Monitoring sheet
        n_rows = 300
        for r in range(1, n_rows + 1):
            for c in range(5):
                ws_m.write_blank(r, c, None, inp)
        ws_m.add_table(0, 0, n_rows, 4, {"name": "Monitoring", "style": "Table Style Light 9",
                                         "columns": [{"header": h} for h in
                                                     ("year", "parameter", "value", "unit", "evidence")]})
        ws_m.data_validation(1, 1, n_rows, 1, {"validate": "list", "source": "=ParameterNames"})
        ws_m.data_validation(1, 0, n_rows, 0, {"validate": "integer", "criteria": "between",
                                                "minimum": 1990, "maximum": 2100})
        ws_m.set_column(0, 0, 8)
        ws_m.set_column(1, 1, 30)
        ws_m.set_column(2, 3, 14)
        ws_m.set_column(4, 4, 50)
        ws_m.freeze_panes(1, 0)

        # Instructions
        text = [
            f"ghgkit project template: {meth.title}",
            f"Methodology: {meth.reference}",
            "",
            "1. Project sheet: fill the yellow cells (title, cities, start year, crediting period, GWP set, settings).",
            "2. Parameters sheet: for each parameter give the value, its unit and its source (a document, "
            "table or measurement). Leave a row blank to use the default shown (with its source), if there is one.",
            "   A blank unit means the unit shown in 'units you may write' (e.g. a bare grid factor is t CO2/MWh).",
            "   Where the value is your own assumption, write 'project design document' as the source.",
            "3. Monitoring sheet: one row per parameter and year after the project starts, with the evidence "
            "(meter readings, invoices, logbooks). Parameters marked [monitored each year] must be given for "
            "every monitored year.",
            "4. Run: ghgkit project estimate FILE (ex-ante), ghgkit project monitor FILE (ex-post).",
            "",
            "Equations:",
        ] + [f"   {e}" for e in meth.equations]
        ws_i.set_column(0, 0, 140)
        for r, line in enumerate(text):
            ws_i.write(r, 0, line)
        ws.activate()
        wb.close()
    return path


def _cell_value(v):
    if isinstance(v, str):
        v = v.strip()
        return v or None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _number(v, loc: Location, what: str, unit_cell: str | None = None) -> float:
    """A number cell; text such as '250 W' gets the hint to put the unit in *unit_cell*. A comma in
    text is read only where it can mean one thing (0,5; 1,900,000; 1,234.5): '0,5' was read as 5,
    and 1,900 (1900 or 1.9?) is refused."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    from ghgkit.rules.numbers import AmbiguousComma, comma_number

    try:
        if isinstance(v, bool):
            raise ValueError
        return comma_number(str(v))
    except AmbiguousComma:
        raise InputError(f"{what}: '{v}' is not a number (is the comma a decimal mark or a thousands separator?)",
                         location=loc, hint="write it as a number cell, or with a point as the decimal mark and "
                                            "no thousands separator (0.5, 1500)") from None
    except ValueError:
        hint = (number_cell_hint(v, f"the unit column ({loc.sheet}!{unit_cell})", None) if unit_cell else
                "write a whole number in this cell, without text")
        raise InputError(f"{what}: '{v}' is not a number", location=loc, hint=hint) from None


def _as_shown(x: float, cell, unit) -> float:
    """A cell shown as a percentage holds the fraction (kind ``p``: 45% is 0.45); with a unit of one
    hundredth (%, percent, 1/100) the number meant is the one shown (45), as the form asks ('a
    fraction (0.45) or a percentage')."""
    from ghgkit.units import is_percent

    if cell is not None and cell[1] == "p" and is_percent(unit):
        return x * 100
    return x


def _whole(x: float, v, loc: Location, what: str) -> int:
    """*x* (read from the cell *v*) as a whole number: 2025.6 was cut to 2025, silently."""
    if not (math.isfinite(x) and x == int(x)):
        raise InputError(f"{what}: '{v}' is not a whole number", location=loc, hint="write a whole number (2025)")
    return int(x)


#: rows read from one project form (a form has tens of rows; more is a pasted mistake)
MAX_FORM_ROWS = 20_000


def _form_sheets(path: Path) -> dict:
    """The sheets of a project form as ``{name: {row: {col: (value, kind, formula)}}}``, read by the
    streaming reader of activity workbooks (zip-bomb and XML-entity guards, only present cells kept)."""
    from ghgkit.rules.findings import ERROR, Findings, Stop
    from ghgkit.validation.readers import read

    findings = Findings(str(path))
    try:
        sub = read(path, findings, max_rows=MAX_FORM_ROWS, sibling_settings=False)
    except Stop:
        sub = None
    errors = [f for f in findings if f.severity == ERROR]
    if errors:
        f = errors[0]
        raise InputError(f.message, location=Location(file=str(path), sheet=f.sheet, cell=f.cell),
                         hint=f.hint or "save it as an Excel .xlsx file")
    return {s.name: {r: cells for r, _, cells in s.rows} for s in sub.sheets}


def _read_cell(cells: dict, j: int, loc: Location, what: str):
    """The value of column *j* of a row (None when empty); an Excel error or a formula without a
    saved value is an error at *loc* (a blank would let a default or nothing in silently)."""
    from ghgkit.rules.findings import HINTS

    c = cells.get(j)
    if c is None:
        return None
    v, kind, formula = c
    if kind == "e":
        raise InputError(f"{what}: Excel error value {v}", location=loc, hint=HINTS["excel_error"])
    if kind == "x":
        raise InputError(f"{what}: a formula (={(formula or '')[:60]}) without a saved value", location=loc,
                         hint=HINTS["no_cached_value"])
    return _cell_value(v)


def _once(seen: dict, key: str, sheet: str, row: int, f: str) -> None:
    """A key or parameter given on two rows (both filled) is an error: the later would silently win."""
    if key in seen:
        raise InputError(f"'{key}' is given twice (first in {sheet}!A{seen[key]})",
                         location=Location(file=f, sheet=sheet, cell=f"A{row}"),
                         hint="keep one of them: a repeated key would silently replace the first")
    seen[key] = row


def read_project_workbook(path: str | Path) -> Project:
    """Read a filled Excel project template into a :class:`Project`."""
    path = Path(path)
    book = _form_sheets(path)
    for sheet in ("Project", "Parameters"):
        if sheet not in book:
            raise InputError(f"no '{sheet}' sheet: not a ghgkit project template",
                             location=Location(file=str(path)),
                             hint="make one with: ghgkit template --project METHODOLOGY -o FILE.xlsx")
    f = str(path)
    cells: dict[str, Location] = {}
    data: dict[str, Any] = {"settings": {}, "ex_ante": {}, "monitoring": []}
    seen: dict[str, int] = {}
    for r, row in sorted(book["Project"].items()):
        if r < 2:
            continue
        k = row.get(0)
        k = _cell_value(k[0]) if k is not None and k[1] == "s" else None
        if not k:
            continue
        k = str(k)
        loc = Location(file=f, sheet="Project", cell=f"B{r}")
        v = _read_cell(row, 1, loc, k)
        if v is None:
            cells.setdefault(k if k in _HEADER_KEYS else f"settings.{k}", loc)   # the place of an empty cell
            continue
        _once(seen, k, "Project", r, f)
        if k in _HEADER_KEYS:
            if k in ("start_year", "crediting_period"):
                v = _whole(_number(v, loc, k), v, loc, k)
            data[k] = v
            cells[k] = loc
        else:
            data["settings"][k] = str(v)
            cells[f"settings.{k}"] = loc
    seen = {}
    for r, row in sorted(book["Parameters"].items()):
        if r < 2:
            continue
        name = row.get(0)
        name = _cell_value(name[0]) if name is not None and name[1] == "s" else None
        if not name:
            continue
        name = str(name)
        loc = Location(file=f, sheet="Parameters", cell=f"B{r}")
        value = _read_cell(row, 1, loc, name)
        unit = _read_cell(row, 2, Location(file=f, sheet="Parameters", cell=f"C{r}"), f"{name} unit")
        source = _read_cell(row, 3, Location(file=f, sheet="Parameters", cell=f"D{r}"), f"{name} source")
        notes = _read_cell(row, 4, Location(file=f, sheet="Parameters", cell=f"E{r}"), f"{name} notes")
        if value is None:
            cells.setdefault(f"ex_ante.{name}", loc)                # the place, also of an empty row
            continue
        _once(seen, name, "Parameters", r, f)
        entry = {"value": _as_shown(_number(value, loc, name, f"C{r}"), row.get(1), unit), "unit": str(unit or ""),
                 "source": source}
        if source is None:
            raise InputError(f"{name}: no source given", location=Location(file=f, sheet="Parameters", cell=f"D{r}"),
                             hint="name where the value comes from (a document, table or measurement; "
                                  "'project design document' for your own assumption)")
        entry["source"] = str(source)
        if notes is not None:
            entry["notes"] = str(notes)
        data["ex_ante"][name] = entry
        cells[f"ex_ante.{name}"] = loc
    if "Monitoring" in book:
        cells["monitoring"] = Location(file=f, sheet="Monitoring", cell="A2")
        i = 0
        for r, row in sorted(book["Monitoring"].items()):
            if r < 2:
                continue
            vals = [_read_cell(row, j, Location(file=f, sheet="Monitoring", cell=f"{col}{r}"), what)
                    for j, (col, what) in enumerate(zip("ABCDE", ("year", "parameter", "value", "unit",
                                                                  "evidence")))]
            if all(v is None for v in vals):
                continue
            loc = Location(file=f, sheet="Monitoring", cell=f"A{r}")
            year, param, value, unit, evidence = vals
            if year is None or param is None or value is None:
                missing = [n for n, v in (("year", year), ("parameter", param), ("value", value)) if v is None]
                raise InputError(f"monitoring row {r} has no {', '.join(missing)}", location=loc)
            data["monitoring"].append({
                "year": _whole(_number(year, loc, "year"), year, loc, "year"), "parameter": str(param),
                "value": _as_shown(_number(value, Location(file=f, sheet="Monitoring", cell=f"C{r}"), str(param),
                                           f"D{r}"), row.get(2), unit),
                "unit": str(unit or ""), "evidence": None if evidence is None else str(evidence)})
            cells[f"monitoring.{i}"] = loc
            i += 1
    try:
        project = Project.model_validate(data)
    except ValidationError as e:
        raise _validation_error(e, path, cells=cells) from None
    project.file = f
    project.locations.update(cells)
    _check_settings(project, cells)
    return project
