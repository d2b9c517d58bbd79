"""The best market answer the loaded data allow for a product without product-level flows.

Export potential at HS grain needs bilateral product flows of several exporters for the product and
year (BACI, UN Comtrade). The embedded data hold them for green coffee (UN Comtrade 2005/2010/2015)
and for two BACI sample exporters (2020/2021) only, so for most products and years a user asking
"which markets for product X?" would get an error. :func:`fallback_targets` answers instead, in
this order, from the first grain that has rows:

(a) ``bps``: the exporter's exports of the product's chapter (or of the product itself, from an
    imported BPS EXIM release at HS 6-digit) by destination, from the single-exporter BPS sources
    (agri-food chapters 01-24 2023-2025, chapters 84-85 2020-2025): where Indonesia sells now;
(b) ``icio``: the foreign industries that buy the product's ICIO 2022 industry from the exporter
    as an input, by destination country (OECD ICIO 2025 edition, intermediate flows): current
    sales, not potential;
(c) ``wiod``: the ITC export potential of the product's WIOD 2013 sector by partner (the newest
    WIOD year), the rest of the world left out; a sector without potential is ranked by current
    exports and says so.

Every row names its grain, table and year (``basis``), and ``attrs["fallback"]`` says what was
missing and the one command that adds product-level data (:func:`message` renders it in English
or Indonesian). Values are in USD at every grain (IO tables' million USD converted).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from gvc import i18n
from gvc.download import baci_command
from gvc.errors import DataNotFoundError
from gvc.i18n import Message, Name, Number
from gvc.services.market_data import IO_REGION_ISO3, flow_sources
from gvc.services.store import Store

__all__ = ["TARGET_COLUMNS", "baci_command", "fallback_targets", "icio_buyers", "message",
           "missing_reason"]

#: The columns of a market-targets frame (product level and every fallback grain).
TARGET_COLUMNS = [
    "rank", "importer", "importer_name", "product", "value", "potential", "untapped",
    "realised_share", "imports", "demand_growth_pct", "market_share", "competitors",
    "top_supplier", "top_share", "share", "growth_pct", "top_buyer", "exporter", "grain", "basis",
    "source", "year", "unit", "corrections",
]
#: IO regions that are not countries and so never a target market.
NOT_MARKETS = {"ROW", "RoW", "WLD"}
ICIO_TABLE = "icio2025"
WIOD_TABLE = "wiod2013"

#: The fallback's texts are the catalog's ``fallback.<part>`` messages (gvc/locale).


def missing_reason(store: Store, exporter: str, prefix: str, year: int) -> dict[str, Any] | None:
    """Say why product-level flows cannot serve ``exporter``, ``prefix``, ``year`` (None: they can).

    Returns
    -------
    dict or None
        ``reason`` ("year", "product" or "exporter") with ``source`` and ``loaded`` (the spans of
        the usable sources), or None when a source with several exporters holds the exporter's
        exports of the product in ``year``.
    """
    sources = flow_sources(store)
    usable = sources[(sources["exporters"] >= 2).to_numpy()]
    loaded = "; ".join(
        f"{s} {', '.join(map(str, sorted(int(y) for y in g['year'])))}"
        for s, g in usable.groupby("source")
    ) or "none"
    held = store.sql("market_product_years", exporter=exporter, prefix=prefix)
    if int(year) in {int(y) for y in held["year"]}:
        return None
    hit = usable[(usable["year"] == int(year)).to_numpy()]
    if hit.empty:
        return {"reason": "year", "source": None, "loaded": loaded}
    src = str(hit.sort_values("rows", ascending=False)["source"].iloc[0])
    held_by = store.sql("market_source_exporter", source=src, year=int(year), exporter=exporter)
    has_exporter = not held_by.empty
    return {"reason": "product" if has_exporter else "exporter", "source": src, "loaded": loaded}


def _frame(rows: pd.DataFrame, *, exporter: str, product: str, grain: str, basis: str,
           source: str, year: int, names: dict[str, str], note: str) -> pd.DataFrame:
    """Complete ``rows`` (importer, value[, potential, untapped, ...]) to :data:`TARGET_COLUMNS`."""
    out = rows.copy()
    out = out[~out["importer"].astype(str).isin(NOT_MARKETS).to_numpy()]
    out["importer"] = out["importer"].map(lambda c: IO_REGION_ISO3.get(str(c), str(c)))
    for c in TARGET_COLUMNS:
        if c not in out:
            out[c] = np.nan
    total = float(out["value"].sum())
    out["share"] = out["value"] / total if total > 0 else np.nan
    keys = ["untapped", "potential", "value"]
    ranked = out.sort_values(
        [*keys, "importer"], ascending=[False, False, False, True], kind="stable",
        na_position="last",
    ).reset_index(drop=True)
    ranked["rank"] = np.arange(1, len(ranked) + 1)
    ranked["importer_name"] = ranked["importer"].map(lambda c: names.get(c, "")).astype("str")
    ranked = ranked.assign(exporter=exporter, product=product, grain=grain, basis=basis,
                           source=source, year=int(year), unit="USD", corrections=note)
    for c in ("competitors", "top_supplier", "top_buyer"):
        ranked[c] = ranked[c].astype(object).where(ranked[c].notna(), "").astype("str")
    return ranked[TARGET_COLUMNS]


def _bps(store: Store, exporter: str, prefix: str, year: int) -> tuple[pd.DataFrame, dict] | None:
    rows = store.sql("market_bps_destinations", exporter=exporter, prefix=prefix,
                     chapter=prefix[:2])
    if rows.empty:
        return None
    fine = rows[(rows["level"] > 2).to_numpy()] if len(prefix) > 2 else rows.iloc[0:0]
    pool = fine if not fine.empty else rows[(rows["level"] == 2).to_numpy()]
    years = sorted(int(y) for y in pool["year"].unique())
    y = int(year) if int(year) in years else years[-1]
    now = pool[(pool["year"] == y).to_numpy()]
    src = str(now.groupby("source")["value"].sum().idxmax())
    now = now[(now["source"] == src).to_numpy()].groupby("importer", as_index=False)["value"].sum()
    prev = pool[((pool["year"] == y - 1) & (pool["source"] == src)).to_numpy()]
    prev = prev.groupby("importer")["value"].sum()
    now["growth_pct"] = 100.0 * (now["value"] / now["importer"].map(prev) - 1.0)
    code = prefix if not fine.empty else prefix[:2]
    return now, {"grain": "bps", "table": src, "table_year": y, "code": code}


def icio_buyers(io_system: Callable[[str, int], Any], exporter: str,
                sector: str) -> pd.DataFrame | None:
    """Return the foreign buyers of ``exporter``'s ICIO 2022 ``sector`` by destination country.

    ``intermediate_exports(..., by="destination")`` of the table (million USD, largest first)
    without the rest of the world; None when the table, the exporter or the sector is missing or
    nothing is sold abroad.
    """
    try:
        d = io_system(ICIO_TABLE, 2022).intermediate_exports(exporter, sector, by="destination")
    except (DataNotFoundError, LookupError, ValueError):
        return None
    d = d[~d["destination"].astype(str).isin(NOT_MARKETS).to_numpy()]
    return None if d.empty else d


def _icio(io_system: Callable[[str, int], Any], sector_of: Callable[[str], tuple[str, str] | None],
          names: dict[str, str], exporter: str) -> tuple[pd.DataFrame, dict] | None:
    hit = sector_of(ICIO_TABLE)
    if hit is None:
        return None
    sector, name = hit
    d = icio_buyers(io_system, exporter, sector)
    if d is None:
        return None
    buyers = [
        Message("fallback.top_buyer", sector=s,
                name=Name(f"sector.{ICIO_TABLE}", str(s), names.get(str(s), "")),
                value=Number(float(v), 1), n=n)
        for s, v, n in zip(d["top_buyer_sector"], d["top_buyer_value"], d["buyers"], strict=True)
    ]
    rows = pd.DataFrame({
        "importer": d["destination"].astype(str),
        "value": d["value"].to_numpy(dtype=float) * 1e6,
        "top_buyer": [str(b) for b in buyers],
    })
    rows.attrs["top_buyer_id"] = {m: b.text("id") for m, b in zip(rows["importer"], buyers,
                                                                   strict=True)}
    return rows, {"grain": "icio", "table": ICIO_TABLE, "table_year": 2022, "sector": sector,
                  "sector_name": name}


def fallback_targets(
    store: Store,
    *,
    exporter: str,
    prefix: str,
    year: int,
    reason: dict[str, Any],
    names: dict[str, str],
    io_system: Callable[[str, int], Any],
    sector_names: Callable[[str], dict[str, str]],
    sector_targets: Callable[[str, int], pd.DataFrame],
    wiod_years: list[int],
) -> pd.DataFrame:
    """Rank markets for ``prefix`` at the best grain the loaded data allow (module docstring).

    Parameters
    ----------
    store : Store
        The snapshot.
    exporter, prefix, year
        The question: ISO3, HS code or prefix, the year asked for.
    reason : dict
        What :func:`missing_reason` returned.
    names : dict
        ISO3 -> country name.
    io_system : callable
        ``(table, year) -> IOSystem`` (``con.io``).
    sector_names : callable
        ``table -> {sector: name}``.
    sector_targets : callable
        ``(sector, year) -> market_targets(grain="io")`` on WIOD 2013.
    wiod_years : list of int
        The loaded WIOD 2013 years.

    Returns
    -------
    DataFrame
        :data:`TARGET_COLUMNS`; ``attrs["fallback"]`` holds the message fields.

    Raises
    ------
    DataNotFoundError
        No grain has markets for the product (the message says what was tried).
    """
    maps = store.sql("market_product_sectors", prefix=prefix)

    def sector_of(table: str) -> tuple[str, str] | None:
        m = maps[(maps["io_table"] == table).to_numpy()]
        if m.empty:
            return None
        s = str(m["sector"].iloc[0])
        return s, sector_names(table).get(s, s)

    info: dict[str, Any] = {**reason, "product": prefix, "year": int(year), "exporter": exporter,
                            "command": baci_command(int(year))}
    found = _bps(store, exporter, prefix, year) or _icio(
        io_system, sector_of, sector_names(ICIO_TABLE), exporter)
    if found is None and wiod_years and (hit := sector_of(WIOD_TABLE)) is not None:
        sector, name = hit
        wy = int(year) if int(year) in wiod_years else wiod_years[-1]
        try:
            t = sector_targets(sector, wy)
        except (DataNotFoundError, LookupError, ValueError):
            t = pd.DataFrame()
        if not t.empty:
            rows = t[["importer", "value", "potential", "untapped", "realised_share", "imports",
                      "demand_growth_pct", "market_share", "competitors", "top_supplier",
                      "top_share"]].copy()
            for c in ("value", "potential", "untapped", "imports"):
                rows[c] = rows[c].astype(float) * 1e6
            none = not (rows["untapped"].fillna(0) > 0).any()
            found = rows, {"grain": "wiod_none" if none else "wiod", "table": WIOD_TABLE,
                           "table_year": wy, "sector": sector, "sector_name": name}
    if found is None:
        raise DataNotFoundError(
            f"no markets for HS {prefix}: no product-level flows in {year} ({reason['reason']}), "
            f"no BPS destinations for chapter {prefix[:2]}, and the product maps to no IO "
            f"industry with sales abroad; add BACI: {info['command']}"
        )
    rows, grain_info = found
    info.update(grain_info)
    basis = message(info, "en", part=str(info["grain"]))
    grain = "wiod" if info["grain"] == "wiod_none" else str(info["grain"])
    text = message(info, "en")
    out = _frame(rows, exporter=exporter, product=prefix, grain=grain, basis=basis,
                 source=str(info["table"]), year=int(info["table_year"]), names=names, note=text)
    out.attrs.update({"fallback": info, "message": text, "corrections": text, "grain": grain,
                      "source": info["table"], "year": info["table_year"], "unit": "USD",
                      "top_buyer_id": rows.attrs.get("top_buyer_id", {})})
    return out


def message(info: dict[str, Any], lang: str = "en", part: str | None = None) -> str:
    """Render the fallback message of ``attrs["fallback"]`` in ``lang`` ("en" or "id").

    ``part`` renders one piece only (a grain's basis, e.g. ``"icio"``).
    """
    lg = "id" if lang == "id" else "en"
    fields = {k: ("" if v is None else v) for k, v in info.items()}
    fields.setdefault("sector", "")
    fields.setdefault("sector_name", "")
    fields.setdefault("code", info.get("product", ""))
    if fields["sector"] and info.get("table"):  # the sector's name in the language
        fields["sector_name"] = i18n.name(f"sector.{info['table']}", fields["sector"], lg,
                                          fields["sector_name"])

    def say(key: str, **extra: object) -> str:
        return i18n.text(f"fallback.{key}", lg, **{**fields, **extra})

    if part is not None:
        return say(part)
    return say("intro", detail=say(str(info["reason"])), basis=say(str(info["grain"])))
