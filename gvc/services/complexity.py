"""The complexity service: RCA, ECI/PCI, proximity, growth opportunities, product space, dynamics.

Inputs come from the ``exports`` table (or ``trade_flows`` summed over importers when only they
hold the year) through ``gvc/sql/complexity_*.sql``; the maths is
:mod:`gvc.analytics.complexity`.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from dataclasses import dataclass
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd

from gvc import validate
from gvc.analytics import complexity as cx
from gvc.errors import DataNotFoundError, InvalidInputError
from gvc.i18n import Message
from gvc.services.data import DataService
from gvc.services.store import Store

#: The Atlas location floors (1.2 million people, USD 1 billion of exports).
ATLAS_MIN_POPULATION = cx.ATLAS_MIN_POPULATION
ATLAS_MIN_EXPORTS_USD = cx.ATLAS_MIN_EXPORTS_USD
#: How many complexity runs (with their proximity matrices) one snapshot keeps in memory.
RUNS_KEPT = 4
LEVELS = ("2", "4", "6")
Presence = Literal["rca", "rpop", "continuous"]
ProximityKind = Literal["symmetric", "asymmetric", "continuous"]
Strategy = Literal["light_touch", "parsimonious", "strategic_bets", "low_hanging_fruit",
                   "long_jumps"]


@dataclass(frozen=True)
class TradeSource:
    """The trade table, source and stored HS level a complexity run reads."""

    tbl: str
    source: str
    stored_level: int


@dataclass(frozen=True)
class ComplexityOptions:
    """A normalised, hashable set of complexity options (the memo and cache key)."""

    year: int
    revision: str
    level: int
    tbl: str
    source: str
    stored_level: int
    presence: str
    threshold: float
    proximity: str
    knn: int | None
    atlas_filters: bool
    min_population: float
    min_exports: float

    def as_dict(self) -> dict[str, object]:
        """Return the options as a plain dict (cache parameters)."""
        return dataclasses.asdict(self)


class ComplexityService:
    """Complexity analytics of one snapshot.

    Parameters
    ----------
    store : Store
        The snapshot.
    data : DataService
        Country names for the rankings.
    """

    def __init__(self, store: Store, data: DataService) -> None:
        self.store = store
        self.data = data

    # -- inputs --------------------------------------------------------------------------------

    def complexity_sources(self, year: int, revision: str = "HS92", level: int = 4) -> pd.DataFrame:
        """List the trade tables that can feed a complexity run for ``year``/``revision``/``level``.

        Returns
        -------
        DataFrame
            Columns tbl ('exports' or 'trade_flows'), source, stored_level, rows, locations.
        """
        rev = self.store.check_revision(revision)
        lvl = int(validate.choice("level", str(level), LEVELS))
        y = validate.integer("year", year, 1900, 2100)
        return self.store.sql("complexity_sources", year=y, revision=rev, level=lvl)

    def pick_source(self, year: int, revision: str, level: int, source: str | None) -> TradeSource:
        """Choose one (table, source, stored level).

        Without ``source``: the canonical ``exports`` table before ``trade_flows``, then the
        source stored at the level asked for before finer ones that need rolling up, then the one
        with most exporters.
        """
        found = self.complexity_sources(year, revision, level)
        if found.empty:
            loaded = self.store.sql("complexity_years", revision=revision, level=level)["year"]
            raise DataNotFoundError(Message(
                "err.no_year", revision=revision, level=level, year=year,
                loaded=", ".join(map(str, loaded)) or Message("err.reg.none")))
        if source is not None:
            hit = found[found["source"] == source]
            if hit.empty:
                msg = (
                    f"'source': {source!r} has no {revision} {level}-digit data for {year} "
                    f"(available: {sorted(found['source'])})"
                )
                raise DataNotFoundError(msg)
            row = hit.iloc[0]
        else:
            exp = found[found["tbl"] == "exports"]
            pool = exp if not exp.empty else found
            best = pool.sort_values(["stored_level", "locations"], ascending=[True, False])
            row = best.iloc[0]
        return TradeSource(str(row["tbl"]), str(row["source"]), int(row["stored_level"]))

    def wdi(self, indicator: str, year: int) -> pd.Series:
        """Return one WDI indicator of ``year`` by location."""
        df = self.store.sql("complexity_wdi", indicator=indicator, year=int(year))
        return pd.Series(df["value"].to_numpy(float), index=df["location"].astype(str).to_numpy())

    def descriptions(self, revision: str, level: int) -> pd.DataFrame:
        """Return the products of one revision and level indexed by code (description, section)."""
        return self.store.memo(
            f"complexity_products:{revision}:{level}",
            lambda: self.store.sql("complexity_products", revision=revision, level=level)
            .set_index("product"),
        )

    # -- the run -------------------------------------------------------------------------------

    def options(
        self,
        year: object,
        revision: object = "HS92",
        level: object = 4,
        *,
        source: str | None = None,
        presence: str = "rca",
        threshold: float = 1.0,
        proximity: str = "symmetric",
        knn: int | None = None,
        atlas_filters: bool = False,
        min_population: float = ATLAS_MIN_POPULATION,
        min_exports: float = ATLAS_MIN_EXPORTS_USD,
    ) -> ComplexityOptions:
        """Validate complexity options and pick the trade source; return them normalised."""
        rev = self.store.check_revision(revision)
        lvl = int(validate.choice("level", str(level), LEVELS))
        y = validate.integer("year", year, 1900, 2100)
        pres = validate.choice("presence", presence, cx.PRESENCE)
        prox = validate.choice("proximity", proximity, cx.PROXIMITY)
        thr = float(threshold)
        if not math.isfinite(thr) or thr <= 0:
            msg = f"'threshold' must be a positive number (got {threshold!r})"
            raise InvalidInputError(msg)
        k = None if knn is None else validate.integer("knn", knn, 1, 100_000)
        picked = self.pick_source(y, rev, lvl, source)
        return ComplexityOptions(
            year=y, revision=rev, level=lvl, tbl=picked.tbl, source=picked.source,
            stored_level=picked.stored_level, presence=pres, threshold=thr, proximity=prox,
            knn=k, atlas_filters=bool(atlas_filters), min_population=float(min_population),
            min_exports=float(min_exports),
        )

    def run(self, opts: ComplexityOptions) -> cx.ComplexityResult:
        """Return the (memoised, bounded) complexity run for a normalised option set."""
        return self.store.recall("complexity_runs", opts, lambda: self._compute(opts), RUNS_KEPT)

    def _compute(self, opts: ComplexityOptions) -> cx.ComplexityResult:
        frame = self.store.sql(
            "complexity_exports", tbl=opts.tbl, source=opts.source, year=opts.year,
            revision=opts.revision, level=opts.level, stored_level=opts.stored_level,
        )
        if frame.empty:
            raise DataNotFoundError(Message("err.no_exports_source", revision=opts.revision,
                                            year=opts.year, source=opts.source))
        population = None
        if opts.presence == "rpop" or opts.atlas_filters:
            population = self.wdi("SP.POP.TOTL", opts.year)
        if opts.presence == "rpop" and population is not None:
            missing = sorted(set(frame["location"]) - set(population.index))
            if missing:
                warnings.warn(
                    f"{len(missing)} location(s) have no WDI population for {opts.year} and "
                    f"are left out of the RPOP run: {missing[:10]}",
                    stacklevel=4,
                )
                frame = frame[~frame["location"].isin(missing)]
        if opts.atlas_filters and population is not None:
            frame = self._atlas_filter(frame, population, opts)
        return cx.complexity(
            frame,
            population=population,
            presence=opts.presence,
            threshold=opts.threshold,
            proximity_kind=opts.proximity,
            knn=opts.knn,
        )

    def _atlas_filter(self, frame: pd.DataFrame, population: pd.Series,
                      opts: ComplexityOptions) -> pd.DataFrame:
        totals = frame.groupby("location")["export_value"].sum()
        keep_locs = cx.atlas_location_filter(
            totals, population, opts.min_population, opts.min_exports
        )
        if len(keep_locs) < 2:
            msg = (
                f"the Atlas filters (population >= {opts.min_population:,.0f}, exports >= "
                f"USD {opts.min_exports:,.0f}) leave {len(keep_locs)} location(s)"
            )
            raise InvalidInputError(msg)
        frame = frame[frame["location"].isin(keep_locs)]
        x, _, prods = cx.pivot_values(frame)
        keep = cx.atlas_product_filter(x, prods)
        return frame[frame["product"].isin(prods[keep])]

    # -- public methods ------------------------------------------------------------------------

    def complexity(
        self,
        year: int,
        revision: str = "HS92",
        level: int = 4,
        *,
        source: str | None = None,
        presence: Presence = "rca",
        threshold: float = 1.0,
        proximity: ProximityKind = "symmetric",
        knn: int | None = None,
        atlas_filters: bool = False,
        min_population: float = ATLAS_MIN_POPULATION,
        min_exports: float = ATLAS_MIN_EXPORTS_USD,
        country: str | None = None,
    ) -> pd.DataFrame:
        """Compute RCA, presence, ECI/PCI, density, distance, COI and COG for one year.

        Defaults are py-ecomplexity's (Balassa RCA, presence RCA >= 1, symmetric proximity, full
        density, no filters). Values come from the canonical ``exports`` table (or ``trade_flows``
        summed over importers when only they hold the year), rolled up to ``level`` digits.

        Parameters
        ----------
        year : int
            A loaded year.
        revision : str
            HS revision, default ``"HS92"``.
        level : int
            HS digits: 2, 4 (default) or 6.
        source : str, optional
            The trade source when several hold the year (see :meth:`complexity_sources`).
        presence : {"rca", "rpop", "continuous"}
            Presence test; ``rpop`` uses WDI population (SP.POP.TOTL), ``continuous`` uses
            ``M = RCA / (1 + RCA)``.
        threshold : float
            Presence threshold for ``rca``/``rpop`` (default 1, inclusive).
        proximity : {"symmetric", "asymmetric", "continuous"}
            Proximity kind used for density and COG.
        knn : int, optional
            Density over the ``knn`` nearest products only.
        atlas_filters : bool
            Keep only locations with population >= ``min_population`` and exports >=
            ``min_exports`` and drop the products the Growth Lab drops (see
            :func:`gvc.analytics.complexity.atlas_product_filter`).
        min_population, min_exports : float
            The Atlas location floors (1.2 million people, USD 1 billion).
        country : str, optional
            Return only this location's rows.

        Returns
        -------
        DataFrame
            Columns location, product, export_value, market_share, rca, [rpop,] mcp, diversity,
            ubiquity, eci, pci, density, distance, coi, cog; one row per location x product.
        """
        opts = self.options(
            year, revision, level, source=source, presence=presence, threshold=threshold,
            proximity=proximity, knn=knn, atlas_filters=atlas_filters,
            min_population=min_population, min_exports=min_exports,
        )
        frame = self.store.cached_frame(
            "complexity", opts.as_dict(), lambda: self.run(opts).to_frame()
        )
        if country is not None:
            code = self.store.check_country(country)
            frame = frame[frame["location"] == code]
            if frame.empty:
                raise DataNotFoundError(Message("err.no_exports", name="country", code=code,
                                                source=opts.source, year=opts.year))
            frame = frame.reset_index(drop=True)
        return frame

    def complexity_rankings(
        self,
        year: int,
        revision: str = "HS92",
        level: int = 4,
        *,
        source: str | None = None,
        presence: Presence = "rca",
        threshold: float = 1.0,
        proximity: ProximityKind = "symmetric",
        knn: int | None = None,
        atlas_filters: bool = False,
        min_population: float = ATLAS_MIN_POPULATION,
        min_exports: float = ATLAS_MIN_EXPORTS_USD,
    ) -> pd.DataFrame:
        """Return one row per location, sorted by ECI.

        Returns
        -------
        DataFrame
            Columns rank, location, name, export_value, diversity, eci, coi.
        """
        df = self.complexity(
            year, revision, level, source=source, presence=presence, threshold=threshold,
            proximity=proximity, knn=knn, atlas_filters=atlas_filters,
            min_population=min_population, min_exports=min_exports,
        )
        g = (
            df.groupby("location", observed=True)
            .agg(
                export_value=("export_value", "sum"),
                diversity=("diversity", "first"),
                eci=("eci", "first"),
                coi=("coi", "first"),
            )
            .reset_index()
            .sort_values("eci", ascending=False, kind="stable")
        )
        names = self.data.countries()[["iso3", "name"]].rename(columns={"iso3": "location"})
        g["location"] = g["location"].astype(str)
        g = g.merge(names, on="location", how="left")
        g.insert(0, "rank", np.arange(1, len(g) + 1))
        return g[["rank", "location", "name", "export_value", "diversity", "eci", "coi"]]

    def proximity(
        self,
        year: int,
        revision: str = "HS92",
        level: int = 4,
        kind: ProximityKind = "symmetric",
        min_value: float = 0.0,
        *,
        source: str | None = None,
        presence: Presence = "rca",
        threshold: float = 1.0,
        knn: int | None = None,
        atlas_filters: bool = False,
        min_population: float = ATLAS_MIN_POPULATION,
        min_exports: float = ATLAS_MIN_EXPORTS_USD,
    ) -> pd.DataFrame:
        """Product proximity for one year as a long table.

        Parameters
        ----------
        year, revision, level
            As in :meth:`complexity`.
        kind : {"symmetric", "asymmetric", "continuous"}
            ``C_pq / max(k_p, k_q)``, ``C_pq / k_p`` or ``(1 + corr(RCA_p, RCA_q)) / 2``.
        min_value : float
            Keep pairs with proximity above this (default: every non-zero pair).
        source, presence, threshold, knn, atlas_filters, min_population, min_exports
            Options of :meth:`complexity` (``knn`` does not change proximity).

        Returns
        -------
        DataFrame
            Columns product_1, product_2, proximity (pairs with product_1 != product_2).
        """
        del knn  # proximity does not depend on the density neighbourhood
        opts = self.options(
            year, revision, level, source=source, presence=presence, threshold=threshold,
            proximity=kind, knn=None, atlas_filters=atlas_filters,
            min_population=min_population, min_exports=min_exports,
        )
        floor = float(min_value)
        return self.store.cached_frame(
            "proximity",
            {**opts.as_dict(), "min_value": floor},
            lambda: self.run(opts).proximity_frame(floor),
        )

    def growth_opportunities(
        self,
        country: str,
        year: int,
        revision: str = "HS92",
        level: int = 4,
        strategy: Strategy | None = None,
        pci_ceiling: bool = False,
        top: int | None = None,
        *,
        source: str | None = None,
        presence: Presence = "rca",
        threshold: float = 1.0,
        proximity: ProximityKind = "symmetric",
        knn: int | None = None,
        atlas_filters: bool = False,
        min_population: float = ATLAS_MIN_POPULATION,
        min_exports: float = ATLAS_MIN_EXPORTS_USD,
    ) -> pd.DataFrame:
        """Rank a country's products without comparative advantage (Atlas strategic approach).

        Parameters
        ----------
        country : str
            ISO3 code.
        year, revision, level
            As in :meth:`complexity`.
        strategy : str, optional
            ``light_touch``, ``parsimonious``, ``strategic_bets``, ``low_hanging_fruit`` or
            ``long_jumps``; None (default) takes the one the country's COI/ECI quadrant suggests.
        pci_ceiling : bool
            Apply the Atlas PCI ceiling (PCI <= ECI + 2.0, 2.5 for long jumps) when the country's
            GDP per capita (WDI NY.GDP.PCAP.CD) is at most USD 6,000.
        top : int, optional
            Keep the best ``top`` rows.
        source, presence, threshold, proximity, knn, atlas_filters, min_population, min_exports
            Options of :meth:`complexity`.

        Returns
        -------
        DataFrame
            Columns rank, product, description, export_value, world_trade, rca, density, distance,
            pci, cog, z_distance, z_pci, z_cog, score, strategy. ``attrs`` hold the strategy, its
            weights, the country's ECI and COI, GDP per capita and whether the ceiling was applied.
        """
        code = self.store.check_country(country)
        strat = None if strategy is None else validate.choice(
            "strategy", strategy, list(cx.STRATEGIES))
        run_options: dict[str, object] = {
            "source": source, "presence": presence, "threshold": threshold,
            "proximity": proximity, "knn": knn, "atlas_filters": atlas_filters,
            "min_population": min_population, "min_exports": min_exports,
        }
        df = self.complexity(year, revision, level, country=code, **run_options)  # type: ignore[arg-type]
        world = self.complexity(year, revision, level, **run_options)  # type: ignore[arg-type]
        world_trade = world.groupby("product", observed=True)["export_value"].sum()
        rows = df.assign(
            product=df["product"].astype(str),
            world_trade=df["product"].map(world_trade).astype(float).to_numpy(),
        )
        eci, coi = float(rows["eci"].iloc[0]), float(rows["coi"].iloc[0])
        gdppc = None
        if pci_ceiling:
            g = self.wdi("NY.GDP.PCAP.CD", int(year))
            gdppc = float(g[code]) if code in g.index else None
        out = cx.growth_opportunities(
            rows, eci, coi, strategy=strat, gdp_per_capita=gdppc, pci_ceiling=pci_ceiling
        )
        rev = self.store.check_revision(revision)
        desc = self.descriptions(rev, int(level))["description"]
        out.insert(2, "description", out["product"].map(desc))
        cols = [
            "rank", "product", "description", "export_value", "world_trade", "rca", "density",
            "distance", "pci", "cog", "z_distance", "z_pci", "z_cog", "score", "strategy",
        ]
        attrs = {**out.attrs, "country": code, "year": int(year)}
        out = out[cols]
        if top is not None:
            out = out.head(validate.integer("top", top, 1, 100_000))
        out = out.reset_index(drop=True)
        out.attrs = attrs
        return out

    def product_space(
        self,
        year: int,
        revision: str = "HS92",
        level: int = 4,
        country: str | None = None,
        min_proximity: float | None = 0.55,
        max_extra_edges: int | None = None,
        *,
        source: str | None = None,
        presence: Presence = "rca",
        threshold: float = 1.0,
        proximity: ProximityKind = "symmetric",
        knn: int | None = None,
        atlas_filters: bool = False,
        min_population: float = ATLAS_MIN_POPULATION,
        min_exports: float = ATLAS_MIN_EXPORTS_USD,
    ) -> nx.Graph:
        """Build the product space: maximum spanning tree plus the strongest remaining links.

        Parameters
        ----------
        year, revision, level
            As in :meth:`complexity`.
        country : str, optional
            ISO3 code; its rca, mcp, export_value and density become node attributes.
        min_proximity : float, optional
            Extra links with proximity at or above this (0.55, Hidalgo et al. 2007).
        max_extra_edges : int, optional
            Cap on the extra links (strongest first).
        source, presence, threshold, proximity, knn, atlas_filters, min_population, min_exports
            Options of :meth:`complexity`.

        Returns
        -------
        networkx.Graph
            Nodes are product codes with attributes pci, world_trade, description, section (and
            rca, mcp, export_value, density for ``country``); edges carry proximity and
            backbone (True for tree edges). ``graph.graph`` holds year, revision, level, country.
        """
        opts = self.options(
            year, revision, level, source=source, presence=presence, threshold=threshold,
            proximity=proximity, knn=knn, atlas_filters=atlas_filters,
            min_population=min_population, min_exports=min_exports,
        )
        floor = None if min_proximity is None else float(min_proximity)
        extra = None if max_extra_edges is None else validate.integer(
            "max_extra_edges", max_extra_edges, 0, 10**7)
        run = self.run(opts)
        products = [str(p) for p in run.products]
        nodes = pd.DataFrame(
            {"pci": run.pci, "world_trade": run.export_value.sum(axis=0)}, index=products
        )
        desc = self.descriptions(opts.revision, opts.level)
        nodes["description"] = desc["description"].reindex(products).to_numpy()
        nodes["section"] = desc["section"].reindex(products).to_numpy()
        code = None
        if country is not None:
            code = self.store.check_country(country)
            locs = [str(loc) for loc in run.locations]
            if code not in locs:
                raise DataNotFoundError(Message("err.no_exports", name="country", code=code,
                                                source=opts.source, year=opts.year))
            i = locs.index(code)
            nodes["rca"] = run.rca[i]
            nodes["mcp"] = run.mcp[i]
            nodes["export_value"] = run.export_value[i]
            nodes["density"] = run.density[i]
        g = cx.product_space_graph(run.proximity, products, nodes, floor, extra)
        g.graph.update(year=opts.year, revision=opts.revision, level=opts.level, country=code)
        return g

    def export_dynamics(
        self,
        start_year: int,
        end_year: int,
        revision: str = "HS92",
        level: int = 2,
        country: str | None = None,
        source: str | None = None,
    ) -> pd.DataFrame:
        """Export growth, world market share and RCA change between two loaded years.

        Parameters
        ----------
        start_year, end_year : int
            Two years of the same source (``end_year > start_year``).
        revision, level
            HS revision and digits (default HS92 2-digit, the multi-year BACI data).
        country : str, optional
            Keep only this exporter.
        source : str, optional
            The trade source when several hold the years.

        Returns
        -------
        DataFrame
            Columns location, product, export_value_start, export_value_end, cagr,
            market_share_start, market_share_end, market_share_change, rca_start, rca_end,
            rca_change (shares and RCA computed in SQL over all exporters of the source).
            Values, shares and RCA are 0 in a year where the pair has no exports; CAGR is NaN
            where the start value is zero.
        """
        y0 = validate.integer("start_year", start_year, 1900, 2100)
        y1 = validate.integer("end_year", end_year, 1900, 2100)
        if y1 <= y0:
            msg = f"'end_year' must be after 'start_year' (got {y0} and {y1})"
            raise InvalidInputError(msg)
        rev = self.store.check_revision(revision)
        lvl = int(validate.choice("level", str(level), LEVELS))
        a = self.pick_source(y0, rev, lvl, source)
        b = self.pick_source(y1, rev, lvl, a.source)
        stored = max(a.stored_level, b.stored_level)
        code = None if country is None else self.store.check_country(country)

        def compute() -> pd.DataFrame:
            df = self.store.sql(
                "complexity_dynamics", tbl=a.tbl, source=a.source, start=y0, end=y1,
                revision=rev, level=lvl, stored_level=stored,
            )
            df.insert(
                4, "cagr", cx.cagr(df["export_value_start"], df["export_value_end"], y1 - y0)
            )
            df.insert(7, "market_share_change", df["market_share_end"] - df["market_share_start"])
            df["rca_change"] = cx.rca_change(df["rca_start"], df["rca_end"])
            return df

        params = {"start": y0, "end": y1, "revision": rev, "level": lvl,
                  **dataclasses.asdict(a), "stored": stored}
        df = self.store.cached_frame("export_dynamics", params, compute)
        if code is not None:
            df = df[df["location"] == code].reset_index(drop=True)
            if df.empty:
                raise DataNotFoundError(Message("err.no_exports", name="country", code=code,
                                                source=a.source, year=f"{y0}/{y1}"))
        return df
