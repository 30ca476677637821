"""The uncertainty section of the inventory reports (HTML section, Excel sheet).

Called by :mod:`ghgkit.reports.model` only when the inventory carries an
:class:`~ghgkit.inventory_uncertainty.UncertaintyResult` (``ghgkit calc --uncertainty``).
"""

from __future__ import annotations

import math

from ghgkit.i18n import N_

TOTAL_LABELS = {"co2e_t": N_("All reported emissions"), "basic_co2e_t": "BASIC", "basic_plus_co2e_t": "BASIC+"}
METHOD_TEXT = {
    "approach1": N_("Approach 1, error propagation (IPCC 2006 Vol. 1 Ch. 3, Eq. 3.1 per row, Eq. 3.2 for the "
                    "totals)"),
    "montecarlo": N_("Approach 2, Monte Carlo simulation (IPCC 2006 Vol. 1 Ch. 3)"),
}
#: the section's notes (translated where shown)
NOTES = [
    N_("Each row's uncertainty combines the activity amount's uncertainty_pct and the low/high range of every "
       "factor or parameter it uses (Eq. 3.1). An asymmetric range counts as its larger half."),
    N_("A factor used by several rows is counted once for all of them (fully correlated); activity amounts are "
       "independent of each other."),
    N_("A row without uncertainty_pct, or using a factor without a range, is not covered: it is never taken as "
       "0 %%. The interval of a total is given only when every row behind it is covered."),
    N_("Monte Carlo: each input is drawn with mean 1 and standard deviation U/1.96 (normal when symmetric and "
       "at most ±60 %%, otherwise lognormal with the same mean and standard deviation); one draw per input is "
       "shared by every row that uses it."),
    N_("A parameter without a range in the factor tables (grid_ef, td_loss_rate, waste parameters) is covered "
       "when the settings give its ± %% as a setting named after it (e.g. grid_ef_uncertainty_pct = 10)."),
    N_("Not included: the uncertainty of the net calorific values and densities that convert amounts to energy, "
       "and of the GWP values."),
]


