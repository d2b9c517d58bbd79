"""Cached gvc calls: reference data, complexity, dynamics and the product space."""

from __future__ import annotations

import re

import pandas as pd

import gvc
from app_pages.caching import cached
from app_pages.state import lang
from gvc import i18n
from gvc.analytics.layout import radial_tree_layout

# -- cached gvc calls: reference data -------------------------------------------------------------


def cached_datasets(_con: gvc.Gvc) -> pd.DataFrame:
    """``con.datasets()``: name, coverage, source, licence and feeds in the page's language."""
    return _datasets(_con, lang())


@cached()
def _datasets(_con: gvc.Gvc, language: str) -> pd.DataFrame:
    df = _con.datasets()
    slugs = [re.sub(r"[^a-z0-9]+", "_", str(n).lower()).strip("_") for n in df["name"]]
    for col in ("coverage", "source", "licence"):
        df[col] = [i18n.name("ds", f"{s}.{col}", language, v) if isinstance(v, str) else v
                   for s, v in zip(slugs, df[col], strict=True)]
    df["feeds"] = [i18n.name("feeds", "concordances" if t.startswith("conc_") else t, language, v)
                   for t, v in zip(df["table_name"], df["feeds"], strict=True)]
    df["name"] = [i18n.name("ds", f"{s}.name", language, v)
                  for s, v in zip(slugs, df["name"], strict=True)]
    return df


def cached_data_gaps(_con: gvc.Gvc, product: str, exporter: str) -> pd.DataFrame:
    """``con.data_gaps(product, exporter, lang)`` in the page's language."""
    return _data_gaps(_con, product, exporter, lang())


@cached()
def _data_gaps(_con: gvc.Gvc, product: str, exporter: str, language: str) -> pd.DataFrame:
    return _con.data_gaps(product, exporter, language)


@cached()
def cached_coverage(_con: gvc.Gvc) -> dict[str, pd.DataFrame]:
    """``con.coverage()``."""
    return _con.coverage()  # type: ignore[return-value]


def cached_countries(_con: gvc.Gvc) -> pd.DataFrame:
    """``con.countries()``: iso3, iso_num, iso2, name (in the page's language), name_en, ..."""
    return _countries(_con, lang())


@cached()
def _countries(_con: gvc.Gvc, language: str) -> pd.DataFrame:
    df = _con.countries()
    df["name_en"] = df["name"]
    df["name"] = [i18n.country(a, language, i18n.name("country", c, language, n))
                  for a, c, n in zip(df["iso2"], df["iso3"], df["name"], strict=True)]
    return df


def cached_products(_con: gvc.Gvc, revision: str, level: int) -> pd.DataFrame:
    """Every product of one HS revision and level: code, description (in the page's language),
    description_en, section. See :func:`_products`."""
    return _products(_con, revision, level, lang())


@cached()
def _products(_con: gvc.Gvc, revision: str, level: int, language: str) -> pd.DataFrame:
    """In Indonesian a product is named by BTKI 2022 where BTKI names the code in ``revision``;
    else by the Indonesian name of its heading (a subheading whose HS 2022 code changed), else of
    its chapter; English only where none of them has a name."""
    df = _con.products(None, level=level, revision=revision, limit=100_000)
    df["description_en"] = df["description"]
    if language == "en":
        return df
    name = df["description_id"]
    for digits, key in ((4, "prod.from_heading"), (2, "prod.from_chapter")):
        if level > digits:
            up = _con.products(None, level=digits, revision=revision, limit=100_000)
            ids = up.set_index("code")["description_id"].dropna()
            parent = df["code"].str[:digits]
            name = name.fillna(pd.Series(
                [i18n.text(key, language, name=ids[c], code=c) if c in ids.index else None
                 for c in parent], index=df.index, dtype=object))
    df["description"] = name.fillna(df["description"])
    return df


def cached_sections(_con: gvc.Gvc) -> pd.DataFrame:
    """The 21 HS sections (section, name in the page's language, name_en)."""
    return _sections(_con, lang())


@cached()
def _sections(_con: gvc.Gvc, language: str) -> pd.DataFrame:
    df = _con.hs_sections()
    df["name_en"] = df["name"]
    df["name"] = [i18n.name("section", s, language, n) for s, n in zip(df["section"], df["name"],
                                                                         strict=True)]
    return df


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


def cached_complexity(_con: gvc.Gvc, year: int, level: int, country: str) -> pd.DataFrame:
    """``con.complexity(year, level=level, country=country)`` with product descriptions in the
    page's language (the run is cached once for both languages)."""
    df = _complexity(_con, year, level, country)
    desc = cached_products(_con, "HS92", level).set_index("code")["description"]
    df["description"] = df["product"].map(desc)
    return df


@cached()
def _complexity(_con: gvc.Gvc, year: int, level: int, country: str) -> pd.DataFrame:
    df = _con.complexity(year, "HS92", level, country=country)
    desc = _products(_con, "HS92", level, "en").set_index("code")
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
def cached_rankings_atlas(_con: gvc.Gvc, year: int, level: int) -> pd.DataFrame:
    """``con.complexity_rankings(year, level=level, atlas_filters=True)``."""
    return _con.complexity_rankings(year, "HS92", level, atlas_filters=True)


@cached()
def cached_growth(
    _con: gvc.Gvc, country: str, year: int, level: int, strategy: str | None
) -> tuple[pd.DataFrame, dict]:
    """``con.growth_opportunities(...)`` and its ``attrs`` (strategy, weights, ECI, COI)."""
    df = _con.growth_opportunities(country, year, "HS92", level, strategy=strategy)
    attrs = dict(df.attrs)
    df.attrs = {}
    return df, attrs


def cached_dynamics(_con: gvc.Gvc, start: int, end: int, country: str) -> pd.DataFrame:
    """``con.export_dynamics(start, end, level=2, country=country)`` with chapter names in the
    page's language."""
    df = _dynamics(_con, start, end, country)
    desc = cached_products(_con, "HS92", 2).set_index("code")["description"]
    df["description"] = df["product"].map(desc)
    return df


@cached()
def _dynamics(_con: gvc.Gvc, start: int, end: int, country: str) -> pd.DataFrame:
    df = _con.export_dynamics(start, end, "HS92", 2, country=country)
    df["product"] = df["product"].astype(str)
    df.insert(2, "description", "")
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
