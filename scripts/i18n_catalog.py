"""Rebuild ghgkit's message catalogue and merge it into every language.

    python scripts/i18n_catalog.py          # write ghgkit/locale/ghgkit.pot, update the .po files
    python scripts/i18n_catalog.py --check  # exit 1 when the .pot is out of date (CI / tests)

Messages come from
- the report templates (``templates/*.j2``: ``_()``, ``ngettext()``),
- Python calls ``_()``, ``N_()``, ``gettext()``, ``ngettext()`` in ``ghgkit/``,
- every hint written as a plain string (``hint="..."``) in ``ghgkit/`` (the CLI prints them
  translated),
- labels the code keeps in tables and the reports translate when shown (sector and scope
  names, notation keys, the Excel template's help texts, the rules' HINTS), listed in
  :func:`_table_messages`.

The ``.po`` files (``ghgkit/locale/<lang>/LC_MESSAGES/ghgkit.po``) are read at run time;
no compile step. A message with no translation shows in English.
"""

from __future__ import annotations

import ast
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def _table_messages() -> list[tuple[str, str]]:
    """(message, where) of labels kept in tables and translated where they are shown."""
    from ghgkit.io import template as tpl
    from ghgkit.reports.format import DERIVED_KEY_NOTE, LEVEL_TEXT, ROUNDED_SHARES, SCOPE_LABELS, SECTOR_LABELS
    from ghgkit.rules.findings import HINT_TEMPLATES, HINTS, NOTATION_KEY_MEANINGS
    from ghgkit.schema import DATA_QUALITY, NOTATION_KEYS

    out = [(label, "reports/format.py SECTOR_LABELS") for _, label in SECTOR_LABELS.values()]
    out += [(label, "reports/format.py SCOPE_LABELS") for label in SCOPE_LABELS.values()]
    out += [(v, "reports/format.py LEVEL_TEXT") for v in LEVEL_TEXT.values() if v not in ("BASIC", "BASIC+")]
    out += [(DERIVED_KEY_NOTE, "reports/format.py DERIVED_KEY_NOTE"),
            (ROUNDED_SHARES, "reports/format.py ROUNDED_SHARES")]
    out += [(v, "schema.py NOTATION_KEYS") for v in NOTATION_KEYS.values()]
    out += [(v, "schema.py DATA_QUALITY") for v in DATA_QUALITY] + [("not given", "reports/model.py quality")]
    out += [(v, "reports/model.py meta edition_text") for v in
            ("2006 IPCC Guidelines", "2006 IPCC Guidelines with the 2019 Refinement")]
    out += [(v, "provenance FactorUse.kind") for v in
            ("emission factor", "fuel property", "parameter", "setting", "unknown")]
    out += [(v, "templates/report.html.j2 group_names") for v in
            ("I Stationary energy", "II Transportation", "III Waste")]
    out += [(v, "validation/render.py status and severity") for v in
            ("ok", "warnings", "errors", "error", "warning", "info")]
    out += [(spec[-1], "io/template.py SHEETS") for spec in tpl.SHEETS.values()]
    out += [(help_, "io/template.py SETTINGS") for _, _, help_ in tpl.SETTINGS]
    out += [(v, "io/template.py HELP") for v in tpl.HELP.values()]
    out += [(v, "rules/findings.py HINTS") for v in HINTS.values()]     # the rules' hints (hint=HINTS[...])
    out += [(v, "rules/findings.py HINT_TEMPLATES") for v in HINT_TEMPLATES]   # hints with a value of the input
    out += [(v, "rules/findings.py NOTATION_KEY_MEANINGS") for v in NOTATION_KEY_MEANINGS]
    out += [(v, "emission_factors/plausibility.csv source (a plausibility hint's threshold)")
            for v in _threshold_words()]
    return out


def _threshold_words() -> list[str]:
    """What a plausibility hint names as its threshold: each source's words before its first ':'
    (validation/batch.py _outside)."""
    from ghgkit.data import data_path, read_rows

    rows = read_rows(data_path("plausibility.csv"), ("metric", "low", "high", "unit", "source"))
    return sorted({r["source"].split(":")[0] for r in rows})


def _hints() -> list[tuple[str, str, int]]:
    """Every hint given as a plain string literal in ghgkit/ (message, file, line)."""
    out = []
    for path in sorted((ROOT / "ghgkit").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.keyword) and node.arg == "hint" and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str) and node.value.value.strip()):
                out.append((node.value.value, str(path.relative_to(ROOT)), node.value.lineno))
    return out


_EXCEL_LABEL_FORMATS = {"label", "h2", "note", "total_label"}


