"""The fast paths of the input rules (issue 13) give what the careful paths give.

Arrow reads a well-formed CSV, Arrow parses a column of plain numbers and integer codes group
the rows; each is checked here against the pandas path it replaces, on generated input. Long
lists of one rule are cut at LISTED_PER_RULE with one finding that carries the count.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import CliRunner
from hypothesis import assume, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import ghgkit
from ghgkit.cli import main
from ghgkit.rules.findings import Findings
from ghgkit.rules.numbers import _parse_text, parse_column
from ghgkit.rules.rows import LISTED_PER_RULE, group_ids
from ghgkit.rules.submission import ColumnPositions, across_sheets
from ghgkit.validation import readers
from ghgkit.validation.batch import validate_file

SETS = ["--set", "inventory_year=2023"]


# -- grouping by integer codes ----------------------------------------------------------------
@hsettings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", None]), st.sampled_from([1.0, 2.0, np.nan]),
                          st.booleans(), st.sampled_from(["x", "y", None])), min_size=1, max_size=40))
def test_group_ids_are_pandas_ngroup(rows):
    df = pd.DataFrame(rows, columns=["cat", "num", "flag", "obj"])
    df["cat"] = df["cat"].astype("category")
    df["obj"] = df["obj"].astype(object)
    want = df.groupby(list(df.columns), dropna=False, sort=False, observed=True).ngroup().to_numpy()
    assert (group_ids([df[c] for c in df.columns]) == want).all()


# -- numbers: Arrow's parse of a plain column == the rules' text parser -------------------------
plain = st.one_of(st.integers(-10**12, 10**12).map(str),
                  st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False).map(repr),
                  st.floats(0, 1e6, allow_nan=False).map(lambda x: f"{x:.2f}"),
                  st.floats(1e-300, 1e300).map(lambda x: f"{x:.17g}"), st.just(""))
odd = st.sampled_from(["1,5", "38,500", "inf", "nan", "TRUE", " 7 ", "1e400", "abc", "1.000.000", "+5", "NaN"])


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(plain, odd), min_size=1, max_size=30), st.booleans())
def test_number_column_fast_path_equals_text_parser(cells, decimal_comma):
    fast = parse_column(pd.Series(cells, dtype="str"), decimal_comma)
    v, r, w = _parse_text(pd.Series(cells, dtype=object).astype(str), decimal_comma)
    inf = np.isinf(v)
    r = np.where(inf, "not_finite", r)
    v = np.where(inf, np.nan, v)
    np.testing.assert_array_equal(fast.values.to_numpy(), v)
    assert fast.reason.tolist() == list(r)
    assert fast.warn.tolist() == list(w & (r == ""))
    if fast.clean:
        assert all(x == "" for x in r) and not w.any()


# -- CSV: the Arrow reader == the pandas reader -------------------------------------------------
field = st.text(alphabet=st.sampled_from(list("ab 1.,;\"'xé漢-_")), max_size=6)


def _csv_text(header, rows, sep) -> str:
    def q(v):
        return '"' + v.replace('"', '""') + '"' if any(ch in v for ch in (sep, '"', "\n")) or v != v.strip() else v
    return "\n".join(sep.join(q(v) for v in r) for r in [header, *rows]) + "\n"


@hsettings(max_examples=120, deadline=None)
@given(st.lists(field, min_size=3, max_size=3), st.lists(st.lists(field, min_size=3, max_size=3), max_size=8),
       st.sampled_from([",", ";", "\t"]), st.booleans())
def test_arrow_csv_reader_equals_pandas_reader(names, rows, sep, bom):
    header = ["sector", "amount", "unit"] if len(set(names)) < 3 or not all(n.strip() for n in names) else names
    raw = (b"\xef\xbb\xbf" if bom else b"") + _csv_text(header, rows, sep).encode("utf-8")
    fast = readers._read_csv_arrow(raw, 3 if bom else 0)
    if fast is None:           # the careful path decides (e.g. a header the delimiter splits otherwise)
        return
    slow = readers._read_csv_pandas(raw, 3 if bom else 0, Findings("x.csv"), None)     # Stop would fail here
    assert fast[1:] == slow[1:]
    a, b = fast[0], slow[0]
    assert list(a.columns) == list(b.columns)
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False)


def test_arrow_reader_leaves_blank_lines_and_short_lines_to_pandas(tmp_path):
    for body in (b"sector,activity,amount,unit\n\nhousehold,lpg,1,t\n",      # blank line: line numbers
                 b"sector,activity,amount,unit\nhousehold,lpg,1\n",          # a short line
                 b"sector,amount,amount,unit\nhousehold,1,2,t\n",             # a repeated column
                 b"sector,activity,amount,unit\nhousehold,lpg,1,t\xff\n"):    # not UTF-8
        assert readers._read_csv_arrow(body, 0) is None
    p = tmp_path / "blank.csv"
    p.write_bytes(b"sector,activity,amount,unit\n\nhousehold,lpgg,1,t\n")
    r = CliRunner().invoke(main, ["calc", str(p), *SETS])
    assert r.exit_code == 2 and "line 3: unknown fuel or activity 'lpgg'" in r.stderr      # the blank line counts


def test_same_inventory_through_either_reader(tmp_path, monkeypatch):
    p = tmp_path / "a.csv"
    p.write_text("sector,subsector,activity,amount,unit,method,notes\n"
                 "household,,lpg,1200.5,kg,,\"bottled, 12 kg\"\n"
                 "transport,on_road,diesel,3.25e4,L,fuel_sales,\n"
                 "industry,,coal, 7 ,t,,padded\n"
                 "waste,incineration,plastics,50,t,continuous_stoker,\n", encoding="utf-8")
    fast = CliRunner().invoke(main, ["calc", str(p), *SETS, "--format", "csv"])
    monkeypatch.setattr(readers, "_read_csv_arrow", lambda raw, bom: None)
    slow = CliRunner().invoke(main, ["calc", str(p), *SETS, "--format", "csv"])
    assert fast.exit_code == slow.exit_code == 0, fast.output
    assert fast.stdout == slow.stdout
    assert '"line 4","industry"' in fast.stdout and ",7," in fast.stdout      # ' 7 ' read as 7 by the rules


# -- long lists of one rule --------------------------------------------------------------------
def test_a_long_list_of_one_rule_ends_in_one_finding_with_the_count(tmp_path):
    n = LISTED_PER_RULE + 25                      # duplicates after the first row
    p = tmp_path / "dups.csv"
    p.write_text("sector,activity,amount,unit\n" + "household,lpg,1,t\n" * (n + 1), encoding="utf-8")
    rep = validate_file(p)
    dup = [f for f in rep.findings if f.code == "CELL-005"]
    assert len(dup) == LISTED_PER_RULE + 1
    last = dup[-1]
    assert last.count == 25 and last.line == LISTED_PER_RULE + 3          # the first row not listed
    assert "25 more rows" in last.message and f"line {n + 2}" in last.message
    assert rep.warnings == n + sum(f.count for f in rep.findings if f.severity == "warning" and f.code != "CELL-005")
    assert "count" not in dup[0].to_dict() and last.to_dict()["count"] == 25
    r = CliRunner().invoke(main, ["calc", str(p), *SETS, "--format", "csv"])
    assert r.exit_code == 0
    assert f"warning CELL-005: {n - 20:,} more like these" in r.stderr


def test_errors_beyond_the_list_still_refuse_the_file(tmp_path):
    n = LISTED_PER_RULE + 3
    p = tmp_path / "neg.csv"
    p.write_text("sector,activity,amount,unit\n" + "".join(f"household,lpg,-{i + 1},t\n" for i in range(n)),
                 encoding="utf-8")
    r = CliRunner().invoke(main, ["calc", str(p), *SETS])
    assert r.exit_code == 2
    lines = [ln for ln in r.stderr.splitlines() if "CELL-004" in ln]
    assert len(lines) == LISTED_PER_RULE + 1
    assert "3 more rows like the 1,000 listed before" in lines[-1] and f"line {n + 1})" in lines[-1]


# -- the activity table's column positions -----------------------------------------------------
def test_column_positions_are_shared_not_copied():
    cp = ColumnPositions({"Energy": {"amount": 3}})
    assert copy.deepcopy(cp) is cp and copy.copy(cp) is cp
    df = pd.DataFrame({"a": [1, 2]})
    df.attrs["colpos"] = cp
    assert df["a"].attrs["colpos"] is cp
    for bad in (lambda: cp.__setitem__("x", {}), lambda: cp.update(x={}), lambda: cp.pop("Energy")):
        try:
            bad()
        except TypeError:
            continue
        raise AssertionError("ColumnPositions must be read-only")
    assert cp == {"Energy": {"amount": 3}}


# -- the activity table's text columns across sheets ---------------------------------------------
@hsettings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", None]), min_size=1, max_size=6), min_size=2, max_size=4))
def test_across_sheets_is_what_concatenating_the_sheets_gave(sheets):
    values = [v for s in sheets for v in s]
    t = pd.Series(pd.Categorical(values), dtype="category")
    bounds = np.cumsum([0] + [len(s) for s in sheets])
    parts = [np.arange(bounds[i], bounds[i + 1]) for i in range(len(sheets))]
    old = pd.concat([pd.Series(pd.Categorical(pd.Series(s, dtype=object),
                                              categories=pd.Index(pd.unique(pd.Series(s, dtype=object).dropna()),
                                                                  dtype=object))) for s in sheets],
                    ignore_index=True)
    new = across_sheets(t, parts)
    assert str(new.dtype) == str(old.dtype)
    if isinstance(old.dtype, pd.CategoricalDtype):
        assert list(new.cat.categories) == list(old.cat.categories)
    assert new.astype(object).where(new.notna(), None).tolist() == old.astype(object).where(old.notna(), None).tolist()


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=60))
def test_first_rows_are_those_of_np_unique(values):
    """rows.first_rows on group_ids numbers: the first row of each group, as np.unique's return_index."""
    from ghgkit.rules.rows import first_rows

    g = group_ids([pd.Series(values, dtype=float)])
    expect = np.zeros(len(g), dtype=bool)
    if len(g):
        expect[np.unique(g, return_index=True)[1]] = True
    assert (first_rows(g) == expect).all()
    assert list(np.flatnonzero(first_rows(g))) == sorted(np.unique(g, return_index=True)[1].tolist())


