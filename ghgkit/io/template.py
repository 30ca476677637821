"""The Excel activity template a city fills in (``ghgkit template``).

Written with xlsxwriter: an Instructions sheet, a Settings sheet (key / value),
one sheet per sector group with the activity-table columns, a Factors sheet for the
city's own factors (grid factor, fuel economy …), and a hidden Lists sheet behind
the drop-downs. Header rows are frozen and locked; input cells are unlocked.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ghgkit.io.output import ExcelText, atomic_path, excel_workbook
from ghgkit.schema import (ACTIVITY_COLUMNS, DATA_QUALITY, FUELS, NOTATION_KEYS, SECTORS, STATIONARY_SECTORS,
                           SUBSECTORS, TRANSPORT_METHODS)
from ghgkit.io.settings import CH4_GWP_CHOICES, CLIMATE_ZONES, FIRST_INVENTORY_YEAR
from ghgkit.sectors.waste.keys import template_rows as _waste_template_rows

TEMPLATE_VERSION = "ghgkit-1"
N_ROWS = 1000

#: sheet -> (sectors offered, help line); the drop-down lists come from :func:`vocabularies`
SHEETS = {
    "Energy": (STATIONARY_SECTORS,
               "Fuel and electricity used in homes, commercial and public buildings, industry, "
               "energy industries and agriculture (GPC I.1–I.5)."),
    "Transport": (("transport",),
                  "Fuel sold for transport (method fuel_sales) or vehicle-km by vehicle class "
                  "(method vkt, with the class's fuel economy on the Factors sheet) (GPC II)."),
    "Waste": (("waste",),
              "Solid waste disposed (one row per year of disposal history), composted, digested, "
              "incinerated or burnt in the open (GPC III.1–III.3)."),
    "Wastewater": (("wastewater",),
                   "Population served by each treatment pathway, or industrial COD load (GPC III.4)."),
}
#: sheets whose activity and method drop-downs depend on the row's subsector
BY_SUBSECTOR = ("Transport", "Waste", "Wastewater")


def vocabularies() -> dict[str, tuple[str, ...]]:
    """Every drop-down list of the template, taken from what ``ghgkit calc`` accepts.

    One source of truth: sectors and subsectors from :mod:`ghgkit.schema`; fuels from the
    factor library (those with a factor for a stationary sector, and per transport
    subsector those with a transport factor); landfill site types, waste components,
    incineration technologies, the composting / digestion basis, wastewater pathways,
    climate zones and editions from :mod:`ghgkit.sectors.waste`; BOD regions
    from its parameter table. Keys ending in ``__<subsector>`` are the lists of one
    subsector (picked by the row's subsector with ``INDIRECT``).
    """
    from ghgkit.factors import FactorLibrary
    from ghgkit.sectors import waste as W

    fac = FactorLibrary.default().factors
    stationary = fac[fac["sector"].isin(STATIONARY_SECTORS)]
    fuels = tuple(f for f in FUELS if f in set(stationary["activity"])) + ("electricity",)
    transport = fac[fac["sector"] == "transport"]
    wp = W.load_parameters()
    streams = ("msw",) + W.WASTE_COMPONENTS
    vocab: dict[str, tuple[str, ...]] = {
        "sectors": SECTORS,
        "notation_keys": tuple(NOTATION_KEYS), "data_quality": DATA_QUALITY, "units": UNITS,
        "scopes": ("1", "2", "3"), "climate_zones": W.CLIMATE_ZONES, "gwp_sets": ("AR4", "AR5", "AR6"),
        "editions": W.EDITIONS, "ch4_gwp": CH4_GWP_CHOICES,
        "bod_regions": tuple(sorted(set(wp.loc[wp["parameter"] == "bod_per_capita", "region"].dropna()))),
        "energy_sectors": STATIONARY_SECTORS, "energy_activities": fuels,
        "transport_sectors": ("transport",), "transport_subsectors": SUBSECTORS["transport"],
        "waste_sectors": ("waste",), "waste_subsectors": SUBSECTORS["waste"],
        "wastewater_sectors": ("wastewater",), "wastewater_subsectors": SUBSECTORS["wastewater"],
    }
    for sub in SUBSECTORS["transport"]:
        acts = set(transport.loc[transport["subsector"] == sub, "activity"])
        vocab[f"transport_activities__{sub}"] = tuple(f for f in FUELS if f in acts) + ("electricity",)
        vocab[f"transport_methods__{sub}"] = TRANSPORT_METHODS
    waste_methods = {"landfill": W.SITE_TYPES, "composting": W.BIOLOGICAL_BASES,
                     "anaerobic_digestion": W.BIOLOGICAL_BASES, "incineration": W.INCINERATION_TECHNOLOGIES}
    for sub in SUBSECTORS["waste"]:
        vocab[f"waste_activities__{sub}"] = streams + (("population",) if sub == "open_burning" else ())
        if sub in waste_methods:
            vocab[f"waste_methods__{sub}"] = waste_methods[sub]
    vocab["wastewater_activities__domestic"] = ("population",)
    vocab["wastewater_activities__industrial"] = ("cod_load",)
    for sub in SUBSECTORS["wastewater"]:
        vocab[f"wastewater_methods__{sub}"] = W.PATHWAYS
    return vocab

UNITS = ("kWh", "MWh", "GWh", "GJ", "TJ", "L", "kL", "m3", "kg", "t", "km", "persons", "therm")
SETTINGS = [
    ("city", "", "Name of the city"),
    ("country", "", "ISO 3166 alpha-3 code, e.g. VNM, IDN, PHL, THA, MYS, JPN"),
    ("inventory_year", "", "Calendar year of the inventory (required)"),
    ("population", "", "Residents in the inventory year (for per-capita figures)"),
    ("climate_zone", "", "IPCC climate zone: " + ", ".join(CLIMATE_ZONES)),
    ("gwp", "AR5", "GWP set (100-year): AR4, AR5 or AR6. AR5 is what UNFCCC reporting uses"),
    ("ch4_gwp", "generic", "AR6 only: generic (27.9 for all CH4) or by_origin (29.8 fossil, 27.0 biogenic)"),
    ("edition", "2006", "IPCC defaults: 2006, or 2019 for the 2019 Refinement where it changed them"),
    ("grid_ef", "", "Grid emission factor, t CO2/MWh (or e.g. '550 g/kWh'); name its source in Factors "
                    "or notes"),
    ("grid_ef_source", "", "Where the grid factor comes from: publisher, document, year (shown in every report)"),
    ("td_loss_rate", "", "Share of electricity fed into the grid that is lost (e.g. 0.08); adds scope 3 "
                         "T&D losses"),
    ("energy_basis", "net", "Fuel given in energy units (kWh, GJ, therm of gas …): net or gross calorific value. "
                            "Gas bills are usually gross: gross is turned into net by NCV = 0.9 × GCV for natural gas, "
                            "0.95 for liquid and solid fuels (IPCC 2006 Vol. 2 Ch. 1 sect. 1.4.1.2)"),
    ("ox", "", "Landfill oxidation factor; empty = IPCC default 0 (0.1 for managed, covered sites)"),
    ("delay_months", "", "Landfill decay delay in months; empty = 6, as the IPCC Waste Model"),
    ("landfill_ch4_recovered", "", "CH4 recovered (flared or used) at landfills in the inventory year, t"),
    ("doc_msw", "", "DOC of bulk MSW (fraction, wet) when landfill rows give 'msw' instead of components"),
    ("backcast_start_year", "", "Landfill: first year to back-cast deposits from population when the history "
                                "is short (IPCC 2006 Vol. 5 sect. 3.2.2); fills the years before the first "
                                "Waste row, marked as back-cast. Needs the next two, population, and "
                                "doc_msw or msw_composition"),
    ("msw_per_capita_kg_day", "", "Waste generated per person, kg/person/day (back-cast; open burning "
                                  "from population, MSW_P). No IPCC default used: regional values in "
                                  "Vol. 5 Table 2.1"),
    ("fraction_to_swds", "", "Share of generated waste that went to landfills (back-cast), e.g. 0.7"),
    ("population_growth_rate", "", "Yearly population growth for the back-cast, e.g. 0.02; empty = "
                                   "population held constant"),
    ("digester_ch4_recovered", "", "CH4 recovered (flared or used) at anaerobic digesters in the inventory "
                                   "year, t; subtracted per IPCC Eq. 4.1"),
    ("fraction_burning", "", "Open burning from population (Eq. 5.7): share of residents burning waste "
                             "(P_frac)"),
    ("fraction_burnt", "", "Open burning from population (Eq. 5.7): share of their waste that is burnt "
                           "(B_frac); required, ghgkit ships no default"),
    ("msw_composition", "", "Composition of burnt MSW, e.g. food=0.4, paper=0.15, plastics=0.12 …"),
    ("bod_region", "", "IPCC Table 6.4 region for BOD per person, e.g. asia_middle_east_latin_america"),
    ("bod_per_capita", "", "BOD per person, g/person/day (wins over bod_region)"),
    ("protein_kg_per_person_yr", "", "Protein consumption, kg/person/yr (national statistics); needed for "
                                     "wastewater N2O"),
]
# every other waste and wastewater setting, from the one list the calculators read (unit and default)
SETTINGS += _waste_template_rows(skip={k for k, *_ in SETTINGS})
SETTINGS += [
    ("template_version", TEMPLATE_VERSION, "Do not change"),
]
FACTOR_COLUMNS = ["factor_id", "property_id", "activity", "gas", "property", "fuel", "value", "unit", "sector",
                  "subsector", "region", "valid_from", "valid_to", "source", "source_ref", "notes"]
WIDTHS = {"sector": 16, "subsector": 14, "activity": 18, "amount": 14, "unit": 9, "year": 7, "method": 20,
          "scope": 7, "factor_id": 16, "notation_key": 13, "data_quality": 12, "uncertainty_pct": 15,
          "source": 36, "notes": 40}
HELP = {
    "sector": "household, building (commercial/institutional), industry, energy_industry, agriculture, "
              "transport, waste, wastewater; or a GPC number such as I.1",
    "subsector": "Needed for transport (on_road, rail, waterborne, aviation, off_road), waste (landfill, "
                 "composting, anaerobic_digestion, incineration, open_burning) and wastewater (domestic, "
                 "industrial); empty for energy rows",
    "activity": "What was used or treated: a fuel (diesel, gasoline, lpg, kerosene, natural_gas, coal, fuel_oil, "
                "wood, charcoal, biogas …), electricity, a vehicle class (method vkt), a waste stream (msw, food, "
                "paper …), or population for wastewater",
    "method": "Transport: fuel_sales or vkt. Landfill: the site type (managed_anaerobic, managed_semi_aerobic, "
              "unmanaged_deep, unmanaged_shallow, uncategorised). Wastewater: the pathway (septic_tank, "
              "centralised_aerobic_well_managed, lagoon_deep, untreated_discharge_sea_river_lake …). "
              "Incineration: the technology (continuous_stoker …)",
    "amount": "A plain number. Leave empty when you give a notation key",
    "unit": "Any unit whose kind fits: L, m3, kg, t, GJ, TJ, kWh, MWh, km, persons. Case matters: MWh",
    "notation_key": "NO not occurring, IE included elsewhere, NE not estimated, C confidential",
    "scope": "Leave empty: derived (fuel 1, grid electricity 2). 3 for waste sent outside the city",
    "factor_id": "Optional: use this factor instead of the default (see `ghgkit factors list`)",
    "year": "Leave empty for the inventory year; waste disposal history: one row per year",
    "data_quality": "high, medium or low: how good the amount is (carried to the report)",
    "uncertainty_pct": "± half-width of the 95 % interval of the amount, in % (e.g. 10)",
    "source": "Where the amount comes from (utility statistics, survey …): shown in the report",
    "notes": "Anything a reader should know; for IE, say where the amount is included",
}


def write_template(path: str | Path, example: bool = False, content: tuple | None = None,
                   lang: str | None = None) -> Path:
    """Write the blank activity workbook (or the demo city with *example*) to *path*.

    Parameters
    ----------
    path : path
        The ``.xlsx`` to write (atomically).
    example : bool
        Fill it with the demo city.
    content : (dict, dict, list), optional
        Fill it with these instead: rows per sheet name (``{"Energy": [{column: value}]}``),
        settings (``{key: value}``) and Factors-sheet rows. A value of a number column
        that is not a number is written as text, as a user would have typed it (the
        workshop kit plants such mistakes on purpose).
    lang : str, optional
        ``en``, ``ja``, ``id``, ``vi`` or ``th`` (default the current language): the language
        of the instructions, explanations, column help and drop-down messages. Sheet names,
        setting keys and column names stay English: they are what ghgkit reads.
    """
    from ghgkit.i18n import translator

    tr = translator(lang)

    rows_by_sheet, settings, factor_rows = ({}, {}, [])
    if example:
        rows_by_sheet, settings, factor_rows = _demo()
    if content is not None:
        rows_by_sheet, settings, factor_rows = content
    path = Path(path)
    with atomic_path(path) as tmp:
        wb = excel_workbook(tmp)
        fmt = _formats(wb)
        instructions = _instructions(wb, fmt, tr)
        _settings_sheet(wb, fmt, settings, tr)
        for name, spec in SHEETS.items():
            _data_sheet(wb, fmt, name, spec, rows_by_sheet.get(name, []), tr)
        _factors_sheet(wb, fmt, factor_rows)
        lists = _lists_sheet(wb)     # behind the drop-downs; named ranges, hidden, last
        instructions.activate()
        instructions.set_first_sheet()
        lists.hide()
        wb.close()
    return path


def _formats(wb):
    return {
        "head": wb.add_format({"bold": True, "bg_color": "#1f5f5b", "font_color": "#ffffff", "border": 1,
                               "text_wrap": True, "valign": "top", "locked": True}),
        "input": wb.add_format({"locked": False}),
        "num": wb.add_format({"locked": False, "num_format": "#,##0.###"}),
        "title": wb.add_format({"bold": True, "font_size": 16}),
        "bold": wb.add_format({"bold": True}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "key": wb.add_format({"bold": True, "locked": True, "bg_color": "#e8f0ef", "border": 1}),
        "xt": ExcelText(wb),
    }


def _lists_sheet(wb):
    ws = wb.add_worksheet("Lists")
    for col, (name, values) in enumerate(vocabularies().items()):
        ws.write_string(0, col, name)
        for i, v in enumerate(values, start=1):
            ws.write_string(i, col, str(v))
        letter = _col(col)
        wb.define_name(f"list_{name}", f"=Lists!${letter}$2:${letter}${len(values) + 1}")
    return ws


def _col(i):
    from ghgkit.io.importers import col_letter

    return col_letter(i)


def _instructions(wb, fmt, tr):
    _ = tr.gettext
    ws = wb.add_worksheet("Instructions")
    ws.set_column(0, 0, 110, fmt["wrap"])
    lines = [
        (_("ghgkit activity template"), "title"),
        (_("Template version %(version)s. Fill this workbook, then run:") % {"version": TEMPLATE_VERSION}
         + "  ghgkit calc this_file.xlsx", None),
        ("", None),
        ("1. " + _("Settings sheet: fill city, country, inventory_year (required), population, climate zone and "
                   "your grid emission factor (t CO2/MWh) with its source."), None),
        ("2. " + _("One row per activity on the Energy, Transport, Waste and Wastewater sheets: what was used "
                   "(fuel, electricity, waste stream), how much (amount) and in what unit."), None),
        ("   " + _("Units: any unit whose kind fits the activity: litres (L), cubic metres (m3), kg, t, GJ, TJ, "
                   "kWh, MWh, km, persons. Letters matter: MWh is megawatt-hours, mWh milliwatt-hours."), None),
        ("   " + _("Litres and tonnes of fuel are converted to energy with the fuel's density and net calorific "
                   "value (IPCC 2006 Vol. 2 Table 1.2); the report shows every conversion."), None),
        ("3. " + _("When there is no number, write a notation key instead of an amount:"), None),
    ]
    for k, v in NOTATION_KEYS.items():
        lines.append((f"   {k}: {_(v)}", None))
    lines += [
        ("   " + _("Examples: no piped gas in the city → natural_gas with NO; airport fuel not yet obtained → "
                   "jet_kerosene with NE; diesel of city buses counted in the bus fleet row → IE, saying where "
                   "in notes."), None),
        ("4. " + _("Factors sheet (optional): the city's own factors with their source, e.g. a fuel economy for a "
                   "vehicle class used with method vkt, or a local emission factor. They win over the IPCC "
                   "defaults."), None),
        ("5. " + _("data_quality (high, medium, low) and uncertainty_pct (± % of the amount) are carried to the "
                   "report."), None),
        ("", None),
        (_("Column guide"), "bold"),
    ]
    for k, v in HELP.items():
        lines.append((f"   {k}: {_(v)}", None))
    for i, (text, style) in enumerate(lines):
        ws.write_string(i, 0, text, fmt[style] if style else None)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    return ws


def _settings_sheet(wb, fmt, values: dict, tr):
    ws = wb.add_worksheet("Settings")
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 2, 90)
    for c, h in enumerate(("key", "value", tr.gettext("explanation"))):
        ws.write_string(0, c, h, fmt["head"])
    for r, (key, default, help_) in enumerate(SETTINGS, start=1):
        ws.write_string(r, 0, key, fmt["key"])
        v = values.get(key, default)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            ws.write_number(r, 1, v, fmt["input"])
        else:
            fmt["xt"].write(ws, r, 1, v, fmt["input"])
        ws.write_string(r, 2, tr.gettext(help_))
        if key == "climate_zone":
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": "=list_climate_zones"})
        if key == "gwp":
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": "=list_gwp_sets"})
        if key == "edition":
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": "=list_editions"})
        if key == "ch4_gwp":
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": "=list_ch4_gwp"})
        if key == "bod_region":
            ws.data_validation(r, 1, r, 1, {"validate": "list", "source": "=list_bod_regions"})
        if key == "population":
            ws.data_validation(r, 1, r, 1, {"validate": "decimal", "criteria": ">", "value": 0,
                                            "error_message": tr.gettext("The number of residents, above zero")})
        if key == "inventory_year":
            ws.data_validation(r, 1, r, 1, {"validate": "integer", "criteria": "between",
                                            "minimum": FIRST_INVENTORY_YEAR, "maximum": date.today().year + 1,
                                            "error_message": tr.gettext("A year such as 2023")})
    ws.freeze_panes(1, 0)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})


def _data_sheet(wb, fmt, name, spec, rows, tr):
    _, help_ = spec
    ws = wb.add_worksheet(name)
    for c, col in enumerate(ACTIVITY_COLUMNS):
        ws.write_string(0, c, col, fmt["head"])
        ws.set_column(c, c, WIDTHS.get(col, 12), fmt["num"] if col in ("amount", "uncertainty_pct") else fmt["input"])
        if col in HELP:
            ws.write_comment(0, c, tr.gettext(HELP[col]), {"x_scale": 2})
    ws.set_row(0, 30)
    last = N_ROWS
    pos = {c: i for i, c in enumerate(ACTIVITY_COLUMNS)}
    dv = lambda col, source, strict=True: ws.data_validation(  # noqa: E731
        1, pos[col], last, pos[col],
        {"validate": "list", "source": source, "error_type": "stop" if strict else "information",
         "error_message": tr.gettext("Choose from the list") if strict
         else tr.gettext("Not in the list: check it is intended")})
    dv("sector", f"=list_{name.lower()}_sectors")
    if name in BY_SUBSECTOR:
        # the activity and method lists of the row's subsector (column B), e.g. list_waste_methods__composting
        sub = f"${_col(pos['subsector'])}2"
        dv("subsector", f"=list_{name.lower()}_subsectors")
        dv("activity", f'=INDIRECT("list_{name.lower()}_activities__"&{sub})', strict=False)
        dv("method", f'=INDIRECT("list_{name.lower()}_methods__"&{sub})', strict=False)
    else:
        dv("activity", f"=list_{name.lower()}_activities")
    dv("unit", "=list_units", strict=False)
    dv("notation_key", "=list_notation_keys")
    dv("data_quality", "=list_data_quality")
    dv("scope", "=list_scopes")
    ws.data_validation(1, pos["amount"], last, pos["amount"],
                       {"validate": "decimal", "criteria": ">=", "value": 0,
                        "error_message": tr.gettext("A number, zero or more (no text or units here)")})
    for r, row in enumerate(rows, start=1):
        for c, col in enumerate(ACTIVITY_COLUMNS):
            v = row.get(col)
            if v is None or v == "":
                continue
            if col in ("amount", "year", "scope", "uncertainty_pct") and _is_number(v):
                ws.write_number(r, c, float(v), fmt["num"])
            else:
                fmt["xt"].write(ws, r, c, v, fmt["input"])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, last, len(ACTIVITY_COLUMNS) - 1)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "autofilter": True,
                    "sort": True, "format_columns": True, "insert_rows": True, "delete_rows": True})
    ws.set_header(f"&L{name}: {tr.gettext(help_)[:200]}")


def _is_number(v) -> bool:
    """True for a number, or text that is one (CSV cells are text)."""
    if isinstance(v, bool):
        return False
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return True


def _factors_sheet(wb, fmt, rows):
    ws = wb.add_worksheet("Factors")
    for c, col in enumerate(FACTOR_COLUMNS):
        ws.write_string(0, c, col, fmt["head"])
        ws.set_column(c, c, 30 if col in ("source", "notes", "source_ref") else 14, fmt["input"])
    ws.write_comment(0, 0, "An emission factor: factor_id, activity, gas, value, unit (e.g. t/MWh), "
                           "sector, source. A fuel property: property_id, activity, property "
                           "(fuel_economy, density, ncv), value, unit, fuel, source.", {"x_scale": 3})
    for r, row in enumerate(rows, start=1):
        for c, col in enumerate(FACTOR_COLUMNS):
            v = row.get(col)
            if v is None or v == "":
                continue
            if col == "value":
                ws.write_number(r, c, float(v))
            else:
                fmt["xt"].write(ws, r, c, v)
    ws.freeze_panes(1, 0)


def demo_dir() -> Path:
    """The demo city's folder (inside the wheel, or beside the package in a checkout)."""
    from ghgkit.data import examples_dir

    return examples_dir() / "demo_city"


def _demo():
    import csv
    import tomllib

    d = demo_dir()
    with open(d / "demo_city.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_sheet: dict[str, list] = {}
    for r in rows:
        sheet = next(n for n, (sectors, _) in SHEETS.items() if r["sector"] in sectors)
        by_sheet.setdefault(sheet, []).append(r)
    settings = tomllib.loads((d / "settings.toml").read_text(encoding="utf-8"))
    settings["template_version"] = TEMPLATE_VERSION
    with open(d / "factors.csv", encoding="utf-8") as fh:
        factors = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    for f in factors:
        f["source"] = "Tan Hoa City (fictional) municipal bus company, fleet fuel records 2023 (illustrative)" \
            if f.get("source") == "demo_survey" else f.get("source")
    return by_sheet, settings, factors
