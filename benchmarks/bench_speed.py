"""Issue 13: every row of the speed table, each against a floor script run in the same run.

For each measure the ghgkit command (A) and its floor (B) run as child processes,
alternated A, B, A, B ... (``--reps`` pairs, 5 by default); each run's wall time,
CPU time (user + system) and peak resident memory come from ``os.wait4`` (the
rusage of that one child). The table shows the medians and the ratio A / B of the
medians. Inputs are generated in a temporary folder first (not timed).

    python benchmarks/bench_speed.py            # the sizes of the issue (takes ~15 min on 2 cores)
    python benchmarks/bench_speed.py --quick    # smaller sizes (~2 min)
    python benchmarks/bench_speed.py --only calc_cpu,excel --reps 3

ghgkit's modules are byte-compiled first (``compileall``, as ``pip install`` does for an
installed package): a machine that sets ``PYTHONDONTWRITEBYTECODE`` would otherwise compile
them at every start of an editable install (~0.1 s per run). The runs use the user's ghgkit
cache (validated tables, GWP sets, the unit memo) as any user's second run does: the first
run of a measure after an install or an edit of ghgkit fills it (pint is then loaded once,
~0.25 s); a median of 5 or more pairs is not moved by that one run.

Measures (``--only`` names) and their floors:

calc_cpu, calc_mem
    ``ghgkit calc big.csv --format csv -o out.csv`` on 2 M rows (quick: 200 k): CPU
    time and peak memory, vs a pyarrow script that reads the CSV, merges a factor
    table on (activity, unit), multiplies the amount by four gas factors and writes
    the CSV.
calc_same
    With calc_cpu (``--only calc_cpu,calc_same``): the same command against a floor that writes
    calc's 17 columns ('line N', GPC reference, scope, factor ids: ~1.75x the bytes of the
    floor above). No target: it shows how much of calc_cpu's gap is the output's size.
calc_wall
    The same on 200 k rows (quick: 50 k), wall time.
excel, excel_1m
    ``ghgkit calc big.csv --excel r.xlsx`` on 100 k rows (quick: 20 k), time and memory,
    vs a script that reads the CSV with pyarrow, computes four gases and writes a
    27-column sheet with xlsxwriter ``constant_memory``. ``excel_1m``: 1 M rows once,
    absolute (target < 90 s, < 500 MB); only with ``--only excel_1m`` or in the full run.
html
    ``ghgkit calc big.csv --html r.html`` on 100 k rows (quick: 20 k) vs ``ghgkit calc big.csv``.
start
    Cold ``ghgkit calc`` on examples/demo_city vs ``python -c "import pandas, pint"``.
portfolio
    ``ghgkit project portfolio`` on 500 YAML files (quick: 100) vs a script that parses
    them with libyaml (``CSafeLoader``) and builds a pandas frame of the monitoring rows.
validate
    ``ghgkit validate --jobs 2`` on 1,000 workbooks (quick: 100) vs two processes that
    read every sheet of every workbook with python-calamine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

FUELS = [("household", "", "lpg", "kg"), ("household", "", "kerosene", "L"), ("building", "", "diesel", "L"),
         ("industry", "", "coal", "t"), ("industry", "", "natural_gas", "GJ"),
         ("household", "", "electricity", "kWh"), ("transport", "on_road", "gasoline", "L"),
         ("transport", "on_road", "diesel", "L"), ("agriculture", "", "diesel", "L")]

TARGETS = {"calc_cpu": 1.5, "calc_wall": 1.5, "calc_mem": 1.2, "excel": 1.5, "html": 1.5, "start": 1.15,
           "portfolio": 1.5, "validate": 4.0}

# -- floors (run as `python -c`) --------------------------------------------------------------
FLOOR_CALC = r"""
import sys, pyarrow as pa, pyarrow.csv as pc, pyarrow.compute as pcm
t = pc.read_csv(sys.argv[1])
f = pa.table({"activity": ["lpg", "kerosene", "diesel", "coal", "natural_gas", "electricity", "gasoline"],
              "unit": ["kg", "L", "L", "t", "GJ", "kWh", "L"],
              "co2": [3.0e-3, 2.5e-3, 2.7e-3, 2.4, 5.6e-2, 6e-4, 2.3e-3], "ch4": [1e-7] * 7,
              "n2o": [1e-8] * 7, "bio": [0.0] * 7})
