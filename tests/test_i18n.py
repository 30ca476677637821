"""Languages: catalogues, English fallback, what is missing, locale numbers, --lang on the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
import warnings
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import ghgkit
from ghgkit import i18n
from ghgkit.cli import main
from ghgkit.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo_city" / "demo_city.xlsx"
LANGS = [k for k in i18n.LANGUAGES if k != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _report_messages() -> list:
    """Messages of the HTML report templates (the core set every language translates)."""
    from babel.messages.pofile import read_po

    with (i18n.locale_dir() / "ghgkit.pot").open("rb") as fh:
        cat = read_po(fh)
    return [tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id for m in cat
            if m.id and any(loc.startswith("templates/") for loc, _ in m.locations)]


@pytest.fixture(scope="module")
def demo():
    act, settings = ghgkit.load(str(DEMO))
    return ghgkit.calculate(act, settings)


def test_catalogue_template_is_up_to_date():
    """ghgkit.pot lists every message of the code and templates (rebuild: scripts/i18n_catalog.py)."""
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n_catalog.py"), "--check"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_missing_translations_are_listed_and_the_report_set_is_complete():
    """Lists (as a warning) what each language lacks; the report headings and labels are all there."""
    total = len(i18n.template_messages())
    lines = []
    for lang in LANGS:
        missing = i18n.missing(lang)
        lines.append(f"{lang}: {total - len(missing)} of {total} translated; missing {len(missing)}: "
                     + "; ".join(m if isinstance(m, str) else m[0] for m in missing[:8])
                     + (" …" if len(missing) > 8 else ""))
        report_missing = [m for m in _report_messages() if m in missing]
        assert report_missing == [], (lang, report_missing)
        assert total - len(missing) >= 0.7 * total, lines[-1]
    warnings.warn("translation coverage\n" + "\n".join(lines), stacklevel=1)


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_their_placeholders(lang):
    """Every %(name)s of a message is in its translation, nothing else; template strings format."""
    cat = i18n.catalog(lang)
    jinja = set(_report_messages())
    for msgid, text in cat.items():
        singular = msgid[0] if isinstance(msgid, tuple) else msgid
        forms = text if isinstance(text, list) else [text]
        for form in forms:
            want = set(PLACEHOLDER.findall(singular)) | ({"num"} if isinstance(msgid, tuple) else set())
            assert set(PLACEHOLDER.findall(form)) <= want | {"num"}, (lang, singular, form)
            assert set(PLACEHOLDER.findall(form)) >= set(PLACEHOLDER.findall(singular)), (lang, singular, form)
            # jinja's new-style gettext always %-formats (a lone % would raise); Python formats
            # only messages with placeholders
            if msgid in jinja or want:
                form % {k: "x" for k in want}


def test_untranslated_text_falls_back_to_english():
    tr = i18n.translator("ja")
    for m in i18n.missing("ja"):                 # a message of the catalogue without a translation
        if isinstance(m, str):
            assert tr.gettext(m) == m
    assert tr.gettext("a sentence in no catalogue") == "a sentence in no catalogue"
    assert tr.gettext("") == ""                              # never the catalogue header
    assert tr.ngettext("%(num)s apple", "%(num)s apples", 2) == "%(num)s apples"
    assert tr.gettext("Headline numbers") == "主要な数値"


def test_fuzzy_and_empty_entries_are_not_used(tmp_path, monkeypatch):
    po = tmp_path / "ja" / "LC_MESSAGES" / "ghgkit.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  '#, fuzzy\nmsgid "Sector"\nmsgstr "WRONG"\n\nmsgid "Year"\nmsgstr ""\n\n'
                  'msgid "Total"\nmsgstr "合計"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path)
    i18n.catalog.cache_clear()
    try:
        assert i18n.catalog("ja") == {"Total": "合計"}
    finally:
        monkeypatch.undo()
        i18n.catalog.cache_clear()


def test_unknown_language_is_refused():
    with pytest.raises(InputError, match="unknown language"):
        i18n.translator("xx")
    assert i18n.check_language("ja_JP") == "ja" and i18n.check_language("vi-VN") == "vi"


@pytest.mark.parametrize("lang,expected", [
    # CLDR: en and th group with "," and mark decimals with "."; id and vi the other way round
    ("en", ("1,234,567.9", "0.5%", "12.35")), ("th", ("1,234,567.9", "0.5%", "12.35")),
    ("id", ("1.234.567,9", "0,5%", "12,35")), ("vi", ("1.234.567,9", "0,5%", "12,35")),
    ("ja", ("1,234,567.9", "0.5%", "12.35")),
])
def test_numbers_follow_the_locale(lang, expected):
    tr = i18n.translator(lang)
    assert (tr.number(1234567.89, 1), tr.percent(0.005), tr.value(12.35)) == expected


def test_report_numbers_are_localised_but_data_files_stay_plain(demo, tmp_path):
    from ghgkit.reports.html import render_html

    en, idn = render_html(demo, lang="en"), render_html(demo, lang="id")
    basic = demo.totals["basic_co2e_t"]
    assert f"{basic:,.0f}" in en
    assert f"{basic:,.0f}".replace(",", ".") in idn and 'lang="id"' in idn
    assert "Angka utama" in idn and "Headline numbers" not in idn
    runner = CliRunner()
    outs = {}
    for lang in ("en", "id"):
        for fmt in ("json", "csv"):
            out = tmp_path / f"{lang}.{fmt}"
            r = runner.invoke(main, ["calc", str(DEMO), "--format", fmt, "-o", str(out), "--lang", lang])
            assert r.exit_code == 0, r.output
            outs[lang, fmt] = out.read_bytes()
    assert outs["en", "json"] == outs["id", "json"] and outs["en", "csv"] == outs["id", "csv"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_report_renders_in_every_language(demo, tmp_path, lang):
    from ghgkit.projects import load_folder, portfolio
    from ghgkit.reports import project as project_report
    from ghgkit.reports.html import render_html
    from ghgkit.validation import validate_paths, write_html

    tr = i18n.translator(lang)
    html = render_html(demo, lang=lang)
    assert f'<html lang="{lang}">' in html
    for heading in ("Headline numbers", "Calculation audit trail", "GPC reporting table", "Notation keys"):
        assert f">{tr.gettext(heading)}</h2>" in html, heading
    pf = project_report.render_html(portfolio(load_folder(ROOT / "examples" / "projects")), lang=lang)
    assert tr.gettext("Portfolio of co-operation projects") in pf
    write_html(validate_paths([ROOT / "examples" / "demo_city" / "demo_city.csv"]), tmp_path / "v.html", lang=lang)
    assert tr.gettext("Summary across submissions") in (tmp_path / "v.html").read_text(encoding="utf-8")


def test_cli_error_and_hint_in_the_chosen_language(tmp_path):
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"existing")
    r = CliRunner().invoke(main, ["template", "-o", str(out), "--lang", "id"])
    assert r.exit_code == 2
    assert "galat:" in r.output and "petunjuk: pilih nama lain, atau tambahkan --force untuk menggantinya" in r.output
    r = CliRunner().invoke(main, ["template", "-o", str(out), "--lang", "xx"])
    assert r.exit_code == 2 and "xx" in r.output


def test_calc_warnings_hint_in_the_chosen_language(tmp_path):
    """calc's warnings show their hints as validate does: translated with --lang, English without."""
    p = tmp_path / "c.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,12,kg\n", encoding="utf-8")
    args = ["calc", str(p), "--set", "inventory_year=2023", "--format", "csv", "-o", str(tmp_path / "o.csv")]
    ja = CliRunner().invoke(main, [*args, "--lang", "ja"])
    assert ja.exit_code == 0
    assert "CONS-002" in ja.output and "(ヒント: CSV の設定ファイルに population" in ja.output
    en = CliRunner().invoke(main, args)
    assert en.exit_code == 0 and "(hint: give population (the residents" in en.output and "ヒント" not in en.output


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_hint_is_translated(lang):
    """The rules' hints (HINTS, given as hint=HINTS[...]) were not in the catalogue: a Thai or Japanese
    validate report gave the commonest hints (a number as text, a duplicate, a negative amount) in
    English. Each is translated now."""
    from ghgkit.rules.findings import HINTS

    tr = i18n.translator(lang)
    assert [k for k, v in HINTS.items() if tr.gettext(v) == v] == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_hint_with_the_inputs_values_is_translated_around_them(lang):
    """Hints that quote the input ('write the number alone (12) and put the unit 'kg' in column unit',
    'did you mean 'lpg'?') stayed English: each of HINT_TEMPLATES is translated, its values kept."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from ghgkit.rules.findings import HINT_TEMPLATES

    tr = i18n.translator(lang)
    names = [PLACEHOLDER.findall(t) for t in HINT_TEMPLATES]
    value = st.text(alphabet="abcdefghijklmnopqrstuvwxyzMW_0123456789 ,.", min_size=1, max_size=30)

    @given(st.sampled_from(range(len(HINT_TEMPLATES))), st.lists(value, min_size=4, max_size=4))
    @settings(max_examples=200, deadline=None)
    def check(k, values):
        template = HINT_TEMPLATES[k]
        v = dict(zip(names[k], values))
        english = template % v
        assert tr.hint(english) == tr.gettext(template) % v != english
        assert i18n.translator("en").hint(english) == english

    check()


def test_a_long_hint_is_not_matched_against_the_shapes():
    """The shapes' lazy groups take quadratic time on a long text built of their separators: a hint
    longer than HINT_SHAPE_LIMIT is shown as given (1.9 s for 105,000 characters before the limit)."""
    import time

    tr = i18n.translator("id")
    crafted = "'" + "' is a notation key (" * 5000 + "zz"
    t = time.perf_counter()
    assert tr.hint(crafted) == crafted
    assert time.perf_counter() - t < 0.05
    long_unit = "write the number alone (12) and put the unit '" + "x" * (i18n.HINT_SHAPE_LIMIT) + "' in column unit"
    assert tr.hint(long_unit) == long_unit


def test_hints_with_values_through_validate(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,12 kg,kg\nhouseholdd,lpg,5,kg\n"
                 "household,lpg,NE,kg\nhousehold,lpg,5,mwh\nhousehold,lpg,5,ml\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", str(p), "--lang", "id"])
    for said in ("tulis bilangannya saja (12) dan taruh satuan 'kg' di kolom unit",
                 "maksud Anda 'household'? (yang diizinkan: household, building",
                 "'NE' adalah kunci notasi (tidak diestimasi): taruh kunci notasi di kolom notation_key",
                 "maksud Anda 'MWh'? (huruf satuan",
                 "maksud Anda 'ML' atau 'mL'? (huruf satuan"):
        assert said in r.output, said
    assert "did you mean" not in r.output and "write the number alone" not in r.output
    assert " or " not in r.output.split("NK-002")[0]         # no English joiner left in a translated hint
    # the project forms' and the Factors sheet's unit places (a review)
    tr = i18n.translator("ja")
    for english in ("write the number alone (0.85) and put the unit 'kg' in the unit field (unit: ...)",
                    "write the number alone (0.85) and put the unit 'kg' in the unit column (Parameters!C5)",
                    "write the number alone (0.85) and put the unit 'kg' in the unit column"):
        assert tr.hint(english).startswith("数値だけ（0.85）") and "kg" in tr.hint(english)
    en = CliRunner().invoke(main, ["validate", str(p)])
    assert "write the number alone (12) and put the unit 'kg' in column unit" in en.output
    assert "did you mean 'household'? (allowed: household, building" in en.output


def test_a_rule_hint_is_printed_in_the_chosen_language(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,12,kg\nhousehold,lpg,12,kg\nhousehold,lpg,-1,kg\n",
                 encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", str(p), "--lang", "th"])
    assert "CELL-005" in r.output and "ลบออกหนึ่งแถวหากวางซ้ำสองครั้ง" in r.output and "pasted twice" not in r.output
    assert "CELL-004" in r.output and "ให้ใส่จำนวนบวก" in r.output
    r = CliRunner().invoke(main, ["validate", str(p), "--lang", "th", "--html", str(tmp_path / "v.html")])
    page = (tmp_path / "v.html").read_text(encoding="utf-8")
    assert "ลบออกหนึ่งแถวหากวางซ้ำสองครั้ง" in page and "pasted twice" not in page


def test_calc_errors_hint_in_the_chosen_language(tmp_path):
    """calc's errors (the input refused) show their hints as its warnings do: translated with --lang."""
    import shutil

    p = tmp_path / "book.csv"                      # a workbook with a .csv name: FILE-002
    shutil.copy("examples/demo_city/demo_city.xlsx", p)
    ja = CliRunner().invoke(main, ["calc", str(p), "--lang", "ja"])
    assert ja.exit_code == 2
    assert "error FILE-002" in ja.output and "(ヒント: 拡張子を .xlsx に変更してください)" in ja.output
    en = CliRunner().invoke(main, ["calc", str(p)])
    assert en.exit_code == 2 and "(hint: rename it to .xlsx)" in en.output and "ヒント" not in en.output


