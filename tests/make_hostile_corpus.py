"""Build a corpus of hostile or mistaken inputs, each with what calc and validate must say.

    python tests/make_hostile_corpus.py [OUT_DIR]

``build(out)`` writes every case into *out* and returns ``CASES``: name -> :class:`Case`
(the file, extra calc arguments, the exit code, the place the message must name, the rule
code, and for number cases the exact CO2 total). Nothing here is committed as a binary.
Number cases use electricity with ``grid_ef = 0.5 t CO2/MWh`` so the total is the amount / 2.
"""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

CSV_ARGS = ("--set", "inventory_year=2023", "--set", "grid_ef=0.5", "--set", "grid_ef_source=test value",
            "--set", "population=1000")


@dataclass
class Case:
    file: str
    exit: int                         #: calc exit code
    place: str | None                 #: in calc's message, e.g. 'Energy!D3' or 'line 3'
    code: str | None                  #: the rule code validate reports (and calc prints)
    args: tuple = CSV_ARGS
    co2_t: float | None = None        #: exact total when calc succeeds (number cases)
    extra: list = field(default_factory=list)
    errors: int | None = None         #: how many error lines calc prints (one finding per mistake)


def _csv(out: Path, name: str, text: str | bytes) -> str:
    p = out / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return name


def _wb(out: Path, name: str, edit) -> str:
    import openpyxl

    from ghgkit.io.template import write_template

    p = out / name
    write_template(p, example=True)
    wb = openpyxl.load_workbook(p)
    edit(wb)
    wb.save(p)
    return name


def _patch(out: Path, name: str, member: str, old: bytes, new: bytes) -> None:
    """Replace bytes inside one zip member (for XML openpyxl will not write)."""
    p = out / name
    with zipfile.ZipFile(p) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    assert old in parts[member], (member, old)
    parts[member] = parts[member].replace(old, new, 1)
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        for k, v in parts.items():
            zf.writestr(k, v)


def _sheet_member(path: Path, sheet: str) -> str:
    import openpyxl

    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    return f"xl/worksheets/sheet{names.index(sheet) + 1}.xml"


#: every case build() writes (kept here so that tests can be listed without building the corpus)
NAMES = ["mixed_commas", "thousands_commas", "semicolon_point", "semicolon_euro", "semicolon_38000",
         "semicolon_comma_000", "semicolon_million", "semicolon_million_point",
         "amount_inf", "amount_nan", "amount_1e400", "amount_true", "amount_minus_inf", "xlsx_bool", "xlsx_formula",
         "settings_formula", "xlsx_na", "hidden_sheet", "copied_sheet", "hidden_row", "year_after", "stray_cell",
         "xxe", "zip_bomb", "truncated", "extra_fields", "open_quote", "bom_only", "latin1",
         "settings_formula_population", "settings_formula_grid_ef", "settings_twice", "unit_formula",
         "hidden_column", "very_hidden_sheet", "column_twice", "factors_ton", "ne_amount"]


