"""Reading submissions: streaming .xlsx, .ods values, CSV, and the hostile-file guards.

:func:`read` turns a file into a :class:`Submission` (sheets of cells) for the rules in
:mod:`ghgkit.rules`; ``ghgkit calc`` and ``ghgkit validate`` both read through it.

Workbooks are read straight from their XML (through :mod:`defusedxml`'s checks, so entity
declarations are refused) in one streaming pass that sees, for each cell, its value, its type
(number, text, Excel error), whether it is a formula and whether the formula has a cached
value; and for each sheet its state (hidden), its hidden rows and its merged ranges. Only the
cells that are present are kept, so a stray cell at XFD1048576 costs nothing. The zip
directory is checked before anything is decompressed (zip bomb guard). A CSV is read by
pandas as text (its parser errors become a finding with the line).
"""

from __future__ import annotations

import math
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import defusedxml
import defusedxml.ElementTree as DET

from ghgkit.errors import GhgkitError
from ghgkit.rules.findings import HINT_SHAPES, HINTS, Findings, Stop
from ghgkit.rules.places import col_index
from ghgkit.schema import ACTIVITY_COLUMNS

assert defusedxml is not None       # our reader refuses DTDs and entities as defusedxml does (see _expat)

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
MAX_UNCOMPRESSED = 200 * 1024 * 1024      #: bytes: a zip whose directory declares more is refused
MAX_RATIO = 500                           #: uncompressed / compressed for one member above 10 MB
RATIO_MIN_SIZE = 10 * 1024 * 1024
MAX_ROWS = 20_000                         #: data rows validate checks per file; more is a finding
NON_DATA_SHEETS = {"instructions", "settings", "lists", "factors"}


@dataclass
class Sheet:
    name: str
    state: str = "visible"
    header: dict = field(default_factory=dict)          # column name (lower) -> col index
    header_raw: dict = field(default_factory=dict)      # col index -> text as written
    rows: list = field(default_factory=list)            # (row number, hidden, {col: (value, kind, formula)})
    merged: list = field(default_factory=list)          # "A2:C3"
    hidden_cols: list = field(default_factory=list)     # (first, last) column indexes of hidden columns
    csv: bool = False
    sep: str = ","                                      # CSV delimiter (";" means decimal commas)
    frame: object = None                                # CSV: the text cells (pandas), with _line
    csv_header: list = field(default_factory=list)      # CSV: line 1 as written (pandas renames repeats)


@dataclass
class Submission:
    path: Path
    sheets: list
    settings: dict | None = None        # key -> (value, cell)
    metadata: bool = True               # hidden rows / merged / formulas known
    factor_files: tuple = ()            # CSV: factor files beside it (user overrides)
    library: object = None              # the factor library for the totals, once built


