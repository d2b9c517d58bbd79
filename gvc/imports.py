"""The `Gvc` methods for importers for the full public datasets (issue 5)."""

from __future__ import annotations


class ImportMixin:
    """Methods of `gvc.Gvc` for importers for the full public datasets."""
