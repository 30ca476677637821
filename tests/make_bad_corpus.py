"""Build a corpus of partner submissions with planted faults, from the clean demo workbook.

    python tests/make_bad_corpus.py [OUT_DIR]      (default: tests/data/submissions)

Each file plants known faults with openpyxl edits (or byte-level damage for broken
files). ``PLANTED`` lists, per file, the (code, sheet, cell or line) every planted
fault must be reported at; ``tests/test_validation.py`` builds the corpus into a
temporary folder and checks each one. Nothing here is committed as a binary.
"""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

#: file -> list of (code, sheet, cell) / (code, None, line) that must be found
PLANTED: dict[str, list[tuple]] = {
    "tan_hoa_2023_clean.xlsx": [],
    "bad_cells.xlsx": [
        ("CELL-001", "Energy", "D3"),      # '38 000 t' in amount
        ("CELL-002", "Energy", "D4"),      # #REF!
        ("CELL-003", "Energy", "D5"),      # formula without cached value
        ("CELL-004", "Energy", "D6"),      # negative amount
        ("VOCAB-001", "Energy", "A8"),     # 'buildng'
        ("VOCAB-003", "Energy", "C9"),     # 'diesl'
        ("UNIT-001", "Energy", "E10"),     # 'foo'
        ("UNIT-002", "Energy", "E11"),     # electricity in kg
        ("NK-001", "Energy", "J12"),       # amount and NE
        ("CONS-003", "Energy", "F13"),     # year 2031 > 2023
        ("VOCAB-005", "Energy", "K16"),    # data quality 'hgh'
        ("CELL-005", "Energy", "C17"),     # duplicate of row 16
        ("NK-004", "Energy", "D18"),       # neither amount nor key
        ("CELL-006", "Energy", "E19"),     # amount without unit
        ("VOCAB-004", "Transport", "G2"),  # 'fuel_sale'
        ("VOCAB-002", "Transport", "B5"),  # 'railway'
        ("STRUCT-007", "Transport", "A6"),  # hidden row with data
        ("NK-003", "Transport", "N7"),     # IE without notes
        ("CELL-001", "Transport", "L8"),   # 'about 30' in uncertainty_pct
        ("STRUCT-008", "Transport", "M9"),  # merged cells in data area
    ],
    "bad_structure.xlsx": [
        ("STRUCT-001", None, None),        # Waste sheet deleted
        ("STRUCT-004", "Energy", "N1"),    # 'note' header
        ("STRUCT-003", "Transport", "A1"),  # 'unit' column renamed
        ("STRUCT-005", "Settings", None),  # template_version ghgkit-0
        ("CONS-002", "Settings", None),    # population removed
        ("STRUCT-006", "Old data", None),  # hidden sheet with data
        ("CONS-001", "Energy", "F2"),      # year 2022 in a 2023 inventory
    ],
    "bad_settings.xlsx": [("STRUCT-009", None, None)],          # inventory_year empty
    "implausible.xlsx": [("PLAUS-001", None, None), ("PLAUS-002", None, None), ("PLAUS-003", None, None),
                         ("PLAUS-004", None, None),         # waste per person per day, population 10000
                         ("PLAUS-006", "Settings", None)],
    "tan_hoa_2022.xlsx": [],                                    # previous year: PLAUS-005 on the clean 2023 file
    "no_fuel_economy.xlsx": [("CALC-001", "Transport", "C4")],   # vkt row, Factors row deleted
    "values.ods": [("FILE-009", None, None), ("CELL-001", "Energy", "C2")],
    "bad.csv": [("CELL-001", None, 3), ("VOCAB-003", None, 4)],
    "not_a_zip.xlsx": [("FILE-002", None, None)],
    "truncated.xlsx": [("FILE-005", None, None)],
    "old_format.xls": [("FILE-003", None, None)],
    "encrypted.xlsx": [("FILE-004", None, None)],
    "zip_bomb.xlsx": [("FILE-006", None, None)],
    "xxe.xlsx": [("FILE-007", None, None)],
}


def _rename(wb, city: str) -> None:
    """Each faulty copy is its own city, so that only real same-city pairs meet in the batch."""
    wb["Settings"][_setting_cell(wb["Settings"], "city")] = city


def _setting_cell(ws, key: str) -> str:
    """The value cell (column B) of a Settings key, wherever the template puts it."""
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if cell.value == key:
            return f"B{cell.row}"
    raise KeyError(key)


def _demo(path: Path) -> Path:
    from ghgkit.io.template import write_template

    return write_template(path, example=True)