def read(path, rep: Findings, max_rows: int | None = MAX_ROWS, sibling_settings: bool = True) -> Submission:
    """Read *path* into a :class:`Submission`; a file that cannot be read records a finding and
    raises :class:`~ghgkit.rules.findings.Stop`. *max_rows*: data rows read (FILE-008 beyond);
    *sibling_settings*: a CSV takes the settings file beside it (validate; calc takes ``--settings``)."""
    path = Path(path)
    if not path.exists():
        rep.add("FILE-001", "file not found")
        raise Stop
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as e:
        rep.add("FILE-001", f"cannot open the file ({e.strerror or e})")
        raise Stop from None
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if _ole_is_encrypted(path):
            rep.add("FILE-004", "the workbook is encrypted (password-protected)",
                    hint="ask the city to remove the password (File > Info > Protect Workbook) and send it again")
        else:
            rep.add("FILE-003", "this is an old Excel 97-2003 workbook (.xls format)"
                    + ("" if suffix == ".xls" else f" with a {suffix} name"),
                    hint="open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook)")
        raise Stop
    if suffix in (".csv", ".txt"):              # .txt: Excel's 'Text (Tab delimited)', which calc takes
        return _read_csv(path, rep, head, max_rows, sibling_settings)
    if suffix == ".xls":
        rep.add("FILE-002", "the file has an .xls name but is not an Excel 97-2003 workbook",
                hint="open it and save it as .xlsx")
        raise Stop
    if head[:4] != b"PK\x03\x04":
        if head[:4] in (b"PK\x05\x06", b"PK\x07\x08"):
            rep.add("FILE-005", "the workbook is an empty or broken zip", hint="ask the city to send the file again")
        else:
            what = "an HTML page" if head.lstrip()[:1] == b"<" else "not an Excel workbook"
            rep.add("FILE-002", f"this is {what} ({suffix} name, but not the .xlsx zip format inside)",
                    hint="open it in Excel or LibreOffice and save it as .xlsx; "
                         "a downloaded web page or a renamed file will not work")
        raise Stop
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        rep.add("FILE-005", f"the workbook is a corrupted or truncated zip ({e})",
                hint="the file was probably cut short by e-mail or download: ask the city to send it again")
        raise Stop from None
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        bomb = any(i.file_size > RATIO_MIN_SIZE and i.file_size > MAX_RATIO * max(1, i.compress_size)
                   for i in infos)
        if total > MAX_UNCOMPRESSED or bomb:
            rep.add("FILE-006", f"the workbook would unpack to {total / 1048576:,.0f} MB "
                                f"(limit {MAX_UNCOMPRESSED / 1048576:.0f} MB, or a suspicious compression ratio); "
                                "not opened", hint="a real inventory workbook is a few MB at most: ask the city "
                                                   "to send the data again, or split it")
            raise Stop
        names = {i.filename for i in infos}
        if "EncryptionInfo" in names or "EncryptedPackage" in names:
            rep.add("FILE-004", "the workbook is encrypted (password-protected)",
                    hint="ask the city to remove the password and send it again")
            raise Stop
        try:
            if suffix == ".ods" or "content.xml" in names and "xl/workbook.xml" not in names:
                return _read_ods(path, rep)
            if "xl/workbook.xml" not in names:
                rep.add("FILE-002", "the zip is not an Excel workbook (no xl/workbook.xml inside)",
                        hint="open it in Excel or LibreOffice and save it as .xlsx")
                raise Stop
            return _read_xlsx(path, zf, rep, max_rows)
        except Stop:
            raise
        except (DET.EntitiesForbidden, DET.DTDForbidden, DET.ExternalReferenceForbidden) as e:
            rep.add("FILE-007", f"the workbook's XML declares entities or a DTD ({type(e).__name__}); refused",
                    hint="real Excel files never contain these: the file may be crafted to attack. Do not open it; "
                         "ask the city to send the data again")
            raise Stop from None
        except (zipfile.BadZipFile, EOFError, zlib_error(), DET.ParseError, KeyError) as e:
            rep.add("FILE-005", f"the workbook is damaged ({type(e).__name__}: {e})",
                    hint="ask the city to open and re-save it in Excel or LibreOffice, and send it again")
            raise Stop from None


def zlib_error():
    import zlib

    return zlib.error


def _ole_is_encrypted(path: Path) -> bool:
    with open(path, "rb") as fh:
        data = fh.read(4 * 1024 * 1024)
    return "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data


def _tag(el) -> str:
    t = el.tag
    return t.rsplit("}", 1)[-1] if isinstance(t, str) else ""


