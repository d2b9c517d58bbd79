"""Shared fixtures: one real database built once per test run from the embedded data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import gvc

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"


@pytest.fixture(scope="session")
def gvc_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private GVC_HOME for the whole run (database, imports, caches)."""
    home = tmp_path_factory.mktemp("gvc_home")
    old = {k: os.environ.get(k) for k in ("GVC_HOME", "GVC_DB", "GVC_DATA_DIR")}
    os.environ["GVC_HOME"] = str(home)
    os.environ["GVC_DATA_DIR"] = str(DATA)
    os.environ.pop("GVC_DB", None)
    yield home
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def con(gvc_home: Path) -> gvc.Gvc:
    """The real embedded dataset, built once into the session's GVC_HOME."""
    c = gvc.connect(gvc_home / "gvc.duckdb", data_dir=DATA)
    yield c
    c.close()
