"""Every rule on one read submission: structure, settings, cells, rows; then the activity table.

:func:`check_submission` is what ``ghgkit calc`` (through :func:`ghgkit.io.importers.load`)
and ``ghgkit validate`` both run on what :mod:`ghgkit.validation.readers` read. It records
findings and returns a :class:`Checked` with the settings and the activity table that the
calculators take (built from the same parsed cells the rules saw).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ghgkit.errors import GhgkitError, Location
from ghgkit.i18n import N_
from ghgkit.rules.findings import HINT_SHAPES, HINTS, WARNING, Findings
from ghgkit.rules.places import closest, col_letter, suggest
from ghgkit.rules.rows import check_rows, norm_text
from ghgkit.rules.table import raw_table
from ghgkit.schema import ACTIVITY_COLUMNS, LOCATION_COLUMNS

TEMPLATE_SHEETS = ("Energy", "Transport", "Waste", "Wastewater")
KNOWN_TEMPLATE_VERSIONS = ("ghgkit-1",)
REQUIRED_COLUMNS = ("sector", "activity", "amount", "unit")
NON_DATA_SHEETS = {"instructions", "settings", "lists", "factors"}
CATEGORICAL = ("sector", "subsector", "activity", "method", "notation_key", "data_quality", "factor_id", "unit",
               "source", "notes")


@dataclass
class Checked:
    """What the rules read: settings (None when invalid), the raw table and the activity table."""

    settings: object = None
    raw: pd.DataFrame | None = None
    colpos: dict = field(default_factory=dict)
    activity: pd.DataFrame | None = None
    gpc: pd.Series | None = None
    factor_rows: tuple = ()


def is_activity_header(sheet) -> bool:
    return bool({"sector", "activity"} & set(sheet.header)) or sheet.csv


def check_submission(sub, findings: Findings, extra_settings=(), require_settings: bool = False) -> Checked:
    """Run every rule on *sub* (a reader's submission). *extra_settings*: ``(mapping, location)``
    sources after the workbook's own (a settings file, ``--set``)."""
    out = Checked()
    by_lower = {s.name.strip().lower(): s for s in sub.sheets}
    csv_mode = bool(sub.sheets and sub.sheets[0].csv)
    for s in sub.sheets:
        _header(s)
    if not csv_mode:
        _workbook_structure(sub, by_lower, findings)
        out.factor_rows = factor_rows(sub, findings)
    settings = _settings(sub, findings, csv_mode, extra_settings, require_settings)
    out.settings = settings
    data_sheets = [s for s in sub.sheets if s.name.strip().lower() not in NON_DATA_SHEETS and s.header is not None
                   and is_activity_header(s)]
    for s in data_sheets:
        _columns(s, findings)
    if not data_sheets:
        findings.add("STRUCT-002", "no activity sheet found (a sheet whose first row names sector, activity, "
                                   "amount)", hint=HINTS["template"])
        return out
    raw, colpos = raw_table(data_sheets, findings, sub.metadata)
    # ; files: the decimal comma; tab files: Excel's text of any country, the column decides (None)
    sep = sub.sheets[0].sep if csv_mode else None
    decimal_comma = {None: None if sep == "\t" else sep == ";"}
    inv_year = settings.inventory_year if settings is not None else year_of(sub, extra_settings)
    parsed = check_rows(raw, colpos, findings, inv_year, decimal_comma)
    _copied_sheets(raw, findings, parsed["numbers"])
    out.raw, out.colpos, out.gpc = raw, colpos, parsed["gpc"]
    out.activity = activity_table(raw, colpos, parsed, str(sub.path))
    return out


def _header(s) -> None:
    """Row 1 of a sheet -> ``s.header`` (lower-case name -> column index) and ``s.header_raw``."""
    s.repeated = []                       # (name, first column, repeated column) of template columns
    if s.csv:
        cols = [c for c in s.frame.columns if c != "_line"] if s.frame is not None else []
        s.header = {str(c).strip().lower(): j for j, c in enumerate(cols) if str(c).strip()}
        s.header_raw = {j: str(c).strip() for j, c in enumerate(cols)}
        first: dict[str, int] = {}
        for j, c in enumerate(getattr(s, "csv_header", None) or []):
            name = str(c).strip().lower()
            if name in ACTIVITY_COLUMNS and name in first:
                s.repeated.append((name, first[name], j))
                s.header.pop(str(cols[j]).strip().lower() if j < len(cols) else None, None)   # amount.1
            first.setdefault(name, j)
        return
    if not s.rows or s.rows[0][0] != 1:
        s.header = None
        return
    s.header, s.header_raw = {}, {}
    for j, (v, kind, _) in sorted(s.rows[0][2].items()):
        if kind == "s" and v.strip():
            name = v.strip().lower()
            if name in s.header and name in ACTIVITY_COLUMNS:
                s.repeated.append((name, s.header[name], j))
            s.header.setdefault(name, j)
            s.header_raw[j] = v.strip()


def _workbook_structure(sub, by_lower, findings: Findings) -> None:
    for s in sub.sheets:
        if s.state != "visible" and s.name.strip().lower() != "lists" and any(r[0] > 1 for r in s.rows):
            activity = s.header is not None and {"sector", "activity", "amount"} <= set(s.header) and \
                s.name.strip().lower() not in NON_DATA_SHEETS
            findings.add("STRUCT-006", f"sheet '{s.name}' is {s.state} but holds "
                                       + ("activity rows: they would be summed" if activity else "data"),
                         sheet=s.name, severity=None if activity else WARNING,
                         hint=HINTS["very_hidden_sheet" if s.state == "veryHidden" else "hidden_sheet"])
    if "settings" not in by_lower:
        findings.add("STRUCT-009", "the workbook has no Settings sheet", hint=HINTS["settings_sheet"])
    else:
        st = by_lower["settings"]
        sub.settings = {}
        first: dict[str, str] = {}
        for row_no, _, cells in st.rows:
            key = cells.get(0)
            if not key or key[1] != "s" or key[0].strip().lower() in ("key", "setting"):
                continue
            val = cells.get(1)
            k = key[0].strip().lower().replace(" ", "_")
            if val is not None and val[1] in ("e", "x"):
                what = f"error value {val[0]}" if val[1] == "e" else "formula without a cached value"
                findings.add("CELL-002" if val[1] == "e" else "CELL-003", f"setting {k}: {what}", sheet=st.name,
                             cell=f"B{row_no}", hint=HINTS["setting_value"])
                continue
            if val is not None and val[0] not in (None, ""):
                if k in first:                  # the later row would silently replace the first
                    findings.add("STRUCT-009", f"setting {k} is given twice (first in {st.name}!{first[k]})",
                                 sheet=st.name, cell=f"B{row_no}",
                                 hint="keep one of them: a repeated key would silently replace the first")
                    continue
                first[k] = f"B{row_no}"
                # a cell shown as a percentage holds the fraction: a fraction setting takes it, a *_pct
                # setting the number shown (10% is 10; it was read as 0.1 %)
                sub.settings[k] = (val[0] * 100 if val[1] == "p" and k.endswith("_pct") else val[0], f"B{row_no}")
    for s in sub.sheets:
        _unread_sheet(s, findings)
    for name in TEMPLATE_SHEETS:
        if name.lower() not in by_lower:
            findings.add("STRUCT-001", f"the template sheet '{name}' is missing",
                         hint="start from `ghgkit template -o city.xlsx` and copy the rows in; a sector with "
                              "no data still needs rows with notation keys NO or NE")


#: a row naming these (all of them) is an activity header wherever it is; on a template sheet two do
_HEADER_WORDS = {"sector", "activity", "amount"}


def _unread_sheet(s, findings: Findings) -> None:
    """A sheet whose activity rows would not be read because its row 1 does not name the columns (a
    title row inserted above them): a template sheet (Energy, Transport, Waste, Wastewater) holding
    rows, or any sheet with sector, activity and amount named in a later row (a copied 'Energy (2)').
    Their rows were skipped silently (the demo city's Energy sheet with a title row: 1.2 Mt for 3.9 Mt,
    exit 0). A sheet of the city's own (notes, sources, a summary without those three) is left alone."""
    name = s.name.strip().lower()
    if s.state != "visible" or name in NON_DATA_SHEETS or (s.header is not None and is_activity_header(s)):
        return
    template = name in {t.lower() for t in TEMPLATE_SHEETS}

    def names_columns(cells) -> bool:
        words = {str(c[0]).strip().lower() for c in cells.values() if c[1] == "s"} & _HEADER_WORDS
        return words == _HEADER_WORDS or (template and len(words) >= 2)

    below = next((row_no for row_no, _, cells in s.rows[:30] if row_no > 1 and names_columns(cells)), None)
    holds = template and any(row_no > 1 and any(c[0] not in (None, "") for c in cells.values())
                             for row_no, _, cells in s.rows)
    if below or holds:
        # an error wherever it is: a city's own data sheet ('Copy of Energy', 'Industry') with a title row
        # lost its rows with exit 0 when this was a warning; a summary of its own is told how to pass
        message = (f"sheet '{s.name}' holds rows, but its row 1 does not name the columns (sector, activity, "
                   "amount …): its rows are not read" + (f" (the names are in row {below})" if below else ""))
        if template:
            findings.add("STRUCT-002", message, sheet=s.name, cell="A1",
                         hint="row 1 must be the template's header row: delete the rows above it, or copy the "
                              "template's row 1 back (`ghgkit template -o city.xlsx`)")
        else:
            findings.add("STRUCT-002", message, sheet=s.name, cell="A1",
                         hint="if these rows belong in the inventory, delete the rows above the column names; if "
                              "the sheet is a summary or notes of your own, rename those column names (e.g. "
                              "'Sector (summary)') or keep the sheet in another file")


def _columns(s, findings: Findings) -> None:
    where = {"line": 1} if s.csv else {"sheet": s.name, "cell": "A1"}
    missing = [c for c in REQUIRED_COLUMNS if c not in s.header]
    if missing:
        findings.add("STRUCT-003", f"missing column(s) {', '.join(missing)}", **where,
                     hint=HINT_SHAPES["template_columns"] % {"columns": ", ".join(ACTIVITY_COLUMNS)})
    for name, a, b in getattr(s, "repeated", ()):
        w = {"line": 1} if s.csv else {"sheet": s.name, "cell": f"{col_letter(b)}1"}
        where_first = f"column {a + 1}" if s.csv else f"{col_letter(a)}1"
        findings.add("STRUCT-013", f"column '{name}' is given twice (first at {where_first}): which one holds "
                                   "the data is not known", **w,
                     hint="keep one column of that name: delete the other, or rename it (e.g. to notes)")
    for name, j in s.header.items():
        if name not in ACTIVITY_COLUMNS:
            w = {"line": 1} if s.csv else {"sheet": s.name, "cell": f"{col_letter(j)}1"}
            findings.add("STRUCT-004", f"column '{s.header_raw.get(j, name)}' is not a template column; "
                                       "ghgkit ignores it", **w,
                         hint=(suggest(name, ACTIVITY_COLUMNS) or "remove it, or move its content to notes"))


def _settings(sub, findings: Findings, csv_mode: bool, extra, require: bool):
    if sub.settings is None and not extra:
        if csv_mode and not require:
            findings.add("STRUCT-009", "no settings for this CSV (city, inventory_year, population …)",
                         hint="put a settings.toml (or <name>.toml) beside the CSV", severity=WARNING)
            return None
        if not csv_mode:
            return None
    st = next((s.name for s in sub.sheets if s.name.strip().lower() == "settings"), None)
    own = sub.settings or {}
    vals = {k: v for k, (v, _) in own.items()}
    locs = {k: (Location(file=str(sub.path), sheet=st, cell=c) if c else None) for k, (_, c) in own.items()}
    merged = dict(vals)
    for mapping, _ in extra:
        merged.update({str(k).strip().lower().replace(" ", "_"): v for k, v in mapping.items()})
    if not csv_mode:
        tv = merged.get("template_version")
        if tv is None:
            findings.add("STRUCT-005", "template_version is missing from Settings", sheet=st,
                         hint="start from `ghgkit template`; the version tells which columns and rules apply")
        elif str(tv).strip() not in KNOWN_TEMPLATE_VERSIONS:
            findings.add("STRUCT-005", f"template_version '{tv}' is not one ghgkit knows "
                                       f"({', '.join(KNOWN_TEMPLATE_VERSIONS)})", sheet=st,
                         cell=own.get("template_version", (None, None))[1],
                         hint="copy the data into a fresh `ghgkit template` workbook")
    findings.city = str(merged["city"]).strip() if merged.get("city") not in (None, "") else None
    findings.country = str(merged.get("country")) if merged.get("country") not in (None, "") else None
    s = _build_all(((vals, locs), *extra), findings, st)
    if s is None:
        return None
    if csv_mode:                                       # a CSV has no Settings sheet: say where its settings go
        city_hint = N_("give city in the CSV's settings file (city = \"NAME\" in <name>.toml or settings.toml "
                       "beside it, or calc --settings FILE), or pass calc --set city=NAME")
        population_hint = N_("give population (the residents in the inventory year) in the CSV's settings "
                             "file (population = N in <name>.toml or settings.toml beside it, or calc "
                             "--settings FILE), or pass calc --set population=N")
    else:
        city_hint = N_("fill Settings!city")
        population_hint = N_("fill Settings!population with the residents in the inventory year")
    if not findings.city:
        findings.add("STRUCT-010", "the city name is missing", sheet=st, hint=city_hint)
    if not s.population:
        findings.add("CONS-002", "population is missing: per-capita totals and plausibility checks are skipped",
                     sheet=st, hint=population_hint)
    return s


def _setting_finding(findings: Findings, e: GhgkitError, st) -> None:
    loc = e.location if isinstance(e.location, Location) else None
    findings.add("STRUCT-009", e.message + (f" ({e.location})" if e.location and not loc else ""),
                 sheet=(loc.sheet if loc else st), cell=(loc.cell if loc else None), hint=e.hint)


def _build_all(sources, findings: Findings, st):
    """:func:`~ghgkit.io.settings.build_settings`, but every bad setting is a finding (not only the
    first): each unknown key, then each value the Settings model refuses. None when any is bad."""
    from pydantic import ValidationError

    from ghgkit.errors import SettingsError
    from ghgkit.io.settings import Settings, _hint, build_settings, check_keys, merge_sources

    merged, where = merge_sources(sources)
    bad = 0
    for key in list(merged):
        try:
            check_keys([key], where)
        except GhgkitError as e:
            _setting_finding(findings, e, st)
            del merged[key]
            bad += 1
    if "inventory_year" not in merged:
        try:
            return build_settings(*sources) if not bad else None
        except GhgkitError as e:
            _setting_finding(findings, e, st)
            return None
    try:
        s = Settings(**merged)
    except ValidationError as e:
        for err in e.errors():
            key = str(err["loc"][0]) if err["loc"] else "settings"
            msg = err["msg"].removeprefix("Value error, ")
            _setting_finding(findings, SettingsError(f"setting {key}: {msg}", location=where.get(key),
                                                     hint=_hint(key)), st)
        return None
    return None if bad else s


def year_of(sub, extra) -> int | None:
    """The inventory year as given (workbook Settings, then the later sources), when it reads as one:
    the row rules (CONS-003) still run when another setting is wrong."""
    from datetime import date

    from ghgkit.io.settings import FIRST_INVENTORY_YEAR

    year = None
    for mapping in [{k: v for k, (v, _) in (sub.settings or {}).items()}] + [m for m, _ in extra]:
        for k, v in mapping.items():
            if str(k).strip().lower().replace(" ", "_") == "inventory_year" and v not in (None, ""):
                year = v
    if year is None:
        return None
    try:
        y = float(str(year).strip())
    except ValueError:
        return None
    ok = y.is_integer() and FIRST_INVENTORY_YEAR <= y <= date.today().year + 1
    return int(y) if ok else None


def factor_rows(sub, findings: Findings) -> tuple:
    """The workbook's Factors sheet as a hashable tuple of row dicts (text values); an error value or a
    formula without a cached value in a used row is an error (it feeds a result)."""
    sh = next((s for s in sub.sheets if s.name.strip().lower() == "factors"), None)
    if sh is None or not sh.rows or sh.rows[0][0] != 1:
        return ()
    from ghgkit.units import is_percent

    header = {j: str(v).strip().lower() for j, (v, kind, _) in sh.rows[0][2].items()       # 'Sector' is sector
              if kind == "s" and str(v).strip()}
    unit_col = next((j for j, h in header.items() if h == "unit"), None)
    out, numbered = [], []
    for row_no, _, cells in sh.rows[1:]:
        d = {}
        for j, h in header.items():
            c = cells.get(j)
            if c is not None and c[1] in ("e", "x"):
                findings.add("CELL-002" if c[1] == "e" else "CELL-003",
                             f"Factors {h}: " + (f"Excel error value {c[0]}" if c[1] == "e" else
                                                 f"a formula (={(c[2] or '')[:60]}) without a saved value"),
                             sheet=sh.name, cell=f"{col_letter(j)}{row_no}",
                             hint=HINTS["excel_error" if c[1] == "e" else "no_cached_value"])
                d[h] = ""
            elif c is None or c[0] in (None, ""):
                d[h] = ""
            else:
                v = c[0]
                d[h] = (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        unit_cell = cells.get(unit_col)
        if unit_cell is not None and any(c[1] == "p" for c in cells.values()) and is_percent(unit_cell[0]):
            for j, h in header.items():        # shown as a percentage, with a unit of one hundredth: 80% is 80
                c = cells.get(j)
                if h != "unit" and c is not None and c[1] == "p":
                    v = c[0] * 100
                    d[h] = str(int(v)) if float(v).is_integer() else repr(v)
        if any(d.values()):
            out.append(tuple(sorted(d.items())))
            numbered.append((row_no, d))
    _check_factor_rows(sh.name, header, numbered, findings)
    return tuple(out)


def _check_factor_rows(sheet: str, header: dict, rows: list, findings: Findings) -> None:
    """FACT-001: every row of the Factors sheet the factor tables would refuse, at its cell (the
    same checks as ``ghgkit factors check``), and a filled row that names no factor_id / property_id."""
    from ghgkit.factors import TableProblems, _check
    from ghgkit.schema import number_cell_hint

    col_of = {h: j for j, h in header.items()}
    problems = TableProblems(sheet)
    for id_col in ("factor_id", "property_id"):
        part = [(n, d) for n, d in rows if d.get(id_col)]
        if part:
            _check(sheet, part, {}, [id_col], problems)
    for n, d in rows:
        if not d.get("factor_id") and not d.get("property_id"):
            problems.problems.append((n, "factor_id is empty: a row without factor_id or property_id is not used"))
    from ghgkit.factors import FACTOR_COLUMNS, PROPERTY_COLUMNS

    known = list(dict.fromkeys(FACTOR_COLUMNS + PROPERTY_COLUMNS))
    for j, h in sorted(header.items()):        # a column no row reads ('sectr') was dropped without a word
        if h not in known:
            close = closest(h, known)
            said = f" (did you mean '{close}'?)" if close else ""
            findings.add("FACT-001", f"Factors: unknown column '{h}'{said}", sheet=sheet, cell=f"{col_letter(j)}1",
                         hint=HINT_SHAPES["factors_columns"] % {"columns": ", ".join(known)})
        elif col_of[h] != j:                   # col_of keeps a name's last column: this one is a repeat
            findings.add("FACT-001", f"Factors: column '{h}' is given twice", sheet=sheet, cell=f"{col_letter(j)}1",
                         hint="keep one of them")

    joins = re.compile(r"; (?=(?:%s)[ .])" % "|".join(re.escape(h) for h in col_of))
    for n, text in sorted(problems.problems):
        parts = joins.split(text)
        bad_value = any(p.startswith("value") and "number" in p for p in parts)
        for part in parts:
            field, _, rest = part.partition(" ")
            field = field.split(".")[0]
            if bad_value and field == "unit" and rest.startswith("is missing"):
                continue                    # '2.5 kg/L' in value: its hint says where the unit goes
            j = col_of.get(field)
            hint = None
            if field == "value" and "number" in rest:
                unit = col_of.get("unit")
                hint = number_cell_hint(next((d[field] for m, d in rows if m == n), ""),
                                        f"the unit column ({sheet}!{col_letter(unit)}{n})" if unit is not None
                                        else "the unit column", None)
            findings.add("FACT-001", f"Factors {field}: {rest.replace('repeats line', 'repeats row')}"
                         if j is not None else part, sheet=sheet,
                         cell=f"{col_letter(j if j is not None else 0)}{n}", hint=hint)


_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _copied_sheets(raw: pd.DataFrame, findings: Findings, numbers: dict | None = None) -> None:
    """STRUCT-012: two sheets, most of the rows of either of which (two or more, or its only row)
    repeat the other's rows, or the same activities (sector, subsector, activity, method, year, scope) with other
    amounts (a copy holding another year's or another version's numbers, or a summary of the
    city's own): both would be summed. The sheet reported is the one most of whose rows repeat.
    A sheet's only row counts when all of it repeats (its source and notes too: a second supplier
    with the same amount, said in notes, is CELL-005's case). *numbers*: the rules' reading of the
    number columns (``1,150,000`` and ``1.15e6`` are one amount)."""
    sheets = [s for s in pd.unique(raw["_sheet"]) if s is not None]
    if len(sheets) < 2:
        return

    texts: dict[str, list] = {}

    def text(v):
        # an empty cell is None in a sheet that has the column and NaN in one that lacks it; a
        # number is the same number however it was stored (1150000, 1150000.0 or the text '1150000')
        if v is None or (isinstance(v, float) and v != v):
            return ""
        if isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_)):
            return repr(float(v))
        t = str(v).strip().lower()
        return repr(float(t)) if _PLAIN_NUMBER.fullmatch(t) else t

    def keys(cols):
        for c in cols:
            if c not in texts:
                col = raw[c]            # cells as read (object): each one, as Series.map does
                tx = [text(v) for v in col.tolist()] if col.dtype == object else col.map(text).tolist()
                if numbers is not None and c in numbers:        # the number the rules read, where they did
                    tx = [repr(x) if x == x else t for x, t in zip(numbers[c].values.tolist(), tx)]
                texts[c] = tx
        return list(zip(*(texts[c] for c in cols)))
    rows = keys(["sector", "subsector", "activity", "amount", "unit", "year", "method"])
    acts = keys(["sector", "subsector", "activity", "method", "year", "scope"])
    of_sheet = raw["_sheet"].to_numpy(dtype=object)
    full_cols = ["sector", "subsector", "activity", "amount", "unit", "year", "method", "scope", "factor_id",
                 "notation_key", "data_quality", "uncertainty_pct", "source", "notes"]
    seen: dict[str, tuple[set, set, list]] = {}
    count: dict[str, int] = {}
    for s in sheets:
        here = np.flatnonzero(of_sheet == s).tolist()
        count[s] = len(here)
        mine, mine_acts = {rows[i] for i in here}, {acts[i] for i in here}
        for other, (theirs, their_acts, there) in seen.items():
            common = mine & theirs
            # a sheet of one row with an amount that repeats all of a row of another is a copy too
            only = len(common) == 1 and min(len(mine), len(theirs)) == 1 and next(iter(common))[3] != ""
            if only:
                full = keys(full_cols)
                only = bool({full[i] for i in here} & {full[i] for i in there})
            if (len(common) >= 2 or only) and len(common) >= min(len(mine), len(theirs)) / 2:
                copy, of, n = (s, other, len(mine)) if len(common) >= len(mine) / 2 else (other, s, len(theirs))
                what = ("its only row" if count[copy] == 1 else f"{len(common)} of its {n} rows" if count[copy] == n
                        else f"{len(common)} of its {n} different rows")
                findings.add("STRUCT-012", f"sheet '{copy}' repeats {what} from sheet '{of}': both would be summed",
                             sheet=copy, hint=HINTS["copied_sheet"])
                break
            common = mine_acts & their_acts
            if len(common) >= 2 and len(common) >= min(len(mine_acts), len(their_acts)) / 2:
                copy, of, n = (s, other, len(mine_acts)) if len(common) >= len(mine_acts) / 2 \
                    else (other, s, len(their_acts))
                findings.add("STRUCT-012", f"sheet '{copy}' repeats the activities of {len(common)} of its "
                                           f"{n} rows from sheet '{of}' with other amounts: both "
                                           "would be summed", sheet=copy, hint=HINTS["copied_sheet"])
                break
        seen[s] = (mine, mine_acts, here)


