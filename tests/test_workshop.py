"""The workshop kit (`ghgkit workshop`): answer keys recomputed by hand, planted mistakes
refused at their cells, and the committed copy (examples/workshop, docs/workshop) not stale.

The hand calculations read the amounts from the corrected workbooks with openpyxl and the
factors straight from the CSV tables (not through ghgkit), and write the IPCC equations out.
"""

from __future__ import annotations

import csv
import json
import math
import tomllib
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from ghgkit.cli import main
from ghgkit.workshop import write_kit
from ghgkit.workshop.cases import exercises
from ghgkit.workshop.workbooks import write_workbook

ROOT = Path(__file__).resolve().parents[1]
EF_DIR = ROOT / "emission_factors"
COMMITTED = ROOT / "examples" / "workshop"
DOCS = ROOT / "docs" / "workshop"
#: IPCC AR5 WG1 Table 8.A.1, GWP100 (the published values)
AR5 = {"CO2": 1.0, "CH4": 28.0, "N2O": 265.0}
REL = 1e-9
EXERCISES = {ex.slug: ex for ex in exercises()}


def _table(name: str, key: str) -> dict[str, dict]:
    with open(EF_DIR / name, encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r[key]: r for r in rows}


FUEL = _table("fuel_properties.csv", "property_id")
STAT = _table("stationary_combustion.csv", "factor_id")
MOBILE = _table("mobile_combustion.csv", "factor_id")
WASTE = _table("waste_parameters.csv", "param_id")


def v(table: dict, key: str) -> float:
    return float(table[key]["value"])


def close(a, b, rel=REL):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kit") / "kit"
    write_kit(out)
    return out


def expected(kit: Path, slug: str) -> dict:
    return json.loads((kit / slug / "expected.json").read_text(encoding="utf-8"))


def sheet_rows(path: Path, sheet: str) -> list[dict]:
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    it = ws.iter_rows(values_only=True)
    head = next(it)
    return [dict(zip(head, r)) for r in it if any(x is not None for x in r)]


# -- (a) stationary fuel -------------------------------------------------------------------
SECTOR_PREFIX = {"building": "st_com", "industry": "st_ind", "agriculture": "st_agr", "household": "st_res"}


def test_stationary_fuel_key_by_hand(kit):
    exp = expected(kit, "01_stationary_fuel")
    rows = sheet_rows(kit / "01_stationary_fuel" / "corrected.xlsx", "Energy")
    assert len(rows) == len(exp["rows"]) == 4
    total = 0.0
    for r, e in zip(rows, exp["rows"]):
        fuel = r["activity"]
        if r["unit"] == "L":
            # litres ÷ (L/t) = t; the UNSD table prints litres per tonne
            tonnes = r["amount"] / v(FUEL, f"density_{fuel}")
        else:
            assert r["unit"] == "kg"
            tonnes = r["amount"] / 1000.0
        tj = tonnes * v(FUEL, f"ncv_{fuel}") / 1000.0          # NCV in TJ/Gg; 1 Gg = 1000 t
        assert close(tj, e["energy_tj"])
        pre = SECTOR_PREFIX[r["sector"]]
        gases = {g: tj * v(STAT, f"{pre}_{fuel}_{g.lower()}") / 1000.0 for g in ("CO2", "CH4", "N2O")}  # Eq. 2.1
        assert close(gases["CO2"], e["co2_t"]) and close(gases["CH4"], e["ch4_t"]) and close(gases["N2O"], e["n2o_t"])
        co2e = sum(gases[g] * AR5[g] for g in gases)
        assert close(co2e, e["co2e_t"])
        total += co2e
    assert close(total, exp["totals"]["co2e_t"])
    # the hospital's 12,000 L of diesel, written out: 12000 / 1149 t × 0.043 TJ/t × 74100 kg/TJ / 1000
    assert close(exp["rows"][0]["co2_t"], 12000 / 1149 * 43.0 / 1000 * 74100 / 1000)
    # same litre, different sector, different CH4 factor: commercial 10 vs industry 3 kg/TJ (Tables 2.4, 2.3)
    assert exp["rows"][0]["ch4_t"] / exp["rows"][0]["energy_tj"] > exp["rows"][1]["ch4_t"] / exp["rows"][1]["energy_tj"]


