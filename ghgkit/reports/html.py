"""The self-contained HTML inventory report (jinja2, autoescaped, inline SVG charts)."""

from __future__ import annotations

from pathlib import Path


from ghgkit.io.output import atomic_path
from ghgkit.reports.charts import _charts, landfill_caption
from ghgkit.reports.format import DERIVED_KEY, DERIVED_KEY_NOTE, SECTOR_LABELS, _readable
from ghgkit.reports.model import build_report, co2e_formula
from ghgkit.reports.style import report_env
from ghgkit.schema import NOTATION_KEYS, SECTORS


def render_html(inv, max_rows: int = 5000, lang: str | None = None) -> str:
    """The HTML report as a string (see :func:`write_html`)."""
    from markupsafe import Markup

    from ghgkit.i18n import translator

    tr = translator(lang)
    data = build_report(inv, max_rows=max_rows)
    charts = {k: Markup(v) for k, v in _charts(data, tr).items()}     # generated here, not user text
    env = report_env(tr.lang)
    calc_groups = []
    for key in SECTORS:
        rows = [c for c in data.calc if c["sector"] == key]
        if rows:
            calc_groups.append({"key": key, "label": SECTOR_LABELS[key][1], "ref": SECTOR_LABELS[key][0],
                                "rows": rows, "co2e_t": sum(c["co2e_t"] or 0.0 for c in rows)})
    other = [c for c in data.calc if c["sector"] not in SECTORS]
    if other:
        calc_groups.append({"key": "other", "label": "Other", "ref": "", "rows": other,
                            "co2e_t": sum(c["co2e_t"] or 0.0 for c in other)})
    uncertainty_html = ""
    if inv.uncertainty_result:
        from ghgkit.reports.uncertainty import html_section

        uncertainty_html = Markup(html_section(inv.uncertainty_result))     # escaped by its own template
    city = data.meta["city"] or tr.gettext("City")
    running_header = tr.gettext("%(city)s: greenhouse gas inventory %(year)s") % {"city": city,
                                                                                  "year": data.meta["year"]}
    tpl = env.get_template("report.html.j2")
    return tpl.render(d=data, m=data.meta, t=data.totals, charts=charts, calc_groups=calc_groups,
                      uncertainty_html=uncertainty_html,
                      notation_keys=NOTATION_KEYS, derived_key=DERIVED_KEY, derived_key_note=DERIVED_KEY_NOTE,
                      co2e_formula=co2e_formula(data.gwp_values, data.meta["gwp"]), max_rows=max_rows,
                      running_header=running_header, landfill_caption=landfill_caption(data.landfill, tr))


def write_html(inv, path, max_rows: int = 5000, lang: str | None = None) -> Path:
    """Write the self-contained HTML report.

    Parameters
    ----------
    inv : ghgkit.inventory.Inventory
    path : str or Path
        The ``.html`` to write; replaced only when rendering succeeded.
    max_rows : int
        At most this many rows in the page's calculation audit trail (the Excel
        report always has all of them).

    Returns
    -------
    Path
    """
    path = Path(path)
    with atomic_path(path, suffix=".html") as tmp:
        html = render_html(inv, max_rows=max_rows, lang=lang)
        tmp.write_text(html, encoding="utf-8")
        _readable(tmp)
    return path
