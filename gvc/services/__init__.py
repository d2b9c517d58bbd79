"""The area services behind :class:`gvc.Gvc`: one class per area, explicit collaborators.

:class:`~gvc.services.store.Store` is the read-only snapshot every service reads;
:class:`~gvc.services.data.DataService` the canonical tables;
:class:`~gvc.services.complexity.ComplexityService`, :class:`~gvc.services.io.IOService`,
:class:`~gvc.services.markets.MarketService`, :class:`~gvc.services.clusters.ClusterService` and
:class:`~gvc.services.imports.ImportService` the analyses. ``gvc.api.Services.build(store)``
wires them.
"""
