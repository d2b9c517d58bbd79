"""Where gvc finds its data and app, keeps its database and caches results.

Environment variables (read when the functions are called, never at import):

- ``GVC_DATA_DIR``: the embedded dataset. Default: ``data/`` of the source checkout when gvc runs
  from one (``pip install -e .``, ``make run``), else the copy inside the installed package
  (``gvc/_data``, put there by the wheel).
- ``GVC_HOME``: gvc's working folder for the database, imported data and caches. Default: the
  user data folder of the platform (``platformdirs.user_data_dir("gvc")``: ``~/.local/share/gvc``
  on Linux, ``~/Library/Application Support/gvc`` on macOS, ``%LOCALAPPDATA%/gvc`` on Windows),
  outside the source tree.
- ``GVC_DB``: the database file (default: ``$GVC_HOME/gvc.duckdb``).

The app (``app.py``, ``app_pages/``, ``static/``, ``.streamlit/config.toml``) is found the same
way as the data: the checkout's top folder, else ``gvc/_app`` of the installed package.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import platformdirs

from gvc.errors import GvcError

PACKAGE_DIR = Path(__file__).resolve().parent
#: The folder above the package: the top of the source checkout when gvc runs from one.
REPO_DIR = PACKAGE_DIR.parent


@functools.cache
def _in_checkout() -> bool:
    """Whether the package runs from its source checkout (gvc's pyproject.toml beside it)."""
    try:
        text = (REPO_DIR / "pyproject.toml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return '\nname = "gvc"\n' in text


def data_dir() -> Path:
    """Return the folder of the embedded dataset (checkout's ``data/``, else ``gvc/_data``)."""
    env = os.environ.get("GVC_DATA_DIR")
    if env:
        return Path(env).expanduser().resolve()
    if _in_checkout() and (REPO_DIR / "data").is_dir():
        return REPO_DIR / "data"
    return PACKAGE_DIR / "_data"


def app_dir() -> Path:
    """Return the folder holding ``app.py`` (the checkout's top, else ``gvc/_app``)."""
    if _in_checkout() and (REPO_DIR / "app.py").is_file():
        return REPO_DIR
    return PACKAGE_DIR / "_app"


def home_dir() -> Path:
    """Return gvc's working folder, created on demand.

    Raises
    ------
    GvcError
        When the folder cannot be created (it names the folder and ``GVC_HOME``).
    """
    env = os.environ.get("GVC_HOME")
    base = Path(env).expanduser() if env else Path(platformdirs.user_data_dir("gvc", False))
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise GvcError(
            f"GVC_HOME: cannot use {base} as gvc's working folder: {err.strerror or err}"
        ) from None
    if not base.is_dir():
        raise GvcError(f"GVC_HOME: {base} is not a folder")
    return base.resolve()


def db_path() -> Path:
    """Return the path of the DuckDB database file."""
    env = os.environ.get("GVC_DB")
    return Path(env).expanduser().resolve() if env else home_dir() / "gvc.duckdb"


def resolve(db: str | Path | None, data: str | Path | None) -> tuple[Path, Path]:
    """Return the database file and data folder given (``~`` expanded), else the defaults."""
    return (
        Path(db).expanduser().resolve() if db else db_path(),
        Path(data).expanduser().resolve() if data else data_dir(),
    )


def imports_dir() -> Path:
    """Return the folder where imported datasets are stored as Parquet."""
    return _subdir("imports")


def cache_dir() -> Path:
    """Return the folder of the Parquet result cache."""
    return _subdir("cache")


def _subdir(name: str) -> Path:
    path = home_dir() / name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise GvcError(f"GVC_HOME: cannot create {path}: {err.strerror or err}") from None
    return path
