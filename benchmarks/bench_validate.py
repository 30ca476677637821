"""Benchmark `ghgkit validate`: 1,000 submissions of about 300 rows, 2 worker processes.

    python benchmarks/bench_validate.py [--files 1000] [--rows 300] [--jobs 2] [--keep DIR]
    python benchmarks/bench_validate.py --stages [--files 100]
    python benchmarks/bench_validate.py --design [--files 100]

``--stages``: where one workbook's time goes, in this process (no workers): the median
milliseconds per file of reading it, the rules, the totals (of which the calculation) and the
rest of ``validate_file``, after a warm-up, against python-calamine reading every sheet of the
same file (the floor of issue 13's ``validate`` row). Files with errors get no totals: the
medians are over the files that got them.

``--design``: what a redesign of ``validate`` could reach against issue 13's floor (python-calamine
reading the file), in this process. Reading, the median milliseconds per file, the readers taking
turns file by file: python-calamine; ghgkit's reader; expat streaming the same sheets into Python
callbacks that do nothing (what a reader called back per XML element pays at least); a regular
expression scan of the same sheets and shared strings that returns every cell's reference,
attributes and content as Python bytes (no checks, no types: what a reader that leaves the XML
to the ``re`` module could start from). Then the rules (``check_submission``) of the files
without planted faults one by one, and of 16 and 32 of them given to the rules as one submission
(each file's sheets renamed, one Settings sheet: rules run over many submissions at once; the
findings are not split back per file), with the usual limit of listed findings per rule and
with every finding listed: rows of two files that match are duplicates (CELL-005) to the merged
rules, so with every finding listed they list more findings than the files one by one. Each
rules figure is the median of 5 rounds, the six measures taking turns in each round.

Target (issue 6): all 1,000 in under 60 s on a 2-core machine, peak memory under 1 GB.
Submissions are generated in a temporary folder (not timed). Peak memory is the
largest resident set of this process plus that of the largest worker
(``resource.getrusage``, children included), a conservative sum.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ghgkit.schema import ACTIVITY_COLUMNS, STATIONARY_SECTORS

FUELS = ["diesel", "gasoline", "lpg", "kerosene", "natural_gas", "coal", "fuel_oil", "wood", "charcoal"]
TRANSPORT = [("on_road", "gasoline"), ("on_road", "diesel"), ("rail", "diesel"), ("waterborne", "diesel"),
             ("aviation", "jet_kerosene"), ("off_road", "diesel")]
UNITS = {"diesel": "L", "gasoline": "L", "lpg": "t", "kerosene": "L", "natural_gas": "GJ", "coal": "t",
         "fuel_oil": "L", "wood": "t", "charcoal": "t", "electricity": "MWh"}


def make_submission(args) -> str:
    """One city-year workbook with about *rows* activity rows (and a few planted faults in 1 file of 10)."""
    import xlsxwriter

    path, i, rows = args
    rnd = random.Random(i)
    pop = rnd.randint(100_000, 3_000_000)
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    s = wb.add_worksheet("Settings")
    settings = [("key", "value"), ("city", f"City {i // 2:04d}"), ("country", "VNM"),
                ("inventory_year", 2022 + i % 2), ("population", pop), ("climate_zone", "tropical_wet"),
                ("gwp", "AR5"), ("doc_msw", 0.15), ("bod_region", "asia_middle_east_latin_america"), ("grid_ef", round(rnd.uniform(0.4, 0.8), 3)), ("template_version", "ghgkit-1")]
    for r, (k, v) in enumerate(settings):
        s.write(r, 0, k)
        s.write(r, 1, v)
    sheets = {"Energy": [], "Transport": [], "Waste": [], "Wastewater": []}
    scale = pop / 1_000_000
    n = 0
    while n < rows - 30:
        for sector in STATIONARY_SECTORS:
            for act in FUELS + ["electricity"]:
                amt = rnd.uniform(0.2, 5) * scale * (1e5 if act == "electricity" else 1e4)
                sheets["Energy"].append({"sector": sector, "activity": act, "amount": round(amt, 1),
                                         "unit": UNITS[act], "data_quality": "medium",
                                         "source": f"utility statistics {n}"})
                n += 1
        for sub, act in TRANSPORT:
            if True:
                sheets["Transport"].append({"sector": "transport", "subsector": sub, "activity": act,
                                            "amount": round(rnd.uniform(1, 50) * scale * 1e6, 0), "unit": "L",
                                            "method": "fuel_sales", "source": "fuel sales"})
                n += 1
    year = 2022 + i % 2
    for y in range(year - 19, year + 1):     # landfill disposal history, one row per year
        sheets["Waste"].append({"sector": "waste", "subsector": "landfill", "activity": "msw", "year": y,
                                "amount": round(rnd.uniform(0.3, 0.6) * pop * 0.365, 0), "unit": "t",
                                "method": "managed_anaerobic", "source": "landfill weighbridge"})
    sheets["Waste"].append({"sector": "waste", "subsector": "composting", "activity": "food",
                            "amount": round(pop * 0.01, 0), "unit": "t", "method": "wet"})
    for sub in ("anaerobic_digestion", "incineration", "open_burning"):
        sheets["Waste"].append({"sector": "waste", "subsector": sub, "activity": "msw", "notation_key": "NE",
                                "notes": "data requested"})
    sheets["Wastewater"].append({"sector": "wastewater", "subsector": "domestic", "activity": "population",
                                 "amount": pop, "unit": "persons", "method": "septic_tank"})
    sheets["Wastewater"].append({"sector": "wastewater", "subsector": "industrial", "activity": "cod_load",
                                 "notation_key": "NE", "notes": "data requested"})
    if i % 10 == 0:   # a few faults so the error paths are timed too
        sheets["Energy"][3]["amount"] = "n/a"
        sheets["Energy"][5]["unit"] = "kg" if sheets["Energy"][5]["activity"] == "electricity" else "foo"
    for name, data in sheets.items():
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, ACTIVITY_COLUMNS)
        for r, row in enumerate(data, start=1):
            for c, col in enumerate(ACTIVITY_COLUMNS):
                v = row.get(col)
                if v is not None:
                    ws.write(r, c, v)
    wb.add_worksheet("Lists").hide()
    wb.close()
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    ap.add_argument("--stages", action="store_true", help="per-file time of each stage, in this process")
    ap.add_argument("--design", action="store_true", help="bounds for a batched design (see the module doc)")
    a = ap.parse_args(argv)
    tmp = None
    if a.keep:
        folder = a.keep
        folder.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="ghgkit-bench-")
        folder = Path(tmp.name)
    t0 = time.perf_counter()
    jobs = [(str(folder / f"city_{i:04d}.xlsx"), i, a.rows) for i in range(a.files)]
    with ProcessPoolExecutor(max_workers=a.jobs) as ex:
        list(ex.map(make_submission, jobs, chunksize=16))
    gen = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in folder.glob("*.xlsx"))
    print(f"generated {a.files} submissions of ~{a.rows} rows in {gen:.1f} s ({size / 1e6:.1f} MB)")

    if a.stages or a.design:
        (stages if a.stages else design)(sorted(folder.glob("*.xlsx")))
        if tmp:
            tmp.cleanup()
        return 0

    from ghgkit.validation import validate_paths

    t0 = time.perf_counter()
    reports = validate_paths([folder], jobs=a.jobs)
    dt = time.perf_counter() - t0
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = self_mb + child_mb
    rows = sum(r.rows for r in reports)
    with_totals = sum(r.basic_co2e_t is not None for r in reports)
    print(f"validated {len(reports)} files ({rows:,} rows; {sum(r.errors > 0 for r in reports)} with errors; "
          f"{with_totals} with totals) with {a.jobs} workers in {dt:.1f} s "
          f"= {dt / 60:.2f} x the 60 s target; {1000 * dt / max(1, len(reports)):.0f} ms per file")
    print(f"peak memory: this process {self_mb:.0f} MB + largest worker {child_mb:.0f} MB = {peak:.0f} MB "
          f"= {peak / 1024:.2f} x the 1 GB target")
    if tmp:
        tmp.cleanup()
    return 0 if dt < 60 and peak < 1024 else 1


def stages(files: list[Path], warm: int = 10) -> None:
    """Print the median ms per file of each stage of ``validate_file`` (see the module doc)."""
    import statistics

    from python_calamine import CalamineWorkbook

    import ghgkit.inventory
    from ghgkit.validation import batch

    spent: dict[str, float] = {}

    def timed(owner, name: str, key: str):
        inner = getattr(owner, name)

        def wrapper(*args, **kw):
            t = time.perf_counter()
            try:
                return inner(*args, **kw)
            finally:
                spent[key] = spent.get(key, 0.0) + time.perf_counter() - t
        setattr(owner, name, wrapper)
        return inner

    saved = [(batch, "read", timed(batch, "read", "read")),
             (batch, "check_submission", timed(batch, "check_submission", "rules")),
             (batch, "_totals", timed(batch, "_totals", "totals")),
             (ghgkit.inventory, "calculate", timed(ghgkit.inventory, "calculate", "calculation"))]
    per: list[dict] = []
    try:
        for k, f in enumerate(files):
            spent.clear()
            t = time.perf_counter()
            batch.validate_file(f)
            whole = time.perf_counter() - t
            t = time.perf_counter()
            wb = CalamineWorkbook.from_path(str(f))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python()
            floor = time.perf_counter() - t
            if k >= warm and "calculation" in spent:
                per.append({**spent, "whole": whole, "calamine": floor})
    finally:
        for owner, name, inner in saved:
            setattr(owner, name, inner)
    if not per:
        print("no file got totals after the warm-up: give more --files")
        return
    med = {key: 1000 * statistics.median(p[key] for p in per) for key in per[0]}
    rest = med["whole"] - med["read"] - med["rules"] - med["totals"]
    print(f"{len(per)} files with totals (after {warm} for warm-up), median ms per file: "
          f"whole {med['whole']:.1f} = read {med['read']:.1f} + rules {med['rules']:.1f} + totals "
          f"{med['totals']:.1f} (calculation {med['calculation']:.1f}) + rest {rest:.1f}; "
          f"python-calamine reads the file in {med['calamine']:.1f} ({med['whole'] / med['calamine']:.0f}x)")


def design(files: list[Path], rounds: int = 5) -> None:
    """Print the bounds of ``--design`` (see the module doc)."""
    import copy
    import re
    import statistics
    import xml.parsers.expat as expat
    import zipfile

    from python_calamine import CalamineWorkbook

    from ghgkit.rules import rows
    from ghgkit.rules.findings import Findings
    from ghgkit.rules.submission import check_submission
    from ghgkit.validation.readers import Submission, read

    def sheet_parts(zf):
        return [n for n in zf.namelist() if n.startswith("xl/worksheets/") or n == "xl/sharedStrings.xml"]

    def calamine(f):
        wb = CalamineWorkbook.from_path(str(f))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()

    def null_callbacks(f):
        with zipfile.ZipFile(f) as zf:
            for name in sheet_parts(zf):
                p = expat.ParserCreate()
                p.buffer_text = True
                p.StartElementHandler = lambda name, attrs: None
                p.EndElementHandler = lambda name: None
                p.CharacterDataHandler = lambda data: None
                with zf.open(name) as fh:
                    p.ParseFile(fh)

    cell = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
    shared = re.compile(rb"<si>(.*?)</si>", re.S)

    def regex_scan(f):
        found = []
        with zipfile.ZipFile(f) as zf:
            for name in sheet_parts(zf):
                found.extend((shared if name.endswith("sharedStrings.xml") else cell).findall(zf.read(name)))
        return found

    readers = {"python-calamine": calamine, "ghgkit's reader": lambda f: read(f, Findings(f)),
               "expat, callbacks that do nothing": null_callbacks, "a regular expression scan": regex_scan}
    times: dict = {k: [] for k in readers}
    for k, f in enumerate(files):
        for name, fn in readers.items():
            t = time.perf_counter()
            fn(f)
            if k >= 5:                                  # the first files warm up
                times[name].append(time.perf_counter() - t)
    med = {k: 1000 * statistics.median(v) for k, v in times.items()}
    floor = med["python-calamine"]
    print("reading, ms per file: " + "; ".join(f"{k} {v:.2f} ({v / floor:.1f}x)" for k, v in med.items()))

    clean = [read(f, Findings(f)) for k, f in enumerate(files) if k % 10]   # make_submission's faults: 1 in 10
    n = len(clean) // 32 * 32
    if n < 32:
        print("rules: give at least 36 --files")
        return
    clean = clean[:n]

    def merged(group):
        sheets = []
        for k, sub in enumerate(group):
            for sh in sub.sheets:
                low = sh.name.lower()
                if low in ("settings", "lists") and k:
                    continue
                sh = copy.deepcopy(sh)
                if low not in ("settings", "lists"):
                    sh.name = f"{sh.name}{k}"
                sheets.append(sh)
        return Submission(group[0].path, sheets)

    inputs = {1: clean, 16: [merged(clean[i:i + 16]) for i in range(0, n, 16)],
              32: [merged(clean[i:i + 32]) for i in range(0, n, 32)]}
    listed = rows.LISTED_PER_RULE
    cases = [(size, limit) for limit in (listed, 10 ** 9) for size in inputs]
    per: dict = {c: [] for c in cases}
    try:
        check_submission(copy.deepcopy(clean[0]), Findings(clean[0].path))         # warm
        for _ in range(rounds):
            for size, limit in cases:
                copies = [copy.deepcopy(s) for s in inputs[size]]     # the rules change a submission's sheets
                rows.LISTED_PER_RULE = limit
                t = time.perf_counter()
                for s in copies:
                    check_submission(s, Findings(s.path))
                per[(size, limit)].append(1000 * (time.perf_counter() - t) / n)
                rows.LISTED_PER_RULE = listed
    finally:
        rows.LISTED_PER_RULE = listed
    for limit, what in ((listed, f"at most {listed:,} findings listed per rule"), (10 ** 9, "every finding listed")):
        out = []
        for size in inputs:
            v = statistics.median(per[(size, limit)])
            out.append(f"{'one by one' if size == 1 else f'{size} as one submission'} {v:.2f} ({v / floor:.1f}x)")
        print(f"rules, ms per file ({n} files, {what}, median of {rounds}): " + "; ".join(out))


if __name__ == "__main__":
    sys.exit(main())