def test_template_labels_translated_and_sheet_names_and_keys_stable(tmp_path):
    from ghgkit.io.template import write_template
    from ghgkit.schema import ACTIVITY_COLUMNS

    en = write_template(tmp_path / "en.xlsx", example=True, lang="en")
    vi = write_template(tmp_path / "vi.xlsx", example=True, lang="vi")
    wen, wvi = openpyxl.load_workbook(en), openpyxl.load_workbook(vi)
    assert wen.sheetnames == wvi.sheetnames
    assert wvi["Instructions"]["A1"].value == "Mẫu dữ liệu hoạt động ghgkit"
    assert [c.value for c in wvi["Energy"][1]][:len(ACTIVITY_COLUMNS)] == list(ACTIVITY_COLUMNS)
    assert [c.value for c in wvi["Settings"]["A"]] == [c.value for c in wen["Settings"]["A"]]
    assert wvi["Settings"]["C1"].value == "giải thích"
    # the Vietnamese workbook is read exactly as the English one
    t_en = ghgkit.calculate(*ghgkit.load(str(en))).totals
    t_vi = ghgkit.calculate(*ghgkit.load(str(vi))).totals
    assert t_en == t_vi


def test_excel_report_labels_translated(demo, tmp_path):
    from ghgkit.reports.excel import write_excel

    wb = openpyxl.load_workbook(write_excel(demo, tmp_path / "ja.xlsx", lang="ja"))
    assert wb.sheetnames == openpyxl.load_workbook(write_excel(demo, tmp_path / "en.xlsx")).sheetnames
    values = {c.value for row in wb["Summary"].iter_rows() for c in row if isinstance(c.value, str)}
    assert {"部門別排出量（全スコープ）", "BASIC 合計 (t CO2e)", "家庭部門の建物"} <= values


