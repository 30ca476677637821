"""The inventory's own files: the JSON contract (DESIGN.md) and the CSV of its result rows.

:meth:`ghgkit.inventory.Inventory.to_csv` and ``to_json`` delegate here. The CSV is
written by pyarrow from an Arrow table built without a Python object per row: text
columns are dictionary arrays over the activity table's category codes (each distinct
value made inert once, see :func:`ghgkit.io.output.inert`), numbers are the float
arrays of the calculation, and the ``line N`` places are joined by Arrow. When a text
column holds something other than strings (a hand-built activity table), the rows go
through a pandas frame instead; both give the same bytes.
"""

from __future__ import annotations

import json
import re
import secrets

import numpy as np
import pandas as pd

#: columns of the CSV, in order (``source`` is where the row came from, ``data_source`` the user's text)
CSV_COLUMNS = ["source", "sector", "subsector", "gpc_ref", "scope", "activity", "amount", "unit", "co2_t",
               "ch4_t", "n2o_t", "co2_biogenic_t", "co2e_t", "factor_ids", "notation_key", "data_source", "notes"]
#: the rows of the JSON contract (DESIGN.md)
JSON_ROW_COLUMNS = ["source", "sector", "subsector", "gpc_ref", "scope", "activity", "amount", "unit",
                    "co2_t", "ch4_t", "n2o_t", "co2_biogenic_t", "co2e_t", "factor_ids", "notation_key",
                    "data_source"]
#: user text (or text derived from it): made inert in the CSV (factor ids come from user factor
#: files and the workbook's Factors sheet too)
INERT_COLUMNS = ("sector", "subsector", "activity", "unit", "factor_ids", "notation_key", "data_source", "notes")
GAS_COLS = ["co2_t", "ch4_t", "n2o_t", "co2_biogenic_t"]


def _activity_name(c: str) -> str:
    """The activity/result column behind an output column."""
    return {"data_source": "source"}.get(c, c)


# -- places -----------------------------------------------------------------------------------
def locations(rows: pd.DataFrame) -> np.ndarray:
    """'Energy!D7' for workbook rows, 'line 12' for CSV rows, per distinct value."""
    sheet = rows["sheet"].astype(object).to_numpy()
    has_sheet = pd.notna(sheet)
    out = np.empty(len(rows), dtype=object)
    if has_sheet.any():
        from ghgkit.io.output import inert_series

        out[has_sheet] = (inert_series(pd.Series(sheet[has_sheet])).astype(str) + "!"
                          + pd.Series(rows["cell"].to_numpy()[has_sheet]).astype(str)).to_numpy()
    line = pd.to_numeric(rows["line"], errors="coerce").to_numpy()
    has_line = ~has_sheet & ~np.isnan(line)
    out[has_line] = np.char.add("line ", line[has_line].astype(np.int64).astype(str)).astype(object)
    out[~has_sheet & ~has_line] = ""
    return out


def _places(act: pd.DataFrame) -> tuple:
    """The activity table's sheet (objects) and line (floats) columns, once for all chunks."""
    n = len(act)
    sheet = act["sheet"].to_numpy(dtype=object) if "sheet" in act.columns else None
    line = (pd.to_numeric(act["line"], errors="coerce").to_numpy(dtype=float) if "line" in act.columns
            else np.full(n, np.nan))
    return sheet, line


