"""Cached gvc calls: published indicators and the current tables (Comtrade partners, ADB GVC
indicators, Atlas published ECI, OECD ICIO 2022 structure)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import gvc
from app_pages.caching import cached
from app_pages.data_io import localized_sectors
from gvc.errors import DataNotFoundError

#: Peers shown beside the country in the ADB participation series.
PEERS = ("IDN", "VNM", "THA", "MYS", "PHL", "IND", "CHN")


#: Years over which a partner's average annual growth is taken.
GROWTH_YEARS = 5


@cached()
def cached_partners_latest(_con: gvc.Gvc) -> pd.DataFrame:
    """Indonesia's export partners in the newest UN Comtrade year, largest first.

    ``con.partner_trade("export")`` of that year plus growth_5y_pct: the average annual growth
    of the exports to the partner over :data:`GROWTH_YEARS` years (NaN where the earlier year has
    no exports to it).
    """
    p = _con.partner_trade("export")
    last = int(p["year"].max())
    before = p[p["year"] == last - GROWTH_YEARS].set_index("partner")["value_usd"]
    now = p[p["year"] == last].reset_index(drop=True)
    base = now["partner"].map(before.where(before > 0))
    now["growth_5y_pct"] = 100.0 * ((now["value_usd"] / base) ** (1 / GROWTH_YEARS) - 1.0)
    return now


@cached()
def cached_adb_participation(_con: gvc.Gvc, country: str) -> pd.DataFrame:
    """ADB's trade-based participation 2017-2022 of ``country`` and its peers (whole economy).

    Empty when ``country`` is not one of ADB MRIO's 72 economies.
    """
    every = _con.gvc_indicators()  # the whole economy of all 72 economies, 2017-2022
    if country not in set(every["economy"]):
        return pd.DataFrame()
    out = every[every["economy"].isin([country, *PEERS]).to_numpy()]
    return out[["year", "economy", "economy_name", "gvcp_trade", "gvcp_trade_backward",
                "gvcp_trade_forward", "exports_musd"]].reset_index(drop=True)


@cached()
def cached_published_eci(_con: gvc.Gvc, country: str) -> pd.DataFrame:
    """``con.published_eci(country)`` (Atlas HS92 ranking, 1995-2023); empty if not ranked."""
    try:
        return _con.published_eci(country)
    except DataNotFoundError:
        return pd.DataFrame()


def cached_icio_structure(_con: gvc.Gvc, country: str) -> pd.DataFrame:
    """The country's industries in OECD ICIO 2022: output and intermediate sales abroad.

    Columns sector, sector_name (in the page's language), output (million USD), inputs_abroad
    (intermediate sales to other countries), abroad_share (of output). Empty when the country is
    not an ICIO economy.
    """
    return localized_sectors(_icio_structure(_con, country), "icio2025")


@cached()
def _icio_structure(_con: gvc.Gvc, country: str) -> pd.DataFrame:
    io = _con.io("icio2025", 2022)
    table = io.table
    if country not in table.regions:
        return pd.DataFrame()
    r = table.regions.index(country)
    S = len(table.sectors)
    rows = slice(r * S, (r + 1) * S)
    abroad = io.exports_intermediate_array[rows].sum(axis=1)
    x = io.x.to_numpy()[rows]
    out = pd.DataFrame({
        "sector": list(table.sectors),
        "sector_name": [table.sector_names.get(s, s) for s in table.sectors],
        "output": x,
        "inputs_abroad": abroad,
    })
    out["abroad_share"] = np.where(out["output"] > 0, out["inputs_abroad"] / out["output"],
                                   np.nan)
    return out.sort_values("output", ascending=False, kind="stable").reset_index(drop=True)