def test_catalogues_ship_inside_the_package():
    """The .po files sit in the ghgkit package, so the wheel (packages = ['ghgkit']) carries them."""
    pkg = Path(i18n.__file__).resolve().parent
    for lang in LANGS:
        po = i18n.locale_dir() / lang / "LC_MESSAGES" / "ghgkit.po"
        assert po.is_file() and pkg in po.parents
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'packages\s*=\s*\["ghgkit"\]', pyproject) and '"babel' in pyproject


def test_number_separators_follow_babel_for_every_language():
    """English skips babel (its texts are formatted with en_US separators): check that holds,
    and that every other language's table is babel's."""
    from babel import Locale
    from babel.numbers import get_decimal_symbol, get_group_symbol

    from ghgkit.i18n import LANGUAGES, Translator

    for lang in LANGUAGES:
        loc = Locale.parse({"en": "en_US"}.get(lang, lang))
        group, dec = get_group_symbol(loc), get_decimal_symbol(loc)
        assert Translator(lang).localize("1,234.5") == f"1{group}234{dec}5"



def test_validation_excel_report_in_the_chosen_language(tmp_path):
    """validate --lang th --excel: the headings, status and severity words and the hints in Thai (the
    HTML page's words); the messages in English, as on the page; English keeps the JSON/CSV column names."""
    import openpyxl

    tr = i18n.translator("th")
    _ = tr.gettext
    p = tmp_path / "c.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,12,kg\nhousehold,lpg,12,kg\nhousehold,lpg,-1,kg\n",
                 encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", str(p), "--lang", "th", "--excel", str(tmp_path / "th.xlsx")])
    assert r.exit_code == 1, r.output
    th = openpyxl.load_workbook(tmp_path / "th.xlsx")
    words = ["File", "City", "Country", "Year", "Status", "Errors", "Warnings", "Activity rows"]
    assert all(_(w) != w for w in words + ["Severity", "Code", "What", "How to fix", "Line (CSV)", "error", "errors"])
    summary = [c.value for c in th["Summary"][1]]
    assert summary[:8] == [_(w) for w in words] and _("BASIC coverage") + " (%)" in summary
    head = [c.value for c in th["Findings"][1]]
    assert head == [_("File"), _("City"), _("Year"), _("Severity"), _("Code"), _("Where"), _("Sheet"), _("Cell"),
                    _("Line (CSV)"), _("What"), _("How to fix")]
    assert "บรรทัด (CSV)" in head                         # a CSV's line number, not a table row
    rows = [dict(zip(head, (c.value for c in row))) for row in th["Findings"].iter_rows(min_row=2)]
    dup = next(x for x in rows if x[_("Code")] == "CELL-005")
    assert "ลบออกหนึ่งแถวหากวางซ้ำสองครั้ง" in dup[_("How to fix")] and "pasted twice" not in dup[_("How to fix")]
    assert dup[_("What")].startswith("duplicate of the activity")          # the message as written
    assert next(x for x in rows if x[_("Code")] == "CELL-004")[_("Severity")] == _("error")
    assert th["Summary"].cell(2, 5).value == _("errors")
    r = CliRunner().invoke(main, ["validate", str(p), "--excel", str(tmp_path / "en.xlsx")])
    en = openpyxl.load_workbook(tmp_path / "en.xlsx")
    head = [c.value for c in en["Findings"][1]]
    assert head == ["file", "city", "year", "severity", "code", "place", "sheet", "cell", "line", "message", "hint"]
    rows = [dict(zip(head, (c.value for c in row))) for row in en["Findings"].iter_rows(min_row=2)]
    assert {"error", "warning"} <= {x["severity"] for x in rows} <= {"error", "warning", "info"}
    assert any("pasted twice" in (x["hint"] or "") for x in rows)
    assert [c.value for c in en["Summary"][1]][:5] == ["file", "city", "country", "year", "status"]
