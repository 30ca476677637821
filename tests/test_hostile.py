"""Hostile and mistaken inputs (tests/make_hostile_corpus.py): calc and validate agree, name the place,
never print a traceback, never change the input, stay under 10 s and 1 GB; number cases give the exact total."""

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghgkit.cli import main
from ghgkit.validation import validate_file

sys.path.insert(0, str(Path(__file__).parent))
from make_hostile_corpus import NAMES, build  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    return out, build(out)


def _names():
    return NAMES


def test_case_list_is_complete(corpus):
    assert sorted(corpus[1]) == sorted(NAMES)


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", _names())
def test_calc(corpus, name):
    out, cases = corpus
    case = cases[name]
    path = out / case.file
    before = _sha(path)
    t = time.perf_counter()
    r = CliRunner().invoke(main, ["calc", str(path), "--format", "json", *case.args])
    assert time.perf_counter() - t < 10
    assert _sha(path) == before, "input modified"
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output
    assert r.exit_code == case.exit, r.output
    if case.place:
        assert case.place in r.stderr, r.stderr
    for place in case.extra:
        assert place in r.stderr, r.stderr
    if case.code:
        assert case.code in r.stderr, r.stderr
    if case.errors is not None:
        assert len([ln for ln in r.stderr.splitlines() if ln.strip().startswith("error ")]) == case.errors, r.stderr
    if name == "very_hidden_sheet":
        assert "Visible" in r.stderr                  # a very hidden sheet is not in Excel's Unhide list
    if name == "ne_amount":
        assert "put notation keys in column notation_key" in r.stderr
    if case.exit == 2:
        assert "ghgkit validate" in r.stderr          # the pointer to the full report
    if case.co2_t is not None:
        assert json.loads(r.stdout)["totals"]["co2_t"] == case.co2_t


@pytest.mark.parametrize("name", _names())
def test_validate(corpus, name):
    out, cases = corpus
    case = cases[name]
    path = out / case.file
    before = _sha(path)
    t = time.perf_counter()
    rep = validate_file(path)
    assert time.perf_counter() - t < 10
    assert _sha(path) == before
    if case.code:
        hits = [f for f in rep.findings if f.code == case.code]
        assert hits, [(f.code, f.place) for f in rep.findings]
        if case.place:
            assert any(case.place in (f.place or "") for f in hits), [(f.code, f.place) for f in hits]
    assert not any(f.code == "FILE-001" for f in rep.findings)       # no internal error
    assert bool(rep.errors) == (case.exit == 2)