_REF = re.compile(r"([A-Z]+)(\d+)")
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _read_xlsx(path: Path, zf: zipfile.ZipFile, rep: Findings, max_rows) -> Submission:
    names = set(zf.namelist())
    strings: list[str] = []
    if "xl/sharedStrings.xml" in names:
        with zf.open("xl/sharedStrings.xml") as fh:
            strings = _read_shared_strings(fh)
    with zf.open("xl/workbook.xml") as fh:
        wb = DET.parse(fh, forbid_dtd=True).getroot()
    # fullCalcOnLoad: the application that wrote the file asks for every formula to be computed when
    # opened (xlsxwriter saves 0 as each formula's value): a saved 0 is then no value
    stale = any(_tag(el) == "calcPr" and el.get("fullCalcOnLoad") in ("1", "true") for el in wb.iter())
    date1904 = any(_tag(el) == "workbookPr" and el.get("date1904") in ("1", "true") for el in wb.iter())
    shown = _shown_as(zf, names, date1904)
    rels = {}
    if "xl/_rels/workbook.xml.rels" in names:
        with zf.open("xl/_rels/workbook.xml.rels") as fh:
            for el in DET.parse(fh, forbid_dtd=True).getroot():
                rels[el.get("Id")] = el.get("Target", "")
    sheets = []
    budget = [max_rows if max_rows is not None else float("inf"), max_rows]
    for el in wb.iter():
        if _tag(el) != "sheet":
            continue
        name = el.get("name", "")
        rid = el.get(_RID) or next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
        target = rels.get(rid, "")
        target = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        target = os.path.normpath(target).replace(os.sep, "/")
        sh = Sheet(name=name, state=el.get("state", "visible"))
        if target not in names:                 # part names are not case-sensitive (Open Packaging Conventions)
            target = next((n for n in names if n.lower() == target.lower()), target)
        if target in names:
            with zf.open(target) as fh:
                _read_sheet_xml(fh, sh, strings, rep, budget, stale, shown)
        elif rid is not None:
            rep.add("FILE-005", f"the workbook names a sheet '{name}' whose part ({target}) is not in the file",
                    sheet=name, hint="open it in Excel or LibreOffice and save it again, or ask the city to send "
                                     "it again")
            raise Stop
        sheets.append(sh)
    return Submission(path, sheets)


def _expat(fh, start, end, chars=None) -> None:
    """Stream an XML part with expat, refusing any DTD or entity declaration (as defusedxml does)."""
    import xml.parsers.expat as expat

    p = expat.ParserCreate()

    def forbid_dtd(name, sysid, pubid, has_internal_subset):
        raise DET.DTDForbidden(name, sysid, pubid)

    def forbid_entity(name, is_pe, value, base, sysid, pubid, notation):
        raise DET.EntitiesForbidden(name, value, base, sysid, pubid, notation)

    p.StartDoctypeDeclHandler = forbid_dtd
    p.EntityDeclHandler = forbid_entity
    p.UnparsedEntityDeclHandler = lambda *a: forbid_entity(a[0], False, None, *a[1:])
    p.ExternalEntityRefHandler = lambda *a: (_ for _ in ()).throw(DET.ExternalReferenceForbidden(*a))
    p.StartElementHandler = start
    p.EndElementHandler = end
    if chars:
        p.CharacterDataHandler = chars
    p.buffer_text = True
    try:
        p.ParseFile(fh)
    except expat.ExpatError as e:
        raise DET.ParseError(str(e)) from None


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def _read_shared_strings(fh) -> list[str]:
    out: list[str] = []
    st = {"buf": None, "phonetic": 0, "parts": []}

    def start(name, attrs):
        n = _local(name)
        if n == "si":
            st["parts"] = []
        elif n == "rPh":
            st["phonetic"] += 1
        elif n == "t" and not st["phonetic"]:
            st["buf"] = []

    def end(name):
        n = _local(name)
        if n == "t" and st["buf"] is not None:
            st["parts"].append("".join(st["buf"]))
            st["buf"] = None
        elif n == "rPh":
            st["phonetic"] -= 1
        elif n == "si":
            out.append("".join(st["parts"]))

    def chars(data):
        if st["buf"] is not None:
            st["buf"].append(data)

    _expat(fh, start, end, chars)
    return out


class _Budget(Exception):
    pass


#: Excel's built-in number formats that show a date or a time (ECMA-376 Part 1, 18.8.30, and the
#: East Asian ones Excel maps to dates), and a percentage
_DATE_FORMAT_IDS = set(range(14, 23)) | set(range(27, 37)) | {45, 46, 47} | set(range(50, 59))
_PERCENT_FORMAT_IDS = {9, 10}


