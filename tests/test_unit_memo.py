"""The unit memo (issue 13, cold start): what pint made of the unit strings met so far, kept
between runs, so that a run whose units are all known never imports pint.

Each entry must be exactly what pint gives (the numbers out are the same bytes), an entry is
never an error (a refused unit is refused again, with its message), and a memo that cannot be
read is no memo.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from ghgkit import cache, units
from ghgkit.errors import UnitError
from ghgkit.projects import base

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo_city" / "demo_city.xlsx"
PROBE = ("import runpy, sys\n"
         "sys.argv = ['ghgkit'] + sys.argv[1:]\n"
         "try:\n    runpy.run_module('ghgkit', run_name='__main__')\n"
         "except SystemExit as e:\n    code = e.code\n"
         "finally:\n    print('PINT' if 'pint' in sys.modules else 'NO PINT', file=sys.stderr)\n")


def _run(folder, *args):
    env = {**os.environ, cache.ENV: str(folder)}
    r = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], capture_output=True, text=True,
                       env=env, cwd=ROOT)
    return r.stdout, r.stderr.strip().splitlines()[-1], r.returncode


def _entries(folder: Path) -> dict:
    (path,) = Path(folder).glob("units-*.pickle")
    with open(path, "rb") as fh:
        _key, _digest, payload = pickle.load(fh)
    return pickle.loads(payload)


@contextmanager
def _no_memo():
    """Units worked out by pint in this process, as without a memo (and without the lru caches)."""
    saved = units.MEMO._data, units.MEMO._learnt
    cached = (units.parse_unit, units.conversion_factor, units.per_dimension, base.unit_factor,
              base.fuel_energy_factor)
    units.MEMO._data, units.MEMO._learnt = {}, True          # learnt: nothing is registered to save
    for f in cached:
        f.cache_clear()
    try:
        yield
    finally:
        units.MEMO._data, units.MEMO._learnt = saved
        for f in cached:
            f.cache_clear()


def test_a_second_run_needs_no_pint_and_gives_the_same_bytes(tmp_path):
    """The demo city twice with one cache folder: the first run parses its units with pint and
    keeps them, the second reads them and never imports pint; the output is the same bytes as
    a run without any cache."""
    first = _run(tmp_path / "c", "calc", DEMO, "--format", "json")
    second = _run(tmp_path / "c", "calc", DEMO, "--format", "json")
    none = _run("off", "calc", DEMO, "--format", "json")
    assert first[2] == second[2] == none[2] == 0
    assert (first[1], second[1], none[1]) == ("PINT", "NO PINT", "PINT")
    assert first[0] == second[0] == none[0]
    portfolio = [_run(tmp_path / "c", "project", "portfolio", ROOT / "examples" / "projects", "--format", "json")
                 for _ in range(2)]
    assert [p[1] for p in portfolio] == ["PINT", "NO PINT"] and portfolio[0][0] == portfolio[1][0]


def test_every_entry_is_what_pint_gives(tmp_path):
    """Each unit the demo city, its CSV with a factor file and the example projects met, worked
    out again by pint in this process: the same expression and dimension, the same float (==,
    not approx), the same dimensions."""
    _run(tmp_path, "calc", DEMO, "--format", "json")
    demo = ROOT / "examples" / "demo_city"
    _run(tmp_path, "calc", demo / "demo_city.csv", "--settings", demo / "settings.toml", "--factors",
         demo / "factors.csv")
    _run(tmp_path, "project", "portfolio", ROOT / "examples" / "projects")
    entries = _entries(tmp_path)
    kinds = {k[0] for k in entries}
    assert {"unit", "factor", "parameter", "fuel amount", "dimensions"} <= kinds, kinds
    with _no_memo():
        for key, value in entries.items():
            kind, *args = key
            if kind == "unit":
                p = units.parse_unit(*args)
                assert (p.expr, p.dimension) == value, key
            elif kind == "factor":
                assert units.conversion_factor(*args) == value, key
            elif kind == "per":
                assert units.per_dimension(*args) == value, key
            elif kind == "parameter":
                assert base._unit_factor(*args) == value, key
            elif kind == "fuel amount":
                assert base._fuel_amount(*args) == value, key
            elif kind == "dimensions":
                assert tuple(sorted(dict(units.parse_unit(*args).quantity.dimensionality).items())) == value, key
            else:
                raise AssertionError(f"an entry of an unknown kind: {key}")


@pytest.mark.parametrize("unit", ["mwh", "tons", "bananas", "kg/"])
def test_a_refused_unit_is_refused_every_time_and_never_kept(unit):
    messages = []
    for _ in range(2):
        units.parse_unit.cache_clear()
        with pytest.raises(UnitError) as e:
            units.parse_unit(unit)
        messages.append((e.value.message, e.value.hint))
    assert messages[0] == messages[1]
    assert units.MEMO.get(("unit", unit.strip())) is None


def test_a_parameter_unit_that_does_not_fit_is_refused_every_time():
    for _ in range(2):
        base.unit_factor.cache_clear()
        with pytest.raises(Exception, match="'kg' is a mass, but lamp power needs"):
            base.unit_factor("kg", "kW", False, "lamp power", "W or kW")
    assert units.MEMO.get(("parameter", "kg", "kW", False)) is None


@pytest.mark.parametrize("content", [b"", b"not a pickle",
                                     pickle.dumps(("other key", {("unit", "kWh"): ("x", "mass")}))])
def test_a_memo_that_cannot_be_used_is_no_memo(tmp_path, content):
    """A damaged entry, or one of another key, is not read: the units are worked out again and
    the numbers are pint's."""
    first = _run(tmp_path, "calc", DEMO, "--format", "json")
    (path,) = tmp_path.glob("units-*.pickle")
    path.write_bytes(content)
    again = _run(tmp_path, "calc", DEMO, "--format", "json")
    assert again[1] == "PINT" and again[0] == first[0]


