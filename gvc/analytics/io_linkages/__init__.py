"""Input-output analysis: Leontief model, value added in exports, GVC participation, linkages.

Pure functions and classes on numpy arrays and pandas DataFrames; nothing here opens a database.
Formulas follow ``METHODS.md`` section 3 and the references cited in each docstring.

The package is split along its seams: the array maths in :mod:`gvc.analytics.leontief`, the table
in :mod:`.table` (construction, aggregation), the model in :mod:`.system` (:class:`IOSystem`), its
trade-in-value-added measures in :mod:`.exports` and its path searches in :mod:`.chains` (on top
of :mod:`gvc.analytics.paths`). Every public name is importable from here.

Conventions
-----------
* Country-sectors are ordered region-major: index ``r * S + s`` for region ``r`` and sector ``s``
  (as in WIOD and pymrio).
* ``Z`` (n x n) is intermediate use (row supplies column), ``Y`` (n x R x K) final demand of each
  destination region by category, ``x`` gross output.
* Balanced output ``x = rowsum(Z) + rowsum(Y)`` by default, so that ``x = L y`` holds exactly. The
  published output is an option (``balanced=False``); the difference is reported by
  :meth:`IOSystem.output_check`.
* A sector with zero output has zero coefficients (``1/x`` taken as 0, as pymrio does).
* A table may lack final demand by destination and value-added rows (OECD ICIO 2025 edition,
  2022, as shipped here: intermediate flows and gross output only). It is built with
  ``final=None`` (:meth:`IOTable.from_positions`); the Leontief/Ghosh model, output multipliers,
  linkages, extraction, upstreamness, paths to total final demand, supplier paths (of gross
  output) and :func:`intermediate_exports` work, and the measures that need what it lacks raise
  DataNotFoundError naming it and the tables that have it.
* Without value-added rows, value added is the residual ``VA = x - colsum(Z)``: it then also holds
  taxes less subsidies on products, international transport margins and any statistical
  discrepancy of the table (for the rounded WIOD 2013 tables also the rounding of cells).
"""

from __future__ import annotations

from gvc.analytics.io_linkages.chains import SINKS
from gvc.analytics.io_linkages.exports import intermediate_exports
from gvc.analytics.io_linkages.system import IOSystem
from gvc.analytics.io_linkages.table import (
    ALL_DESTINATIONS,
    FULL_TABLE_HINT,
    INVENTORY_CATEGORY,
    REGION_PRESETS,
    REST,
    SECTOR_PRESETS,
    TOTAL_FINAL,
    IOTable,
)
from gvc.analytics.leontief import (
    LeontiefSolver,
    allocation_coefficients,
    balanced_output,
    downstreamness_vector,
    leontief_inverse,
    linkage_type,
    rasmussen_hirschman,
    residual_value_added,
    technical_coefficients,
    upstreamness_vector,
)

__all__ = [
    "ALL_DESTINATIONS",
    "FULL_TABLE_HINT",
    "INVENTORY_CATEGORY",
    "REGION_PRESETS",
    "REST",
    "SECTOR_PRESETS",
    "SINKS",
    "TOTAL_FINAL",
    "IOSystem",
    "IOTable",
    "LeontiefSolver",
    "allocation_coefficients",
    "balanced_output",
    "downstreamness_vector",
    "intermediate_exports",
    "leontief_inverse",
    "linkage_type",
    "rasmussen_hirschman",
    "residual_value_added",
    "technical_coefficients",
    "upstreamness_vector",
]