def _locations_arrow(act: pd.DataFrame, pos: np.ndarray, places: tuple | None = None):
    """:func:`locations` of the activity rows *pos* as an Arrow string array: 'line N' is
    joined by Arrow (no Python string per row); workbook places (at most the rows a workbook
    may hold) go through :func:`locations`. *places*: :func:`_places` of *act*, when known."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(pos)
    sheet_all, line_all = places if places is not None else _places(act)
    if sheet_all is not None:
        sheet = sheet_all[pos]
        has_sheet = pd.notna(sheet)
    else:
        sheet, has_sheet = None, np.zeros(n, dtype=bool)
    line = line_all[pos]
    has_line = ~has_sheet & ~np.isnan(line)
    text = pc.cast(pa.array(np.where(has_line, line, 0).astype(np.int64)), pa.string())
    out = pc.if_else(pa.array(has_line), pc.binary_join_element_wise("line ", text, ""),
                     pa.scalar("", pa.string()))
    if has_sheet.any():
        full = np.full(n, None, dtype=object)
        full[has_sheet] = locations(pd.DataFrame({"sheet": sheet[has_sheet],
                                                  "cell": act["cell"].to_numpy(dtype=object)[pos][has_sheet],
                                                  "line": np.nan}))
        out = pc.if_else(pa.array(has_sheet), pa.array(full, type=pa.string()), out)
    return out


# -- CSV ----------------------------------------------------------------------------------------
class _NotText(Exception):
    """A text column holds a value that is not a string: use the pandas path."""


def _dict_array(codes: np.ndarray, values, inert_text: bool):
    """A string array from integer *codes* (-1: empty) into *values* (strings or None),
    each distinct value made inert once."""
    import pyarrow as pa

    from ghgkit.io.output import inert

    vals = []
    for v in values:
        if v is None or (isinstance(v, float) and v != v):
            vals.append(None)
        elif isinstance(v, str):
            vals.append(inert(v) if inert_text else v)
        else:
            raise _NotText
    codes = np.asarray(codes, dtype=np.int32)
    missing = codes < 0
    idx = pa.array(codes, mask=missing) if missing.any() else pa.array(codes)
    return pa.DictionaryArray.from_arrays(idx, pa.array(vals, type=pa.string()))   # written as its text


def _from_activity(act: pd.DataFrame, c: str, pos: np.ndarray, blank=None, inert_text: bool = True):
    s = act[c]
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes, values = s.cat.codes.to_numpy()[pos], s.cat.categories
    else:                                           # plain text: one code per distinct value
        codes, values = pd.factorize(s.take(pos), use_na_sentinel=True)
    if blank is not None:
        codes = np.where(blank, -1, codes)
    return _dict_array(codes, values, inert_text)


#: result rows per Arrow table written to the CSV (millions of rows are not held as one table)
CSV_CHUNK = 250_000


def csv_table_arrow(inv):
    """The CSV rows of *inv* as one Arrow table built from category codes and float arrays."""
    return next(csv_tables_arrow(inv, chunk=None))


def csv_tables_arrow(inv, chunk: int | None = CSV_CHUNK):
    """The CSV rows of *inv* as Arrow tables of at most *chunk* rows (None: one table), in order.

    Text columns are dictionary arrays over the activity table's codes (each distinct value
    made inert once per table), numbers the calculation's floats for those rows only.
    """
    import pyarrow as pa

    from ghgkit.schema import STATIONARY_SECTORS
    from ghgkit.sectors.common import gpc_columns

    core, act = inv.core, inv.activity
    order_all = inv.row_order
    places = _places(act)
    factor_texts = []
    for i in inv.info:
        v = i["factor_ids"]
        factor_texts.append("" if v is None or (isinstance(v, float) and v != v) else v)
    amount_all = act["amount"].to_numpy(dtype=float)
    n = len(order_all)
    step = n if chunk is None else chunk
    for lo in range(0, max(n, 1), max(step, 1)):
        order = order_all[lo:lo + step] if chunk is not None else order_all
        pos, gid, scope = core["row"][order], core["gid"][order], core["scope"][order]
        ref, _, sector = gpc_columns(gid, scope, inv.info)
        stationary = np.append(sector.categories.isin(list(STATIONARY_SECTORS)), False)[sector.codes]
        cols = {}
        for c in CSV_COLUMNS:
            if c == "source":
                a = _locations_arrow(act, pos, places)
            elif c == "sector":
                a = _dict_array(sector.codes, sector.categories, True)
            elif c == "gpc_ref":
                a = _dict_array(ref.codes, ref.categories, False)
            elif c == "subsector":
                a = _from_activity(act, c, pos, blank=stationary)
            elif c == "factor_ids":
                a = _dict_array(gid, factor_texts, True)
            elif c == "scope":
                a = pa.array(scope, type=pa.int64())
            elif c in (*GAS_COLS, "co2e_t"):
                a = pa.array(inv._values(c, order), type=pa.float64(), from_pandas=True)
            elif c == "amount":
                a = pa.array(amount_all[pos], type=pa.float64(), from_pandas=True)
            else:
                a = _from_activity(act, _activity_name(c), pos)
            cols[c] = a
        yield pa.table(cols)


def csv_table_pandas(inv):
    """The CSV rows as an Arrow table, through a pandas frame (any column type)."""
    import pyarrow as pa

    from ghgkit.io.output import inert_series

    need = [_activity_name(c) for c in CSV_COLUMNS if c != "source"]
    r = inv.rows if "rows" in inv.__dict__ else inv._materialise(need + ["sheet", "cell", "line"])
    df = pd.DataFrame({"source": locations(r), **{c: r[_activity_name(c)] for c in CSV_COLUMNS if c != "source"}})
    for c in INERT_COLUMNS:
        s = inert_series(df[c].astype(object))
        df[c] = s.where(s.isna() | s.map(type).eq(str), s.astype(str))    # a number among text: as text
    return pa.Table.from_pandas(df, preserve_index=False)


def _with_uncertainty(inv, table, lo: int = 0):
    """*table* (rows *lo*… of the CSV) with the row uncertainty column when it was computed."""
    import pyarrow as pa

    if not inv.uncertainty_result:                  # Eq. 3.1 per row, only when asked for
        return table
    pct = np.asarray(inv.uncertainty_result.row_pct, dtype=float)[lo:lo + table.num_rows]
    return table.append_column("combined_uncertainty_pct", pa.array(pct, type=pa.float64(), from_pandas=True))


def csv_table(inv):
    """The CSV rows of *inv* as one Arrow table (with the row uncertainty when computed)."""
    try:
        table = csv_table_arrow(inv)
    except _NotText:
        table = csv_table_pandas(inv)
    return _with_uncertainty(inv, table)


#: rows formatted as CSV text at a time by one thread (~1 MB of text): the parts of a chunk are
#: formatted in parallel and written in order (parts of 50,000 rows held ~50 MB more at the peak)
CSV_PART = 5_000


def _csv_text(table, opts, header: bool):
    """*table* as CSV text (an Arrow buffer); pyarrow formats without holding the GIL. Its text
    columns are decoded from dictionaries first: one cast of the part took less time than the
    writer's decoding batch by batch (with batches of a part's rows: 250 k rows 309 → 283 ms)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if any(pa.types.is_dictionary(f.type) for f in table.schema):
        table = table.cast(pa.schema([f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type) else f
                                      for f in table.schema]))
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table, sink, write_options=pacsv.WriteOptions(
        include_header=header and opts.include_header, batch_size=opts.batch_size,
        delimiter=opts.delimiter, quoting_style=opts.quoting_style))
    return sink.getvalue()