# -- duplicates among rows that are not all keyed ------------------------------------------------
@hsettings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["lpg", "coal", ""]), st.sampled_from(["1", "2", ""]),
                          st.sampled_from(["", "2022"])), min_size=1, max_size=30))
def test_duplicates_point_at_the_first_keyed_row_of_their_group(tmp_path_factory, rows):
    """CELL-005 is found on the keyed rows (an activity, and an amount or a notation key) only,
    each pointing at the first keyed row with the same activity and year; rows that are not keyed
    may stand between them (the rule groups the keyed rows without copying the table)."""
    p = tmp_path_factory.mktemp("dups") / "d.csv"
    p.write_text("sector,activity,amount,unit,year\n"
                 + "".join(f"household,{a},{x},t,{y}\n" for a, x, y in rows), encoding="utf-8")
    rep = validate_file(p)
    got = {f.line: f.message for f in rep.findings if f.code == "CELL-005"}
    want, first = {}, {}
    for line, (a, x, y) in enumerate(rows, start=2):
        if not a or not x:
            continue
        if (a, y) in first:
            want[line] = first[(a, y)]
        else:
            first[(a, y)] = line
    assert sorted(got) == sorted(want)
    for line, first_line in want.items():
        assert got[line].startswith(f"duplicate of the activity at line {first_line} (household ")


