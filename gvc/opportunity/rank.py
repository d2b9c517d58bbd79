"""Ranking a cluster's candidates: made, adjacent and supplier products, scored and explained."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gvc import i18n
from gvc.analytics.readiness import _codes
from gvc.errors import GvcError, InvalidInputError, UnknownCodeError

if TYPE_CHECKING:  # pragma: no cover
    from gvc.services.clusters import OpportunityInputs as Gvc

from gvc.analytics import relatedness as rel
from gvc.opportunity.adjacent import (
    activity_texts,
    cluster_isic,
    cluster_relatedness,
    components_text,
    kbli_titles,
)
from gvc.opportunity.context import Context, _structural_path, get_context
from gvc.opportunity.explain import MarketPlan, _why, next_steps, short_basis
from gvc.opportunity.scoring import (
    ATTRACTIVENESS_WEIGHTS,
    COUNTRY,
    DEFAULT_WEIGHTS,
    FEASIBILITY_WEIGHTS,
    IO_REGION_ISO3,
    ROLES,
    _weights,
    combine,
    market_codes,
)
from gvc.registry.kbli import describe, resolve
from gvc.services.market_fallback import icio_buyers


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


def _kbli_prefixes(kbli: object, data_dir: object = None) -> list[str]:
    """Return the ISIC Rev.4 codes (2-4 digits, used as prefixes) of KBLI 2020 / ISIC codes.

    With ``data_dir`` KBLI 2020 codes go through gvc's KBLI -> ISIC Rev.4 correspondence
    (:mod:`gvc.registry.kbli`; unknown codes are left out); without it the first four digits
    are taken as they are (the behaviour before KBLI 2020 support).
    """
    if data_dir is None:
        return sorted({c[:4] for c in _codes(kbli)})
    out = set()
    for c in _codes(kbli):
        try:
            out.add(resolve(c, data_dir).isic4)  # type: ignore[arg-type]
        except UnknownCodeError:
            continue
    return sorted(out)


def _activities(kbli: object, data_dir: object, lang: str = "en") -> str:
    """Describe the cluster's KBLI/ISIC codes with their (Indonesian) titles and ISIC classes."""
    parts = []
    for c in _codes(kbli):
        try:
            parts.append(describe([c], data_dir, lang))  # type: ignore[arg-type]
        except UnknownCodeError:
            parts.append(f"{c} (?)")
    return "; ".join(parts)


class _Activities:
    """The cluster's activities described in the language of the message they are part of."""

    def __init__(self, kbli: object, data_dir: object) -> None:
        self.kbli, self.data_dir = kbli, data_dir

    def text(self, lang: str) -> str:
        return _activities(self.kbli, self.data_dir, lang)


