"""Issue 13: the cache of the validated shipped tables (ghgkit.cache).

A cached library must be the library that validation builds, an edited table must be
validated again (never an old entry), and a cache that cannot be used must never be an error.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ghgkit import cache
from ghgkit.data import data_dir
from ghgkit.errors import FactorError
from ghgkit.factors import FactorLibrary
from ghgkit.sectors.waste import parameters as WP

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(d))
    return d


@pytest.fixture
def fresh_default(monkeypatch):
    """FactorLibrary.default() loads again in this test (and the process's one is restored after)."""
    monkeypatch.setattr(FactorLibrary, "_default", None)


def _same_records(a: dict, b: dict) -> bool:
    if a.keys() != b.keys():
        return False
    for k in a:
        if a[k].__class__ is not b[k].__class__ or len(a[k]) != len(b[k]):
            return False
        for ra, rb in zip(a[k], b[k]):
            if ra.keys() != rb.keys():
                return False
            for c in ra:
                x, y = ra[c], rb[c]
                if type(x) is not type(y):
                    return False
                if not (x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y))):
                    return False
    return True


def _assert_same_library(a: FactorLibrary, b: FactorLibrary) -> None:
    for name in ("factors", "properties", "override_factors", "override_properties"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_dtype=True, check_exact=True)
    assert _same_records(a._f_idx[1], b._f_idx[1]) and _same_records(a._p_idx[1], b._p_idx[1])


def test_cached_returns_what_make_made_and_makes_it_once(folder):
    calls = []

    def make():
        calls.append(1)
        return {"x": [1.5, float("nan")], "s": "ü"}

    first = cache.cached("thing", "k" * 64, make)
    second = cache.cached("thing", "k" * 64, make)
    assert len(calls) == 1
    assert second["s"] == "ü" and second["x"][0] == 1.5 and math.isnan(second["x"][1])
    assert first is not second                      # the second came from the file
    assert [p.name for p in folder.iterdir()] == [f"thing-{'k' * 32}.pickle"]
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / f"thing-{'k' * 32}.pickle").stat().st_mode & 0o777 == 0o600


def test_another_key_is_made_again_and_replaces_the_old_entry(folder):
    calls = []
    cache.cached("thing", "a" * 64, lambda: calls.append("a") or 1)
    assert cache.cached("thing", "b" * 64, lambda: calls.append("b") or 2) == 2
    assert cache.cached("other", "a" * 64, lambda: calls.append("o") or 3) == 3
    assert calls == ["a", "b", "o"]
    assert sorted(p.name for p in folder.iterdir()) == [f"other-{'a' * 32}.pickle", f"thing-{'b' * 32}.pickle"]


def test_an_entry_whose_full_key_differs_is_not_used(folder):
    """Two keys that share their first 32 characters (the file name) are still told apart."""
    cache.cached("thing", "a" * 32 + "1" * 32, lambda: "one")
    assert cache.cached("thing", "a" * 32 + "2" * 32, lambda: "two") == "two"


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05\x95garbage"])
def test_a_damaged_entry_is_made_again(folder, content):
    folder.mkdir()
    (folder / f"thing-{'k' * 32}.pickle").write_bytes(content)
    assert cache.cached("thing", "k" * 64, lambda: "made") == "made"
    assert cache.cached("thing", "k" * 64, lambda: "not again") == "made"      # and stored


def test_a_folder_that_cannot_be_made_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))        # below a file: mkdir fails
    assert cache.cached("thing", "k" * 64, lambda: 7) == 7


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    monkeypatch.chdir(tmp_path)
    calls = []
    for _ in range(2):
        cache.cached("thing", "k" * 64, lambda: calls.append(1) or 1)
    assert calls == [1, 1] and cache.cache_dir() is None and not list(tmp_path.iterdir())


