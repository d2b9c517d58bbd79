"""Cached gvc calls: input-output tables (participation, linkages, paths) and markets."""

from __future__ import annotations

from typing import Any

import pandas as pd

import gvc
from app_pages.caching import _quiet, cached
from app_pages.state import lang
from gvc import i18n

# -- cached gvc calls: input-output ---------------------------------------------------------------


@cached()
def cached_io_tables(_con: gvc.Gvc) -> pd.DataFrame:
    """``con.io_tables()``."""
    return _con.io_tables()


def cached_io_labels(_con: gvc.Gvc, table: str, year: int) -> tuple[pd.DataFrame, list[str]]:
    """The country-sector labels of one IO table (region, sector, sector_name in the page's
    language)."""
    labels, notes = _io_labels(_con, table, year)
    return localized_sectors(labels, table), notes


def localized_sectors(df: pd.DataFrame, table: str, column: str = "sector_name") -> pd.DataFrame:
    """``df`` with its ``column`` of IO sector names in the page's language (names catalog,
    ``sector.<table>.<sector>``; the published name where the catalog has none)."""
    if column not in df.columns or "sector" not in df.columns:
        return df
    out = df.copy()
    language = lang()
    out[column] = [i18n.name(f"sector.{table}", s, language, n)
                   for s, n in zip(out["sector"], out[column], strict=True)]
    return out


@cached()
def _io_labels(_con: gvc.Gvc, table: str, year: int) -> tuple[pd.DataFrame, list[str]]:
    return _quiet(lambda: _con.io(table, year).labels)


@cached()
def cached_participation(
    _con: gvc.Gvc, table: str, year: int, region: str | None
) -> tuple[pd.DataFrame, list[str]]:
    """``con.io(table, year).participation(region)``."""
    return _quiet(lambda: _con.io(table, year).participation(region))


@cached()
def cached_io_capabilities(_con: gvc.Gvc, table: str, year: int) -> dict[str, bool]:
    """What an IO table holds: final demand by destination, value-added rows."""
    t = _con.services.io.base_table(table, year)
    return {"final_by_destination": bool(t.final_by_destination),
            "value_added": bool(t.has_value_added)}


@cached()
def cached_intermediate_buyers(_con: gvc.Gvc, table: str, year: int, region: str,
                               sector: str) -> pd.DataFrame:
    """``con.io(table, year).intermediate_exports(region, sector, by="destination")``."""
    return _con.io(table, year).intermediate_exports(region, sector, by="destination")


def cached_linkages(
    _con: gvc.Gvc, table: str, year: int, region: str
) -> tuple[pd.DataFrame, list[str]]:
    """``con.io(table, year).linkages(region)`` with upstreamness and VA in exports; sector
    names in the page's language."""
    link, notes = _linkages(_con, table, year, region)
    return localized_sectors(link, table), notes


@cached()
def _linkages(
    _con: gvc.Gvc, table: str, year: int, region: str
) -> tuple[pd.DataFrame, list[str]]:

    def compute() -> pd.DataFrame:
        system = _con.io(table, year)
        link = system.linkages(region)
        up = system.upstreamness()
        up = up[up["region"] == region][["sector", "upstreamness", "downstreamness"]]
        out = link.merge(up, on="sector", how="left")
        if not (system.table.final_by_destination and system.table.has_value_added):
            return out  # OECD ICIO: no VA in exports (no VA rows, no final demand by destination)
        va = system.value_added_in_exports(region)[["sector", "gross_exports", "dva_share"]]
        return out.merge(va, on="sector", how="left")

    return _quiet(compute)


@cached()
def cached_exports_by_destination(
    _con: gvc.Gvc, table: str, year: int, region: str
) -> tuple[pd.DataFrame, list[str]]:
    """``con.io(table, year).exports_by_destination(region)``."""
    return _quiet(lambda: _con.io(table, year).exports_by_destination(region))


