"""Ranked, explained export opportunities for an MSE cluster.

For one cluster the engine lists candidate product lines (HS 1992, 4 digits) in three roles:

- ``made``: products the cluster makes (registry ``hs_products``); when the registry gives none,
  ``activity`` products implied by its KBLI/ISIC Rev.4 codes (HS -> ISIC Rev.4 concordance);
- ``adjacent``: products close to what the cluster makes in the product space (Hidalgo et al.
  2007): maximum proximity to a made product at least ``min_proximity``;
- ``supplier``: intermediate inputs (BEC Rev.4 end use 'intermediate') of the cluster's IO
  sectors (those of its products; without products, the main sectors of its KBLI activities)
  that Indonesia's exporting sectors buy, many of them imported (WIOD 2013).

Each candidate gets four components on 0-1 and a combined score (weighted mean, weights
adjustable, re-normalised over the components that have data):

- **feasibility** = 0.6 x the product's maximum proximity to a product the cluster makes (1 for
  made products; unknown when the cluster's products are unknown, and then density alone) +
  0.4 x the percentile of Indonesia's product-space density for the product among all products;
- **attractiveness** = weighted mean of percentiles among all products of: world trade (2016),
  world export growth of its HS chapter (BACI, CAGR over ``growth_window``), PCI, COG, and
  untapped potential. Untapped potential comes from ``con.market_targets``/``export_potential``
  when they cover the product; otherwise the documented proxy
  ``max(s_IDN * W_p - X_IDN,p, 0)``: what Indonesia would export if it held its average world
  market share ``s_IDN`` in the product;
- **linkage** = percentile, among Indonesia's 35 WIOD sectors, of the product's sector link to
  Indonesia's export demand: the domestic output the sector supplies for exports (``(L e)_s``,
  direct and through other exporting sectors) plus the inputs of that sector Indonesia's export
  production imports (room for local supply);
- **readiness** = 1 - readiness gap, the gap being the share of certifiable market-entry
  requirements (``market_requirements``, matched to the product's HS code through the compiled
  table ``data/concordances/market_requirements_hs_prefixes.csv``) in the product's main
  markets that the cluster's certifications do not meet; unknown when the registry gives no
  certifications.

Every row carries a plain-language "why" in English and Bahasa Indonesia naming the numbers it
used. Sources: Atlas HS92 2016 exports (complexity, proximity, density, PCI, COG), BACI HS92
chapter totals (growth), WIOD 2013 (linkages, destinations), BPS agri-food exports 2023-2025
(markets for chapters 01-24), the market requirements fact table.
"""

from __future__ import annotations

import csv
import math
import uuid
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gvc import groups
from gvc.analytics.readiness import _codes
from gvc.errors import DataNotFoundError, GvcError, InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from gvc.api import Gvc

#: Default weights of the four components of the combined score.
DEFAULT_WEIGHTS: dict[str, float] = {
    "feasibility": 0.40,
    "attractiveness": 0.25,
    "linkage": 0.15,
    "readiness": 0.20,
}
#: Weights inside feasibility: the cluster's own proximity counts more than the country's density.
FEASIBILITY_WEIGHTS: dict[str, float] = {"proximity": 0.6, "density": 0.4}
#: Default weights of the attractiveness sub-components.
ATTRACTIVENESS_WEIGHTS: dict[str, float] = {
    "world_demand": 0.25,
    "growth": 0.20,
    "pci": 0.15,
    "cog": 0.15,
    "untapped": 0.25,
}
ROLES = ("made", "adjacent", "supplier")
EU27 = frozenset(groups.EU27)
GCC = frozenset(("SAU", "ARE", "KWT", "QAT", "BHR", "OMN"))
#: IO region codes that differ from ISO3 (WIOD 2013 uses ROM for Romania).
IO_REGION_ISO3 = {"ROM": "ROU"}
REQ_TABLE = "concordances/market_requirements_hs_prefixes.csv"
COUNTRY = "IDN"


def _weights(
    given: Mapping[str, float] | None, default: Mapping[str, float], name: str
) -> dict[str, float]:
    w = dict(default)
    if given:
        unknown = sorted(set(given) - set(w))
        if unknown:
            raise InvalidInputError(f"'{name}': unknown key(s) {unknown}; keys are {', '.join(w)}")
        for k, v in given.items():
            try:
                f = float(v)
            except (TypeError, ValueError):
                f = float("nan")
            if not math.isfinite(f) or f < 0:
                raise InvalidInputError(f"'{name}': {k} must be a non-negative number (got {v!r})")
            w[k] = f
    total = sum(w.values())
    if total <= 0:
        raise InvalidInputError(f"'{name}': at least one weight must be positive")
    return {k: v / total for k, v in w.items()}


def market_codes(iso3: str) -> set[str]:
    """Return the requirement-table market codes that apply to a country (EU27, GCC, itself)."""
    code = IO_REGION_ISO3.get(iso3, iso3)
    out = {code}
    if code in EU27:
        out.add("EU27")
    if code in GCC:
        out.add("GCC")
    return out


