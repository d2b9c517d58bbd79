"""Cached gvc calls: reference data, complexity, dynamics and the product space."""

from __future__ import annotations

import pandas as pd

import gvc
from app_pages.caching import cached
from gvc.analytics.layout import radial_tree_layout

# -- cached gvc calls: reference data -------------------------------------------------------------


@cached()
def cached_datasets(_con: gvc.Gvc) -> pd.DataFrame:
    """``con.datasets()``."""
    return _con.datasets()


@cached()
def cached_data_gaps(_con: gvc.Gvc, product: str, exporter: str) -> pd.DataFrame:
    """``con.data_gaps(product, exporter)``."""
    return _con.data_gaps(product, exporter)


@cached()
def cached_coverage(_con: gvc.Gvc) -> dict[str, pd.DataFrame]:
    """``con.coverage()``."""
    return _con.coverage()  # type: ignore[return-value]


@cached()
def cached_countries(_con: gvc.Gvc) -> pd.DataFrame:
    """``con.countries()``: iso3, iso_num, iso2, name, ..."""
    return _con.countries()


@cached()
def cached_products(_con: gvc.Gvc, revision: str, level: int) -> pd.DataFrame:
    """Every product of one HS revision and level: code, description, section."""
    return _con.products(None, level=level, revision=revision, limit=100_000)


@cached()
def cached_sections(_con: gvc.Gvc) -> pd.DataFrame:
    """The 21 HS sections (section, name) of the ``hs_sections`` reference table."""
    return _con.hs_sections()


@cached()
def cached_search(_con: gvc.Gvc, query: str, revision: str) -> pd.DataFrame:
    """``con.products(query, revision=...)``."""
    return _con.products(query, revision=revision, limit=200)


@cached()
def cached_complexity_years(_con: gvc.Gvc, level: int) -> list[int]:
    """Years with HS92 trade at ``level`` digits (or finer) for a complexity run."""
    years = _con.years("exports")
    return [y for y in years if not _con.complexity_sources(y, "HS92", level).empty]


# -- cached gvc calls: complexity -----------------------------------------------------------------


@cached()
def cached_complexity(_con: gvc.Gvc, year: int, level: int, country: str) -> pd.DataFrame:
    """``con.complexity(year, level=level, country=country)`` with product descriptions."""
    df = _con.complexity(year, "HS92", level, country=country)
    desc = cached_products(_con, "HS92", level).set_index("code")
    df["product"] = df["product"].astype(str)
    df.insert(2, "description", df["product"].map(desc["description"]))
    df.insert(3, "section", df["product"].map(desc["section"]))
    return df


@cached()
def cached_exporters(_con: gvc.Gvc, year: int, level: int) -> list[str]:
    """Locations of a complexity run (for the country selector)."""
    return sorted(_con.complexity_rankings(year, "HS92", level)["location"].astype(str))


@cached()
def cached_rankings(_con: gvc.Gvc, year: int, level: int) -> pd.DataFrame:
    """``con.complexity_rankings(year, level=level)``."""
    return _con.complexity_rankings(year, "HS92", level)


@cached()
def cached_growth(
    _con: gvc.Gvc, country: str, year: int, level: int, strategy: str | None
) -> tuple[pd.DataFrame, dict]:
    """``con.growth_opportunities(...)`` and its ``attrs`` (strategy, weights, ECI, COI)."""
    df = _con.growth_opportunities(country, year, "HS92", level, strategy=strategy)
    attrs = dict(df.attrs)
    df.attrs = {}
    return df, attrs


@cached()
def cached_dynamics(_con: gvc.Gvc, start: int, end: int, country: str) -> pd.DataFrame:
    """``con.export_dynamics(start, end, level=2, country=country)`` with chapter names."""
    df = _con.export_dynamics(start, end, "HS92", 2, country=country)
    desc = cached_products(_con, "HS92", 2).set_index("code")["description"]
    df["product"] = df["product"].astype(str)
    df.insert(2, "description", df["product"].map(desc))
    return df


@cached(16)
def cached_product_space(_con: gvc.Gvc, year: int, level: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``con.product_space(year, level=level)`` as node and edge tables with a drawing layout.

    The graph does not depend on the country, so it is built once per year; a page adds the
    country's rca, mcp, export_value and density from ``con.complexity`` (the same values
    ``con.product_space(country=...)`` puts on the nodes). The layout
    (:func:`radial_tree_layout` of the maximum spanning tree) is only for drawing.
    """
    g = _con.product_space(year, "HS92", level)
    backbone = [(a, b) for a, b, d in g.edges(data=True) if d.get("backbone")]
    pos = radial_tree_layout(g, backbone)
    nodes = pd.DataFrame.from_dict(dict(g.nodes(data=True)), orient="index")
    nodes.index.name = "product"
    nodes = nodes.reset_index()
    nodes["product"] = nodes["product"].astype(str)
    nodes["x"] = [pos[p][0] for p in nodes["product"]]
    nodes["y"] = [pos[p][1] for p in nodes["product"]]
    edges = pd.DataFrame(
        [
            (str(a), str(b), d.get("proximity"), bool(d.get("backbone")))
            for a, b, d in g.edges(data=True)
        ],
        columns=["product_1", "product_2", "proximity", "backbone"],
    )
    return nodes, edges