# -- (b) grid electricity -------------------------------------------------------------------
def test_grid_electricity_key_by_hand(kit):
    exp = expected(kit, "02_grid_electricity")
    demo = tomllib.loads((ROOT / "examples" / "demo_city" / "settings.toml").read_text(encoding="utf-8"))
    ef, loss = demo["grid_ef"], demo["td_loss_rate"]
    rows = sheet_rows(kit / "02_grid_electricity" / "corrected.xlsx", "Energy")
    s2 = s3 = 0.0
    for r in rows:
        mwh = r["amount"] / (1000.0 if r["unit"] == "kWh" else 1.0)
        cell = f"Energy!D{rows.index(r) + 2}"
        got = {e["scope"]: e for e in exp["rows"] if e["cell"] == cell}
        assert close(got[2]["co2_t"], mwh * ef)
        assert close(got[3]["co2_t"], mwh * loss / (1 - loss) * ef)      # losses behind the consumption
        s2 += mwh * ef
        s3 += mwh * loss / (1 - loss) * ef
    assert close(exp["by_scope"]["2"], s2) and close(exp["by_scope"]["3"], s3)
    assert close(exp["totals"]["basic_co2e_t"], s2)                     # T&D losses are outside BASIC
    assert close(exp["totals"]["basic_plus_co2e_t"], s2 + s3)
    # 1,350,000 kWh × 0.6 t/MWh = 810 t, and its losses 1350 × 0.08/0.92 × 0.6
    assert close(s2, (4200 + 1350 + 2800) * 0.6) and close(s3, (4200 + 1350 + 2800) * 0.08 / 0.92 * 0.6)


# -- (c) landfill FOD -----------------------------------------------------------------------
def test_landfill_key_by_hand(kit):
    exp = expected(kit, "03_landfill_fod")
    rows = sheet_rows(kit / "03_landfill_fod" / "corrected.xlsx", "Waste")
    f, ox = v(WASTE, "f_ch4_fraction"), v(WASTE, "ox_default")
    mcf, docf = v(WASTE, "mcf_swds_managed_anaerobic"), v(WASTE, "docf_default")
    assert v(WASTE, "delay_months_default") == 6
    gen = {2021: 0.0, 2022: 0.0, 2023: 0.0}
    for comp in ("food", "paper"):
        doc, k = v(WASTE, f"doc_wet_{comp}"), v(WASTE, f"k_{comp}_tropical_wet")
        w = {int(r["year"]): r["amount"] for r in rows if r["activity"] == comp}
        d = {y: w[y] * doc * docf * mcf for y in w}                                   # Eq. 3.2
        # six-month delay: a deposit starts to decay on 1 January of the next year (Eq. 3.4, 3.5)
        acc_2021 = d[2021]
        acc_2022 = d[2022] + acc_2021 * math.exp(-k)
        dec = {2021: 0.0, 2022: acc_2021 * (1 - math.exp(-k)), 2023: acc_2022 * (1 - math.exp(-k))}
        by_year = {r["year"]: r for r in exp["landfill"]["components"][comp]}
        for y in dec:
            ch4 = dec[y] * f * 16.0 / 12.0                                                # Eq. 3.6
            assert close(by_year[y]["ch4_generated_t"], ch4)
            gen[y] += ch4
        # the 2023 methane written out for the first deposit: DDOCm_2021 × e^-k × (1 − e^-k)
        assert close(dec[2023], d[2021] * math.exp(-k) * (1 - math.exp(-k)) + d[2022] * (1 - math.exp(-k)))
    for e in exp["landfill"]["years"]:
        assert close(e["ch4_generated_t"], gen[e["year"]])
        assert close(e["ch4_emitted_t"], gen[e["year"]] * (1 - ox))                     # Eq. 3.1, R = 0
    assert gen[2021] == 0.0
    assert close(exp["totals"]["ch4_t"], gen[2023] * (1 - ox))
    assert close(exp["totals"]["co2e_t"], gen[2023] * (1 - ox) * AR5["CH4"])


