"""Convert HS6 trade values between HS revisions with the UN adjacent-vintage correlation tables.

The ``hs_vintage_links`` table links each code of a revision to the code(s) of the previous one
(HS22 -> HS17 -> HS12 -> HS07 -> HS02 -> HS96 -> HS92; relationships 1:1, 1:n, n:1, n:n). A
conversion walks those links one vintage at a time, backwards (to an older revision) or forwards
(the links read in reverse). At each step a value at source code ``s`` is split over its targets
``T(s)`` with weights that sum to one:

- ``weights="equal"``: ``w(s, t) = 1 / |T(s)|``;
- ``weights="trade"``: on the *last* step, ``w(s, t) = W_t / sum_{t' in T(s)} W_t'`` where
  ``W_t`` is world trade recorded at target code ``t`` (``trade_flows`` plus ``exports`` at
  6 digits in the target revision, all years); where no trade is recorded at any target of ``s``,
  and on intermediate steps (whose revisions gvc rarely holds), the split is equal.

Values are therefore conserved exactly (up to floating point); ``n:1`` links merge codes by
summing. Rows whose code is not in the correlation table of their revision cannot be converted:
they are left out with a warning giving their number and value.

References
----------
UN Statistics Division, HS correlation and conversion tables (via the Growth Lab's
``hs_adjacent_vintage_correlations`` file). Equal and trade-weighted splits follow Pierce and
Schott (2012), "A concordance between ten-digit U.S. HS codes and SIC/NAICS product classes".
"""

from __future__ import annotations

import uuid
import warnings
from typing import TYPE_CHECKING

import pandas as pd

from gvc import validate
from gvc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from gvc.services.store import Store as Gvc

CHAIN = ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22")
TARGETS = ("HS92", "HS17")


def steps(source: str, target: str) -> list[tuple[str, str]]:
    """Return the adjacent (from, to) revision steps from ``source`` to ``target``."""
    i, j = CHAIN.index(source), CHAIN.index(target)
    if i == j:
        return []
    order = range(i, j, -1) if i > j else range(i, j)
    return [(CHAIN[k], CHAIN[k - 1] if i > j else CHAIN[k + 1]) for k in order]


