"""`ghgkit calc`: a capped list of warnings per rule, and no report libraries imported at start."""

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.cli.calc import WARNINGS_PER_CODE

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo_city"


def test_warnings_of_one_rule_are_capped(tmp_path):
    p = tmp_path / "a.csv"
    n = WARNINGS_PER_CODE + 7          # the first row and n duplicates of it
    p.write_text("sector,activity,amount,unit\n" + "household,lpg,1,t\n" * (n + 1), encoding="utf-8")
    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--format", "csv"])
    assert r.exit_code == 0
    dup = [ln for ln in r.stderr.splitlines() if ln.startswith("warning CELL-005 ")]
    assert len(dup) == WARNINGS_PER_CODE
    assert "line 3:" in dup[0]                                    # the first duplicate is the second row
    assert "warning CELL-005: 7 more like these" in r.stderr
    assert len(r.stdout.splitlines()) == 1 + n + 1                # header and every row still computed


def test_calc_does_not_import_report_libraries():
    code = ("import sys; from ghgkit.cli import main\n"
            "try:\n"
            f"    main(['calc', r'{DEMO / 'demo_city.xlsx'}', '--format', 'json'])\n"
            "except SystemExit:\n"
            "    pass\n"
            "bad = [m for m in ('matplotlib', 'jinja2', 'openpyxl', 'xlsxwriter') if m in sys.modules]\n"
            "print('LOADED', ','.join(bad))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "LOADED " in r.stdout, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "LOADED"


def test_project_yaml_parsed_once_with_key_lines(tmp_path):
    from ghgkit.projects.io import _load_yaml

    text = "title: a\nex_ante:\n  grid_ef: 0.5\n  hours: 1000\nmonitoring:\n  - year: 2024\n  - year: 2025\n"
    data, lines = _load_yaml(text, "p.yaml")
    assert data["ex_ante"] == {"grid_ef": 0.5, "hours": 1000}
    assert lines == {"title": 1, "ex_ante": 2, "ex_ante.grid_ef": 3, "ex_ante.hours": 4, "monitoring": 5,
                     "monitoring.0": 6, "monitoring.1": 7}


def test_lazy_commands_all_listed():
    from ghgkit.cli import COMMANDS

    r = CliRunner().invoke(main, ["--help"])
    listed = [ln.split()[0] for ln in r.output.split("Commands:")[1].splitlines() if ln.strip()]
    assert listed == sorted(COMMANDS)


def _pool_after(env: dict, run) -> tuple[str, str]:
    """(backend before, backend after) of Arrow's default pool around *run* in a fresh process."""
    code = ("import pyarrow as pa, sys\n"
            "before = pa.default_memory_pool().backend_name\n"
            f"{run}\n"
            "print(before, pa.default_memory_pool().backend_name)\n")
    env = {k: v for k, v in __import__("os").environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"} | env
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return tuple(out.stdout.split()[-2:])


CALC = ("from ghgkit.cli import main\n"
        f"try:\n    main(['calc', {str(DEMO / 'demo_city.xlsx')!r}, '--format', 'csv', '-o', {{out!r}}])\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code\n")


def test_calc_allocates_arrow_memory_with_jemalloc_where_arrow_has_it(tmp_path):
    """The command line lets Arrow allocate with jemalloc (a million-row report peaked ~60 MB lower);
    a user's ARROW_DEFAULT_MEMORY_POOL wins, and a program using ghgkit keeps its allocator."""
    import pyarrow as pa

    want = "jemalloc" if "jemalloc" in pa.supported_memory_backends() else None
    before, after = _pool_after({}, CALC.format(out=str(tmp_path / "a.csv")))
    assert after == (want or before)
    assert _pool_after({"ARROW_DEFAULT_MEMORY_POOL": "system"}, CALC.format(out=str(tmp_path / "b.csv"))) == (
        "system", "system")
    big_pages = "import os\nos.sysconf = lambda name: 65536\n" + CALC.format(out=str(tmp_path / "d.csv"))
    before, after = _pool_after({}, big_pages)                    # 64 KiB pages: jemalloc may not work
    assert after == before
    library = ("import ghgkit\n"
               f"ghgkit.calculate(*ghgkit.load({str(DEMO / 'demo_city.xlsx')!r})).to_csv({str(tmp_path / 'c.csv')!r})")
    before, after = _pool_after({}, library)
    assert after == before
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes() == (tmp_path / "c.csv").read_bytes()


def _freeze_count_at_exit(body: str, also: str = ""):
    """gc's frozen object count when a process running *body* ends (read by an exit handler
    registered first, so it runs last); with *also*, the number on *body*'s stderr line that
    starts with it, too."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: sys.stderr.write(f'FROZEN {gc.get_freeze_count()}\\n'))\n" + body)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    line = [ln for ln in r.stderr.splitlines() if ln.startswith("FROZEN ")]
    assert line, r.stderr
    frozen = int(line[-1].split()[1])
    if not also:
        return frozen
    return frozen, int(next(ln for ln in r.stderr.splitlines() if ln.startswith(also)).split()[1])


def test_the_program_ends_without_the_collector_s_last_passes(tmp_path):
    """The ghgkit program freezes the objects it leaves at exit (the final collection took ~0.15 s
    of every command); the command line run inside another program, and a program that imports
    ghgkit and calculates, do not."""
    out = tmp_path / "r.json"
    args = f"['calc', r'{DEMO / 'demo_city.xlsx'}', '--format', 'json', '-o', r'{out}']"
    program = ("import gc, sys\nfrom ghgkit.cli import run\n"
               f"sys.argv = ['ghgkit', *{args}]\n"
               "try:\n    run()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
               "sys.stderr.write(f'DONE {gc.get_freeze_count()}\\n')\n"
               "junk = [[i] for i in range(5000)]\n")            # made after the command: frozen at exit
    frozen_at_exit, done = _freeze_count_at_exit(program, also="DONE ")
    assert frozen_at_exit >= done + 5000 and done > 10_000     # the imports' objects, then the rest at exit
    assert out.read_text(encoding="utf-8").rstrip().endswith("}")              # the output is whole
    out.unlink()
    in_process = ("from click.testing import CliRunner\nfrom ghgkit.cli import main\n"
                  f"r = CliRunner().invoke(main, {args})\nassert r.exit_code == 0, r.output\n")
    assert _freeze_count_at_exit(in_process) == 0
    assert out.read_text(encoding="utf-8").rstrip().endswith("}")
    lib = (f"import ghgkit\nactivity, settings = ghgkit.load(r'{DEMO / 'demo_city.xlsx'}')\n"
           "inv = ghgkit.calculate(activity, settings)\n")
    assert _freeze_count_at_exit(lib) == 0


def _run_code(code: str) -> str:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_the_program_imports_with_the_collector_off_then_freezes_what_it_imported():
    out = _run_code(
        "import gc\nfrom ghgkit.cli import base\n"
        "base.OWN_PROCESS = True\n"
        "frozen = gc.get_freeze_count()\n"
        "with base.importing():\n"
        "    during = gc.isenabled()\n"
        "    import ghgkit.inventory\n"
        "print('during', during, 'after', gc.isenabled(), 'frozen', gc.get_freeze_count() - frozen > 10_000)\n"
        "frozen = gc.get_freeze_count()\n"
        "junk = [[i] for i in range(1000)]\n"
        "with base.importing():\n"                      # a later block (ghgkit workshop) changes nothing
        "    during = gc.isenabled()\n"
        "print('again', during, gc.get_freeze_count() == frozen)\n")
    assert out.split("\n")[:2] == ["during False after True frozen True", "again True True"]
    out = _run_code(
        "import gc\nfrom ghgkit.cli import base\n"
        "base.OWN_PROCESS = True\n"
        "try:\n"
        "    with base.importing():\n"
        "        raise ImportError('x')\n"
        "except ImportError:\n"
        "    pass\n"
        "print('after an error', gc.isenabled())\n")
    assert out.strip() == "after an error True"
    out = _run_code(
        "import gc\nfrom ghgkit.cli import base\n"
        "base.OWN_PROCESS = True\n"
        "gc.disable()\n"
        "with base.importing():\n"
        "    pass\n"
        "print('off before, off after', not gc.isenabled())\n")
    assert out.strip() == "off before, off after True"


def test_inside_another_program_importing_leaves_the_collector_alone():
    out = _run_code(
        "import gc\nfrom ghgkit.cli import base\n"
        "frozen = gc.get_freeze_count()\n"
        "with base.importing():\n"
        "    during = gc.isenabled()\n"
        "    import ghgkit.inventory\n"
        "print(during, gc.isenabled(), gc.get_freeze_count() == frozen)\n")
    assert out.strip() == "True True True"
