"""Cell addresses and did-you-mean suggestions, shared by the importers and the rules."""

from __future__ import annotations

import difflib
from functools import lru_cache


@lru_cache(maxsize=4096)
def col_letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


@lru_cache(maxsize=4096)
def col_index(letters: str) -> int:
    """A -> 0, AA -> 26."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def closest(value, choices) -> str | None:
    """The choice most like *value* (difflib, cutoff 0.5), or None."""
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.5)
    return close[0] if close else None


def suggest(value: str, choices) -> str:
    """"did you mean 'x'?" or '' (a hint shape of :data:`~ghgkit.rules.findings.HINT_SHAPES`)."""
    from ghgkit.rules.findings import HINT_SHAPES

    close = closest(value, choices)
    return HINT_SHAPES["suggestion"] % {"value": close} if close else ""


def dym(value, choices) -> str:
    """did-you-mean and the allowed values, for a hint (its shape in HINT_SHAPES)."""
    from ghgkit.rules.findings import HINT_SHAPES

    close, allowed = closest(value, choices), ", ".join(choices)
    return (HINT_SHAPES["suggestion_allowed"] % {"value": close, "allowed": allowed} if close
            else HINT_SHAPES["allowed"] % {"allowed": allowed})