def test_activity_table_places_are_compact_and_read_as_before():
    """The places of a CSV's rows: the file as one category, line numbers as nullable integers
    (ints where given, missing for workbook rows), the Excel row missing; as a workbook's."""
    root = Path(__file__).resolve().parents[1] / "examples" / "demo_city"
    act, _ = ghgkit.load(root / "demo_city.csv", settings_file=root / "settings.toml")
    assert isinstance(act["file"].dtype, pd.CategoricalDtype) and act["file"].nunique() == 1
    assert str(act["file"].iloc[0]).endswith("demo_city.csv")
    assert str(act["line"].dtype) == "Int64" and act["line"].tolist() == list(range(2, len(act) + 2))
    assert all(type(v) is int for v in act["line"].tolist())
    assert act["excel_row"].isna().all() and act["sheet"].isna().all()
    book, _ = ghgkit.load(root / "demo_city.xlsx")
    assert book["line"].isna().all() and str(book["excel_row"].dtype) == "Int64"
    assert book["excel_row"].min() >= 2 and all(type(v) is int for v in book["excel_row"].tolist())
    assert book["cell"].iloc[0] == f"D{book['excel_row'].iloc[0]}" or book["cell"].iloc[0].endswith(
        str(book["excel_row"].iloc[0]))



def test_activity_table_columns_keep_their_types_in_one_frame():
    """The activity table made in one frame: its columns in the contract's order, numbers as floats,
    text as categoricals or plain Python objects (never pandas' inferred str type, which the
    calculators' categorical and text paths were not written for), a workbook's places as text."""
    from ghgkit.schema import ACTIVITY_COLUMNS, LOCATION_COLUMNS

    root = Path(__file__).resolve().parents[1] / "examples" / "demo_city"
    for act in (ghgkit.load(root / "demo_city.xlsx")[0],
                ghgkit.load(root / "demo_city.csv", settings_file=root / "settings.toml")[0]):
        assert list(act.columns) == ACTIVITY_COLUMNS + LOCATION_COLUMNS + ["excel_row"]
        assert isinstance(act.index, pd.RangeIndex) and act.index.start == 0
        for c in ("amount", "year", "scope", "uncertainty_pct"):
            assert act[c].dtype == np.float64, c
        for c in ("sector", "activity", "unit", "source", "sheet", "cell"):
            assert isinstance(act[c].dtype, pd.CategoricalDtype) or act[c].dtype == object, (c, act[c].dtype)
    book = ghgkit.load(root / "demo_city.xlsx")[0]
    assert set(book["sheet"]) >= {"Energy", "Transport"} and all(type(v) is str for v in book["cell"])


