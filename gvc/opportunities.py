"""Ranked, explained export opportunities for an MSE cluster (kept for compatibility).

The code lives in the package :mod:`gvc.opportunity` (context, scoring, ranking, explanation
text, file export); every name this module offered is re-exported here.
"""

from __future__ import annotations

from gvc.opportunity import *  # noqa: F403
from gvc.opportunity import __all__  # noqa: F401
from gvc.opportunity.context import _sector_links, _sector_targets, _structural_path  # noqa: F401
from gvc.opportunity.explain import _why  # noqa: F401
from gvc.opportunity.rank import (  # noqa: F401
    _COLUMNS,
    _feasibility,
    _kbli_prefixes,
    _markets,
    _requirements,
    _untapped,
)
from gvc.opportunity.scoring import _weights  # noqa: F401
