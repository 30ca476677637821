"""The one look of every ghgkit report: palette, fonts, number format, the jinja2 setup.

The inventory, validation, project/portfolio (and trend) reports all take their colours,
chart settings and number filters from here, and include ``templates/_style.css.j2``
(the shared stylesheet, screen and print) -- change the look in these two places only.
"""

from __future__ import annotations

import contextlib
import functools
import os

from ghgkit.i18n import Translator, translator
from ghgkit.provenance import as_number
from ghgkit.reports.format import ROUNDED_SHARES, shares_off

#: colours; the CSS custom properties of ``_style.css.j2`` carry the same values
PALETTE = {
    "ink": "#1D2733", "muted": "#5B6673", "line": "#D5DBE1", "grid": "#E0E0E0", "band": "#F3F6F9",
    "accent": "#1F3B57",
    "scope1": "#1F3B57", "scope2": "#2E75B6", "scope3": "#9DC3E6",
    "series1": "#1F3B57", "series2": "#2E75B6", "series3": "#9DC3E6",
    "ex_ante": "#9DC3E6", "monitored": "#1F3B57",
    "negative": "#B00020", "warn": "#C0392B",
}
#: one colour per GPC sector (the trend report's lines and areas): the report blues, transport orange,
#: waste greens
SECTOR_COLOURS = {"household": "#1F3B57", "building": "#2E75B6", "industry": "#5B9BD5", "energy_industry": "#9DC3E6",
                  "agriculture": "#8FAADC", "transport": "#C55A11", "waste": "#548235", "wastewater": "#A9D18E"}
SCOPE_COLOURS = {1: PALETTE["scope1"], 2: PALETTE["scope2"], 3: PALETTE["scope3"]}
#: chart fonts: those installed, in this order; a glyph missing in one is taken from the next
#: (matplotlib >= 3.6 falls back along the list). Latin, Vietnamese: DejaVu Sans; Japanese:
#: Noto Sans CJK JP (Debian fonts-noto-cjk); Thai: Noto Sans Thai or Loma/Garuda (fonts-thai-tlwg).
#: Glyphs become SVG paths, so a reader needs none of these fonts.
CHART_FONTS = ["DejaVu Sans", "Noto Sans CJK JP", "Noto Sans Thai", "Loma", "Garuda"]
#: the fonts a language's chart texts need after DejaVu Sans (Latin, Vietnamese); a language not
#: listed gets every font of CHART_FONTS. Fewer fallback fonts make matplotlib's text layout
#: faster (the inventory charts of an English report: ~0.3 s less); tests/test_html_rows.py checks
#: each language draws the same SVG with its fonts as with all of them.
SCRIPT_FONTS = {"en": [], "id": [], "vi": [], "ja": ["Noto Sans CJK JP"], "th": ["Noto Sans Thai", "Loma", "Garuda"]}
CHART_FONT_SIZE = 9
CHART_WIDTH_IN = 7.2


def chart_rc(lang: str | None = None) -> dict:
    """matplotlib rcParams of every report chart (one font size, no top/right spines); the fonts
    of *lang*'s script (:data:`SCRIPT_FONTS`), all of :data:`CHART_FONTS` when it is None
    (charts that may show user text in any script)."""
    from cycler import cycler
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    wanted = ["DejaVu Sans", *SCRIPT_FONTS[lang]] if lang in SCRIPT_FONTS else CHART_FONTS
    fonts = [f for f in wanted if f in installed] or ["DejaVu Sans"]
    return {"svg.hashsalt": "ghgkit", "svg.fonttype": "path", "font.size": CHART_FONT_SIZE,
            "font.family": fonts + ["sans-serif"],
            "axes.titlesize": CHART_FONT_SIZE, "axes.labelsize": CHART_FONT_SIZE,
            "xtick.labelsize": CHART_FONT_SIZE, "ytick.labelsize": CHART_FONT_SIZE,
            "legend.fontsize": CHART_FONT_SIZE, "axes.spines.top": False, "axes.spines.right": False,
            "axes.edgecolor": PALETTE["muted"], "axes.labelcolor": PALETTE["ink"],
            "xtick.color": PALETTE["ink"], "ytick.color": PALETTE["ink"], "text.color": PALETTE["ink"],
            "axes.prop_cycle": cycler(color=[PALETTE["series1"], PALETTE["series2"], PALETTE["series3"]])}


@contextlib.contextmanager
def chart_context(lang: str | None = None):
    """``with chart_context() as plt:`` -- pyplot with the report rcParams (Agg backend);
    *lang*: the chart texts are all in that language (see :func:`chart_rc`)."""
    import warnings

    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(chart_rc(lang)), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*[Gg]lyph.*missing", category=UserWarning)
        warnings.filterwarnings("ignore", message=r"findfont", category=UserWarning)
        yield plt


