"""Pure maths of the market analyses' inputs and sums (export potential, market targets).

Everything here takes and returns pandas objects and imports nothing of gvc but ``gvc.errors``:
demand-growth compounding, expansion of a customs union's tariff to its members, tariff lookup by
the longest matching product code, world market shares, market-target totals (untapped potential
recomputed on the sums of an HS prefix or sector) and the current-markets shares and growth.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd


def compound_growth(projections: pd.DataFrame, base_year: int, last_year: int) -> pd.Series:
    """Return the growth factor ``prod(1 + value / 100)`` over ``base_year+1 .. last_year``.

    Parameters
    ----------
    projections : DataFrame
        Columns iso3, year, value (annual percent change); rows outside the span and missing
        values are ignored.
    base_year, last_year : int
        The span (exclusive of the base year, inclusive of the last).

    Returns
    -------
    Series
        Growth factor by iso3, only for countries with a value for every year of the span.
    """
    proj = projections[projections["year"].between(base_year + 1, last_year).to_numpy()]
    proj = proj.dropna(subset=["value"])
    n_years = last_year - base_year
    counts = proj.groupby("iso3")["year"].nunique()
    full = counts[counts == n_years].index
    proj = proj[proj["iso3"].isin(full).to_numpy()]
    return (1.0 + proj["value"] / 100.0).groupby(proj["iso3"]).prod()


def annual_rate(factor: pd.Series | float, horizon: int) -> pd.Series | float:
    """Return the annual rate ``factor ** (1 / horizon) - 1`` (0 for a zero horizon)."""
    if not horizon:
        return factor * 0.0
    return factor ** (1.0 / horizon) - 1.0


def expand_union(
    tariffs: pd.DataFrame, union: str, members: Iterable[str]
) -> pd.DataFrame:
    """Give each member of a customs union the union's rows unless it has rows of its own.

    Parameters
    ----------
    tariffs : DataFrame
        With an ``importer`` column; rows of ``importer == union`` are the common tariff.
    union : str
        The union's code (WTO: ``"EUN"``).
    members : iterable of str
        Its member states.

    Returns
    -------
    DataFrame
        The rows of other importers plus one copy of the union's rows per member without rows.
    """
    own = tariffs[tariffs["importer"] == union]
    rest = tariffs[tariffs["importer"] != union]
    have = set(rest["importer"].unique())
    parts = [own.assign(importer=m) for m in members if m not in have]
    return pd.concat([*parts, rest], ignore_index=True)


def chapter_rates(rates: pd.DataFrame, products: Iterable[str]) -> pd.DataFrame:
    """Apply rates by HS chapter (column ``hs2``) to every product of that chapter."""
    prods = pd.DataFrame({"product": sorted(products)})
    prods["hs2"] = prods["product"].str[:2]
    return rates.merge(prods, on="hs2")


def match_prefixes(table: pd.DataFrame, products: Iterable[str]) -> pd.DataFrame:
    """Map rows keyed by product-code prefixes to full products, the longest prefix winning.

    Parameters
    ----------
    table : DataFrame
        Columns importer, product (a code of any length), the values, optionally exporter.
    products : iterable of str
        The full product codes of the flows.

    Returns
    -------
    DataFrame
        The same columns with ``product`` a full code; for each (importer, product[, exporter])
        the row of the longest code that is a prefix of it.
    """
    full_codes = sorted(products)
    rows = []
    for length in sorted(table["product"].str.len().unique()):
        part = table[table["product"].str.len() == length]
        prods = pd.DataFrame({"product_full": full_codes})
        prods["product"] = prods["product_full"].str[:length]
        rows.append(part.merge(prods, on="product").assign(level=length))
    if not rows:
        return table.iloc[0:0]
    full = pd.concat(rows, ignore_index=True)
    keys = ["importer", "product_full"] + (["exporter"] if "exporter" in full.columns else [])
    full = full.sort_values("level").drop_duplicates(keys, keep="last")
    return full.drop(columns=["product", "level"]).rename(columns={"product_full": "product"})


def rename_codes(codes: pd.Series, alias: Mapping[str, str]) -> pd.Series:
    """Map codes back from their ISO3 spelling (``alias``: table code -> ISO3)."""
    back = {v: k for k, v in alias.items()}
    return codes.map(lambda c: back.get(c, c))


def world_shares(flows: pd.DataFrame) -> pd.DataFrame:
    """Return each exporter's world market share by product (columns exporter, product, share)."""
    g = flows.groupby(["exporter", "product"], as_index=False)["value"].sum()
    g["share"] = g["value"] / g.groupby("product")["value"].transform("sum")
    return g


