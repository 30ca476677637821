"""A large Excel report (above CONSTANT_MEMORY_ROWS) has its Calculation rows written as sheet XML
(issue 13: 27 million xlsxwriter calls for a million rows); the workbook must read back cell for
cell as the one xlsxwriter writes."""

from __future__ import annotations

import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from ghgkit.inventory import calculate
from ghgkit.io.importers import load_checked
from ghgkit.reports import excel, excel_calculation

N = excel.CONSTANT_MEMORY_ROWS + 300


@pytest.fixture(scope="module")
def inventory(tmp_path_factory):
    rng = np.random.default_rng(7)
    fuels = [("household", "", "lpg", "kg", ""), ("building", "", "diesel", "L", ""), ("industry", "", "coal", "t", ""),
             ("transport", "on_road", "gasoline", "L", "fuel_sales"), ("household", "", "electricity", "kWh", "")]
    pick = rng.integers(0, len(fuels), N)
    cols = [np.array(c, dtype=object)[pick] for c in zip(*fuels)]
    act = pd.DataFrame({"sector": cols[0], "subsector": cols[1], "activity": cols[2],
                        "amount": np.round(rng.uniform(1, 1e5, N), 3), "unit": cols[3], "method": cols[4],
                        "notes": ""})
    act.loc[5, "amount"] = 12.0                                  # an integer amount: its own format
    act.loc[7, "amount"] = 1e-9                                  # '0.' in the amount format: General
    act.loc[8, "amount"] = 12.00001                              # '12.' in it: General too
    act.loc[9, "amount"] = 12.99996                              # '13.'
    act.loc[10, "amount"] = 16.99995                             # '17.': Excel rounds the half up
    act.loc[11, "amount"] = 1234567890123.0004                   # 15 digits shown: '1,234,567,890,123.'
    act.loc[3, "notes"] = " <r><t>raw</t></r> & =SUM(A1) \x01 "   # XML, a control character, a formula shape
    act.loc[4, "notes"] = "two\nlines"
    act.loc[6, "notes"] = "<r><t>raw</t></r>"                  # xlsxwriter would write this as raw XML
    p = tmp_path_factory.mktemp("large") / "large.csv"
    act.to_csv(p, index=False)
    activity, settings, _ = load_checked(p, overrides={"inventory_year": "2023", "grid_ef": "0.6",
                                                       "grid_ef_source": "test", "city": "Large",
                                                       "population": "1000"})
    return calculate(activity, settings)


def _read(path):
    wb = openpyxl.load_workbook(path)
    ws = wb["Calculation"]
    cells = [[(c.value, c.number_format, bool(c.font.b), bool(c.alignment.wrap_text), c.data_type)
              for c in row] for row in ws.iter_rows()]
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    other = {name: [[c.value for c in row] for row in wb[name].iter_rows()] for name in wb.sheetnames
             if name != "Calculation"}
    return cells, heights, ws.freeze_panes, ws.auto_filter.ref, ws.dimensions, other


def test_large_report_reads_back_as_xlsxwriter_writes_it(inventory, tmp_path, monkeypatch):
    fast = excel.write_excel(inventory, tmp_path / "fast.xlsx")
    monkeypatch.setattr(excel_calculation, "SHEET_XML", False)
    slow = excel.write_excel(inventory, tmp_path / "slow.xlsx")
    a, b = _read(fast), _read(slow)
    assert len(a[0]) == N + 5                      # title rows, header and every result row
    raw_row = next(i for i, r in enumerate(a[0]) if r[25][0] == "<r><t>raw</t></r>")
    assert b[0][raw_row][25][0] == "<r><t>raw</t></r>"          # text, as typed, both ways (xlsxwriter's
    assert a == b                                               # own write took it for raw rich-text XML)
    amounts = {r[9][0]: r[9][1] for r in a[0][5:]}
    general = (1e-9, 12.00001, 12.99996, 16.99995)
    assert {amounts[v] for v in general} == {"General"} and amounts[12] == "#,##0"
    assert amounts[1234567890123] == "General"                  # written with the digits Excel keeps
    assert {f for v, f in amounts.items() if v is not None and not float(v).is_integer()
            and v not in general} == {"#,##0.####"}
    notes = [r[25][0] for r in a[0][5:] if r[25] and r[25][0]]
    assert "<r><t>raw</t></r> & =SUM(A1) _x0001_" in notes and "two\nlines" in notes
    with zipfile.ZipFile(fast) as z:
        assert z.testzip() is None
        xml = z.read("xl/worksheets/sheet3.xml")                # Summary, GPC table, Calculation
    assert b"<r><t>raw</t></r>" not in xml and b"&lt;r&gt;&lt;t&gt;raw" in xml


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


