"""The HTML report's fast paths give the page the slow paths gave.

* the audit-trail rows are written in Python (``reports.html.audit_rows``): equal, byte for
  byte, to the Jinja loop the template had, on generated rows with hostile text;
* the chart helper process draws the same SVG as the report's own process, and the page
  rendered with its placeholders equals the page rendered without a helper; a helper that
  dies or answers nonsense leaves the page as it would be without one;
* a damaged entry in the compiled-template cache is compiled afresh.
"""

from __future__ import annotations

import json
import re
import subprocess

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ghgkit
from ghgkit.i18n import translator
from ghgkit.reports import chart_helper, charts, html
from ghgkit.reports.model import build_report
from ghgkit.reports.style import report_env

#: the template's former row loop (templates/report.html.j2 up to this change), kept as the reference
FORMER_LOOP = """{% set L = {"input": _("Input"), "gpc": _("GPC ref (scope)"), "activity": _("Activity"), "amount": _("Amount"), "conv": _("Conversion"),
            "factors": _("Factors applied"), "bio": _("Biogenic CO2 (t, memo)"), "quality": _("Quality"), "notes": _("Source and notes")} %}
{% for c in rows %}
<tr><th scope="row" class="s2">{{ c["where"] or (_("row") ~ " " ~ c["n"]) }}</th><td class="nw" data-label="{{ L["gpc"] }}">{{ c["gpc_ref"] }}{% if c["scope"] is not none %} ({{ c["scope"] }}){% endif %}</td>
<td class="s2" data-label="{{ L["activity"] }}">{{ c["activity"] }}{% if c["subsector"] %} <span class="small">{{ c["subsector"] }}{% if c["method"] %}, {{ c["method"] }}{% endif %}</span>{% endif %}</td>
{% if c["notation_key"] %}<td class="n" data-label="{{ L["amount"] }}"><span class="key">{{ c["notation_key"] }}</span></td>
{% else %}<td class="n" data-label="{{ L["amount"] }}">{{ c["amount"] | val }} {{ c["unit"] }}</td>{% endif %}
<td class="conv full" data-label="{{ L["conv"] }}">{{ c["conversion"] }}{% if c["energy_tj"] is not none and c["unit"] != "TJ" %}<br><span class="small">= {{ c["energy_tj"] | val }} TJ</span>{% endif %}{% if c["calc_notes"] %}<br><span class="small">{{ c["calc_notes"] }}</span>{% endif %}</td>
<td class="cite full" data-label="{{ L["factors"] }}">{% if c.factors %}<ul>{% for f in c.factors %}<li>{{ f.short() or f.id }} <span class="small">{{ f.cite() }}</span></li>{% endfor %}</ul>{% endif %}</td>
<td class="n" data-label="CO2e (t)"><strong>{{ c["co2e_t"] | num(2) }}</strong></td><td class="n" data-label="CO2 (t)">{{ c["co2_t"] | gas(c["co2e_t"], 3) }}</td><td class="n" data-label="CH4 (t)">{{ c["ch4_t"] | gas(c["co2e_t"]) }}</td><td class="n" data-label="N2O (t)">{{ c["n2o_t"] | gas(c["co2e_t"]) }}</td><td class="n" data-label="{{ L["bio"] }}">{{ c["co2_biogenic_t"] | num }}</td>
<td data-label="{{ L["quality"] }}">{{ _(c["data_quality"]) if c["data_quality"] }}</td><td class="notes full" data-label="{{ L["notes"] }}">{{ c["source"] }}{% if c["source"] and c["notes"] %}; {% endif %}{{ c["notes"] }}</td></tr>
{% endfor %}
"""


def _former(rows, lang):
    return report_env(lang).from_string(FORMER_LOOP).render(rows=rows)


def _new(rows, uses, lang):
    tr = translator(lang)
    return str(html.audit_rows(rows, html.audit_labels(tr), tr, html._factor_lists(uses)))


@pytest.fixture(scope="module")
def demo():
    act, s = ghgkit.load("examples/demo_city/demo_city.xlsx")
    return ghgkit.calculate(act, s)


@pytest.mark.parametrize("lang", ["en", "ja", "id", "vi", "th"])
def test_rows_equal_the_former_template_loop_on_the_demo_city(demo, lang):
    data = build_report(demo)
    assert len(data.calc) > 40 and any(c["notation_key"] for c in data.calc) and any(c["subsector"] for c in data.calc)
    assert _new(data.calc, data.trail.uses, lang) == _former(data.calc, lang)


