"""gvc's own version, from the installed package's metadata (dependency-free)."""

from __future__ import annotations


def version() -> str:
    """Return pyproject.toml's version number as installed ("0+unknown" in a bare tree)."""
    from importlib import metadata

    try:
        return metadata.version("gvc")
    except metadata.PackageNotFoundError:  # pragma: no cover - a source tree not installed
        return "0+unknown"