# -- (d) the fuel-switch project -----------------------------------------------------------
def test_project_key_by_hand(kit):
    exp = expected(kit, "04_project_fuel_switch")
    ws = openpyxl.load_workbook(kit / "04_project_fuel_switch" / "corrected.xlsx", read_only=True)["Parameters"]
    p = {r[0]: (r[1], r[2]) for r in ws.iter_rows(min_row=2, values_only=True) if r[0] and r[1] is not None}
    n = p["households"][0]
    assert p["project_fuel_per_household"][1] == "kg/yr" and p["baseline_stove_efficiency"][1] == "%"
    lpg_t = n * p["project_fuel_per_household"][0] / 1000.0
    fc_pj = lpg_t * v(FUEL, "ncv_lpg") / 1000.0                                     # TJ/Gg → TJ/t
    ue = fc_pj * p["project_stove_efficiency"][0] / 100.0
    fc_bl = ue / (p["baseline_stove_efficiency"][0] / 100.0)

    def ef(fuel):  # t CO2e/TJ from kg/TJ, residential (Table 2.5)
        return sum(v(STAT, f"st_res_{fuel}_{g.lower()}") * AR5[g] for g in AR5) / 1000.0

    be, pe = fc_bl * ef("kerosene"), fc_pj * ef("lpg")
    # leakage: 3,000 L of diesel in trucks: L ÷ (L/t) × TJ/Gg ÷ 1000 × on-road kg/TJ
    tj = 3000 / v(FUEL, "density_diesel") * v(FUEL, "ncv_diesel") / 1000.0
    le_exact = sum(tj * v(MOBILE, f"road_diesel_{g.lower()}") / 1000.0 * AR5[g] for g in AR5)
    assert close(exp["leakage"]["t_co2e"], le_exact)
    le = round(le_exact, 2)
    assert p["leakage"][0] == le > 0
    per = exp["per_year"]
    assert close(per["project_fuel_tj"], fc_pj) and close(per["baseline_fuel_tj"], fc_bl)
    for y in exp["years"]:
        assert close(y["baseline_t"], be) and close(y["project_t"], pe) and close(y["leakage_t"], le)
        assert close(y["reduction_t"], be - pe - le)
    assert close(exp["totals"]["reduction_t"], 3 * (be - pe - le))


# -- (e) the secretariat's check --------------------------------------------------------------
ROAD = {"gasoline": "road_gasoline", "diesel": "road_diesel"}


