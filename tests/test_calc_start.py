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