def activity_table(raw: pd.DataFrame, colpos: dict, parsed: dict, file: str) -> pd.DataFrame:
    """The activity table the calculators take (``ACTIVITY_COLUMNS`` + places), from the checked cells."""
    n = len(raw)
    text, nums = parsed["text"], parsed["numbers"]
    cols: dict = {}
    for c in ACTIVITY_COLUMNS:          # Series: pandas' copy-on-write keeps the table writable
        cols[c] = nums[c].values.astype(float) if c in nums else text[c]
    # text columns as categoricals, one sheet at a time (categories in order of appearance); sheets
    # whose categories differ concatenate to plain text, which the calculators take as well
    # (one sheet or a CSV: the rules' categoricals are that already)
    sheet = raw["_sheet"]
    # a CSV has no sheet: one part, no grouping (the isna guard also keeps None and NaN, which
    # nunique counts apart but groupby takes as one, from making two parts)
    if n and not sheet.isna().all() and sheet.nunique(dropna=False) > 1:
        parts = list(raw.groupby("_sheet", dropna=False, sort=False).indices.values())
        for c in CATEGORICAL:
            cols[c] = across_sheets(cols[c], parts)
    # places: the file once (a categorical of one value), line and Excel row as nullable integers
    # (a million CSV rows: 2 MB and 9 MB, not a Python string and int per row)
    cols["file"] = pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), pd.Index([file], dtype=object))
    is_csv = sheet.isna().to_numpy(dtype=bool, copy=True) if n else np.zeros(0, dtype=bool)
    cols["sheet"] = sheet.to_numpy(dtype=object, copy=True)
    if is_csv.all():
        cells = np.full(n, None, dtype=object)
    else:
        cells = np.array([None if s is None else f"{col_letter(colpos.get(s, {}).get('amount', 0))}{r}"
                          for s, r in zip(sheet.tolist(), raw["_row"].tolist())], dtype=object)
    cols["cell"] = cells
    row_no = raw["_row"].to_numpy(dtype=np.int64, copy=True)
    cols["line"] = _ints(row_no, ~is_csv)
    cols["excel_row"] = _ints(row_no.copy(), is_csv)
    # one frame of the columns as they are (copy=False: no copy into blocks; a million rows), each
    # its own and writable (an array here is new, a Series is tracked by copy-on-write); text stays
    # object (pandas would infer its str type from an object array)
    index = pd.RangeIndex(n)

    def column(v):
        if isinstance(v, pd.Series):
            return v.set_axis(index)
        if isinstance(v, np.ndarray) and v.dtype.kind == "O":
            return pd.Series(v, index=index, dtype=object, copy=False)
        return v
    out = pd.DataFrame({c: column(cols[c]) for c in ACTIVITY_COLUMNS + LOCATION_COLUMNS + ["excel_row"]},
                       index=index, copy=False)
    out.attrs["colpos"] = ColumnPositions(colpos)
    return out