def test_submission_key_by_hand(kit):
    exp = expected(kit, "05_validate_submission")
    demo = tomllib.loads((ROOT / "examples" / "demo_city" / "settings.toml").read_text(encoding="utf-8"))
    ef, loss = demo["grid_ef"], demo["td_loss_rate"]
    wb = kit / "05_validate_submission" / "corrected.xlsx"
    scope = {1: 0.0, 2: 0.0, 3: 0.0}
    mwh_total = 0.0
    for sheet in ("Energy", "Transport"):
        for r in sheet_rows(wb, sheet):
            if r["amount"] is None:
                assert r["notation_key"] in ("IE", "NE") and r["notes"]
                continue
            if r["activity"] == "electricity":
                assert r["unit"] == "MWh"
                mwh_total += r["amount"]
                scope[2] += r["amount"] * ef
                scope[3] += r["amount"] * loss / (1 - loss) * ef
                continue
            fuel = r["activity"]
            tonnes = r["amount"] / v(FUEL, f"density_{fuel}") if r["unit"] == "L" else r["amount"]
            tj = tonnes * v(FUEL, f"ncv_{fuel}") / 1000.0
            if sheet == "Transport":
                efs = {g: v(MOBILE, f"{ROAD[fuel]}_{g.lower()}") for g in AR5}          # Table 3.2.1, 3.2.2
            else:
                efs = {g: v(STAT, f"{SECTOR_PREFIX[r['sector']]}_{fuel}_{g.lower()}") for g in AR5}
            scope[1] += sum(tj * efs[g] / 1000.0 * AR5[g] for g in AR5)
    assert close(exp["by_scope"]["1"], scope[1]) and close(exp["by_scope"]["2"], scope[2])
    assert close(exp["by_scope"]["3"], scope[3])
    assert close(exp["totals"]["basic_co2e_t"], scope[1] + scope[2])
    assert close(exp["totals"]["co2e_t"], sum(scope.values()))
    # the pasted row: residential 5,200 MWh written over commercial 2,100 MWh; the year slip changes no number
    key = (kit / "05_validate_submission" / "answer_key.md").read_text(encoding="utf-8")
    extra = (5200 - 2100) * ef
    from ghgkit.workshop.render import num

    assert f"| BASIC | {num(scope[1] + scope[2] + extra)} | {num(scope[1] + scope[2])} | {num(extra)} |" in key
    extra_all = extra * (1 + loss / (1 - loss))
    assert f"| all scopes | {num(sum(scope.values()) + extra_all)} | {num(sum(scope.values()))} | {num(extra_all)} |" \
        in key