def _format_kind(code: str) -> str:
    """'date', 'percent' or '' for a custom number format code."""
    text = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", code)     # literal text, escapes, [colours], padding
    section = text.split(";")[0]
    if re.search(r"[dmyhsDMYHS]", section) and not re.fullmatch(r"\s*(?:General|@)\s*", section, re.I):
        return "date"
    if "%" in section:
        return "percent"
    return ""


def _shown_as(zf, names, date1904: bool):
    """For each cell style (the ``s`` of a cell) whose number format shows a date or a time, a
    function giving the text a person sees instead of the stored number, and None for a percentage
    (the cell keeps its fraction, of kind ``p``); None when every style shows numbers. A date typed
    in an amount cell ('2/3') is stored as 44987 and was read as that amount; as text ('2023-03-02')
    it is refused where a number belongs."""
    import datetime as dt

    part = next((n for n in names if n.lower() == "xl/styles.xml"), None)
    if part is None:
        return None
    try:
        with zf.open(part) as fh:
            root = DET.parse(fh, forbid_dtd=True).getroot()
    except (DET.ParseError, OSError, ValueError):
        return None
    custom = {el.get("numFmtId"): el.get("formatCode", "") for el in root.iter() if _tag(el) == "numFmt"}
    xfs = next((el for el in root.iter() if _tag(el) == "cellXfs"), None)
    if xfs is None:
        return None
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)

    def date_text(v: float) -> str:
        try:
            when = base + dt.timedelta(days=v)
        except (OverflowError, ValueError):
            return f"{v:g} (a date)"
        if v < 1 and not date1904:
            return when.strftime("%H:%M")
        return when.strftime("%Y-%m-%d %H:%M" if v != int(v) else "%Y-%m-%d")

    kinds = {}
    for i, xf in enumerate(el for el in xfs if _tag(el) == "xf"):
        fid = xf.get("numFmtId", "0")
        try:
            n = int(fid)
        except ValueError:
            continue
        kind = ("date" if n in _DATE_FORMAT_IDS else "percent" if n in _PERCENT_FORMAT_IDS else
                _format_kind(custom[fid]) if fid in custom else "")
        if kind == "date":
            kinds[str(i)] = date_text
        elif kind == "percent":
            kinds[str(i)] = None                # the stored fraction, marked 'p' (rules/table.py decides)
    return kinds or None