@cached()
def cached_paths(
    _con: gvc.Gvc,
    table: str,
    year: int,
    region: str,
    sector: str,
    target: str | None,
    kind: str,
    top: int,
    max_depth: int,
    direction: str = "down",
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict, list[str]]:
    """``con.io(table, year).paths((region, sector), target, kind)`` as tables, or with
    ``direction="up"`` ``supplier_paths``: the paths that end at (region, sector).

    Returns the paths, the graph's nodes (node, ends) and edges (source, target, value), the
    paths' ``attrs`` (total, enumerated, complete) and any warnings. ``ends`` is the value of
    the paths ending at a node (down) or starting at it (up: where the value added comes from).
    """

    def compute() -> tuple:
        system = _con.io(table, year)
        search = system.supplier_paths if direction == "up" else system.paths
        paths, found = search((region, sector), target, kind=kind, top=top, max_depth=max_depth)
        graph: Any = found  # a networkx DiGraph
        at = "starts" if direction == "up" else "ends"
        nodes = pd.DataFrame(
            [(n, float(d.get(at, 0.0))) for n, d in graph.nodes(data=True)],
            columns=["node", "ends"],
        )
        edges = pd.DataFrame(
            [(a, b, float(d.get("value", 0.0))) for a, b, d in graph.edges(data=True)],
            columns=["source", "target", "value"],
        )
        attrs = dict(paths.attrs)
        paths.attrs = {}
        return paths, nodes, edges, attrs

    (paths, nodes, edges, attrs), notes = _quiet(compute)
    return paths, nodes, edges, attrs, notes


# -- cached gvc calls: markets --------------------------------------------------------------------


def cached_market_targets(
    _con: gvc.Gvc, exporter: str, product: str, year: int, grain: str
) -> tuple[pd.DataFrame, str, list[str], dict | None]:
    """``con.market_targets(...)`` (every market, ranked), its method text in the page's
    language, warnings and the fallback fields (None for a product-level or sector answer).

    The ranking is cached once for both languages; its basis and method texts are taken in the
    page's language on each read (the ``basis`` and ``corrections`` columns too: the API gives
    them in English and, in ``attrs``, in Indonesian).
    """
    df, texts, notes, info = _market_targets(_con, exporter, product, year, grain)
    language = lang()
    if info:  # the fallback's own texts (gvc.services.market_fallback.message)
        from gvc.services.market_fallback import message

        text = message(info, language)
        if len(df):
            buyers = (info.get("top_buyer_id") or {}) if language == "id" else {}
            df = df.assign(basis=message(info, language, part=str(info["grain"])),
                           corrections=text,
                           unit=[i18n.name("unit", u, language, u) for u in df["unit"]],
                           top_buyer=[buyers.get(m, b) for m, b in zip(df["importer"],
                                                                        df["top_buyer"],
                                                                        strict=True)])
        return df, text, notes, info
    text = texts["corrections_id" if language == "id" else "corrections"]
    if len(df):
        df = df.assign(corrections=text)
        if "unit" in df:
            df = df.assign(unit=[i18n.name("unit", u, language, u) for u in df["unit"]])
        basis = texts["basis_id" if language == "id" else "basis"]
        if basis:
            df = df.assign(basis=basis)
    return df, text, notes, info


@cached()
def _market_targets(
    _con: gvc.Gvc, exporter: str, product: str, year: int, grain: str
) -> tuple[pd.DataFrame, dict[str, str], list[str], dict | None]:
    def compute() -> tuple[pd.DataFrame, dict[str, str], dict | None]:
        df = _con.market_targets(exporter, product, year, grain=grain)
        texts = {
            "corrections": str(df.attrs.get("corrections", "")),
            "corrections_id": str(df.attrs.get("corrections_id")
                                  or df.attrs.get("corrections", "")),
            "basis": str(df["basis"].iloc[0]) if len(df) and "basis" in df else "",
            "basis_id": str(df.attrs.get("basis_id", "")),
        }
        info = df.attrs.get("fallback")
        if info:
            info = {**info, "top_buyer_id": df.attrs.get("top_buyer_id", {})}
        df.attrs = {}
        return df, texts, (dict(info) if info else None)

    (df, texts, info), notes = _quiet(compute)
    return df, texts, notes, info


@cached()
def cached_target_years(_con: gvc.Gvc, exporter: str, product: str) -> pd.DataFrame:
    """``con.target_years(exporter, product)``: the years market targets answer, by grain."""
    return _con.target_years(exporter, product)


@cached()
def cached_current_markets(
    _con: gvc.Gvc, exporter: str, chapter: str
) -> tuple[pd.DataFrame, list[str]]:
    """``con.current_markets(exporter, chapter)`` (latest BPS year)."""

    def compute() -> pd.DataFrame:
        df = _con.current_markets(exporter, chapter)
        df.attrs = {}
        return df

    return _quiet(compute)


@cached()
def cached_geo(_con: gvc.Gvc) -> pd.DataFrame:
    """Country positions (iso3, name, lat, lon) of the CEPII GeoDist ``geo`` reference table."""
    return _con.country_positions()