def test_the_activity_table_is_writable_and_its_own():
    """The table ``ghgkit.load`` returns can be edited in place, every column (the one-frame table
    once held read-only views of the parsed numbers and row numbers), and editing it changes
    nothing that the checks made it from."""
    from ghgkit.rules.findings import Findings
    from ghgkit.rules.submission import check_submission

    root = Path(__file__).resolve().parents[1] / "examples" / "demo_city"
    for act in (ghgkit.load(root / "demo_city.xlsx")[0],
                ghgkit.load(root / "demo_city.csv", settings_file=root / "settings.toml")[0]):
        for c in act.columns:
            act.loc[0, c] = act[c].iloc[1]
            assert act[c].iloc[0] is act[c].iloc[1] or act[c].iloc[0] == act[c].iloc[1] or act[c].isna().iloc[0]
        act.loc[act["unit"] == "t", "amount"] = 1.0
        act.fillna({"uncertainty_pct": 5.0}, inplace=True)
        act.loc[:, "year"] = 2020.0
        assert (act["year"] == 2020.0).all() and not act["uncertainty_pct"].isna().any()
    path = root / "demo_city.xlsx"
    checked = check_submission(readers.read(path, Findings(path)), Findings(path))
    rows_before = checked.raw["_row"].tolist()
    checked.activity.loc[:, "excel_row"] = 999
    checked.activity.loc[:, "amount"] = -1.0
    assert checked.raw["_row"].tolist() == rows_before and checked.activity["line"].isna().all()

# -- the raw table: one frame for the template's sheets == a frame per sheet concatenated --------------
def _per_sheet_raw(sheets, findings, metadata):
    """The raw table as it was built before: a frame per sheet, concatenated, then completed."""
    from ghgkit.rules.table import META, sheet_frame
    from ghgkit.schema import ACTIVITY_COLUMNS

    parts = [sheet_frame(s, findings, metadata) for s in sheets]
    raw = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=META)
    for c in ACTIVITY_COLUMNS:
        if c not in raw.columns:
            raw[c] = pd.Series(pd.Categorical.from_codes(np.full(len(raw), -1, dtype=np.int8),
                                                         pd.Index([], dtype=object)), index=raw.index)
    raw["_bad"] = raw["_bad"].fillna("").astype(object)
    return raw


_cell = st.one_of(st.none(), st.floats(allow_nan=True).map(lambda v: (v, "n", None)),
                  st.sampled_from(["", " ", "diesel", "L", "x{y}", "="]).map(lambda v: (v, "s", None)),
                  st.just(("#REF!", "e", None)), st.just((None, "x", "A1*2")), st.just((3.0, "n", "[1]S!A1")),
                  st.booleans().map(lambda v: (v, "b", None)))


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["sector", "activity", "amount", "unit", "year", "notes", "comment"]),
                min_size=1, max_size=6, unique=True),
       st.lists(st.lists(st.tuples(st.booleans(), st.lists(_cell, min_size=6, max_size=6)), max_size=6),
                min_size=1, max_size=4),
       st.booleans(), st.booleans())
