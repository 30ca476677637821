"""The workshop exercises: small cases, and the mistakes planted in the trainees' copies.

Each :class:`Exercise` holds the *corrected* content of its workbook (activity rows per
sheet and settings, or a co-operation project's parameters) and a list of
:class:`Mistake` objects. A mistake replaces one or two cells with what a trainee
might have typed; ``cell`` is the cell ghgkit names when it refuses the workbook.

Only activity data and project data are written here (amounts, years, counts: the
case). Every factor and parameter comes from ghgkit's own tables when the answer key
is computed; the grid factor and loss rate, which ghgkit deliberately does not ship,
are those of the demo city (``examples/demo_city/settings.toml``, with its source),
and the fuel-switch project data those of ``examples/projects/fuel_switch_toyama_semarang.yaml``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache

from ghgkit.io.importers import col_letter
from ghgkit.schema import ACTIVITY_COLUMNS

#: the kit's case is set in the demo city (fictional); every amount is illustrative
ILLUSTRATIVE = "illustrative workshop case"


@dataclass(frozen=True)
class Mistake:
    """One planted mistake.

    Attributes
    ----------
    sheet : str
        ``Energy``, ``Waste`` …, ``Settings``, or ``Parameters`` (project workbook).
    row : int or str
        Activity sheets: the 0-based row of that sheet's rows; ``Settings``: the key;
        ``Parameters``: the parameter name.
    wrong : dict
        Column (or ``value``/``unit``/``source`` for parameters) -> what is typed.
    cell : str
        The cell ghgkit names when it refuses the workbook, e.g. ``Energy!D2``.
    message : str
        A part of ghgkit's message (what the trainer sees when running ``ghgkit calc``).
    validate_code : str or None
        The ``ghgkit validate`` rule that flags it (activity workbooks), and at which cell.
    what : str
        For the answer key: what is wrong, and why it matters.
    refused : bool
        False for a mistake ``ghgkit calc`` cannot see (it computes a total, exit 0) and only
        ``ghgkit validate`` flags, as a warning; ``cell`` and ``message`` are then validate's.
    """

    sheet: str
    row: object
    wrong: dict
    cell: str
    message: str
    what: str
    validate_code: str | None = None
    validate_cell: str | None = None
    refused: bool = True


@dataclass
class Exercise:
    """One exercise of the kit."""

    slug: str
    title: str
    kind: str                       # "inventory" or "project"
    goal: str
    case: str
    task: list[str]
    equations: list[str]            # page ids (see ghgkit.workshop.pages)
    rows: dict = field(default_factory=dict)        # sheet -> list of row dicts (inventory)
    settings: dict = field(default_factory=dict)    # inventory settings, or project header
    parameters: dict = field(default_factory=dict)  # project: name -> {value, unit, source}
    mistakes: list[Mistake] = field(default_factory=list)
    discussion: list[str] = field(default_factory=list)   # answers to the tasks' questions (no numbers)

    def content(self, mistakes: list[Mistake] | None = None):
        """The workbook content with *mistakes* applied (none: the corrected workbook)."""
        rows = copy.deepcopy(self.rows)
        settings = dict(self.settings)
        params = copy.deepcopy(self.parameters)
        for m in mistakes or []:
            if m.sheet == "Settings":
                for k, v in m.wrong.items():
                    if v is None:
                        settings.pop(k, None)
                    else:
                        settings[k] = v
            elif m.sheet == "Parameters":
                for k, v in m.wrong.items():
                    if v is None:
                        params[m.row].pop(k, None)
                    else:
                        params[m.row][k] = v
            else:
                rows[m.sheet][m.row].update(m.wrong)
                for k in [k for k, v in m.wrong.items() if v is None]:
                    del rows[m.sheet][m.row][k]
        return rows, settings, params


def cell(sheet: str, row: int, column: str) -> str:
    """``Energy!D2`` for the 0-based data *row* of an activity sheet and a column name."""
    return f"{sheet}!{col_letter(ACTIVITY_COLUMNS.index(column))}{row + 2}"


def settings_cell(key: str) -> str:
    """The Settings-sheet cell holding the value of *key* in ghgkit's template."""
    from ghgkit.io.template import SETTINGS

    keys = [k for k, _, _ in SETTINGS]
    return f"Settings!B{keys.index(key) + 2}"