def target_totals(potential: pd.DataFrame, flows: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """Sum one exporter's potential over the products of a target, by market.

    Untapped potential and the realised share are recomputed on the sums: for a prefix
    ``0901`` the untapped potential of a market is ``max(sum potential - sum value, 0)``, not the
    sum of the per-product untapped values.

    Parameters
    ----------
    potential : DataFrame
        Rows of :func:`gvc.analytics.export_potential.export_potential` for the target's
        products: importer, value, potential, potential_base, demand_growth.
    flows : DataFrame
        The bilateral flows of those products (importer, value) for the market sizes.
    horizon : int
        The projection horizon (for the annual demand growth).

    Returns
    -------
    DataFrame
        Columns importer, value, potential, potential_base, demand_growth, imports, untapped,
        realised_share, market_share, demand_growth_pct.
    """
    agg = potential.groupby("importer", as_index=False).agg(
        value=("value", "sum"),
        potential=("potential", "sum"),
        potential_base=("potential_base", "sum"),
        demand_growth=("demand_growth", "first"),
    )
    imports = flows.groupby("importer")["value"].sum()
    agg["imports"] = agg["importer"].map(imports).astype(float)
    agg["untapped"] = np.maximum(agg["potential"] - agg["value"], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        agg["realised_share"] = np.where(
            agg["potential"] > 0, agg["value"] / agg["potential"], np.nan
        )
        agg["market_share"] = agg["value"] / agg["imports"]
    rate = annual_rate(agg["demand_growth"], horizon) if horizon else 0.0 * agg["value"]
    agg["demand_growth_pct"] = 100.0 * rate
    return agg


def chapter_markets(now: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """Rank an exporter's markets within each HS chapter with shares and growth.

    Parameters
    ----------
    now, previous : DataFrame
        Columns chapter, importer, value for the year and the year before.

    Returns
    -------
    DataFrame
        Columns of ``now`` plus previous_value, chapter_total, share (of the chapter), growth_pct
        (on the previous year) and rank (1 = largest market of the chapter).
    """
    prev = previous.rename(columns={"value": "previous_value"})
    out = now.merge(
        prev[["chapter", "importer", "previous_value"]], on=["chapter", "importer"], how="left"
    )
    out["chapter_total"] = out.groupby("chapter")["value"].transform("sum")
    out["share"] = out["value"] / out["chapter_total"]
    out["growth_pct"] = 100.0 * (out["value"] / out["previous_value"] - 1.0)
    out = out.sort_values(
        ["chapter", "value", "importer"], ascending=[True, False, True], kind="stable"
    )
    out["rank"] = out.groupby("chapter").cumcount() + 1
    return out


def world_chapter_growth(world: pd.DataFrame) -> tuple[int, int, pd.DataFrame]:
    """Return the last year, first year and by-chapter world size, growth and exporter share.

    Parameters
    ----------
    world : DataFrame
        Columns year, chapter, world_usd, exporter_usd (non-empty).

    Returns
    -------
    tuple
        ``(last, first, frame)`` with frame indexed by chapter: world_usd (last year),
        world_growth_pct (annual, first to last), exporter_world_share (last year).
    """
    last, first = int(world["year"].max()), int(world["year"].min())
    w_last = world[world["year"] == last].set_index("chapter")
    w_first = world[world["year"] == first].set_index("chapter")
    span = last - first
    growth = (w_last["world_usd"] / w_first["world_usd"]) ** (1.0 / span) - 1.0 if span else 0.0
    frame = pd.DataFrame(
        {
            "world_usd": w_last["world_usd"],
            "world_growth_pct": 100.0 * growth,
            "exporter_world_share": w_last["exporter_usd"] / w_last["world_usd"],
        }
    )
    return last, first, frame