HOSTILE = st.text(alphabet=st.sampled_from(list("ab <>&\"'=;:é日\u0e01\n")), max_size=12)
NUMBER = st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))


@st.composite
def rows(draw):
    uses = [[], []]
    out = []
    for i in range(draw(st.integers(1, 6))):
        out.append({
            "n": i + 1, "where": draw(st.sampled_from(["", "Energy!D7", "a.csv line 3", "<b>"])),
            "gpc_ref": draw(HOSTILE), "scope": draw(st.one_of(st.none(), st.integers(1, 3))),
            "activity": draw(HOSTILE), "subsector": draw(st.sampled_from(["", "on_road", "<x>"])),
            "method": draw(st.sampled_from(["", "fuel_sales", "&"])),
            "notation_key": draw(st.sampled_from(["", "NE", "IE"])),
            "amount": draw(NUMBER), "unit": draw(st.sampled_from(["", "L", "TJ", "m³", "<u>"])),
            "energy_tj": draw(NUMBER), "conversion": draw(HOSTILE), "calc_notes": draw(HOSTILE),
            "combo": draw(st.integers(0, 1)), "co2e_t": draw(NUMBER), "co2_t": draw(NUMBER), "ch4_t": draw(NUMBER),
            "n2o_t": draw(NUMBER), "co2_biogenic_t": draw(NUMBER),
            "data_quality": draw(st.sampled_from(["", "high", "medium", "low"])),
            "source": draw(HOSTILE), "notes": draw(HOSTILE)})
    return out, uses


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows(), st.sampled_from(["en", "ja", "id", "vi", "th"]))
def test_rows_equal_the_former_template_loop_on_generated_rows(demo, case, lang):
    rs, _ = case
    uses = build_report(demo).trail.uses[:2]
    for r in rs:
        r["factors"] = uses[r["combo"]]
    new = _new(rs, uses, lang)
    assert new == _former(rs, lang)
    assert "<x>" not in new and "<u>" not in new and "<b>" not in new      # user text stays text


def test_an_unknown_data_quality_is_escaped():
    """The former loop printed ``_(data_quality)`` unescaped (jinja's newstyle gettext returns Markup);
    validation refuses such a value before a report is made, and the rows now escape it anyway."""
    row = {"n": 1, "where": "", "gpc_ref": "I.1.1", "scope": 1, "activity": "lpg", "subsector": "", "method": "",
           "notation_key": "", "amount": 1.0, "unit": "kg", "energy_tj": None, "conversion": "", "calc_notes": "",
           "combo": 0, "co2e_t": 1.0, "co2_t": 1.0, "ch4_t": None, "n2o_t": None, "co2_biogenic_t": None,
           "data_quality": "<img src=x onerror=alert(1)>", "source": "", "notes": ""}
    out = _new([row], [[]], "en")
    assert "<img" not in out and "&lt;img src=x onerror=alert(1)&gt;" in out


# -- the chart helper -------------------------------------------------------------------------------
@pytest.fixture
def helper(monkeypatch, demo):
    """The helper starts whatever this machine's core count; none is left for the next test.
    A chart is drawn here first, so matplotlib's font cache exists (on a fresh machine the
    helper would otherwise spend its time limit building it)."""
    charts.draw(charts.chart_input(build_report(demo)), translator("en"))
    monkeypatch.setattr(chart_helper, "cores", lambda: 2)
    yield chart_helper
    chart_helper.stop()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_helper_draws_what_the_report_draws(demo, helper, lang):
    inp = charts.chart_input(build_report(demo))
    helper.start()
    got = helper.ask(inp, lang).result()
    own = charts.draw(inp, translator(lang))
    assert got == own
    assert set(own) == set(charts.chart_names(inp)) == {"sector", "scope", "landfill"}


def test_page_with_helper_equals_page_without(demo, helper, monkeypatch):
    without = html.render_html(demo)
    answers = []
    result = chart_helper.Pending.result

    def spy(self):
        answers.append(result(self))
        return answers[-1]

    monkeypatch.setattr(chart_helper.Pending, "result", spy)
    helper.start()
    assert html.render_html(demo) == without
    assert answers and answers[0] is not None                   # the helper's SVG was used
    assert chart_helper._proc is None                           # one request per helper


