"""Write the demo city's yearly inventories 2015-2023 (examples/trend/inventories/).

Tan Hoa City is fictional; so is this history. It starts from the 2023 demo inventory
(examples/demo_city/demo_city.csv and settings.toml) and goes back in time with
illustrative, plausible changes:

- population grows 1.8 % a year (1,050,000 in 2023);
- grid electricity grows 5 % a year in homes, 4 % in commercial and public buildings,
  3 % in industry; the illustrative grid factor falls from 0.66 (2015) to 0.60 t CO2/MWh;
- road fuel grows 6 % (gasoline) and 4 % (diesel) a year, bus kilometres 3 %;
- household kerosene falls 6 % a year (more so after the LPG stove project of 2021),
  LPG grows 3 % a year; industrial coal falls 1 % a year;
- the landfill recovers methane from 2020 (new gas collection and flaring);
- composting grows, with the market-waste composting project from 2019;
- agricultural diesel was not estimated before 2017 (NE): the trend flags it.

Run from the repository root:  python examples/trend/make_inventories.py
Every number below is illustrative; none is a published statistic.
"""

from __future__ import annotations

import csv
import io
import shutil
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO = HERE.parent / "demo_city"
OUT = HERE / "inventories"
YEARS = range(2015, 2024)

#: (sector, subsector, activity) -> yearly growth rate (amount_y = amount_2023 × (1 + g)^(y − 2023))
GROWTH = {
    ("household", "", "electricity"): 0.05,
    ("household", "", "lpg"): 0.03,
    ("household", "", "kerosene"): -0.06,
    ("household", "", "charcoal"): -0.02,
    ("household", "", "wood"): -0.03,
    ("building", "", "electricity"): 0.04,
    ("building", "", "diesel"): 0.01,
    ("building", "", "lpg"): 0.04,
    ("industry", "", "electricity"): 0.03,
    ("industry", "", "coal"): -0.01,
    ("industry", "", "natural_gas"): 0.05,
    ("agriculture", "", "diesel"): 0.0,
    ("transport", "on_road", "gasoline"): 0.06,
    ("transport", "on_road", "diesel"): 0.04,
    ("transport", "on_road", "city_bus_diesel"): 0.03,
    ("transport", "rail", "diesel"): 0.0,
    ("transport", "waterborne", "diesel"): 0.02,
    ("transport", "off_road", "diesel"): 0.05,
    ("wastewater", "domestic", "population"): 0.018,
}
#: extra kerosene cut by the LPG stove project (2021 on) [L], illustrative
KEROSENE_SWITCHED = {2021: 60_000, 2022: 120_000, 2023: 130_000}
#: landfill methane recovered and flared [t CH4], illustrative
LFG_RECOVERED = {2020: 900, 2021: 1500, 2022: 1900, 2023: 2100}
#: market waste composted [t]: the city plant plus the project (2019 on), illustrative
COMPOSTED = {2015: 9000, 2016: 9300, 2017: 9600, 2018: 9900, 2019: 12600, 2020: 13100, 2021: 13800,
             2022: 14400, 2023: 15000}


def amount(row: dict, year: int) -> str:
    key = (row["sector"], row["subsector"], row["activity"])
    a = float(row["amount"])
    if row["sector"] == "waste" and row["subsector"] == "composting":
        return str(COMPOSTED[year])
    if key in GROWTH:
        a *= (1 + GROWTH[key]) ** (year - 2023)
    if key == ("household", "", "kerosene"):
        a += KEROSENE_SWITCHED.get(2023, 0) - KEROSENE_SWITCHED.get(year, 0)
    return f"{a:.0f}" if a >= 1000 else f"{a:.1f}"


def year_rows(rows: list[dict], year: int) -> list[dict]:
    out = []
    for r in rows:
        r = dict(r)
        if r["sector"] == "waste" and r["subsector"] == "landfill":
            if int(r["year"]) > year:
                continue                  # the disposal history up to the inventory year
        elif r["amount"]:
            r["amount"] = amount(r, year)
            r["source"] = r["source"].replace("2022", str(year - 1)).replace("2023", str(year))
        if r["sector"] == "agriculture" and year < 2017:
            r.update(amount="", unit="", notation_key="NE", data_quality="", uncertainty_pct="",
                     source="", notes="no estimate before the extension office survey of 2017")
        out.append(r)
    return out


def settings_text(base: dict, year: int) -> str:
    pop = round(base["population"] * 1.018 ** (year - 2023), -2)
    grid = round(0.66 - 0.0075 * (year - 2015), 4)
    lines = [f"# Tan Hoa City (fictional), inventory {year}: written by make_inventories.py; illustrative numbers.",
             f'city = "{base["city"]}"', f'country = "{base["country"]}"', f"inventory_year = {year}",
             f"population = {pop:.0f}", f'climate_zone = "{base["climate_zone"]}"', f'gwp = "{base["gwp"]}"',
             f'edition = "{base["edition"]}"',
             "# illustrative grid factor for the fictional city (t CO2/MWh), not a published value",
             f"grid_ef = {grid}", f'grid_ef_source = "{base["grid_ef_source"]}"',
             f"td_loss_rate = {base['td_loss_rate']}", f'bod_region = "{base["bod_region"]}"']
    if year in LFG_RECOVERED:
        lines += ["# methane recovered and flared at the landfill (t CH4), illustrative",
                  f"landfill_ch4_recovered = {LFG_RECOVERED[year]}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    text = (DEMO / "demo_city.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    rows, fields = list(reader), reader.fieldnames
    base = tomllib.loads((DEMO / "settings.toml").read_text(encoding="utf-8"))
    OUT.mkdir(exist_ok=True)
    shutil.copyfile(DEMO / "factors.csv", OUT / "factors.csv")    # the bus fuel economy, every year
    for y in YEARS:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(year_rows(rows, y))
        (OUT / f"tan_hoa_{y}.csv").write_text(buf.getvalue(), encoding="utf-8")
        (OUT / f"tan_hoa_{y}.toml").write_text(settings_text(base, y), encoding="utf-8")
    print(f"wrote {len(YEARS)} inventories to {OUT.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