def thousands(tr: Translator | None = None):
    """A tick formatter with thousands separators (the locale's when *tr* is given)."""
    from matplotlib.ticker import FuncFormatter

    tr = tr or translator("en")
    return FuncFormatter(lambda x, _: tr.localize(f"{x:,.0f}"))


def css_string(text) -> str:
    """*text* as a quoted CSS string, every character but [A-Za-z0-9] hex-escaped (safe in <style>).

    Six hex digits end each escape, and spaces are escaped too (a space right after an
    escape would be swallowed as its terminator).
    """
    from markupsafe import Markup

    out = []
    for ch in str(text):
        out.append(ch if (ch.isascii() and ch.isalnum()) else f"\\{ord(ch):06x}")
    return Markup('"' + "".join(out) + '"')


@functools.lru_cache(maxsize=None)
def _compiled_templates(options: str):
    """jinja2's cache of compiled templates between runs, or None when it cannot be had safely.

    It lives in jinja2's per-user folder in the temporary directory, which jinja2 makes
    owner-only and refuses when another user owns it (on Windows jinja2 has no such folder:
    no cache there). An entry is keyed by the template's name and source, and its file name by
    ghgkit's and jinja2's versions and *options* (the environment's settings), so neither an
    edited template nor another release or setting loads old code. Compiling the inventory
    report's templates takes ~0.2 s of every ``--html``; a cache that cannot be written or
    read is skipped, never an error.
    """
    if os.name == "nt":
        return None
    import hashlib
    import pickle

    import jinja2
    from jinja2 import FileSystemBytecodeCache

    from ghgkit import __version__

    key = hashlib.sha256(f"{__version__}|{jinja2.__version__}|{options}".encode()).hexdigest()[:16]

    class _Quiet(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):   # a damaged entry
                bucket.reset()

    try:
        return _Quiet(pattern=f"__ghgkit_{key}_%s.cache")
    except (OSError, RuntimeError):
        return None


def gas_filter(tr: Translator):
    """The ``gas`` filter: a gas mass as ``tr.number``; 'NE' (translated) where it is missing on a
    line that has a CO2e (a gas not estimated is never shown as 0)."""
    ne = tr.gettext("NE")

    def gas(v, co2e=None, digits=None) -> str:
        return ne if as_number(v) is None and as_number(co2e) is not None else tr.number(v, digits)

    return gas


def _counted(ngettext, tr):
    """jinja2's newstyle ``ngettext`` with ``%(num)s`` the count in the language's marks ('1,001 rows',
    Indonesian '1.001 baris'), not the bare integer, unless the template gives ``num`` itself."""
    from jinja2 import pass_context

    @pass_context
    def counted(context, singular, plural, n, **variables):
        variables.setdefault("num", tr.number(n, 0))
        return ngettext(context, singular, plural, n, **variables)

    return counted


def report_env(lang: str | None = None):
    """A jinja2 environment on ``templates/`` with autoescape, i18n and the shared filters.

    Filters: ``num`` (thousands separators, digits by size or given), ``gas`` (a gas mass, ``NE``
    where it is missing on a line that has a CO2e: never shown as 0), ``val`` (a factor value),
    ``pct`` (a share as percent), ``n`` (fixed digits, default 1), ``css_string``; ``_`` and
    ``ngettext`` translate (English fallback). The environment's globals carry ``lang`` and
    ``tr`` (the :class:`~ghgkit.i18n.Translator`).
    """
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from ghgkit.data import templates_dir

    tr = translator(lang)
    options = dict(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                   extensions=["jinja2.ext.i18n"])
    env = Environment(loader=FileSystemLoader(str(templates_dir())), **options,
                      bytecode_cache=_compiled_templates(repr(sorted(options.items(), key=str))))
    env.install_gettext_callables(tr.gettext, tr.ngettext, newstyle=True)
    env.globals["ngettext"] = _counted(env.globals["ngettext"], tr)
    env.filters["num"] = tr.number
    env.filters["gas"] = gas_filter(tr)
    env.filters["val"] = tr.value
    env.filters["pct"] = tr.percent
    env.filters["n"] = lambda x, d=1: "" if x is None else tr.localize(f"{x:,.{d}f}")
    env.filters["css_string"] = css_string
    env.globals.update(lang=tr.lang, tr=tr, palette=PALETTE, shares_off=shares_off, rounded_shares=ROUNDED_SHARES)
    return env