def _read_sheet_xml(fh, sh: Sheet, strings, rep: Findings, budget, stale: bool = False, shown=None) -> None:
    """Stream one worksheet: non-empty rows, hidden rows, merged ranges; stop at the row budget.

    The handlers run for every element of the sheet (most of the reading time of a small
    workbook): their state is in closure variables, and element names are stripped of any
    namespace prefix once per distinct name."""
    is_data = sh.name.strip().lower() not in NON_DATA_SHEETS
    rows = sh.rows
    local: dict = {}                # element name as written -> without its prefix ("x:c" -> "c")
    row_no, hidden, cells, col = 0, False, {}, -1
    t, f, v, inline, buf, what, style = "n", None, None, None, None, None, None
    phonetic = 0                    # inside <rPh> (a reading guide): its text is not the cell's

    def start(name, attrs):
        nonlocal row_no, hidden, cells, col, t, f, v, inline, buf, what, phonetic, style
        n = local.get(name)
        if n is None:
            n = local[name] = name.rpartition(":")[2]
        if n == "c":
            ref = attrs.get("r")
            if ref:
                m = _REF.match(ref)
                was, col = col, col_index(m.group(1)) if m else col + 1
                if col <= was:              # Excel writes each cell once, left to right
                    _damaged(rep, sh, ref, "a cell given twice or out of order")
            else:
                col += 1
            t = attrs.get("t", "n")
            style = attrs.get("s")
            f = v = inline = None
        elif n == "v" or n == "f" or (n == "t" and inline is not None and not phonetic):
            buf, what = [], n
            if n == "f":
                f = ""
        elif n == "rPh":
            phonetic += 1
        elif n == "row":
            r = attrs.get("r")
            was, row_no = row_no, int(r) if r else row_no + 1
            if row_no <= was:               # Excel writes each row once, top to bottom
                _damaged(rep, sh, f"A{row_no}", f"row {row_no} given twice or out of order")
            hidden = attrs.get("hidden") in ("1", "true")
            cells, col = {}, -1
        elif n == "is":
            inline = ""
        elif n == "mergeCell" and attrs.get("ref"):
            sh.merged.append(attrs["ref"])
        elif n == "col" and attrs.get("hidden") in ("1", "true"):
            try:
                sh.hidden_cols.append((int(attrs.get("min", 0)) - 1, int(attrs.get("max", 0)) - 1))
            except ValueError:
                pass

    def chars(data):
        if buf is not None:
            buf.append(data)

    def end(name):
        nonlocal buf, f, v, inline, phonetic
        n = local.get(name)
        if n is None:
            n = local[name] = name.rpartition(":")[2]
        if n == "rPh":
            phonetic -= 1
        elif buf is not None and n == what:
            text = "".join(buf)
            buf = None
            if n == "v":
                v = text
            elif n == "f":
                f = text
            else:
                inline += text
        elif n == "c":
            if f is not None and not inline and (v is None or (v == "" and t not in ("str", "s"))
                                                 or (stale and v in ("0", ""))):
                cells[col] = (None, "x", f)
            elif t == "s":
                if v is not None:
                    try:
                        cells[col] = (strings[int(v)], "s", f)
                    except (IndexError, ValueError):
                        cells[col] = (None, "x", f)
            elif t == "inlineStr":
                if inline:
                    cells[col] = (inline, "s", f)
            elif t == "str":
                cells[col] = (v or "", "s", f)
            elif t == "e":
                cells[col] = (v or "#ERROR", "e", f)
            elif t == "b":
                cells[col] = (v == "1", "b", f)
            elif v is not None:
                try:
                    x = float(v)
                except ValueError:
                    cells[col] = (v, "s", f)
                else:
                    if shown and style in shown and math.isfinite(x):
                        show = shown[style]
                        cells[col] = (show(x), "s", f) if show is not None else (x, "p", f)
                    else:
                        cells[col] = (x, "n", f)
        elif n == "row":
            if cells and any(c[0] not in (None, "") or c[1] in ("x", "e") for c in cells.values()):
                if is_data and row_no > 1:
                    budget[0] -= 1
                    if budget[0] < 0:
                        rep.add("FILE-008", f"more than {budget[1]:,} data rows: rows from {row_no} on "
                                            "are not read", sheet=sh.name, cell=f"A{row_no}",
                                hint=HINTS["rows_limit"])
                        raise _Budget
                rows.append((row_no, hidden, cells))

    try:
        _expat(fh, start, end, chars)
    except _Budget:
        pass


def _damaged(rep: Findings, sh: Sheet, cell: str, what: str) -> None:
    """FILE-012: the sheet's XML repeats a cell or a row (or has them out of order), which Excel never
    writes: a damaged or hand-made file, whose later value would silently replace the earlier one
    (or a repeated row be summed twice)."""
    rep.add("FILE-012", f"the sheet's XML has {what}: the file is damaged", sheet=sh.name, cell=cell,
            hint="open it in Excel or LibreOffice and save it again (Excel repairs it), then check the values, "
                 "or ask the city to send it again")
    raise Stop


