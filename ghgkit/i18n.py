"""Languages of the reports, the Excel template's labels and the command line's hints.

The message catalogues are gettext ``.po`` files in ``ghgkit/locale/<lang>/LC_MESSAGES/ghgkit.po``,
read at run time with Babel (no compile step, so an installed wheel and a source checkout
behave the same). The English text is the message id: a string missing from a catalogue,
or marked fuzzy, falls back to English. ``ghgkit/locale/ghgkit.pot`` lists every message;
``scripts/i18n_catalog.py`` rebuilds it from the code and templates and merges it into
the ``.po`` files.

Numbers are formatted per locale only for people to read (reports); data files (JSON,
CSV) stay plain.
"""

from __future__ import annotations

import os
from functools import cached_property, lru_cache
from pathlib import Path

from ghgkit.provenance import as_number, value_text as fmt_value
from ghgkit.reports.format import fmt_number

#: language code -> its name in that language
LANGUAGES = {"en": "English", "ja": "日本語", "id": "Bahasa Indonesia", "vi": "Tiếng Việt", "th": "ไทย"}
DEFAULT = "en"
DOMAIN = "ghgkit"
_current = [DEFAULT]


def N_(message: str) -> str:
    """Mark *message* for the catalogue without translating it here (it is translated where shown)."""
    return message


def locale_dir() -> Path:
    """The folder holding the catalogues (inside the package, so wheels carry it)."""
    return Path(__file__).resolve().parent / "locale"


def check_language(lang: str | None) -> str:
    """The language code for *lang* (``None`` -> the current one); refuse an unknown code."""
    if lang is None or lang == "":
        return _current[0]
    code = str(lang).strip().lower().replace("_", "-").split("-")[0]
    if code not in LANGUAGES:
        from ghgkit.errors import InputError

        raise InputError(f"unknown language {lang!r}",
                         hint="use one of " + ", ".join(f"{k} ({v})" for k, v in LANGUAGES.items()))
    return code


def set_language(lang: str | None) -> str:
    """Make *lang* the language of messages and reports from now on (the CLI's ``--lang``)."""
    code = check_language(lang or os.environ.get("GHGKIT_LANG") or DEFAULT)
    _current[0] = code
    return code


def get_language() -> str:
    return _current[0]


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict:
    """msgid -> msgstr of *lang* (translated, not fuzzy); plural entries keyed by (singular, plural)."""
    if lang == DEFAULT:
        return {}
    from babel.messages.pofile import read_po

    path = locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=lang)
    out = {}
    for m in cat:
        if not m.id or m.fuzzy:
            continue
        if isinstance(m.id, (tuple, list)):
            forms = [s for s in (m.string or ()) if s]
            if forms:
                out[tuple(m.id)] = forms
        elif m.string:
            out[m.id] = m.string
    return out


@lru_cache(maxsize=1)
def template_messages() -> list:
    """Every message id of ``ghgkit.pot`` (singular ids, and (singular, plural) pairs)."""
    from babel.messages.pofile import read_po

    with (locale_dir() / f"{DOMAIN}.pot").open("rb") as fh:
        cat = read_po(fh)
    return [tuple(m.id) if isinstance(m.id, (tuple, list)) else m.id for m in cat if m.id]


def missing(lang: str) -> list:
    """The message ids of the template with no translation in *lang* (they show in English)."""
    cat = catalog(check_language(lang))
    return [m for m in template_messages() if m not in cat]


#: hints longer than this are not matched against HINT_TEMPLATES (shown as given)
HINT_SHAPE_LIMIT = 1000


@lru_cache(maxsize=1)
def _hint_patterns() -> list:
    """(regular expression, template, names of its values that are ghgkit's words, names of its
    values that are a hint) of each of ``HINT_TEMPLATES``: a ``%(name)s`` is any text."""
    import re

    from ghgkit.rules.findings import HINT_NESTED, HINT_TEMPLATES, HINT_WORDS

    out = []
    for t in HINT_TEMPLATES:
        parts = re.split(r"%\((\w+)\)s", t)
        rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
        names = frozenset(parts[1::2])
        out.append((re.compile(rx, re.S), t, names & frozenset(HINT_WORDS), names & frozenset(HINT_NESTED)))
    return out


class Translator:
    """Translation and number formatting for one language.

    Parameters
    ----------
    lang : str, optional
        A code of :data:`LANGUAGES`; ``None`` is the current language (:func:`set_language`).
    """

    def __init__(self, lang: str | None = None):
        self.lang = check_language(lang)
        self.cat = catalog(self.lang)

    @cached_property
    def locale(self):
        """The babel Locale (its data is read on first use: ~0.07 s, not paid by a command that
        formats no number)."""
        from babel import Locale

        return Locale.parse({"en": "en_US"}.get(self.lang, self.lang))

    @cached_property
    def _table(self):
        """English separators -> the locale's, for one-pass ``str.translate``; None when they are the same."""
        if self.lang == "en":           # the English number texts are formatted with en_US separators
            return None
        from babel.numbers import get_decimal_symbol, get_group_symbol

        group, dec = get_group_symbol(self.locale), get_decimal_symbol(self.locale)
        return str.maketrans({",": group, ".": dec}) if (group, dec) != (",", ".") else None

    def gettext(self, message: str) -> str:
        if not message:            # '' is the catalogue header's id: never look it up
            return message
        return self.cat.get(message) or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.cat.get((singular, plural))
        if forms:      # ja, id, vi and th have one plural form; a two-form catalogue maps one/other
            return forms[0] if len(forms) == 1 or n == 1 else forms[1]
        return singular if n == 1 else plural

    __call__ = gettext

    def hint(self, text: str) -> str:
        """A hint in this language: one of the catalogue's, or one of ``HINT_TEMPLATES`` with the
        input's values in place (found by its shape, the values kept as written but for ghgkit's
        words and a hint within the hint, which are translated); else as given."""
        if not text or self.lang == "en":
            return text
        found = self.cat.get(text)
        if found:
            return found
        if len(text) > HINT_SHAPE_LIMIT:          # no hint of ours is that long: a value quoted in full
            return text                           # (the shapes' lazy groups would take quadratic time)
        for pattern, template, words, nested in _hint_patterns():
            m = pattern.fullmatch(text)
            if m:
                translated = self.cat.get(template)
                if not translated:
                    return text
                values = {k: (self.gettext(v) if k in words else self.hint(v) if k in nested else v)
                          for k, v in m.groupdict().items()}
                return translated % values
        return text

    def localize(self, english_number: str) -> str:
        """An English-formatted number text ('1,234.5') with this locale's separators."""
        if not english_number or self._table is None:
            return english_number
        return english_number.translate(self._table)

    def number(self, v, digits: int | None = None) -> str:
        return self.localize(fmt_number(v, digits))

    def value(self, v) -> str:
        return self.localize(fmt_value(v))

    def percent(self, v, digits: int = 1) -> str:
        f = as_number(v)
        if f is None:
            return ""
        return self.localize(f"{f * 100:,.{digits}f}") + "%"


def translator(lang: str | None = None) -> Translator:
    return _translator(check_language(lang))


@lru_cache(maxsize=None)
def _translator(lang: str) -> Translator:
    return Translator(lang)


def _(message: str) -> str:
    """*message* in the current language (English when the catalogue lacks it)."""
    return translator().gettext(message)
