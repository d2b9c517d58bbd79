"""The MSE cluster registry (kept for compatibility: the code lives in :mod:`gvc.registry`).

Every name this module offered is re-exported from the package :mod:`gvc.registry` (schema,
template, parsing and validation, the shipped registries).
"""

from __future__ import annotations

from pathlib import Path  # noqa: F401  (tests used reg.Path)

from gvc.registry import *  # noqa: F403
from gvc.registry import __all__  # noqa: F401
from gvc.registry.parse import _Errors, _parse_cell, _read_tables  # noqa: F401
from gvc.registry.schema import _FIELD_BY_NAME, _FIRM_BY_NAME, _ID, _is_missing  # noqa: F401