def param_cell(methodology: str, name: str, column: str = "value") -> str:
    """The Parameters-sheet cell of parameter *name* in ghgkit's project template."""
    from ghgkit.projects.calculate import methodology as get

    names = get(methodology).names()
    col = {"value": "B", "unit": "C", "source": "D", "notes": "E"}[column]
    return f"Parameters!{col}{names.index(name) + 2}"


@lru_cache(maxsize=1)
def demo_settings() -> dict:
    """The demo city's settings (examples/demo_city/settings.toml), with their comments' sources."""
    import tomllib

    from ghgkit.io.template import demo_dir

    return tomllib.loads((demo_dir() / "settings.toml").read_text(encoding="utf-8"))


def _base_settings(**extra) -> dict:
    d = demo_settings()
    # no population: each case is a few rows of an inventory, and per-capita figures would mislead
    s = {k: d[k] for k in ("country", "inventory_year", "climate_zone", "gwp", "edition")}
    s["city"] = "Tan Hoa City (workshop)"
    s.update(extra)
    return s


# -- (a) stationary fuel ---------------------------------------------------------------
def stationary_fuel() -> Exercise:
    rows = {"Energy": [
        dict(sector="building", activity="diesel", amount=12000, unit="L", data_quality="high",
             source=f"Tan Hoa General Hospital fuel invoices ({ILLUSTRATIVE})", notes="standby generators"),
        dict(sector="industry", activity="diesel", amount=8500, unit="L", data_quality="medium",
             source=f"rice mill fuel log ({ILLUSTRATIVE})", notes="husking machines and dryer burner"),
        dict(sector="agriculture", activity="diesel", amount=3000, unit="L", data_quality="low",
             source=f"irrigation co-operative estimate ({ILLUSTRATIVE})", notes="irrigation pumps"),
        dict(sector="household", activity="lpg", amount=2500, unit="kg", data_quality="medium",
             source=f"LPG dealer sales to Ward 3 ({ILLUSTRATIVE}): 200 cylinders of 12.5 kg",
             notes="cooking"),
    ]}
    mistakes = [
        Mistake("Energy", 0, {"amount": "12,000 L"}, cell("Energy", 0, "amount"), "is not a number",
                "The amount cell holds text: '12,000 L' has the unit typed into it. An amount is a plain "
                "number (12000); the unit goes in its own column.", "CELL-001", cell("Energy", 0, "amount")),
        Mistake("Energy", 1, {"sector": "transport"}, cell("Energy", 1, "subsector"),
                "transport rows need a subsector",
                "The rice mill's diesel was put under transport because 'diesel is a vehicle fuel'. Diesel "
                "burnt in machines and boilers that do not move is stationary energy: industry (GPC I.3), "
                "with the stationary factors of IPCC 2006 Vol. 2 Ch. 2.", "VOCAB-002",
                cell("Energy", 1, "subsector")),
        Mistake("Energy", 2, {"activity": "disel"}, cell("Energy", 2, "activity"),
                "unknown fuel or activity 'disel'",
                "A misspelt fuel: 'disel'. ghgkit only knows the fuels of its factor tables and suggests "
                "the closest one ('diesel').", "VOCAB-003", cell("Energy", 2, "activity")),
        Mistake("Energy", 3, {"amount": 200, "unit": "cylinders"}, cell("Energy", 3, "unit"),
                "unknown unit 'cylinders'",
                "The dealer counted cylinders. A cylinder is not a unit of fuel: convert to a mass "
                "(200 cylinders × 12.5 kg = 2,500 kg) and write kg.", "UNIT-001", cell("Energy", 3, "unit")),
    ]
    return Exercise(
        slug="01_stationary_fuel", title="Stationary fuel: litres to energy to gases", kind="inventory",
        goal="Turn fuel purchases into energy (TJ) and then into CO2, CH4 and N2O and CO2e, with the "
             "factors and their sources.",
        case="In 2023 a hospital, a rice mill and an irrigation co-operative of Tan Hoa City bought diesel, "
             "and the households of Ward 3 bought bottled LPG. The city's energy officer has typed the "
             "invoices into the ghgkit template (trainee.xlsx).",
        task=[f"Open trainee.xlsx and find the mistakes on the Energy sheet (there are {len(mistakes)}). Then run "
              "`ghgkit calc trainee.xlsx` and `ghgkit validate trainee.xlsx`: do they point at the same cells?",
              "Correct the workbook (compare with corrected.xlsx).",
              "By hand: for each row, turn the amount into TJ (density, net calorific value), each gas into "
              "tonnes (emission factor per TJ) and the gases into t CO2e (GWP). Which sector's diesel has the "
              "highest CH4 factor, and why?",
              "Check your numbers with `ghgkit calc corrected.xlsx --html report.html` (the report shows "
              "every conversion)."],
        equations=["fuel_to_energy", "fuel_combustion", "co2e"],
        rows=rows, settings=_base_settings(), mistakes=mistakes,
        discussion=["CO2 per TJ of diesel is the same in every sector: it depends on the carbon in the fuel. CH4 and "
                    "N2O depend on how it is burnt (the factors of each row are in the steps above): small "
                    "generators and pumps burn less completely than industrial boilers.",
                    "CO2 is almost all of the CO2e of fuel combustion; CH4 and N2O matter little here, but the sector "
                    "still decides the GPC sub-sector the emissions are reported in.",
                    "Had the mill's diesel stayed under transport (with a subsector), its emissions would be "
                    "reported in GPC II instead of I.3, with mobile-combustion factors (IPCC 2006 Vol. 2 Ch. 3) "
                    "instead of stationary ones."])