def test_the_cli_starts_and_uses_the_helper(tmp_path, monkeypatch, helper):
    """calc --html: the helper answers (not the in-process fallback) and does not outlive calc."""
    from click.testing import CliRunner

    from ghgkit.cli import main

    answers = []
    result = chart_helper.Pending.result
    monkeypatch.setattr(chart_helper.Pending, "result", lambda self: answers.append(result(self)) or answers[-1])
    out = tmp_path / "r.html"
    r = CliRunner().invoke(main, ["calc", "examples/demo_city/demo_city.xlsx", "--html", str(out)])
    assert r.exit_code == 0, r.output
    assert answers and answers[0] is not None and "<!--chart " not in out.read_text(encoding="utf-8")
    assert chart_helper._proc is None


def test_the_helper_ends_as_soon_as_it_has_answered(demo, helper, tmp_path):
    """The page reads the answer to the end of the pipe, which comes when the helper ends: after
    answering, it ends at once, without the interpreter's teardown (~0.15 s after matplotlib).
    Seen here as an exit handler that never runs; the answer is whole and the exit code 0."""
    import sys
    from pathlib import Path

    marker = tmp_path / "teardown-ran"
    script = ("import atexit, pathlib, sys\n"
              f"atexit.register(lambda: pathlib.Path({str(marker)!r}).write_text('x'))\n"
              "from ghgkit.reports.chart_helper import main\n"
              "sys.exit(main())\n")
    inp = charts.chart_input(build_report(demo))
    request = json.dumps({"input": inp, "lang": "en"})
    r = subprocess.run([sys.executable, "-c", script], input=request.encode(), capture_output=True, timeout=120,
                       cwd=Path(__file__).resolve().parents[1])
    assert r.returncode == 0, r.stderr.decode()
    reply = json.loads(r.stdout)
    assert reply["request"] == request and reply["charts"] == charts.draw(inp, translator("en"))
    assert not marker.exists()
    r = subprocess.run([sys.executable, "-c", script], input=b"", capture_output=True, timeout=120,
                       cwd=Path(__file__).resolve().parents[1])
    assert r.returncode == 0 and r.stdout == b"" and marker.exists()      # not asked: an ordinary exit