t = t.join(f, ["activity", "unit"], join_type="left outer")
a = t["amount"]
for g in ("co2", "ch4", "n2o", "bio"):
    t = t.set_column(t.schema.get_field_index(g), g + "_t", pcm.multiply(a, t[g]))
t = t.append_column("co2e_t", pcm.add(pcm.add(t["co2_t"], pcm.multiply(t["ch4_t"], 28.0)),
                                      pcm.multiply(t["n2o_t"], 265.0)))
pc.write_csv(t, sys.argv[2])
"""

#: the floor above writing what ``calc --format csv`` writes: its 17 columns, 'line N', the GPC
#: reference, scope and factor ids of each row (~376 MB for 2 M rows, against ~215 MB); factors looked
#: up in row order (no join, no sort). Not a target of the issue: it shows how much of the gap to
#: FLOOR_CALC is the output's size.
FLOOR_CALC_SAME = r"""
import sys, numpy as np, pyarrow as pa, pyarrow.csv as pc, pyarrow.compute as pcm
t = pc.read_csv(sys.argv[1])
acts = ["lpg", "kerosene", "diesel", "coal", "natural_gas", "electricity", "gasoline"]
f = pa.table({"activity": acts, "unit": ["kg", "L", "L", "t", "GJ", "kWh", "L"],
              "gpc_ref": ["I.1.1"] * 7, "scope": [1] * 7,
              "co2": [3.0e-3, 2.5e-3, 2.7e-3, 2.4, 5.6e-2, 6e-4, 2.3e-3], "ch4": [1e-7] * 7,
              "n2o": [1e-8] * 7, "bio": [0.0] * 7,
              "factor_ids": [f"st_ind_{a}_co2;st_ind_{a}_ch4;st_ind_{a}_n2o" for a in acts]})
n = t.num_rows
key = pcm.binary_join_element_wise(t["activity"], t["unit"], "|")
ft = f.take(pcm.index_in(key, value_set=pcm.binary_join_element_wise(f["activity"], f["unit"], "|")))
a = t["amount"]
g = {k: pcm.multiply(a, ft[k]) for k in ("co2", "ch4", "n2o", "bio")}
co2e = pcm.add(pcm.add(g["co2"], pcm.multiply(g["ch4"], 28.0)), pcm.multiply(g["n2o"], 265.0))
line = pcm.binary_join_element_wise("line ", pcm.cast(pa.array(np.arange(2, n + 2)), pa.string()), "")
null = pa.nulls(n, pa.string())
pc.write_csv(pa.table({"source": line, "sector": t["sector"], "subsector": t["subsector"], "gpc_ref": ft["gpc_ref"],
                       "scope": ft["scope"], "activity": t["activity"], "amount": a, "unit": t["unit"],
                       "co2_t": g["co2"], "ch4_t": g["ch4"], "n2o_t": g["n2o"], "co2_biogenic_t": g["bio"],
                       "co2e_t": co2e, "factor_ids": ft["factor_ids"], "notation_key": null,
                       "data_source": null, "notes": null}), sys.argv[2])
"""

FLOOR_EXCEL = r"""
import sys, pyarrow.csv as pc, xlsxwriter
t = pc.read_csv(sys.argv[1]).to_pandas()
a = t["amount"].to_numpy()
gases = [a * 2.7e-3, a * 1e-7, a * 1e-8, a * 0.0, a * 2.7e-3 + a * 28e-7 + a * 265e-8]
wb = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True, "strings_to_formulas": False,
                                       "strings_to_numbers": False, "strings_to_urls": False})