def test_raw_table_of_template_sheets_is_the_frames_per_sheet_concatenated(header, sheets, metadata, odd):
    from ghgkit.rules.table import raw_table

    made = []
    for k, rows in enumerate(sheets):
        sh = readers.Sheet(name=f"S{k}", merged=["A2:B3"] if odd else [], hidden_cols=[(1, 1)] if odd else [])
        sh.header = {name: j for j, name in enumerate(header)}
        sh.rows = [(1, False, {j: (name, "s", None) for j, name in enumerate(header)})]
        sh.rows += [(r + 2, hidden, {j: c for j, c in enumerate(cells) if c is not None})
                    for r, (hidden, cells) in enumerate(rows)]
        made.append(sh)
    want_f, got_f = Findings("x.xlsx"), Findings("x.xlsx")
    want = _per_sheet_raw(made, want_f, metadata)
    got, _ = raw_table(made, got_f, metadata)
    pd.testing.assert_frame_equal(got, want)
    for c in want.columns:              # None stays None, NaN stays NaN
        assert [type(v) for v in got[c].tolist()] == [type(v) for v in want[c].tolist()], c
    assert [f.to_dict() for f in got_f] == [f.to_dict() for f in want_f]


# -- numbers: a workbook column of floats and blanks at once == cell by cell ---------------------------
@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats()), min_size=1, max_size=30))
def test_workbook_float_column_fast_path_equals_the_rules_cell_by_cell(cells):
    assume(any(c is not None and c == c for c in cells))          # all blank: a path of its own
    fast = parse_column(pd.Series(cells, dtype=object))
    # the same cells with one text cell appended go through the cell-by-cell rules
    slow = parse_column(pd.Series(cells + ["1"], dtype=object))
    n = len(cells)
    np.testing.assert_array_equal(fast.values.to_numpy(), slow.values.to_numpy()[:n])
    assert fast.reason.tolist() == slow.reason.tolist()[:n]
    assert fast.warn.tolist() == slow.warn.tolist()[:n]
    assert fast.values.dtype == slow.values.dtype and fast.reason.dtype == slow.reason.dtype
    assert not fast.clean


def test_gpc_levels_read_with_the_csv_module_are_pandas_reading():
    """The GPC reporting levels, read without pandas at start-up, are what pandas read: every row
    (quoted sub-sector names with commas included), in order, scopes as ints."""
    from ghgkit.data import data_path
    from ghgkit.schema import gpc_levels

    df = pd.read_csv(data_path("gpc_structure.csv"), comment="#")
    want = {r.gpc_ref: (int(r.scope), r.level, f"{r.subsector}: {r.description}") for r in df.itertuples()}
    got = gpc_levels()
    assert list(got.items()) == list(want.items())
    assert got["I.1.1"][:2] == (1, "BASIC") and got["I.1.3"][:2] == (3, "BASIC+")   # GPC v1.1 ch. 3
    assert "I.5 Agriculture, forestry and fishing activities" in got["I.5.1"][2]


def test_small_shipped_tables_refuse_what_pandas_read_otherwise(tmp_path):
    """The csv-module reader of the small shipped tables refuses, naming the line, what pandas'
    ``comment='#'`` reading took another way: a '#' inside a line, an empty required cell."""
    import pytest

    from ghgkit.data import read_rows
    from ghgkit.errors import FactorError

    p = tmp_path / "t.csv"
    p.write_text("# a comment\na,b\n1,x\n# another\n2,y\n", encoding="utf-8")
    assert read_rows(p, ("a", "b")) == [{"a": "1", "b": "x"}, {"a": "2", "b": "y"}]
    p.write_text("# c\na,b\n1,x\n\n2,y # note\n", encoding="utf-8")
    with pytest.raises(FactorError) as e:
        read_rows(p, ("a",))
    assert e.value.location.line == 5 and "'#'" in e.value.message       # the blank line 4 counted
    p.write_text("a,b\n1,\n", encoding="utf-8")
    with pytest.raises(FactorError) as e:
        read_rows(p, ("a", "b"))
    assert e.value.location.line == 2 and "b empty" in e.value.message
    assert read_rows(p, ("a",)) == [{"a": "1", "b": ""}]