def test_bounded_memory(corpus):
    """Every hostile file through calc and validate in a fresh process: peak memory under 1 GB."""
    out, cases = corpus
    code = (
        "import resource, sys\n"
        "from click.testing import CliRunner\n"
        "from ghgkit.cli import main\n"
        "for f in sys.argv[1:]:\n"
        "    CliRunner().invoke(main, ['calc', f, '--set', 'inventory_year=2023'])\n"
        "    CliRunner().invoke(main, ['validate', f])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n")
    files = sorted({str(out / c.file) for c in cases.values()})
    r = subprocess.run([sys.executable, "-c", code, *files], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert r.returncode == 0, r.stderr[-2000:]
    peak_kb = int(r.stdout.strip().splitlines()[-1])
    assert peak_kb < 1024 * 1024, f"peak {peak_kb / 1024:.0f} MB"


def test_five_mistakes_in_one_run(tmp_path):
    from ghgkit.io.template import write_template

    p = tmp_path / "city.xlsx"
    write_template(p, example=True)
    wb = openpyxl.load_workbook(p)
    e = wb["Energy"]
    e["D3"] = "twelve"           # text amount
    e["C4"] = "dieselx"          # unknown fuel
    e["E5"] = "tonz"             # unknown unit
    e["D6"] = -5                 # negative
    e["F7"] = 2031               # after the inventory year
    wb.save(p)
    r = CliRunner().invoke(main, ["calc", str(p)])
    assert r.exit_code == 2
    errors = [ln for ln in r.stderr.splitlines() if ln.strip().startswith("error ")]
    assert len(errors) == 5, r.stderr
    for place, code in [("Energy!D3", "CELL-001"), ("Energy!C4", "VOCAB-003"), ("Energy!E5", "UNIT-001"),
                        ("Energy!D6", "CELL-004"), ("Energy!F7", "CONS-003")]:
        assert any(place in ln and code in ln and "hint:" in ln for ln in errors), (place, r.stderr)
    assert "ghgkit validate" in r.stderr.splitlines()[-1] and "--html" in r.stderr.splitlines()[-1]
    # validate finds the same five errors at the same cells
    rep = validate_file(p)
    assert sorted((f.code, f.place) for f in rep.findings if f.severity == "error" and f.code != "CALC-002") == \
        sorted([("CELL-001", "Energy!D3"), ("VOCAB-003", "Energy!C4"), ("UNIT-001", "Energy!E5"),
                ("CELL-004", "Energy!D6"), ("CONS-003", "Energy!F7")])


def test_warnings_print_and_continue(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector;activity;amount;unit\nhousehold;electricity;38,000;MWh\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["calc", str(p), "--format", "json", "--set", "inventory_year=2023",
                                  "--set", "grid_ef=0.5", "--set", "grid_ef_source=x", "--set", "population=9"])
    assert r.exit_code == 0
    assert "warning CELL-009" in r.stderr and "line 2" in r.stderr and "read as 38" in r.stderr
    assert json.loads(r.stdout)["totals"]["co2_t"] == 19.0


@pytest.mark.parametrize("value", ["38.000", "38,000"])
def test_semicolon_hint_is_what_the_reader_reads(tmp_path, value):
    """The hint's spelling for thirty-eight thousand must read as 38000 in the same file: CELL-009
    for 38,000 (read as 38), CELL-008 for 38.000 alone (38 or 38000: no cell shows which)."""
    p = tmp_path / "a.csv"
    p.write_text(f"sector;activity;amount;unit\nhousehold;electricity;{value};MWh\n", encoding="utf-8")
    args = ["--format", "json", "--set", "inventory_year=2023", "--set", "grid_ef=0.5", "--set", "grid_ef_source=x"]
    r = CliRunner().invoke(main, ["calc", str(p), *args])
    if value == "38.000":
        assert r.exit_code == 2 and "error CELL-008" in r.stderr and "line 2" in r.stderr, r.stderr
    else:
        assert r.exit_code == 0 and "CELL-009" in r.stderr and "read as 38 " in r.stderr + " "
    hint = r.stderr.split("hint: ", 1)[1]
    import re
    spellings = re.findall(r"write ([0-9][0-9.,]*) for thirty-eight thousand", hint) + \
        re.findall(r"separator: ([0-9][0-9.,]*) for thirty-eight thousand", hint)
    assert spellings, hint
    for spelled in spellings + \
            re.findall(r"write ([0-9][0-9.,]*) or ([0-9][0-9.,]*) for thirty-eight", hint)[0:1]:
        for s in ([spelled] if isinstance(spelled, str) else spelled):
            p.write_text(f"sector;activity;amount;unit\nhousehold;electricity;{s};MWh\n", encoding="utf-8")
            r2 = CliRunner().invoke(main, ["calc", str(p), *args])
            assert json.loads(r2.stdout)["totals"]["co2_t"] == 19000.0, (s, hint)


def test_non_utf8_settings_file(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,electricity,10,MWh\n", encoding="utf-8")
    s = tmp_path / "s.toml"
    s.write_bytes('inventory_year = 2023\ncity = "S\u00e3o Paulo"\n'.encode("latin-1"))
    r = CliRunner().invoke(main, ["calc", str(p), "--settings", str(s)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "line 2" in r.stderr and "UTF-8" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 2


@pytest.mark.parametrize("target", ["/proc/ghgkit-x.json", "FILE/out.json", "DIR"])
def test_unwritable_output(tmp_path, target):
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,electricity,10,MWh\n", encoding="utf-8")
    (tmp_path / "FILE").write_text("a file, not a folder")
    (tmp_path / "DIR").mkdir()
    out = target if target.startswith("/") else str(tmp_path / target)
    for opt in ("-o", "--html", "--excel"):
        r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--set", "grid_ef=0.5",
                                      opt, out])
        assert r.exit_code == 2 and "Traceback" not in r.output, r.output
        assert out in r.output


def test_killed_write_leaves_nothing_the_next_run_keeps(tmp_path):
    """A write killed outright leaves its temp file; the next write of that output removes it."""
    from ghgkit.io.output import write_text_atomic

    target = tmp_path / "out.json"
    code = ("import os, sys\nfrom ghgkit.io.output import atomic_path\n"
            "with atomic_path(sys.argv[1]) as tmp:\n    tmp.write_text('half')\n    os.kill(os.getpid(), 9)\n")
    r = subprocess.run([sys.executable, "-c", code, str(target)], timeout=60)
    assert r.returncode == -9
    left = [f for f in tmp_path.iterdir() if f.name != "out.json"]
    assert len(left) == 1 and not target.exists()          # the killed write left its temp file
    write_text_atomic(target, "{}\n")
    assert sorted(f.name for f in tmp_path.iterdir()) == ["out.json"]
    assert target.read_text() == "{}\n"


def test_an_output_through_a_link_replaces_its_target_and_keeps_the_link(tmp_path):
    from ghgkit.io.output import write_text_atomic

    (tmp_path / "target.csv").write_text("old")
    (tmp_path / "link.csv").symlink_to("target.csv")
    write_text_atomic(tmp_path / "link.csv", "new")
    assert (tmp_path / "link.csv").is_symlink() and (tmp_path / "target.csv").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "target.csv"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_output_to_a_pipe_or_device_is_written_into_not_replaced(tmp_path):
    """-o /dev/null (as root) replaced the device with a file; a named pipe stands for it here."""
    import stat
    import threading

    from ghgkit.io.output import check_writable, write_text_atomic

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_text()), daemon=True)
    reader.start()
    check_writable(pipe)
    write_text_atomic(pipe, "through the pipe")
    reader.join(timeout=30)
    assert got == ["through the pipe"] and stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="/dev/stdout is POSIX")
