"""The IO service: Leontief systems and GVC measures of the loaded input-output tables.

Blocks come from ``gvc/sql/io_*.sql``; the maths is :mod:`gvc.analytics.io_linkages`.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable, Mapping
from typing import TypeAlias

import pandas as pd

from gvc.analytics.io_linkages import IOSystem, IOTable
from gvc.errors import DataNotFoundError, InvalidInputError
from gvc.services.data import DataService
from gvc.services.store import Store

#: How many IOSystem objects one snapshot keeps (each holds a few n x n matrices: ~50 MB for WIOD).
IO_MEMO_SIZE = 4

Groups: TypeAlias = Mapping[str, Iterable[str] | str]


def _freeze(groups: Groups | str | None) -> str:
    """Return a hashable, order-preserving key for group options."""
    if groups is None or isinstance(groups, str):
        return json.dumps(groups)
    if not isinstance(groups, Mapping):
        raise InvalidInputError(
            f"groups must be a mapping of group name to member codes (got {type(groups).__name__})"
        )
    return json.dumps(
        [[str(k), v if isinstance(v, str) else [str(m) for m in v]] for k, v in groups.items()]
    )


class IOService:
    """Input-output analytics of one snapshot.

    Parameters
    ----------
    store : Store
        The snapshot.
    data : DataService
        The IO catalogue (:meth:`DataService.check_io_table`).
    """

    def __init__(self, store: Store, data: DataService) -> None:
        self.store = store
        self.data = data

    def io(
        self,
        name: str = "wiod2013",
        year: int = 2011,
        balanced: bool = True,
        region_groups: Groups | None = None,
        sector_groups: Groups | str | None = None,
    ) -> IOSystem:
        """Return the Leontief model of one IO table and year with its GVC measures.

        Parameters
        ----------
        name : str
            A loaded IO table, e.g. ``"wiod2013"`` (see :meth:`io_tables`).
        year : int
            A loaded year of that table.
        balanced : bool
            Output as ``rowsum(Z) + rowsum(Y)`` (default; ``x = L y`` then holds exactly) or the
            published output (``False``); ``.output_check()`` reports the difference.
        region_groups : mapping, optional
            Group name -> member codes, a preset (``"EU"``, ``"ASEAN"``, ``"NAFTA"``,
            ``"EAST_ASIA"``) or ``"*"`` for every other region, e.g.
            ``{"IDN": ["IDN"], "EU": "EU", "ROW": "*"}``. Applied to the table before any measure.
        sector_groups : mapping or str, optional
            The same for sectors, or ``"broad"`` (primary, manufacturing, utilities and
            construction, services).

        Returns
        -------
        IOSystem
            With ``.A``, ``.L``, ``.x``, ``.Z``, ``.Y``, ``.labels``, ``.multipliers()``,
            ``.value_added_in_exports(region)``, ``.participation(region=None)``,
            ``.exports_by_destination(region)``, ``.fva_origin(region)``, ``.linkages(region)``,
            ``.upstreamness()``, ``.extraction(sector, region=None)``, ``.paths(start, target)``
            and ``.output_check()``. Memoised per (name, year, options).
        """
        table, y = self.data.check_io_table(name, year)
        key = (table, y, bool(balanced), _freeze(region_groups), _freeze(sector_groups))

        def build() -> IOSystem:
            base = self.base_table(table, y)
            if region_groups or sector_groups:
                base = base.aggregate(region_groups, sector_groups)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                system = IOSystem(base, balanced=bool(balanced), name=table, year=y)
            for w in caught:  # re-issue at the caller of io()
                warnings.warn(str(w.message), w.category, stacklevel=5)
            return system

        return self.store.recall("io_systems", key, build, IO_MEMO_SIZE)

    def base_table(self, name: str, year: int) -> IOTable:
        """Return the dense, unaggregated table of one IO table and year (memoised).

        Returns
        -------
        IOTable
            Z, Y (by destination region and category), published output, value added (None when
            the table has no VA rows), labels and names.
        """
        table, y = self.data.check_io_table(name, year)
        s = self.store

        def load() -> IOTable:
            regions = s.sql("io_regions", io_table=table)
            sectors = s.sql("io_sectors", io_table=table)
            if regions.empty or sectors.empty:
                raise DataNotFoundError(f"IO table {table!r} has no region or sector list")
            cats = s.sql("io_categories", io_table=table, year=y)["category"].tolist()
            final = s.sql("io_final", io_table=table, year=y)
            va = s.sql("io_value_added", io_table=table, year=y)
            # OECD ICIO as shipped: intermediate flows (>= 0.1 m USD) and gross output only; its
            # final use is output - rowsum(Z), and Z does not hold every input (no residual VA)
            no_final = final.empty and not cats
            return IOTable.from_positions(
                regions["region"].tolist(),
                sectors["sector"].tolist(),
                cats,
                s.sql("io_intermediate", io_table=table, year=y),
                None if no_final else final,
                s.sql("io_output", io_table=table, year=y),
                None if va.empty else va,
                sector_names=dict(zip(sectors["sector"], sectors["name"].fillna(""), strict=True)),
                region_names=dict(zip(regions["region"], regions["name"].fillna(""), strict=True)),
                residual_va=not no_final,
            )

        return s.recall("io_tables", (table, y), load, IO_MEMO_SIZE)

    def sectors(self, name: str) -> pd.DataFrame:
        """Return the sector list of one IO table (sector, code, name)."""
        return self.store.sql("io_sectors", io_table=name)

    def io_upstreamness_comparison(self, name: str = "wiod2013", year: int = 2011) -> pd.DataFrame:
        """Compare gvc's upstreamness and downstreamness with the published Antras-Chor values.

        Returns
        -------
        DataFrame
            Columns region, sector, sector_name, upstreamness, upstreamness_ac, diff_u,
            downstreamness, downstreamness_ac, diff_d, output (balanced x); one row per
            country-sector present in both.
        """
        system = self.io(name, year)
        table, y = system.name, system.year
        ac = self.store.sql("io_upstreamness_ac", io_table=table, year=y)
        if ac.empty:
            raise DataNotFoundError(
                f"no Antras-Chor reference values for IO table {table!r} in {y}"
            )
        ours = system.upstreamness()
        ours["output"] = system.x_array
        out = ours.merge(ac, on=["region", "sector"], how="inner", validate="1:1")
        out["diff_u"] = out["upstreamness"] - out["upstreamness_ac"]
        out["diff_d"] = out["downstreamness"] - out["downstreamness_ac"]
        cols = [
            "region", "sector", "sector_name", "upstreamness", "upstreamness_ac", "diff_u",
            "downstreamness", "downstreamness_ac", "diff_d", "output",
        ]
        return out[cols]
