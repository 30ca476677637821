"""Validation of partner submissions: every rule on every file, findings that point at the cell.

``validate_paths(paths)`` walks files and folders (``*.xlsx``, ``*.xlsm``, ``*.xls``,
``*.ods``, ``*.csv``) and returns one :class:`FileReport` per file; a file that cannot
be read is itself a finding and the batch goes on. ``validate_file(path)`` checks one.

A CSV is read as ``ghgkit calc x.csv --settings S --factors F...`` would read it: its
settings come from ``<name>.toml|yaml|yml|json`` or ``settings.toml|yaml|yml|json`` beside
it, and every factor file in its folder (a CSV whose header, after ``#`` comment lines,
names ``factor_id`` or ``property_id`` and no ``amount``) is a user factor override for it.
Factor files are not submissions: :func:`find_files` skips them. Numbers are parsed by the
importer's own parser (:func:`ghgkit.io.importers._numbers`, per column), so ``validate`` and
``calc`` never disagree about a number.

Workbooks are read straight from their XML (through :mod:`defusedxml`, so entity
declarations are refused) in one streaming pass that sees, for each cell, its value,
its type (number, text, Excel error), whether it is a formula and whether the formula
has a cached value; and for each sheet its state (hidden), its hidden rows and its
merged ranges. The zip directory is checked before anything is decompressed.

Every rule has a stable code (``RULES``); ``docs/validation.md`` lists them.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import zipfile
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

import defusedxml
import defusedxml.ElementTree as DET
import openpyxl

from ghgkit.errors import GhgkitError, Location
from ghgkit.schema import (ACTIVITY_COLUMNS, DATA_QUALITY, GPC_PREFIX, GPC_SECTOR_ALIASES, NOTATION_KEYS, SECTORS,
                     STATIONARY_SECTORS, SUBSECTORS, TRANSPORT_METHODS, WASTE_STREAMS)

# openpyxl parses with defusedxml when it is installed; our own reader uses it directly.
assert openpyxl.DEFUSEDXML, "defusedxml must be installed so that openpyxl refuses XML entity attacks"
assert defusedxml is not None

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
MAX_UNCOMPRESSED = 200 * 1024 * 1024      #: bytes: a zip whose directory declares more is refused
MAX_RATIO = 500                           #: uncompressed / compressed for one member above 10 MB
RATIO_MIN_SIZE = 10 * 1024 * 1024
MAX_ROWS = 20_000                         #: data rows checked per file; more is a finding
TEMPLATE_SHEETS = ("Energy", "Transport", "Waste", "Wastewater")
KNOWN_TEMPLATE_VERSIONS = ("ghgkit-1",)
NUMERIC = ("amount", "year", "scope", "uncertainty_pct")
REQUIRED_COLUMNS = ("sector", "activity", "amount", "unit")
NON_DATA_SHEETS = {"instructions", "settings", "lists", "factors"}
BASIC_SUBSECTORS = {  # GPC sub-sectors ghgkit computes whose scope 1 / 2 rows count in BASIC
    "I.1": "residential buildings", "I.2": "commercial and institutional buildings",
    "I.3": "manufacturing industries and construction", "I.4": "energy industries",
    "I.5": "agriculture, forestry and fishing", "II.1": "on-road transport", "II.2": "railways",
    "II.3": "waterborne navigation", "II.4": "aviation", "II.5": "off-road transport",
    "III.1": "solid waste disposal", "III.2": "biological treatment of waste",
    "III.3": "incineration and open burning", "III.4": "wastewater",
}
WASTEWATER_ACTIVITIES = {"population": ("population",), "cod_load": ("mass",)}

#: words people write for a ghgkit activity
SYNONYMS = {"petrol": "gasoline", "gas": "natural_gas", "lng": "natural_gas", "cng": "natural_gas",
            "diesel_oil": "diesel", "gas_oil": "diesel", "gasoil": "diesel", "heavy_fuel_oil": "fuel_oil",
            "hfo": "fuel_oil", "bunker": "fuel_oil", "electric": "electricity", "power": "electricity",
            "firewood": "wood", "fuelwood": "wood", "jet_fuel": "jet_kerosene", "jet_a1": "jet_kerosene",
            "avgas": "aviation_gasoline", "lpg_gas": "lpg", "propane": "lpg", "butane": "lpg",
            "paraffin": "kerosene", "mogas": "gasoline", "benzine": "gasoline"}

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

#: code -> (severity, what the rule checks). docs/validation.md lists the same.
RULES: dict[str, tuple[str, str]] = {
    "FILE-001": (ERROR, "the file cannot be opened (missing, unreadable, or an unknown internal error)"),
    "FILE-002": (ERROR, "not a workbook or CSV ghgkit can read (wrong content for its name)"),
    "FILE-003": (ERROR, "an old .xls (Excel 97-2003) workbook: save it as .xlsx"),
    "FILE-004": (ERROR, "an encrypted (password-protected) workbook"),
    "FILE-005": (ERROR, "a corrupted or truncated zip (the .xlsx container)"),
    "FILE-006": (ERROR, "the zip declares more uncompressed data than allowed (zip bomb guard, 200 MB)"),
    "FILE-007": (ERROR, "XML with entity or DTD declarations (XML entity attack guard)"),
    "FILE-008": (ERROR, "more data rows than validate checks (20,000): the rest is not checked"),
    "FILE-009": (INFO, ".ods read for values only: formulas, hidden rows and merged cells not checked"),
    "FILE-010": (ERROR, "CSV that is empty or not UTF-8 text"),
    "STRUCT-001": (WARNING, "a template sheet (Energy, Transport, Waste, Wastewater) is missing"),
    "STRUCT-002": (ERROR, "no activity sheet (a sheet whose first row names sector, activity, amount)"),
    "STRUCT-003": (ERROR, "a required column (sector, activity, amount, unit) is missing"),
    "STRUCT-004": (WARNING, "a column header that is not a template column (did-you-mean)"),
    "STRUCT-005": (WARNING, "template_version missing or unknown"),
    "STRUCT-006": (WARNING, "a hidden sheet holds data"),
    "STRUCT-007": (WARNING, "a hidden row holds activity data"),
    "STRUCT-008": (ERROR, "merged cells in the data area"),
    "STRUCT-009": (ERROR, "Settings sheet missing, or a setting missing or invalid (inventory_year …)"),
    "STRUCT-010": (WARNING, "city not given in Settings (a missing population is CONS-002)"),
    "STRUCT-011": (ERROR, "a factor file beside a CSV submission (its user factor overrides) cannot be used"),
    "CELL-001": (ERROR, "text where a number belongs (amount, year, scope, uncertainty_pct)"),
    "CELL-002": (ERROR, "an Excel error value (#REF!, #DIV/0!, #N/A, #VALUE! …)"),
    "CELL-003": (ERROR, "a formula without a cached value (saved by a tool that does not compute)"),
    "CELL-004": (ERROR, "a negative amount"),
    "CELL-005": (WARNING, "a duplicate of the same activity (sector, subsector, activity, method, year, scope)"),
    "CELL-006": (ERROR, "an amount without a unit"),
    "CELL-007": (WARNING, "a formula that refers to another workbook (external link)"),
    "VOCAB-001": (ERROR, "unknown or empty sector (did-you-mean)"),
    "VOCAB-002": (ERROR, "unknown or missing subsector for transport, waste or wastewater"),
    "VOCAB-003": (ERROR, "unknown activity: fuel, electricity, waste stream (did-you-mean)"),
    "VOCAB-004": (ERROR, "unknown method for the sector (did-you-mean)"),
    "VOCAB-005": (ERROR, "unknown notation key, data quality or scope"),
    "UNIT-001": (ERROR, "a unit that cannot be parsed (did-you-mean)"),
    "UNIT-002": (ERROR, "a unit whose dimension does not fit the activity (electricity: energy; fuels: "
                        "energy, mass or volume; vkt: distance; waste: mass)"),
    "NK-001": (ERROR, "an amount and a notation key on the same row"),
    "NK-002": (WARNING, "a BASIC sub-sector with neither an amount nor a notation key (use NO or NE)"),
    "NK-003": (WARNING, "IE (included elsewhere) without notes saying where"),
    "NK-004": (ERROR, "a row with neither an amount nor a notation key"),
    "COMP-001": (INFO, "completeness: share of the BASIC sub-sectors covered"),
    "PLAUS-001": (WARNING, "BASIC total per capita outside the screening range"),
    "PLAUS-002": (WARNING, "a sector's emissions per capita outside the screening range"),
    "PLAUS-003": (WARNING, "electricity use per capita outside the screening range"),
    "PLAUS-004": (WARNING, "waste generation per capita per day outside the screening range"),
    "PLAUS-005": (WARNING, "year-on-year change of the BASIC total above the threshold (previous year in batch)"),
    "PLAUS-006": (WARNING, "grid emission factor outside the screening range"),
    "CONS-001": (WARNING, "a row year differs from the inventory year (landfill disposal history excepted)"),
    "CONS-002": (WARNING, "population missing: per-capita checks skipped"),
    "CONS-003": (ERROR, "a row year later than the inventory year"),
    "CONS-004": (WARNING, "two submissions for the same city and inventory year in one batch"),
    "CALC-001": (ERROR, "the inventory cannot be calculated (the message names the cell)"),
    "CALC-002": (INFO, "totals not computed (only computed for files without errors)"),
    "CALC-003": (INFO, "a note from the calculation (e.g. a default parameter used)"),
}


@dataclass
class Finding:
    """One thing to fix (or to know), at a place."""

    severity: str
    code: str
    message: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    hint: str | None = None

    @property
    def place(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.sheet:
            return self.sheet
        if self.line is not None:
            return f"line {self.line}"
        return ""

    def to_dict(self) -> dict:
        d = asdict(self)
        d["place"] = self.place
        return d


@dataclass
class FileReport:
    """The findings of one file, and what could be read of it."""

    file: str
    city: str | None = None
    country: str | None = None
    year: int | None = None
    population: float | None = None
    rows: int = 0
    basic_co2e_t: float | None = None
    per_capita_t: float | None = None
    coverage_pct: float | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def status(self) -> str:
        return "errors" if self.errors else ("warnings" if self.warnings else "ok")

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_dict(self) -> dict:
        return {"file": self.file, "city": self.city, "country": self.country, "year": self.year,
                "population": self.population, "rows": self.rows, "status": self.status,
                "errors": self.errors, "warnings": self.warnings, "basic_co2e_t": self.basic_co2e_t,
                "per_capita_t": self.per_capita_t, "coverage_pct": self.coverage_pct,
                "findings": [f.to_dict() for f in self.findings]}


class _Report:
    """Collects findings for one file."""

    def __init__(self, path: Path):
        self.r = FileReport(file=str(path))

    def add(self, code, message, sheet=None, cell=None, line=None, hint=None, severity=None):
        sev = severity or RULES[code][0]
        self.r.findings.append(Finding(sev, code, message, self.r.file, sheet, cell, line, hint))


class _Stop(Exception):
    """The file cannot be read further (a finding was recorded)."""


# == public API ====================================================================================
def find_files(paths) -> list[Path]:
    """Files to check: each file given, and every workbook or CSV under each folder (sorted).

    Factor files (:func:`is_factor_file`) are not submissions and are left out, given or found.
    """
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                              and not f.name.startswith(("~$", ".~lock")) and not is_factor_file(f)))
        elif not is_factor_file(p):
            out.append(p)
    return out


FACTOR_HEAD_BYTES = 64 * 1024


def is_factor_file(path) -> bool:
    """True for a user factor or property CSV (``ghgkit calc --factors``), not a submission.

    Its header (the first line that is neither blank nor a ``#`` comment) names ``factor_id``
    or ``property_id`` and no ``amount`` (an activity table may have a ``factor_id`` column).
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        return False
    try:
        st = path.stat()
    except OSError:
        return False
    return _is_factor_file(str(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4096)
def _is_factor_file(path: str, _mtime: int, _size: int) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(FACTOR_HEAD_BYTES)
    except OSError:
        return False
    text = head.decode("utf-8-sig", errors="replace")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        sep = ";" if line.count(";") > line.count(",") else ","
        try:
            cols = {c.strip().lower() for c in next(csv.reader([line], delimiter=sep))}
        except (csv.Error, StopIteration):
            return False
        return bool({"factor_id", "property_id"} & cols) and "amount" not in cols
    return False


def factor_files_beside(path) -> tuple[Path, ...]:
    """The factor files in the folder of *path* (sorted by name: later files win)."""
    folder = Path(path).parent
    try:
        mtime = folder.stat().st_mtime_ns
    except OSError:
        return ()
    return _factor_files_in(str(folder), mtime)


@lru_cache(maxsize=256)
def _factor_files_in(folder: str, _mtime: int) -> tuple[Path, ...]:
    try:
        cands = sorted(f for f in Path(folder).iterdir() if f.suffix.lower() == ".csv" and f.is_file())
    except OSError:
        return ()
    return tuple(f for f in cands if is_factor_file(f))


def validate_paths(paths, jobs: int = 1, progress=None) -> list[FileReport]:
    """Validate files and folders; one report per file, in order. Never stops at a bad file.

    Parameters
    ----------
    paths : iterable of path
    jobs : int
        Worker processes (``concurrent.futures.ProcessPoolExecutor``) for batches.
    progress : callable, optional
        Called with each finished :class:`FileReport` (e.g. to advance a progress bar).
    """
    files = find_files(paths)
    reports: list[FileReport]
    if jobs > 1 and len(files) > 1:
        from concurrent.futures import ProcessPoolExecutor

        from concurrent.futures.process import BrokenProcessPool

        reports = []
        chunk = max(1, min(16, len(files) // (jobs * 4) or 1))
        try:
            with ProcessPoolExecutor(max_workers=jobs) as ex:
                for rep in ex.map(_validate_safe, [str(f) for f in files], chunksize=chunk):
                    reports.append(rep)
                    if progress:
                        progress(rep)
        except BrokenProcessPool:
            # a worker died (out of memory, killed): check the rest here, one by one
            for f in files[len(reports):]:
                rep = _validate_safe(str(f))
                reports.append(rep)
                if progress:
                    progress(rep)
    else:
        reports = []
        for f in files:
            rep = _validate_safe(str(f))
            reports.append(rep)
            if progress:
                progress(rep)
    year_on_year(reports)
    return reports


def _validate_safe(path: str) -> FileReport:
    try:
        return validate_file(path)
    except Exception as e:  # noqa: BLE001 - a batch never stops at one file
        rep = _Report(Path(path))
        rep.add("FILE-001", f"internal error while checking this file ({type(e).__name__}: {e})",
                hint="report this to the ghgkit developers with the file, if you may share it")
        return rep.r


def validate_file(path, calculate_totals: bool = True) -> FileReport:
    """Run every rule on one submission and return its :class:`FileReport`."""
    path = Path(path)
    rep = _Report(path)
    try:
        sub = _read(path, rep)
    except _Stop:
        return rep.r
    _check(sub, rep, calculate_totals)
    rep.r.findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.sheet or "", _rownum(f), f.code))
    return rep.r


def _rownum(f: Finding) -> int:
    if f.cell:
        m = re.search(r"(\d+)$", f.cell)
        return int(m.group(1)) if m else 0
    return f.line or 0


# == reading =======================================================================================
@dataclass
class _Sheet:
    name: str
    state: str = "visible"
    header: dict = field(default_factory=dict)          # column name (lower) -> col index
    header_raw: dict = field(default_factory=dict)      # col index -> text as written
    rows: list = field(default_factory=list)            # (row number, hidden, {col: (value, kind, formula)})
    merged: list = field(default_factory=list)          # "A2:C3"
    csv: bool = False
    sep: str = ","                                      # CSV delimiter (";" means decimal commas)


@dataclass
class _Submission:
    path: Path
    sheets: list
    settings: dict | None = None        # key -> (value, cell)
    metadata: bool = True               # hidden rows / merged / formulas known
    factor_files: tuple = ()            # CSV: factor files beside it (user overrides)
    library: object = None              # the factor library for the totals, once built


def _read(path: Path, rep: _Report) -> _Submission:
    if not path.exists():
        rep.add("FILE-001", "file not found")
        raise _Stop
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as e:
        rep.add("FILE-001", f"cannot open the file ({e.strerror or e})")
        raise _Stop from None
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if _ole_is_encrypted(path):
            rep.add("FILE-004", "the workbook is encrypted (password-protected)",
                    hint="ask the city to remove the password (File > Info > Protect Workbook) and send it again")
        else:
            rep.add("FILE-003", "this is an old Excel 97-2003 workbook (.xls format)"
                    + ("" if suffix == ".xls" else f" with a {suffix} name"),
                    hint="open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook)")
        raise _Stop
    if suffix == ".csv":
        return _read_csv(path, rep, head)
    if suffix == ".xls":
        rep.add("FILE-002", "the file has an .xls name but is not an Excel 97-2003 workbook",
                hint="open it and save it as .xlsx")
        raise _Stop
    if head[:4] != b"PK\x03\x04":
        if head[:4] in (b"PK\x05\x06", b"PK\x07\x08"):
            rep.add("FILE-005", "the workbook is an empty or broken zip", hint="ask the city to send the file again")
        else:
            what = "an HTML page" if head.lstrip()[:1] == b"<" else "not an Excel workbook"
            rep.add("FILE-002", f"this is {what} ({suffix} name, but not the .xlsx zip format inside)",
                    hint="open it in Excel or LibreOffice and save it as .xlsx; "
                         "a downloaded web page or a renamed file will not work")
        raise _Stop
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        rep.add("FILE-005", f"the workbook is a corrupted or truncated zip ({e})",
                hint="the file was probably cut short by e-mail or download: ask the city to send it again")
        raise _Stop from None
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
            raise _Stop
        names = {i.filename for i in infos}
        if "EncryptionInfo" in names or "EncryptedPackage" in names:
            rep.add("FILE-004", "the workbook is encrypted (password-protected)",
                    hint="ask the city to remove the password and send it again")
            raise _Stop
        try:
            if suffix == ".ods" or "content.xml" in names and "xl/workbook.xml" not in names:
                return _read_ods(path, rep)
            if "xl/workbook.xml" not in names:
                rep.add("FILE-002", "the zip is not an Excel workbook (no xl/workbook.xml inside)",
                        hint="open it in Excel or LibreOffice and save it as .xlsx")
                raise _Stop
            return _read_xlsx(path, zf, rep)
        except _Stop:
            raise
        except (DET.EntitiesForbidden, DET.DTDForbidden, DET.ExternalReferenceForbidden) as e:
            rep.add("FILE-007", f"the workbook's XML declares entities or a DTD ({type(e).__name__}); refused",
                    hint="real Excel files never contain these: the file may be crafted to attack. Do not open it; "
                         "ask the city to send the data again")
            raise _Stop from None
        except (zipfile.BadZipFile, EOFError, zlib_error(), DET.ParseError, KeyError) as e:
            rep.add("FILE-005", f"the workbook is damaged ({type(e).__name__}: {e})",
                    hint="ask the city to open and re-save it in Excel or LibreOffice, and send it again")
            raise _Stop from None


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


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _read_xlsx(path: Path, zf: zipfile.ZipFile, rep: _Report) -> _Submission:
    names = set(zf.namelist())
    strings: list[str] = []
    if "xl/sharedStrings.xml" in names:
        with zf.open("xl/sharedStrings.xml") as fh:
            strings = _read_shared_strings(fh)
    with zf.open("xl/workbook.xml") as fh:
        wb = DET.parse(fh, forbid_dtd=True).getroot()
    rels = {}
    if "xl/_rels/workbook.xml.rels" in names:
        with zf.open("xl/_rels/workbook.xml.rels") as fh:
            for el in DET.parse(fh, forbid_dtd=True).getroot():
                rels[el.get("Id")] = el.get("Target", "")
    sheets = []
    budget = [MAX_ROWS]
    for el in wb.iter():
        if _tag(el) != "sheet":
            continue
        name = el.get("name", "")
        rid = el.get(_RID) or next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
        target = rels.get(rid, "")
        target = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        target = os.path.normpath(target).replace(os.sep, "/")
        sh = _Sheet(name=name, state=el.get("state", "visible"))
        if target in names:
            with zf.open(target) as fh:
                _read_sheet_xml(fh, sh, strings, rep, budget)
        sheets.append(sh)
    return _Submission(path, sheets)


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


def _read_sheet_xml(fh, sh: _Sheet, strings, rep: _Report, budget) -> None:
    """Stream one worksheet: non-empty rows, hidden rows, merged ranges; stop at the row budget."""
    is_data = sh.name.strip().lower() not in NON_DATA_SHEETS
    st = {"row": 0, "hidden": False, "cells": {}, "col": -1, "t": "n", "f": None, "v": None,
          "inline": None, "buf": None, "what": None}
    rows = sh.rows

    def start(name, attrs):
        n = _local(name)
        if n == "c":
            ref = attrs.get("r")
            if ref:
                m = _REF.match(ref)
                st["col"] = col_index(m.group(1)) if m else st["col"] + 1
            else:
                st["col"] += 1
            st["t"] = attrs.get("t", "n")
            st["f"] = st["v"] = st["inline"] = None
        elif n in ("v", "f") or (n == "t" and st["inline"] is not None):
            st["buf"], st["what"] = [], n
            if n == "f":
                st["f"] = ""
        elif n == "is":
            st["inline"] = ""
        elif n == "row":
            r = attrs.get("r")
            st["row"] = int(r) if r else st["row"] + 1
            st["hidden"] = attrs.get("hidden") in ("1", "true")
            st["cells"], st["col"] = {}, -1
        elif n == "mergeCell" and attrs.get("ref"):
            sh.merged.append(attrs["ref"])

    def chars(data):
        if st["buf"] is not None:
            st["buf"].append(data)

    def end(name):
        n = _local(name)
        if st["buf"] is not None and n == st["what"]:
            text = "".join(st["buf"])
            st["buf"] = None
            if n == "v":
                st["v"] = text
            elif n == "f":
                st["f"] = text
            else:
                st["inline"] += text
        elif n == "c":
            t, f, v, inline = st["t"], st["f"], st["v"], st["inline"]
            col, cells = st["col"], st["cells"]
            if f is not None and not inline and (v is None or (v == "" and t not in ("str", "s"))):
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
                    cells[col] = (float(v), "n", f)
                except ValueError:
                    cells[col] = (v, "s", f)
        elif n == "row":
            cells = st["cells"]
            if cells and any(c[0] not in (None, "") or c[1] in ("x", "e") for c in cells.values()):
                row_no = st["row"]
                if is_data and row_no > 1:
                    budget[0] -= 1
                    if budget[0] < 0:
                        rep.add("FILE-008", f"more than {MAX_ROWS:,} data rows: rows from {row_no} on "
                                            "are not checked", sheet=sh.name, cell=f"A{row_no}",
                                hint="a city inventory has hundreds of rows: check nothing was pasted by "
                                     "mistake, or split the data")
                        raise _Budget
                rows.append((row_no, st["hidden"], cells))

    try:
        _expat(fh, start, end, chars)
    except _Budget:
        pass

def _read_ods(path: Path, rep: _Report) -> _Submission:
    import pandas as pd

    try:
        book = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="calamine")
    except Exception as e:  # noqa: BLE001
        rep.add("FILE-005", f"the .ods file cannot be read ({type(e).__name__}: {e})",
                hint="open it in LibreOffice and save it as .xlsx")
        raise _Stop from None
    rep.add("FILE-009", "OpenDocument (.ods) file: values checked, but formulas, hidden rows and merged "
                        "cells are not", hint="save it as .xlsx for the full checks (and for `ghgkit calc`)")
    sheets = []
    for name, df in book.items():
        sh = _Sheet(name=name)
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
    return _Submission(path, sheets, metadata=False)


_ERRS = {"#REF", "#DIV", "#N/A", "#VALUE", "#NAME", "#NUM", "#NULL", "#GETTING_DATA", "#SPILL", "#CALC"}


def _read_csv(path: Path, rep: _Report, head: bytes) -> _Submission:
    raw = path.read_bytes()
    if head[:4] == b"PK\x03\x04":
        rep.add("FILE-002", "this is a zip/Excel file with a .csv name", hint="rename it to .xlsx")
        raise _Stop
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        rep.add("FILE-010", f"the CSV is not UTF-8 text (byte {bom + e.start})",
                hint="save it as 'CSV UTF-8' in Excel or LibreOffice")
        raise _Stop from None
    if not text.strip():   # nothing but blanks (or a BOM only)
        rep.add("FILE-010", "the CSV file is empty",
                hint="the first line must name the columns: " + ",".join(ACTIVITY_COLUMNS[:5]))
        raise _Stop
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    sh = _Sheet(name="", csv=True, sep=sep)
    for i, row in enumerate(csv.reader(io.StringIO(text), delimiter=sep), start=1):
        cells = {j: (v, "s", None) for j, v in enumerate(row) if v.strip()}
        if cells:
            sh.rows.append((i, False, cells))
        if i > MAX_ROWS + 1:
            rep.add("FILE-008", f"more than {MAX_ROWS:,} data rows: the rest is not checked", line=i)
            break
    settings = _sibling_settings(path, rep)
    return _Submission(path, [sh], settings=settings, metadata=False, factor_files=factor_files_beside(path))


SETTINGS_SUFFIXES = (".toml", ".yaml", ".yml", ".json")


def _sibling_settings(path: Path, rep: _Report) -> dict | None:
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


# == rules =========================================================================================
def _check(sub: _Submission, rep: _Report, calculate_totals: bool) -> None:
    by_lower = {s.name.strip().lower(): s for s in sub.sheets}
    csv_mode = bool(sub.sheets and sub.sheets[0].csv)
    # -- structure
    if not csv_mode:
        for s in sub.sheets:
            if s.state != "visible" and s.name.strip().lower() != "lists" and \
                    any(r[0] > 1 for r in s.rows) and s.rows:
                rep.add("STRUCT-006", f"sheet '{s.name}' is {s.state} but holds data", sheet=s.name,
                        hint="unhide it (right-click a sheet tab > Unhide) and check its rows are meant: "
                             "ghgkit reads hidden sheets too")
        if "settings" not in by_lower:
            rep.add("STRUCT-009", "the workbook has no Settings sheet",
                    hint="add a sheet named Settings with key / value columns (see `ghgkit template`)")
        else:
            st = by_lower["settings"]
            sub.settings = {}
            for row_no, _, cells in st.rows:
                key = cells.get(0)
                if not key or key[1] != "s" or key[0].strip().lower() in ("key", "setting"):
                    continue
                val = cells.get(1)
                k = key[0].strip().lower().replace(" ", "_")
                if val is not None and val[1] in ("e", "x"):
                    what = f"error value {val[0]}" if val[1] == "e" else "formula without a cached value"
                    rep.add("CELL-002" if val[1] == "e" else "CELL-003", f"setting {k}: {what}",
                            sheet=st.name, cell=f"B{row_no}", hint="type the value itself")
                    continue
                if val is not None and val[0] not in (None, ""):
                    sub.settings[k] = (val[0], f"B{row_no}")
        for name in TEMPLATE_SHEETS:
            if name.lower() not in by_lower:
                rep.add("STRUCT-001", f"the template sheet '{name}' is missing",
                        hint="start from `ghgkit template -o city.xlsx` and copy the rows in; a sector with "
                             "no data still needs rows with notation keys NO or NE")
    settings_obj = _settings(sub, rep, csv_mode)
    inv_year = settings_obj.inventory_year if settings_obj else None
    # -- activity sheets
    data_sheets = []
    for s in sub.sheets:
        if s.name.strip().lower() in NON_DATA_SHEETS or not s.rows:
            continue
        first_no, _, first = s.rows[0]
        if first_no != 1:
            continue
        header = {}
        for j, (v, kind, _) in first.items():
            if kind == "s" and v.strip():
                header[v.strip().lower()] = j
                s.header_raw[j] = v.strip()
        s.header = header
        if not {"sector", "activity"} & set(header) and not s.csv:
            continue
        data_sheets.append(s)
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            rep.add("STRUCT-003", f"missing column(s) {', '.join(missing)}", sheet=s.name or None,
                    cell=None if s.csv else "A1", line=1 if s.csv else None,
                    hint="row 1 must name the template columns: " + ", ".join(ACTIVITY_COLUMNS))
        for name, j in header.items():
            if name not in ACTIVITY_COLUMNS:
                from ghgkit.io.importers import suggest

                rep.add("STRUCT-004", f"column '{s.header_raw.get(j, name)}' is not a template column; "
                                      "ghgkit ignores it", sheet=s.name or None,
                        cell=None if s.csv else f"{_col(j)}1", line=1 if s.csv else None,
                        hint=(suggest(name, ACTIVITY_COLUMNS) or "remove it, or move its content to notes"))
    if not data_sheets:
        rep.add("STRUCT-002", "no activity sheet found (a sheet whose first row names sector, activity, amount)",
                hint="start from `ghgkit template -o city.xlsx`")
        return
    rows = []
    for s in data_sheets:
        rows.extend(_sheet_rows(s, rep, sub.metadata))
    rep.r.rows = len(rows)
    if sub.factor_files:
        try:
            sub.library = _library((), sub.factor_files)
        except GhgkitError as e:
            loc = e.location if isinstance(e.location, Location) else None
            name = Path(loc.file).name if loc and loc.file else ", ".join(f.name for f in sub.factor_files)
            rep.add("STRUCT-011", f"factor file {name} (used for this CSV) cannot be used: {e.message}",
                    hint=(e.hint or "") + ("; " if e.hint else "") + "fix it, or move it out of this folder if "
                         "it is not meant for this CSV (`ghgkit factors check FILE` lists every bad line)")
    _row_rules(rows, rep, inv_year)
    _coverage(rows, rep)
    if rep.r.errors:
        if calculate_totals:
            rep.add("CALC-002", "totals not computed: fix the errors first")
        return
    if settings_obj is None:
        return
    if calculate_totals:
        _totals(rows, settings_obj, sub, rep)


@lru_cache(maxsize=1024)
def _col(j: int) -> str:
    from ghgkit.io.importers import col_letter

    return col_letter(j)


def _settings(sub: _Submission, rep: _Report, csv_mode: bool):
    from ghgkit.io.settings import build_settings

    if sub.settings is None:
        if csv_mode:
            rep.add("STRUCT-009", "no settings for this CSV (city, inventory_year, population …)",
                    hint="put a settings.toml (or <name>.toml) beside the CSV", severity=WARNING)
        return None
    st = next((s.name for s in sub.sheets if s.name.strip().lower() == "settings"), None)
    vals = {k: v for k, (v, _) in sub.settings.items()}
    locs = {k: (Location(file=str(sub.path), sheet=st, cell=c) if c else None)
            for k, (_, c) in sub.settings.items()}
    r = rep.r
    r.city = str(vals["city"]).strip() if vals.get("city") not in (None, "") else None
    r.country = str(vals.get("country")) if vals.get("country") not in (None, "") else None
    if not csv_mode:
        tv = vals.get("template_version")
        if tv is None:
            rep.add("STRUCT-005", "template_version is missing from Settings", sheet=st,
                    hint="start from `ghgkit template`; the version tells which columns and rules apply")
        elif str(tv).strip() not in KNOWN_TEMPLATE_VERSIONS:
            rep.add("STRUCT-005", f"template_version '{tv}' is not one ghgkit knows "
                                  f"({', '.join(KNOWN_TEMPLATE_VERSIONS)})", sheet=st,
                    cell=sub.settings["template_version"][1],
                    hint="copy the data into a fresh `ghgkit template` workbook")
    try:
        s = build_settings((vals, locs))
    except GhgkitError as e:
        loc = e.location if isinstance(e.location, Location) else None
        rep.add("STRUCT-009", e.message, sheet=(loc.sheet if loc else st), cell=(loc.cell if loc else None),
                hint=e.hint)
        return None
    r.year = s.inventory_year
    r.population = s.population
    if not r.city:
        rep.add("STRUCT-010", "the city name is missing", sheet=st, hint="fill Settings!city")
    if not s.population:
        rep.add("CONS-002", "population is missing: per-capita totals and plausibility checks are skipped",
                sheet=st, hint="fill Settings!population with the residents in the inventory year")
    return s


@dataclass
class _Row:
    sheet: str | None
    row: int                 # excel row or CSV line
    csv: bool
    hidden: bool
    values: dict             # column -> python value (str / float / None)
    cols: dict               # column -> col index

    def place(self, column: str) -> dict:
        if self.csv:
            return {"line": self.row}
        j = self.cols.get(column, self.cols.get("amount", 0))
        return {"sheet": self.sheet, "cell": f"{_col(j)}{self.row}"}


def _norm_text(v, lower=True):
    if v is None:
        return None
    t = str(v).strip()
    if not t:
        return None
    if lower:
        t = re.sub(r"[\s\-]+", "_", t.lower())
    return t


def _parse_numbers(rows: list[_Row], decimal_comma: bool) -> None:
    """Numbers of one sheet, column by column, by the importer's own parser (never a parser of ours).

    Sets ``values["_num"]`` (column -> float or None) and ``values["_numbad"]`` (columns that are
    not numbers) on each row. The importer decides per column (e.g. in a ``;`` CSV, a column
    with a decimal comma reads ``.`` as a thousands separator), so it gets the whole column.
    """
    import pandas as pd

    from ghgkit.io.importers import _numbers

    for r in rows:
        r.values["_num"], r.values["_numbad"] = {}, set()
    if not rows:
        return
    for c in NUMERIC:
        if c not in rows[0].cols:
            for r in rows:
                r.values["_num"][c] = None
            continue
        vals, bad = _numbers(pd.Series([r.values.get(c) for r in rows], dtype=object), decimal_comma)
        for r, v, b in zip(rows, vals.tolist(), bad.tolist()):
            r.values["_num"][c] = None if (b or v is None or math.isnan(v)) else float(v)
            if b:
                r.values["_numbad"].add(c)


def _sheet_rows(s: _Sheet, rep: _Report, metadata: bool) -> list[_Row]:
    cols = {c: s.header[c] for c in ACTIVITY_COLUMNS if c in s.header}
    sheet = None if s.csv else s.name
    out = []
    data_rows = [r for r in s.rows if r[0] > 1]
    if metadata and s.merged:
        for ref in s.merged:
            m = re.match(r"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?", ref)
            if not m:
                continue
            r2 = int(m.group(4) or m.group(2))
            if r2 >= 2:
                rep.add("STRUCT-008", f"merged cells {ref} in the data area: only the first cell keeps a value",
                        sheet=sheet, cell=ref.split(":")[0],
                        hint="unmerge them (Home > Merge & Center > Unmerge) and fill every row")
    for row_no, hidden, cells in data_rows:
        vals = {"_bad": set()}
        for c, j in cols.items():
            cell = cells.get(j)
            if cell is None:
                vals[c] = None
                continue
            v, kind, formula = cell
            where = {"line": row_no} if s.csv else {"sheet": sheet, "cell": f"{_col(j)}{row_no}"}
            if kind == "e":
                rep.add("CELL-002", f"{c}: Excel error value {v}", **where,
                        hint="the formula behind it is broken (a deleted row or sheet, a division by zero): "
                             "type the value itself")
                vals[c] = None
                vals["_bad"].add(c)
                continue
            if kind == "x":
                rep.add("CELL-003", f"{c}: a formula (={formula[:60]}) without a saved value", **where,
                        hint="the file was saved by a tool that does not compute formulas: open it in Excel or "
                             "LibreOffice and save it, or type the values")
                vals[c] = None
                vals["_bad"].add(c)
                continue
            if formula and "[" in formula:
                rep.add("CELL-007", f"{c}: the formula refers to another workbook (={formula[:60]})", **where,
                        hint="the value may be stale or missing on another computer: paste it as a value")
            vals[c] = v
        if all(vals.get(c) in (None, "") for c in cols) and not vals["_bad"]:
            continue   # other columns only (e.g. comments beside the table)
        out.append(_Row(sheet, row_no, s.csv, hidden, vals, cols))
        if hidden and metadata:
            rep.add("STRUCT-007", "a hidden row holds activity data (it is counted in the inventory)",
                    sheet=sheet, cell=f"A{row_no}", hint="unhide the rows and check they are meant")
    _parse_numbers(out, decimal_comma=s.csv and s.sep == ";")
    return out


def _row_rules(rows: list[_Row], rep: _Report, inv_year) -> None:
    from ghgkit.factors import FactorLibrary
    from ghgkit.io.importers import suggest
    from ghgkit.units import check_dimension, parse_unit

    fuels = sorted(a for a in FactorLibrary.default().activities() if not a.startswith("ncv"))
    aliases = {k.lower(): v for k, v in GPC_SECTOR_ALIASES.items()}
    seen: dict[tuple, _Row] = {}
    for r in rows:
        v = r.values
        p = r.place
        # numbers
        num = v["_num"]
        for c in NUMERIC:
            if c in v["_numbad"]:
                v["_bad"].add(c)
                rep.add("CELL-001", f"{c} '{v.get(c)}' is not a number", **p(c),
                        hint="write a plain number such as 12500 or 12500.5 (no units or text in this cell)")
        amount = num["amount"]
        sector = _norm_text(v.get("sector"))
        subsector = _norm_text(v.get("subsector"))
        activity = _norm_text(v.get("activity"))
        method = _norm_text(v.get("method"))
        unit = _norm_text(v.get("unit"), lower=False)
        key = _norm_text(v.get("notation_key"), lower=False)
        key = key.upper() if key else None
        notes = _norm_text(v.get("notes"), lower=False)
        r.values["_n"] = (sector, subsector, activity, method, amount, unit, key)
        if amount is not None and amount < 0:
            rep.add("CELL-004", f"amount {amount:g} is negative", **p("amount"),
                    hint="amounts are quantities used or treated; enter a positive number")
        # vocabularies
        if sector is None:
            rep.add("VOCAB-001", "the sector is empty", **p("sector"), hint="choose one of " + ", ".join(SECTORS))
        elif sector in aliases:
            sector, sub_default = aliases[sector]
            subsector = subsector or sub_default
        elif sector not in SECTORS:
            rep.add("VOCAB-001", f"unknown sector '{v.get('sector')}'", **p("sector"),
                    hint=(suggest(sector, SECTORS) + " " if suggest(sector, SECTORS) else "") +
                    "(sectors: " + ", ".join(SECTORS) + ")")
            sector = None
        if sector in SUBSECTORS:
            subs = SUBSECTORS[sector]
            if subsector is None:
                rep.add("VOCAB-002", f"{sector} rows need a subsector", **p("subsector"),
                        hint="choose one of " + ", ".join(subs))
            elif subsector not in subs:
                rep.add("VOCAB-002", f"unknown {sector} subsector '{v.get('subsector')}'", **p("subsector"),
                        hint=_dym(subsector, subs))
                subsector = None
        r.values["_gpc"] = GPC_PREFIX.get((sector, None if sector in STATIONARY_SECTORS else subsector)) \
            if sector else None
        if key is not None and key not in NOTATION_KEYS:
            rep.add("VOCAB-005", f"unknown notation key '{v.get('notation_key')}'", **p("notation_key"),
                    hint="NO not occurring, IE included elsewhere, NE not estimated, C confidential")
        dq = _norm_text(v.get("data_quality"))
        if dq is not None and dq not in DATA_QUALITY:
            rep.add("VOCAB-005", f"unknown data quality '{v.get('data_quality')}'", **p("data_quality"),
                    hint=_dym(dq, DATA_QUALITY))
        if num["scope"] is not None and num["scope"] not in (1, 2, 3):
            rep.add("VOCAB-005", f"scope '{v.get('scope')}' is not 1, 2 or 3", **p("scope"),
                    hint="leave it empty to derive it, or write 1, 2 or 3")
        allowed_dims, what = None, None
        if activity is None:
            rep.add("VOCAB-003", "the activity is empty", **p("activity"),
                    hint="write the fuel (diesel, lpg …), electricity, or the waste stream")
        elif sector in STATIONARY_SECTORS or sector == "transport":
            if sector == "transport" and method is not None and method not in TRANSPORT_METHODS:
                rep.add("VOCAB-004", f"unknown transport method '{v.get('method')}'", **p("method"),
                        hint=_dym(method, TRANSPORT_METHODS))
            if sector == "transport" and method == "vkt":
                allowed_dims, what = ("distance",), "a distance-based (vkt) row"
            elif activity == "electricity":
                allowed_dims, what = ("energy",), "electricity"
            elif activity in fuels:
                allowed_dims, what = ("energy", "mass", "volume"), activity
            else:
                syn = SYNONYMS.get(activity)
                rep.add("VOCAB-003", f"unknown fuel or activity '{v.get('activity')}'", **p("activity"),
                        hint=(f"did you mean '{syn}'? " if syn else "") +
                        (_dym(activity, fuels + ["electricity"]) if not syn else ""))
        elif sector in ("waste", "wastewater"):
            allowed_dims, what = _waste_vocab(rep, p, sector, subsector, activity, method, v)
        # units
        if unit is not None:
            try:
                if allowed_dims:
                    check_dimension(unit, allowed_dims, what)
                else:
                    parse_unit(unit)
            except GhgkitError as e:
                code = "UNIT-002" if type(e).__name__ == "UnitMismatchError" else "UNIT-001"
                rep.add(code, e.message, **p("unit"), hint=e.hint)
        elif amount is not None and "unit" in r.cols:
            rep.add("CELL-006", "an amount without a unit", **p("unit"),
                    hint="write the unit beside the amount: kWh, MWh, L, m3, kg, t, GJ, km …")
        # notation keys
        raw_amount_given = v.get("amount") not in (None, "")
        if raw_amount_given and key is not None:
            rep.add("NK-001", f"an amount and a notation key ('{key}') on the same row", **p("notation_key"),
                    hint="keep the amount and clear the key, or clear the amount if the key is meant")
        elif not raw_amount_given and key is None and "amount" not in v["_bad"]:
            rep.add("NK-004", "row has neither an amount nor a notation key", **p("amount"),
                    hint="enter the amount, or a notation key: NO, IE, NE or C")
        if key == "IE" and not notes:
            rep.add("NK-003", "IE (included elsewhere) without saying where", **p("notes"),
                    hint="write in notes which row or sector includes it, e.g. 'in Transport row 5'")
        # years
        year = num["year"]
        if year is not None and inv_year:
            history = sector == "waste" and subsector == "landfill" and year < inv_year
            if year > inv_year:
                rep.add("CONS-003", f"year {year:g} is after the inventory year {inv_year}", **p("year"),
                        hint="correct the year, or the inventory year in the settings if that is what is wrong "
                             "(do not just clear the year: an empty year counts the row in the inventory year, "
                             "so a landfill history row would become an inventory-year deposit)")
            elif year != inv_year and not history:
                rep.add("CONS-001", f"year {year:g} differs from the inventory year {inv_year}", **p("year"),
                        hint="leave year empty for the inventory year; only landfill disposal history "
                             "takes earlier years")
        # duplicates
        if sector and activity and (amount is not None or key):
            dkey = (sector, subsector, activity, method, year, num["scope"])
            if dkey in seen:
                first = seen[dkey]
                same = first.values["_n"][4] == amount
                where = first.sheet + "!" if first.sheet else "line "
                where += f"{_col(first.cols.get('activity', 0))}{first.row}" if first.sheet else str(first.row)
                rep.add("CELL-005", f"duplicate of the activity at {where} ({sector} {activity}"
                                    f"{', same amount' if same else ''})", **p("activity"),
                        hint="delete one if it was pasted twice; if both are real (e.g. two suppliers), "
                             "say so in notes")
            else:
                seen[dkey] = r


def _waste_vocab(rep, p, sector, subsector, activity, method, v):
    """Waste and wastewater activity / method checks, delegated to :mod:`ghgkit.sectors.waste.equations` (its vocabularies)."""
    try:
        from ghgkit.sectors.waste import equations as W
    except ImportError:  # pragma: no cover - the waste module is part of ghgkit
        W = None

    def check(fn, value, column, code):
        if W is None or value is None:
            return True
        try:
            fn(value)
            return True
        except GhgkitError as e:
            rep.add(code, e.message, **p(column), hint=e.hint)
            return False

    if sector == "waste":
        ok = activity == "msw" or (activity in WASTE_STREAMS and W is None) or \
            (W is not None and check(W.normalise_component, activity, "activity", "VOCAB-003"))
        if subsector == "landfill":
            check(W.normalise_site_type, method, "method", "VOCAB-004") if W else None
        elif subsector == "incineration":
            check(W.normalise_technology, method, "method", "VOCAB-004") if W else None
        elif subsector in ("composting", "anaerobic_digestion") and method is not None and \
                method not in ("wet", "wet_weight", "dry", "dry_weight", "dry_matter"):
            rep.add("VOCAB-004", f"unknown basis '{v.get('method')}' for biological treatment", **p("method"),
                    hint="write wet or dry")
        return (("mass",), "waste") if ok else (None, None)
    if activity not in WASTEWATER_ACTIVITIES:
        rep.add("VOCAB-003", f"unknown wastewater activity '{v.get('activity')}'", **p("activity"),
                hint=_dym(activity, WASTEWATER_ACTIVITIES))
        return None, None
    if W is not None:
        check(W.normalise_pathway, method, "method", "VOCAB-004")
    return WASTEWATER_ACTIVITIES[activity], f"wastewater {activity}"


def _dym(value, choices) -> str:
    from ghgkit.io.importers import suggest

    s = suggest(value, choices)
    return (s + " " if s else "") + "(allowed: " + ", ".join(choices) + ")"


def _coverage(rows: list[_Row], rep: _Report) -> None:
    data, keyed = set(), set()
    for r in rows:
        g = r.values.get("_gpc")
        if not g:
            continue
        amount, key = r.values["_n"][4], r.values["_n"][6]
        if amount is not None:
            data.add(g)
        elif key:
            keyed.add(g)
    covered = data | keyed
    missing = [ref for ref in BASIC_SUBSECTORS if ref not in covered]
    if len(missing) == 1:
        rep.add("NK-002", f"GPC {missing[0]} ({BASIC_SUBSECTORS[missing[0]]}) has no row: neither an amount "
                          "nor a notation key",
                hint="use NO or NE: a row for it with NO (not occurring) or NE (not estimated) if there is no "
                     "amount")
    elif missing:
        rep.add("NK-002", f"{len(missing)} BASIC sub-sectors have no row (neither an amount nor a notation key): "
                          + "; ".join(f"{ref} {BASIC_SUBSECTORS[ref]}" for ref in missing),
                hint="use NO or NE: for each, enter the amounts, or a row with notation key NO (not occurring) "
                     "or NE (not estimated)")
    pct = 100.0 * len(covered & set(BASIC_SUBSECTORS)) / len(BASIC_SUBSECTORS)
    rep.r.coverage_pct = round(pct, 1)
    rep.add("COMP-001", f"{len(data & set(BASIC_SUBSECTORS))} of {len(BASIC_SUBSECTORS)} BASIC sub-sectors have "
                        f"amounts, {len((keyed - data) & set(BASIC_SUBSECTORS))} have notation keys only: "
                        f"{pct:.0f} % covered", hint=None)


# -- totals and plausibility -----------------------------------------------------------------------
_THRESHOLDS: dict | None = None


def thresholds() -> dict[str, dict]:
    """metric -> {low, high, unit, source}, from ``emission_factors/plausibility.csv``."""
    global _THRESHOLDS
    if _THRESHOLDS is None:
        from ghgkit.data import data_path

        with open(data_path("plausibility.csv"), encoding="utf-8") as fh:
            reader = csv.DictReader(line for line in fh if not line.startswith("#"))
            _THRESHOLDS = {r["metric"]: {"low": float(r["low"]), "high": float(r["high"]), "unit": r["unit"],
                                         "source": r["source"]} for r in reader}
    return _THRESHOLDS


def _outside(rep, code, metric, value, what, **place):
    t = thresholds().get(metric)
    if t is None or value is None or not math.isfinite(value):
        return
    if value < t["low"] or value > t["high"]:
        shown = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
        rep.add(code, f"{what} is {shown} {t['unit']}, outside {t['low']:g}–{t['high']:g}", **place,
                hint=f"check units, decimals and the population; if the value is right, say why in notes "
                     f"(threshold: {t['source'].split(':')[0]})")


def _activity_frame(rows: list[_Row], path: Path):
    import numpy as np
    import pandas as pd

    recs = []
    colpos = {}
    for r in rows:
        sector, subsector, activity, method, amount, unit, key = r.values["_n"]
        rec = {c: None for c in ACTIVITY_COLUMNS}
        rec.update(sector=sector, subsector=subsector, activity=activity, method=method, amount=amount,
                   unit=unit, notation_key=key)
        for c in ("year", "scope", "uncertainty_pct"):
            rec[c] = r.values["_num"].get(c)
        for c in ("factor_id", "source", "notes"):
            rec[c] = _norm_text(r.values.get(c), lower=False)
        rec["data_quality"] = _norm_text(r.values.get("data_quality"))
        rec["file"] = str(path)
        rec["sheet"] = r.sheet
        rec["line"] = r.row if r.csv else None
        rec["excel_row"] = None if r.csv else r.row
        rec["cell"] = None if r.csv else f"{_col(r.cols.get('amount', 0))}{r.row}"
        colpos[r.sheet] = r.cols
        recs.append(rec)
    df = pd.DataFrame.from_records(recs)
    for c in ("amount", "year", "scope", "uncertainty_pct"):
        df[c] = df[c].astype(float)
    df["line"] = df["line"].astype(object)
    df = df.replace({np.nan: None}).astype({c: float for c in ("amount", "year", "scope", "uncertainty_pct")})
    return df, colpos


def _totals(rows, settings, sub: _Submission, rep: _Report) -> None:
    from ghgkit.inventory import calculate
    from ghgkit.units import conversion_factor

    st = next((s.name for s in sub.sheets if s.name.strip().lower() == "settings"), None)
    if settings.grid_ef is not None:
        cell = (sub.settings or {}).get("grid_ef", (None, None))[1]
        _outside(rep, "PLAUS-006", "grid_ef_t_per_mwh", settings.grid_ef, "the grid emission factor",
                 sheet=st, cell=cell)
    pop = settings.population
    # activity-based checks (no calculation needed)
    if pop:
        elec = 0.0
        waste_t = 0.0
        for r in rows:
            sector, subsector, activity, method, amount, unit, key = r.values["_n"]
            if amount is None or unit is None:
                continue
            year = r.values["_num"].get("year")
            try:
                if activity == "electricity":
                    elec += amount * conversion_factor(unit, "MWh")
                elif sector == "waste" and activity in WASTE_STREAMS and activity != "sludge" and \
                        (year is None or year == settings.inventory_year):
                    waste_t += amount * conversion_factor(unit, "t")
            except (GhgkitError, ValueError):
                continue
        if elec:
            _outside(rep, "PLAUS-003", "electricity_per_capita_mwh", elec / pop, "electricity use per capita")
        if waste_t:
            _outside(rep, "PLAUS-004", "waste_generation_kg_per_capita_day", waste_t * 1000 / pop / 365,
                     "waste treated or disposed per capita per day")
    frame, colpos = _activity_frame(rows, sub.path)
    try:
        lib = sub.library if sub.library is not None else _library(_factor_rows(sub))
        # pandas deep-copies DataFrame.attrs on every operation: calculate without the column map
        # (fast), and only when it fails run again with it, so the error names the exact cell.
        try:
            inv = calculate(frame, settings, library=lib)
        except GhgkitError:
            frame.attrs["colpos"] = colpos
            inv = calculate(frame, settings, library=lib)
    except GhgkitError as e:
        loc = e.location if isinstance(e.location, Location) else None
        rep.add("CALC-001", e.message, sheet=loc.sheet if loc else None, cell=loc.cell if loc else None,
                line=loc.line if loc else None, hint=e.hint)
        return
    except Exception as e:  # noqa: BLE001 - a calculator bug must not stop the batch
        rep.add("CALC-002", f"totals not computed (internal {type(e).__name__}: {str(e)[:120]})")
        return
    t = inv.totals
    rep.r.basic_co2e_t = t["basic_co2e_t"]
    rep.r.per_capita_t = t["basic_per_capita_t"]
    for w in inv.warnings:
        rep.add("CALC-003", str(w))
    if not pop:
        return
    _outside(rep, "PLAUS-001", "basic_per_capita_t", t["basic_co2e_t"] / pop, "the BASIC total per capita")
    rws = inv.rows
    groups = {"stationary energy": ("stationary_energy_per_capita_t", rws["sector"].isin(STATIONARY_SECTORS)),
              "transport": ("transport_per_capita_t", rws["sector"] == "transport"),
              "waste and wastewater": ("waste_per_capita_t", rws["sector"].isin(["waste", "wastewater"]))}
    for what, (metric, mask) in groups.items():
        part = rws.loc[mask & rws["co2e_t"].notna(), "co2e_t"]
        if len(part):
            _outside(rep, "PLAUS-002", metric, float(part.sum()) / pop, f"{what} per capita")


def _factor_rows(sub: _Submission) -> tuple:
    """The workbook's Factors sheet as a hashable tuple of row dicts (text values)."""
    sh = next((s for s in sub.sheets if s.name.strip().lower() == "factors"), None)
    if sh is None or not sh.rows or sh.rows[0][0] != 1:
        return ()
    header = {j: str(v).strip() for j, (v, kind, _) in sh.rows[0][2].items() if kind == "s" and str(v).strip()}
    out = []
    for _, _, cells in sh.rows[1:]:
        d = {}
        for j, h in header.items():
            c = cells.get(j)
            if c is None or c[0] in (None, "") or c[1] in ("e", "x"):
                d[h] = ""
            else:
                v = c[0]
                d[h] = (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
        if any(d.values()):
            out.append(tuple(sorted(d.items())))
    return tuple(out)


_LIBS: dict = {}


def _library(rows: tuple, files: tuple = ()):
    """The default factor library with user overrides: factor *files* (a CSV's neighbours, later
    files win, as ``calc --factors``), or a workbook's own Factors *rows*; cached per distinct input."""
    from ghgkit.factors import FactorLibrary

    if not rows and not files:
        return FactorLibrary.default()
    stamps = []
    for f in files:
        try:
            st = Path(f).stat()
            stamps.append((str(f), st.st_mtime_ns, st.st_size))
        except OSError:
            stamps.append((str(f), None, None))
    key = (rows, tuple(stamps))
    lib = _LIBS.get(key)
    if lib is None:
        if len(_LIBS) > 64:
            _LIBS.clear()
        lib = _LIBS[key] = FactorLibrary.default().with_overrides(*files, rows=[dict(r) for r in rows] or None)
    return lib


def year_on_year(reports: list[FileReport]) -> None:
    """Across the batch: CONS-004 (same city and year twice), PLAUS-005 (change from the previous year)."""
    t = thresholds().get("yoy_change_pct")
    seen: dict[tuple, FileReport] = {}
    for r in reports:
        if r.city and r.year:
            k = (r.city.strip().lower(), r.year)
            if k in seen:
                r.findings.append(Finding(WARNING, "CONS-004", f"a second submission for {r.city} {r.year} "
                                          f"in this batch (also {seen[k].file})", r.file,
                                          hint="keep only the latest version in the folder, or correct the "
                                               "city name or inventory year"))
            else:
                seen[k] = r
    by = {}
    for r in reports:
        if r.city and r.year and r.basic_co2e_t:
            by.setdefault((r.city.strip().lower(), r.year), r)
    for (city, year), r in by.items():
        prev = by.get((city, year - 1))
        if prev is None or not t:
            continue
        change = 100.0 * (r.basic_co2e_t - prev.basic_co2e_t) / prev.basic_co2e_t
        if abs(change) > t["high"]:
            r.findings.append(Finding(WARNING, "PLAUS-005",
                                      f"BASIC total changed {change:+.0f} % from {year - 1} "
                                      f"({prev.basic_co2e_t:,.0f} → {r.basic_co2e_t:,.0f} t CO2e)",
                                      r.file, hint=f"explain the change in notes (new data source, method, "
                                                   f"boundary), or check units; previous year: {prev.file}"))
            r.findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.sheet or "", _rownum(f), f.code))


