"""gvc: export readiness and global value chain mapping for micro and small enterprise clusters.

Quick start::

    import gvc
    con = gvc.connect()                  # builds the database from data/ on first use
    con.datasets()                        # what is loaded
    con.products("coffee")                # HS products by words or code prefix
    con.exports(year=2016, exporter="IDN")
"""

from __future__ import annotations

from importlib import metadata as _metadata

from gvc.api import Gvc, connect
from gvc.errors import (
    DatabaseError,
    DataNotFoundError,
    GvcError,
    ImportValidationError,
    InvalidInputError,
    UnknownCodeError,
)

try:  # the one version number is pyproject.toml's, read from the installed package's metadata
    __version__: str = _metadata.version("gvc")
except _metadata.PackageNotFoundError:  # pragma: no cover - a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "DataNotFoundError",
    "DatabaseError",
    "Gvc",
    "GvcError",
    "ImportValidationError",
    "InvalidInputError",
    "UnknownCodeError",
    "__version__",
    "connect",
]
