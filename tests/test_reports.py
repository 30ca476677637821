"""The Excel and HTML reports: values read back, inert user text, atomic writes, offline rendering."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest

import ghgkit
from ghgkit import reports
from ghgkit.schema import NOTATION_KEYS

CSV = """sector,subsector,activity,amount,unit,method,notation_key,data_quality,source,notes
household,,diesel,10000,L,,,high,utility survey,
household,,lpg,2500,kg,,,medium,,
building,,diesel,5,TJ,,,,,
household,,electricity,1000,MWh,,,high,grid operator,
transport,on_road,diesel,250000,L,fuel_sales,,low,fuel sales,
household,,wood,,,,NE,,,"=HYPERLINK(""http://x"",""y"")"
"""
SETTINGS = {"inventory_year": "2023", "grid_ef": "0.5", "population": "1000", "td_loss_rate": "0.1",
            "city": "Demo", "country": "VNM"}
EVIL_CITY = "<script>alert(1)</script>"
EVIL_NOTE = '=HYPERLINK("http://x","y")'


def _inventory(tmp_path, **overrides):
    path = tmp_path / "activity.csv"
    path.write_text(CSV, encoding="utf-8")
    act, settings = ghgkit.load(str(path), overrides={**SETTINGS, **overrides})
    return ghgkit.calculate(act, settings)


@pytest.fixture(scope="module")
def inv(tmp_path_factory):
    return _inventory(tmp_path_factory.mktemp("inv"))


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    return _inventory(tmp_path_factory.mktemp("evil"), city=EVIL_CITY)


@pytest.fixture(scope="module")
def xlsx(inv, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    reports.write_excel(inv, path)
    return openpyxl.load_workbook(path), path


@pytest.fixture(scope="module")
def html_path(evil, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "report.html"
    reports.write_html(evil, path)
    return path


def _table(ws, first_header: str):
    """(header row index, header list, data rows as dicts) of the table starting with *first_header*."""
    for r in ws.iter_rows(min_row=1, max_row=12):
        if r[0].value == first_header:
            head = [c.value for c in r]
            rows = []
            for row in ws.iter_rows(min_row=r[0].row + 1, values_only=True):
                if row[0] is None:
                    break
                rows.append(dict(zip(head, row)))
            return r[0].row, head, rows
    raise AssertionError(f"no table headed {first_header!r} in {ws.title}")


def _close(a, b):
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return b is not None and math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


# -- Excel ----------------------------------------------------------------------------------------
def test_excel_sheets_and_frozen_headers(xlsx):
    wb, _ = xlsx
    assert wb.sheetnames == ["Summary", "GPC table", "Calculation", "Factors"]
    for name in wb.sheetnames:
        assert wb[name].freeze_panes is not None, name
    hr, _, _ = _table(wb["Calculation"], "Activity #")
    assert wb["Calculation"].freeze_panes == f"C{hr + 1}"
    assert wb["Calculation"].column_dimensions["B"].width > 8      # sized, not the default


def test_excel_summary_totals(xlsx, inv):
    wb, path = xlsx
    ws = wb["Summary"]
    kv = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert kv["City"] == "Demo"
    assert kv["Inventory year"] == 2023
    assert kv["GWP set (100-year)"] == "AR5"
    assert "2006" in kv["IPCC Guidelines edition"]
    assert _close(kv["BASIC total (t CO2e)"], inv.totals["basic_co2e_t"])
    assert _close(kv["BASIC+ total (t CO2e)"], inv.totals["basic_plus_co2e_t"])
    assert _close(kv["Per capita, BASIC (t CO2e per person)"], inv.totals["basic_co2e_t"] / 1000)
    with zipfile.ZipFile(path) as z:                      # two native charts on the Summary sheet
        assert len([n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]) == 2


def test_excel_gpc_table_matches_inventory(xlsx, inv):
    wb, _ = xlsx
    _, head, rows = _table(wb["GPC table"], "GPC ref")
    got = {r["GPC ref"]: r for r in rows if r["Scope"] is not None}
    want = inv.gpc_table()
    assert set(got) == set(want["gpc_ref"])
    for w in want.itertuples(index=False):
        g = got[w.gpc_ref]
        assert g["Scope"] == w.scope
        assert _close(w.co2_t, g["CO2 (t)"]), w.gpc_ref
        assert _close(w.ch4_t, g["CH4 (t)"]), w.gpc_ref
        assert _close(w.n2o_t, g["N2O (t)"]), w.gpc_ref
        assert _close(w.co2e_t, g["CO2e (t)"]), w.gpc_ref
        if isinstance(w.notation_key, str):
            assert g["Notation key"] == w.notation_key
        elif math.isnan(w.co2e_t):
            assert g["Notation key"] == reports.DERIVED_KEY     # no number: a key always stands
        else:
            assert g["Notation key"] is None
    assert got["I.1.1"]["Notation key"] is None                # numbers stand: the wood row's NE is not shown here
    assert got["I.1.3"]["Level"] == "BASIC+"


def test_excel_calculation_rows_match_inventory(xlsx, inv):
    wb, _ = xlsx
    _, head, rows = _table(wb["Calculation"], "Activity #")
    r = inv.rows
    assert len(rows) == len(r)
    for got, (_, want) in zip(rows, r.iterrows()):
        assert got["Input location"] == f"activity.csv line {int(want['line'])}"
        assert got["GPC ref"] == want["gpc_ref"]
        assert got["Scope"] == want["scope"]
        assert _close(want["amount"], got["Amount"])
        assert (got["Unit"] or None) == (want["unit"] if isinstance(want["unit"], str) else None)
        for col, key in (("CO2 (t)", "co2_t"), ("CH4 (t)", "ch4_t"), ("N2O (t)", "n2o_t"),
                         ("Biogenic CO2 (t, memo)", "co2_biogenic_t"), ("CO2e (t)", "co2e_t")):
            assert _close(want[key], got[col]), (col, got)
        ids = [x for x in (want["factor_ids"] or "").split(";") if x]
        assert (got["Factor ids"] or "").split("\n") == (ids or [""])
        assert (got["Conversion"] or "") == (want["conversion"] or "")
    # a row redone by hand from what the sheet shows: 10000 L diesel, density 1149 L/t, NCV 43 TJ/Gg
    diesel = rows[0]
    assert "CO2 74,100 kg/TJ" in diesel["Factors applied (gas value unit)"]
    assert "Table 2.5" in diesel["Factor sources"]
    assert math.isclose(diesel["CO2 (t)"], 10000 / 1149 * 43e-3 * 74100 / 1000, rel_tol=1e-6)
    td = next(x for x in rows if x["GPC ref"] == "I.1.3")
    assert "td_loss_rate 0.1" in td["Factors applied (gas value unit)"]


def test_excel_factors_have_provenance(xlsx, inv):
    wb, _ = xlsx
    _, head, rows = _table(wb["Factors"], "Id")
    by_id = {r["Id"]: r for r in rows}
    lib = inv.library.factors.set_index("factor_id")
    for fids in inv.rows["factor_ids"].dropna():
        for fid in filter(None, fids.split(";")):
            assert fid in by_id, fid
            row = by_id[fid]
            if fid in lib.index:
                assert row["Kind"] == "emission factor"
                assert row["Value"] == pytest.approx(lib.loc[fid, "value"])
                assert row["Unit"] == lib.loc[fid, "unit"]
                assert row["Source"] == lib.loc[fid, "source_text"] and "IPCC" in row["Source"]
                assert row["Table / equation"] == lib.loc[fid, "source_ref"]
    assert by_id["grid_ef"]["Kind"] == "setting" and by_id["grid_ef"]["Value"] == 0.5
    assert by_id["td_loss_rate"]["Value"] == 0.1
    # density and NCV behind the litre and kilogram rows are listed too
    assert {"density_diesel", "ncv_diesel", "ncv_lpg"} <= set(by_id)
    assert by_id["ncv_diesel"]["Kind"] == "fuel property"


# -- safety ---------------------------------------------------------------------------------------
def test_user_text_is_inert_in_excel(evil, tmp_path):
    path = tmp_path / "evil.xlsx"
    reports.write_excel(evil, path)
    wb = openpyxl.load_workbook(path)
    hits = [c for ws in wb for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert hits, "the note must be in the Calculation sheet"
    for c in hits:
        assert c.data_type == "s"                      # a text cell, the user's text unchanged,
        assert c.value == EVIL_NOTE                     # kept as text by Excel's quote prefix
        assert c.quotePrefix
    assert wb["Summary"]["B4"].value == EVIL_CITY and wb["Summary"]["B4"].data_type == "s"
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode(), name       # no formula anywhere


RICH = "<r>x & y</r>"                     # the shape xlsxwriter took for its own rich-text XML


def test_text_shaped_like_rich_text_xml_stays_text(tmp_path):
    """A note or a city name shaped like ``<r>…</r>`` went into the workbook as raw XML: the file
    was not well-formed (Excel repairs it, openpyxl cannot read it) and ``<r><t>A</t></r>`` showed A."""
    path = tmp_path / "activity.csv"
    path.write_text("sector,activity,amount,unit,source,notes\n"
                    f"household,lpg,1200,kg,<r><t>utility A</t></r>,{RICH}\n", encoding="utf-8")
    act, settings = ghgkit.load(str(path), overrides={**SETTINGS, "city": RICH})
    inv = ghgkit.calculate(act, settings)
    out = tmp_path / "rich.xlsx"
    reports.write_excel(inv, out)
    with zipfile.ZipFile(out) as z:                         # every part well-formed XML
        for name in z.namelist():
            if name.endswith(".xml"):
                ET.fromstring(z.read(name))
    wb = openpyxl.load_workbook(out)
    texts = {c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {RICH, "<r><t>utility A</t></r>"} <= texts
    assert wb["Summary"]["B4"].value == RICH


@pytest.mark.parametrize("constant_memory", [False, True])
def test_excel_workbook_writes_every_text_as_typed(tmp_path, constant_memory):
    from ghgkit.io.output import excel_workbook

    texts = [RICH, "<r><t>A</t></r>", "<r></r>", "=1+1", "http://example.org", "plain & <b>"]
    path = tmp_path / "t.xlsx"
    wb = excel_workbook(path, {"constant_memory": constant_memory, "strings_to_formulas": True})
    ws = wb.add_worksheet("S")
    fmt = wb.add_format({"bold": True})
    for i, t in enumerate(texts):
        ws.write(i, 0, t)
        ws.write_string(i, 1, t, fmt)
    wb.close()
    ws = openpyxl.load_workbook(path)["S"]
    assert [[ws.cell(i + 1, j + 1).value for j in range(2)] for i in range(len(texts))] == [[t, t] for t in texts]
    assert all(ws.cell(i + 1, 1).data_type == "s" for i in range(len(texts)))      # never a formula
    assert ws.cell(1, 2).font.b


def test_user_text_is_escaped_in_html(html_path):
    html = html_path.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in html or "=HYPERLINK(&quot;http://x" in html


def test_existing_output_survives_a_failed_write(inv, tmp_path, monkeypatch):
    xlsx, html = tmp_path / "r.xlsx", tmp_path / "r.html"
    xlsx.write_bytes(b"old workbook")
    html.write_text("old page")

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(reports.excel, "_excel_calculation", boom)      # fails after two sheets are written
    with pytest.raises(RuntimeError):
        reports.write_excel(inv, xlsx)
    monkeypatch.setattr(reports.html, "draw", boom)
    with pytest.raises(RuntimeError):
        reports.write_html(inv, html)
    assert xlsx.read_bytes() == b"old workbook"
    assert html.read_text() == "old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.xlsx"]     # no temporary left


# -- HTML, static ---------------------------------------------------------------------------------
def test_html_is_self_contained_and_accessible(html_path, evil):
    html = html_path.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"<link\b", html, re.I)
    assert "@import" not in html and "@font-face" not in html
    assert all(u.startswith("#") for u in re.findall(r"url\(\s*['\"]?([^)'\"]*)", html))   # in-page refs only
    assert html.count("<svg") == 2                        # sector and scope charts, inline
    assert html.count("<table") == html.count("<caption")
    for th in re.findall(r"<th\b[^>]*>", html):
        assert "scope=" in th, th
    assert "<details" in html and "<summary" in html
    assert "size: A4 portrait" in html and "@media print" in html and "counter(pages)" in html
    assert 'name="viewport"' in html and "overflow-x: auto" in html
    assert "AR5" in html and "2006 IPCC Guidelines" in html
    for key, meaning in NOTATION_KEYS.items():
        assert meaning in html
    assert "IPCC (2006) 2006 IPCC Guidelines for National Greenhouse Gas Inventories" in html   # sources
    assert "high" in html and "not given" in html                      # data-quality summary
    assert f"{evil.totals['basic_co2e_t']:,.0f}" in html


# -- HTML in a real browser -----------------------------------------------------------------------
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: skipped without chromium, failed without it under CI=true (fixture ``chromium`` in conftest.py)
needs_chromium = pytest.mark.usefixtures("chromium")


def _chromium(page, tmp_path, *action):
    """Run headless Chromium on *page* with name resolution disabled; return (net-log requests, console)."""
    netlog = tmp_path / "net.json"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={tmp_path / 'profile'}", '--host-resolver-rules=MAP * ~NOTFOUND',
           f"--log-net-log={netlog}", "--enable-logging=stderr", "--v=0", *action, page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    log = json.loads(netlog.read_text())
    types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    requests = []
    for e in log["events"]:
        p = e.get("params", {})
        if types.get(e["type"]) != "URL_REQUEST_START_JOB" or "url" not in p:
            continue
        # the browser's own background fetches carry no origin; the page's requests carry its origin
        from_page = p.get("initiator") != "not an origin" or "file://" in p.get("network_isolation_key", "")
        if from_page and p["url"] != page.as_uri():
            requests.append(p["url"])
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return requests, console


@needs_chromium
def test_chromium_detector_sees_requests_and_console_errors(tmp_path):
    """The checks below are not vacuous: a page that fetches and throws is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><img src="http://example.invalid/x.png" alt="">'
                   '<script>console.error("boom")</script>')
    requests, console = _chromium(bad, tmp_path, f"--screenshot={tmp_path / 'bad.png'}", "--window-size=400,300")
    assert "http://example.invalid/x.png" in requests
    assert any("boom" in c for c in console)


