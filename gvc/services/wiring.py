"""Wiring the area services of one snapshot, each given its collaborators explicitly.

Each service is created (and its module imported) the first time it is used, so that a call
that needs only the data service (``gvc info``) does not load SciPy, networkx or the cluster
engine.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from gvc.services.clusters import ClusterService
    from gvc.services.complexity import ComplexityService
    from gvc.services.data import DataService
    from gvc.services.domestic import DomesticService
    from gvc.services.imports import ImportService
    from gvc.services.io import IOService
    from gvc.services.markets import MarketService
    from gvc.services.published import PublishedService
    from gvc.services.store import Store

__all__ = ["Services"]

T = TypeVar("T")

#: One lock for every lazy service: two threads (app sessions) asking for the same service at
#: the same time get one instance.
_LOCK = threading.RLock()


class Services:
    """The area services of one snapshot, wired with their explicit collaborators.

    Parameters
    ----------
    store : Store
        The snapshot every service reads.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._made: dict[str, object] = {}

    def _get(self, name: str, make: Callable[[], T]) -> T:
        """Return the service ``name``, creating it once (double-checked under the lock)."""
        got = self._made.get(name)
        if got is None:
            with _LOCK:
                got = self._made.get(name)
                if got is None:
                    got = make()
                    self._made[name] = got
        return got  # type: ignore[return-value]

    @classmethod
    def build(cls, store: Store) -> Services:
        """Return the services of ``store`` (each created on first use)."""
        return cls(store)

    @property
    def data(self) -> DataService:
        """The canonical tables."""
        from gvc.services.data import DataService

        return self._get("data", lambda: DataService(self.store))

    @property
    def complexity(self) -> ComplexityService:
        """Complexity, product space, growth opportunities."""
        from gvc.services.complexity import ComplexityService

        return self._get("complexity", lambda: ComplexityService(self.store, self.data))

    @property
    def io(self) -> IOService:
        """Input-output models."""
        from gvc.services.io import IOService

        return self._get("io", lambda: IOService(self.store, self.data))

    @property
    def markets(self) -> MarketService:
        """Export potential and market targets."""
        from gvc.services.markets import MarketService

        return self._get(
            "markets", lambda: MarketService(self.store, self.data, self.complexity, self.io)
        )

    @property
    def clusters(self) -> ClusterService:
        """Cluster registries and opportunities."""
        from gvc.services.clusters import ClusterService, OpportunityInputs

        return self._get("clusters", lambda: ClusterService(
            self.store, OpportunityInputs(self.store, self.complexity, self.io, self.markets)
        ))

    @property
    def imports(self) -> ImportService:
        """Importing full datasets."""
        from gvc.services.imports import ImportService

        return self._get("imports", lambda: ImportService(self.store))

    @property
    def published(self) -> PublishedService:
        """Published indicators and current tables."""
        from gvc.services.published import PublishedService

        return self._get("published", lambda: PublishedService(self.store))

    @property
    def domestic(self) -> DomesticService:
        """Domestic value chains (BPS IRIO 2016)."""
        from gvc.services.domestic import DomesticService

        return self._get("domestic", lambda: DomesticService(self.store))