def test_dimensions_of_a_product_are_pints():
    """``times`` adds exponents as pint multiplies units, and drops a dimension that cancels."""
    cases = [("L/100km", "km"), ("kg/TJ", "TJ"), ("t/MWh", "MWh/yr"), ("m**3", "1/km"), ("kg/person/day", "person")]
    with _no_memo():
        for a, b in cases:
            q = units.parse_unit(a).quantity * units.parse_unit(b).quantity
            product = units.times(units.dimensions(a), units.dimensions(b))
            assert product == tuple(sorted(dict(q.dimensionality).items()))
            inv = (1 / units.parse_unit(a).quantity).dimensionality
            assert units.times(units.dimensions(a), power=-1) == tuple(sorted(dict(inv).items()))


def test_the_memo_follows_the_cache_setting(tmp_path, monkeypatch):
    """Read under one folder, the memo is read again when $GHGKIT_CACHE_DIR names another or
    'off' (a program that imported ghgkit and then set it): with 'off' it writes nothing."""
    memo = cache.Memo("units_probe")
    monkeypatch.setenv(cache.ENV, str(tmp_path / "a"))
    memo.put(("unit", "x"), ("x", "mass"))
    monkeypatch.setenv(cache.ENV, "off")
    assert memo.get(("unit", "x")) is None          # a memo of this process alone now
    memo.put(("unit", "y"), ("y", "mass"))
    memo.save()
    assert not (tmp_path / "a").exists()
    monkeypatch.setenv(cache.ENV, str(tmp_path / "b"))
    memo.put(("unit", "z"), ("z", "mass"))
    memo.save()
    again = cache.Memo("units_probe")
    assert again.get(("unit", "z")) == ("z", "mass") and again.get(("unit", "y")) is None
    assert [p.name.split("-")[0] for p in (tmp_path / "b").iterdir()] == ["units_probe"]


def test_validate_with_workers_keeps_what_they_learnt(tmp_path):
    """Worker processes end without exit handlers: each keeps its units itself."""
    env = {**os.environ, cache.ENV: str(tmp_path)}
    r = subprocess.run([sys.executable, "-m", "ghgkit", "validate", str(ROOT / "examples" / "workshop"), "--jobs", "2",
                        "-q"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode in (0, 1), r.stderr
    assert any(k[0] == "unit" for k in _entries(tmp_path))
