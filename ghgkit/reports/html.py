"""The self-contained HTML inventory report (jinja2, autoescaped, inline SVG charts)."""

from __future__ import annotations

import secrets
from pathlib import Path

from markupsafe import Markup, escape

from ghgkit.io.output import atomic_path
from ghgkit.reports import chart_helper
from ghgkit.reports.charts import chart_input, chart_names, draw, landfill_caption
from ghgkit.reports.format import DERIVED_KEY, DERIVED_KEY_NOTE, SECTOR_LABELS, _readable, english_marks, fmt_value
from ghgkit.reports.model import build_report, co2e_formula
from ghgkit.reports.style import gas_filter, report_env
from ghgkit.schema import NOTATION_KEYS, SECTORS


def render_html(inv, max_rows: int = 5000, lang: str | None = None) -> str:
    """The HTML report as a string (see :func:`write_html`).

    The charts are drawn by the chart helper when ``calc`` started one
    (:mod:`ghgkit.reports.chart_helper`): the page is rendered with a placeholder per chart,
    which is then replaced by the helper's SVG; else they are drawn here first.
    """
    from ghgkit.i18n import translator

    tr = translator(lang)
    asked = {}

    def ask(part):                      # as soon as the chart values are known: the helper draws meanwhile
        if "input" in asked:
            return
        asked["input"] = chart_input(part)
        asked["pending"] = chart_helper.ask(asked["input"], tr.lang)

    data = build_report(inv, max_rows=max_rows, trail_rows=False, charts=ask)
    if "input" not in asked:
        ask(data)
    inp, pending = asked["input"], asked["pending"]
    if pending is None:
        charts = {k: Markup(v) for k, v in draw(inp, tr).items()}     # generated here, not user text
    else:
        token = secrets.token_hex(16)                               # not in any user text
        charts = {k: Markup(f"<!--chart {token} {k}-->") for k in chart_names(inp)}
    env = report_env(tr.lang)
    labels = audit_labels(tr)
    factor_lists = _factor_lists(data.trail.uses, tr)
    calc_groups = _calc_groups(data.calc, inv if data.meta["n_calc_shown"] < data.meta["n_rows"] else None,
                               {s["key"]: s["keys"] for s in data.sectors})
    for grp in calc_groups:
        grp["rows_html"] = audit_rows(grp["rows"], labels, tr, factor_lists)
    uncertainty_html = ""
    if inv.uncertainty_result:
        from ghgkit.reports.uncertainty import html_section

        uncertainty_html = Markup(html_section(inv.uncertainty_result, lang=tr.lang))   # escaped by its template
    city = data.meta["city"] or tr.gettext("City")
    running_header = tr.gettext("%(city)s: greenhouse gas inventory %(year)s") % {"city": city,
                                                                                  "year": data.meta["year"]}
    tpl = env.get_template("report.html.j2")
    html = tpl.render(d=data, m=data.meta, t=data.totals, charts=charts, calc_groups=calc_groups, L=labels,
                      uncertainty_html=uncertainty_html,
                      notation_keys=NOTATION_KEYS, derived_key=DERIVED_KEY, derived_key_note=DERIVED_KEY_NOTE,
                      co2e_formula=co2e_formula(data.gwp_values, data.meta["gwp"], tr.value), max_rows=max_rows,
                      english_marks=english_marks(tr, labels["conv"]),
                      running_header=running_header, landfill_caption=landfill_caption(data.landfill, tr))
    if pending is not None:
        drawn = pending.result()
        if drawn is None or set(drawn) != set(charts):
            drawn = draw(inp, tr)
        for k, placeholder in charts.items():
            html = html.replace(placeholder, drawn[k])
    return html


def _calc_groups(shown: list[dict], cut_from=None, sector_keys: dict | None = None) -> list[dict]:
    """The audit trail's sector groups: rows shown, their count and CO2e. On a page cut to its first
    rows (*cut_from*: the inventory), each group's count and CO2e are those of all the sector's rows
    (``n_all``; they were the sums of the rows shown, as if the sector's), and a sector none of whose
    rows is shown still has its line. A group whose rows have no CO2e (notation keys only) has CO2e
    None and its notation keys (``keys``: the sector's, from *sector_keys*, else its rows'), never 0."""
    every = {}
    if cut_from is not None:
        k = cut_from.keys                        # one line per group of result rows ('rows' of them)
        by = k.groupby(k["sector"].astype(object), sort=False).agg(
            rows=("rows", "sum"), co2e_t=("co2e_t", lambda x: x.sum(min_count=1)))     # keys only: NaN
        every = {s: (int(n), None if t != t else float(t)) for s, n, t in zip(by.index, by["rows"], by["co2e_t"])}
    groups = []
    for key in [*SECTORS, "other"]:
        rows = [c for c in shown if (c["sector"] == key if key != "other" else c["sector"] not in SECTORS)]
        if key == "other":
            n_all = sum(n for s, (n, _) in every.items() if s not in SECTORS)
            valued = [t for s, (_, t) in every.items() if s not in SECTORS and t is not None]
            t_all = sum(valued) if valued else None
        else:
            n_all, t_all = every.get(key, (0, None))
        if rows or n_all:
            label, ref = SECTOR_LABELS[key][1::-1] if key != "other" else ("Other", "")
            valued = [c["co2e_t"] for c in rows if c["co2e_t"] is not None and c["co2e_t"] == c["co2e_t"]]
            co2e = t_all if cut_from is not None else (sum(valued) if valued else None)
            keys = (sector_keys or {}).get(key) or sorted({c["notation_key"] for c in rows if c["notation_key"]})
            groups.append({"key": key, "label": label, "ref": ref, "rows": rows, "co2e_t": co2e,
                           "keys": keys if co2e is None else [],
                           "n_all": n_all if cut_from is not None else len(rows)})
    return groups


