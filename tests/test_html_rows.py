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
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ghgkit
from ghgkit.i18n import translator
from ghgkit.reports import chart_helper, charts, html
from ghgkit.reports.model import build_report
from ghgkit.reports.style import _compiled_templates, report_env

#: the template's former row loop (templates/report.html.j2 up to this change), kept as the reference
FORMER_LOOP = """{% for c in rows %}
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
    tr = translator(lang)
    env = report_env(lang)
    return env.from_string(FORMER_LOOP).render(rows=rows, L=html.audit_labels(tr))


def _new(rows, uses, lang):
    tr = translator(lang)
    return str(html.audit_rows(rows, html.audit_labels(tr), tr, html._factor_lists(uses)))


@pytest.fixture(scope="module")
def demo():
    act, s = ghgkit.load("examples/demo_city/demo_city.xlsx")
    return ghgkit.calculate(act, s)


@pytest.mark.parametrize("lang", ["en", "ja"])
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
            "method": draw(st.sampled_from(["", "fuel_sales", "&"])), "notation_key": draw(st.sampled_from(["", "NE", "IE"])),
            "amount": draw(NUMBER), "unit": draw(st.sampled_from(["", "L", "TJ", "m³", "<u>"])),
            "energy_tj": draw(NUMBER), "conversion": draw(HOSTILE), "calc_notes": draw(HOSTILE),
            "combo": draw(st.integers(0, 1)), "co2e_t": draw(NUMBER), "co2_t": draw(NUMBER), "ch4_t": draw(NUMBER),
            "n2o_t": draw(NUMBER), "co2_biogenic_t": draw(NUMBER),
            "data_quality": draw(st.sampled_from(["", "high", "medium", "low"])),
            "source": draw(HOSTILE), "notes": draw(HOSTILE)})
    return out, uses


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows(), st.sampled_from(["en", "ja", "th"]))
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
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_helper_draws_what_the_report_draws(demo, lang):
    inp = charts.chart_input(build_report(demo))
    chart_helper.start()
    pending = chart_helper.ask(inp, lang)
    if pending is None:
        pytest.skip("one core: no helper is started")
    got = pending.result()
    own = charts.draw(inp, translator(lang))
    assert got == own
    assert set(own) == set(charts.chart_names(inp)) == {"sector", "scope", "landfill"}


def test_page_with_helper_equals_page_without(demo):
    without = html.render_html(demo)
    chart_helper.start()
    if chart_helper._proc is None:
        pytest.skip("one core: no helper is started")
    assert html.render_html(demo) == without
    assert chart_helper._proc is None                 # the helper answered its one request


class _Fake:
    """A stand-in helper process that answers with *out*."""

    def __init__(self, out: bytes, code: int = 0):
        self.out, self.returncode = out, code

    def poll(self):
        return None

    def communicate(self, data, timeout=None):
        return self.out, b""

    def kill(self):
        pass

    def wait(self):
        pass


@pytest.mark.parametrize("answer", [b"", b"not json", json.dumps({"request": "another", "charts": {}}).encode(),
                                    json.dumps([1, 2]).encode()])
def test_a_bad_helper_answer_is_ignored(demo, monkeypatch, answer):
    without = html.render_html(demo)
    monkeypatch.setattr(chart_helper, "_proc", _Fake(answer))
    assert html.render_html(demo) == without


def test_a_helper_that_fails_or_hangs_is_ignored(demo, monkeypatch):
    without = html.render_html(demo)

    class Hangs(_Fake):
        def communicate(self, data, timeout=None):
            raise subprocess.TimeoutExpired("helper", timeout)

    monkeypatch.setattr(chart_helper, "_proc", Hangs(b""))
    assert html.render_html(demo) == without
    monkeypatch.setattr(chart_helper, "_proc", _Fake(b"{}", code=1))
    assert html.render_html(demo) == without


def test_a_helper_whose_answer_names_the_request_is_used(demo, monkeypatch):
    """The reply is used (not re-drawn) when it echoes the request: the placeholders are filled with it."""
    inp = charts.chart_input(build_report(demo))
    request = json.dumps({"input": inp, "lang": "en"})
    fake = {k: f"<svg>{k} from the helper</svg>" for k in charts.chart_names(inp)}
    monkeypatch.setattr(chart_helper, "_proc", _Fake(json.dumps({"request": request, "charts": fake}).encode()))
    page = html.render_html(demo, lang="en")
    assert all(page.count(v) == 1 for v in fake.values())
    assert "<!--chart " not in page


# -- compiled templates ------------------------------------------------------------------------------
def test_a_damaged_compiled_template_is_compiled_afresh(demo, tmp_path, monkeypatch):
    cache = _compiled_templates()
    if cache is None:
        pytest.skip("no template cache on this machine")
    monkeypatch.setattr(cache, "directory", str(tmp_path))
    good = html.render_html(demo)
    entries = list(tmp_path.glob("__jinja2_*.cache"))
    assert entries                                      # the first render filled the cache
    for p in entries:
        p.write_bytes(p.read_bytes()[:40])              # truncated mid-way
    assert html.render_html(demo) == good
    for p in entries:
        p.write_bytes(b"garbage")
    assert html.render_html(demo) == good


@pytest.mark.parametrize("lang", ["en", "id", "vi", "ja", "th"])
def test_each_language_draws_with_its_fonts_what_all_fonts_draw(demo, lang, monkeypatch):
    """The inventory charts use the fonts of their language only (faster); no glyph of a
    translation may come from a font left out."""
    from ghgkit.reports import style

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