def build(out: str | Path, bomb_mb: int = 24) -> dict[str, list[tuple]]:
    """Write every corpus file into *out*; returns ``PLANTED``."""
    import openpyxl

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    clean = _demo(out / "tan_hoa_2023_clean.xlsx")

    # -- cell faults
    wb = openpyxl.load_workbook(clean)
    e = wb["Energy"]
    e["D3"] = "38 000 t"
    e["D4"] = "#REF!"
    e["D5"] = "=SUM(1,2)"
    e["D6"] = -12000
    e["A8"] = "buildng"
    e["C9"] = "diesl"
    e["E10"] = "foo"
    e["E11"] = "kg"
    e["J12"] = "NE"
    e["F13"] = 2031
    e["K16"] = "hgh"
    for col in "ABCDE":
        e[f"{col}17"] = e[f"{col}16"].value
    e["A18"], e["C18"] = "industry", "diesel"
    e["A19"], e["C19"], e["D19"] = "industry", "gasoline", 100
    t = wb["Transport"]
    t["G2"] = "fuel_sale"
    t["B5"] = "railway"
    t.row_dimensions[6].hidden = True
    t["J7"] = "IE"
    t["N7"] = None
    t["L8"] = "about 30"
    t.merge_cells("M9:N10")
    _rename(wb, "Bad Cells City")
    wb.save(out / "bad_cells.xlsx")

    # -- structure faults
    wb = openpyxl.load_workbook(clean)
    del wb["Waste"]
    wb["Energy"]["N1"] = "note"
    wb["Energy"]["F2"] = 2022
    wb["Transport"]["E1"] = "units"
    s = wb["Settings"]
    s[_setting_cell(s, "template_version")] = "ghgkit-0"
    s[_setting_cell(s, "population")] = None
    old = wb.create_sheet("Old data")
    old["A1"], old["A2"] = "copied from last year", "household electricity 1,100,000 MWh"
    old.sheet_state = "hidden"
    _rename(wb, "Bad Structure City")
    wb.save(out / "bad_structure.xlsx")

    # -- settings fault
    wb = openpyxl.load_workbook(clean)
    wb["Settings"][_setting_cell(wb["Settings"], "inventory_year")] = None
    _rename(wb, "Bad Settings City")
    wb.save(out / "bad_settings.xlsx")

    # -- implausible: population slip and a g/kWh grid factor written as t/MWh
    wb = openpyxl.load_workbook(clean)
    wb["Settings"][_setting_cell(wb["Settings"], "population")] = 10000
    wb["Settings"][_setting_cell(wb["Settings"], "grid_ef")] = 600
    _rename(wb, "Implausible City")
    wb.save(out / "implausible.xlsx")

    # -- previous year, half the amounts: the 2023 file changes by +100 %
    wb = openpyxl.load_workbook(clean)
    wb["Settings"][_setting_cell(wb["Settings"], "inventory_year")] = 2022
    for ws in (wb["Energy"], wb["Transport"]):
        for (cell,) in ws.iter_rows(min_row=2, min_col=4, max_col=4):
            if isinstance(cell.value, (int, float)):
                cell.value = cell.value / 2
    for (cell,) in wb["Waste"].iter_rows(min_row=2, min_col=6, max_col=6):   # disposal history, one year back
        if isinstance(cell.value, (int, float)):
            cell.value = cell.value - 1
    wb.save(out / "tan_hoa_2022.xlsx")

    # -- a fault only the calculation sees: a vkt row whose fuel economy row was deleted
    wb = openpyxl.load_workbook(clean)
    wb["Factors"].delete_rows(2, 5)
    _rename(wb, "No Fuel Economy City")
    wb.save(out / "no_fuel_economy.xlsx")

    # -- CSV with its settings file beside it
    (out / "bad.csv").write_text(
        "sector,subsector,activity,amount,unit,year,method,scope,factor_id,notation_key,data_quality,"
        "uncertainty_pct,source,notes\n"
        "household,,electricity,1000,MWh,,,,,,,,utility,\n"
        "household,,lpg,lots,t,,,,,,,,survey,\n"
        "building,,petrol,50,L,,,,,,,,survey,\n", encoding="utf-8")
    (out / "bad.toml").write_text('city = "Csv Town"\ninventory_year = 2023\npopulation = 50000\n',
                                  encoding="utf-8")

    # -- broken files
    (out / "not_a_zip.xlsx").write_bytes(b"<html><body>Your download is ready</body></html>\n")
    data = clean.read_bytes()
    (out / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    (out / "old_format.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 +
                                         "Workbook".encode("utf-16-le") + b"\0" * 1024)
    (out / "encrypted.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 +
                                         "EncryptionInfo".encode("utf-16-le") + b"\0" * 64 +
                                         "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024)
    with zipfile.ZipFile(out / "zip_bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(bomb_mb):
                fh.write(block)
    _xxe(clean, out / "xxe.xlsx")
    _ods(out / "values.ods")
    return PLANTED


def _ods(dst: Path) -> None:
    """A minimal OpenDocument spreadsheet (LibreOffice's format) with text in an amount cell."""
    def cell(v):
        if isinstance(v, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'

    def table(name, rows):
        body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
        return f'<table:table table:name="{name}">{body}</table:table>'

    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet>'
               + table("Settings", [("key", "value"), ("city", "Ods Town"), ("inventory_year", 2023),
                                    ("population", 80000), ("template_version", "ghgkit-1")])
               + table("Energy", [("sector", "activity", "amount", "unit"), ("household", "electricity", "many", "MWh")])
               + "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)


def _xxe(src: Path, dst: Path) -> None:
    """The clean workbook with a billion-laughs DTD in its shared strings."""
    bomb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
            '<si><t>&lol3;</t></si></sst>')
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                data = bomb.encode()
            zout.writestr(item, data)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "data" / "submissions"
    if target.exists():
        shutil.rmtree(target)
    build(target)
    print(f"wrote {len(list(target.iterdir()))} files to {target}")
