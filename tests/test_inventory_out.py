"""The inventory CSV built from category codes: the same bytes as the row-by-row (pandas) path,
user text made inert, workbook places and CSV lines."""

import csv
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from ghgkit.io import inventory_out
from ghgkit.io.importers import load_checked
from ghgkit.inventory import calculate

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo_city"


def _bytes(table) -> bytes:
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, write_options=pacsv.WriteOptions(quoting_style="needed"))
    return sink.getvalue().to_pybytes()


@pytest.mark.parametrize("name", ["demo_city.csv", "demo_city.xlsx"])
def test_arrow_table_matches_pandas_path(name):
    from ghgkit.cli.options import library

    csv_in = name.endswith(".csv")
    act, settings, _ = load_checked(DEMO / name, settings_file=DEMO / "settings.toml" if csv_in else None)
    inv = calculate(act, settings, library=library([str(DEMO / "factors.csv")] if csv_in else []))
    fast = _bytes(inventory_out.csv_table_arrow(inv))
    slow = _bytes(inventory_out.csv_table_pandas(inv))
    assert fast == slow
    rows = list(csv.DictReader(io.StringIO(fast.decode())))
    assert len(rows) == len(inv.row_order)
    first = rows[0]["source"]
    assert first == ("line 2" if name.endswith(".csv") else "Energy!D2")


def test_formula_text_inert_and_numbers(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit,source,notes\n"
                 "household,lpg,1,t,=SUM(A1),-x\n"
                 "household,lpg,2,t,@cmd,+1 plain\n"
                 "household,lpg,3,t,ok,\n", encoding="utf-8")
    act, settings, _ = load_checked(p, overrides={"inventory_year": 2023})
    inv = calculate(act, settings)
    text = inv.to_csv()
    assert text.encode() == _bytes(inventory_out.csv_table_pandas(inv))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["data_source"] for r in rows] == ["'=SUM(A1)", "'@cmd", "ok"]
    assert [r["notes"] for r in rows] == ["'-x", "'+1 plain", ""]
    assert [r["source"] for r in rows] == ["line 2", "line 3", "line 4"]
    # 1, 2, 3 t of LPG: CO2 in proportion to the amount (one factor for the three rows)
    co2 = [float(r["co2_t"]) for r in rows]
    assert co2[1] == pytest.approx(2 * co2[0]) and co2[2] == pytest.approx(3 * co2[0])