def test_a_refused_input_lets_the_helper_go(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from ghgkit.cli import main

    monkeypatch.setattr(chart_helper, "cores", lambda: 2)
    started = []
    popen = subprocess.Popen
    monkeypatch.setattr(chart_helper.subprocess, "Popen", lambda *a, **k: started.append(popen(*a, **k)) or started[-1])
    bad = tmp_path / "bad.csv"
    bad.write_text("sector,activity,amount,unit\nhousehold,lpg,abc,kg\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["calc", str(bad), "--set", "inventory_year=2023", "--html", str(tmp_path / "r.html")])
    assert r.exit_code == 2 and not (tmp_path / "r.html").exists()
    assert len(started) == 1 and chart_helper._proc is None
    assert started[0].wait(timeout=30) == 0                     # it exits by itself: its input is closed
    assert started[0].stdin.closed and started[0].stdout.closed


class _Fake:
    """A stand-in helper process that answers with *out*."""

    stdin = stdout = None

    def __init__(self, out: bytes, code: int = 0):
        self.out, self.returncode = out, code

    def poll(self):
        return None

    def communicate(self, data=None, timeout=None):
        return self.out, b""

    def kill(self):
        pass

    def wait(self, timeout=None):
        return self.returncode


def _reply(demo, charts_of, package=None):
    inp = charts.chart_input(build_report(demo))
    request = json.dumps({"input": inp, "lang": "en"})
    return json.dumps({"request": request, "package": package or chart_helper._package(),
                       "charts": charts_of(charts.chart_names(inp))}).encode()


@pytest.mark.parametrize("answer", [b"", b"not json", json.dumps({"request": "another", "charts": {}}).encode(),
                                    json.dumps([1, 2]).encode()])
def test_a_bad_helper_answer_is_ignored(demo, monkeypatch, answer):
    without = html.render_html(demo)
    monkeypatch.setattr(chart_helper, "_proc", _Fake(answer))
    assert html.render_html(demo) == without


def test_an_answer_from_another_ghgkit_or_with_a_chart_missing_is_ignored(demo, monkeypatch):
    without = html.render_html(demo, lang="en")
    fake = lambda names: {k: f"<svg>{k}</svg>" for k in names}          # noqa: E731
    monkeypatch.setattr(chart_helper, "_proc", _Fake(_reply(demo, fake, package="/elsewhere/ghgkit")))
    assert html.render_html(demo, lang="en") == without
    monkeypatch.setattr(chart_helper, "_proc", _Fake(_reply(demo, lambda names: fake(names[:-1]))))
    assert html.render_html(demo, lang="en") == without


def test_a_helper_that_fails_or_hangs_is_ignored(demo, monkeypatch):
    without = html.render_html(demo)
    calls = []

    class Hangs(_Fake):
        def communicate(self, data=None, timeout=None):
            calls.append(timeout)
            if len(calls) == 1:
                raise subprocess.TimeoutExpired("helper", timeout)
            return b"", b""

    monkeypatch.setattr(chart_helper, "_proc", Hangs(b""))
    assert html.render_html(demo) == without
    assert calls == [chart_helper.TIMEOUT_S, None]                  # killed and reaped
    monkeypatch.setattr(chart_helper, "_proc", _Fake(b"{}", code=1))
    assert html.render_html(demo) == without


def test_a_helper_whose_answer_names_the_request_is_used(demo, monkeypatch):
    """The reply is used (not re-drawn) when it echoes the request: the placeholders are filled with it."""
    fake = {}

    def charts_of(names):
        fake.update({k: f"<svg>{k} from the helper</svg>" for k in names})
        return fake

    monkeypatch.setattr(chart_helper, "_proc", _Fake(_reply(demo, charts_of)))
    page = html.render_html(demo, lang="en")
    assert fake and all(page.count(v) == 1 for v in fake.values())
    assert "<!--chart " not in page


# -- compiled templates ------------------------------------------------------------------------------
def test_a_damaged_compiled_template_is_compiled_afresh(demo, tmp_path, monkeypatch):
    cache = report_env("en").bytecode_cache
    if cache is None:
        pytest.skip("no template cache on this machine")
    monkeypatch.setattr(cache, "directory", str(tmp_path))
    good = html.render_html(demo)
    entries = list(tmp_path.glob("__ghgkit_*.cache"))
    assert entries                                      # the first render filled the cache
    for p in entries:
        p.write_bytes(p.read_bytes()[:40])              # truncated mid-way
    assert html.render_html(demo) == good
    for p in entries:
        p.write_bytes(b"garbage")
    assert html.render_html(demo) == good
    assert all(p.name.startswith("__ghgkit_") for p in entries)        # ghgkit's own entries, versioned


def test_the_template_cache_key_follows_versions_and_settings():
    from ghgkit.reports.style import _compiled_templates

    a, b = _compiled_templates("x"), _compiled_templates("y")
    if a is None:
        pytest.skip("no template cache on this machine")
    assert a.pattern != b.pattern and a.directory == b.directory


@pytest.mark.parametrize("lang", ["en", "id", "vi", "ja", "th"])
def test_each_language_draws_with_its_fonts_what_all_fonts_draw(demo, lang, monkeypatch):
    """The inventory charts use the fonts of their language only (faster); no glyph of a
    translation may come from a font left out."""
    import os

    from matplotlib import font_manager

    from ghgkit.reports import style

    installed = {f.name for f in font_manager.fontManager.ttflist}
    if style.SCRIPT_FONTS[lang] and not installed & set(style.SCRIPT_FONTS[lang]):
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(f"no font for {lang} installed but CI=true (.ci/run installs them)")
        pytest.skip(f"no font for {lang} installed: the comparison would be DejaVu against DejaVu")
    inp = charts.chart_input(build_report(demo))
    own = charts.draw(inp, translator(lang))
    monkeypatch.setattr(style, "SCRIPT_FONTS", {})                  # every font of CHART_FONTS
    assert charts.draw(inp, translator(lang)) == own


def test_the_helper_draws_without_pandas(demo):
    """The helper's worth is starting fast: drawing the charts must not import pandas (~0.4 s)."""
    import sys

    inp = charts.chart_input(build_report(demo))
    code = ("import json, sys\n"
            "from ghgkit.i18n import translator\n"
            "from ghgkit.reports import chart_helper, charts\n"
            "charts.draw(chart_helper._WARM_UP, translator('en'))\n"
            "charts.draw(json.loads(sys.stdin.read()), translator('en'))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas'))\n")
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(inp), capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("max_rows", [5000, 7, 0])
def test_the_page_data_without_every_row_equals_the_full_data(max_rows):
    """build_report(trail_rows=False) builds every column only for the rows shown: the same report data."""
    full = build_report(ghgkit.calculate(*ghgkit.load("examples/demo_city/demo_city.xlsx")), max_rows=max_rows)
    inv = ghgkit.calculate(*ghgkit.load("examples/demo_city/demo_city.xlsx"))
    light = build_report(inv, max_rows=max_rows, trail_rows=False)
    assert "rows" not in inv.__dict__                                  # no full rows were built
    assert len(light.calc) == min(max_rows, len(full.trail.rows))
    for f in ("meta", "totals", "sectors", "scopes", "gpc", "matrix", "calc", "factors", "factor_rows", "sources",
              "quality", "keys_used", "warnings", "landfill"):
        assert getattr(light, f) == getattr(full, f), f
    assert (light.trail.combo == full.trail.combo).all()
    cols = list(light.trail.rows.columns)
    # the same values; the light rows hold their text as categoricals
    assert any(isinstance(t, pd.CategoricalDtype) for t in light.trail.rows.dtypes)
    assert light.trail.rows.astype(object).equals(full.trail.rows[cols].astype(object))
    cached = ghgkit.calculate(*ghgkit.load("examples/demo_city/demo_city.xlsx"))
    cached.rows                                                         # noqa: B018 - built first (as --excel does)
    for n in (0, 3, 10_000):
        assert cached.rows_head(n).equals(inv.rows_head(n)) and len(inv.rows_head(n)) == min(n, len(cached.rows))
    assert cached.rows_head(3, ["year", "excel_row"]).equals(inv.rows_head(3, ["year", "excel_row"]))


@pytest.mark.parametrize("case", ["no executable", "frozen"])
def test_no_helper_without_a_python_to_run(demo, monkeypatch, case):
    import sys

    monkeypatch.setattr(chart_helper, "cores", lambda: 2)
    if case == "frozen":
        monkeypatch.setattr(sys, "frozen", True, raising=False)
    else:
        monkeypatch.setattr(sys, "executable", "")
    chart_helper.start()
    assert chart_helper._proc is None
    assert "<svg" in html.render_html(demo)                  # drawn in-process


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("&<>'\"ab1 ,.;é\u3000")) | st.characters(), max_size=30))
def test_the_rows_escape_is_markupsafes(text):
    from markupsafe import escape

    assert html.escape_str(text) == str(escape(text))


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False), st.one_of(st.none(), st.integers(0, 9)))
def test_numbers_are_formatted_as_the_format_spec_says(v, digits):
    from ghgkit.reports.format import fmt_number

    if digits is None:
        a = abs(v)
        digits = 0 if a >= 1000 or a == 0 else 1 if a >= 100 else 2 if a >= 1 else 4 if a >= 0.001 else 6
        assert fmt_number(v) == f"{v:,.{digits}f}"
    else:
        assert fmt_number(v, digits) == f"{v:,.{digits}f}"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["a", "b<", "", "2"]), st.sampled_from([2.0, 2.5])), max_size=20))