def convert_hs(
    con: Gvc,
    frame: pd.DataFrame,
    to: str = "HS92",
    weights: str = "equal",
    code_column: str = "product",
    revision_column: str = "hs_revision",
    value_columns: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Convert HS6 rows of ``frame`` to revision ``to``.

    Parameters
    ----------
    con : Gvc
        The database (for ``hs_vintage_links`` and, with trade weights, world trade).
    frame : DataFrame
        HS6 codes in ``code_column`` (six-character strings), their revision in
        ``revision_column`` (any of HS92..HS22, rows may mix revisions) and values to split.
    to : {"HS92", "HS17"}
        The target revision.
    weights : {"equal", "trade"}
        How a value is split over several target codes (see the module docstring).
    value_columns : tuple of str, optional
        The columns split by the weights; default ``value_usd`` and ``quantity`` when present.

    Returns
    -------
    DataFrame
        The same columns, codes and revision converted; rows that fall on the same target code
        and identical other columns are summed.
    """
    target = validate.choice("to", validate.revision(to), TARGETS)
    how = validate.choice("weights", weights, ("equal", "trade"))
    for col in (code_column, revision_column):
        if col not in frame.columns:
            raise InvalidInputError(f"'frame' has no column {col!r} (columns: {list(frame)})")
    values = (
        list(value_columns)
        if value_columns is not None
        else [c for c in ("value_usd", "quantity") if c in frame.columns]
    )
    if not values:
        raise InvalidInputError("'value_columns': no value column to split (e.g. 'value_usd')")
    missing = [c for c in values if c not in frame.columns]
    if missing:
        raise InvalidInputError(f"'value_columns': {missing} not in the frame")
    codes = frame[code_column].astype("string")
    bad = frame[~codes.str.fullmatch(r"\d{6}").fillna(False)]
    if len(bad):
        raise InvalidInputError(
            f"'{code_column}' must hold 6-digit HS codes (first bad: {bad[code_column].iloc[0]!r})"
        )
    revs = {validate.revision(r) for r in frame[revision_column].dropna().unique()}
    keys = [c for c in frame.columns if c not in (code_column, revision_column, *values)]
    cur = con.cursor()
    name = f"_hs_{uuid.uuid4().hex[:8]}"
    out_parts = []
    for rev in sorted(revs):
        part = frame[frame[revision_column].map(validate.revision) == rev]
        path = steps(rev, target)
        cur.register(name, part)
        sql = f"select * exclude ({_q(revision_column)}) from {name}"
        for n, (a, b) in enumerate(path, start=1):
            last = n == len(path)
            link = _link_sql(a, b, how == "trade" and last)
            sql = (
                f"select s.* exclude ({_q(code_column)}, {', '.join(_q(v) for v in values)}),"
                f" l.dst as {_q(code_column)},"
                + ", ".join(f" s.{_q(v)} * l.w as {_q(v)}" for v in values)
                + f" from ({sql}) s join ({link}) l on l.src = s.{_q(code_column)}"
            )
        lost: tuple = (
            cur.execute(  # type: ignore[assignment]
                f"select count(*), coalesce(sum({_q(values[0])}), 0) from {name} where"
                f" {_q(code_column)} not in (select src from ({_link_sql(*path[0], False)}))"
            ).fetchone()
            if path
            else (0, 0)
        )
        if lost[0]:
            warnings.warn(
                f"{lost[0]} {rev} row(s) with {values[0]} {lost[1]:,.0f} have codes missing from "
                f"the {rev} correlation table and were left out of the conversion to {target}",
                stacklevel=3,
            )
        group = ", ".join(_q(c) for c in [*keys, code_column])
        sums = ", ".join(f"sum({_q(v)}) as {_q(v)}" for v in values)
        res = cur.execute(f"select {group}, {sums} from ({sql}) group by all order by all").df()
        cur.unregister(name)
        res[revision_column] = target
        out_parts.append(res)
    if not out_parts:
        return frame.iloc[0:0].copy()
    out = pd.concat(out_parts, ignore_index=True)
    if len(revs) > 1:
        out = out.groupby([*keys, code_column, revision_column], as_index=False, dropna=False)[
            values
        ].sum()
    return out[list(frame.columns)]


def _q(ident: str) -> str:
    return '"' + ident.replace('"', '""') + '"'


def _link_sql(a: str, b: str, trade: bool) -> str:
    """Return SQL of (src, dst, w) for one adjacent step from revision ``a`` to ``b``."""
    if CHAIN.index(a) > CHAIN.index(b):
        pairs = (
            f"select distinct from_code as src, to_code as dst from hs_vintage_links"
            f" where from_revision = '{a}' and to_revision = '{b}'"
        )
    else:
        pairs = (
            f"select distinct to_code as src, from_code as dst from hs_vintage_links"
            f" where from_revision = '{b}' and to_revision = '{a}'"
        )
    if not trade:
        return f"select src, dst, 1.0 / count(*) over (partition by src) as w from ({pairs})"
    world = (
        f"select product, sum(value_usd) as v from (select product, value_usd from"
        f" trade_flows where hs_revision = '{b}' and level = 6 union all select product,"
        f" value_usd from exports where hs_revision = '{b}' and level = 6) group by 1"
    )
    return f"""select p.src, p.dst,
        case when sum(coalesce(t.v, 0)) over (partition by p.src) > 0
             then coalesce(t.v, 0) / sum(coalesce(t.v, 0)) over (partition by p.src)
             else 1.0 / count(*) over (partition by p.src) end as w
        from ({pairs}) p left join ({world}) t on t.product = p.dst"""