def test_the_cached_default_library_is_the_validated_one(folder, fresh_default):
    files = sorted(data_dir().glob("*.csv"))
    built = FactorLibrary._load_default(files)
    FactorLibrary.default()                                       # validates and stores
    assert len(list(folder.glob("factors-*.pickle"))) == 1
    FactorLibrary._default = None
    loaded = FactorLibrary.default()                              # from the file
    _assert_same_library(built, loaded)
    for args in [("diesel", "CO2"), ("lpg", "CO2"), ("natural_gas", "CH4")]:
        a, b = built.resolve(*args, sector="building"), loaded.resolve(*args, sector="building")
        assert (a.factor_id, a.value, a.unit, a.source_text) == (b.factor_id, b.value, b.unit, b.source_text)
    user = loaded.with_overrides(ROOT / "examples" / "demo_city" / "factors.csv")
    _assert_same_library(built.with_overrides(ROOT / "examples" / "demo_city" / "factors.csv"), user)
    assert user._f_idx[1] is loaded._f_idx[1] and user._p_idx[1] is loaded._p_idx[1]   # the defaults' index reused


def _copy_tables(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "emission_factors"
    shutil.copytree(data_dir(), d)
    import ghgkit.factors

    monkeypatch.setattr(ghgkit.factors, "data_dir", lambda: d)
    return d


def test_an_edited_table_is_validated_again(folder, fresh_default, tmp_path, monkeypatch):
    d = _copy_tables(tmp_path, monkeypatch)
    before = FactorLibrary.default().get("st_ei_diesel_co2").value
    path = d / "stationary_combustion.csv"
    text = path.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.startswith("st_ei_diesel_co2,"))
    cells = line.split(",")
    cells[3] = str(float(cells[3]) * 2)
    path.write_text(text.replace(line, ",".join(cells)), encoding="utf-8")
    FactorLibrary._default = None
    assert FactorLibrary.default().get("st_ei_diesel_co2").value == 2 * before
    cells[3] = "-1"                                               # a bad row is refused, not served from the cache
    path.write_text(text.replace(line, ",".join(cells)), encoding="utf-8")
    FactorLibrary._default = None
    with pytest.raises(FactorError, match="must be a number >= 0"):
        FactorLibrary.default()


def test_the_cached_waste_parameters_are_the_validated_ones(folder, monkeypatch):
    WP.load_parameters.cache_clear()
    monkeypatch.setattr(WP, "load_parameters", WP.load_parameters.__wrapped__)   # no per-process memo here
    built, _ = WP._read_parameter_file(WP.data_path("waste_parameters.csv"))
    first = WP.load_parameters()
    assert len(list(folder.glob("waste_parameters-*.pickle"))) == 1
    second = WP.load_parameters()
    assert first is not second
    pd.testing.assert_frame_equal(built, second, check_dtype=True, check_exact=True)
    pd.testing.assert_frame_equal(built, first, check_dtype=True, check_exact=True)


def test_the_key_follows_every_byte_and_the_library_versions(tmp_path, monkeypatch):
    a = tmp_path / "a.csv"
    a.write_bytes(b"x,1\n")
    k1 = cache.content_key([a])
    a.write_bytes(b"x,2\n")
    k2 = cache.content_key([a])
    assert k1 != k2 and cache.content_key([a]) == k2
    assert cache.content_key([a], extra=["code v2"]) != k2
    import pandas

    monkeypatch.setattr(pandas, "__version__", "0.0-other")
    assert cache.content_key([a]) != k2


def test_the_cli_gives_the_same_output_with_and_without_the_cache(tmp_path):
    """The demo city's JSON from a cold cache, a warm one and none at all: the same bytes."""
    import os

    outs = []
    for setting in (str(tmp_path / "c"), str(tmp_path / "c"), "off"):
        env = {**os.environ, cache.ENV: setting}
        r = subprocess.run([sys.executable, "-m", "ghgkit", "calc", str(ROOT / "examples/demo_city/demo_city.xlsx"),
                            "--format", "json"], capture_output=True, text=True, env=env, cwd=ROOT)
        assert r.returncode == 0, r.stderr
        outs.append(r.stdout.replace(str(ROOT), "ROOT"))
    assert outs[0] == outs[1] == outs[2]
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "c").iterdir()) == ["factors", "waste_parameters"]