def test_a_categorical_column_gives_the_texts_of_its_cells(cells):
    from ghgkit.reports.model import _texts

    obj = pd.Series(cells, dtype=object)
    kinds = {type(c) for c in cells if c is not None}
    if len(kinds) <= 1:                           # pandas' categories hold one kind of value
        assert _texts(obj.astype("category")) == _texts(obj)
    assert _texts(obj) == ["" if c is None else ("2" if c == 2.0 else str(c)) for c in cells]


@pytest.mark.parametrize("lang, shown", [("en", "112,934,227 L"), ("id", "112.934.227 L")])
def test_an_amount_of_ten_million_or_more_is_shown_in_full(tmp_path, lang, shown):
    """A review: the audit trail showed 112,934,227 L as 1.12934e+08 L (6 significant figures), on a
    page that says a row can be redone by hand."""
    from ghgkit.inventory import calculate
    from ghgkit.io.importers import load_checked
    from ghgkit.io.settings import parse_set_options

    p = tmp_path / "a.csv"
    p.write_text("sector,subsector,activity,amount,unit,method\ntransport,on_road,diesel,112934227,L,fuel_sales\n")
    act, st, _ = load_checked(p, overrides=parse_set_options(["inventory_year=2023"]))
    page = html.render_html(calculate(act, st), lang=lang)
    assert shown in page and "e+08" not in page


