"""Shared fixtures: one real database built once per test run from the embedded data.

Tests live in tier folders (``unit``, ``integration``, ``app``, ``e2e``, ``reliability``,
``packaging``); each test is marked with its folder's name, so ``pytest -m unit`` or
``pytest -m "not slow"`` picks a tier. Shared helpers are in ``tests/helpers.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import gvc
from tests.helpers import DATA, private_home

TIERS = ("unit", "integration", "app", "e2e", "reliability", "packaging")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its tier (the folder it lives in); e2e and packaging are slow."""
    for item in items:
        parts = Path(str(item.fspath)).parts
        tier = next((p for p in reversed(parts) if p in TIERS), None)
        if tier:
            item.add_marker(getattr(pytest.mark, tier))
            if tier in ("e2e", "packaging"):
                item.add_marker(pytest.mark.slow)


@pytest.fixture
def home_copy(con, tmp_path, monkeypatch) -> Path:
    """A private GVC_HOME holding a copy of the session's database (no extra build)."""
    monkeypatch.setenv("GVC_HOME", str(tmp_path))
    monkeypatch.setenv("GVC_DATA_DIR", str(DATA))
    monkeypatch.delenv("GVC_DB", raising=False)
    shutil.copyfile(con.path, tmp_path / "gvc.duckdb")
    return tmp_path


@pytest.fixture(scope="session")
def gvc_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private GVC_HOME for the whole run (database, imports, caches)."""
    with private_home(tmp_path_factory.mktemp("gvc_home")) as home:
        yield home


@pytest.fixture(scope="session")
def con(gvc_home: Path) -> gvc.Gvc:
    """The real embedded dataset, built once into the session's GVC_HOME."""
    c = gvc.connect(gvc_home / "gvc.duckdb", data_dir=DATA)
    yield c
    c.close()
