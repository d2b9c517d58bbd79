"""The multi-regional IO table in dense arrays: construction from long blocks, aggregation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from gvc.analytics._finite import require_finite
from gvc.choices import REGION_PRESETS
from gvc.errors import InvalidInputError, UnknownCodeError, unknown_code

#: Final-demand category holding changes in inventories (WIOD naming).
INVENTORY_CATEGORY = "INVEN"

#: Broad sector groups for the WIOD 2013 35-sector classification.
SECTOR_PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "broad": {
        "primary": ("c1", "c2"),
        "manufacturing": tuple(f"c{i}" for i in range(3, 17)),
        "utilities_construction": ("c17", "c18"),
        "services": tuple(f"c{i}" for i in range(19, 36)),
    },
}

#: Value of a group mapping meaning "every code not listed in another group".
REST = "*"

#: Category of the one final-demand column of a table without final demand by destination.
TOTAL_FINAL = "FD_ROW"

#: Label of the destination axis of such a table (all destinations and the rest of the world).
ALL_DESTINATIONS = "ALL"

#: Where the measures a partial table cannot serve are found (named in DataNotFoundError).
FULL_TABLE_HINT = (
    "a table with final demand by destination and value-added rows, such as WIOD 2013 "
    "(io_table='wiod2013', 1995-2011)"
)


def _natural_key(code: str) -> list[object]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", str(code))]


def _codes(values: pd.Series, allowed: Sequence[str], what: str) -> np.ndarray:
    """Positions of ``values`` in ``allowed`` (int64); UnknownCodeError naming unknown codes."""
    arr = pa.array(values)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = pc.cast(arr, pa.string())
    hit = pc.index_in(arr, value_set=pa.array([str(a) for a in allowed], type=arr.type))
    # int64 before arithmetic (positions * S would overflow a narrow integer type)
    idx = hit.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    if (idx < 0).any():
        bad = sorted({str(v) for v in np.asarray(values, dtype=object)[idx < 0]})[:5]
        raise UnknownCodeError(
            f"{what} {bad} not among the table's {len(allowed)} codes (e.g. {list(allowed[:3])})"
        )
    return idx


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class IOTable:
    """A multi-regional input-output table in dense arrays.

    Parameters
    ----------
    Z : ndarray (n, n)
        Intermediate use, n = regions x sectors, region-major.
    Y : ndarray (n, R, K), or (n, 1, K) when ``final_by_destination`` is False
        Final demand by destination region and category.
    regions, sectors, categories : tuple of str
        Labels of the axes.
    x_published : ndarray (n,), optional
        Gross output as published.
    value_added : ndarray (n,), optional
        Value added from the table's VA rows (total over components); None for residual VA.
    sector_names, region_names : dict, optional
        Display names.
    final_by_destination : bool
        False for a table that gives final demand as one total per country-sector (OECD ICIO
        as shipped here: final demand of every destination plus intermediate sales to the rest
        of the world): ``Y`` then has one destination column (:data:`ALL_DESTINATIONS`), and
        gross exports, DVA/FVA, participation and final demand by market are not available.
    residual_va : bool
        Without value-added rows, whether ``x - colsum(Z)`` is value added (True: Z holds every
        intermediate input, as in WIOD). False when Z leaves inputs out (ICIO without the rest
        of the world): measures that need value added then raise DataNotFoundError.

    Raises
    ------
    InvalidInputError
        Wrong shapes, or a NaN or infinite cell in Z, Y, published output or value added (the
        error names the country-sector and the value).
    """

    Z: np.ndarray
    Y: np.ndarray
    regions: tuple[str, ...]
    sectors: tuple[str, ...]
    categories: tuple[str, ...]
    x_published: np.ndarray | None = None
    value_added: np.ndarray | None = None
    sector_names: Mapping[str, str] = field(default_factory=dict)
    region_names: Mapping[str, str] = field(default_factory=dict)
    final_by_destination: bool = True
    residual_va: bool = True

    def __post_init__(self) -> None:
        n = len(self.regions) * len(self.sectors)
        if self.Z.shape != (n, n):
            raise InvalidInputError(f"'Z' must be {n} x {n} (got {self.Z.shape})")
        dests = len(self.regions) if self.final_by_destination else 1
        expected = (n, dests, len(self.categories))
        if self.Y.shape != expected:
            raise InvalidInputError(f"'Y' must have shape {expected} (got {self.Y.shape})")
        for name in ("x_published", "value_added"):
            arr = getattr(self, name)
            if arr is not None and arr.shape != (n,):
                raise InvalidInputError(f"{name!r} must have shape ({n},) (got {arr.shape})")
        self._check_finite()

    def _check_finite(self) -> None:
        """InvalidInputError naming the country-sector of any NaN or infinite cell."""
        n, S = self.n, len(self.sectors)

        def cs(i: int) -> str:
            return f"{self.regions[i // S]} {self.sectors[i % S]}"

        require_finite(self.Z, "IO table 'Z'", lambda i: f"row {cs(i // n)}, column {cs(i % n)}")
        dests = self.destinations
        K = len(self.categories)
        require_finite(
            self.Y,
            "IO table final demand 'Y'",
            lambda i: (
                f"row {cs(i // (len(dests) * K))}, destination {dests[i // K % len(dests)]}, "
                f"category {self.categories[i % K]}"
            ),
        )
        for name in ("x_published", "value_added"):
            arr = getattr(self, name)
            if arr is not None:
                require_finite(arr, f"IO table {name!r}", cs)

    @property
    def destinations(self) -> tuple[str, ...]:
        """Labels of the destination axis of ``Y``: the regions, or ``("ALL",)``."""
        return self.regions if self.final_by_destination else (ALL_DESTINATIONS,)

    @property
    def has_value_added(self) -> bool:
        """Whether value added is known: VA rows, or a residual that is value added."""
        return self.value_added is not None or self.residual_va

    def lacks(self) -> list[str]:
        """List what this table does not hold, in words (empty for a complete MRIO)."""
        out = []
        if not self.final_by_destination:
            out.append("final demand by destination")
        if not self.has_value_added:
            out.append("value-added rows")
        return out

    @property
    def n(self) -> int:
        """Number of country-sectors."""
        return len(self.regions) * len(self.sectors)

    @property
    def labels(self) -> pd.MultiIndex:
        """Row/column labels of Z: a (region, sector) MultiIndex."""
        return pd.MultiIndex.from_product(
            [list(self.regions), list(self.sectors)], names=["region", "sector"]
        )

    def label_frame(self) -> pd.DataFrame:
        """Columns region, sector, sector_name in the order of the country-sectors."""
        reg = np.repeat(np.array(self.regions, dtype=object), len(self.sectors))
        sec = np.tile(np.array(self.sectors, dtype=object), len(self.regions))
        return pd.DataFrame(
            {
                "region": pd.array(reg, dtype="str"),
                "sector": pd.array(sec, dtype="str"),
                "sector_name": pd.array([self.sector_names.get(s, s) for s in sec], dtype="str"),
            }
        )

    def region_index(self, region: str) -> int:
        """Position of ``region``; UnknownCodeError with close matches otherwise."""
        try:
            return self.regions.index(region)
        except ValueError:
            raise unknown_code(
                "region of this IO table", region, self.regions, self.regions[0]
            ) from None

    def sector_index(self, sector: str) -> int:
        """Position of ``sector`` (code such as 'c6', or its exact name)."""
        if sector in self.sectors:
            return self.sectors.index(sector)
        for i, s in enumerate(self.sectors):
            if self.sector_names.get(s, "").lower() == str(sector).lower():
                return i
        raise unknown_code("sector of this IO table", sector, self.sectors, self.sectors[0])

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def from_long(
        cls,
        inter: pd.DataFrame,
        final: pd.DataFrame | None,
        output: pd.DataFrame | None = None,
        value_added: pd.DataFrame | None = None,
        regions: Sequence[str] | None = None,
        sectors: Sequence[str] | None = None,
        categories: Sequence[str] | None = None,
        sector_names: Mapping[str, str] | None = None,
        region_names: Mapping[str, str] | None = None,
        *,
        final_total: pd.DataFrame | None = None,
        residual_va: bool = True,
    ) -> IOTable:
        """Build the dense table from the canonical long blocks.

        Parameters
        ----------
        inter : DataFrame
            Columns from_region, from_sector, to_region, to_sector, value.
        final : DataFrame or None
            Columns from_region, from_sector, to_region, category, value. None for a table
            without final demand by destination (see ``final_total``).
        output : DataFrame, optional
            Columns region, sector, value (published gross output).
        value_added : DataFrame, optional
            Columns region, sector, value (summed over components).
        regions, sectors, categories : sequence of str, optional
            Axis order; default the sorted codes found (sectors in natural order c1, c2, ..., c35).
        sector_names, region_names : mapping, optional
            Display names.
        final_total : DataFrame, optional
            With ``final=None``: columns region, sector, value, the total final use of each
            country-sector; default ``output - rowsum(Z)`` (needs ``output``).
        residual_va : bool
            See :class:`IOTable`.

        Returns
        -------
        IOTable
        """
        final_frame = (
            final
            if final is not None
            else pd.DataFrame(
                {"from_region": [], "from_sector": [], "to_region": [], "category": [], "value": []}
            )
        )

        def found(*cols: pd.Series) -> set[str]:
            return {str(v) for c in cols for v in c.unique()}

        if regions is None:
            regions = sorted(
                found(
                    inter["from_region"],
                    inter["to_region"],
                    final_frame["from_region"],
                    final_frame["to_region"],
                )
            )
        if sectors is None:
            sectors = sorted(
                found(inter["from_sector"], inter["to_sector"], final_frame["from_sector"]),
                key=_natural_key,
            )
        if categories is None:
            categories = sorted(found(final_frame["category"])) if final is not None else []
        regions, sectors, categories = tuple(regions), tuple(sectors), tuple(categories)
        S = len(sectors)

        def rows(frame: pd.DataFrame, reg: str, sec: str) -> np.ndarray:
            return _codes(frame[reg], regions, reg) * S + _codes(frame[sec], sectors, sec)

        def indexed(frame: pd.DataFrame | None, reg: str, sec: str) -> pd.DataFrame | None:
            if frame is None:
                return None
            return pd.DataFrame({"row": rows(frame, reg, sec), "value": frame["value"].to_numpy()})

        inter_pos = pd.DataFrame(
            {
                "row": rows(inter, "from_region", "from_sector"),
                "col": rows(inter, "to_region", "to_sector"),
                "value": inter["value"].to_numpy(),
            }
        )
        final_pos = None
        if final is not None:
            final_pos = pd.DataFrame(
                {
                    "row": rows(final, "from_region", "from_sector"),
                    "dest": _codes(final["to_region"], regions, "to_region"),
                    "category": final["category"].to_numpy(),
                    "value": final["value"].to_numpy(),
                }
            )
        return cls.from_positions(
            regions,
            sectors,
            categories,
            inter_pos,
            final_pos,
            indexed(output, "region", "sector"),
            indexed(value_added, "region", "sector"),
            sector_names,
            region_names,
            final_total=indexed(final_total, "region", "sector"),
            residual_va=residual_va,
        )

    @classmethod
    def from_positions(
        cls,
        regions: Sequence[str],
        sectors: Sequence[str],
        categories: Sequence[str],
        inter: pd.DataFrame,
        final: pd.DataFrame | None,
        output: pd.DataFrame | None = None,
        value_added: pd.DataFrame | None = None,
        sector_names: Mapping[str, str] | None = None,
        region_names: Mapping[str, str] | None = None,
        *,
        final_total: pd.DataFrame | None = None,
        residual_va: bool = True,
    ) -> IOTable:
        """Build the dense table from blocks already at matrix positions (0-based).

        A table without final demand by destination (OECD ICIO as shipped: intermediate flows
        and gross output only) is built with ``final=None``: its one final column
        (:data:`TOTAL_FINAL`) is ``final_total`` or, by default, ``output - rowsum(Z)`` (final
        demand of every destination plus intermediate sales outside the table and the cells
        left out below a threshold), so that balanced output equals the published output. Pass
        ``residual_va=False`` when Z does not hold every intermediate input.

        Parameters
        ----------
        regions, sectors, categories : sequence of str
            Axis labels; country-sector ``row = region_pos * len(sectors) + sector_pos``.
        inter : DataFrame
            Columns row, col, value.
        final : DataFrame or None
            Columns row, dest (destination region position), category (label), value; None
            (or an empty frame with no ``categories``) for a table without final demand by
            destination.
        output, value_added : DataFrame, optional
            Columns row, value (several rows of one country-sector are summed).
        sector_names, region_names : mapping, optional
            Display names.
        final_total : DataFrame, optional
            With ``final=None``: columns row, value (total final use of each country-sector).
        residual_va : bool
            See :class:`IOTable`.

        Returns
        -------
        IOTable
        """
        regions, sectors, categories = tuple(regions), tuple(sectors), tuple(categories)
        if final is not None and len(final) == 0 and not categories:
            final = None  # no final rows and no categories: a table like OECD ICIO
        R, K = len(regions), len(categories)
        n = R * len(sectors)

        def ints(col: pd.Series, size: int, what: str) -> np.ndarray:
            idx = col.to_numpy(dtype=np.int64)
            if idx.size and (idx.min() < 0 or idx.max() >= size):
                raise InvalidInputError(f"{what!r} positions must be in 0..{size - 1}")
            return idx

        def dense(index: np.ndarray, values: pd.Series, size: int) -> np.ndarray:
            # bincount sums duplicate cells like np.add.at, much faster
            return np.bincount(index, weights=values.to_numpy(dtype=float), minlength=size)

        zi = ints(inter["row"], n, "row") * n + ints(inter["col"], n, "col")
        Z = dense(zi, inter["value"], n * n).reshape(n, n)
        xp = None if output is None else dense(ints(output["row"], n, "row"), output["value"], n)
        if final is not None:
            cat = _codes(final["category"], categories, "category")
            fi = (ints(final["row"], n, "row") * R + ints(final["dest"], R, "dest")) * K + cat
            Y = dense(fi, final["value"], n * R * K).reshape(n, R, K)
        else:
            if final_total is not None:
                total = dense(ints(final_total["row"], n, "row"), final_total["value"], n)
            elif xp is not None:
                total = xp - Z.sum(axis=1)
            else:
                raise InvalidInputError(
                    "a table without final demand by destination ('final' None) needs "
                    "'final_total' or the published 'output'"
                )
            categories = categories[:1] if len(categories) == 1 else (TOTAL_FINAL,)
            Y = total.reshape(n, 1, 1)
        va = None
        if value_added is not None and len(value_added):
            va = dense(ints(value_added["row"], n, "row"), value_added["value"], n)
        return cls(
            Z,
            Y,
            regions,
            sectors,
            categories,
            xp,
            va,
            dict(sector_names or {}),
            dict(region_names or {}),
            final_by_destination=final is not None,
            residual_va=residual_va,
        )

    # -- aggregation ----------------------------------------------------------------------------

    def aggregate(
        self,
        region_groups: Mapping[str, Iterable[str] | str] | None = None,
        sector_groups: Mapping[str, Iterable[str] | str] | str | None = None,
    ) -> IOTable:
        """Sum regions and/or sectors into groups; every measure is then computed on the groups.

        Parameters
        ----------
        region_groups : mapping, optional
            Group name -> member codes, a preset name (``"EU"``, ``"ASEAN"``, ``"NAFTA"``,
            ``"EAST_ASIA"``) or ``"*"`` (every region not listed elsewhere). Unlisted regions stay
            as they are. Trade inside a group becomes domestic. Groups come first, in the order
            given, then the ungrouped codes in the table's order.
        sector_groups : mapping or str, optional
            The same for sectors, or the name of a preset (``"broad"``).

        Returns
        -------
        IOTable
            The aggregated table (published output and value added summed likewise).
        """
        if isinstance(sector_groups, str):
            if sector_groups not in SECTOR_PRESETS:
                raise InvalidInputError(
                    f"'sector_groups' must be a mapping or one of {sorted(SECTOR_PRESETS)} "
                    f"(got {sector_groups!r})"
                )
            sector_groups = SECTOR_PRESETS[sector_groups]
        rmap, rnames = _group_map(self.regions, region_groups, REGION_PRESETS, "region_groups")
        smap, snames = _group_map(self.sectors, sector_groups, {}, "sector_groups")
        K = len(self.categories)
        G, H = len(rnames), len(snames)
        m = G * H
        target = (rmap[:, None] * H + smap[None, :]).ravel()  # (n,) new index of each row
        # sums by bincount over flat indices: O(n^2) whatever the number of groups
        zi = (target[:, None] * m + target[None, :]).ravel()
        Z = np.bincount(zi, weights=self.Z.ravel(), minlength=m * m).reshape(m, m)
        D = G if self.final_by_destination else 1
        dmap = rmap if self.final_by_destination else np.zeros(1, dtype=np.int64)
        yi = (
            (target[:, None, None] * D + dmap[None, :, None]) * K + np.arange(K)[None, None, :]
        ).ravel()
        Y = np.bincount(yi, weights=self.Y.ravel(), minlength=m * D * K).reshape(m, D, K)

        def vec(v: np.ndarray | None) -> np.ndarray | None:
            return None if v is None else np.bincount(target, weights=v, minlength=m)

        xp, va = vec(self.x_published), vec(self.value_added)
        names = dict(self.sector_names)
        for g in snames:
            if g not in self.sectors:
                names[g] = g
        return IOTable(
            Z,
            Y,
            tuple(rnames),
            tuple(snames),
            self.categories,
            xp,
            va,
            {s: names.get(s, s) for s in snames},
            {r: self.region_names.get(r, r) for r in rnames},
            final_by_destination=self.final_by_destination,
            residual_va=self.residual_va,
        )


def _group_map(
    codes: tuple[str, ...],
    groups: Mapping[str, Iterable[str] | str] | None,
    presets: Mapping[str, tuple[str, ...]],
    param: str,
) -> tuple[np.ndarray, list[str]]:
    """Map each code to a group position; unlisted codes keep their own group."""
    if not groups:
        return np.arange(len(codes)), list(codes)
    if isinstance(groups, str):  # a preset name alone: that group, every other code unchanged
        groups = {groups: groups}
    if not isinstance(groups, Mapping):
        raise InvalidInputError(
            f"{param!r} must map group names to members, e.g. {{'EU': 'EU', 'ROW': '*'}} "
            f"(got {type(groups).__name__})"
        )
    owner: dict[str, str] = {}
    rest_group: str | None = None
    for name, members in groups.items():
        if isinstance(members, str):
            if members == REST:
                if rest_group is not None:
                    raise InvalidInputError(f"{param!r}: only one group may be {REST!r}")
                rest_group = name
                continue
            if members not in presets:
                raise InvalidInputError(
                    f"{param!r}: group {name!r} must list its members, name a preset "
                    f"({', '.join(sorted(presets)) or 'none'}) or be {REST!r} (got {members!r})"
                )
            members = [c for c in presets[members] if c in codes]
        members = list(members)
        unknown = [c for c in members if c not in codes]
        if unknown:
            raise unknown_code(f"member of {param} group {name!r}", unknown[0], codes, codes[0])
        for c in members:
            if c in owner and owner[c] != name:
                raise InvalidInputError(f"{param!r}: {c!r} is in both {owner[c]!r} and {name!r}")
            owner[c] = name
    # groups in the order given, then the codes left on their own in the table's order
    assigned = [owner.get(c, rest_group if rest_group is not None else c) for c in codes]
    names = [g for g in groups if g in assigned]
    names += [g for g in dict.fromkeys(assigned) if g not in names]
    out = np.array([names.index(g) for g in assigned], dtype=np.int64)
    return out, names