def test_a_cut_page_gives_each_sector_line_all_its_rows(tmp_path):
    """A review: on a page cut to its first rows, each audit-trail group line summed only the rows
    shown ('Residential buildings (I.1): 5000 rows, 2,500.0 t CO2e' for 2,500.5) and a sector none of
    whose rows was shown had no line. Now the line counts and sums all the sector's rows."""
    from ghgkit.inventory import calculate
    from ghgkit.io.importers import load_checked
    from ghgkit.io.settings import parse_set_options

    p = tmp_path / "a.csv"
    p.write_text("sector,subsector,activity,amount,unit\n" + "household,,electricity,1,MWh\n" * 5001
                 + "transport,on_road,electricity,1000,MWh\n")
    act, st, _ = load_checked(p, overrides=parse_set_options(["inventory_year=2023", "grid_ef=0.5",
                                                                  "grid_ef_source=x"]))
    inv = calculate(act, st)
    page = html.render_html(inv, max_rows=5000)
    assert "Residential buildings (I.1): 5,000 of 5,001 rows shown, 2,500.5 t CO2e</summary>" in page
    assert "Transportation (II): 0 of 1 rows shown, 500.0 t CO2e</summary>" in page
    assert page.count('<table class="audit') == 1
    full = html.render_html(inv, max_rows=10_000)                       # not cut: as before
    assert "Residential buildings (I.1): 5,001 rows, 2,500.5 t CO2e</summary>" in full


@pytest.mark.parametrize("max_rows", [3, 10])
def test_a_sector_of_notation_keys_only_shows_its_keys_not_zero(tmp_path, max_rows):
    """The audit trail's line of a sector with notation keys only read '1 row, 0.0 t CO2e' (the sector
    table says NO); now its keys, on a whole page and on one cut before the sector's rows."""
    from ghgkit.inventory import calculate
    from ghgkit.io.importers import load_checked
    from ghgkit.io.settings import parse_set_options

    p = tmp_path / "a.csv"
    p.write_text("sector,subsector,activity,amount,unit,notation_key,notes\n"
                 + "household,,electricity,1,MWh,,\n" * 4
                 + "energy_industry,,natural_gas,,,NO,\nindustry,,coal,,,IE,in I.4\nindustry,,coal,,,NO,\n"
                 + "industry,,lpg,2,t,,\n")
    act, st, _ = load_checked(p, overrides=parse_set_options(["inventory_year=2023", "grid_ef=0.5",
                                                                  "grid_ef_source=x"]))
    page = html.render_html(calculate(act, st), max_rows=max_rows)
    cut = max_rows < 8
    shown = "0 of 1 rows shown" if cut else "1 row"
    assert f'Energy industries (I.4): {shown}, <span class="key">NO</span></summary>' in page
    assert "(I.4): " + shown + ", 0.0 t" not in page
    industry = re.search(r"Manufacturing industries and construction \(I.3\): ([^<]*) t CO2e</summary>", page)
    assert industry and industry.group(1).startswith("0 of 3 rows shown, " if cut else "3 rows, ")
    assert float(industry.group(1).split(", ")[-1].replace(",", "")) > 5      # the LPG row: 2 t of LPG


def test_factor_values_follow_the_pages_language():
    """A review: an Indonesian page listed 'CO2 74,100 kg/TJ' (74.1 to its reader) beside '77.400' in
    its Factors table, and wrote the GWP 27.9 as in English beside 'CH4 27,9'. The factor lists and
    the CO2e formula now use the language's marks; the Conversion column keeps English ones, which a
    sentence above the rows says (not on a page whose marks are English)."""
    from ghgkit.inventory import calculate
    from ghgkit.io.importers import load_checked

    from pathlib import Path

    act, st, _ = load_checked(Path(__file__).resolve().parents[1] / "examples" / "demo_city" / "demo_city.xlsx")
    inv = calculate(act, st)
    page_id, page_en = html.render_html(inv, lang="id"), html.render_html(inv, lang="en")
    assert "<li>CO2 74.100 kg/TJ " in page_id and "<li>CO2 74,100 kg/TJ " in page_en
    assert "<li>CO2 74,100 kg/TJ " not in page_id
    assert "ditulis dengan cara Inggris" in page_id and "numbers are written the English way" not in page_en
    from ghgkit.reports.model import co2e_formula
    assert co2e_formula({"CH4": 27.9, "N2O": 273.0}, "AR6", translator("id").value).startswith(
        "CO2e = CO2 + 27,9 × CH4 + 273 × N2O")