@pytest.mark.parametrize("chunk", [excel_calculation.CHUNK, 7])
def test_report_from_coded_rows_is_the_report_from_full_rows(inventory, tmp_path, monkeypatch, chunk):
    """Without Inventory.rows, the Calculation sheet is written from categorical text, places read
    from the activity table a chunk at a time and gases computed a chunk at a time: the same
    workbook, byte for byte, as from the full rows (large: the sheet XML; the demo: cell by cell)."""
    import ghgkit

    monkeypatch.setattr(excel_calculation, "CHUNK", chunk)
    demo = ghgkit.calculate(*ghgkit.load("examples/demo_city/demo_city.xlsx"))
    for inv, name in ((inventory, "large"), (demo, "demo")):
        inv.__dict__.pop("rows", None)
        coded = excel.write_excel(inv, tmp_path / f"{name}_coded.xlsx")
        assert "rows" not in inv.__dict__                          # nothing built every row as objects
        inv.rows                                                    # noqa: B018 - now the full rows exist
        full = excel.write_excel(inv, tmp_path / f"{name}_full.xlsx")
        a, b = _parts(coded), _parts(full)
        assert a.keys() == b.keys() and all(a[k] == b[k] for k in a), name
    wb = openpyxl.load_workbook(tmp_path / "demo_coded.xlsx", read_only=True)
    places = [r[1] for r in wb["Calculation"].iter_rows(min_row=6, values_only=True)]
    assert places[:3] == ["Energy!D2", "Energy!D2", "Energy!D3"]          # a row and its T&D loss row


def test_a_failed_write_of_the_rows_leaves_no_file_beside(inventory, tmp_path, monkeypatch):
    """A full disk while the rows were written left '<name>.rows' (2.5 MB in a review's run) beside
    the report; the report itself was untouched, as now."""
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the report of yesterday")

    def full(self, lo, hi, styles):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(excel_calculation.CalculationRows, "_rows", full)
    with pytest.raises(Exception, match="No space left"):
        excel.write_excel(inventory, out)
    assert out.read_bytes() == b"the report of yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_an_inventory_with_more_rows_than_a_sheet_holds_writes_nothing(tmp_path, monkeypatch):
    """Past Excel's 1,048,576 rows a sheet cannot be opened (xlsxwriter drops rows silently): the
    report is refused before any output is written (the limit lowered here to 3 result rows)."""
    from click.testing import CliRunner

    from ghgkit.cli import main

    monkeypatch.setattr(excel, "MAX_RESULT_ROWS", 3)
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\n" + "household,lpg,1,t\n" * 4, encoding="utf-8")
    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--format", "csv",
                                  "-o", str(tmp_path / "rows.csv"), "--excel", str(tmp_path / "r.xlsx")])
    assert r.exit_code == 2 and "at most 3 result rows" in r.output and "has 4" in r.output, r.output
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.csv"]


def test_the_bare_point_check_is_what_excel_shows():
    """Excel keeps 15 significant digits and rounds the 4th decimal half away from zero; the check
    (vectorised below 1e10, one by one for a half or a large amount near a whole number) agrees
    with that rule applied to every value."""
    from decimal import ROUND_HALF_UP, Decimal

    rng = np.random.default_rng(3)
    x = np.concatenate([rng.uniform(-1e5, 1e5, 2000), np.round(rng.uniform(1, 1e5, 500), 4) + 0.00005,
                        np.round(rng.uniform(1, 1e5, 500)) + rng.choice([1e-6, -1e-6, 4e-5, 6e-5], 500),
                        rng.uniform(1e9, 1e15, 1000), [0.0, -0.0, 1e-9, 5e-324, np.nan, np.inf, 9999999999.99995]])
    whole = np.isfinite(x) & (x == np.floor(x))

    def by_hand(v):
        if not np.isfinite(v) or v == np.floor(v):
            return False
        shown = Decimal(f"{v:.15g}").quantize(Decimal("0.0001"), ROUND_HALF_UP)
        return shown == shown.to_integral_value()

    assert excel_calculation._bare_point(x, whole).tolist() == [by_hand(v) for v in x.tolist()]