# -- YAML project files: one walk over the nodes ---------------------------------------------
_SCALAR_TEXT = st.sampled_from([
    "1", "-3", "0x1f", "017", "0b101", "1_000", "1:30", "1.5", "-.inf", ".nan", "1e3", "6.8523015e+5",
    "190:20:30.15", "true", "No", "on", "~", "null", "", "2025-01-31", "2001-12-14t21:59:43.10-05:00",
    "text", "'quoted'", '"1"', "t CO2/MWh", "%", "{}", "[]", "!!str 5", "!!float 3", "!!binary aGk=",
    "2025-13-45"])
_KEY = st.sampled_from(["a", "b", "1", "1.0", "true", "~", "2025", "'x'", "[1]", "{k: 1}", "=", "<<"])


@st.composite
def _yaml_doc(draw, depth=0):
    """Flow-style YAML text: mappings (keys may repeat, be collections, '<<' or '='), sequences,
    every kind of plain scalar, anchors and aliases, explicit tags."""
    kind = draw(st.sampled_from(["scalar", "map", "seq"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return draw(_SCALAR_TEXT)
    if kind == "seq":
        items = draw(st.lists(_yaml_doc(depth + 1), max_size=4))
        text = "[" + ", ".join(items) + "]"
    else:
        pairs = draw(st.lists(st.tuples(_KEY, _yaml_doc(depth + 1)), max_size=4))
        text = "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    tag = draw(st.sampled_from(["", "", "", "&A ", "!!set ", "!!omap "]))
    return tag + text


@hsettings(max_examples=400, deadline=None)
@given(_yaml_doc(), st.booleans())
@example("[[{b: 1, b: 1}], {a: 1, a: 1}]", False)     # PyYAML builds a sequence's items last
@example("{k: &A [1], l: *A}", False)                  # an alias shares the object
def test_yaml_walk_is_pyyamls_constructor(doc, alias):
    """The walk over a composed document (``yamlfile.construct``), with the scalar tags looked up
    once per text, gives what PyYAML's constructor and resolver with the duplicate-key check give:
    the same data (types included), or the same error."""
    import yaml

    from ghgkit.io.yamlfile import UniqueKeyLoader, _as_yaml_12, construct

    def resolve(self, kind, value, implicit):       # PyYAML's, with YAML 1.2's numbers and booleans
        tag = yaml.resolver.BaseResolver.resolve(self, kind, value, implicit)
        return _as_yaml_12(value, tag) if kind is yaml.ScalarNode and implicit[0] else tag

    plain = type("Plain", (UniqueKeyLoader,), {"resolve": resolve})

    text = f"{{doc: {doc}, again: *A}}" if alias and "&A" in doc else f"{{doc: {doc}}}"

    def run(fn, cls=UniqueKeyLoader):
        loader = cls(text)
        try:
            return "ok", fn(loader, loader.get_single_node())
        except Exception as e:                 # noqa: BLE001 - the error is the result compared
            return "error", type(e).__name__, str(e)
        finally:
            loader.dispose()

    try:
        yaml.load(text, Loader=yaml.SafeLoader)   # noqa: S506
    except yaml.composer.ComposerError:
        assume(False)                             # an alias without its anchor: never composed
    except Exception:                             # noqa: BLE001
        pass
    got = run(construct)
    want = run(lambda loader, root: loader.construct_document(root), plain)
    assert got == want
    if got[0] == "ok":
        assert repr(got[1]) == repr(want[1])      # int vs float vs bool, date vs str


# -- CSV shapes a review found read wrongly (a wrong total or a crash) ---------------------------
def _calc(tmp_path, name: str, body: bytes):
    p = tmp_path / name
    p.write_bytes(body)
    return CliRunner().invoke(main, ["calc", str(p), *SETS, "--set", "grid_ef=0.6", "--set", "grid_ef_source=x",
                                     "--format", "json"])


def test_a_quote_never_closed_is_refused_not_read_to_the_end(tmp_path):
    """Arrow read the rest of the file into the open quote's value: two rows lost, 600 t, exit 0."""
    r = _calc(tmp_path, "open.csv", b'sector,activity,amount,unit,notes\nhousehold,electricity,1000,MWh,"meter A\n'
                                     b"household,electricity,2000,MWh,meter B\n"
                                     b"household,electricity,4000,MWh,meter C\n")
    assert r.exit_code == 2 and "FILE-011" in r.stderr and "line 2" in r.stderr, r.output
    rep = validate_file(tmp_path / "open.csv")
    assert [f.code for f in rep.findings if f.severity == "error"] == ["FILE-011"]


def test_quoted_values_are_read_whole(tmp_path):
    r = _calc(tmp_path, "q.csv", b'sector,activity,amount,unit,notes\nhousehold,electricity,1000,MWh,"a, b"\n'
                                  b'household,electricity,2000,MWh,"line\nbreak"\nhousehold,electricity,4000,MWh,x\n')
    assert r.exit_code == 0, r.output
    assert ghgkit_json(r.stdout)["totals"]["co2e_t"] == 7000 * 0.6


def test_a_header_name_with_a_line_break_does_not_hide_a_repeated_column(tmp_path):
    """The repeated column after a header cell with a line break (Alt+Enter in Excel) was read
    silently: the second 'Amount' (2000), 1,200 t, exit 0."""
    r = _calc(tmp_path, "h.csv", b'sector,activity,amount,unit,"notes\n(internal)",Amount\n'
                                  b"household,electricity,1000,MWh,x,2000\n")
    assert r.exit_code == 2 and "STRUCT-013" in r.stderr and "column 'amount' is given twice" in r.stderr, r.output


def test_a_csv_with_carriage_returns_alone_is_read(tmp_path):
    """Excel for Mac's 'CSV (Macintosh)' ends lines with CR alone: a traceback before."""
    r = _calc(tmp_path, "mac.csv", b"sector,activity,amount,unit\rhousehold,electricity,1000,MWh\r"
                                    b"household,lpg,2,t\r")
    assert r.exit_code == 0, r.output
    rows = ghgkit_json(r.stdout)["rows"]
    assert [(x["source"], x["amount"]) for x in rows] == [("line 2", 1000.0), ("line 3", 2.0)]


def ghgkit_json(text: str) -> dict:
    import json

    return json.loads(text)


def test_rows_after_a_quoted_line_break_keep_their_line_numbers(tmp_path):
    """A finding after a value with a line break pointed one line too high (records were counted)."""
    r = _calc(tmp_path, "q.csv", b'sector,activity,amount,unit,notes\nhousehold,lpg,1,t,"two\nlines"\n'
                                  b"household,lpgg,2,t,x\n")
    assert r.exit_code == 2 and "line 4: unknown fuel or activity 'lpgg'" in r.stderr, r.output
    r = _calc(tmp_path, "ok.csv", b'sector,activity,amount,unit,notes\nhousehold,lpg,1,t,"two\nlines"\n'
                                   b'household,lpg,2,t,"a\r\nb\r\nc"\nhousehold,lpg,3,t,x\n')
    assert r.exit_code == 0, r.output
    assert [x["source"] for x in ghgkit_json(r.stdout)["rows"]] == ["line 2", "line 4", "line 7"]


def test_every_line_with_a_field_more_than_the_header_is_refused_as_such(tmp_path):
    """pandas took the first column for an index and shifted the rest: 'amount 't' is not a number'."""
    r = _calc(tmp_path, "x.csv", b"sector,activity,amount,unit\nhousehold,lpg,1,t,extra\nhousehold,lpg,2,t,more\n")
    assert r.exit_code == 2 and "FILE-011" in r.stderr and "more fields than line 1" in r.stderr, r.output
    assert "is not a number" not in r.stderr


def test_excels_tab_delimited_text_file_is_read(tmp_path):
    """calc takes a .txt (Excel's 'Text (Tab delimited)'), but the reader called it not a workbook."""
    r = _calc(tmp_path, "city.txt", b"sector\tactivity\tamount\tunit\nhousehold\telectricity\t1000\tMWh\n")
    assert r.exit_code == 0, r.output
    assert ghgkit_json(r.stdout)["totals"]["co2e_t"] == 600.0


def test_cr_line_ends_with_a_last_lf_are_read(tmp_path):
    """CR between the lines and LF at the end was a traceback (the first 'line' held every record)."""
    r = _calc(tmp_path, "mixed.csv", b"sector,activity,amount,unit\rhousehold,electricity,1000,MWh\r"
                                      b"household,lpg,2,t\n")
    assert r.exit_code == 0, r.output
    assert [(x["source"], x["amount"]) for x in ghgkit_json(r.stdout)["rows"]] == [("line 2", 1000.0), ("line 3", 2.0)]