def _write_csv(inv, sink, opts) -> None:
    """The CSV into *sink* (a path or an Arrow stream), :data:`CSV_CHUNK` rows at a time.

    Formatting numbers as text is most of a large CSV's time, so each chunk is cut into parts of
    :data:`CSV_PART` rows formatted by up to two threads (at most one part per thread in flight,
    written in order as each is done): the same bytes as one writer, about half the wall time on
    two cores for the same CPU time.
    """
    import os
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow as pa

    threads = max(1, min(2, os.cpu_count() or 1))
    out = pa.OSFile(sink, "wb") if isinstance(sink, str) else sink
    pending: deque = deque()
    lo, first, schema = 0, True, None
    try:
        with ThreadPoolExecutor(threads) as pool:
            try:
                for table in csv_tables_arrow(inv):
                    table = _with_uncertainty(inv, table, lo)
                    lo += table.num_rows
                    if schema is None:
                        schema = table.schema
                    elif not table.schema.equals(schema):    # one writer refused this: so do the parts
                        raise ValueError(f"CSV chunk at row {lo - table.num_rows} has the columns "
                                         f"{table.schema} instead of {schema}")
                    for start in range(0, max(table.num_rows, 1), CSV_PART):
                        if len(pending) >= threads:
                            out.write(pending.popleft().result())
                        pending.append(pool.submit(_csv_text, table.slice(start, CSV_PART), opts, first))
                        first = False
                while pending:
                    out.write(pending.popleft().result())
            finally:
                for f in pending:                      # an error: the parts not written are dropped
                    f.cancel()
    finally:
        if out is not sink:
            out.close()


