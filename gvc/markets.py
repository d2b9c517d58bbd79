"""The `Gvc` methods for export potential and market targets (issue 6)."""

from __future__ import annotations


class MarketMixin:
    """Methods of `gvc.Gvc` for export potential and market targets."""