def audit_labels(tr) -> dict:
    """The audit trail's column names (headers, and each cell's data-label on narrow screens)."""
    _ = tr.gettext
    return {"input": _("Input"), "gpc": _("GPC ref (scope)"), "activity": _("Activity"), "amount": _("Amount"),
            "conv": _("Conversion"), "factors": _("Factors applied"), "bio": _("Biogenic CO2 (t, memo)"),
            "quality": _("Quality"), "notes": _("Source and notes")}


def _factor_lists(uses: list, tr=None) -> list:
    """The audit trail's factor list per row group (the rows of a group share their factors), each
    value written as *tr*'s language writes numbers ('CO2 74.100 kg/TJ' in Indonesian, where the
    English 74,100 reads as 74.1)."""
    item = Markup('<li>{} <span class="small">{}</span></li>')
    value = fmt_value if tr is None else tr.value
    return [Markup("<ul>{}</ul>").format(Markup("").join(item.format(f.short(value) or f.id, f.cite()) for f in u))
            if u else Markup("") for u in uses]


def escape_str(v: str) -> str:
    """``str(markupsafe.escape(v))`` for a str, without making a Markup (a page escapes ~30,000)."""
    return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace('"', "&#34;")


def audit_rows(rows: list[dict], labels: dict, tr, factor_lists: list) -> Markup:
    """The ``<tr>`` elements of one audit-trail table (rows of :func:`build_report`'s ``calc``).

    Written here, not in the template, because a page shows up to 5,000 rows: as a Jinja loop
    they took ~0.2 ms each, most of the page's rendering. Every value is escaped;
    ``tests/test_html_rows.py`` checks the output equals the former template loop's.
    """
    _ = tr.gettext
    val, num, gas = tr.value, tr.number, gas_filter(tr)
    seen: dict = {}

    def e(v) -> str:                          # escaped text, once per distinct str (not Markup, 1 == 1.0 …)
        if v.__class__ is not str:
            return str(escape(v))
        t = seen.get(v)
        if t is None:
            t = seen[v] = escape_str(v)
        return t

    lab = {k: e(v) for k, v in labels.items()}
    row_word = _("row")
    out = []
    for c in rows:
        co2e, where = c["co2e_t"], c["where"] or f"{row_word} {c['n']}"
        scope = f' ({e(c["scope"])})' if c["scope"] is not None else ""
        sub = ""
        if c["subsector"]:
            sub = (f' <span class="small">{e(c["subsector"])}' + (f', {e(c["method"])}' if c["method"] else "")
                   + "</span>")
        if c["notation_key"]:
            amount = (f'<td class="n" data-label="{lab["amount"]}"><span class="key">{e(c["notation_key"])}'
                      "</span></td>\n")
        else:
            amount = f'<td class="n" data-label="{lab["amount"]}">{e(val(c["amount"]))} {e(c["unit"])}</td>'
        conv = e(c["conversion"])
        if c["energy_tj"] is not None and c["unit"] != "TJ":
            conv += f'<br><span class="small">= {e(val(c["energy_tj"]))} TJ</span>'
        if c["calc_notes"]:
            conv += f'<br><span class="small">{e(c["calc_notes"])}</span>'
        notes = f'{e(c["source"])}{"; " if c["source"] and c["notes"] else ""}{e(c["notes"])}'
        out.append(
            f'<tr><th scope="row" class="s2">{e(where)}</th>'
            f'<td class="nw" data-label="{lab["gpc"]}">{e(c["gpc_ref"])}{scope}</td>\n'
            f'<td class="s2" data-label="{lab["activity"]}">{e(c["activity"])}{sub}</td>\n'
            f'{amount}'
            f'<td class="conv full" data-label="{lab["conv"]}">{conv}</td>\n'
            f'<td class="cite full" data-label="{lab["factors"]}">{factor_lists[c["combo"]]}</td>\n'
            f'<td class="n" data-label="CO2e (t)"><strong>{e(num(co2e, 2))}</strong></td>'
            f'<td class="n" data-label="CO2 (t)">{e(gas(c["co2_t"], co2e, 3))}</td>'
            f'<td class="n" data-label="CH4 (t)">{e(gas(c["ch4_t"], co2e))}</td>'
            f'<td class="n" data-label="N2O (t)">{e(gas(c["n2o_t"], co2e))}</td>'
            f'<td class="n" data-label="{lab["bio"]}">{e(num(c["co2_biogenic_t"]))}</td>\n'
            f'<td data-label="{lab["quality"]}">{e(_(c["data_quality"])) if c["data_quality"] else ""}</td>'
            f'<td class="notes full" data-label="{lab["notes"]}">{notes}</td></tr>\n')
    return Markup("".join(out))


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