def to_csv(inv, path=None) -> str | None:
    """Result rows as CSV (written by pyarrow); user text is made inert (no formulas)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from ghgkit.io.output import atomic_path

    # batches of a part's rows (the default, 1,024 rows, formatted 250 k rows in 363 ms, not 309 ms)
    opts = pacsv.WriteOptions(quoting_style="needed", batch_size=CSV_PART)
    if path is None:
        try:
            sink = pa.BufferOutputStream()
            _write_csv(inv, sink, opts)
        except _NotText:                            # a text column holds other values: one pandas table
            sink = pa.BufferOutputStream()
            pacsv.write_csv(csv_table(inv), sink, write_options=opts)
        return sink.getvalue().to_pybytes().decode("utf-8")
    with atomic_path(path) as tmp:
        try:
            _write_csv(inv, str(tmp), opts)
        except _NotText:                            # (the chunks written so far are overwritten)
            pacsv.write_csv(csv_table(inv), str(tmp), write_options=opts)
    return None


# -- JSON ---------------------------------------------------------------------------------------
def json_rows(inv) -> pd.DataFrame:
    """The rows of the JSON contract (DESIGN.md): ``source`` is where the row came from
    (``Energy!D7``, ``line 12``), ``data_source`` the user's own source text."""
    cols = [c for c in JSON_ROW_COLUMNS if c not in ("source", "data_source")]
    r = inv.rows if "rows" in inv.__dict__ else inv._materialise(cols + ["source", "sheet", "cell", "line"])
    return pd.DataFrame({"source": locations(r), **{c: r[c] for c in cols}, "data_source": r["source"]})


def jsonable(v):
    if v is None:
        return None
    if isinstance(v, (np.floating, float)):
        return None if np.isnan(v) else float(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    return v


def json_head(inv) -> dict:
    from ghgkit import __version__

    s = inv.settings
    by_sector = {k: {c: jsonable(v) for c, v in d.items()}
                 for k, d in inv.by_sector()[["co2e_t", "co2_t", "ch4_t", "n2o_t"]].to_dict("index").items()}
    return {
        "ghgkit_version": __version__, "city": s.city, "country": s.country,
        "inventory_year": s.inventory_year, "population": s.population, "gwp": inv.gwp,
        "edition": s.edition,
        "totals": {k: jsonable(v) for k, v in inv.totals.items()}
        | ({"uncertainty": inv.uncertainty_result.to_dict()} if inv.uncertainty_result else {}),
        "by_sector": by_sector,
        "by_scope": {str(k): jsonable(v) for k, v in inv.by_scope().items()},
        "warnings": inv.warnings,
    }


def to_dict(inv) -> dict:
    """The JSON contract of DESIGN.md as Python objects (NaN becomes None)."""
    rows = json_rows(inv)
    rows = rows.astype(object).where(rows.notna(), None)
    return {**json_head(inv), "rows": rows.to_dict(orient="records")}


#: below this size (a gram, in tonnes) a number's 15 decimal places (pandas' most) could be off by
#: more than 5e-10 of it (2.95e-14 t was written 0.00000000000003)
SMALL = 1e-6


def to_json(inv, indent: int | None = 1) -> str:
    """The JSON contract of DESIGN.md; the rows are written by pandas (vectorised), to 15 decimal
    places, but for a value below :data:`SMALL`, written with every digit (Python's repr):
    1.7301750000000004e-10 t was 0.000000000173018, and 2.95e-14 t 0.00000000000003. Such a value
    goes to pandas as a text behind a random mark, whose quotes are then taken off."""
    head = json.dumps(json_head(inv), indent=indent, ensure_ascii=False)
    frame = json_rows(inv)
    mark = None
    for c in frame.columns:
        col = frame[c]
        if col.dtype.kind == "f":
            a = col.to_numpy()
        elif col.dtype == object and c == "amount":         # a number, or a text the rules kept
            a = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
        else:
            continue
        with np.errstate(invalid="ignore"):
            small = np.flatnonzero((np.abs(a) < SMALL) & (a != 0))
        if len(small):
            mark = mark or f"~{secrets.token_hex(16)}~"          # in no text (a user's is escaped too)
            cells = col.to_numpy(dtype=object, copy=True)
            cells[small] = [mark + repr(float(x)) for x in a[small].tolist()]
            frame[c] = cells
    rows = frame.to_json(orient="records", force_ascii=False, double_precision=15)
    if mark is not None:
        rows = re.sub(f'"{mark}([^"]*)"', r"\1", rows)
    return head[:-1].rstrip() + ',\n "rows": ' + rows + "\n}"