def _ints(values: np.ndarray, missing: np.ndarray) -> pd.arrays.IntegerArray:
    """Nullable integers (``Int64``): *values*, missing where *missing*."""
    return pd.arrays.IntegerArray(values.astype(np.int64, copy=False), missing.astype(bool, copy=False))


def across_sheets(t: pd.Series, parts: list) -> pd.Series:
    """The text column *t* (categorical) as the calculators have always had it from a workbook:
    each sheet's values as a categorical in order of appearance, the sheets then concatenated,
    which pandas keeps categorical (in the first sheet's order) when every sheet has the same set
    of values and turns into plain text (NaN where empty) otherwise. *parts*: the row positions of
    each sheet, in sheet order."""
    codes = t.cat.codes.to_numpy()
    cats = t.cat.categories.to_numpy(dtype=object)
    first = pd.unique(codes[parts[0]][codes[parts[0]] >= 0])
    if all(set(codes[p][codes[p] >= 0].tolist()) == set(first.tolist()) for p in parts[1:]):
        remap = np.full(len(cats) + 1, -1, dtype=np.int64)
        remap[first] = np.arange(len(first))
        return pd.Series(pd.Categorical.from_codes(remap[codes], pd.Index(cats[first], dtype=object)), index=t.index)
    return pd.Series(np.append(cats, np.nan)[codes], index=t.index, dtype=object)


class ColumnPositions(dict):
    """sheet -> column -> index, carried in the activity table's ``attrs``. pandas deep-copies
    ``attrs`` into every frame and column derived from the table; this read-only mapping is
    shared instead (copying it was a tenth of ``ghgkit validate``'s time)."""

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    def _readonly(self, *args, **kwargs):
        raise TypeError("ColumnPositions is read-only")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = _readonly


__all__ = ["Checked", "check_submission", "activity_table", "factor_rows", "norm_text"]