def _excel_labels() -> list[tuple[str, str, int]]:
    """Fixed labels of the Excel inventory report (reports/excel*.py), translated when written.

    The headers (``head = [...]``, ``sh.header(r, [...])``), the summary's label pairs,
    the sheet titles (``_title(sh, data, "...")``) and texts written with a label, heading,
    note or total format.
    """
    out = []
    for path in sorted((ROOT / "ghgkit" / "reports").glob("excel*.py")):
        where = str(path.relative_to(ROOT))
        out += [(msg, where, line) for msg, line in _labels_in(ast.parse(path.read_text(encoding="utf-8")))]
    return out


def _labels_in(tree) -> list[tuple[str, int]]:
    out = []

    def strings(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
            out.append((node.value, node.lineno))

    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in ("head", "pairs")
                                                for t in node.targets) and isinstance(node.value, ast.List):
            for el in node.value.elts:
                strings(el.elts[0] if isinstance(el, ast.Tuple) else el)
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if name == "header" and len(node.args) > 1 and isinstance(node.args[1], ast.List):
                for el in node.args[1].elts:
                    strings(el)
            elif name == "_title" and len(node.args) > 2:
                strings(node.args[2])
            elif name == "text" and len(node.args) > 3:
                f = node.args[3]
                if (isinstance(f, ast.Subscript) and isinstance(f.slice, ast.Constant)
                        and f.slice.value in _EXCEL_LABEL_FORMATS):
                    strings(node.args[2])
    return out


def build_template() -> Catalog:
    cat = Catalog(project="ghgkit", msgid_bugs_address="", copyright_holder="ghgkit contributors",
                  charset="utf-8", header_comment="# Messages of ghgkit (reports, Excel template, command-line hints).\n"
                  "# Built by scripts/i18n_catalog.py; translate in ghgkit/locale/<lang>/LC_MESSAGES/ghgkit.po.")
    for folder, method, pattern, options in (("templates", "jinja2.ext:babel_extract", "*.j2", JINJA_OPTIONS),
                                            ("ghgkit", "python", "*.py", {})):
        for path in sorted((ROOT / folder).rglob(pattern)):
            with path.open("rb") as fh:
                for lineno, msg, comments, _ctx in extract(method, fh, keywords=KEYWORDS, options=options,
                                                           strip_comment_tags=True):
                    if not msg or (isinstance(msg, tuple) and not msg[0]):
                        continue
                    cat.add(msg, locations=[(str(path.relative_to(ROOT)), lineno)],
                            flags=("python-format",) if "%(" in (msg if isinstance(msg, str) else msg[0]) else ())
    for msg, where, line in _excel_labels():
        cat.add(msg, locations=[(where, line)])
    for msg, where, line in _hints():
        cat.add(msg, locations=[(where, line)], auto_comments=["hint"])
    for msg, where in _table_messages():
        if msg:
            cat.add(msg, locations=[(where, 0)])
    return cat


def _pot_text(cat: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, cat, omit_header=False, sort_output=True, width=100, include_lineno=False)
    # drop the creation date so a rebuild without changes changes nothing
    return b"\n".join(line for line in buf.getvalue().split(b"\n")
                      if not line.startswith((b'"POT-Creation-Date', b'"Generated-By')))


def _ids(cat: Catalog) -> set:
    return {tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id for m in cat if m.id}


def main(argv: list[str]) -> int:
    from ghgkit.i18n import LANGUAGES, locale_dir

    cat = build_template()
    pot = locale_dir() / "ghgkit.pot"
    text = _pot_text(cat)
    if "--check" in argv:       # compares the messages, not the bytes (Babel versions format differently)
        if not pot.is_file() or _ids(read_po(io.BytesIO(pot.read_bytes()))) != _ids(cat):
            print(f"{pot.relative_to(ROOT)} is out of date: run python scripts/i18n_catalog.py", file=sys.stderr)
            return 1
        return 0
    pot.parent.mkdir(parents=True, exist_ok=True)
    pot.write_bytes(text)
    for lang in LANGUAGES:
        if lang == "en":
            continue
        po = locale_dir() / lang / "LC_MESSAGES" / "ghgkit.po"
        if po.is_file():
            with po.open("rb") as fh:
                old = read_po(fh, locale=lang)
        else:
            old = Catalog(locale=lang, project="ghgkit", charset="utf-8")
        old.update(cat, no_fuzzy_matching=True, update_header_comment=False)
        po.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        write_po(buf, old, sort_output=True, width=100, include_lineno=False, ignore_obsolete=True)
        po.write_bytes(b"\n".join(line for line in buf.getvalue().split(b"\n")
                                  if not line.startswith((b'"POT-Creation-Date', b'"PO-Revision-Date',
                                                          b'"Generated-By'))))
        n = sum(1 for m in old if m.id and not m.fuzzy
                and (all(m.string) if isinstance(m.string, (tuple, list)) else m.string))
        print(f"{lang}: {n} of {len(cat)} messages translated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
