"""Wiring the area services of one snapshot, each given its collaborators explicitly."""

from __future__ import annotations

from dataclasses import dataclass

from gvc.services.clusters import ClusterService, OpportunityInputs
from gvc.services.complexity import ComplexityService
from gvc.services.data import DataService
from gvc.services.domestic import DomesticService
from gvc.services.imports import ImportService
from gvc.services.io import IOService
from gvc.services.markets import MarketService
from gvc.services.published import PublishedService
from gvc.services.store import Store

__all__ = ["Services"]


@dataclass(frozen=True)
class Services:
    """The area services of one snapshot, wired with their explicit collaborators."""

    data: DataService
    complexity: ComplexityService
    io: IOService
    markets: MarketService
    clusters: ClusterService
    imports: ImportService
    published: PublishedService
    domestic: DomesticService

    @classmethod
    def build(cls, store: Store) -> Services:
        """Create every service on ``store``."""
        data = DataService(store)
        complexity = ComplexityService(store, data)
        io = IOService(store, data)
        markets = MarketService(store, data, complexity, io)
        clusters = ClusterService(store, OpportunityInputs(store, complexity, io, markets))
        return cls(data, complexity, io, markets, clusters, ImportService(store),
                   PublishedService(store), DomesticService(store))
