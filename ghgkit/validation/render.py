"""``ghgkit validate`` outputs: JSON, CSV, HTML and Excel reports of the findings."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ghgkit.i18n import N_
from ghgkit.rules.findings import ERROR, INFO, RULES, WARNING
from ghgkit.validation.batch import FileReport, summary_counts

FINDING_COLUMNS = ["file", "city", "year", "severity", "code", "place", "sheet", "cell", "line", "message", "hint"]


def findings_records(reports: list[FileReport]) -> list[dict]:
    """One dict per finding, with the file's city and year (for CSV / Excel)."""
    out = []
    for r in reports:
        for f in r.findings:
            d = f.to_dict()
            d.update(city=r.city, year=r.year)
            out.append({c: d.get(c) for c in FINDING_COLUMNS})
    return out


def summary_records(reports: list[FileReport]) -> list[dict]:
    return [{"file": r.file, "city": r.city, "country": r.country, "year": r.year, "status": r.status,
             "errors": r.errors, "warnings": r.warnings, "rows": r.rows, "coverage_pct": r.coverage_pct,
             "basic_co2e_t": r.basic_co2e_t, "per_capita_t": r.per_capita_t} for r in reports]


def to_json(reports: list[FileReport]) -> str:
    import json

    from ghgkit import __version__

    return json.dumps({"ghgkit_version": __version__, "summary": summary_counts(reports),
                       "files": [r.to_dict() for r in reports]}, indent=1, ensure_ascii=False)


def to_csv(reports: list[FileReport]) -> str:
    """Findings as CSV, one line per finding; user text made inert."""
    from ghgkit.io.output import inert

    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FINDING_COLUMNS, lineterminator="\n")
    w.writeheader()
    for rec in findings_records(reports):
        w.writerow({k: inert(v) if isinstance(v, str) else v for k, v in rec.items()})
    return buf.getvalue()


def write_html(reports: list[FileReport], path, lang: str | None = None) -> Path:
    """Self-contained HTML report: a summary across files and one section per city/file.

    *lang* is the language of the headings, labels and hints (``ghgkit.i18n.LANGUAGES``); the
    findings' messages stay in English (they hold the cell's text), as in the terminal.
    """
    import datetime

    from ghgkit import __version__
    from ghgkit.io.output import write_text_atomic
    from ghgkit.reports.style import report_env

    env = report_env(lang)
    counts = summary_counts(reports)
    tr = env.globals["tr"]
    header = tr.ngettext("Submission check: %(num)s file", "Submission check: %(num)s files",
                         counts["files"]) % {"num": counts["files"]}
    html = env.get_template("validation.html.j2").render(
        reports=reports, counts=counts, rules=RULES, version=__version__, running_header=header,
        generated=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), name=_display_name)
    write_text_atomic(path, html)
    return Path(path)


def _display_name(r: FileReport) -> str:
    label = r.city or Path(r.file).name
    return f"{label} {r.year}" if r.year else label


#: the Excel report's column headings in a language other than English (English keeps the
#: column names of the JSON and CSV outputs); a unit after the translated words
EXCEL_HEADINGS = {"file": (N_("File"), ""), "city": (N_("City"), ""), "country": (N_("Country"), ""),
                  "year": (N_("Year"), ""), "status": (N_("Status"), ""), "errors": (N_("Errors"), ""),
                  "warnings": (N_("Warnings"), ""), "rows": (N_("Activity rows"), ""),
                  "coverage_pct": (N_("BASIC coverage"), " (%)"),
                  "basic_co2e_t": (N_("BASIC total"), " (t CO2e)"), "per_capita_t": (N_("Per capita"), " (t CO2e)"),
                  "severity": (N_("Severity"), ""), "code": (N_("Code"), ""), "place": (N_("Where"), ""),
                  "sheet": (N_("Sheet"), ""), "cell": (N_("Cell"), ""), "line": (N_("Line (CSV)"), ""),
                  "message": (N_("What"), ""), "hint": (N_("How to fix"), "")}


def write_excel(reports: list[FileReport], path, lang: str | None = None) -> Path:
    """Excel report: Summary sheet (one row per file) and Findings sheet (one row per finding).

    *lang* (default: the current language): in a language other than English the column
    headings, the status and severity words and the hints are translated, as on the HTML page;
    the messages stay in English (they quote the cells). In English the headings are the JSON
    and CSV outputs' column names.
    """
    from ghgkit.i18n import translator
    from ghgkit.io.output import ExcelText, atomic_path, excel_workbook

    tr = translator(lang)
    english = tr.lang == "en"

    def heading(col: str) -> str:
        if english or col not in EXCEL_HEADINGS:
            return col
        words, unit = EXCEL_HEADINGS[col]
        return tr.gettext(words) + unit

    def shown(col: str, v):
        if english or not isinstance(v, str):
            return v
        if col in ("status", "severity"):
            return tr.gettext(v)
        return tr.hint(v) if col == "hint" else v

    with atomic_path(path) as tmp:
        wb = excel_workbook(tmp)
        text = ExcelText(wb).write
        head = wb.add_format({"bold": True, "bg_color": "#1f5f5b", "font_color": "#ffffff", "text_wrap": True})
        fmts = {ERROR: wb.add_format({"bg_color": "#f8d7da"}), WARNING: wb.add_format({"bg_color": "#fff3cd"}),
                INFO: None, "ok": wb.add_format({"bg_color": "#d4edda"}), "warnings": None, "errors": None}
        fmts["warnings"], fmts["errors"] = fmts[WARNING], fmts[ERROR]
        num = wb.add_format({"num_format": "#,##0.0"})
        for name, records, widths in (
                ("Summary", summary_records(reports), {"file": 40, "city": 22}),
                ("Findings", findings_records(reports), {"file": 30, "message": 70, "hint": 70, "city": 18})):
            ws = wb.add_worksheet(name)
            cols = list(records[0]) if records else (["file"] if name == "Summary" else FINDING_COLUMNS)
            for c, col in enumerate(cols):
                ws.write_string(0, c, heading(col), head)
                ws.set_column(c, c, widths.get(col, 12))
            for i, rec in enumerate(records, start=1):
                key = rec.get("status") if name == "Summary" else rec.get("severity")
                for c, col in enumerate(cols):
                    v = rec[col]
                    if v is None:
                        continue
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        ws.write_number(i, c, v, num if isinstance(v, float) else None)
                    else:
                        text(ws, i, c, shown(col, v), fmts.get(key) if col in ("status", "severity")
                                                      else None)
            ws.freeze_panes(1, 0)
            if records:
                ws.autofilter(0, 0, len(records), len(cols) - 1)
        wb.close()
    return Path(path)
