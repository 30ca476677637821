"""Template drop-downs only offer what calc accepts (issue 10).

Every value of every drop-down of every sheet is written into a copy of the example
workbook (openpyxl), with a plausible row around it, and ``calc`` must accept it.
"""

import re

import openpyxl
import pytest

import ghgkit
from ghgkit.io.template import write_template
from ghgkit.schema import ACTIVITY_COLUMNS, SUBSECTORS

COL = {c: i + 1 for i, c in enumerate(ACTIVITY_COLUMNS)}


def _lists(wb) -> dict[str, list[str]]:
    """Named list -> its values, read back from the hidden Lists sheet."""
    out = {}
    for name, dn in wb.defined_names.items():
        (sheet, ref), = dn.destinations
        cells = wb[sheet][ref.replace("$", "")]
        out[name] = [str(c[0].value) for c in cells]
    return out


def _dropdowns(wb) -> dict[tuple[str, str], dict[str, list[str]]]:
    """(sheet, column) -> {subsector or '': values} for every list validation."""
    lists = _lists(wb)
    out = {}
    for ws in wb.worksheets:
        head = {ws.cell(1, c).value: c for c in range(1, ws.max_column + 1)}
        for dv in ws.data_validations.dataValidation:
            if dv.type != "list":
                continue
            col = openpyxl.utils.cell.coordinate_from_string(str(dv.sqref).split(":")[0])[0]
            colname = ws[f"{col}1"].value if ws.title != "Settings" else ws[f"A{str(dv.sqref)[1:]}"].value
            f = dv.formula1
            m = re.fullmatch(r'INDIRECT\("(list_\w+__)"&\$B2\)', f)
            if m:
                vals = {k[len(m.group(1)):]: v for k, v in lists.items() if k.startswith(m.group(1))}
            else:
                assert f in lists, f"{ws.title}!{dv.sqref}: drop-down {f} is not a named list"
                vals = {"": lists[f]}
            out[(ws.title, colname)] = vals
        del head
    return out


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("t") / "city.xlsx"
    return write_template(path, example=True)


def test_every_dropdown_is_a_named_list_from_the_calc_vocabularies(template):
    wb = openpyxl.load_workbook(template)
    dd = _dropdowns(wb)
    assert set(dd[("Waste", "method")]) == {"landfill", "composting", "anaerobic_digestion", "incineration"}
    assert "managed_anaerobic" not in dd[("Waste", "method")]["composting"]       # was offered before
    assert dd[("Waste", "method")]["composting"] == ["wet", "dry"]
    for bare in ("latrine", "lagoon", "centralised_aerobic", "untreated_discharge"):
        assert bare not in dd[("Wastewater", "method")]["domestic"]           # were offered, calc refuses them
    assert "jet_kerosene" not in dd[("Energy", "activity")][""]                # no stationary factor
    assert dd[("Transport", "activity")]["aviation"][:2] == ["jet_kerosene", "aviation_gasoline"]


def _row(ws, r, **values):
    for k, v in values.items():
        ws.cell(r, COL[k], v)