# -- the keys agree with ghgkit run on the corrected workbooks --------------------------------
@pytest.mark.parametrize("slug", [s for s, e in EXERCISES.items() if e.kind == "inventory"])
def test_corrected_workbook_computes_to_the_key(kit, slug):
    res = CliRunner().invoke(main, ["calc", str(kit / slug / "corrected.xlsx"), "--format", "json"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    exp = expected(kit, slug)
    for k in ("co2e_t", "basic_co2e_t", "basic_plus_co2e_t", "ch4_t"):
        assert close(got["totals"][k], exp["totals"][k])
    from ghgkit.validation.batch import validate_file

    assert validate_file(kit / slug / "corrected.xlsx").errors == 0


def test_corrected_project_computes_to_the_key(kit):
    slug = "04_project_fuel_switch"
    res = CliRunner().invoke(main, ["project", "estimate", str(kit / slug / "corrected.xlsx"), "--format", "json"])
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    exp = expected(kit, slug)
    assert [y["year"] for y in got["years"]] == [y["year"] for y in exp["years"]]
    assert close(got["totals"]["reduction_t"], exp["totals"]["reduction_t"])
    assert close(got["totals"]["leakage_t"], exp["totals"]["leakage_t"])


# -- planted mistakes: refused at their cell ------------------------------------------------
MISTAKES = [(slug, i) for slug, ex in EXERCISES.items() for i in range(len(ex.mistakes))]


def _run(ex, path):
    args = ["calc", str(path)] if ex.kind == "inventory" else ["project", "estimate", str(path)]
    return CliRunner().invoke(main, args)


@pytest.mark.parametrize("slug,i", MISTAKES)
def test_each_planted_mistake_is_refused_at_its_cell(tmp_path, slug, i):
    ex = EXERCISES[slug]
    m = ex.mistakes[i]
    path = write_workbook(ex, tmp_path / "one_mistake.xlsx", [m])
    res = _run(ex, path)
    assert "Traceback" not in res.output
    if m.refused:
        assert res.exit_code == 2, res.output
        assert f"one_mistake.xlsx:{m.cell}:" in res.output
        assert m.message in res.output
    else:                                      # calc cannot see it: it computes (the total is wrong)
        assert res.exit_code == 0, res.output
    if ex.kind == "inventory":
        from ghgkit.validation.batch import validate_file

        severity = "error" if m.refused else "warning"
        found = [(f.code, f.place, f.message) for f in validate_file(path).findings if f.severity == severity]
        assert any(c == m.validate_code and p == m.validate_cell for c, p, _ in found), found
        if not m.refused:
            assert any(m.message in msg for c, p, msg in found if p == m.cell)


@pytest.mark.parametrize("slug", list(EXERCISES))
def test_trainee_workbook_is_refused(kit, slug):
    ex = EXERCISES[slug]
    res = _run(ex, kit / slug / "trainee.xlsx")
    assert res.exit_code == 2
    assert any(f"trainee.xlsx:{m.cell}:" in res.output for m in ex.mistakes)
    key = (kit / slug / "answer_key.md").read_text(encoding="utf-8")
    assert res.output.strip().replace(str(kit / slug / "trainee.xlsx"), "trainee.xlsx") in key
    if ex.kind == "inventory":
        res = CliRunner().invoke(main, ["validate", str(kit / slug / "trainee.xlsx")])
        assert res.exit_code == 1
        # every mistake a row rule can see is listed in one pass
        for m in ex.mistakes:
            if m.validate_code != "CALC-001":
                assert f"{m.validate_code}" in res.output and f"{m.validate_cell}: " in res.output
    assert any(m.refused for m in ex.mistakes)


def test_mistakes_are_distinct_and_the_corrected_workbook_has_none():
    for ex in EXERCISES.values():
        assert 3 <= len(ex.mistakes) <= 5
        assert len({m.cell + str(m.wrong) for m in ex.mistakes}) == len(ex.mistakes)
        rows, settings, params = ex.content()
        for m in ex.mistakes:                   # the corrected value differs from the planted one
            current = (settings if m.sheet == "Settings" else params[m.row] if m.sheet == "Parameters"
                       else rows[m.sheet][m.row])
            assert any(current.get(k) != w for k, w in m.wrong.items())


# -- the kit's pages ---------------------------------------------------------------------------
def test_kit_files_and_pages(kit):
    for slug in EXERCISES:
        for name in ("trainee.xlsx", "corrected.xlsx", "exercise.md", "answer_key.md", "answer_key.html",
                     "expected.json"):
            assert (kit / slug / name).is_file()
        html = (kit / slug / "answer_key.html").read_text(encoding="utf-8")
        assert "<script" not in html and "src=" not in html
        for pid in EXERCISES[slug].equations:
            assert (kit / "equations" / f"{pid}.md").is_file()
    text = (kit / "01_stationary_fuel" / "answer_key.md").read_text(encoding="utf-8")
    assert "Vol. 2 Ch. 1 Table 1.2" in text and "Vol. 2 Ch. 2 Table 2.4" in text and "st_com_diesel_ch4" in text
    for page in (kit / "equations").glob("*.md"):
        body = page.read_text(encoding="utf-8")
        assert page.name == "README.md" or "**Reference:**" in body


def test_workshop_refuses_a_non_empty_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    res = CliRunner().invoke(main, ["workshop", "-o", str(tmp_path)])
    assert res.exit_code == 2 and "not empty" in res.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    f = tmp_path / "notes.txt"
    res = CliRunner().invoke(main, ["workshop", "-o", str(f)])
    assert res.exit_code == 2 and f.read_text() == "mine"


# -- the committed copy is what ghgkit generates today ------------------------------------------
def _cells(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def _same_numbers(a, b) -> bool:
    """Equal JSON, floats to 1e-12 relative (np.exp and summation order may move the 17th digit)."""
    if isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
            return False
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same_numbers(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same_numbers, a, b))
    return a == b


REGENERATE = ("regenerate with: ghgkit workshop -o examples/workshop --force && python -c \"from ghgkit.workshop "
              "import write_equation_pages; write_equation_pages('docs/workshop')\"")


def test_committed_kit_is_not_stale(kit):
    fresh = sorted(p.relative_to(kit) for p in kit.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(COMMITTED) for p in COMMITTED.rglob("*") if p.is_file())
    assert fresh == committed, REGENERATE
    for rel in fresh:
        a, b = kit / rel, COMMITTED / rel
        if rel.suffix == ".xlsx":                # a workbook stores its creation time: compare the cells
            assert _cells(a) == _cells(b), f"{rel} differs; {REGENERATE}"
        elif rel.suffix == ".json":              # full-precision floats: the last bit follows numpy and the CPU
            assert _same_numbers(json.loads(a.read_text(encoding="utf-8")),
                                 json.loads(b.read_text(encoding="utf-8"))), f"{rel} differs; {REGENERATE}"
        else:
            assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8"), f"{rel} differs; {REGENERATE}"


def test_docs_equation_pages_are_not_stale(kit):
    fresh = {p.name: p.read_text(encoding="utf-8") for p in (kit / "equations").glob("*.md")}
    docs = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    assert fresh == docs, REGENERATE


def test_workshop_force_writes_into_a_used_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    res = CliRunner().invoke(main, ["workshop", "-o", str(tmp_path), "--force"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert (tmp_path / "05_validate_submission" / "answer_key.html").is_file()


# -- properties of the keys' arithmetic ----------------------------------------------------------
@hsettings(max_examples=60, deadline=None)
@given(deposits=st.lists(st.floats(0, 1e6), min_size=1, max_size=8),
       doc=st.floats(0, 0.5), k=st.floats(0.01, 0.7), mcf=st.sampled_from([0.4, 0.5, 0.8, 1.0]))
def test_fod_by_hand_equals_ghgkit_fod(deposits, doc, k, mcf):
    """The year-by-year recursion of the answer key is ghgkit's FOD (Eq. 3.4-3.6, six-month delay)."""
    from ghgkit.sectors.waste import fod_ch4_generated
    from ghgkit.workshop.keys import fod_by_hand

    hand = [row[4] for row in fod_by_hand(deposits, doc, 0.5, mcf, k, 0.5)]
    years = list(range(2000, 2000 + len(deposits)))
    fast = fod_ch4_generated(deposits, years, doc, 0.5, mcf, k, delay_months=6, f=0.5)
    for a, b in zip(hand, fast):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    assert hand[0] == 0.0                                    # nothing decays in the year of disposal
    # conservation: carbon decomposed + carbon left = carbon deposited
    table = fod_by_hand(deposits, doc, 0.5, mcf, k, 0.5)
    deposited = sum(r[0] for r in table)
    assert math.isclose(sum(r[3] for r in table) + table[-1][2], deposited, rel_tol=1e-9, abs_tol=1e-6)


@pytest.mark.parametrize("amount,unit", [(12000, "L"), (12, "m3"), (12, "kL")])
def test_key_does_not_depend_on_the_volume_unit(tmp_path, amount, unit):
    """12,000 L, 12 m3 and 12 kL of the hospital's diesel give the same key numbers."""
    from ghgkit.workshop.keys import build_key

    ex = exercises()[0]
    ex.rows["Energy"][0].update(amount=amount, unit=unit)
    write_workbook(ex, tmp_path / "corrected.xlsx")
    write_workbook(ex, tmp_path / "trainee.xlsx", ex.mistakes)
    _, exp = build_key(ex, tmp_path / "corrected.xlsx", tmp_path / "trainee.xlsx")
    assert close(exp["rows"][0]["co2e_t"], 12000 / 1149 * 43.0 / 1000 * (74100 + 10 * 28 + 0.6 * 265) / 1000)


def test_a_key_that_disagrees_with_ghgkit_writes_nothing(tmp_path, monkeypatch):
    """A key whose arithmetic differs from ghgkit's result is refused, and the folder is left as it was."""
    from ghgkit.workshop import keys

    real = keys._same

    def off_by_a_bit(hand, value, what):
        return real(hand * (1 + 1e-6) if "landfill" in what else hand, value, what)

    monkeypatch.setattr(keys, "_same", off_by_a_bit)
    out = tmp_path / "kit"
    with pytest.raises(keys.KeyMismatch, match="landfill"):
        write_kit(out)
    assert not out.exists() or not any(out.iterdir())
    assert [p.name for p in tmp_path.iterdir() if p.name != "kit"] == []     # no temporary folder left