# -- (b) grid electricity and T&D losses ----------------------------------------------------
def grid_electricity() -> Exercise:
    d = demo_settings()
    rows = {"Energy": [
        dict(sector="household", activity="electricity", amount=4200, unit="MWh", data_quality="high",
             source=f"Tan Hoa Power Company sales to Ward 3 ({ILLUSTRATIVE})", notes="residential meters"),
        dict(sector="building", activity="electricity", amount=1350000, unit="kWh", data_quality="high",
             source=f"city hall and school electricity bills ({ILLUSTRATIVE})", notes="public buildings"),
        dict(sector="industry", activity="electricity", amount=2800, unit="MWh", data_quality="high",
             source=f"Tan Hoa Power Company sales to the rice mills ({ILLUSTRATIVE})", notes=""),
    ]}
    settings = _base_settings(grid_ef=d["grid_ef"], grid_ef_source=d["grid_ef_source"],
                              td_loss_rate=d["td_loss_rate"])
    pct = round(d["td_loss_rate"] * 100, 6)        # the rate written as a percentage, without the %
    pct = int(pct) if float(pct).is_integer() else pct
    mistakes = [
        Mistake("Energy", 0, {"unit": "mWh"}, cell("Energy", 0, "unit"), "unit 'mWh' not recognised",
                "'mWh' is a milliwatt-hour, a billion times smaller than a megawatt-hour. Unit letters are "
                "case-sensitive: MWh (mega) is what the utility reports.", "UNIT-001", cell("Energy", 0, "unit")),
        Mistake("Energy", 1, {"amount": "1.350.000"}, cell("Energy", 1, "amount"), "is not a number",
                "'1.350.000' uses dots to group thousands (as written in Viet Nam or Indonesia), so Excel "
                "kept it as text. Type the number without separators (1350000), or let Excel format it.",
                "CELL-001", cell("Energy", 1, "amount")),
        Mistake("Energy", 2, {"scope": 1}, cell("Energy", 2, "scope"), "scope 1 does not fit this row",
                "Grid electricity is scope 2: it is generated outside the city. The T&D losses behind it are "
                "scope 3, added by ghgkit from td_loss_rate. Leave scope empty and ghgkit derives it.",
                "CALC-001", cell("Energy", 2, "scope")),
        Mistake("Settings", "td_loss_rate", {"td_loss_rate": pct}, settings_cell("td_loss_rate"),
                "td_loss_rate must be a fraction",
                f"The loss rate is a share: {pct:g} % is {d['td_loss_rate']:g} (or '{pct:g}%'). Written as {pct:g} "
                f"it would be {pct * 100:,.0f} % of the electricity fed in, which cannot be: ghgkit refuses it.",
                "STRUCT-009", settings_cell("td_loss_rate")),
    ]
    return Exercise(
        slug="02_grid_electricity", title="Grid electricity and T&D losses (scope 2 and scope 3)",
        kind="inventory",
        goal="Compute scope 2 emissions of grid electricity and the scope 3 emissions of the transmission and "
             "distribution losses behind it, L/(1 − L).",
        case="Ward 3's households, the city's public buildings and the rice mills bought grid electricity in "
             "2023. The grid emission factor and the loss rate are the demo city's (illustrative, not "
             "published values).",
        task=[f"Find the {len(mistakes)} mistakes in trainee.xlsx (the Energy and Settings sheets), then run "
              "`ghgkit calc` and `ghgkit validate` on it.",
              "By hand: convert each amount to MWh, multiply by the grid factor (scope 2); then compute the "
              "losses behind it with L/(1 − L) and their emissions (scope 3).",
              "Why is the loss share L/(1 − L) and not L? (Hint: L is a share of what is fed into the grid, "
              "the consumption is what is left.)",
              "Check with `ghgkit calc corrected.xlsx`."],
        equations=["grid_electricity", "td_losses", "co2e"],
        rows=rows, settings=settings, mistakes=mistakes,
        discussion=["L is a share of the electricity fed into the grid; the consumption C is the share (1 − L) that "
                    "arrives. What was fed in for the city is C / (1 − L), and the losses are that minus C, "
                    "C × L / (1 − L). C × L understates them.",
                    "T&D losses are scope 3 and outside BASIC; they appear in BASIC+ (GPC).",
                    "The grid factor and the loss rate here are illustrative; a real inventory names the published "
                    "national factor and year in grid_ef_source."])