@needs_chromium
def test_html_renders_offline_in_chromium(html_path, tmp_path):
    png, pdf = tmp_path / "report.png", tmp_path / "report.pdf"
    requests, console = _chromium(html_path, tmp_path, f"--screenshot={png}", "--window-size=1200,2000")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    assert requests == []
    assert console == []
    requests, console = _chromium(html_path, tmp_path / "pdf", f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data[:5] == b"%PDF-"
    assert requests == [] and console == []
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
    assert sizes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in sizes)   # A4


def test_landfill_series_sheet(tmp_path):
    """The demo city has a landfill history: the workbook gets its series, equal to the inventory's."""
    demo = Path(__file__).resolve().parents[1] / "examples" / "demo_city" / "demo_city.xlsx"
    inv = ghgkit.calculate(*ghgkit.load(demo))
    path = tmp_path / "r.xlsx"
    reports.write_excel(inv, path)
    ws = openpyxl.load_workbook(path)["Landfill series"]
    series = inv.landfill_series()
    got = {r[0]: r[2] for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)}
    assert got.keys() == set(series["year"])
    for y, gen in zip(series["year"], series["ch4_generated_t"]):
        assert got[y] == pytest.approx(gen)


def test_an_overlong_text_shaped_like_rich_text_is_cut_as_any_text(tmp_path):
    """Beyond Excel's 32,767 characters xlsxwriter cuts a text but dropped a rich one (an empty cell)."""
    from ghgkit.io.output import excel_workbook

    path = tmp_path / "long.xlsx"
    wb = excel_workbook(path)
    ws = wb.add_worksheet("S")
    ws.write_string(0, 0, "<r>" + "x" * 40_000 + "</r>")
    ws.write_string(1, 0, "y" * 40_000)
    wb.close()
    ws = openpyxl.load_workbook(path)["S"]
    assert ws["A1"].value == "<r>" + "x" * 32_764 and len(ws["A2"].value) == 32_767
