"""The report's per-activity-row and per-(sector, scope) sums, gathered without frames of text
keys, give the numbers pandas gave (bit for bit): the quality table and the stacked chart."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from ghgkit.reports import model
from ghgkit.schema import DATA_QUALITY

values = st.one_of(st.just(float("nan")), st.floats(-1e9, 1e9, allow_nan=False), st.sampled_from([0.1, 0.2, 0.3]))


@st.composite
def result_rows(draw, max_per_row=2):
    n_act = draw(st.integers(1, 25))
    rows = []
    for r in range(n_act):
        k = draw(st.integers(1, max_per_row))
        dq = draw(st.sampled_from([*DATA_QUALITY, None]))
        sector = draw(st.sampled_from(["household", "transport", "waste"]))
        for j in range(k):
            rows.append({"row": r, "scope": 1 + j % 3, "sector": sector,
                         "data_quality": dq, "co2e_t": draw(values)})
    df = pd.DataFrame(rows)
    if draw(st.booleans()):
        df["sector"] = df["sector"].astype("category")
        df["data_quality"] = df["data_quality"].astype("category")
    return df


def _former_quality(rows):
    act = rows.drop_duplicates("row")
    co2e_by_row = rows.groupby("row")["co2e_t"].sum(min_count=1)
    dq = act["data_quality"].astype(object).where(act["data_quality"].notna(), "")
    out = []
    for level in list(DATA_QUALITY) + [""]:
        ids = act.loc[dq == level, "row"]
        if len(ids) == 0 and level == "":
            continue
        out.append((level, len(ids), float(co2e_by_row.reindex(ids).sum()) if len(ids) else 0.0))
    return out


def _same(a, b):
    assert [(lv, n) for lv, n, _ in a] == [(lv, n) for lv, n, _ in b]
    for (_, _, x), (_, _, y) in zip(a, b):
        assert (np.isnan(x) and np.isnan(y)) or x == y, (x, y)


@hsettings(max_examples=200, deadline=None)
@given(result_rows())
def test_quality_sums_are_the_grouped_sums(rows):
    assert model._per_activity_row(rows) is not None            # the fast path is the one tested
    _same(model._quality_sums(rows), _former_quality(rows))


@hsettings(max_examples=60, deadline=None)
@given(result_rows(max_per_row=4))
def test_quality_sums_of_longer_groups_go_through_pandas(rows):
    _same(model._quality_sums(rows), _former_quality(rows))


def test_rows_out_of_order_go_through_pandas():
    rows = pd.DataFrame({"row": [3, 1, 3, 2], "scope": [1, 1, 3, 1], "co2e_t": [1.0, 2.0, 0.5, np.nan],
                         "data_quality": ["high", None, "high", "low"], "sector": "household"})
    assert model._per_activity_row(rows) is None
    _same(model._quality_sums(rows), _former_quality(rows))
    assert model._quality_sums(rows)[0] == ("high", 1, 1.5)


@hsettings(max_examples=200, deadline=None)
@given(result_rows(max_per_row=3))
def test_sector_scope_sums_are_the_former_pivot_table(rows):
    pivot = (rows.assign(_s=rows["sector"].astype(str), _c=rows["scope"].astype(int))
             .pivot_table(index="_s", columns="_c", values="co2e_t", aggfunc="sum", fill_value=0.0))
    got = model._sector_scope_sums(rows)
    for s in ("household", "transport", "waste", "building"):
        for sc in (1, 2, 3):
            want = float(pivot.loc[s, sc]) if s in pivot.index and sc in pivot.columns else 0.0
            assert got.get((s, sc), 0.0) == want