def summary_counts(reports: list[FileReport]) -> dict:
    return {"files": len(reports), "errors": sum(r.errors for r in reports),
            "warnings": sum(r.warnings for r in reports),
            "files_with_errors": sum(bool(r.errors) for r in reports)}


# == outputs =======================================================================================
FINDING_COLUMNS = ["file", "city", "year", "severity", "code", "place", "sheet", "cell", "line", "message", "hint"]


def findings_records(reports: list[FileReport]) -> list[dict]:
    """One dict per finding, with the file's city and year (for CSV / Excel)."""
    out = []
    for r in reports:
        for f in r.findings:
            d = f.to_dict()
            d.update(city=r.city, year=r.year)
            out.append({c: d.get(c) for c in FINDING_COLUMNS})
    return out


def summary_records(reports: list[FileReport]) -> list[dict]:
    return [{"file": r.file, "city": r.city, "country": r.country, "year": r.year, "status": r.status,
             "errors": r.errors, "warnings": r.warnings, "rows": r.rows, "coverage_pct": r.coverage_pct,
             "basic_co2e_t": r.basic_co2e_t, "per_capita_t": r.per_capita_t} for r in reports]


def to_json(reports: list[FileReport]) -> str:
    import json

    from ghgkit import __version__

    return json.dumps({"ghgkit_version": __version__, "summary": summary_counts(reports),
                       "files": [r.to_dict() for r in reports]}, indent=1, ensure_ascii=False)