def build(out: str | Path) -> dict[str, Case]:
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    head = "sector,activity,amount,unit\n"
    c: dict[str, Case] = {}
    # -- numbers: one rule per column
    c["mixed_commas"] = Case(_csv(out, "mixed_commas.csv", head + 'household,electricity,"38,500",MWh\n'
                                  'building,electricity,"0,5",MWh\n'), 2, "line 2", "CELL-008")
    c["thousands_commas"] = Case(_csv(out, "thousands_commas.csv", head + 'household,electricity,"38,500",MWh\n'
                                      'building,electricity,"1,200.5",MWh\n'), 0, None, None,
                                 co2_t=(38500 + 1200.5) * 0.5)
    semi = "sector;activity;amount;unit\n"
    c["semicolon_point"] = Case(_csv(out, "semicolon_point.csv", semi + "household;electricity;3200.5;MWh\n"
                                     "building;electricity;1,5;MWh\n"), 2, "line 2", "CELL-008")
    c["semicolon_euro"] = Case(_csv(out, "semicolon_euro.csv", semi + "household;electricity;1.234,5;MWh\n"
                                    "building;electricity;7;MWh\n"), 0, None, None, co2_t=(1234.5 + 7) * 0.5)
    c["semicolon_38000"] = Case(_csv(out, "semicolon_38000.csv", semi + "household;electricity;38.000;MWh\n"
                                     "building;electricity;3200.5;MWh\n"), 0, "line 2", "CELL-009",
                                co2_t=(38 + 3200.5) * 0.5)
    c["semicolon_comma_000"] = Case(_csv(out, "semicolon_comma_000.csv", semi + "household;electricity;38,000;MWh\n"
                                         "building;electricity;2,5;MWh\n"), 0, "line 2", "CELL-009",
                                    co2_t=(38 + 2.5) * 0.5)
    c["semicolon_million"] = Case(_csv(out, "semicolon_million.csv", semi + "household;electricity;1.000.000;MWh\n"
                                       "building;electricity;38.000;MWh\n"), 0, "line 3", "CELL-009",
                                  co2_t=(1_000_000 + 38_000) * 0.5)
    c["semicolon_million_point"] = Case(_csv(out, "semicolon_million_point.csv", semi + "household;electricity;"
                                             "1.000.000;MWh\nbuilding;electricity;3200.5;MWh\n"), 2, "line 3",
                                        "CELL-008")
    for word in ("inf", "nan", "1e400", "TRUE", "-inf"):
        key = "amount_" + word.replace("-", "minus_").lower()
        c[key] = Case(_csv(out, key + ".csv", head + "household,electricity,10,MWh\n"
                           f"building,electricity,{word},MWh\n"), 2, "line 3", "CELL-001")

    # -- Excel
    def bool_amount(wb):
        wb["Energy"]["D3"] = True
    c["xlsx_bool"] = Case(_wb(out, "xlsx_bool.xlsx", bool_amount), 2, "Energy!D3", "CELL-001", args=())

    def formula(wb):
        wb["Energy"]["D4"] = "=38000*2"              # openpyxl saves no cached value
    c["xlsx_formula"] = Case(_wb(out, "xlsx_formula.xlsx", formula), 2, "Energy!D4", "CELL-003", args=())

    def settings_formula(wb):
        ws = wb["Settings"]
        for row in ws.iter_rows(min_col=1, max_col=2):
            if row[0].value == "td_loss_rate":
                row[1].value = "=8/100"
    c["settings_formula"] = Case(_wb(out, "settings_formula.xlsx", settings_formula), 2, "Settings!B12",
                                 "CELL-003", args=())

    def setting(key, value):
        def edit(wb):
            ws = wb["Settings"]
            for row in ws.iter_rows(min_col=1, max_col=2):
                if row[0].value == key:
                    row[1].value = value
        return edit
    c["settings_formula_population"] = Case(_wb(out, "settings_formula_population.xlsx",
                                                setting("population", "=1000*1050")), 2, "Settings!B5", "CELL-003",
                                            args=(), errors=1)
    c["settings_formula_grid_ef"] = Case(_wb(out, "settings_formula_grid_ef.xlsx", setting("grid_ef", "=0.5*1")),
                                         2, "Settings!B10", "CELL-003", args=(), errors=1)

    def settings_twice(wb):
        ws = wb["Settings"]
        n = ws.max_row + 1
        ws.cell(n, 1, "grid_ef")
        ws.cell(n, 2, 0.9)
        c["settings_twice"] = Case("settings_twice.xlsx", 2, f"Settings!B{n}", "STRUCT-009", args=(), errors=1)
    _wb(out, "settings_twice.xlsx", settings_twice)

    c["unit_formula"] = Case(_wb(out, "unit_formula.xlsx", lambda wb: wb["Energy"].__setitem__("E3", '="t"')),
                             2, "Energy!E3", "CELL-003", args=(), errors=1)

    def hidden_column(wb):
        wb["Energy"].column_dimensions["H"].hidden = True
        wb["Energy"]["H3"] = 1
    c["hidden_column"] = Case(_wb(out, "hidden_column.xlsx", hidden_column), 0, "Energy!H1", "STRUCT-007",
                              args=())

    def very_hidden(wb):
        ws = wb.create_sheet("Energy 2019")
        for row in wb["Energy"].iter_rows(max_row=4, values_only=True):
            ws.append([v * 3 if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 3000 else v
                       for v in row])
        ws.sheet_state = "veryHidden"
    c["very_hidden_sheet"] = Case(_wb(out, "very_hidden_sheet.xlsx", very_hidden), 2, "Energy 2019", "STRUCT-006",
                                  args=())

    def column_twice(wb):
        wb["Energy"]["O1"], wb["Energy"]["O3"] = "amount", 99999
    c["column_twice"] = Case(_wb(out, "column_twice.xlsx", column_twice), 2, "Energy!O1", "STRUCT-013",
                             args=(), errors=1)

    def factors_ton(wb):
        ws = wb["Factors"]
        header = [x.value for x in ws[1]]
        row = [None] * len(header)
        for k, v in dict(factor_id="my_lpg_co2", activity="lpg", gas="CO2", value=3.0, unit="t/ton",
                         sector="household", source="own").items():
            row[header.index(k)] = v
        ws.append(row)
        col = chr(65 + header.index("unit"))
        c["factors_ton"] = Case("factors_ton.xlsx", 2, f"Factors!{col}{ws.max_row}", "FACT-001", args=(),
                                errors=1)
    _wb(out, "factors_ton.xlsx", factors_ton)

    c["ne_amount"] = Case(_csv(out, "ne_amount.csv", head + "household,electricity,10,MWh\n"
                               "building,electricity,NE,MWh\n"), 2, "line 3", "CELL-001", errors=1)

    def na(wb):
        wb["Energy"]["D5"] = "#N/A"
        wb["Transport"]["D2"] = "#DIV/0!"
    c["xlsx_na"] = Case(_wb(out, "xlsx_na.xlsx", na), 2, "Energy!D5", "CELL-002", args=(),
                        extra=["Transport!D2"])

    def hidden_sheet(wb):
        copy = wb.copy_worksheet(wb["Energy"])
        copy.title = "Energy old"
        copy.sheet_state = "hidden"
    c["hidden_sheet"] = Case(_wb(out, "hidden_sheet.xlsx", hidden_sheet), 2, "Energy old", "STRUCT-006", args=())

    def copied_sheet(wb):
        wb.copy_worksheet(wb["Energy"]).title = "Energy (2)"
    c["copied_sheet"] = Case(_wb(out, "copied_sheet.xlsx", copied_sheet), 2, "Energy (2)", "STRUCT-012", args=())

    def hidden_row(wb):
        wb["Energy"].row_dimensions[3].hidden = True
    c["hidden_row"] = Case(_wb(out, "hidden_row.xlsx", hidden_row), 0, "Energy!A3", "STRUCT-007", args=())

    def year_after(wb):
        wb["Energy"]["F3"] = 2031
    c["year_after"] = Case(_wb(out, "year_after.xlsx", year_after), 2, "Energy!F3", "CONS-003", args=())

    name = _wb(out, "stray_cell.xlsx", lambda wb: wb["Energy"].cell(row=1048576, column=16384, value="x"))
    c["stray_cell"] = Case(name, 0, None, None, args=())

    name = _wb(out, "xxe.xlsx", lambda wb: None)
    member = _sheet_member(out / name, "Energy")
    _patch(out, name, member, b"<worksheet",
           b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><worksheet')
    c["xxe"] = Case(name, 2, None, "FILE-007", args=())

    bomb = out / "zip_bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(210):
                fh.write(chunk)
    c["zip_bomb"] = Case(bomb.name, 2, None, "FILE-006", args=())

    data = (out / "xlsx_bool.xlsx").read_bytes()
    c["truncated"] = Case(_csv(out, "truncated.xlsx", data[: len(data) // 2]), 2, None, "FILE-005", args=())

    # -- CSV parser errors
    c["extra_fields"] = Case(_csv(out, "extra_fields.csv", head + "household,electricity,10,MWh\n"
                                  "building,electricity,5,MWh,oops\n"), 2, "line 3", "FILE-011")
    c["open_quote"] = Case(_csv(out, "open_quote.csv", head + 'household,electricity,10,MWh\n'
                                'building,"electricity,5,MWh\n'), 2, "line 3", "FILE-011")
    c["bom_only"] = Case(_csv(out, "bom_only.csv", b"\xef\xbb\xbf"), 2, None, "FILE-010")
    c["latin1"] = Case(_csv(out, "latin1.csv", (head + "household,electricity,10,MWh\n"
                                                "building,electricity,5,MWh\u00e9\n").encode("latin-1")),
                       2, "line 3", "FILE-010")
    return c


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
    for k, v in build(target).items():
        print(f"{k:20} {v.file:24} exit {v.exit} {v.code or ''} {v.place or ''}")