def _read_ods(path: Path, rep: Findings) -> Submission:
    import pandas as pd

    try:
        book = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="calamine")
    except Exception as e:  # noqa: BLE001
        rep.add("FILE-005", f"the .ods file cannot be read ({type(e).__name__}: {e})",
                hint="open it in LibreOffice and save it as .xlsx")
        raise Stop from None
    rep.add("FILE-009", "OpenDocument (.ods) file: values checked, but formulas, hidden rows and merged "
                        "cells are not", hint="save it as .xlsx for the full checks (and for `ghgkit calc`)")
    sheets = []
    for name, df in book.items():
        sh = Sheet(name=name)
        for i, row in enumerate(df.itertuples(index=False), start=1):
            cells = {}
            for j, v in enumerate(row):
                if v is None or (isinstance(v, float) and math.isnan(v)):
                    continue
                kind = "n" if isinstance(v, (int, float)) and not isinstance(v, bool) else "s"
                if isinstance(v, str) and v.startswith("#") and v.rstrip("!?0/").upper() in _ERRS:
                    kind = "e"
                cells[j] = (float(v) if kind == "n" else v, kind, None)
            if cells:
                sh.rows.append((i, False, cells))
        sheets.append(sh)
    return Submission(path, sheets, metadata=False)


_ERRS = {"#REF", "#DIV", "#N/A", "#VALUE", "#NAME", "#NUM", "#NULL", "#GETTING_DATA", "#SPILL", "#CALC"}


def _read_csv(path: Path, rep: Findings, head: bytes, max_rows, sibling_settings) -> Submission:
    raw = path.read_bytes()
    if head[:4] == b"PK\x03\x04":
        rep.add("FILE-002", "this is a zip/Excel file with a .csv name", hint="rename it to .xlsx")
        raise Stop
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    fast = _read_csv_arrow(raw, bom)
    df, sep, header, lines = fast if fast is not None else _read_csv_pandas(raw, bom, rep, max_rows)
    if max_rows is not None and len(df) > max_rows:
        rep.add("FILE-008", f"more than {max_rows:,} data rows: the rest is not checked",
                line=max_rows + 2 if lines is None else lines[max_rows], hint=HINTS["rows_limit"])
        df = df.iloc[:max_rows]
    df.columns = [str(c) for c in df.columns]
    if "_line" in df.columns:
        df = df.drop(columns="_line")
    df["_line"] = range(2, len(df) + 2) if lines is None else lines[:len(df)]
    sh = Sheet(name="", csv=True, sep=sep, frame=df,
               csv_header=header)
    settings = _sibling_settings(path, rep) if sibling_settings else None
    return Submission(path, [sh], settings=settings, metadata=False)


def _delimiter(first: str) -> str:
    """The delimiter of a CSV by its first line; a tie (none): ','; tabs: Excel's text export."""
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max((",", ";", "\t"), key=lambda d: counts[d])