def opportunities(
    con: Gvc,
    cluster: Mapping[str, object],
    weights: Mapping[str, float] | None = None,
    attractiveness_weights: Mapping[str, float] | None = None,
    roles: Iterable[str] = ROLES,
    min_proximity: float = 0.0,
    min_relatedness: float = 0.35,
    relatedness_weights: Mapping[str, float] | None = None,
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
        Least product-space proximity to the nearest made product for an adjacent candidate
        (default 0: relatedness decides).
    min_relatedness : float
        Least relatedness (0-1, :mod:`gvc.analytics.relatedness`) for an adjacent candidate.
    relatedness_weights : mapping, optional
        Weights of the relatedness components (product_space, inputs, hierarchy, activity);
        defaults :data:`gvc.analytics.relatedness.DEFAULT_WEIGHTS`.
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
    mr = float(min_relatedness)
    if not 0 <= mr <= 1:
        raise InvalidInputError(
            f"'min_relatedness' must be between 0 and 1 (got {min_relatedness!r})"
        )
    rel.check_weights(relatedness_weights)
    ctx = get_context(con, **context_options)
    P = ctx.products
    idx = ctx.index
    notes = list(ctx.notes)
    made, unknown = cluster_products(ctx, cluster.get("hs_products"))
    if unknown:
        notes.append(i18n.Message("onote.unknown_hs", codes=", ".join(unknown)))
    prefixes = _kbli_prefixes(cluster.get("kbli"), con.data_dir)
    activities = _activities(cluster.get("kbli"), con.data_dir)
    if activities:
        notes.append(i18n.Message("onote.activities",
                                  activities=_Activities(cluster.get("kbli"), con.data_dir)))
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
    prox_to_base = np.full(len(P), np.nan)  # relatedness to the cluster (feasibility)
    phi_to_base = np.full(len(P), np.nan)  # product-space proximity to the nearest product
    nearest = np.full(len(P), None, dtype=object)
    R: pd.DataFrame | None = None
    kt: dict[str, str] = {}
    if base:
        acts = cluster_isic(ctx, base, cluster.get("kbli"), con.data_dir)
        kt = activity_texts(cluster.get("kbli"), con.data_dir)
        R = cluster_relatedness(
            ctx, base, acts, relatedness_weights, activity_texts=kt, data_dir=con.data_dir
        )
        prox_to_base = R["relatedness"].to_numpy(float)
        phi_to_base = R["product_space"].to_numpy(float)
        nearest = R["nearest_product"].to_numpy(object)
    if "adjacent" in roles and base:
        order = np.argsort(-prox_to_base, kind="stable")
        n = 0
        for i in order:
            h = P.index[i]
            if h in made or prox_to_base[i] < mr or phi_to_base[i] < mp:
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
        why = i18n.Message("onote.no_goods" if not made and not activity
                           else "onote.no_candidate")
        out = pd.DataFrame(columns=_COLUMNS)
        out.attrs = {
            "cluster_id": cluster.get("cluster_id"),
            "activities": activities,
            "weights": w,
            "attractiveness_weights": aw,
            "notes": [n.text("en") for n in [*notes, why]],
            "notes_id": [n.text("id") for n in [*notes, why]],
        }
        return out
    codes = list(cand)
    rows = P.loc[codes].copy()
    pos = np.array([idx[h] for h in codes])
    rows["roles"] = [
        "+".join(r for r in ("made", "activity", "adjacent", "supplier") if r in cand[h])
        for h in codes
    ]
    rows["cluster_relatedness"] = prox_to_base[pos]
    rows["cluster_proximity"] = phi_to_base[pos]
    rows["nearest_product"] = nearest[pos]
    if R is not None:
        sub = [{**r, "hs4": h} for r, h in zip(R.iloc[pos].to_dict("records"), codes, strict=True)]
        sib = kbli_titles({str(r.get("activity_sibling") or "") for r in sub} - {""},
                          con.data_dir)
        rows["relatedness_components"] = [components_text(r, ctx, "en", kt, sib) for r in sub]
        rows["relatedness_components_id"] = [components_text(r, ctx, "id", kt, sib) for r in sub]
    else:
        rows["relatedness_components"] = ""
        rows["relatedness_components_id"] = ""
    rows["feasibility"] = _feasibility(rows.index, P, prox_to_base, idx).to_numpy()
    untapped, basis = _untapped(con, rows, ctx)
    rows["untapped_usd"] = untapped
    rows["untapped_basis"] = [b["en"] for b in basis]
    rows["untapped_basis_id"] = [b["id"] for b in basis]
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
    markets, mbasis, mbasis_id = _markets(con, rows, ctx)
    rows["top_markets"] = [", ".join(m) for m in markets]
    rows["market_basis"] = mbasis
    rows["market_basis_id"] = mbasis_id
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
    rows["requirements"] = req_text["en"]
    rows["requirements_id"] = req_text["id"]
    rows["requirements_unmet"] = unmet_text["en"]
    rows["requirements_unmet_id"] = unmet_text["id"]
    rows["readiness_gap"] = gap
    # two current markets and one target market (the largest untapped), then any others
    picks = [
        list(dict.fromkeys([*m[:2], *[x for x in t if x not in m[:2]][:1], *m, *t]))[:3]
        for m, t in zip(markets, targets, strict=True)
    ]
    plans = _market_plans(rows, ctx, picks, cluster.get("certifications"))
    buyers = [
        ctx.sectors.loc[sec, "buyers"]
        if "supplier" in roles and isinstance(sec, str) and sec in ctx.sectors.index
        else []
        for roles, sec in zip(rows["roles"], rows["sector"], strict=True)
    ]
    names = {lang: {c: ctx.sector_name(c, lang) for c in ctx.sectors.index}
             for lang in i18n.LANGUAGES}
    rows["next_steps"] = [
        next_steps(p, b, names["en"], "en") for p, b in zip(plans, buyers, strict=True)
    ]
    rows["next_steps_id"] = [
        next_steps(p, b, names["id"], "id") for p, b in zip(plans, buyers, strict=True)
    ]
    rows["readiness"] = 1.0 - rows["readiness_gap"]
    comp = rows[["feasibility", "attractiveness", "linkage", "readiness"]]
    rows["score"] = 100.0 * combine(comp, w)
    rows = rows.sort_values(["score", "world_trade"], ascending=[False, False], kind="stable")
    rows.insert(0, "rank", np.arange(1, len(rows) + 1))
    rows["hs4"] = rows.index
    rows["io_sector"] = rows["sector"]
    rows["io_sector_name"] = rows["sector"].map(S["name"]).astype("str")
    rows["io_sector_name_id"] = [
        ctx.sector_name(sec, "id") if isinstance(sec, str) else "" for sec in rows["sector"]
    ]
    rows["sector_output_for_exports_musd"] = rows["sector"].map(S["output_for_exports"])
    rows["sector_imported_inputs_musd"] = rows["sector"].map(S["imported_inputs"])
    rows["sector_va_in_exports_musd"] = rows["sector"].map(S["va_in_exports"])
    rows["product"] = rows["description"]
    rows["product_id"] = rows["description_id"]
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
    for col, lang in (("main_path", "en"), ("main_path_id", "id")):
        rows[col] = [
            ctx.path_text(paths.get(sec), lang) if isinstance(sec, str) else ""
            for sec in rows["sector"]
        ]
    desc = P["description"]
    rows["why"] = [_why(r, ctx, desc, paths, "en") for r in rows.to_dict("records")]
    rows["why_id"] = [_why(r, ctx, desc, paths, "id") for r in rows.to_dict("records")]
    out = rows[_COLUMNS].reset_index(drop=True)
    if top is not None:
        out = out.head(int(top))
    certs = cluster.get("certifications")
    if certs in (None, "") or (isinstance(certs, float) and math.isnan(certs)):
        notes.append(i18n.Message("onote.certs_unknown"))
    out.attrs = {
        "cluster_id": cluster.get("cluster_id"),
        "activities": activities,
        "weights": w,
        "attractiveness_weights": aw,
        "notes": [n.text("en") for n in notes],
        "notes_id": [n.text("id") for n in notes],  # the same notes in Bahasa Indonesia
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
    "product_id",
    "roles",
    "score",
    "feasibility",
    "attractiveness",
    "linkage",
    "readiness",
    "readiness_gap",
    "cluster_relatedness",
    "relatedness_components",
    "relatedness_components_id",
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
    "untapped_basis_id",
    "io_sector",
    "io_sector_name",
    "io_sector_name_id",
    "sector_output_for_exports_musd",
    "sector_imported_inputs_musd",
    "sector_va_in_exports_musd",
    "main_path",
    "main_path_id",
    "top_markets",
    "market_basis",
    "market_basis_id",
    "target_markets",
    "sector_untapped_musd",
    "requirements",
    "requirements_id",
    "requirements_unmet",
    "requirements_unmet_id",
    "next_steps",
    "next_steps_id",
    "why",
    "why_id",
]


def _feasibility(
    codes: Iterable[str], P: pd.DataFrame, prox: np.ndarray, idx: Mapping[str, int]
) -> pd.Series:
    codes = list(codes)
    pos = [idx[h] for h in codes]
    comp = pd.DataFrame(
        {"relatedness": prox[pos], "density": P["pct_density"].to_numpy()[pos]}, index=codes
    )
    return combine(comp, FEASIBILITY_WEIGHTS)


class _ProductTargets:
    """Product-level market targets of the headings whose bilateral flows hold Indonesia.

    ``get(hs4)`` returns the ITC export potential of the heading in the newest year a source
    with several exporters holds Indonesia's exports of it (UN Comtrade coffee 2015 on the
    embedded data; every heading once BACI is imported), or None. Each heading is computed on
    first request and kept per snapshot, so a cluster pays for its own headings only (all
    1,200 headings of an imported BACI release took minutes on the first Clusters page).
    """

    def __init__(self, con: Gvc) -> None:
        self.con = con
        held = con.memo("cluster_product_flow_years", lambda: con.sql("cluster_product_flow_years"))
        self.years = dict(zip(held["hs4"].astype(str), held["year"].astype(int), strict=True))

    def prefetch(self, headings: Iterable[object]) -> None:
        """Compute the targets of ``headings`` newest year first.

        The headings of one year share that year's flows (and the year before, for growth);
        taking them a year at a time keeps the few remembered years from being read twice.
        """
        want = {str(h) for h in headings if str(h) in self.years}
        for h in sorted(want, key=lambda h: (-self.years[h], h)):
            self.get(h)

    def get(self, hs4: object) -> pd.DataFrame | None:
        h = str(hs4)
        if h not in self.years:
            return None
        fn = getattr(self.con, "market_targets", None)
        if fn is None:
            return None

        def compute() -> tuple[pd.DataFrame | None]:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return (fn(COUNTRY, h, self.years[h], fallback=False),)
            except (GvcError, TypeError, ValueError, LookupError):
                return (None,)

        return self.con.memo(f"cluster_product_target:{h}", compute)[0]


def _untapped(
    con: Gvc, rows: pd.DataFrame, ctx: Context
) -> tuple[list[float], list[dict[str, str]]]:
    """Untapped potential per product: the average-share proxy (see module docstring).

    Where product-level bilateral flows hold Indonesia's exports of the heading, the ITC export
    potential of ``market_targets`` replaces the proxy.
    """
    vals = rows["untapped_proxy"].astype(float).tolist()
    basis = [{lang: i18n.text("ubasis.proxy", lang) for lang in i18n.LANGUAGES}] * len(vals)
    targets = _ProductTargets(con)
    targets.prefetch(rows.index)
    for i, h in enumerate(rows.index):
        mt = targets.get(h)
        if mt is not None and len(mt) and "untapped" in mt:
            vals[i] = float(mt["untapped"].sum())
            basis[i] = {
                lang: i18n.text("ubasis.itc", lang, source=mt["source"].iloc[0],
                                year=int(mt["year"].iloc[0]))
                for lang in i18n.LANGUAGES
            }
    return vals, basis


def _icio_buyers(con: Gvc, sector: str) -> list[str]:
    """Return the three largest foreign buyers (countries) of Indonesia's ICIO 2022 ``sector``."""

    def compute() -> list[str]:
        d = icio_buyers(con.io, COUNTRY, sector)
        return [] if d is None else [IO_REGION_ISO3.get(c, c) for c in d["destination"].head(3)]

    return con.memo(f"cluster_icio_buyers_{sector}", compute)


def _markets(
    con: Gvc, rows: pd.DataFrame, ctx: Context
) -> tuple[list[list[str]], list[str], list[str]]:
    """Three markets per product at the best grain loaded, and the grain in words (en, id).

    Product-level export potential (largest untapped first) where bilateral flows hold the
    heading, else the BPS destinations of its chapter, else the foreign buyers of its ICIO 2022
    industry, else its WIOD sector's current markets.
    """
    bps = ctx.bps_markets
    by_ch = (
        {
            ch: (g["importer"].head(3).tolist(), int(g["year"].iloc[0]), str(g["source"].iloc[0]))
            for ch, g in bps.groupby("chapter")
        }
        if not bps.empty
        else {}
    )
    targets = _ProductTargets(con)
    icio = ctx.products.get("icio_sector", None)
    out: list[list[str]] = []
    said: list[tuple[str, dict]] = []  # (catalog key, fields) of each row's grain
    for h, sector in zip(rows.index, rows["sector"], strict=True):
        ch = h[:2]
        mt = targets.get(h)
        isec = icio.get(h) if icio is not None else None
        if mt is not None and len(mt):
            best = mt[(mt["untapped"] > 0).to_numpy()] if (mt["untapped"] > 0).any() else mt
            out.append([IO_REGION_ISO3.get(c, c) for c in best["importer"].head(3)])
            said.append(("mbasis.hs", {"code": h, "source": mt["source"].iloc[0],
                                       "year": int(mt["year"].iloc[0])}))
        elif ch in by_ch:
            mk, year, src = by_ch[ch]
            out.append(mk)
            said.append(("mbasis.bps", {"code": ch, "year": year, "source": src}))
        elif isinstance(isec, str) and (buyers := _icio_buyers(con, isec)):
            out.append(buyers)
            said.append(("mbasis.icio", {"code": isec, "table": "icio2025"}))
        elif isinstance(sector, str) and sector in ctx.sectors.index:
            dests = [IO_REGION_ISO3.get(d, d) for d in ctx.sectors.loc[sector, "destinations"]]
            out.append(dests)
            said.append(("mbasis.wiod", {"code": sector, "year": ctx.io_year,
                                         "table": ctx.io_table}))
        else:
            out.append([])
            said.append(("mbasis.unknown", {}))

    def words(key: str, fields: dict, lang: str) -> str:
        table = fields.pop("table", None)
        if table:
            fields["name"] = i18n.name(f"sector.{table}", fields["code"], lang)
        return i18n.text(key, lang, **fields)

    basis = [words(k, dict(f), "en") for k, f in said]
    basis_id = [words(k, dict(f), "id") for k, f in said]
    return out, basis, basis_id


def _alternatives(recs: list[dict]) -> list[list[str]]:
    """Per requirement row, the certificates that meet it (``satisfied_by``; none: a rule)."""
    return [[c for c in str(r["satisfied_by"]).split(";") if c] for r in recs]


def _held(certs: object) -> set[str] | None:
    """Return the certifications a cluster holds, or None when unknown."""
    if certs is None or (isinstance(certs, float) and math.isnan(certs)):
        return None
    return set(_codes(certs))


def _market_plans(
    rows: pd.DataFrame, ctx: Context, markets: list[list[str]], certs: object, n: int = 3
) -> list[list[MarketPlan]]:
    """Per row, its first ``n`` focus markets with the requirements on file for the product.

    A requirement that a certificate meets (``satisfied_by``) is a certificate to get, or one
    the cluster holds; any other row is a rule or procedure to follow (registration, labelling,
    due diligence).
    """
    recs = ctx.requirements.to_dict("records")
    alts_of = _alternatives(recs)
    held = _held(certs)
    idx = ctx.index
    out = []
    for h, mk in zip(rows.index, markets, strict=True):
        hits = np.flatnonzero(ctx.req_matrix[idx[h]])
        plans = []
        for m in mk[:n]:
            codes = market_codes(m)
            get: list[tuple[list[str], int]] = []
            have: list[tuple[str, int]] = []
            rules: list[tuple[str, int]] = []
            for j in hits:
                r = recs[j]
                if r["market_code"] not in codes:
                    continue
                alts = alts_of[j]
                rid = int(r["row_id"])
                if not alts:
                    rules.append((short_basis(str(r["legal_basis"])), rid))
                elif held is not None and held & set(alts):
                    have.append((sorted(held & set(alts))[0], rid))
                else:
                    get.append((alts, rid))
            plans.append(MarketPlan(m, get, have, rules, held is not None))
        out.append(plans)
    return out


def _requirements(
    rows: pd.DataFrame, ctx: Context, markets: list[list[str]], certs: object
) -> tuple[dict[str, list[str]], dict[str, list[str]], list[float]]:
    """List, per product, the requirements in its markets and the certificates still missing.

    Texts in every language (``{lang: texts}``), and the readiness gap.
    """
    recs = ctx.requirements.to_dict("records")
    alts_of = _alternatives(recs)
    held = _held(certs)
    idx = ctx.index
    texts: dict[str, list[str]] = {lang: [] for lang in i18n.LANGUAGES}
    unmet_texts: dict[str, list[str]] = {lang: [] for lang in i18n.LANGUAGES}
    gaps: list[float] = []
    for h, mk in zip(rows.index, markets, strict=True):
        hits = np.flatnonzero(ctx.req_matrix[idx[h]])
        focus = set().union(*(market_codes(m) for m in mk)) if mk else set()
        sel = [j for j in hits if recs[j]["market_code"] in focus]
        scope = "main"
        if not sel:
            sel, scope = list(hits), "major"
        unmet, certifiable = [], 0
        for j in sel:
            if alts_of[j]:
                certifiable += 1
                if held is None or not held & set(alts_of[j]):
                    unmet.append(j)
        for lang in i18n.LANGUAGES:
            items = [
                i18n.text("opp.req.item", lang, market=recs[j]["market_code"],
                          group=i18n.name("req.group", recs[j]["row_id"], lang,
                                          recs[j]["product_group"]),
                          kind=i18n.text(f"opp.req.kind.{recs[j]['type']}", lang),
                          row=recs[j]["row_id"])
                for j in sel
            ]
            shown = "; ".join(items[:6]) + (
                "; " + i18n.text("opp.req.more", lang, n=len(items) - 6) if len(items) > 6 else ""
            )
            texts[lang].append(
                i18n.text("opp.req.items", lang, n=len(items),
                          scope=i18n.text(f"opp.req.scope_{scope}", lang), items=shown)
                if items
                else i18n.text("opp.req.none", lang)
            )
            unmet_texts[lang].append("; ".join(
                i18n.text("opp.req.unmet", lang, market=recs[j]["market_code"],
                          certs="/".join(alts_of[j]), row=recs[j]["row_id"])
                for j in unmet
            ))
        if held is None:
            gaps.append(np.nan)
        else:
            gaps.append(len(unmet) / certifiable if certifiable else 0.0)
    return texts, unmet_texts, gaps