def test_non_text_category_falls_back_to_pandas(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit,notes\nhousehold,lpg,1,t,a\nhousehold,lpg,2,t,b\n", encoding="utf-8")
    act, settings, _ = load_checked(p, overrides={"inventory_year": 2023})
    act["notes"] = act["notes"].cat.rename_categories({"a": 7})          # a number among the notes
    inv = calculate(act, settings)
    with pytest.raises(inventory_out._NotText):
        inventory_out.csv_table_arrow(inv)
    rows = list(csv.DictReader(io.StringIO(inv.to_csv())))
    assert [r["notes"] for r in rows] == ["7", "b"]


@pytest.mark.parametrize("chunk,part", [(1, 1), (7, 3), (7, 50_000), (10_000, 5), (10_000, 50_000)])
def test_the_csv_written_in_chunks_is_the_csv_written_whole(monkeypatch, tmp_path, chunk, part):
    """The CSV is written CSV_CHUNK rows at a time (a table of millions is not held at once), each
    chunk formatted in parts of CSV_PART rows by two threads: the same bytes as the one-table
    CSV, with the uncertainty column too, and through a file."""
    act, settings, _ = load_checked(DEMO / "demo_city.xlsx")
    inv = calculate(act, settings)
    whole = _bytes(inventory_out.csv_table(inv)).decode()
    monkeypatch.setattr(inventory_out, "CSV_CHUNK", chunk)
    monkeypatch.setattr(inventory_out, "CSV_PART", part)
    monkeypatch.setattr(inventory_out.csv_tables_arrow, "__defaults__", (chunk,))
    assert inv.to_csv() == whole and len(inv.row_order) > 2 * 7
    inv.uncertainty("approach1")
    with_u = _bytes(inventory_out.csv_table(inv)).decode()
    assert "combined_uncertainty_pct" in with_u.splitlines()[0]
    inv.to_csv(tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_text(encoding="utf-8") == with_u == inv.to_csv()


def test_a_non_text_value_in_a_later_chunk_rewrites_the_file_through_pandas(monkeypatch, tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit,notes\n" + "".join(f"household,lpg,{i},t,n{i}\n" for i in range(1, 9)),
                 encoding="utf-8")
    act, settings, _ = load_checked(p, overrides={"inventory_year": 2023})
    act["notes"] = act["notes"].astype(object)
    act.loc[6, "notes"] = 7                                             # a number in the second chunk
    inv = calculate(act, settings)
    monkeypatch.setattr(inventory_out.csv_tables_arrow, "__defaults__", (4,))
    out = tmp_path / "out.csv"
    inv.to_csv(out)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["notes"] for r in rows] == ["n1", "n2", "n3", "n4", "n5", "n6", "7", "n8"]
    assert out.read_text(encoding="utf-8") == inv.to_csv() == _bytes(inventory_out.csv_table_pandas(inv)).decode()


def test_an_inventory_without_rows_writes_the_header_once(tmp_path):
    """A header-only input has no result rows: the CSV is its header line, once (with the
    uncertainty column when asked for), the same through a file."""
    p = tmp_path / "empty.csv"
    p.write_text("sector,activity,amount,unit\n", encoding="utf-8")
    act, settings, _ = load_checked(p, overrides={"inventory_year": 2023})
    inv = calculate(act, settings)
    assert len(inv.row_order) == 0
    header = ",".join(f'"{c}"' for c in inventory_out.CSV_COLUMNS) + "\n"
    assert inv.to_csv() == header == _bytes(inventory_out.csv_table(inv)).decode()
    inv.uncertainty("approach1")
    inv.to_csv(tmp_path / "out.csv")
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert text == header.rstrip("\n") + ',"combined_uncertainty_pct"\n' == inv.to_csv()


def test_factor_ids_from_a_user_factor_file_are_inert_in_the_csv(tmp_path):
    """A factor id is text from a user's factor file (or the workbook's Factors sheet): one shaped
    like a formula went into the CSV as it was, which a spreadsheet runs."""
    factors = tmp_path / "mine.csv"
    factors.write_text("# source mysrc: a city survey\n"
                       "factor_id,activity,gas,value,unit,sector,subsector,variant,region,valid_from,valid_to,"
                       "edition,low,high,source,source_ref,notes\n"
                       '"=HYPERLINK(""http://x"")",lpg,CO2,63100,kg/TJ,,,,default,2006,,2006,,,mysrc,survey,\n',
                       encoding="utf-8")
    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,10,t\n", encoding="utf-8")
    from ghgkit.factors import FactorLibrary

    act, settings, _ = load_checked(p, overrides={"inventory_year": 2023})
    inv = calculate(act, settings, library=FactorLibrary.default().with_overrides(factors))
    text = inv.to_csv()
    assert text.encode() == _bytes(inventory_out.csv_table_pandas(inv))
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["factor_ids"].startswith("'=HYPERLINK(") and "st_res_lpg_ch4" in row["factor_ids"]


@pytest.mark.parametrize("n_tiny, n_normal", [(1, 1), (3, 50), (2500, 10)])
def test_json_rows_keep_every_digit_of_tiny_values(tmp_path, n_tiny, n_normal):
    """A review: JSON rows were written to 15 decimal places, so 2.95e-14 t N2O (1e-9 t of charcoal)
    was 0.00000000000003 (1.7 % off) and its CO2e 0.000000000173018. A row with a value below a gram
    is now written with every digit, between rows pandas writes (a few) or over them (many); the
    JSON's rows equal the inventory's, row for row, in order."""
    import json

    from ghgkit.io.settings import parse_set_options

    lines = ["household,,charcoal,1e-9,t,tiny"] * n_tiny + ["household,,lpg,5,t,normal"] * n_normal
    order = [lines[i // 2] if i % 2 == 0 else lines[-1 - i // 2] for i in range(len(lines))]   # interleaved
    p = tmp_path / "a.csv"
    p.write_text("sector,subsector,activity,amount,unit,source\n" + "\n".join(order) + "\n")
    act, st, _ = load_checked(p, overrides=parse_set_options(["inventory_year=2023"]))
    inv = calculate(act, st)
    rows = json.loads(inv.to_json())["rows"]
    expect = inventory_out.to_dict(inv)["rows"]
    assert len(rows) == len(expect) == len(order)
    assert [r["data_source"] for r in rows] == [e["data_source"] for e in expect]
    for r, e in zip(rows, expect):
        for k, v in e.items():
            if isinstance(v, float) and abs(v) < 1e-6:
                assert r[k] == v                                       # every digit
            elif isinstance(v, float):
                assert r[k] == pytest.approx(v, rel=1e-12, abs=1e-15)
            else:
                assert r[k] == v
    tiny = next(r for r in rows if r["data_source"] == "tiny")
    assert tiny["n2o_t"] == pytest.approx(2.95e-14, rel=1e-12)        # 1e-12 Gg × 29.5 TJ/Gg × 1 kg/TJ


def test_minus_zero_is_zero_in_every_output(tmp_path):
    """'-0' (or a formula's -0.0) is an amount of zero: no output shows a minus sign for it."""
    import json

    import openpyxl

    p = tmp_path / "a.csv"
    p.write_text("sector,activity,amount,unit\nhousehold,lpg,-0,kg\nhousehold,lpg,-0.0e3,kg\n"
                 "household,lpg,2,kg\n", encoding="utf-8")
    act, settings, _ = load_checked(p, overrides={"inventory_year": 2023})
    inv = calculate(act, settings)
    rows = list(csv.DictReader(io.StringIO(inv.to_csv())))
    assert [r["amount"] for r in rows] == ["0", "0", "2"]
    assert not any(v.startswith("-") for r in rows for v in r.values())
    data = json.loads(inv.to_json())
    assert all(not str(v).startswith("-") for r in data["rows"] for v in r.values())
    # a workbook's numeric cell holding -0.0 (the example template's first Energy row)
    from ghgkit.io.template import write_template

    x = tmp_path / "city.xlsx"
    write_template(x, example=True)
    wb = openpyxl.load_workbook(x)
    wb["Energy"]["D2"] = -0.0
    wb.save(x)
    act, settings, _ = load_checked(x)
    inv = calculate(act, settings)
    first = next(r for r in csv.DictReader(io.StringIO(inv.to_csv())) if r["source"] == "Energy!D2")
    assert first["amount"] == "0" and first["co2e_t"] == "0"