def _read_csv_arrow(raw: bytes, bom: int):
    """``(frame of text, delimiter, header, None)`` read by Arrow (threads, no copy of the file as Python
    text), or None when the file needs :func:`_read_csv_pandas` (which names what is wrong): anything
    Arrow refuses (a short or long line, bad UTF-8), blank lines (their line numbers count), a header
    with a repeated or empty name, and any quote: Arrow reads a quote that is never closed as a
    value running to the end of the file (the rows after it lost, exit 0), which pandas refuses with
    its line."""
    import csv

    import pyarrow as pa
    import pyarrow.csv as pacsv

    end = raw.find(b"\n", bom)
    if end < 0 or b"\n\n" in raw or b"\n\r\n" in raw or b'"' in raw:
        return None
    try:
        first = raw[bom:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\r" in first.rstrip("\r"):              # CR line ends before the first LF: records the csv module
        return None                              # splits otherwise (the pandas reader reads them)
    sep = _delimiter(first)
    names = next(csv.reader([first.rstrip("\r")], delimiter=sep), [])
    if not names or len(set(names)) != len(names) or any(not n.strip() for n in names):
        return None
    try:
        table = pacsv.read_csv(
            pa.BufferReader(memoryview(raw)[bom:]),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=False),    # no quote here
            convert_options=pacsv.ConvertOptions(column_types={n: pa.large_string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowKeyError, pa.ArrowTypeError):
        return None
    if table.column_names != names:
        return None
    return table.to_pandas(), sep, names, None


def _read_csv_pandas(raw: bytes, bom: int, rep: Findings, max_rows):
    """``(frame of text, delimiter, header, lines)`` read by pandas from the decoded text; every
    problem is a finding (and :class:`Stop`). The header is the first record as written (pandas
    renames a repeated name), a quoted name with a line break whole, whatever the line ends (``\\r``
    alone: Excel for Mac's CSV). *lines*: the line of the file each row starts on, where a quoted
    value holds a line break (else None: rows are lines 2, 3 …)."""
    import io

    import pandas as pd

    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            rep.add("FILE-010", "the CSV is UTF-16 text (Excel's 'Unicode Text'), not UTF-8", line=1,
                    hint=HINTS["csv_utf8"])
            raise Stop from None
        line = raw[:bom + e.start].count(b"\n") + 1
        rep.add("FILE-010", f"the CSV is not UTF-8 text (byte {bom + e.start}, line {line})", line=line,
                hint=HINTS["csv_utf8"])
        raise Stop from None
    if not text.strip():   # nothing but blanks (or a BOM only)
        rep.add("FILE-010", "the CSV file is empty",
                hint=HINT_SHAPES["first_line_columns"] % {"columns": ",".join(ACTIVITY_COLUMNS[:5])})
        raise Stop
    first = re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]
    sep = _delimiter(first)
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=False,
                         header=0, nrows=None if max_rows is None else max_rows + 1, engine="c")
    except pd.errors.ParserError as e:
        msg = str(e).removeprefix("Error tokenizing data. C error: ").strip()
        m = re.search(r"(line|row) (\d+)", msg)       # pandas: 'line' counts from 1, 'row' from 0
        line = (int(m.group(2)) + (m.group(1) == "row")) if m else None
        rep.add("FILE-011", "the CSV cannot be read: " + re.sub(r"(?:line|row) \d+", f"line {line}", msg, count=1),
                line=line, hint=HINTS["csv_parse"])
        raise Stop from None
    except pd.errors.EmptyDataError:
        rep.add("FILE-010", "the CSV file is empty", hint="the first line must name the columns")
        raise Stop from None
    if not isinstance(df.index, pd.RangeIndex):     # pandas took the first column for an index
        rep.add("FILE-011", "the CSV cannot be read: every line has more fields than line 1 names columns",
                line=2, hint=HINTS["csv_parse"])
        raise Stop
    import csv

    try:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=sep), [])
    except csv.Error:               # pandas read it: its own names
        header = [str(c) for c in df.columns]
    return df, sep, header, _record_lines(text, sep, len(df)) if '"' in text else None


def _record_lines(text: str, sep: str, rows: int):
    """The line each data row starts on, when a quoted value holds a line break (the rows after it
    start further down than their count says), else None; None too when the csv module does not
    count the rows pandas read."""
    import csv
    import io

    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    if breaks + (not text.endswith(("\n", "\r"))) == rows + 1:
        return None                              # as many lines as records: no value holds a line break
    starts, prev = [], 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    try:
        for _ in reader:
            starts.append(prev + 1)
            prev = reader.line_num
    except csv.Error:
        return None
    starts = starts[1:rows + 1]                       # the header is line 1
    return starts if len(starts) == rows and starts != list(range(2, rows + 2)) else None


SETTINGS_SUFFIXES = (".toml", ".yaml", ".yml", ".json")


def _sibling_settings(path: Path, rep: Findings) -> dict | None:
    """A CSV's settings: ``<name>.toml|yaml|yml|json``, else ``settings.toml|yaml|yml|json`` beside it."""
    from ghgkit.io.settings import read_settings_file

    for cand in [path.with_suffix(s) for s in SETTINGS_SUFFIXES] + \
                [path.parent / f"settings{s}" for s in SETTINGS_SUFFIXES]:
        if cand.is_file():
            try:
                return {k: (v, None) for k, v in read_settings_file(cand).items()}
            except GhgkitError as e:
                rep.add("STRUCT-009", f"settings file {cand.name}: {e.message}", hint=e.hint)
                return None
            except Exception as e:  # noqa: BLE001
                rep.add("STRUCT-009", f"settings file {cand.name} cannot be read ({e})")
                return None
    return None