ws = wb.add_worksheet("Calculation")
num = wb.add_format({"num_format": "#,##0.0000"})
ws.write_row(0, 0, ["c%d" % i for i in range(27)])
cols = [t[c].astype(object).where(t[c].notna(), "").tolist() for c in ("sector", "subsector", "activity", "unit", "method")]
g = [x.tolist() for x in gases]
for i in range(len(t)):
    r = i + 1
    ws.write_number(r, 0, i + 1)
    ws.write_string(r, 1, "line %d" % (i + 2))
    for j in range(5):
        ws.write_string(r, 2 + j, cols[j][i])
    ws.write_number(r, 7, 1)
    ws.write_string(r, 8, "BASIC")
    ws.write_number(r, 9, float(a[i]))
    for j in range(10, 16):
        ws.write_string(r, j, "factor text")
    for j in range(5):
        ws.write_number(r, 16 + j, g[j][i], num)
    for j in range(21, 27):
        ws.write_string(r, j, "")
wb.close()
"""

FLOOR_START = "import pandas, pint"

FLOOR_PORTFOLIO = r"""
import sys, pathlib, yaml, pandas as pd
rows = []
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    d = yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    for m in d.get("monitoring") or []:
        rows.append({"file": p.name, "methodology": d["methodology"], "host": d["host_city"], **m})
df = pd.DataFrame(rows)
print(df.groupby(["methodology", "year"])["value"].sum().to_string())
"""

FLOOR_VALIDATE = r"""
import sys, pathlib
from concurrent.futures import ProcessPoolExecutor
from python_calamine import CalamineWorkbook

def read(p):
    wb = CalamineWorkbook.from_path(p)
    return sum(len(wb.get_sheet_by_name(n).to_python()) for n in wb.sheet_names)

if __name__ == "__main__":
    files = sorted(str(p) for p in pathlib.Path(sys.argv[1]).glob("*.xlsx"))
    with ProcessPoolExecutor(2) as ex:
        print(sum(ex.map(read, files, chunksize=16)))
"""


# -- measuring --------------------------------------------------------------------------------
#: started by :func:`run` to start the measured command: Linux keeps in a child's ``ru_maxrss`` the
#: peak RSS of the process it was forked from (the memory image ``exec`` replaced), so a command
#: started straight from this script (which holds the generated inputs) would read at least this
#: script's own peak; the launcher is a small Python process, and the same for A and B.
LAUNCHER = r"""
import json, os, subprocess, sys, time
t = time.perf_counter()
try:
    p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=sys.stderr)
except OSError as e:
    sys.exit(f"cannot start {sys.argv[1]}: {e}")
_, status, ru = os.wait4(p.pid, 0)
wall = time.perf_counter() - t
print(json.dumps([wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)]))
"""


def run(cmd: list[str], cwd=None) -> tuple[float, float, float]:
    """Run *cmd* through :data:`LAUNCHER`; its (wall s, CPU s, peak RSS MiB) from its own rusage."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    with tempfile.TemporaryFile() as err:
        out = subprocess.run([PY, "-c", LAUNCHER, *cmd], stdout=subprocess.PIPE, stderr=err, cwd=cwd, env=env,
                             text=True)
        lines = out.stdout.strip().splitlines()
        if out.returncode != 0 or not lines:          # the launcher itself failed: the command did not run
            err.seek(0)
            raise RuntimeError(f"{cmd[:4]} not measured (launcher exit {out.returncode}): "
                               f"{err.read().decode()[-2000:]}")
        wall, cpu, mem, code = json.loads(lines[-1])
        if code not in (0, 1):                        # 1: findings (validate), which are expected
            err.seek(0)
            raise RuntimeError(f"{cmd[:4]} exit {code}: {err.read().decode()[-2000:]}")
    # ru_maxrss of a child that started workers: its own peak (workers are its children, not ours)
    return wall, cpu, mem


def pairs(a: list[str], b: list[str], reps: int, cwd=None) -> dict:
    """A and B alternated *reps* times (the first of each pair swapped every other time)."""
    ra, rb = [], []
    for i in range(reps):
        if i % 2 == 0:
            ra.append(run(a, cwd))
            rb.append(run(b, cwd))
        else:
            rb.append(run(b, cwd))
            ra.append(run(a, cwd))
    med = lambda xs, k: statistics.median(x[k] for x in xs)   # noqa: E731
    return {"a": {k: med(ra, i) for i, k in enumerate(("wall", "cpu", "mem"))},
            "b": {k: med(rb, i) for i, k in enumerate(("wall", "cpu", "mem"))}}