def to_csv(reports: list[FileReport]) -> str:
    """Findings as CSV, one line per finding; user text made inert."""
    from ghgkit.io.output import inert

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FINDING_COLUMNS, lineterminator="\n")
    w.writeheader()
    for rec in findings_records(reports):
        w.writerow({k: inert(v) if isinstance(v, str) else v for k, v in rec.items()})
    return buf.getvalue()


def write_html(reports: list[FileReport], path, lang: str | None = None) -> Path:
    """Self-contained HTML report: a summary across files and one section per city/file.

    *lang* is the language of the headings and labels (``ghgkit.i18n.LANGUAGES``); the
    findings' own texts stay in English.
    """
    import datetime

    from ghgkit import __version__
    from ghgkit.io.output import write_text_atomic
    from ghgkit.reports.style import report_env

    env = report_env(lang)
    counts = summary_counts(reports)
    tr = env.globals["tr"]
    header = tr.ngettext("Submission check: %(num)s file", "Submission check: %(num)s files",
                         counts["files"]) % {"num": counts["files"]}
    html = env.get_template("validation.html.j2").render(
        reports=reports, counts=counts, rules=RULES, version=__version__, running_header=header,
        generated=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), name=_display_name)
    write_text_atomic(path, html)
    return Path(path)


def _display_name(r: FileReport) -> str:
    label = r.city or Path(r.file).name
    return f"{label} {r.year}" if r.year else label