# -- (c) landfill first-order decay ----------------------------------------------------------
def landfill_fod() -> Exercise:
    from ghgkit.sectors.waste import parameter

    site = "managed_anaerobic"
    zone = demo_settings()["climate_zone"]
    k_food, k_paper = (parameter("k", c, climate_zone=zone).value for c in ("food", "paper"))
    amounts = {"food": (5000, 5200, 5400), "paper": (1200, 1250, 1300)}
    rows = {"Waste": []}
    for year_i, year in enumerate((2021, 2022, 2023)):
        for comp, series in amounts.items():
            rows["Waste"].append(dict(sector="waste", subsector="landfill", activity=comp, amount=series[year_i],
                                      unit="t", year=year, method=site, data_quality="medium",
                                      source=f"new cell of the Tan Hoa sanitary landfill, weighbridge "
                                             f"({ILLUSTRATIVE})",
                                      notes="cell opened on 1 January 2021"))
    mistakes = [
        Mistake("Waste", 0, {"method": "sanitary_landfill"}, cell("Waste", 0, "method"),
                "unknown landfill site type 'sanitary_landfill'",
                "The site type must be one of IPCC 2006 Vol. 5 Table 3.1's (it sets the methane correction "
                "factor MCF): a sanitary landfill with controlled placement and cover is managed_anaerobic.",
                "VOCAB-004", cell("Waste", 0, "method")),
        Mistake("Waste", 2, {"unit": "m3"}, cell("Waste", 2, "unit"), "'m3' is a volume",
                "The 2022 food waste was written in m3 (truck volumes). FOD needs the mass of waste (t): use "
                "the weighbridge tonnes, or a measured bulk density.", "UNIT-002", cell("Waste", 2, "unit")),
        Mistake("Waste", 5, {"year": 2024}, cell("Waste", 5, "year"),
                "year 2024 is after the inventory year 2023",
                "A typing slip: paper deposited in 2024 cannot emit in the 2023 inventory. Each row of the "
                "disposal history is one year's deposit, up to the inventory year.", "CONS-003",
                cell("Waste", 5, "year")),
        Mistake("Settings", "climate_zone", {"climate_zone": None}, cell("Waste", 0, "amount"),
                "needs the climate zone",
                "The climate zone is empty. It chooses the decay rate k of each waste type (IPCC 2006 Vol. 5 "
                f"Table 3.3): in a {zone} climate k is {k_food:g}/yr for food waste and {k_paper:g}/yr for "
                "paper.", "CALC-001", cell("Waste", 0, "amount")),
    ]
    return Exercise(
        slug="03_landfill_fod", title="Landfill methane by first-order decay, three years by hand",
        kind="inventory",
        goal="Follow the IPCC first-order decay (FOD) model year by year: carbon deposited, carbon "
             "accumulated, carbon decomposed, methane generated and emitted, with the six-month delay ghgkit "
             "uses (decay starts on 1 January after disposal).",
        case="Tan Hoa City opened a new cell of its sanitary landfill on 1 January 2021. The weighbridge "
             "recorded food and paper waste in 2021, 2022 and 2023. Compute the methane of 2021, 2022 and 2023 "
             "(the inventory year).",
        task=[f"Find the {len(mistakes)} mistakes in trainee.xlsx (Waste and Settings sheets); run `ghgkit calc` and "
              "`ghgkit validate` on it.",
              "By hand, for food and for paper: DDOCm deposited each year (Eq. 3.2), accumulated and decomposed "
              "(Eq. 3.4, 3.5), CH4 generated (Eq. 3.6) and emitted (Eq. 3.1), for 2021, 2022 and 2023.",
              "Why is the 2021 methane zero? Why does ghgkit warn that the landfill history is short?",
              "Check the 2023 value with `ghgkit calc corrected.xlsx`."],
        equations=["fod_ddocm", "fod_decay", "fod_ch4", "co2e"],
        rows=rows, settings=_base_settings(), mistakes=mistakes,
        discussion=["2021 has no methane: with the six-month delay, waste deposited in 2021 starts to decay on "
                    "1 January 2022.",
                    "ghgkit warns that the history is short because methane from waste deposited before 2021 would "
                    "be missing. Here the cell opened in 2021, so nothing is missing: say so in the rows' notes. For "
                    "an old dumpsite the warning matters: give the earlier years, or back-cast them (IPCC 2006 "
                    "Vol. 5 sect. 3.2.2).",
                    "Food waste produces most of the methane in the first years (fast decay); paper keeps emitting "
                    "for decades (slow decay), so its share grows over time.",
                    "The methane of a year comes from the waste of earlier years: diverting food waste from the "
                    "landfill lowers the emissions of the following years, not of the year it is diverted."])


