"""The ``Gvc`` object: the public API, one typed delegate per analysis.

``Gvc`` owns a :class:`~gvc.services.store.Store` (the read-only snapshot) and the area services
built on it (:class:`Services`); each public method is a one-line delegate to one service. The
per-user state (uploaded cluster registries) is a :class:`~gvc.services.clusters.Registries`;
:meth:`Gvc.session` gives a view with its own registries and the same store and services.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from gvc import config
from gvc.choices import (
    ATLAS_MIN_EXPORTS_USD,
    ATLAS_MIN_POPULATION,
    DISTANCE_ELASTICITY,
    PASS_THROUGH,
    TARIFF_ELASTICITY,
)
from gvc.errors import DataNotFoundError
from gvc.services.data import MAX_ROWS
from gvc.services.store import Store
from gvc.services.wiring import Services

if TYPE_CHECKING:  # pragma: no cover - types only: the areas load on first use
    import networkx as nx

    from gvc.services.clusters import Cluster, Lang, Mode, Registries
    from gvc.services.complexity import Presence, ProximityKind, Strategy
    from gvc.services.data import IOBlock, Level
    from gvc.services.domestic import DomesticLinks, DomesticService
    from gvc.services.imports import ImportKind
    from gvc.services.io import Groups, IOSystem
    from gvc.services.market_data import Grain, Growth, TableInput

__all__ = ["Gvc", "Services", "connect"]

#: Guards the first creation of a view's registries (app sessions share the main connection).
_REGISTRIES_LOCK = threading.Lock()


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
        self._registries_given = registries

    @property
    def _registries(self) -> Registries:
        """Return this view's cluster registries (made on first use: the engine is heavy)."""
        if self._registries_given is None:
            from gvc.services.clusters import Registries

            with _REGISTRIES_LOCK:
                if self._registries_given is None:
                    self._registries_given = Registries(
                        taken=lambda: self._services.clusters.shipped_ids()
                    )
        return self._registries_given

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
        """List the loaded datasets. See :meth:`gvc.services.data.DataService.datasets`."""
        return self._services.data.datasets()

    def data_gaps(self, product: str, exporter: str = "IDN", lang: str = "en") -> pd.DataFrame:
        """Say what the loaded data give for one product, analysis by analysis, and what adds more.

        See :meth:`gvc.services.data.DataService.data_gaps`.
        """
        return self._services.data.data_gaps(product, exporter, lang)

    def coverage(self) -> dict[str, pd.DataFrame]:
        """Summarise what is loaded: trade years, exporters, world totals, IO tables, HS codes.

        See :meth:`gvc.services.data.DataService.coverage`.
        """
        return self._services.data.coverage()

    def countries(self, include_aggregates: bool = False) -> pd.DataFrame:
        """List countries: iso3, iso_num, iso2, name, wdi_region, income_group, is_aggregate.

        See :meth:`gvc.services.data.DataService.countries`.
        """
        return self._services.data.countries(include_aggregates)

    def products(
        self,
        search: str | None = None,
        level: Level | None = None,
        revision: str | None = "HS92",
        limit: int = 200,
    ) -> pd.DataFrame:
        """Find HS products by code prefix ("0901", "09 01") or by words ("coffee roasted").

        See :meth:`gvc.services.data.DataService.products`.
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

        See :meth:`gvc.services.data.DataService.exports`.
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

        See :meth:`gvc.services.data.DataService.export_sources`.
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
        """Bilateral flows of one source. See :meth:`gvc.services.data.DataService.trade_flows`."""
        return self._services.data.trade_flows(
            year, exporter, importer, product, revision, source, limit
        )

    def io_tables(self) -> pd.DataFrame:
        """List loaded IO tables: io_table, year, n_regions, n_sectors, unit, source.

        See :meth:`gvc.services.data.DataService.io_tables`.
        """
        return self._services.data.io_tables()

    def io_table(self, name: str, year: int, block: IOBlock = "intermediate") -> pd.DataFrame:
        """Return one raw block of an IO table in long form.

        See :meth:`gvc.services.data.DataService.io_table`.
        """
        return self._services.data.io_table(name, year, block)

    def hs_sections(self) -> pd.DataFrame:
        """List the 21 HS sections (section, name).

        See :meth:`gvc.services.data.DataService.hs_sections`.
        """
        return self._services.data.hs_sections()

    def country_positions(self) -> pd.DataFrame:
        """Country positions of CEPII GeoDist: iso3, name, lat, lon (one row per ISO3).

        See :meth:`gvc.services.data.DataService.country_positions`.
        """
        return self._services.data.country_positions()

    # -- complexity (ComplexityService) ---------------------------------------------------------

    def complexity_sources(self, year: int, revision: str = "HS92", level: int = 4) -> pd.DataFrame:
        """List the trade tables that can feed a complexity run for ``year``/``revision``/``level``.

        See :meth:`gvc.services.complexity.ComplexityService.complexity_sources`.
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

        See :meth:`gvc.services.complexity.ComplexityService.complexity`.
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

        See :meth:`gvc.services.complexity.ComplexityService.complexity_rankings`.
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

        See :meth:`gvc.services.complexity.ComplexityService.proximity`.
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

        See :meth:`gvc.services.complexity.ComplexityService.growth_opportunities`.
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

        See :meth:`gvc.services.complexity.ComplexityService.product_space`.
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

        See :meth:`gvc.services.complexity.ComplexityService.export_dynamics`.
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

        See :meth:`gvc.services.io.IOService.io`.
        """
        return self._services.io.io(name, year, balanced, region_groups, sector_groups)

    def io_upstreamness_comparison(self, name: str = "wiod2013", year: int = 2011) -> pd.DataFrame:
        """Compare gvc's upstreamness and downstreamness with the published Antras-Chor values.

        See :meth:`gvc.services.io.IOService.io_upstreamness_comparison`.
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

        See :meth:`gvc.services.markets.MarketService.export_potential`.
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
        fallback: bool = True,
    ) -> pd.DataFrame:
        """Markets ranked by untapped potential for one product (or HS prefix) or IO sector.

        Without product-level flows for the product and year the answer falls back to the best
        grain loaded (BPS destinations, ICIO 2022 buyers, WIOD sector), labelled per row. See
        :meth:`gvc.services.markets.MarketService.market_targets`.
        """
        return self._services.markets.market_targets(
            exporter, product_or_sector, year, grain, source, top=top,
            competitors=competitors, io_table=io_table, rca_floor=rca_floor,
            horizon=horizon, past_year=past_year, pass_through=pass_through,
            growth=growth, projections=projections, tariffs=tariffs,
            distances=distances, tariff_elasticity=tariff_elasticity,
            distance_elasticity=distance_elasticity, fallback=fallback,
        )

    def target_years(self, exporter: str, product: str) -> pd.DataFrame:
        """Years that answer market targets for one product: year, grain, source.

        See :meth:`gvc.services.markets.MarketService.target_years`.
        """
        return self._services.markets.target_years(exporter, product)

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

        See :meth:`gvc.services.markets.MarketService.export_diversification`.
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

        See :meth:`gvc.services.markets.MarketService.current_markets`.
        """
        return self._services.markets.current_markets(exporter, chapter, year)

    # -- clusters (ClusterService) --------------------------------------------------------------

    def clusters(self, registry: str | None = None) -> pd.DataFrame:
        """List the clusters: shipped registries and those loaded in this session.

        See :meth:`gvc.services.clusters.ClusterService.clusters`.
        """
        return self._services.clusters.clusters(self._registries, registry)

    def cluster(self, cluster_id: str) -> Cluster:
        """Return one cluster by id (loaded registries first, then the shipped ones).

        See :meth:`gvc.services.clusters.ClusterService.cluster`.
        """
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

        See :meth:`gvc.services.clusters.ClusterService.load_clusters`.
        """
        return self._services.clusters.load_clusters(
            self._registries, source, filename, firms, name, persist
        )

    def remove_clusters(self, name: str) -> None:
        """Forget a loaded registry (and delete its saved copy, if any).

        See :meth:`gvc.services.clusters.ClusterService.remove_clusters`.
        """
        return self._services.clusters.remove_clusters(self._registries, name)

    def cluster_questionnaire(
        self,
        mode: Mode = "cluster",
        lang: Lang = "en",
    ) -> list[dict[str, object]]:
        """Return the export-readiness self-assessment questions (see ``readiness``).

        See :meth:`gvc.services.clusters.ClusterService.cluster_questionnaire`.
        """
        return self._services.clusters.cluster_questionnaire(mode, lang)

    def kbli(self, codes: str | list[str]) -> pd.DataFrame:
        """Look up KBLI 2020 / ISIC Rev.4 codes: Indonesian title and ISIC Rev.4 class.

        See :meth:`gvc.services.clusters.ClusterService.kbli`.
        """
        return self._services.clusters.kbli(codes)

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

        See :meth:`gvc.services.imports.ImportService.import_file`.
        """
        return self._services.imports.import_file(
            kind, path, release=release, quarantine=quarantine, replace=replace,
            layout=layout, year=year, name=name, progress=progress
        )

    def imports(self) -> pd.DataFrame:
        """List imported releases (dataset, release, kind, tables, years, rows, path).

        See :meth:`gvc.services.imports.ImportService.imports`.
        """
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
        """Convert HS6 trade values to another HS revision (see :mod:`gvc.importers.hsconvert`).

        See :meth:`gvc.services.imports.ImportService.convert_hs`.
        """
        return self._services.imports.convert_hs(
            frame, to, weights, code_column, revision_column, value_columns
        )

    # -- published indicators and current tables (PublishedService) ----------------------------

    def gvc_indicators(self, economy: str | Iterable[str] | None = None,
                       sector: str | Iterable[str] | None = None,
                       years: int | Iterable[int] | None = None,
                       aggregation: Literal[0, 5, 15, 35] | None = None) -> pd.DataFrame:
        """Return ADB's published GVC participation (:meth:`PublishedService.gvc_indicators`)."""
        return self._services.published.gvc_indicators(economy, sector, years, aggregation)

    def partner_trade(self, flow: Literal["export", "import"] = "export",
                      years: int | Iterable[int] | None = None,
                      partner: str | Iterable[str] | None = None) -> pd.DataFrame:
        """Return Indonesia's trade by partner (see :meth:`PublishedService.partner_trade`)."""
        return self._services.published.partner_trade(flow, years, partner)

    def published_eci(self, country: str | Iterable[str] | None = None,
                      classification: Literal["HS92", "SITC"] = "HS92") -> pd.DataFrame:
        """Return the Atlas's published ECI (see :meth:`PublishedService.published_eci`)."""
        return self._services.published.published_eci(country, classification)

    def chapter_exports(self, chapter: str | int | Iterable[str | int] | None = None,
                        by: Literal["chapter", "country", "destination"] = "chapter",
                        years: int | Iterable[int] | None = None,
                        months: Literal[12, 5] = 12) -> pd.DataFrame:
        """Return Indonesia's exports by HS chapter (:meth:`PublishedService.chapter_exports`)."""
        return self._services.published.chapter_exports(chapter, by, years, months)

    # -- domestic value chains (DomesticService, BPS IRIO 2016) ---------------------------------

    def domestic(self) -> DomesticService:
        """Return the domestic value-chain service (BPS IRIO 2016) of this snapshot."""
        return self._services.domestic

    def domestic_links(self, province: str, industry: str | list[str]) -> DomesticLinks:
        """Domestic buyers, input sources and linkages of a province-industry (IRIO 2016).

        See :meth:`gvc.services.domestic.DomesticService.links`.
        """
        return self._services.domestic.links(province, industry)


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
    db_file, data = config.resolve(path, data_dir)
    if build:
        from gvc import build as build_mod

        build_mod.build(db_file, data)
    elif not db_file.is_file():
        raise DataNotFoundError(f"no gvc database at {db_file}; run 'gvc build' first")
    return Gvc(db_file, data)
