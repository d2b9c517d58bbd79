"""The ``Gvc`` object: the public API, one typed delegate per analysis.

``Gvc`` owns a :class:`~gvc.services.store.Store` (the read-only snapshot) and the area services
built on it (:class:`Services`); each public method is a one-line delegate to one service. The
per-user state (uploaded cluster registries) is a :class:`~gvc.services.clusters.Registries`;
:meth:`Gvc.session` gives a view with its own registries and the same store and services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import pandas as pd

from gvc import build as build_mod
from gvc import config
from gvc.errors import DataNotFoundError
from gvc.services.clusters import (
    Cluster,
    ClusterService,
    Lang,
    Mode,
    OpportunityInputs,
    Registries,
)
from gvc.services.complexity import (
    ATLAS_MIN_EXPORTS_USD,
    ATLAS_MIN_POPULATION,
    ComplexityService,
    Presence,
    ProximityKind,
    Strategy,
)
from gvc.services.data import MAX_ROWS, DataService, IOBlock, Level
from gvc.services.imports import ImportKind, ImportService
from gvc.services.io import Groups, IOService, IOSystem
from gvc.services.market_data import Grain, Growth, TableInput
from gvc.services.markets import (
    DISTANCE_ELASTICITY,
    PASS_THROUGH,
    TARIFF_ELASTICITY,
    MarketService,
)
from gvc.services.store import Store

__all__ = ["Gvc", "Services", "connect"]


@dataclass(frozen=True)
class Services:
    """The area services of one snapshot, wired with their explicit collaborators."""

    data: DataService
    complexity: ComplexityService
    io: IOService
    markets: MarketService
    clusters: ClusterService
    imports: ImportService

    @classmethod
    def build(cls, store: Store) -> Services:
        """Create every service on ``store``."""
        data = DataService(store)
        complexity = ComplexityService(store, data)
        io = IOService(store, data)
        markets = MarketService(store, data, complexity, io)
        clusters = ClusterService(store, OpportunityInputs(store, complexity, io, markets))
        return cls(data, complexity, io, markets, clusters, ImportService(store))


class Gvc:
    """A connection to the gvc database with the analytics of every area.

    Create it with :func:`gvc.connect`. It reads one read-only DuckDB snapshot (:attr:`store`);
    every query runs on a fresh cursor, so one ``Gvc`` can serve several threads (Streamlit
    sessions). Each method is a delegate to one area service (:attr:`services`).
    """

    def __init__(
        self,
        path: Path,
        data_dir: Path,
        *,
        store: Store | None = None,
        services: Services | None = None,
        registries: Registries | None = None,
    ) -> None:
        self._owner = store is None
        self.store: Store = store if store is not None else Store(Path(path), Path(data_dir))
        self._services = services if services is not None else Services.build(self.store)
        self._registries = registries if registries is not None else Registries()

    # -- the snapshot ----------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The database file."""
        return self.store.path

    @property
    def data_dir(self) -> Path:
        """The embedded dataset folder the database was built from."""
        return self.store.data_dir

    @property
    def fingerprint(self) -> str:
        """The content fingerprint of the snapshot."""
        return self.store.fingerprint

    @property
    def services(self) -> Services:
        """The area services (for code that needs a service's internals, such as tests)."""
        return self._services

    def close(self) -> None:
        """Close the database connection (a :meth:`session` view leaves it to its parent)."""
        if self._owner:
            self.store.close()

    def session(self) -> Gvc:
        """Return a view of this ``Gvc`` for one user (an app session).

        The view reads the same database snapshot through the same store and services (memos and
        caches shared), but has its own loaded cluster registries: a registry loaded with
        :meth:`load_clusters` on the view is seen only by the view. It starts with the
        registries this ``Gvc`` has loaded (saved ones included). Closing the view does nothing;
        close the ``Gvc`` it came from.

        Returns
        -------
        Gvc
            The view.
        """
        return Gvc(self.path, self.data_dir, store=self.store, services=self._services,
                   registries=self._registries.copy())

    def __enter__(self) -> Gvc:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Gvc({str(self.path)!r}, fingerprint={self.fingerprint!r})"

    def reopen(self) -> Gvc:
        """Return a new ``Gvc`` on the current database file (after a rebuild or an import)."""
        return connect(self.path, data_dir=self.data_dir)

    def years(self, table: str) -> list[int]:
        """Return the years loaded in one of the year-bearing tables."""
        return self.store.years(table)

    # -- data (DataService) ---------------------------------------------------------------------

    def datasets(self) -> pd.DataFrame:
        """List the loaded datasets.

        Returns
        -------
        DataFrame
            Columns name, table_name, rows, years, coverage, source, licence.
        """
        return self._services.data.datasets()

    def coverage(self) -> dict[str, pd.DataFrame]:
        """Summarise what is loaded: trade years, exporters, world totals, IO tables, HS codes."""
        return self._services.data.coverage()

    def countries(self, include_aggregates: bool = False) -> pd.DataFrame:
        """List countries: iso3, iso_num, iso2, name, wdi_region, income_group, is_aggregate."""
        return self._services.data.countries(include_aggregates)

    def products(
        self,
        search: str | None = None,
        level: Level | None = None,
        revision: str | None = "HS92",
        limit: int = 200,
    ) -> pd.DataFrame:
        """Find HS products by code prefix ("0901", "09 01") or by words ("coffee roasted").

        Returns
        -------
        DataFrame
            Columns hs_revision, code, level, description, section, parent.
        """
        return self._services.data.products(search, level, revision, limit)

    def exports(
        self,
        year: int | None = None,
        exporter: str | None = None,
        product: str | None = None,
        revision: str | None = None,
        level: Level | None = None,
        source: str | None = None,
        limit: int = MAX_ROWS,
    ) -> pd.DataFrame:
        """Country x product exports (no partner) of one source at one HS level.

        Without ``source``, the source and level come from the first row of
        :meth:`export_sources` for the same filters (the finest HS level, then the source with
        most exporters); ``source="all"`` stacks every matching source and level. The frame's
        ``attrs`` name the ``source`` and ``level`` returned.

        Returns
        -------
        DataFrame
            Columns source, year, exporter, hs_revision, level, product, description, value_usd.
        """
        return self._services.data.exports(year, exporter, product, revision, level, source, limit)

    def export_sources(
        self,
        year: int | None = None,
        exporter: str | None = None,
        product: str | None = None,
        revision: str | None = None,
        level: int | None = None,
    ) -> pd.DataFrame:
        """List the (source, revision, level) combinations of ``exports`` matching the filters.

        Returns
        -------
        DataFrame
            Columns source, hs_revision, level, rows, exporters, world_usd; the finest level
            first, then the most exporters (the first row is the default of :meth:`exports`).
        """
        return self._services.data.export_sources(year, exporter, product, revision, level)

    def trade_flows(
        self,
        year: int | None = None,
        exporter: str | None = None,
        importer: str | None = None,
        product: str | None = None,
        revision: str | None = None,
        source: str | None = None,
        limit: int = MAX_ROWS,
    ) -> pd.DataFrame:
        """Bilateral flows of one source.

        Without ``source``, the source holding the filters with most exporters (then most rows);
        ``source="all"`` stacks every source. ``attrs["source"]`` names what is returned.

        Returns
        -------
        DataFrame
            Columns source, year, exporter, importer, hs_revision, level, product, value_usd,
            quantity, quantity_unit.
        """
        return self._services.data.trade_flows(
            year, exporter, importer, product, revision, source, limit
        )

    def io_tables(self) -> pd.DataFrame:
        """List loaded IO tables: io_table, year, n_regions, n_sectors, unit, source."""
        return self._services.data.io_tables()

    def io_table(self, name: str, year: int, block: IOBlock = "intermediate") -> pd.DataFrame:
        """Return one raw block of an IO table in long form.

        Parameters
        ----------
        name : str
            The table, e.g. ``"wiod2013"`` (see :meth:`io_tables`).
        year : int
            A loaded year of that table.
        block : {"intermediate", "final", "output", "value_added"}
            Which block.

        Returns
        -------
        DataFrame
            Columns block, from_region, from_sector, to_region, to_column, value (to_column is
            the using sector, the final-demand category, 'output' or the VA component).
        """
        return self._services.data.io_table(name, year, block)

    def hs_sections(self) -> pd.DataFrame:
        """List the 21 HS sections (section, name)."""
        return self._services.data.hs_sections()

    def country_positions(self) -> pd.DataFrame:
        """Country positions of CEPII GeoDist: iso3, name, lat, lon (one row per ISO3)."""
        return self._services.data.country_positions()

    # -- complexity (ComplexityService) ---------------------------------------------------------

    def complexity_sources(self, year: int, revision: str = "HS92", level: int = 4) -> pd.DataFrame:
        """List the trade tables that can feed a complexity run for ``year``/``revision``/``level``.

        Returns
        -------
        DataFrame
            Columns tbl ('exports' or 'trade_flows'), source, stored_level, rows, locations.
        """
        return self._services.complexity.complexity_sources(year, revision, level)

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
        return self._services.complexity.complexity(
            year, revision, level, source=source, presence=presence,
            threshold=threshold, proximity=proximity, knn=knn,
            atlas_filters=atlas_filters, min_population=min_population,
            min_exports=min_exports, country=country
        )

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
        return self._services.complexity.complexity_rankings(
            year, revision, level, source=source, presence=presence,
            threshold=threshold, proximity=proximity, knn=knn,
            atlas_filters=atlas_filters, min_population=min_population,
            min_exports=min_exports
        )

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
        return self._services.complexity.proximity(
            year, revision, level, kind, min_value, source=source, presence=presence,
            threshold=threshold, knn=knn, atlas_filters=atlas_filters,
            min_population=min_population, min_exports=min_exports
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
        return self._services.complexity.growth_opportunities(
            country, year, revision, level, strategy, pci_ceiling, top, source=source,
            presence=presence, threshold=threshold, proximity=proximity, knn=knn,
            atlas_filters=atlas_filters, min_population=min_population,
            min_exports=min_exports
        )

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
        return self._services.complexity.product_space(
            year, revision, level, country, min_proximity, max_extra_edges,
            source=source, presence=presence, threshold=threshold, proximity=proximity,
            knn=knn, atlas_filters=atlas_filters, min_population=min_population,
            min_exports=min_exports
        )

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
        return self._services.complexity.export_dynamics(
            start_year, end_year, revision, level, country, source
        )

    # -- io (IOService) -------------------------------------------------------------------------

    def io(
        self,
        name: str = "wiod2013",
        year: int = 2011,
        balanced: bool = True,
        region_groups: Groups | None = None,
        sector_groups: Groups | str | None = None,
    ) -> IOSystem:
        """Return the Leontief model of one IO table and year with its GVC measures.

        Parameters
        ----------
        name : str
            A loaded IO table, e.g. ``"wiod2013"`` (see :meth:`io_tables`).
        year : int
            A loaded year of that table.
        balanced : bool
            Output as ``rowsum(Z) + rowsum(Y)`` (default; ``x = L y`` then holds exactly) or the
            published output (``False``); ``.output_check()`` reports the difference.
        region_groups : mapping, optional
            Group name -> member codes, a preset (``"EU"``, ``"ASEAN"``, ``"NAFTA"``,
            ``"EAST_ASIA"``) or ``"*"`` for every other region, e.g.
            ``{"IDN": ["IDN"], "EU": "EU", "ROW": "*"}``. Applied to the table before any measure.
        sector_groups : mapping or str, optional
            The same for sectors, or ``"broad"`` (primary, manufacturing, utilities and
            construction, services).

        Returns
        -------
        IOSystem
            With ``.A``, ``.L``, ``.x``, ``.Z``, ``.Y``, ``.labels``, ``.multipliers()``,
            ``.value_added_in_exports(region)``, ``.participation(region=None)``,
            ``.exports_by_destination(region)``, ``.fva_origin(region)``, ``.linkages(region)``,
            ``.upstreamness()``, ``.extraction(sector, region=None)``, ``.paths(start, target)``
            and ``.output_check()``. Memoised per (name, year, options).
        """
        return self._services.io.io(name, year, balanced, region_groups, sector_groups)

    def io_upstreamness_comparison(self, name: str = "wiod2013", year: int = 2011) -> pd.DataFrame:
        """Compare gvc's upstreamness and downstreamness with the published Antras-Chor values.

        Returns
        -------
        DataFrame
            Columns region, sector, sector_name, upstreamness, upstreamness_ac, diff_u,
            downstreamness, downstreamness_ac, diff_d, output (balanced x); one row per
            country-sector present in both.
        """
        return self._services.io.io_upstreamness_comparison(name, year)

    # -- markets (MarketService) ----------------------------------------------------------------

    def export_potential(
        self,
        exporter: str,
        year: int,
        grain: Grain = "hs",
        source: str | None = None,
        *,
        io_table: str = "wiod2013",
        rca_floor: float | None = 1.0,
        horizon: int = 5,
        past_year: int | None = None,
        pass_through: float = PASS_THROUGH,
        growth: Growth | None = "imports",
        projections: TableInput | None = None,
        tariffs: TableInput | None = "mfn",
        distances: bool = True,
        tariff_elasticity: float = TARIFF_ELASTICITY,
        distance_elasticity: float = DISTANCE_ELASTICITY,
    ) -> pd.DataFrame:
        """Potential exports of ``exporter`` by product (or sector) and market (ITC method).

        Parameters
        ----------
        exporter : str
            ISO3 code (an IO region code for ``grain="io"``).
        year : int
            Base year of the flows.
        grain : {"hs", "io"}
            HS products x importers from ``trade_flows``, or IO sectors x regions from an MRIO.
        source : str, optional
            The ``trade_flows`` source (``grain="hs"``); default the largest source with several
            exporters holding ``year`` (``comtrade_coffee`` for 2005/2010/2015 on the embedded
            data, ``baci_hs17_sample`` for 2020/2021).
        io_table : str
            The IO table for ``grain="io"`` (default ``"wiod2013"``).
        rca_floor : float or None
            Supply counts products with ``RCA >= rca_floor`` (default 1); None for all.
        horizon : int
            Projection years (default 5; WEO projections end in 2030).
        past_year : int, optional
            Earlier year for the supply trend (default the previous year of the source, or
            ``year - 5`` for IO tables).
        pass_through : float
            Share of the annual RCA (or share) growth carried into the projection.
        growth : {"imports", "gdp"} or None
            Market growth: WEO import volume (TM_RPCH) or real GDP (NGDP_RPCH) growth.
        projections : DataFrame or path, optional
            Replaces WEO: columns iso3 (or importer), year, value (annual percent change) and
            optionally subject.
        tariffs : "mfn", DataFrame, path or None
            "mfn" uses the WTO MFN table (EU expanded to members); a table with columns importer,
            product (any HS length or sector code), tariff (percent) and optionally exporter
            (bilateral/preferential, as in a WITS/TRAINS extract); None for no correction.
        distances : bool
            Apply the CEPII relative-distance correction.
        tariff_elasticity, distance_elasticity : float
            sigma and delta of the corrections.

        Returns
        -------
        DataFrame
            The columns of :func:`gvc.analytics.export_potential.export_potential` for
            ``exporter`` plus name, grain, source, year, unit and corrections (the same text on
            every row, also in ``attrs``). Sorted by untapped potential, largest first.
        """
        return self._services.markets.export_potential(
            exporter, year, grain, source, io_table=io_table, rca_floor=rca_floor,
            horizon=horizon, past_year=past_year, pass_through=pass_through,
            growth=growth, projections=projections, tariffs=tariffs,
            distances=distances, tariff_elasticity=tariff_elasticity,
            distance_elasticity=distance_elasticity
        )

    def market_targets(
        self,
        exporter: str,
        product_or_sector: str,
        year: int,
        grain: Grain = "hs",
        source: str | None = None,
        *,
        top: int | None = None,
        competitors: int = 3,
        io_table: str = "wiod2013",
        rca_floor: float | None = 1.0,
        horizon: int = 5,
        past_year: int | None = None,
        pass_through: float = PASS_THROUGH,
        growth: Growth | None = "imports",
        projections: TableInput | None = None,
        tariffs: TableInput | None = "mfn",
        distances: bool = True,
        tariff_elasticity: float = TARIFF_ELASTICITY,
        distance_elasticity: float = DISTANCE_ELASTICITY,
    ) -> pd.DataFrame:
        """Markets ranked by untapped potential for one product (or HS prefix) or IO sector.

        Parameters
        ----------
        exporter, year, grain, source
            As for :meth:`export_potential`.
        product_or_sector : str
            An HS code or prefix (``"0901"`` sums 090111 and 090112) for ``grain="hs"``; a sector
            code (``"c6"``), its ISIC basis (``"20"``, ``"17t18"``) or its name for ``grain="io"``.
        top : int, optional
            Keep the first ``top`` markets.
        competitors : int
            Main competing suppliers listed per market.
        io_table, rca_floor, horizon, past_year, pass_through, growth, projections, ...
            As for :meth:`export_potential` (also tariffs, distances, tariff_elasticity,
            distance_elasticity).

        Returns
        -------
        DataFrame
            Columns rank, importer, importer_name, product, value (current exports), potential,
            untapped, realised_share, imports (market demand, base year), demand_growth_pct
            (annual), market_share (the exporter's share of the market's imports), competitors,
            top_supplier, top_share, grain, source, year, unit, corrections.
        """
        return self._services.markets.market_targets(
            exporter, product_or_sector, year, grain, source, top=top,
            competitors=competitors, io_table=io_table, rca_floor=rca_floor,
            horizon=horizon, past_year=past_year, pass_through=pass_through,
            growth=growth, projections=projections, tariffs=tariffs,
            distances=distances, tariff_elasticity=tariff_elasticity,
            distance_elasticity=distance_elasticity
        )

    def export_diversification(
        self,
        exporter: str,
        year: int,
        grain: Grain = "hs",
        source: str | None = None,
        *,
        io_table: str = "wiod2013",
        rca_floor: float = 1.0,
        tariffs: pd.DataFrame | str | Path | None = "mfn",
        distances: bool = True,
    ) -> pd.DataFrame:
        """Product diversification indicator (ITC PDI) for products not exported competitively.

        Feasibility is the product-space density (Hidalgo et al. 2007) of ``exporter`` in each
        product (computed from the RCA of the same flows when they cover many products, else the
        HS-chapter density from ``con.complexity`` on the exporter totals); it replaces supply in
        ``density * demand * ease``. Output is a rank, not USD.

        Returns
        -------
        DataFrame
            Columns of :func:`gvc.analytics.export_potential.diversification` plus name and
            corrections.
        """
        return self._services.markets.export_diversification(
            exporter, year, grain, source, io_table=io_table, rca_floor=rca_floor,
            tariffs=tariffs, distances=distances
        )

    def current_markets(
        self,
        exporter: str = "IDN",
        chapter: str | None = None,
        year: int | None = None,
    ) -> pd.DataFrame:
        """List an exporter's current markets by HS chapter from the BPS agri-food exports.

        Parameters
        ----------
        exporter : str
            ISO3 (the embedded BPS data covers Indonesia only).
        chapter : str, optional
            An HS chapter ("09"); default all.
        year : int, optional
            Default the latest BPS year.

        Returns
        -------
        DataFrame
            Columns year, chapter, importer, importer_name, value (USD), share (of the exporter's
            chapter exports), previous_value, growth_pct (on the previous year), rank (within the
            chapter), chapter_total, world_year, world_exports_usd (world exports of the chapter,
            BACI), world_growth_pct (annual, 2011 to world_year), exporter_world_share (exporter's
            share of world chapter exports in world_year), corrections.
        """
        return self._services.markets.current_markets(exporter, chapter, year)

    # -- clusters (ClusterService) --------------------------------------------------------------

    def clusters(self, registry: str | None = None) -> pd.DataFrame:
        """List the clusters: shipped registries and those loaded in this session.

        Parameters
        ----------
        registry : str, optional
            Only this registry (``bps_imk2025``, ``jabar_umkm`` or a loaded file's name).

        Returns
        -------
        DataFrame
            Columns registry plus the registry fields (:data:`gvc.clusters_registry.FIELDS`),
            unknown_fields and derived_fields.
        """
        return self._services.clusters.clusters(self._registries, registry)

    def cluster(self, cluster_id: str) -> Cluster:
        """Return one cluster by id (loaded registries first, then the shipped ones)."""
        return self._services.clusters.cluster(self._registries, cluster_id)

    def load_clusters(
        self,
        source: bytes | str | Path,
        filename: str | None = None,
        firms: bytes | str | Path | None = None,
        name: str | None = None,
        persist: bool = False,
    ) -> pd.DataFrame:
        """Read, validate and register a cluster registry (CSV or Excel, a path or bytes).

        Beyond the file checks of :func:`gvc.clusters_registry.load_registry`, the provinces
        must be BPS province names and every KBLI/ISIC code and HS code must exist in the loaded
        classifications. The registry stays available to ``clusters()``/``cluster()`` for the
        life of this ``Gvc`` object; with ``persist=True`` it is also saved (normalised CSV under
        ``$GVC_HOME/clusters/``) and loaded by every later session.

        Parameters
        ----------
        source : bytes, str or Path
            The file or its content (an app upload).
        filename : str, optional
            The upload's file name (gives the format).
        firms : bytes, str or Path, optional
            A separate CSV of per-firm records.
        name : str, optional
            The registry name (default: the file name without suffix).
        persist : bool
            Save the registry for later sessions.

        Returns
        -------
        DataFrame
            The validated clusters (as :meth:`clusters` shows them).
        """
        return self._services.clusters.load_clusters(
            self._registries, source, filename, firms, name, persist
        )

    def remove_clusters(self, name: str) -> None:
        """Forget a loaded registry (and delete its saved copy, if any)."""
        return self._services.clusters.remove_clusters(self._registries, name)

    def cluster_questionnaire(
        self,
        mode: Mode = "cluster",
        lang: Lang = "en",
    ) -> list[dict[str, object]]:
        """Return the export-readiness self-assessment questions (see ``readiness``)."""
        return self._services.clusters.cluster_questionnaire(mode, lang)

    # -- imports (ImportService) ----------------------------------------------------------------

    def import_file(
        self,
        kind: ImportKind,
        path: str | Path,
        *,
        release: str | None = None,
        quarantine: bool = False,
        replace: bool = False,
        layout: str | Path | None = None,
        year: int | None = None,
        name: str | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> dict[str, Any]:
        """Import a public dataset file (or release zip / folder) and rebuild the database.

        Parameters
        ----------
        kind : {"baci", "comtrade", "atlas", "icio", "wiod2016", "national_io"}
            The format.
        path : str or Path
            The file, folder or zip.
        release : str, optional
            The release label (e.g. ``V202301``); taken from the file names when they carry it.
        quarantine : bool
            Land the good rows and write rejected rows to a rejects file (default: reject the file).
        replace : bool
            Let this release replace another release of the same dataset for the years both cover.
        layout : str or Path, optional
            The layout description (JSON or TOML) of a national IO table.
        year : int, optional
            The year of an IO table when the file name does not carry it.
        name : str, optional
            The ``io_table`` name for IO imports.
        progress : callable, optional
            Called with one line of text per step (the CLI prints it on stderr).

        Returns
        -------
        dict
            ``entries`` (dataset, release, tables, years, path), ``reports`` (per file: rows read,
            written, skipped and rejected by reason, rejects file) and ``fingerprint``. Open the
            new snapshot with :meth:`Gvc.reopen`; this object keeps reading the old one.
        """
        return self._services.imports.import_file(
            kind, path, release=release, quarantine=quarantine, replace=replace,
            layout=layout, year=year, name=name, progress=progress
        )

    def imports(self) -> pd.DataFrame:
        """List imported releases (dataset, release, kind, tables, years, rows, path)."""
        return self._services.imports.imports()

    def convert_hs(
        self,
        frame: pd.DataFrame,
        to: Literal["HS92", "HS17"] = "HS92",
        weights: Literal["equal", "trade"] = "equal",
        code_column: str = "product",
        revision_column: str = "hs_revision",
        value_columns: tuple[str, ...] | None = None,
    ) -> pd.DataFrame:
        """Convert HS6 trade values to another HS revision (see :mod:`gvc.importers.hsconvert`)."""
        return self._services.imports.convert_hs(
            frame, to, weights, code_column, revision_column, value_columns
        )

def connect(path: str | Path | None = None, data_dir: str | Path | None = None,
            build: bool = True) -> Gvc:
    """Open the gvc database, building it from the data folder on first use.

    Parameters
    ----------
    path : str or Path, optional
        The database file; default ``config.db_path()`` (``GVC_DB`` or ``$GVC_HOME/gvc.duckdb``).
    data_dir : str or Path, optional
        The embedded dataset; default ``config.data_dir()`` (``GVC_DATA_DIR`` or ``./data``).
    build : bool
        Build or refresh the database when it is missing or older than its inputs.

    Returns
    -------
    Gvc
        The read-only database with every analytic method.
    """
    db_file = Path(path).expanduser().resolve() if path else config.db_path()
    data = Path(data_dir).expanduser().resolve() if data_dir else config.data_dir()
    if build:
        build_mod.build(db_file, data)
    elif not db_file.is_file():
        raise DataNotFoundError(f"no gvc database at {db_file}; run 'gvc build' first")
    return Gvc(db_file, data)