def test_an_output_to_dev_stdout_goes_to_the_descriptor(tmp_path):
    """-o /dev/stdout >> log.txt replaced log.txt (the link resolved to it, then renamed over it), and
    -o /dev/stdout | head was refused: the descriptor is written to, as it is."""
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,1,t\n", encoding="utf-8")
    log = tmp_path / "log.txt"
    log.write_text("OLD\n")
    cmd = [sys.executable, "-m", "ghgkit", "calc", str(p), "--set", "inventory_year=2023", "--format", "json",
           "-o", "/dev/stdout"]
    with open(log, "ab") as fh:
        r = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, timeout=120)
    assert r.returncode == 0, r.stderr
    text = log.read_text()
    assert text.startswith("OLD\n{") and json.loads(text[4:])["totals"]["co2e_t"] > 0
    r = subprocess.run(cmd, capture_output=True, timeout=120)                     # a pipe
    assert r.returncode == 0 and json.loads(r.stdout)["totals"]["co2e_t"] > 0, r.stderr


def test_an_output_that_is_a_link_loop_is_refused_with_the_path(tmp_path):
    """A link that points back to itself was a traceback (RuntimeError: Symlink loop)."""
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,1,t\n", encoding="utf-8")
    (tmp_path / "loop_a").symlink_to("loop_b")
    (tmp_path / "loop_b").symlink_to("loop_a")
    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "-o", str(tmp_path / "loop_a")])
    assert r.exit_code == 2 and "Traceback" not in r.output and "loop_a" in r.output, r.output


@pytest.mark.parametrize("change, place", [
    # the amount cell D2 given again with another value: the later one was read (9 MWh for 1,150,000)
    (lambda x: x.replace('<c r="D2" s="7"><v>1150000</v></c>',
                         '<c r="D2" s="7"><v>1150000</v></c><c r="D2" s="7"><v>9</v></c>', 1), "Energy!D2"),
    # row 2 given twice: summed twice
    (lambda x: x.replace('<row r="3"', x[x.index('<row r="2"'):x.index('<row r="3"')] + '<row r="3"', 1),
     "Energy!A2"),
])
def test_a_sheet_xml_repeating_a_cell_or_row_is_refused(tmp_path, change, place):
    """Excel writes each cell and row once, in order; a hand-made or damaged file that repeats one
    had its later value silently replace the earlier (or its row summed twice): FILE-012, at the cell."""
    import zipfile

    src = Path(__file__).resolve().parents[1] / "examples" / "demo_city" / "demo_city.xlsx"
    p = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":              # Energy
                new = change(data.decode("utf-8")).encode("utf-8")
                assert new != data
                data = new
            zout.writestr(item, data)
    r = CliRunner().invoke(main, ["calc", str(p), "--format", "json"])
    assert r.exit_code == 2 and "FILE-012" in r.stderr and place in r.stderr, r.stderr
    assert [(f.code, f.place) for f in validate_file(p).findings if f.severity == "error"] == [("FILE-012", place)]