def requirement_matrix(products: Iterable[str], prefixes: Iterable[Iterable[str]]) -> np.ndarray:
    """Return a boolean matrix: product i (HS code) falls under requirement j's HS prefixes.

    A prefix ``all`` covers every product; otherwise a product matches when its code starts with
    one of the prefixes (chapters of 2 digits, headings of 4).
    """
    prods = list(products)
    cols = []
    for pref in prefixes:
        pref = [p for p in pref if p]
        if "all" in pref:
            cols.append(np.ones(len(prods), dtype=bool))
        else:
            tup = tuple(pref)
            cols.append(
                np.array([p.startswith(tup) for p in prods], dtype=bool)
                if tup
                else np.zeros(len(prods), dtype=bool)
            )
    return np.column_stack(cols) if cols else np.zeros((len(prods), 0), dtype=bool)


def percentile(values: pd.Series) -> pd.Series:
    """Return the percentile rank (0-1, average ties) of each value; NaN stays NaN."""
    return values.rank(pct=True, method="average")


def combine(components: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Weighted mean of the component columns per row, re-normalised over non-missing ones.

    Parameters
    ----------
    components : DataFrame
        One column per key of ``weights`` with values in 0-1 (NaN = unknown).
    weights : mapping
        Component -> weight (need not sum to 1).

    Returns
    -------
    Series
        ``sum_k w_k c_k / sum_k w_k`` over the components k known in the row; NaN if none is.
    """
    keys = list(weights)
    c = components[keys].to_numpy(float)
    w = np.array([weights[k] for k in keys], dtype=float)
    known = ~np.isnan(c)
    wk = known * w
    den = wk.sum(axis=1)
    num = np.where(known, c, 0.0) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.Series(np.where(den > 0, num / den, np.nan), index=components.index)


@dataclass
class Context:
    """Country-level inputs shared by every cluster (built once per database and kept)."""

    products: pd.DataFrame
    phi: np.ndarray
    sectors: pd.DataFrame
    requirements: pd.DataFrame
    req_matrix: np.ndarray
    bps_markets: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    targets: pd.DataFrame | None = None
    year: int = 2016
    io_year: int = 2011
    growth_window: tuple[int, int] = (2014, 2019)

    @property
    def index(self) -> dict[str, int]:
        """Return product code -> row position."""
        return {p: i for i, p in enumerate(self.products.index)}


def build_context(
    con: Gvc,
    year: int = 2016,
    io_table: str = "wiod2013",
    io_year: int = 2011,
    growth_window: tuple[int, int] = (2014, 2019),
) -> Context:
    """Gather the country-level inputs of the engine for Indonesia (see the module docstring)."""
    notes: list[str] = []
    cx = con.complexity(year, "HS92", 4)
    world = cx.groupby("product", observed=True)["export_value"].sum()
    idn = cx[cx["location"] == COUNTRY].set_index("product")
    if idn.empty:
        raise DataNotFoundError(f"no {COUNTRY} exports in the complexity data for {year}")
    prods = pd.DataFrame(index=pd.Index(idn.index.astype(str), name="hs4"))
    prods["world_trade"] = world.reindex(idn.index).to_numpy(float)
    for col in ("export_value", "rca", "mcp", "density", "pci", "cog"):
        prods[col] = idn[col].to_numpy(float)
    desc = con.sql("complexity_products", revision="HS92", level=4).set_index("product")
    prods["description"] = desc["description"].reindex(prods.index).astype("str").to_numpy()
    prods["chapter"] = prods.index.str[:2]
    f, last = growth_window
    g = con.sql(
        "cluster_chapter_growth", source="baci_hs92_hs2", first_year=int(f), last_year=int(last)
    ).set_index("chapter")
    with np.errstate(divide="ignore", invalid="ignore"):
        cagr = (g["last_usd"] / g["first_usd"]) ** (1.0 / (last - f)) - 1.0
    prods["chapter_growth"] = prods["chapter"].map(cagr).astype(float).to_numpy()
    notes.append(
        f"world demand, PCI, COG, density: Atlas HS92 4-digit exports {year}; growth: "
        f"BACI HS92 world exports by chapter, CAGR {f}-{last}"
    )
    share = prods["export_value"].sum() / prods["world_trade"].sum()
    prods["untapped_proxy"] = np.maximum(share * prods["world_trade"] - prods["export_value"], 0)
    prods.attrs["idn_world_share"] = float(share)
    hs = con.sql("cluster_hs4_sectors", io_table=io_table).set_index("hs4")
    prods["sector"] = hs["sector"].reindex(prods.index).to_numpy()
    prods["intermediate_share"] = hs["intermediate_share"].reindex(prods.index).to_numpy(float)
    for col, src in (
        ("pct_world_demand", "world_trade"),
        ("pct_pci", "pci"),
        ("pct_cog", "cog"),
        ("pct_density", "density"),
        ("pct_untapped_proxy", "untapped_proxy"),
    ):
        prods[col] = percentile(prods[src])
    ch = prods.groupby("chapter")["chapter_growth"].first()
    prods["pct_growth"] = prods["chapter"].map(percentile(ch)).astype(float)
    # product space
    prox = con.proximity(year, "HS92", 4)
    phi = np.zeros((len(prods), len(prods)))
    heads = pd.Index(prods.index)

    def positions(col: pd.Series) -> np.ndarray:
        # factorise the 1.5 million codes once, then look up the few distinct ones
        codes, uniques = pd.factorize(col)
        where = heads.get_indexer(pd.Index(uniques).astype(str))
        return np.where(codes >= 0, where[codes], -1)

    a = positions(prox["product_1"])
    b = positions(prox["product_2"])
    ok = (a >= 0) & (b >= 0)
    phi[a[ok], b[ok]] = prox["proximity"].to_numpy(float)[ok]
    phi = np.maximum(phi, phi.T)
    np.fill_diagonal(phi, 1.0)
    sectors = _sector_links(con, io_table, io_year)
    notes.append(f"linkages and destinations: {io_table} {io_year}, Indonesia")
    req = con.sql("cluster_requirements")
    comp = pd.read_csv(con.data_dir / REQ_TABLE, dtype=str, keep_default_na=False)
    comp["row_id"] = comp["row_id"].astype(int)
    req = req.merge(comp, on="row_id", how="left")
    missing = req["hs_prefixes"].isna()
    if missing.any():
        warnings.warn(
            f"market requirements rows {req.loc[missing, 'row_id'].tolist()} have no HS mapping "
            f"in data/{REQ_TABLE}; they are not matched to products",
            stacklevel=2,
        )
    req["hs_prefixes"] = req["hs_prefixes"].fillna("")
    req["satisfied_by"] = req["satisfied_by"].fillna("")
    pref = [p.split(";") for p in req["hs_prefixes"]]
    mat = requirement_matrix(prods.index, pref)
    bps = con.sql("cluster_bps_markets")
    if not bps.empty:
        notes.append(
            f"markets for HS chapters 01-24: BPS exports by destination {int(bps['year'].iloc[0])}"
        )
    targets, tnote = _sector_targets(con, io_year)
    notes.append(tnote)
    return Context(
        products=prods,
        phi=phi,
        sectors=sectors,
        requirements=req,
        req_matrix=mat,
        bps_markets=bps,
        notes=notes,
        year=year,
        io_year=io_year,
        growth_window=(int(f), int(last)),
        targets=targets,
    )


def _sector_targets(con: Gvc, io_year: int) -> tuple[pd.DataFrame | None, str]:
    """Top target markets per IO sector by untapped potential (``con.export_potential``).

    Uses the market-targets API (ITC export-potential method at IO-sector grain) when it is
    present; returns (None, note) otherwise. Sectors where Indonesia has no comparative advantage
    get no potential there (the method's supply term) and fall back to current markets.
    """
    fn = getattr(con, "export_potential", None)
    if fn is None:
        return None, "target markets: market-targets API not available; current markets used"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pot = fn(COUNTRY, io_year, grain="io")
    except (GvcError, TypeError, ValueError, LookupError) as err:
        return None, f"target markets: export potential failed ({err}); current markets used"
    if pot.empty or not {"importer", "product", "untapped"} <= set(pot.columns):
        return None, "target markets: no export potential rows; current markets used"
    pot = pot[~pot["importer"].astype(str).str.upper().isin(["ROW"])]
    pot = pot.sort_values(["product", "untapped"], ascending=[True, False], kind="stable")
    top = (
        pot[pot["untapped"] > 0]
        .groupby("product")["importer"]
        .apply(lambda s: [IO_REGION_ISO3.get(str(c), str(c)) for c in s.head(3)])
    )
    total = pot.groupby("product")["untapped"].sum()
    out = pd.DataFrame({"targets": top, "untapped_musd": total}).dropna(subset=["targets"])
    return out, (
        f"target markets: largest untapped potential by WIOD sector, ITC method via "
        f"con.export_potential (IDN, {io_year}, grain='io'; RoW left out)"
    )


def _sector_links(con: Gvc, io_table: str, io_year: int) -> pd.DataFrame:
    """Indonesia's sector links to its export demand in the IO table.

    With e Indonesia's gross exports (zero outside its rows), ``x_e = L e`` is the output every
    country-sector produces for them; Indonesia's producers buy ``A[(r,s),(IDN,j)] x_e[(IDN,j)]``
    of sector s from region r. Returns, per sector: name, exports (e), output_for_exports
    (``x_e`` of the Indonesian sector), domestic_inputs and imported_inputs (inputs of sector s
    bought from Indonesia and from abroad for export production), va_in_exports
    (``v_s x_e,s``), link_total (output_for_exports + imported_inputs), link_pct, destinations
    (top three export destinations). Values in the table's unit (million USD).
    """
    with warnings.catch_warnings():
        # WIOD 2013 has a few negative outputs elsewhere (LUX); they do not touch Indonesia
        warnings.filterwarnings("ignore", message=".*negative gross output.*")
        io = con.io(io_table, io_year)
    t = io.table
    regions, sectors = list(t.regions), list(t.sectors)
    if COUNTRY not in regions:
        raise DataNotFoundError(f"{io_table} {io_year} has no region {COUNTRY}")
    S = len(sectors)
    r0 = regions.index(COUNTRY) * S
    rows = slice(r0, r0 + S)
    e = np.zeros(io.n)
    e[rows] = io.e_array[rows]
    xe = io.solver.right(e)
    A = io.A_array
    buy = A[:, rows] @ xe[rows]  # purchases of every (r, s) by IDN producers for exports
    buy_by_region = buy.reshape(len(regions), S)
    dom = buy_by_region[regions.index(COUNTRY)]
    imp = buy_by_region.sum(axis=0) - dom
    v = io.v_array[rows]
    names = dict(t.sector_names) if hasattr(t, "sector_names") else {}
    out = pd.DataFrame(
        {
            "sector": sectors,
            "name": [names.get(s, s) for s in sectors],
            "exports": e[rows],
            "output_for_exports": xe[rows],
            "domestic_inputs": dom,
            "imported_inputs": imp,
            "va_in_exports": v * xe[rows],
        }
    ).set_index("sector")
    out["link_total"] = out["output_for_exports"] + out["imported_inputs"]
    out["link_pct"] = percentile(out["link_total"])
    dest = io.exports_by_destination(COUNTRY)
    top = (
        dest.sort_values("total", ascending=False)
        .groupby("sector")["destination"]
        .apply(lambda s: [d for d in s if str(d).upper() != "ROW"][:3])
    )
    out["destinations"] = [top.get(s, []) for s in out.index]
    return out


def get_context(con: Gvc, **options: object) -> Context:
    """Return the memoised :class:`Context` for ``con`` (built on first use)."""
    key = "opportunity_context:" + repr(sorted(options.items()))
    return con.memo(key, lambda: build_context(con, **options))  # type: ignore[arg-type,return-value]


def _structural_path(con: Gvc, sector: str, io_table: str, io_year: int) -> str:
    """Describe the strongest non-trivial structural path from an Indonesian sector to exports."""

    def compute() -> str:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*negative gross output.*")
            io = con.io(io_table, io_year)
        try:
            paths, _ = io.paths((COUNTRY, sector), COUNTRY, top=12)
        except GvcError:
            return ""
        longer = paths[paths["depth"] > 0]
        other = longer[longer["end"] != longer["start"]]
        if longer.empty:
            return ""
        best = other.iloc[0] if not other.empty else longer.iloc[0]
        return f"{best['path']} -> exports (USD {best['value']:,.0f} m of value added)"

    return con.memo(f"cluster_path:{io_table}:{io_year}:{sector}", compute)  # type: ignore[return-value]


def cluster_products(ctx: Context, hs_products: object) -> tuple[list[str], list[str]]:
    """Map registry HS codes to the context's HS92 headings; return (known, not found)."""
    known, unknown = [], []
    heads = ctx.products.index
    for code in _codes(hs_products):
        if len(code) == 2:
            hit = [h for h in heads if h.startswith(code)]
        else:
            hit = [code[:4]] if code[:4] in ctx.index else []
        if hit:
            known.extend(hit)
        else:
            unknown.append(code)
    return list(dict.fromkeys(known)), unknown


def _kbli_prefixes(kbli: object) -> list[str]:
    return sorted({c[:4] for c in _codes(kbli)})


def opportunities(
    con: Gvc,
    cluster: Mapping[str, object],
    weights: Mapping[str, float] | None = None,
    attractiveness_weights: Mapping[str, float] | None = None,
    roles: Iterable[str] = ROLES,
    min_proximity: float = 0.35,
    max_adjacent: int = 40,
    max_supplier: int = 40,
    max_activity: int = 80,
    top: int | None = None,
    **context_options: object,
) -> pd.DataFrame:
    """Rank a cluster's export opportunities (see the module docstring for the method).

    Parameters
    ----------
    con : Gvc
        The database.
    cluster : mapping
        One registry row (:data:`gvc.clusters_registry.FIELDS`).
    weights : mapping, optional
        Component weights (feasibility, attractiveness, linkage, readiness); defaults
        :data:`DEFAULT_WEIGHTS`; re-normalised.
    attractiveness_weights : mapping, optional
        Sub-weights (world_demand, growth, pci, cog, untapped); defaults
        :data:`ATTRACTIVENESS_WEIGHTS`.
    roles : iterable of str
        Which candidate roles to include (``made``, ``adjacent``, ``supplier``).
    min_proximity : float
        Least proximity to a made product for an adjacent candidate.
    max_adjacent, max_supplier, max_activity : int
        Most adjacent / supplier / activity candidates kept (closest / most feasible / highest
        Indonesian density first). Activity candidates stand in for made products when the
        registry lists no HS products.
    top : int, optional
        Keep the best ``top`` rows.
    **context_options
        Passed to :func:`build_context` (year, io_table, io_year, growth_window).

    Returns
    -------
    DataFrame
        One row per candidate, best first: rank, hs4, product, roles, score (0-100),
        feasibility, attractiveness, linkage, readiness (0-1; NaN = unknown), readiness_gap,
        cluster_proximity, nearest_product, density, idn_exports_usd, idn_rca,
        world_trade_usd, chapter_growth_pct, pci, cog, untapped_usd, untapped_basis, io_sector,
        io_sector_name, sector_output_for_exports_musd, sector_imported_inputs_musd,
        sector_va_in_exports_musd (``v_s (L e)_s``: the value of all paths from the sector to
        Indonesia's export demand), main_path (the strongest structural path from a cluster
        sector through another sector to exports, with its value), top_markets (current),
        market_basis, target_markets (largest untapped potential of the sector, when the
        market-targets API is present), sector_untapped_musd,
        requirements (for current and target markets), requirements_unmet, why, why_id.
        ``attrs`` hold weights, notes and the cluster id.
    """
    roles = [str(r) for r in roles]
    bad = sorted(set(roles) - set(ROLES))
    if bad:
        raise InvalidInputError(f"'roles': unknown role(s) {bad}; roles are {', '.join(ROLES)}")
    w = _weights(weights, DEFAULT_WEIGHTS, "weights")
    aw = _weights(attractiveness_weights, ATTRACTIVENESS_WEIGHTS, "attractiveness_weights")
    mp = float(min_proximity)
    if not 0 <= mp <= 1:
        raise InvalidInputError(f"'min_proximity' must be between 0 and 1 (got {min_proximity!r})")
    ctx = get_context(con, **context_options)
    P = ctx.products
    idx = ctx.index
    notes = list(ctx.notes)
    made, unknown = cluster_products(ctx, cluster.get("hs_products"))
    if unknown:
        notes.append(f"HS codes not found among HS92 4-digit headings: {', '.join(unknown)}")
    prefixes = _kbli_prefixes(cluster.get("kbli"))
    io_table = str(context_options.get("io_table", "wiod2013"))
    activity: list[str] = []
    if prefixes:
        act = con.sql("cluster_activity_products", codes=prefixes)
        activity = [h for h in act["hs4"] if h in idx]
    sec = (
        con.sql("cluster_activity_sectors", codes=prefixes, io_table=io_table)
        if prefixes
        else pd.DataFrame({"sector": []})
    )
    if made:  # the sectors of what the cluster makes
        cluster_sectors = list(dict.fromkeys(P.loc[made, "sector"].dropna().tolist()))
    else:  # the main sectors of its activities (a quarter or more of the concordance links)
        main = sec[sec["links"] >= 0.25 * sec["links"].max()] if not sec.empty else sec
        cluster_sectors = main["sector"].tolist()
    base = made if made else []
    cand: dict[str, set[str]] = {}
    if "made" in roles:
        if made:
            for h in made:
                cand.setdefault(h, set()).add("made")
        elif activity:
            # without a product list, keep the activity's products Indonesia is best placed in
            fz = P.loc[activity, "pct_density"].sort_values(ascending=False, kind="stable")
            for h in fz.index[:max_activity]:
                cand.setdefault(h, set()).add("activity")
    prox_to_base = np.full(len(P), np.nan)
    nearest = np.full(len(P), None, dtype=object)
    if base:
        bi = [idx[h] for h in base]
        sub = ctx.phi[:, bi]
        prox_to_base = sub.max(axis=1)
        nearest = np.array([base[j] for j in sub.argmax(axis=1)], dtype=object)
    if "adjacent" in roles and base:
        order = np.argsort(-prox_to_base, kind="stable")
        n = 0
        for i in order:
            h = P.index[i]
            if h in made or prox_to_base[i] < mp:
                continue
            cand.setdefault(h, set()).add("adjacent")
            n += 1
            if n >= max_adjacent:
                break
    if "supplier" in roles and cluster_sectors:
        sectors_ok = set(cluster_sectors)
        pool = P[
            (P["intermediate_share"] >= 0.5) & P["sector"].isin(sectors_ok) & ~P.index.isin(made)
        ]
        pool = pool[pool["sector"].map(ctx.sectors["imported_inputs"]).fillna(0) > 0]
        fz = _feasibility(pool.index, P, prox_to_base, idx)
        for h in fz.sort_values(ascending=False, kind="stable").index[:max_supplier]:
            cand.setdefault(h, set()).add("supplier")
    if not cand:
        why = (
            "no traded goods: the cluster's activities have no HS products"
            if not made and not activity
            else "no candidate met the filters"
        )
        out = pd.DataFrame(columns=_COLUMNS)
        out.attrs = {
            "cluster_id": cluster.get("cluster_id"),
            "weights": w,
            "attractiveness_weights": aw,
            "notes": [*notes, why],
        }
        return out
    codes = list(cand)
    rows = P.loc[codes].copy()
    pos = np.array([idx[h] for h in codes])
    rows["roles"] = [
        "+".join(r for r in ("made", "activity", "adjacent", "supplier") if r in cand[h])
        for h in codes
    ]
    rows["cluster_proximity"] = prox_to_base[pos]
    rows["nearest_product"] = nearest[pos]
    rows["feasibility"] = _feasibility(rows.index, P, prox_to_base, idx).to_numpy()
    untapped, basis = _untapped(con, rows, ctx)
    rows["untapped_usd"] = untapped
    rows["untapped_basis"] = basis
    proxy_sorted = np.sort(P["untapped_proxy"].to_numpy(float))
    rows["pct_untapped"] = np.searchsorted(
        proxy_sorted, np.asarray(untapped, float), side="right"
    ) / len(proxy_sorted)
    att = pd.DataFrame(
        {
            "world_demand": rows["pct_world_demand"],
            "growth": rows["pct_growth"],
            "pci": rows["pct_pci"],
            "cog": rows["pct_cog"],
            "untapped": rows["pct_untapped"],
        }
    )
    rows["attractiveness"] = combine(att, aw)
    S = ctx.sectors
    rows["linkage"] = rows["sector"].map(S["link_pct"]).astype(float)
    markets, mbasis = _markets(rows, ctx)
    rows["top_markets"] = [", ".join(m) for m in markets]
    rows["market_basis"] = mbasis
    targets = [
        list(ctx.targets["targets"].get(sec, []))
        if ctx.targets is not None and isinstance(sec, str)
        else []
        for sec in rows["sector"]
    ]
    rows["target_markets"] = [", ".join(t) for t in targets]
    rows["sector_untapped_musd"] = [
        float(ctx.targets["untapped_musd"].get(sec, np.nan))
        if ctx.targets is not None and isinstance(sec, str)
        else np.nan
        for sec in rows["sector"]
    ]
    focus = [list(dict.fromkeys([*m, *t])) for m, t in zip(markets, targets, strict=True)]
    req_text, unmet_text, gap = _requirements(rows, ctx, focus, cluster.get("certifications"))
    rows["requirements"] = req_text
    rows["requirements_unmet"] = unmet_text
    rows["readiness_gap"] = gap
    rows["readiness"] = 1.0 - rows["readiness_gap"]
    comp = rows[["feasibility", "attractiveness", "linkage", "readiness"]]
    rows["score"] = 100.0 * combine(comp, w)
    rows = rows.sort_values(["score", "world_trade"], ascending=[False, False], kind="stable")
    rows.insert(0, "rank", np.arange(1, len(rows) + 1))
    rows["hs4"] = rows.index
    rows["io_sector"] = rows["sector"]
    rows["io_sector_name"] = rows["sector"].map(S["name"]).astype("str")
    rows["sector_output_for_exports_musd"] = rows["sector"].map(S["output_for_exports"])
    rows["sector_imported_inputs_musd"] = rows["sector"].map(S["imported_inputs"])
    rows["sector_va_in_exports_musd"] = rows["sector"].map(S["va_in_exports"])
    rows["product"] = rows["description"]
    rows["density"] = rows["density"]
    rows["idn_exports_usd"] = rows["export_value"]
    rows["idn_rca"] = rows["rca"]
    rows["world_trade_usd"] = rows["world_trade"]
    rows["chapter_growth_pct"] = 100.0 * rows["chapter_growth"]
    paths = (
        {s: _structural_path(con, s, io_table, ctx.io_year) for s in cluster_sectors[:3]}
        if cluster_sectors
        else {}
    )
    rows["main_path"] = [
        paths.get(sec, "") if isinstance(sec, str) else "" for sec in rows["sector"]
    ]
    desc = P["description"]
    rows["why"] = [_why(r, ctx, desc, paths, "en") for r in rows.to_dict("records")]
    rows["why_id"] = [_why(r, ctx, desc, paths, "id") for r in rows.to_dict("records")]
    out = rows[_COLUMNS].reset_index(drop=True)
    if top is not None:
        out = out.head(int(top))
    if cluster.get("certifications") in (None, "") or (
        isinstance(cluster.get("certifications"), float)
        and math.isnan(cluster.get("certifications"))
    ):  # type: ignore[arg-type]
        notes.append(
            "certifications unknown: readiness gap not scored (weight re-normalised "
            "over the other components); the requirements are still listed"
        )
    out.attrs = {
        "cluster_id": cluster.get("cluster_id"),
        "weights": w,
        "attractiveness_weights": aw,
        "notes": notes,
        "cluster_sectors": cluster_sectors,
        "made": made,
        "idn_world_share": P.attrs.get("idn_world_share"),
        "paths": paths,
    }
    return out


_COLUMNS = [
    "rank",
    "hs4",
    "product",
    "roles",
    "score",
    "feasibility",
    "attractiveness",
    "linkage",
    "readiness",
    "readiness_gap",
    "cluster_proximity",
    "nearest_product",
    "density",
    "idn_exports_usd",
    "idn_rca",
    "world_trade_usd",
    "chapter_growth_pct",
    "pci",
    "cog",
    "untapped_usd",
    "untapped_basis",
    "io_sector",
    "io_sector_name",
    "sector_output_for_exports_musd",
    "sector_imported_inputs_musd",
    "sector_va_in_exports_musd",
    "main_path",
    "top_markets",
    "market_basis",
    "target_markets",
    "sector_untapped_musd",
    "requirements",
    "requirements_unmet",
    "why",
    "why_id",
]


def _feasibility(
    codes: Iterable[str], P: pd.DataFrame, prox: np.ndarray, idx: Mapping[str, int]
) -> pd.Series:
    codes = list(codes)
    pos = [idx[h] for h in codes]
    comp = pd.DataFrame(
        {"proximity": prox[pos], "density": P["pct_density"].to_numpy()[pos]}, index=codes
    )
    return combine(comp, FEASIBILITY_WEIGHTS)


def _untapped(con: Gvc, rows: pd.DataFrame, ctx: Context) -> tuple[list[float], list[str]]:
    """Untapped potential per product: the average-share proxy (see module docstring).

    The HS-grain export potential of ``con.export_potential`` needs bilateral product flows,
    which the embedded data hold for green coffee only (UN Comtrade 2015, HS 0901); where the
    market-targets API is present and covers a product it is used instead.
    """
    vals = rows["untapped_proxy"].astype(float).tolist()
    basis = ["proxy"] * len(vals)
    fn = getattr(con, "market_targets", None)
    if fn is None:
        return vals, basis
    for i, h in enumerate(rows.index):
        if h != "0901":
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                mt = fn(COUNTRY, h, 2015)
        except (GvcError, TypeError, ValueError, LookupError):
            continue
        if len(mt) and "untapped" in mt:
            vals[i] = float(mt["untapped"].sum())
            basis[i] = "export potential (ITC method, UN Comtrade 2015)"
    return vals, basis


def _markets(rows: pd.DataFrame, ctx: Context) -> tuple[list[list[str]], list[str]]:
    bps = ctx.bps_markets
    by_ch = (
        {ch: g["importer"].head(3).tolist() for ch, g in bps.groupby("chapter")}
        if not bps.empty
        else {}
    )
    year = int(bps["year"].iloc[0]) if not bps.empty else None
    out, basis = [], []
    for h, sector in zip(rows.index, rows["sector"], strict=True):
        ch = h[:2]
        if ch in by_ch:
            out.append(by_ch[ch])
            basis.append(f"Indonesia's largest markets for HS {ch}, BPS {year}")
        elif isinstance(sector, str) and sector in ctx.sectors.index:
            dests = [IO_REGION_ISO3.get(d, d) for d in ctx.sectors.loc[sector, "destinations"]]
            out.append(dests)
            basis.append(f"Indonesia's largest markets for WIOD sector {sector}, {ctx.io_year}")
        else:
            out.append([])
            basis.append("unknown")
    return out, basis


def _requirements(
    rows: pd.DataFrame, ctx: Context, markets: list[list[str]], certs: object
) -> tuple[list[str], list[str], list[float]]:
    recs = ctx.requirements.to_dict("records")
    alts_of = [[c for c in str(r["satisfied_by"]).split(";") if c] for r in recs]
    held = (
        None
        if certs is None or (isinstance(certs, float) and math.isnan(certs))
        else set(_codes(certs))
    )
    idx = ctx.index
    texts, unmet_texts, gaps = [], [], []
    for h, mk in zip(rows.index, markets, strict=True):
        hits = np.flatnonzero(ctx.req_matrix[idx[h]])
        focus = set().union(*(market_codes(m) for m in mk)) if mk else set()
        sel = [j for j in hits if recs[j]["market_code"] in focus]
        scope = "main markets"
        if not sel:
            sel, scope = list(hits), "major markets on file"
        items, unmet, certifiable = [], [], 0
        for j in sel:
            r, alts = recs[j], alts_of[j]
            items.append(
                f"{r['market_code']}: {r['product_group']} ({r['type']}, row {r['row_id']})"
            )
            if alts:
                certifiable += 1
                if held is None or not held & set(alts):
                    unmet.append(f"{r['market_code']}: {'/'.join(alts)} (row {r['row_id']})")
        texts.append(
            f"{len(items)} in {scope}: "
            + "; ".join(items[:6])
            + (f"; +{len(items) - 6} more" if len(items) > 6 else "")
            if items
            else "none on file"
        )
        unmet_texts.append("; ".join(unmet))
        if held is None:
            gaps.append(np.nan)
        else:
            gaps.append(len(unmet) / certifiable if certifiable else 0.0)
    return texts, unmet_texts, gaps


def _fmt_usd(v: float) -> str:
    if v is None or not math.isfinite(v):
        return "n/a"
    if abs(v) >= 1e9:
        return f"USD {v / 1e9:,.1f} bn"
    if abs(v) >= 1e6:
        return f"USD {v / 1e6:,.0f} m"
    return f"USD {v:,.0f}"


def _why(r: dict, ctx: Context, desc: pd.Series, paths: Mapping[str, str], lang: str) -> str:
    roles = r["roles"].split("+")
    f0, f1 = ctx.growth_window
    parts = []
    near = r.get("nearest_product")
    near_name = f"{near} {str(desc.get(near, ''))[:40]}" if isinstance(near, str) else ""
    s = (
        ctx.sectors.loc[r["sector"]]
        if isinstance(r["sector"], str) and r["sector"] in ctx.sectors.index
        else None
    )
    en = lang == "en"
    if "made" in roles:
        parts.append("The cluster already makes it" if en else "Klaster sudah membuatnya")
    if "activity" in roles:
        parts.append(
            "Made by the cluster's KBLI activities" if en else "Dibuat oleh kegiatan KBLI klaster"
        )
    if "adjacent" in roles:
        parts.append(
            f"Close to what the cluster makes (proximity {r['cluster_proximity']:.2f} to "
            f"{near_name})"
            if en
            else f"Dekat dengan produk klaster (kedekatan {r['cluster_proximity']:.2f} dengan "
            f"{near_name})"
        )
    if "supplier" in roles and s is not None:
        parts.append(
            f"Supplier role: an intermediate input; Indonesia's export production imports "
            f"{_fmt_usd(s['imported_inputs'] * 1e6)} of {s['name']} inputs"
            if en
            else f"Peran pemasok: barang antara; produksi ekspor Indonesia mengimpor input "
            f"{s['name']} senilai {_fmt_usd(s['imported_inputs'] * 1e6)}"
        )
    head = "; ".join(parts) + "."
    feas = (
        f" Feasibility {r['feasibility']:.0%}: Indonesia's product-space density "
        f"{r['density']:.2f} (RCA {r['rca']:.2f})."
        if en
        else f" Kelayakan {r['feasibility']:.0%}: kepadatan ruang produk Indonesia "
        f"{r['density']:.2f} (RCA {r['rca']:.2f})."
    )
    unt = _fmt_usd(r["untapped_usd"])
    ub = (
        (
            "at Indonesia's average world share"
            if r["untapped_basis"] == "proxy"
            else r["untapped_basis"]
        )
        if en
        else (
            "pada pangsa dunia rata-rata Indonesia"
            if r["untapped_basis"] == "proxy"
            else r["untapped_basis"]
        )
    )
    att = (
        f" Attractiveness {r['attractiveness']:.0%}: world trade "
        f"{_fmt_usd(r['world_trade'])} ({ctx.year}), chapter growth "
        f"{r['chapter_growth_pct']:+.1f}%/yr ({f0}-{f1}), PCI {r['pci']:.2f}, COG "
        f"{r['cog']:.2f}; untapped {unt} ({ub})."
        if en
        else f" Daya tarik {r['attractiveness']:.0%}: perdagangan dunia "
        f"{_fmt_usd(r['world_trade'])} ({ctx.year}), pertumbuhan bab "
        f"{r['chapter_growth_pct']:+.1f}%/th ({f0}-{f1}), PCI {r['pci']:.2f}, COG "
        f"{r['cog']:.2f}; potensi belum tergarap {unt} ({ub})."
    )
    link = ""
    if s is not None:
        link = (
            f" Linkage {r['linkage']:.0%}: sector {s['name']} supplies "
            f"{_fmt_usd(s['output_for_exports'] * 1e6)} of output for Indonesia's exports "
            f"({ctx.io_year})."
            if en
            else f" Keterkaitan {r['linkage']:.0%}: sektor {s['name']} memasok output "
            f"{_fmt_usd(s['output_for_exports'] * 1e6)} untuk ekspor Indonesia "
            f"({ctx.io_year})."
        )
        path = paths.get(r["sector"])
        if path:
            link += f" Main path: {path}." if en else f" Jalur utama: {path}."
    mk = r["top_markets"] or ("unknown" if en else "tidak diketahui")
    mkt = f" Markets: {mk}." if en else f" Pasar: {mk}."
    if r.get("target_markets"):
        u = _fmt_usd(r["sector_untapped_musd"] * 1e6)
        mkt += (
            f" Target markets (untapped potential of the sector, ITC method, "
            f"{ctx.io_year}): {r['target_markets']} ({u} untapped)."
            if en
            else f" Pasar sasaran (potensi belum tergarap sektor, metode ITC, {ctx.io_year}): "
            f"{r['target_markets']} ({u} belum tergarap)."
        )
    if isinstance(r["readiness_gap"], float) and math.isnan(r["readiness_gap"]):
        rd = (
            " Readiness gap not scored: the cluster's certifications are unknown."
            if en
            else " Kesenjangan kesiapan tidak dinilai: sertifikasi klaster tidak diketahui."
        )
    else:
        rd = (
            f" Readiness gap {r['readiness_gap']:.0%}"
            if en
            else f" Kesenjangan kesiapan {r['readiness_gap']:.0%}"
        )
        rd += (
            (
                f" (missing: {r['requirements_unmet']})."
                if en
                else f" (belum dipenuhi: {r['requirements_unmet']})."
            )
            if r["requirements_unmet"]
            else (
                " (no certificate missing; procedures such as registration or labelling are "
                "listed under the requirements)."
                if en
                else " (tidak ada sertifikat yang kurang; prosedur seperti registrasi atau "
                "pelabelan tercantum pada persyaratan)."
            )
        )
    return head + feas + att + link + mkt + rd


def export_workbook(
    sheets: Mapping[str, pd.DataFrame],
    path: str | Path,
    lang: str = "en",
    columns: pd.DataFrame | None = None,
) -> Path:
    """Write result tables to ``path`` (.csv: the first sheet; .xlsx: every sheet + columns).

    Text cells that a spreadsheet would run as formulas are neutralised
    (:func:`gvc.cli.common.neutralise_formulas`).
    """
    from gvc.cli.common import neutralise_formulas

    out = Path(path)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInputError(f"'--out' must end in .csv or .xlsx (got {str(path)!r})")
    if not out.parent.exists():
        raise InvalidInputError(f"'--out': folder {str(out.parent)!r} does not exist")
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        if suffix == ".csv":
            first = next(iter(sheets.values()))
            # quote every text cell: a carriage return inside a cell must not split the row
            neutralise_formulas(first).to_csv(tmp, index=False, quoting=csv.QUOTE_NONNUMERIC)
        else:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
                for name, frame in sheets.items():
                    neutralise_formulas(frame).to_excel(xl, sheet_name=name[:31], index=False)
                if columns is not None:
                    neutralise_formulas(columns).to_excel(
                        xl, sheet_name="kolom" if lang == "id" else "columns", index=False
                    )
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