# -- (d) a co-operation project: BE − PE − LE --------------------------------------------------
PROJECT_FILE = "fuel_switch_toyama_semarang.yaml"
#: diesel burnt by the LPG distributor's trucks for the project's cylinders (the case's leakage)
LEAKAGE_DIESEL_L = 3000


@lru_cache(maxsize=1)
def example_project() -> dict:
    """The shipped example project the exercise starts from (examples/projects/)."""
    import yaml

    from ghgkit.io.template import demo_dir

    examples = demo_dir().parent                     # examples/ (inside the wheel, or the checkout's)
    return yaml.safe_load((examples / "projects" / PROJECT_FILE).read_text(encoding="utf-8"))


def leakage_estimate() -> dict:
    """The case's leakage: the distributor's extra diesel × ghgkit's on-road diesel factors.

    Returns the litres, the t of each gas per litre and the t CO2e per year (rounded
    to 0.01 t as written in the workbook), with the factor ids used.
    """
    from ghgkit.factors import FactorLibrary
    from ghgkit.gwp import gwp_values
    from ghgkit.sectors.common import fuel_multiplier

    proj = example_project()
    lib = FactorLibrary.default()
    mu = fuel_multiplier(lib, "transport", "on_road", "diesel", "L", (), None, proj["start_year"])
    g = gwp_values(proj.get("gwp", "AR5"))
    per_l = mu.per_gas
    t_co2e = LEAKAGE_DIESEL_L * (per_l["co2_t"] + per_l["ch4_t"] * g["CH4"] + per_l["n2o_t"] * g["N2O"])
    return {"litres": LEAKAGE_DIESEL_L, "per_litre": per_l, "factor_ids": mu.factor_ids,
            "energy_tj_per_l": mu.energy_tj, "t_co2e": t_co2e, "t_co2e_rounded": round(t_co2e, 2)}


