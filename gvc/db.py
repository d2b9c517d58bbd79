"""Opening the database and running the SQL files shipped in ``gvc/sql``.

This is the only module that opens DuckDB for reading. The database file is a read-only snapshot:
builds and imports write a new file and rename it into place (see :mod:`gvc.build`), so a reader
never sees a half-written state and never meets a lock held by a writer.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import duckdb
import pandas as pd

from gvc.config import PACKAGE_DIR
from gvc.errors import DatabaseError, InvalidInputError

SQL_DIR = PACKAGE_DIR / "sql"
_SQL_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@functools.cache
def load_sql(name: str) -> str:
    """Return the text of ``gvc/sql/<name>.sql``."""
    if not _SQL_NAME.match(name):
        raise InvalidInputError(f"SQL file name must be lower_snake_case (got {name!r})")
    path = SQL_DIR / f"{name}.sql"
    if not path.is_file():
        raise InvalidInputError(f"no SQL file named {name!r} in {SQL_DIR}")
    return path.read_text(encoding="utf-8")


def open_db(path: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database file at ``path`` (read-only by default)."""
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as err:
        raise DatabaseError(f"cannot open the gvc database {path}: {err}") from err


def query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run ``gvc/sql/<name>.sql`` with named ``$`` parameters on a fresh cursor."""
    return con.cursor().execute(load_sql(name), params).df()