def test_calc_accepts_every_dropdown_value(template, tmp_path):
    wb = openpyxl.load_workbook(template)
    dd = _dropdowns(wb)
    rows = {name: wb[name].max_row + 1 for name in ("Energy", "Transport", "Waste", "Wastewater")}
    tried = 0

    def add(sheet, **values):
        nonlocal tried
        ws = wb[sheet]
        _row(ws, rows[sheet], **values)
        rows[sheet] += 1
        tried += 1

    # Energy: every sector with diesel, every fuel in households
    for sector in dd[("Energy", "sector")][""]:
        add("Energy", sector=sector, activity="diesel", amount=1, unit="GJ")
    for act in dd[("Energy", "activity")][""]:
        add("Energy", sector="household", activity=act, amount=1, unit="MWh" if act == "electricity" else "GJ")
    # Transport: every subsector x its activities and methods
    for sub, acts in dd[("Transport", "activity")].items():
        for act in acts:
            add("Transport", sector="transport", subsector=sub, activity=act, amount=1,
                unit="MWh" if act == "electricity" else "GJ", method="fuel_sales")
    fws = wb["Factors"]
    fcol = {fws.cell(1, c).value: c for c in range(1, fws.max_column + 1)}
    for sub, methods in dd[("Transport", "method")].items():
        fuel = dd[("Transport", "activity")][sub][0]
        for m in methods:
            vkt = m == "vkt"
            if vkt:     # the accompanying row: the fuel economy of a vehicle class of this subsector
                r = fws.max_row + 1
                for k, v in dict(property_id=f"fe_test_{sub}", activity=f"test_{sub}_class", property="fuel_economy",
                                 fuel=fuel, value=10, unit="L/100km", source="test").items():
                    fws.cell(r, fcol[k], v)
            add("Transport", sector="transport", subsector=sub, method=m,
                activity=f"test_{sub}_class" if vkt else fuel, amount=1000 if vkt else 1, unit="km" if vkt else "GJ")
    # Waste and wastewater: every subsector x its activities and methods
    first_method = {s: v[0] for s, v in dd[("Waste", "method")].items()}
    # one landfill history year per row, scope 3 (sent outside): no duplicate of the demo's histories
    years = iter(range(1991, 2023))
    for sub, acts in dd[("Waste", "activity")].items():
        for act in acts:
            add("Waste", sector="waste", subsector=sub, activity=act, amount=100,
                unit="persons" if act == "population" else "t", year=next(years) if sub == "landfill" else None,
                method=first_method.get(sub), scope=3)
    for sub, methods in dd[("Waste", "method")].items():
        for m in methods:
            add("Waste", sector="waste", subsector=sub, activity="food", amount=100, unit="t",
                year=next(years) if sub == "landfill" else None, method=m, scope=3)
    for sub in SUBSECTORS["wastewater"]:
        for act in dd[("Wastewater", "activity")][sub]:
            for m in dd[("Wastewater", "method")][sub]:
                add("Wastewater", sector="wastewater", subsector=sub, activity=act, amount=1000,
                    unit="persons" if act == "population" else "t", method=m)
    # the closed columns shared by all sheets: notation keys, data quality, scopes, units
    for key in dd[("Energy", "notation_key")][""]:
        add("Energy", sector="industry", activity="coal", notation_key=key)
    for q in dd[("Energy", "data_quality")][""]:
        add("Energy", sector="industry", activity="lpg", amount=1, unit="GJ", data_quality=q)
    scope_rows = {"1": ("Energy", dict(sector="industry", activity="lpg", unit="GJ")),
                  "2": ("Energy", dict(sector="industry", activity="electricity", unit="MWh")),
                  "3": ("Transport", dict(sector="transport", subsector="aviation", activity="jet_kerosene",
                                          unit="GJ", method="fuel_sales"))}
    for s in dd[("Energy", "scope")][""]:
        sheet, row = scope_rows[s]
        add(sheet, amount=1, scope=int(s), **row)
    unit_rows = {"energy": ("Energy", dict(sector="household", activity="electricity")),
                 "volume": ("Energy", dict(sector="household", activity="diesel")),
                 "mass": ("Energy", dict(sector="household", activity="diesel")),
                 "distance": ("Transport", dict(sector="transport", subsector="on_road", activity="city_bus_diesel",
                                                method="vkt")),
                 "population": ("Wastewater", dict(sector="wastewater", subsector="domestic", activity="population",
                                                   method="septic_tank"))}
    from ghgkit.units import parse_unit
    for u in dd[("Energy", "unit")][""]:
        sheet, row = unit_rows[parse_unit(u).dimension]
        add(sheet, amount=10, unit=u, **row)
    out = tmp_path / "filled.xlsx"
    wb.save(out)

    overrides = {"msw_composition": "food=0.5, paper=0.2, plastics=0.1, inert=0.2", "fraction_burning": 0.3,
                 "fraction_burnt": 0.5, "msw_per_capita_kg_day": 0.8, "doc_msw": 0.15,
                 "protein_kg_per_person_yr": 25,
                 # nappies and rubber_leather have no default decay rate (IPCC 2006 Vol. 5 Table 3.3 gives
                 # none): a landfill row of them needs k, the accompanying setting
                 "k": 0.1}
    activity, settings = ghgkit.load(out, overrides=overrides)
    inv = ghgkit.calculate(activity, settings)       # raises, naming the cell, if any value is refused
    assert len(inv.rows) >= tried
    # the calculator contract over every subsector, activity and method: each row group carries
    # typed provenance, and the report reads it (no id is looked up again)
    from ghgkit.provenance import FactorUse
    from ghgkit.reports.model import build_report

    assert all(isinstance(u, FactorUse) for i in inv.info for u in i["uses"])
    data = build_report(inv)
    cited = [f for c in data.calc for f in c["factors"]]
    assert cited and all(f.kind in ("emission factor", "fuel property", "parameter", "setting") for f in cited)
    assert {f.id for f in data.factors} >= {f.id for f in cited}
    # the Settings drop-downs: every value is accepted by the settings, and by calc where it matters
    from ghgkit.io.settings import build_settings
    waste = activity[activity["sector"].astype(str).isin(["waste", "wastewater"])]
    for key, values in ((k, v[""]) for (sheet, k), v in dd.items() if sheet == "Settings"):
        for v in values:
            build_settings(({"inventory_year": 2023, key: v}, "Settings"))
            if key in ("bod_region", "edition", "climate_zone"):
                s2 = settings.model_copy(deep=True)
                setattr(s2, key, v)
                ghgkit.calculate(waste, s2)
