"""Opening the database and running the SQL files shipped in ``gvc/sql``.

This is the only module that opens DuckDB for reading. The database file is a read-only snapshot:
builds and imports write a new file and rename it into place (see :mod:`gvc.build`), so a reader
never sees a half-written state and never meets a lock held by a writer.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from gvc.config import PACKAGE_DIR
from gvc.errors import DatabaseError, InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

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


#: The catalog name under which the database file is attached (see :func:`open_db`).
CATALOG = "gvc"


def open_db(path: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the database file at ``path`` (read-only by default).

    A read-only open attaches the file to a fresh in-memory DuckDB instance (``ATTACH ...
    (READ_ONLY)``, then ``USE gvc``) instead of ``duckdb.connect(path)``: DuckDB shares one
    instance per path inside a process, so a plain connect would keep serving the old snapshot
    after a rebuild renamed a new file into place while an old connection is still open. Cursors
    must run ``USE gvc`` too; :func:`cursor` does that.
    """
    try:
        if not read_only:
            return duckdb.connect(str(path))
        con = duckdb.connect(":memory:")
        literal = str(path).replace("'", "''")  # ATTACH takes no bound parameters
        con.execute(f"attach '{literal}' as {CATALOG} (read_only)")
        con.execute(f"use {CATALOG}")
        # A table name must never resolve to a Python variable of the caller's frame.
        con.execute("set python_enable_replacements = false")
        return con
    except duckdb.Error as err:
        raise DatabaseError(f"cannot open the gvc database {path}: {err}") from err


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Return a cursor of ``con`` that reads the attached gvc database by default."""
    cur = con.cursor()
    cur.execute(f"use {CATALOG}")
    cur.execute("set python_enable_replacements = false")
    return cur


def query(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run ``gvc/sql/<name>.sql`` with named ``$`` parameters on a fresh cursor."""
    return cursor(con).execute(load_sql(name), params).df()
