"""``ghgkit validate``: files and folders, worker processes, totals, plausibility, year-on-year.

``validate_paths(paths)`` walks files and folders (``*.xlsx``, ``*.xlsm``, ``*.xls``, ``*.ods``,
``*.csv``) and returns one :class:`FileReport` per file; a file that cannot be read is itself a
finding and the batch goes on. ``validate_file(path)`` checks one: it reads the file with
:mod:`ghgkit.validation.readers` and runs the rules of :mod:`ghgkit.rules` (the same rules
``ghgkit calc`` runs), then, for a file without errors, the totals and plausibility checks.

A CSV is read as ``ghgkit calc x.csv --settings S --factors F...`` would read it: its settings
come from ``<name>.toml|yaml|yml|json`` or ``settings.toml|yaml|yml|json`` beside it, and every
factor file in its folder (a CSV whose header, after ``#`` comment lines, names ``factor_id`` or
``property_id`` and no ``amount``) is a user factor override for it. Factor files are not
submissions: :func:`find_files` skips them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import openpyxl

from ghgkit.errors import GhgkitError, Location
from ghgkit.rules.coverage import coverage
from ghgkit.rules.findings import ERROR, HINT_SHAPES, HINTS, WARNING, Finding, Findings, Stop, sort_key
from ghgkit.rules.plausibility import check_settings, outside, thresholds  # noqa: F401 (thresholds: API)
from ghgkit.rules.submission import check_submission
from ghgkit.schema import STATIONARY_SECTORS, WASTE_STREAMS
from ghgkit.validation.readers import SUFFIXES, read

# openpyxl (used for .xlsx edits elsewhere) parses with defusedxml when it is installed.
assert openpyxl.DEFUSEDXML, "defusedxml must be installed so that openpyxl refuses XML entity attacks"


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
    findings: list = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Cells or rows with an error (a finding that stands for many rows counts them all)."""
        return sum(f.count for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(f.count for f in self.findings if f.severity == WARNING)

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
                for rep in ex.map(_validate_in_worker, [str(f) for f in files], chunksize=chunk):
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


def _validate_in_worker(path: str) -> FileReport:
    """:func:`_validate_safe` in a worker process, which keeps the units it learnt in the unit memo
    (it ends without the exit handler that would)."""
    from ghgkit.units import MEMO

    rep = _validate_safe(path)
    MEMO.save()
    return rep


def _validate_safe(path: str) -> FileReport:
    try:
        return validate_file(path)
    except Exception as e:  # noqa: BLE001 - a batch never stops at one file
        rep = FileReport(file=str(path))
        f = Findings(path)
        f.add("FILE-001", f"internal error while checking this file ({type(e).__name__}: {e})",
              hint="report this to the ghgkit developers with the file, if you may share it")
        rep.findings = list(f)
        return rep


def validate_file(path, calculate_totals: bool = True) -> FileReport:
    """Run every rule on one submission and return its :class:`FileReport`."""
    path = Path(path)
    findings = Findings(path)
    rep = FileReport(file=str(path))
    try:
        sub = read(path, findings)
    except Stop:
        rep.findings = sorted(findings, key=sort_key)
        return rep
    if sub.sheets and sub.sheets[0].csv:
        sub.factor_files = factor_files_beside(path)
    checked = check_submission(sub, findings)
    rep.city, rep.country = getattr(findings, "city", None), getattr(findings, "country", None)
    if checked.settings is not None:
        rep.year, rep.population = checked.settings.inventory_year, checked.settings.population
    if checked.activity is not None:
        act = checked.activity
        rep.rows = len(act)
        if sub.factor_files:
            try:
                sub.library = _library((), sub.factor_files)
            except GhgkitError as e:
                loc = e.location if isinstance(e.location, Location) else None
                name = Path(loc.file).name if loc and loc.file else ", ".join(f.name for f in sub.factor_files)
                findings.add("STRUCT-011", f"factor file {name} (used for this CSV) cannot be used: {e.message}",
                             hint=_factor_file_hint(e.hint))
        rep.coverage_pct = coverage(checked.gpc, act["amount"].to_numpy(), act["notation_key"].astype(object)
                                    .where(act["notation_key"].notna(), None).tolist(), findings)
        if any(f.severity == ERROR for f in findings):
            if calculate_totals:
                findings.add("CALC-002", "totals not computed: fix the errors first")
        elif checked.settings is not None and calculate_totals:
            _totals(checked, sub, findings, rep)
    rep.findings = sorted(findings, key=sort_key)
    return rep


# -- totals and plausibility -----------------------------------------------------------------------
def _factor_file_hint(hint: str | None) -> str:
    """STRUCT-011's hint: the factor file's own (if any), then what to do with the file; the
    `ghgkit factors check` advice once."""
    if not hint:
        return HINTS["factor_file"]
    shape = "factor_file_checked" if "`ghgkit factors check FILE`" in hint else "factor_file_hint"
    return HINT_SHAPES[shape] % {"hint": hint}


def _totals(checked, sub, findings: Findings, rep: FileReport) -> None:
    from ghgkit.inventory import calculate
    from ghgkit.units import conversion_factor

    settings, act = checked.settings, checked.activity
    st = next((s.name for s in sub.sheets if s.name.strip().lower() == "settings"), None)
    if settings.grid_ef is not None:
        check_settings(settings, findings, sheet=st, cell=(sub.settings or {}).get("grid_ef", (None, None))[1])
    pop = settings.population
    if pop:                      # activity-based checks (no calculation needed)
        amount = act["amount"].to_numpy()
        unit = act["unit"].astype(object).to_numpy()
        activity = act["activity"].astype(object).to_numpy()
        sector = act["sector"].astype(object).to_numpy()
        year = act["year"].to_numpy()
        has = ~np.isnan(amount) & np.array([u is not None and u == u for u in unit], dtype=bool)
        elec_m = has & (activity == "electricity")
        waste_m = has & (sector == "waste") & np.isin(activity, [w for w in WASTE_STREAMS if w != "sludge"]) & \
            (np.isnan(year) | (year == settings.inventory_year))
        elec = _converted(amount, unit, elec_m, "MWh", conversion_factor)
        waste_t = _converted(amount, unit, waste_m, "t", conversion_factor)
        if elec:
            outside(findings, "PLAUS-003", "electricity_per_capita_mwh", elec / pop, "electricity use per capita")
        if waste_t:
            outside(findings, "PLAUS-004", "waste_generation_kg_per_capita_day", waste_t * 1000 / pop / 365,
                     "waste treated or disposed per capita per day")
    try:
        rows = checked.factor_rows
        lib = sub.library if sub.library is not None else _library(rows)
        inv = calculate(act, settings, library=lib)
    except GhgkitError as e:
        loc = e.location if isinstance(e.location, Location) else None
        findings.add("CALC-001", e.message, sheet=loc.sheet if loc else None, cell=loc.cell if loc else None,
                     line=loc.line if loc else None, hint=e.hint)
        return
    except Exception as e:  # noqa: BLE001 - a calculator bug must not stop the batch
        findings.add("CALC-002", f"totals not computed (internal {type(e).__name__}: {str(e)[:120]})")
        return
    t = inv.totals
    rep.basic_co2e_t = t["basic_co2e_t"]
    rep.per_capita_t = t["basic_per_capita_t"]
    for w in inv.warnings:
        findings.add("CALC-003", str(w))
    if not pop:
        return
    outside(findings, "PLAUS-001", "basic_per_capita_t", t["basic_co2e_t"] / pop, "the BASIC total per capita")
    k = inv.keys                 # per (row group, scope) sums, as the totals: no result rows built
    groups = {"stationary energy": ("stationary_energy_per_capita_t", k["sector"].isin(STATIONARY_SECTORS)),
              "transport": ("transport_per_capita_t", k["sector"] == "transport"),
              "waste and wastewater": ("waste_per_capita_t", k["sector"].isin(["waste", "wastewater"]))}
    for what, (metric, mask) in groups.items():
        part = k.loc[mask & k["co2e_t"].notna(), "co2e_t"]
        if len(part):
            outside(findings, "PLAUS-002", metric, float(part.sum()) / pop, f"{what} per capita")


def _converted(amount, unit, mask, to, conversion_factor) -> float:
    """Sum of *amount* [unit] over *mask* in *to*; one conversion per distinct unit, unusable units skipped."""
    total = 0.0
    for u in set(unit[mask]):
        try:
            f = conversion_factor(u, to)
        except (GhgkitError, ValueError):
            continue
        total += float(amount[mask & (unit == u)].sum()) * f
    return total



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
                                      r.file, hint=HINT_SHAPES["year_on_year"] % {"file": prev.file}))
            r.findings.sort(key=sort_key)


def summary_counts(reports: list[FileReport]) -> dict:
    return {"files": len(reports), "errors": sum(r.errors for r in reports),
            "warnings": sum(r.warnings for r in reports),
            "files_with_errors": sum(bool(r.errors) for r in reports)}

