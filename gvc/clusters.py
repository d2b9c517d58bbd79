"""The `Gvc` methods for MSE clusters, readiness and opportunities (issue 7)."""

from __future__ import annotations


class ClusterMixin:
    """Methods of `gvc.Gvc` for MSE clusters, readiness and opportunities."""