# -- inputs -----------------------------------------------------------------------------------
def write_csv(path: Path, n: int, seed: int = 1) -> Path:
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(FUELS), n)
    cols = [np.array(c, dtype=object)[pick] for c in zip(*FUELS)]
    df = pd.DataFrame({"sector": cols[0], "subsector": cols[1], "activity": cols[2],
                       "amount": np.round(rng.uniform(1, 1e5, n), 2), "unit": cols[3]})
    df["method"] = np.where(df["sector"] == "transport", "fuel_sales", "")
    df.to_csv(path, index=False)
    return path


def write_projects(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    src = sorted((ROOT / "examples" / "projects").glob("*.yaml"))
    for i in range(n):
        text = src[i % len(src)].read_text(encoding="utf-8")
        lines = [(ln + f" (copy {i})" if ln.startswith("title:") else ln) for ln in text.splitlines()]
        (folder / f"p{i:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def write_workbooks(folder: Path, n: int) -> Path:
    sys.path.insert(0, str(Path(__file__).parent))
    from concurrent.futures import ProcessPoolExecutor

    from bench_validate import make_submission

    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(2) as ex:
        list(ex.map(make_submission, [(str(folder / f"city_{i:04d}.xlsx"), i, 300) for i in range(n)],
                    chunksize=16))
    return folder


# -- the table --------------------------------------------------------------------------------
GHGKIT = [PY, "-m", "ghgkit"]
SETS = ["--set", "inventory_year=2023", "--set", "grid_ef=0.6", "--set", "grid_ef_source=bench"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes")
    ap.add_argument("--reps", type=int, default=5, help="A/B pairs per measure (median)")
    ap.add_argument("--only", default="", help="comma-separated measures (see the module docstring)")
    a = ap.parse_args(argv)
    q = a.quick
    size = {"calc_cpu": 200_000 if q else 2_000_000, "calc_wall": 50_000 if q else 200_000,
            "excel": 20_000 if q else 100_000, "html": 20_000 if q else 100_000,
            "portfolio": 100 if q else 500, "validate": 100 if q else 1000}
    only = set(filter(None, a.only.split(",")))
    want = (lambda k: k in only) if only else (lambda k: k != "excel_1m" or not q)  # noqa: E731
    import compileall

    compileall.compile_dir(str(ROOT / "ghgkit"), quiet=2)        # as an installed package has them
    load = os.getloadavg()
    print(f"# ghgkit speed vs floors (ghgkit byte-compiled); {'quick' if q else 'full'} sizes; "
          f"{a.reps} A/B pairs, medians; "
          f"{os.cpu_count()} cores; load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{'measure':<44}{'ghgkit':>12}{'floor':>12}{'ratio':>8}{'target':>8}")
    out_rows = []

    def show(key, label, ga, gb, unit):
        ratio = ga / gb if gb else float("nan")
        tgt = TARGETS.get(key)
        fmt = (lambda v: f"{v:,.0f} MB") if unit == "MB" else (lambda v: f"{v:.2f} s")  # noqa: E731
        print(f"{label:<44}{fmt(ga):>12}{fmt(gb):>12}{ratio:>7.2f}x{('≤' + str(tgt) + 'x') if tgt else '':>8}",
              flush=True)
        out_rows.append((key, label, ga, gb, ratio))

    with tempfile.TemporaryDirectory(prefix="ghgkit-speed-") as d:
        d = Path(d)
        if want("calc_cpu") or want("calc_mem"):
            n = size["calc_cpu"]
            big = write_csv(d / "big.csv", n)
            r = pairs([*GHGKIT, "calc", str(big), "--format", "csv", "-o", str(d / "o.csv"), *SETS],
                      [PY, "-c", FLOOR_CALC, str(big), str(d / "f.csv")], a.reps)
            show("calc_cpu", f"calc CSV->CSV {n:,} rows, CPU", r["a"]["cpu"], r["b"]["cpu"], "s")
            show("calc_mem", f"calc CSV->CSV {n:,} rows, peak RSS", r["a"]["mem"], r["b"]["mem"], "MB")
            if want("calc_same"):
                r = pairs([*GHGKIT, "calc", str(big), "--format", "csv", "-o", str(d / "o.csv"), *SETS],
                          [PY, "-c", FLOOR_CALC_SAME, str(big), str(d / "f.csv")], a.reps)
                show("calc_same", "  floor writing calc's 17 columns, CPU", r["a"]["cpu"], r["b"]["cpu"], "s")
                show("calc_same_mem", "  floor writing calc's 17 columns, RSS", r["a"]["mem"], r["b"]["mem"], "MB")
            big.unlink()
        if want("calc_wall"):
            n = size["calc_wall"]
            mid = write_csv(d / "mid.csv", n, seed=2)
            r = pairs([*GHGKIT, "calc", str(mid), "--format", "csv", "-o", str(d / "o.csv"), *SETS],
                      [PY, "-c", FLOOR_CALC, str(mid), str(d / "f.csv")], a.reps)
            show("calc_wall", f"calc CSV->CSV {n:,} rows, wall", r["a"]["wall"], r["b"]["wall"], "s")
        if want("excel") or want("html"):
            n = size["excel"]
            rep = write_csv(d / "rep.csv", n, seed=3)
            if want("excel"):
                r = pairs([*GHGKIT, "calc", str(rep), "--excel", str(d / "r.xlsx"), *SETS],
                          [PY, "-c", FLOOR_EXCEL, str(rep), str(d / "f.xlsx")], a.reps)
                show("excel", f"--excel {n:,} rows, wall", r["a"]["wall"], r["b"]["wall"], "s")
                show("excel_mem", f"--excel {n:,} rows, peak RSS", r["a"]["mem"], r["b"]["mem"], "MB")
            if want("html"):
                r = pairs([*GHGKIT, "calc", str(rep), "--html", str(d / "r.html"), *SETS],
                          [*GHGKIT, "calc", str(rep), *SETS], a.reps)
                show("html", f"--html {n:,} rows vs calc alone, wall", r["a"]["wall"], r["b"]["wall"], "s")
        if want("excel_1m"):
            one = write_csv(d / "one.csv", 1_000_000, seed=4)
            wall, _, mem = run([*GHGKIT, "calc", str(one), "--excel", str(d / "m.xlsx"), *SETS])
            print(f"{'--excel 1,000,000 rows (once; < 90 s, < 500 MB)':<44}{wall:>10.1f} s{mem:>9,.0f} MB",
                  flush=True)
            out_rows.append(("excel_1m", "--excel 1,000,000 rows", wall, mem, float("nan")))
            one.unlink()
        if want("start"):
            demo = ROOT / "examples" / "demo_city"
            r = pairs([*GHGKIT, "calc", str(demo / "demo_city.xlsx")], [PY, "-c", FLOOR_START], a.reps)
            show("start", "cold calc demo city vs import pandas, pint", r["a"]["wall"], r["b"]["wall"], "s")
        if want("portfolio"):
            n = size["portfolio"]
            folder = write_projects(d / "projects", n)
            r = pairs([*GHGKIT, "project", "portfolio", str(folder), "--format", "json"],
                      [PY, "-c", FLOOR_PORTFOLIO, str(folder)], a.reps)
            show("portfolio", f"project portfolio {n} YAML files, wall", r["a"]["wall"], r["b"]["wall"], "s")
        if want("validate"):
            n = size["validate"]
            folder = write_workbooks(d / "books", n)
            script = d / "floor_validate.py"
            script.write_text(FLOOR_VALIDATE, encoding="utf-8")
            r = pairs([*GHGKIT, "validate", str(folder), "--jobs", "2", "-q"], [PY, str(script), str(folder)],
                      a.reps)
            show("validate", f"validate {n:,} workbooks, 2 workers, wall", r["a"]["wall"], r["b"]["wall"], "s")
    load = os.getloadavg()
    print(f"# load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