def project_fuel_switch() -> Exercise:
    proj = example_project()
    leak = leakage_estimate()
    header = {k: proj[k] for k in ("title", "host_city", "host_country", "partner_city", "partner_country",
                                   "methodology", "start_year", "crediting_period", "gwp")}
    header["crediting_period"] = 3
    header.update(proj.get("settings", {}))
    params = {k: {"value": v["value"], "unit": v.get("unit", ""), "source": v["source"]}
              for k, v in proj["ex_ante"].items()}
    params["leakage"] = {
        "value": leak["t_co2e_rounded"], "unit": "t/yr",
        "source": f"{ILLUSTRATIVE}: {LEAKAGE_DIESEL_L:,} L/yr of extra diesel for the distributor's LPG "
                  f"trucks × ghgkit on-road diesel factors ({leak['factor_ids'].replace(';', ', ')}), "
                  f"rounded to 0.01 t"}
    eff = params["baseline_stove_efficiency"]["value"]
    if params["baseline_stove_efficiency"]["unit"] != "%":      # pragma: no cover - the shipped example
        raise ValueError("the exercise expects the baseline stove efficiency in %")

    def at(name, column="value"):
        return param_cell("fuel_switch", name, column)

    mistakes = [
        Mistake("Parameters", "households", {"value": "2000 households"}, at("households"), "is not a number",
                "The unit was typed into the value cell. The value is a plain number; 'households' belongs in the "
                "unit column.", None),
        Mistake("Parameters", "project_fuel_per_household", {"source": None},
                at("project_fuel_per_household", "source"), "no source given",
                "Every ex-ante parameter needs its source (survey, document, measurement). A verifier will ask "
                "for it; ghgkit refuses a value without one.", None),
        Mistake("Parameters", "baseline_stove_efficiency", {"unit": ""}, at("baseline_stove_efficiency"), "above 1",
                f"{eff:g} without a unit is read as the fraction {eff:g} ({eff * 100:,.0f} %). Write "
                f"{eff / 100:g}, or {eff:g} with the unit %.",
                None),
        Mistake("Parameters", "leakage", {"value": -leak["t_co2e_rounded"]}, at("leakage"), "below 0",
                "Leakage was entered as a negative number 'because it reduces the reductions'. Leakage is an "
                "emission (t CO2e/yr, zero or more); the formula ER = BE − PE − LE already subtracts it.",
                None),
    ]
    return Exercise(
        slug="04_project_fuel_switch", title="A co-operation project: BE − PE − LE (kerosene to LPG)",
        kind="project",
        goal="Compute a project's baseline emissions (BE), project emissions (PE), leakage (LE) and emission "
             "reductions ER = BE − PE − LE, with the fuel factors from the IPCC tables.",
        case=f"The {proj['partner_city']}–{proj['host_city']} project helps households in {proj['host_city']} "
             f"switch from kerosene to LPG stoves. The same meals need less fuel energy with the more efficient "
             f"stove. The LPG distributor's trucks burn {LEAKAGE_DIESEL_L:,} L more diesel a year to deliver "
             f"the cylinders: that is the project's leakage. (Fictional project, illustrative numbers.)",
        task=[f"Find the {len(mistakes)} mistakes on the Parameters sheet of trainee.xlsx, then run "
              "`ghgkit project estimate trainee.xlsx`.",
              "By hand for one year: LPG used (t, then TJ with the NCV), useful heat, the kerosene the old "
              "stoves would have burnt for the same heat, BE and PE with the CO2e factor per TJ of each fuel, "
              "the leakage from the trucks' diesel, and ER.",
              "Check with `ghgkit project estimate corrected.xlsx`."],
        equations=["fuel_to_energy", "fuel_combustion", "co2e", "project_reduction"],
        settings=header, parameters=params, mistakes=mistakes,
        discussion=["The reduction comes from two things: LPG emits less CO2 per TJ than kerosene, and the better "
                    "stove needs fewer TJ for the same meals.",
                    "The ex-ante estimate is the same every year because every parameter is constant; monitoring "
                    "(`ghgkit project monitor`) replaces them with what was measured each year.",
                    "Leakage is small here, but it must be stated with its source like any parameter, and it is "
                    "never negative."])


