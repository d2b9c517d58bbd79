"""The `Gvc` methods for complexity, proximity, growth opportunities and the product space (issue 3)."""

from __future__ import annotations


class ComplexityMixin:
    """Methods of `gvc.Gvc` for complexity, proximity, growth opportunities and the product space."""
