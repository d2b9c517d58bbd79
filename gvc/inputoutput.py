"""The `Gvc` methods for input-output tables and GVC measures (issue 4)."""

from __future__ import annotations


class IOMixin:
    """Methods of `gvc.Gvc` for input-output tables and GVC measures."""
