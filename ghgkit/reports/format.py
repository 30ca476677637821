"""Labels and number formats shared by the inventory, validation, project and trend reports."""

from __future__ import annotations

import os
from pathlib import Path

from ghgkit.provenance import as_number, as_text, is_missing, value_text


def N_(message: str) -> str:
    """Mark *message* for the catalogue (as :func:`ghgkit.i18n.N_`, which imports this module)."""
    return message


#: short names the report modules use
_num, _text, _nan, fmt_value = as_number, as_text, is_missing, value_text




SECTOR_LABELS = {
    "household": ("I.1", "Residential buildings"),
    "building": ("I.2", "Commercial and institutional buildings"),
    "industry": ("I.3", "Manufacturing industries and construction"),
    "energy_industry": ("I.4", "Energy industries"),
    "agriculture": ("I.5", "Agriculture, forestry and fishing"),
    "transport": ("II", "Transportation"),
    "waste": ("III.1–III.3", "Solid waste"),
    "wastewater": ("III.4", "Wastewater"),
}
SCOPE_LABELS = {1: "Scope 1 (in the city)", 2: "Scope 2 (grid energy)", 3: "Scope 3 (outside the city)"}
LEVEL_TEXT = {"BASIC": "BASIC", "BASIC+": "BASIC+", "other": "reported only"}
#: mark of a notation key that ghgkit supplies where the input gave neither a number nor a key
DERIVED_KEY = "NE*"
#: said above the conversions (text the calculators write) where a language's number marks differ
ENGLISH_MARKS = N_("In the %(column)s column, numbers are written the English way: . is the decimal mark and , "
                   "separates thousands (0.0473 is less than one; 74,100 is seventy-four thousand one hundred).")


def english_marks(tr, column: str) -> str:
    """The sentence saying that *column* (the conversions) keeps English number marks, in *tr*'s
    language, or '' where its marks are English ones."""
    return tr.gettext(ENGLISH_MARKS) % {"column": column} if tr.localize("1,000.5") != "1,000.5" else ""


DERIVED_KEY_NOTE = ("NE* = no activity data and no notation key in the input for this reference, so it "
                    "is not estimated. Write NO, IE or C on an input row where one of those applies.")
#: settings that the calculators cite as factor ids, with their unit
SETTING_UNITS = {"grid_ef": "t CO2/MWh", "td_loss_rate": "fraction of grid supply lost"}

GAS_COLS = ["co2_t", "ch4_t", "n2o_t", "co2_biogenic_t", "co2e_t"]


def _readable(tmp: Path) -> None:
    """Give the finished temporary file the usual permissions (mkstemp makes it owner-only)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)


def fmt_gas(v, co2e=None, digits: int | None = None) -> str:
    """A gas mass as :func:`fmt_number`; 'NE' where it is missing on a line that has a CO2e
    (a gas not estimated is never shown as 0)."""
    if _num(v) is None and _num(co2e) is not None:
        return "NE"
    return fmt_number(v, digits)


#: the format of a number with so many digits (a page formats ~25,000 numbers)
_FIXED = {d: f"{{:,.{d}f}}".format for d in range(7)}


def fmt_number(v, digits: int | None = None) -> str:
    """Readable number: thousands separators, digits chosen by size unless given."""
    f = _num(v)
    if f is None:
        return ""
    if digits is None:
        a = abs(f)
        digits = 0 if a >= 1000 else 1 if a >= 100 else 2 if a >= 1 else 4 if a >= 0.001 else 6
        if a == 0:
            digits = 0
    fixed = _FIXED.get(digits) if digits.__class__ is int else None
    return fixed(f) if fixed is not None else f"{f:,.{digits}f}"


#: said under a table whose shares, each rounded, do not add up as shown (HTML and Excel)
ROUNDED_SHARES = "Each share is rounded on its own, so the shares shown may not add up to exactly 100%%."


def shares_off(items, digits: int = 1) -> bool:
    """Whether the shares of *items* as shown (percent, *digits* decimals, each rounded on its own)
    add up to something else than their exact sum shown so: 43.0 + 52.5 + 4.6 = 100.1 beside 100.0."""
    vals = [i["share"] for i in items if i.get("share") is not None]
    if not vals:
        return False
    shown = sum(round(float(f"{v * 100:.{digits}f}"), digits) for v in vals)
    return f"{shown:.{digits}f}" != f"{sum(vals) * 100:.{digits}f}"
