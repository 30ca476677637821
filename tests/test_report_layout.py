"""Every report fits A4 portrait when printed and a 1280 px screen, with no clipped column.

Chromium lays each report out (tests/layout_probe.py): on an A4-wide page with the print
rules applied, and on a screen. A table, figure or block that sticks out of the page, or a
table that scrolls sideways, fails the test. The printed PDF is then checked for A4 pages,
the running header (city and year) and page numbers.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import ghgkit
from ghgkit.reports import project as project_report
from ghgkit.reports.html import render_html
from layout_probe import measure, pdf_pages, print_pdf

ROOT = Path(__file__).resolve().parents[1]
A4 = (595.3, 841.9)        # points


@pytest.fixture(scope="module")
def demo():
    act, settings = ghgkit.load(str(ROOT / "examples" / "demo_city" / "demo_city.xlsx"))
    return ghgkit.calculate(act, settings)


def _validation_html(tmp_path) -> str:
    from ghgkit.validation import validate_paths, write_html

    out = tmp_path / "validation.html"
    write_html(validate_paths([ROOT / "examples" / "demo_city" / "demo_city.csv",
                               ROOT / "examples" / "demo_city" / "demo_city.xlsx"]), out)
    return out.read_text(encoding="utf-8")


def _portfolio_html(lang=None) -> str:
    from ghgkit.projects import load_folder, portfolio

    return project_report.render_html(portfolio(load_folder(ROOT / "examples" / "projects")), lang=lang)


def _monitor_html() -> str:
    from ghgkit.projects import load_project, monitor

    return project_report.render_html(monitor(load_project(ROOT / "examples" / "projects" /
                                                           "composting_kitakyushu_surabaya.yaml")))


def test_probe_sees_a_clipped_column(chromium, tmp_path):
    """The check is not vacuous: a table wider than A4, and one that scrolls on screen, are caught."""
    cells = "".join(f"<td style='white-space:nowrap'>column {i} with long text</td>" for i in range(12))
    page = f"<!DOCTYPE html><html><head><style>@media print {{ .x {{ color: red }} }}</style></head><body>" \
           f"<div class='table-wrap' style='overflow-x:auto'><table><tr>{cells}</tr></table></div></body></html>"
    printed = measure(page, tmp_path / "p", print_layout=True)
    assert printed["limit"] == 703
    assert any("scrolls" in b for b in printed["bad"]), printed
    screen = measure(page, tmp_path / "s", print_layout=False)
    assert any("scrolls" in b for b in screen["bad"]), screen


def test_probe_sees_words_broken_at_any_letter(chromium, tmp_path):
    """The check is not vacuous: text that may break any word ('ente|r') is caught, plain text is not."""
    page = ("<!DOCTYPE html><html><body><p>plain words</p><table><tr><td><span style='word-break:break-all'>"
            "enter the amounts</span></td></tr></table></body></html>")
    found = measure(page, tmp_path / "p", print_layout=True)
    assert found["bad"] == ["span breaks words at any letter"], found


@pytest.mark.parametrize("lang", ["en", "ja", "th"])
def test_inventory_report_fits_a4_and_screen(chromium, demo, tmp_path, lang):
    html = render_html(demo, lang=lang)
    for print_layout in (True, False):
        found = measure(html, tmp_path / f"m{print_layout}", print_layout=print_layout)
        assert found["tables"] >= 10
        assert found["bad"] == [], (lang, "print" if print_layout else "screen", found["bad"])


@pytest.mark.parametrize("name", ["validation", "portfolio", "monitor"])
def test_other_reports_fit_a4_and_screen(chromium, tmp_path, name):
    html = {"validation": lambda: _validation_html(tmp_path), "portfolio": _portfolio_html,
            "monitor": _monitor_html}[name]()
    assert "_style.css" not in html and "--accent" in html          # the shared stylesheet is inlined
    for print_layout in (True, False):
        found = measure(html, tmp_path / f"m{print_layout}", print_layout=print_layout)
        assert found["tables"] >= 1
        assert found["bad"] == [], (name, "print" if print_layout else "screen", found["bad"])


def _printed_a4(page, tmp_path, header: str):
    """Print *page* to PDF; every page is A4, and (with pdftotext) numbered 'Page i / n' and headed by
    *header* (a regex). Returns the page sizes and the text (None without pdftotext)."""
    pdf = tmp_path / (page.stem + ".pdf")
    pages = pdf_pages(print_pdf(page, pdf, tmp_path / "profile"))
    assert pages and all(abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2 for w, h in pages), pages[:3]
    if not shutil.which("pdftotext"):
        return pages, None
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    n = len(pages)
    assert f"Page 1 / {n}" in text and f"Page {n} / {n}" in text
    assert len(re.findall(header, text)) == n
    return pages, text


def test_printed_inventory_is_a4_with_header_and_page_numbers(chromium, demo, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(demo), encoding="utf-8")
    pages, text = _printed_a4(page, tmp_path, r"Tan Hoa City \(demo\): greenhouse gas inventory 2023")
    # the audit trail prints as cards: the demo city's 44 pages before the change are now far fewer
    assert len(pages) <= 34, len(pages)
    if text is not None:
        # nothing of the audit trail is cut: every column label of a calculation card is printed
        for label in ("Factors applied", "Quality", "Source and notes", "Conversion"):
            assert label in text, label


def test_running_header_is_an_escaped_css_string(evil_city_html):
    """The city goes into the @page header as a CSS string with every special character escaped."""
    css = evil_city_html[evil_city_html.index("@page"):evil_city_html.index("@media print")]
    assert "<script>" not in css and "\\00003c" in css


@pytest.fixture
def evil_city_html(tmp_path):
    path = tmp_path / "activity.csv"
    path.write_text("sector,activity,amount,unit\nhousehold,diesel,1000,L\n", encoding="utf-8")
    act, settings = ghgkit.load(str(path), overrides={"inventory_year": "2023", "city": "<script>x</script>\"'"})
    return render_html(ghgkit.calculate(act, settings))


@pytest.fixture(scope="module")
def demo_trend():
    from ghgkit.mrv import analyse, read_config

    return analyse(config=read_config(ROOT / "examples" / "trend" / "trend.toml"), uncertainty="approach1")


@pytest.mark.parametrize("lang", ["en", "ja", "th"])
def test_trend_report_fits_a4_and_screen(chromium, demo_trend, tmp_path, lang):
    from ghgkit.reports.trend import render_html as render_trend

    html = render_trend(demo_trend, lang=lang)
    assert "_style.css" not in html and "--accent" in html          # the shared stylesheet is inlined
    for print_layout in (True, False):
        found = measure(html, tmp_path / f"m{print_layout}", print_layout=print_layout)
        assert found["tables"] >= 7          # years, sectors, uncertainty, target, projects (2), GPC
        assert found["bad"] == [], (lang, "print" if print_layout else "screen", found["bad"])


def test_printed_trend_is_a4_with_header_and_page_numbers(chromium, demo_trend, tmp_path):
    from ghgkit.reports.trend import write_html as write_trend

    page = write_trend(demo_trend, tmp_path / "trend.html")
    _, text = _printed_a4(page, tmp_path, r"Tan Hoa City \(demo\): greenhouse gas emissions 2015-2023")
    if text is not None:
        # nothing cut: the last year column of the widest tables and the uncertainty section are printed
        for label in ("Rows without uncertainty data", "Years and reductions", "GPC references per year"):
            assert label in text, label
