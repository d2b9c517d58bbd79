"""gvc: export readiness and global value chain mapping for micro and small enterprise clusters.

Quick start::

    import gvc
    con = gvc.connect()                  # builds the database from data/ on first use
    con.datasets()                        # what is loaded
    con.products("coffee")                # HS products by words or code prefix
    con.exports(year=2016, exporter="IDN")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gvc.errors import (
    DatabaseError,
    DataNotFoundError,
    GvcError,
    ImportValidationError,
    InvalidInputError,
    UnknownCodeError,
)

if TYPE_CHECKING:  # pragma: no cover
    from gvc.api import Gvc, connect


def __getattr__(name: str) -> Any:
    """Import the API on first use: ``import gvc`` stays light (no pandas, DuckDB, SciPy).

    ``gvc.connect`` and ``gvc.Gvc`` load :mod:`gvc.api` and the libraries it needs the first
    time they are touched (PEP 562); the CLI's ``--help`` never does.
    """
    if name in ("Gvc", "connect"):
        from gvc import api

        return getattr(api, name)
    if name == "__version__":  # pyproject.toml's number, from the installed package's metadata
        from gvc._meta import version

        return version()
    raise AttributeError(f"module 'gvc' has no attribute {name!r}")


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
