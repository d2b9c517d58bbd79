"""Where gvc finds its data, keeps its database and caches results.

Environment variables (read when the functions are called, never at import):

- ``GVC_DATA_DIR``: the embedded dataset (default: ``data/`` beside the ``gvc`` package).
- ``GVC_HOME``: gvc's working folder for the database, imported data and caches
  (default: ``~/.local/share/gvc``, outside the source tree).
- ``GVC_DB``: the database file (default: ``$GVC_HOME/gvc.duckdb``).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def data_dir() -> Path:
    """Return the folder of the embedded dataset."""
    env = os.environ.get("GVC_DATA_DIR")
    return Path(env).expanduser().resolve() if env else REPO_DIR / "data"


def home_dir() -> Path:
    """Return gvc's working folder, created on demand."""
    env = os.environ.get("GVC_HOME")
    base = Path(env).expanduser() if env else Path.home() / ".local" / "share" / "gvc"
    base.mkdir(parents=True, exist_ok=True)
    return base.resolve()


def db_path() -> Path:
    """Return the path of the DuckDB database file."""
    env = os.environ.get("GVC_DB")
    return Path(env).expanduser().resolve() if env else home_dir() / "gvc.duckdb"


def imports_dir() -> Path:
    """Return the folder where imported datasets are stored as Parquet."""
    path = home_dir() / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Return the folder of the Parquet result cache."""
    path = home_dir() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path
