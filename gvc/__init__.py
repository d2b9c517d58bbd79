"""gvc: export readiness and global value chain mapping for micro and small enterprise clusters.

Quick start::

    import gvc
    con = gvc.connect()                  # builds the database from data/ on first use
    con.datasets()                        # what is loaded
    con.products("coffee")                # HS products by words or code prefix
    con.exports(year=2016, exporter="IDN")
"""

from __future__ import annotations

from gvc.api import Gvc, connect
from gvc.errors import (
    DatabaseError,
    DataNotFoundError,
    GvcError,
    ImportValidationError,
    InvalidInputError,
    UnknownCodeError,
)

__version__ = "0.1.0"

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