def test_excel_factor_values_follow_the_reports_language(tmp_path):
    """A review: the Indonesian Excel report's Calculation sheet listed 'CO2 74,100 kg/TJ' under
    'Faktor yang dipakai', with no word on its marks. Its factor lists now use the language's marks,
    and a line above the table says the Conversion column keeps English ones (not in English)."""
    from pathlib import Path

    import openpyxl

    from ghgkit.inventory import calculate
    from ghgkit.io.importers import load_checked

    act, st, _ = load_checked(Path(__file__).resolve().parents[1] / "examples" / "demo_city" / "demo_city.xlsx")
    inv = calculate(act, st)
    texts = {}
    for lang in ("id", "en"):
        inv.to_excel(tmp_path / f"{lang}.xlsx", lang=lang)
        ws = openpyxl.load_workbook(tmp_path / f"{lang}.xlsx")["Calculation"]
        texts[lang] = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert any("CO2 74.100 kg/TJ" in t for t in texts["id"]) and not any("CO2 74,100 kg/TJ" in t for t in texts["id"])
    assert any("CO2 74,100 kg/TJ" in t for t in texts["en"])
    assert any("ditulis dengan cara Inggris" in t for t in texts["id"])
    assert not any("written the English way" in t for t in texts["en"])


@pytest.mark.parametrize("rows", ["household,,lpg,,,NO\nindustry,,coal,,,IE\nenergy_industry,,natural_gas,,,NE\n", ""])
def test_a_page_without_emissions_is_written_not_a_traceback(tmp_path, rows):
    """A review: --html of an inventory of notation keys only, or of a CSV with a header alone, stopped
    with a traceback (the template asked for the sector chart, which is not drawn without emissions)."""
    from click.testing import CliRunner

    from ghgkit.cli import main

    p = tmp_path / "a.csv"
    p.write_text("sector,subsector,activity,amount,unit,notation_key\n" + rows, encoding="utf-8")
    r = CliRunner().invoke(main, ["calc", str(p), "--set", "inventory_year=2023", "--html", str(tmp_path / "r.html"),
                                  "--excel", str(tmp_path / "r.xlsx")])
    assert r.exit_code == 0, r.output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "BASIC" in page and "<svg" not in page
    if rows:
        assert 'Energy industries (I.4): 1 row, <span class="key">NE</span></summary>' in page


def test_the_data_quality_note_counts_with_thousands_separators(tmp_path):
    """A review: the note under the data-quality table said '6001 rows give no data quality' beside
    '6,001' in its table."""
    from ghgkit.inventory import calculate
    from ghgkit.io.importers import load_checked
    from ghgkit.io.settings import parse_set_options

    p = tmp_path / "a.csv"
    p.write_text("sector,subsector,activity,amount,unit\n" + "household,,electricity,1,MWh\n" * 1001)
    act, st, _ = load_checked(p, overrides=parse_set_options(["inventory_year=2023", "grid_ef=0.5",
                                                                  "grid_ef_source=x"]))
    inv = calculate(act, st)
    assert "1,001 rows give no data quality." in html.render_html(inv)
    assert "1.001 baris tidak mencantumkan kualitas data." in html.render_html(inv, lang="id")
    # every count a page gives through ngettext (a second review: the footer, the notation keys' rows,
    # the validation page's rows): the footer here, and the validation page
    assert " from 1,001 activity rows." in html.render_html(inv)
    assert " dari 1.001 baris aktivitas." in html.render_html(inv, lang="id")
    from click.testing import CliRunner

    from ghgkit.cli import main

    CliRunner().invoke(main, ["validate", str(p), "--html", str(tmp_path / "v.html"), "--lang", "id"])
    assert "1.001 baris aktivitas" in (tmp_path / "v.html").read_text(encoding="utf-8")