def _num(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def summary_rows(result) -> list[dict]:
    """One row per total: label, value, interval, ± %, covered share, and what is missing."""
    out = []
    for key, t in result.totals.items():
        out.append({"label": TOTAL_LABELS.get(key, key), "value_t": t["value_t"], "complete": t["complete"],
                    "lower_t": t.get("lower_t"), "upper_t": t.get("upper_t"),
                    "half_width_pct": t.get("half_width_pct"), "coverage_share": t.get("coverage_share"),
                    "covered_half_width_pct": t.get("covered_half_width_pct")})
    return out


def html_section(result, max_rows: int = 500, lang: str | None = None) -> str:
    """The report's uncertainty section as HTML in *lang* (``templates/_uncertainty.html.j2``; user
    text escaped)."""
    from ghgkit.reports.format import SECTOR_LABELS
    from ghgkit.reports.style import report_env

    env = report_env(lang)
    tr = env.globals["tr"]
    rows = [{k: (_num(v) if k not in ("label", "complete") else v) for k, v in s.items()}
            for s in summary_rows(result)]
    missing = [dict(m, sector_label=tr.gettext(SECTOR_LABELS[m["sector"]][1]) if m.get("sector") in SECTOR_LABELS
                    else m.get("sector")) for m in result.missing[:max_rows]]
    return env.get_template("_uncertainty.html.j2").render(
        r=result, missing=missing, rows=rows, method=METHOD_TEXT[result.method], notes=NOTES, max_rows=max_rows)


def write_sheet(wb, inv, result, tr=None) -> None:
    """Add an ``Uncertainty`` sheet: the totals, every row's combined %, the rows lacking data, the method,
    in the language of *tr* (a :class:`~ghgkit.i18n.Translator`; English without)."""
    from ghgkit.i18n import translator
    from ghgkit.io.output import ExcelText

    tr = tr or translator("en")

    def _(message: str, **values) -> str:
        return tr.gettext(message) % values

    ws = wb.add_worksheet("Uncertainty")
    xt = ExcelText(wb)
    bold = wb.add_format({"bold": True, "font_size": 10})
    title = wb.add_format({"bold": True, "font_size": 15, "font_color": "#1F3B57"})
    head = wb.add_format({"bold": True, "bg_color": "#1F3B57", "font_color": "#FFFFFF", "text_wrap": True,
                          "border": 1, "border_color": "#BFBFBF", "font_size": 10})
    t = wb.add_format({"num_format": "#,##0.0", "font_size": 10})
    pc = wb.add_format({"num_format": "0.0", "font_size": 10})
    share = wb.add_format({"num_format": "0.0%", "font_size": 10})
    text = wb.add_format({"font_size": 10})
    note = wb.add_format({"italic": True, "font_color": "#555555", "font_size": 10})
    warn = wb.add_format({"font_color": "#9C0006", "font_size": 10})

    def num(r, c, v, f):
        v = _num(v)
        if v is None:
            ws.write_blank(r, c, None, f)
        else:
            ws.write_number(r, c, v, f)

    ws.write_string(0, 0, _("Uncertainty of the inventory (95 %% confidence intervals)"), title)
    draws = _("%(draws)s draws, seed %(seed)s", draws=tr.number(result.draws, 0), seed=result.seed) \
        if result.draws else ""
    ws.write_string(1, 0, tr.gettext(METHOD_TEXT[result.method]) + (f"; {draws}" if draws else ""), note)
    r = 3
    labels = [_("Total"), "CO2e (t)", _("Lower (t)"), _("Upper (t)"), "± %", _("Share covered"),
              _("± %% of the covered part")]
    for c, h in enumerate(labels):
        ws.write_string(r, c, h, head)
    for s in summary_rows(result):
        r += 1
        ws.write_string(r, 0, tr.gettext(s["label"]), bold)
        num(r, 1, s["value_t"], t)
        if s["complete"]:
            num(r, 2, s["lower_t"], t)
            num(r, 3, s["upper_t"], t)
            num(r, 4, s["half_width_pct"], pc)
        else:
            for c in (2, 3, 4):
                ws.write_string(r, c, _("no interval"), warn)
        num(r, 5, s["coverage_share"], share)
        num(r, 6, s["covered_half_width_pct"], pc)
    r += 2
    for n in NOTES:
        ws.write_string(r, 0, tr.gettext(n) % {}, note)
        r += 1
    r += 1
    ws.write_string(r, 0, _("Combined uncertainty of each row (Eq. 3.1); blank where data is missing"), bold)
    r += 1
    for c, h in enumerate([_("Row"), _("Sector"), _("Activity"), _("Scope"), "CO2e (t)", _("Activity ± %%"),
                           _("Combined ± %%"), _("Lacks")]):
        ws.write_string(r, c, h, head)
    head_row = r
    rows = inv.rows
    lacks = {(m["source"], m["scope"], m["activity"]): ", ".join(m["lacks"]) for m in result.missing}
    from ghgkit.inventory_uncertainty import row_places

    places = row_places(rows)
    for i in range(len(rows)):
        r += 1
        xt.write(ws, r, 0, places[i], text)
        xt.write(ws, r, 1, rows["sector"].iat[i], text)
        xt.write(ws, r, 2, rows["activity"].iat[i], text)
        num(r, 3, rows["scope"].iat[i], text)
        num(r, 4, rows["co2e_t"].iat[i], t)
        num(r, 5, _to_float(rows["uncertainty_pct"].iat[i]), pc)
        num(r, 6, result.row_pct[i], pc)
        why = lacks.get((places[i], _int(rows["scope"].iat[i]), rows["activity"].iat[i]), "")
        if why:
            xt.write(ws, r, 7, why, warn)
    ws.autofilter(head_row, 0, max(r, head_row), 7)
    ws.set_column(0, 0, 26)
    ws.set_column(1, 6, 14)
    ws.set_column(7, 7, 50)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def _to_float(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _int(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return v