def write_excel(reports: list[FileReport], path) -> Path:
    """Excel report: Summary sheet (one row per file) and Findings sheet (one row per finding)."""
    import xlsxwriter

    from ghgkit.io.output import ExcelText, atomic_path

    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False})
        text = ExcelText(wb).write
        head = wb.add_format({"bold": True, "bg_color": "#1f5f5b", "font_color": "#ffffff", "text_wrap": True})
        fmts = {ERROR: wb.add_format({"bg_color": "#f8d7da"}), WARNING: wb.add_format({"bg_color": "#fff3cd"}),
                INFO: None, "ok": wb.add_format({"bg_color": "#d4edda"}), "warnings": None, "errors": None}
        fmts["warnings"], fmts["errors"] = fmts[WARNING], fmts[ERROR]
        num = wb.add_format({"num_format": "#,##0.0"})
        for name, records, widths in (
                ("Summary", summary_records(reports), {"file": 40, "city": 22}),
                ("Findings", findings_records(reports), {"file": 30, "message": 70, "hint": 70, "city": 18})):
            ws = wb.add_worksheet(name)
            cols = list(records[0]) if records else (["file"] if name == "Summary" else FINDING_COLUMNS)
            for c, col in enumerate(cols):
                ws.write_string(0, c, col, head)
                ws.set_column(c, c, widths.get(col, 12))
            for i, rec in enumerate(records, start=1):
                key = rec.get("status") if name == "Summary" else rec.get("severity")
                for c, col in enumerate(cols):
                    v = rec[col]
                    if v is None:
                        continue
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        ws.write_number(i, c, v, num if isinstance(v, float) else None)
                    else:
                        text(ws, i, c, v, fmts.get(key) if col in ("status", "severity")
                                        else None)
            ws.freeze_panes(1, 0)
            if records:
                ws.autofilter(0, 0, len(records), len(cols) - 1)
        wb.close()
    return Path(path)
