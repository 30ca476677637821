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


def suggest(value: str, choices) -> str:
    """"did you mean 'x'?" or ''."""
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else ""


def dym(value, choices) -> str:
    """did-you-mean and the allowed values, for a hint."""
    s = suggest(value, choices)
    return (s + " " if s else "") + "(allowed: " + ", ".join(choices) + ")"