# -- (e) a secretariat checks a partner city's submission -------------------------------------
def validate_submission() -> Exercise:
    d = demo_settings()
    src = f"({ILLUSTRATIVE})"
    energy = [
        dict(sector="household", activity="electricity", amount=5200, unit="MWh", data_quality="high",
             source=f"Tan Hoa Power Company, residential sales, Ward 5 {src}", notes=""),
        dict(sector="household", activity="lpg", amount=310, unit="t", data_quality="medium",
             source=f"LPG distributors' sales to Ward 5 {src}", notes=""),
        dict(sector="building", activity="electricity", amount=2100, unit="MWh", data_quality="high",
             source=f"Tan Hoa Power Company, commercial sales, Ward 5 {src}", notes=""),
        dict(sector="building", activity="diesel", notation_key="IE", data_quality="medium",
             source=f"fuel depot sales {src}",
             notes="included in the industry diesel row: the depot does not split its customers"),
        dict(sector="industry", activity="diesel", amount=64000, unit="L", data_quality="medium",
             source=f"fuel depot sales, all non-transport customers {src}", notes="generators and boilers"),
        dict(sector="industry", activity="electricity", amount=3900, unit="MWh", data_quality="high",
             source=f"Tan Hoa Power Company, industrial sales, Ward 5 {src}", notes=""),
    ]
    transport = [
        dict(sector="transport", subsector="on_road", activity="gasoline", amount=950000, unit="L",
             method="fuel_sales", data_quality="medium", source=f"fuel stations in Ward 5, 2023 sales {src}"),
        dict(sector="transport", subsector="on_road", activity="diesel", amount=720000, unit="L",
             method="fuel_sales", data_quality="medium", source=f"fuel stations in Ward 5, 2023 sales {src}"),
        dict(sector="transport", subsector="aviation", activity="jet_kerosene", notation_key="NE",
             source="no airport data yet", notes="requested from the aviation authority"),
    ]
    settings = _base_settings(city="Tan Hoa City, Ward 5 (workshop)", grid_ef=d["grid_ef"],
                              grid_ef_source=d["grid_ef_source"], td_loss_rate=d["td_loss_rate"])
    mistakes = [
        Mistake("Energy", 2, dict(energy[0]), cell("Energy", 2, "activity"), "duplicate of the activity at Energy!C2",
                "The residential electricity row was pasted twice, over the commercial row: Ward 5's homes are "
                "counted twice and its shops not at all. `ghgkit calc` cannot know and computes a wrong total; "
                "`ghgkit validate` warns.", "CELL-005", cell("Energy", 2, "activity"), refused=False),
        Mistake("Energy", 3, {"notes": None}, cell("Energy", 3, "notes"),
                "IE (included elsewhere) without saying where",
                "IE (included elsewhere) says the emissions are in another row; without saying which, a reviewer "
                "cannot check that they are not missing (GPC notation keys).", "NK-003", cell("Energy", 3, "notes"),
                refused=False),
        Mistake("Energy", 5, {"amount": -350}, cell("Energy", 5, "amount"), "is negative",
                "The rooftop solar exported by a factory was entered as negative electricity. Amounts are what was "
                "used; local generation is reported separately (GPC ch. 6), never netted off in the activity "
                "table.", "CELL-004", cell("Energy", 5, "amount")),
        Mistake("Transport", 0, {"year": 2022}, cell("Transport", 0, "year"), "differs from the inventory year",
                "Last year's fuel sales were copied: the row says 2022 in a 2023 inventory. `ghgkit calc` uses the "
                "amount as if it were 2023's; `ghgkit validate` warns.", "CONS-001", cell("Transport", 0, "year"),
                refused=False),
        Mistake("Transport", 1, {"notation_key": "NE"}, cell("Transport", 1, "notation_key"),
                "an amount and a notation key",
                "A row with both an amount and NE (not estimated) contradicts itself: either the diesel was "
                "estimated (keep the amount) or it was not (keep NE).", "NK-001",
                cell("Transport", 1, "notation_key")),
    ]
    return Exercise(
        slug="05_validate_submission", title="A secretariat checks a partner city's submission",
        kind="inventory",
        goal="Check a submission as a network secretariat does, with `ghgkit validate`: errors that stop the "
             "calculation, and warnings about mistakes the calculation cannot see (a total is computed, but it "
             "is wrong).",
        case="Ward 5 of Tan Hoa City sent its 2023 energy and transport data to the secretariat. Before the "
             "numbers go into the network's report, the secretariat checks the workbook.",
        task=["Run `ghgkit validate trainee.xlsx --html findings.html` and open the findings. Which are errors, "
              "which warnings, and which of them change the total?",
              "Fix the errors, then run `ghgkit calc` on the fixed workbook: it runs, exit code 0. Is the total "
              "right? Look at the warnings again.",
              "Compare with corrected.xlsx and answer_key.md: how much did the pasted row add to the total?",
              "Write the e-mail to the city: for each finding, the cell, what is wrong and what to send back."],
        equations=["fuel_to_energy", "fuel_combustion", "grid_electricity", "td_losses", "co2e"],
        rows={"Energy": energy, "Transport": transport}, settings=settings, mistakes=mistakes,
        discussion=["Errors stop `ghgkit calc` (exit code 2), so they cannot reach a report. Warnings do not: the "
                    "pasted row and last year's data give a total with exit code 0. A secretariat reads the "
                    "warnings before accepting numbers.",
                    "The year slip changes no number here (the factors are the same for 2022 and 2023), but the "
                    "data are not the inventory year's: ask the city for its 2023 sales.",
                    "NK-002 and CONS-002 are about the whole submission (sub-sectors without rows, no population): "
                    "the city should add NO or NE rows and its population."])


def exercises() -> list[Exercise]:
    """Every exercise of the kit, in order."""
    return [stationary_fuel(), grid_electricity(), landfill_fod(), project_fuel_switch(), validate_submission()]
