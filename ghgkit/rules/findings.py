"""Findings: what a rule found, where, and how to fix it.

Every rule has a stable code (:data:`RULES`, listed in ``docs/validation.md``) and one
severity. A hint that more than one rule (or both ``calc`` and ``validate``) gives is
written once, in :data:`HINTS`. ``ghgkit calc`` raises :class:`FindingsError` (all the
errors at once); ``ghgkit validate`` puts the findings in its report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from ghgkit.errors import InputError

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

#: code -> (severity, what the rule checks). docs/validation.md lists the same.
RULES: dict[str, tuple[str, str]] = {
    "FILE-001": (ERROR, "the file cannot be opened (missing, unreadable, or an unknown internal error)"),
    "FILE-002": (ERROR, "not a workbook or CSV ghgkit can read (wrong content for its name)"),
    "FILE-003": (ERROR, "an old .xls (Excel 97-2003) workbook: save it as .xlsx"),
    "FILE-004": (ERROR, "an encrypted (password-protected) workbook"),
    "FILE-005": (ERROR, "a corrupted or truncated zip (the .xlsx container)"),
    "FILE-006": (ERROR, "the zip declares more uncompressed data than allowed (zip bomb guard, 200 MB)"),
    "FILE-007": (ERROR, "XML with entity or DTD declarations (XML entity attack guard)"),
    "FILE-008": (ERROR, "more data rows than are checked (validate: 20,000; calc: 200,000 in a workbook)"),
    "FILE-009": (INFO, ".ods read for values only: formulas, hidden rows and merged cells not checked"),
    "FILE-010": (ERROR, "CSV that is empty or not UTF-8 text"),
    "FILE-011": (ERROR, "CSV that cannot be parsed (a line with extra fields, an unterminated quote)"),
    "FILE-012": (ERROR, "a sheet whose XML repeats a cell or a row, or has them out of order (a damaged or "
                        "hand-made file)"),
    "STRUCT-001": (WARNING, "a template sheet (Energy, Transport, Waste, Wastewater) is missing"),
    "STRUCT-002": (ERROR, "no activity sheet (a sheet whose first row names sector, activity, amount), or an "
                          "activity sheet whose rows would not be read (no header in row 1)"),
    "STRUCT-003": (ERROR, "a required column (sector, activity, amount, unit) is missing"),
    "STRUCT-004": (WARNING, "a column header that is not a template column (did-you-mean)"),
    "STRUCT-005": (WARNING, "template_version missing or unknown"),
    "STRUCT-006": (ERROR, "a hidden sheet holds data (an activity sheet: error, it would be summed; "
                          "another sheet: warning)"),
    "STRUCT-007": (WARNING, "a hidden row or column holds activity data"),
    "STRUCT-008": (ERROR, "merged cells in the data area"),
    "STRUCT-009": (ERROR, "Settings sheet missing, or a setting missing or invalid (inventory_year …)"),
    "STRUCT-010": (WARNING, "city not given in Settings (a missing population is CONS-002)"),
    "STRUCT-011": (ERROR, "a factor file beside a CSV submission (its user factor overrides) cannot be used"),
    "STRUCT-012": (ERROR, "an activity sheet that repeats the rows of another (a copied sheet would be "
                          "summed twice)"),
    "STRUCT-013": (ERROR, "a template column header given twice in one sheet (which one holds the data?)"),
    "CELL-001": (ERROR, "not a number where a number belongs (amount, year, scope, uncertainty_pct): text, "
                        "TRUE/FALSE, inf, nan or a number too large"),
    "CELL-002": (ERROR, "an Excel error value (#REF!, #DIV/0!, #N/A, #VALUE! …)"),
    "CELL-003": (ERROR, "a formula without a cached value (saved by a tool that does not compute)"),
    "CELL-004": (ERROR, "a negative amount"),
    "CELL-005": (WARNING, "a duplicate of the same activity (sector, subsector, activity, method, year, scope)"),
    "CELL-006": (ERROR, "an amount without a unit"),
    "CELL-007": (WARNING, "a formula that refers to another workbook (external link)"),
    "CELL-008": (ERROR, "a number whose decimal mark is ambiguous in its column (38,500 beside 0,5; "
                        "3200.5 beside 1,5 in a ; file)"),
    "CELL-009": (WARNING, "a ; file number such as 38.000 or 38,000 that may mean 38 or 38 000 (says how it was "
                          "read)"),
    "FACT-001": (ERROR, "a row of the workbook's Factors sheet that the factor tables refuse (unit, value, gas, "
                        "id given twice, no id)"),
    "VOCAB-001": (ERROR, "unknown or empty sector (did-you-mean)"),
    "VOCAB-002": (ERROR, "unknown or missing subsector for transport, waste or wastewater"),
    "VOCAB-003": (ERROR, "unknown activity: fuel, electricity, waste stream (did-you-mean)"),
    "VOCAB-004": (ERROR, "unknown method for the sector (did-you-mean)"),
    "VOCAB-005": (ERROR, "unknown notation key, data quality or scope"),
    "UNIT-001": (ERROR, "a unit that cannot be parsed (did-you-mean)"),
    "UNIT-002": (ERROR, "a unit whose dimension does not fit the activity (electricity: energy; fuels: "
                        "energy, mass or volume; vkt: distance; waste: mass)"),
    "NK-001": (ERROR, "an amount and a notation key on the same row"),
    "NK-002": (WARNING, "a BASIC sub-sector with neither an amount nor a notation key (use NO or NE)"),
    "NK-003": (WARNING, "IE (included elsewhere) without notes saying where"),
    "NK-004": (ERROR, "a row with neither an amount nor a notation key"),
    "COMP-001": (INFO, "completeness: share of the BASIC sub-sectors covered"),
    "PLAUS-001": (WARNING, "BASIC total per capita outside the screening range"),
    "PLAUS-002": (WARNING, "a sector's emissions per capita outside the screening range"),
    "PLAUS-003": (WARNING, "electricity use per capita outside the screening range"),
    "PLAUS-004": (WARNING, "waste generation per capita per day outside the screening range"),
    "PLAUS-005": (WARNING, "year-on-year change of the BASIC total above the threshold (previous year in batch)"),
    "PLAUS-006": (WARNING, "grid emission factor outside the screening range"),
    "CONS-001": (WARNING, "a row year differs from the inventory year (landfill disposal history excepted)"),
    "CONS-002": (WARNING, "population missing: per-capita checks skipped"),
    "CONS-003": (ERROR, "a row year later than the inventory year"),
    "CONS-004": (WARNING, "two submissions for the same city and inventory year in one batch"),
    "CALC-001": (ERROR, "the inventory cannot be calculated (the message names the cell)"),
    "CALC-002": (INFO, "totals not computed (only computed for files without errors)"),
    "CALC-003": (INFO, "a note from the calculation (e.g. a default parameter used)"),
}

#: hints that carry a value of the input (the English text is one of these with its values in place):
#: :meth:`ghgkit.i18n.Translator.hint` knows them by their shape and translates them around the values
#: (the first shape that fits, so a longer shape comes before the shorter one it contains, and a shape
#: that holds another hint (a value named in HINT_NESTED) before every shape that could end in a value
#: running on into the other's words; a value named in HINT_WORDS is ghgkit's own word, translated too)
HINT_SHAPES: dict[str, str] = {
    "factor_file_checked": "%(hint)s; fix it, or move it out of this folder if it is not meant for this CSV",
    "factor_file_hint": "%(hint)s; fix it, or move it out of this folder if it is not meant for this CSV "
                        "(`ghgkit factors check FILE` lists every bad line)",
    "two_suggestions": "did you mean '%(value)s' or '%(other)s'?",
    "two_unit_suggestions": "did you mean '%(value)s' or '%(other)s'? (unit letters are case-sensitive: m is milli, "
                            "M is mega)",
    "suggestion_allowed": "did you mean '%(value)s'? (allowed: %(allowed)s)",
    "suggestion_choose": "did you mean '%(value)s'? choose one of %(choices)s",
    "suggestion_use": "did you mean '%(value)s'? use one of %(choices)s",
    "suggestion": "did you mean '%(value)s'?",
    "allowed": "(allowed: %(allowed)s)",
    "choose": "choose one of %(choices)s",
    "use": "use one of %(choices)s",
    "number_alone_column": "write the number alone (%(number)s) and put the unit '%(unit)s' in column %(column)s",
    "number_alone_unit": "write the number alone (%(number)s) and put the unit '%(unit)s' in the unit",
    "number_alone_field": "write the number alone (%(number)s) and put the unit '%(unit)s' in the unit field "
                          "(unit: ...)",
    "number_alone_place": "write the number alone (%(number)s) and put the unit '%(unit)s' in the unit column "
                          "(%(place)s)",
    "number_alone_any": "write the number alone (%(number)s) and put the unit '%(unit)s' in the unit column",
    "notation_key": "'%(text)s' is a notation key (%(meaning)s): put notation keys in column %(column)s and leave "
                    "the amount empty",
    "unit_suggestion": "did you mean '%(value)s'? (unit letters are case-sensitive: m is milli, M is mega)",
    "read_as": "write a number (read as %(unit)s) or a number with a unit",
    "template_columns": "row 1 must name the template columns: %(columns)s",
    "factors_columns": "use the template's columns: %(columns)s",
    "first_line_columns": "the first line must name the columns: %(columns)s",
    "plausibility": "check units, decimals and the population; if the value is right, say why in notes "
                    "(threshold: %(threshold)s)",
    "year_on_year": "explain the change in notes (new data source, method, boundary), or check units; "
                    "previous year: %(file)s",
    "fuel_economy_suggestion": "did you mean '%(value)s'? give a fuel_economy row (vehicle class, fuel, value, "
                               "unit such as L/100km, source) in the workbook's Factors sheet or a factor file",
    "energy_unit": "enter %(activity)s in an energy unit (GJ, TJ, MWh), or give a '%(name)s' property row in a "
                   "factor file (--factors FILE)",
    "parameter_defaults_suggestion": "did you mean '%(value)s'? defaults exist for %(keys)s; otherwise give "
                                     "%(name)s as a setting",
    "parameter_defaults": "defaults exist for %(keys)s; otherwise give %(name)s as a setting",
    "parameter_setting": "give %(name)s as a setting",
    "set_key": "set %(key)s: %(what)s",
}
HINT_TEMPLATES: tuple[str, ...] = tuple(HINT_SHAPES.values())

#: values of HINT_TEMPLATES that are ghgkit's words (a notation key's meaning; the first part of a
#: plausibility threshold's source, 'screening threshold chosen by ghgkit', which a network may replace
#: with its own words: those are shown as written; what a missing setting is), not the input's
HINT_WORDS = ("meaning", "threshold", "what")
#: values of HINT_TEMPLATES that are a hint themselves (another error's), translated as hints
HINT_NESTED = ("hint",)
#: the meanings a notation-key hint gives (NOTATION_KEYS' short forms), for the catalogue
NOTATION_KEY_MEANINGS = ("not occurring", "included elsewhere", "not estimated", "confidential")

#: one place for each hint (used by calc and validate alike)
HINTS: dict[str, str] = {
    "number": "write a plain number such as 12500 or 12500.5 (no units or text in this cell)",
    "not_finite": "write a plain finite number such as 12500 (inf, nan, TRUE/FALSE and numbers beyond "
                  "1e308 are not amounts)",
    "ambiguous_comma": "write every number of the column the same way: 38500 (no thousands separator) "
                       "and 0.5, or in a ; file 38500 and 0,5",
    "dot_thousands": "in a ; (decimal comma) file write 38000 for thirty-eight thousand (38,000 is "
                     "read as 38 there); if 38 is meant, write 38",
    "dot_unsure": "write the number without a thousands separator: 38000 for thirty-eight thousand, 38 for "
                  "thirty-eight (Excel set to a decimal-comma country writes 38000 as 38.000)",
    "excel_error": "the formula behind it is broken (a deleted row or sheet, a division by zero): "
                   "type the value itself",
    "no_cached_value": "the file was saved by a tool that does not compute formulas: open it in Excel or "
                       "LibreOffice and save it, or type the values",
    "external_link": "the value may be stale or missing on another computer: paste it as a value",
    "negative": "amounts are quantities used or treated; enter a positive number",
    "no_unit": "write the unit beside the amount: kWh, MWh, L, m3, kg, t, GJ, km …",
    "nothing": "enter the amount, or a notation key: NO, IE, NE or C",
    "amount_and_key": "keep the amount and clear the key, or clear the amount if the key is meant",
    "ie_notes": "write in notes which row or sector includes it, e.g. 'in Transport row 5'",
    "notation_key": "NO not occurring, IE included elsewhere, NE not estimated, C confidential",
    "year_after": "correct the year, or the inventory year in the settings if that is what is wrong "
                  "(do not just clear the year: an empty year counts the row in the inventory year, "
                  "so a landfill history row would become an inventory-year deposit)",
    "year_differs": "leave year empty for the inventory year; only landfill disposal history takes "
                    "earlier years",
    "grid_ef_unit": "grid_ef is in t CO2 per MWh (0.6); for a value in g/kWh or kg/MWh write its unit "
                    "(grid_ef = \"600 g/kWh\")",
    "year_digits": "write the year in full, four digits (2022), or leave it empty for the inventory year",
    "duplicate": "delete one if it was pasted twice; if both are real (e.g. two suppliers), say so in notes",
    "hidden_sheet": "unhide it (right-click a sheet tab > Unhide) and check its rows are meant; delete it if "
                    "it is old data: ghgkit would read its rows",
    "very_hidden_sheet": "unhide it (right-click a sheet tab > Unhide) and check its rows are meant; delete it "
                         "if it is old data: ghgkit would read its rows; a very hidden sheet is not in the "
                         "Unhide list: in Excel, Developer > Visual Basic, select the sheet and set Visible to -1",
    "hidden_row": "unhide the rows and check they are meant",
    "hidden_column": "unhide the column (select the columns beside it, right-click > Unhide) and check its "
                     "values are meant",
    "merged": "unmerge them (Home > Merge & Center > Unmerge) and fill every row",
    "copied_sheet": "delete the copy, or keep its rows in one sheet only",
    "setting_value": "type the value itself",
    "template": "start from `ghgkit template -o city.xlsx`",
    "factor_file": "fix it, or move it out of this folder if it is not meant for this CSV (`ghgkit factors check "
                   "FILE` lists every bad line)",
    "fuel_economy": "give a fuel_economy row (vehicle class, fuel, value, unit such as L/100km, source) in the "
                    "workbook's Factors sheet or a factor file",
    "settings_sheet": "add a sheet named Settings with key / value columns (see `ghgkit template`)",
    "rows_limit": "a city inventory has hundreds of rows: check nothing was pasted by mistake, or split "
                  "the data",
    "csv_utf8": "save it as 'CSV UTF-8' in Excel or LibreOffice",
    "csv_parse": "every line must have as many fields as the header; a field with the delimiter or a "
                 "quote inside must be quoted (\"a, b\") and the quote closed",
    "resave": "open it in Excel or LibreOffice and save it as .xlsx",
}


@dataclass
class Finding:
    """One thing to fix (or to know), at a place."""

    severity: str
    code: str
    message: str
    file: str
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None
    hint: str | None = None
    count: int = 1          #: rows this finding stands for (more than 1: the rest of a long list of one rule)

    @property
    def place(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.sheet:
            return self.sheet
        if self.line is not None:
            return f"line {self.line}"
        return ""

    def to_dict(self) -> dict:
        d = {name: getattr(self, name) for name in _FIELDS}     # asdict's order; its deep copy is not needed (scalars)
        if d["count"] == 1:
            del d["count"]
        d["place"] = self.place
        return d

    def one_line(self, tr=None) -> str:
        """``file:Sheet!D5: message (hint: ...)`` for a terminal; with a translator *tr* (``--lang``)
        the word "hint" and a hint found in its catalogue are translated, as ``validate`` shows them."""
        where = ":".join(p for p in (self.file, self.place) if p)
        text = f"{where}: {self.message}"
        if not self.hint:
            return text
        return text + (f" ({tr.gettext('hint')}: {tr.hint(self.hint)})" if tr is not None
                       else f" (hint: {self.hint})")


_FIELDS = tuple(f.name for f in fields(Finding))


def sort_key(f: Finding):
    """Errors first, then by sheet and row."""
    return SEVERITY_ORDER[f.severity], f.sheet or "", row_number(f), f.code


def row_number(f: Finding) -> int:
    if f.cell:
        m = re.search(r"(\d+)$", f.cell)
        return int(m.group(1)) if m else 0
    return f.line or 0


class Findings(list):
    """The findings of one file, as a list with an ``add`` for rules."""

    def __init__(self, file: str):
        super().__init__()
        self.file = str(file)
        self.city: str | None = None          # from the settings, once read
        self.country: str | None = None

    def add(self, code, message, sheet=None, cell=None, line=None, hint=None, severity=None, count=1) -> None:
        sev = severity or RULES[code][0]
        self.append(Finding(sev, code, message, self.file, sheet, cell, line, hint, count))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self if f.severity == WARNING]


class Stop(Exception):
    """The file cannot be read further (a finding was recorded)."""


class FindingsError(InputError):
    """Raised by the importer when rules found errors: carries every finding (errors and warnings)."""

    def __init__(self, findings: list[Finding], file: str | None = None):
        self.findings = sorted(findings, key=sort_key)
        self.errors = [f for f in self.findings if f.severity == ERROR]
        n = len(self.errors)
        super().__init__(f"{n} error{'s' if n != 1 else ''} found, nothing computed", location=file)

    def lines(self, warnings: bool = True, tr=None) -> list[str]:
        """One line per finding (errors first): ``error CODE file:place: message (hint: ...)``; with a
        translator *tr* the hints as :meth:`Finding.one_line` translates them."""
        return [f"{f.severity} {f.code} {f.one_line(tr)}" for f in self.findings
                if f.severity == ERROR or (warnings and f.severity == WARNING)]

    def __str__(self) -> str:
        return "\n".join([super().__str__()] + ["  " + x for x in self.lines()])
