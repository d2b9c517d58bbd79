"""The multi-regional IO table in dense arrays: construction from long blocks, aggregation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from gvc.errors import InvalidInputError, UnknownCodeError, unknown_code

#: Final-demand category holding changes in inventories (WIOD naming).
INVENTORY_CATEGORY = "INVEN"

# EU members 2007-2013 (the WIOD 2013 country set), ISO3 codes.
_EU_2007_2013 = (
    "AUT BEL BGR CYP CZE DEU DNK ESP EST FIN FRA GBR GRC HUN IRL ITA LTU LUX LVA MLT NLD POL"
    " PRT ROU SVK SVN SWE"
)

#: Region groups that can be named in ``region_groups`` (members absent from a table are ignored).
REGION_PRESETS: dict[str, tuple[str, ...]] = {
    "EU": tuple(_EU_2007_2013.split()),
    "ASEAN": ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"),
    "NAFTA": ("CAN", "MEX", "USA"),
    "EAST_ASIA": ("CHN", "JPN", "KOR", "TWN"),
}

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
    Y : ndarray (n, R, K)
        Final demand by destination region and category.
    regions, sectors, categories : tuple of str
        Labels of the axes.
    x_published : ndarray (n,), optional
        Gross output as published.
    value_added : ndarray (n,), optional
        Value added from the table's VA rows (total over components); None for residual VA.
    sector_names, region_names : dict, optional
        Display names.
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

    def __post_init__(self) -> None:
        n = len(self.regions) * len(self.sectors)
        if self.Z.shape != (n, n):
            raise InvalidInputError(f"'Z' must be {n} x {n} (got {self.Z.shape})")
        expected = (n, len(self.regions), len(self.categories))
        if self.Y.shape != expected:
            raise InvalidInputError(f"'Y' must have shape {expected} (got {self.Y.shape})")
        for name in ("x_published", "value_added"):
            arr = getattr(self, name)
            if arr is not None and arr.shape != (n,):
                raise InvalidInputError(f"{name!r} must have shape ({n},) (got {arr.shape})")

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
        final: pd.DataFrame,
        output: pd.DataFrame | None = None,
        value_added: pd.DataFrame | None = None,
        regions: Sequence[str] | None = None,
        sectors: Sequence[str] | None = None,
        categories: Sequence[str] | None = None,
        sector_names: Mapping[str, str] | None = None,
        region_names: Mapping[str, str] | None = None,
    ) -> IOTable:
        """Build the dense table from the canonical long blocks.

        Parameters
        ----------
        inter : DataFrame
            Columns from_region, from_sector, to_region, to_sector, value.
        final : DataFrame
            Columns from_region, from_sector, to_region, category, value.
        output : DataFrame, optional
            Columns region, sector, value (published gross output).
        value_added : DataFrame, optional
            Columns region, sector, value (summed over components).
        regions, sectors, categories : sequence of str, optional
            Axis order; default the sorted codes found (sectors in natural order c1, c2, ..., c35).
        sector_names, region_names : mapping, optional
            Display names.

        Returns
        -------
        IOTable
        """

        def found(*cols: pd.Series) -> set[str]:
            return {str(v) for c in cols for v in c.unique()}

        if regions is None:
            regions = sorted(
                found(
                    inter["from_region"],
                    inter["to_region"],
                    final["from_region"],
                    final["to_region"],
                )
            )
        if sectors is None:
            sectors = sorted(
                found(inter["from_sector"], inter["to_sector"], final["from_sector"]),
                key=_natural_key,
            )
        if categories is None:
            categories = sorted(found(final["category"]))
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
        )

    @classmethod
    def from_positions(
        cls,
        regions: Sequence[str],
        sectors: Sequence[str],
        categories: Sequence[str],
        inter: pd.DataFrame,
        final: pd.DataFrame,
        output: pd.DataFrame | None = None,
        value_added: pd.DataFrame | None = None,
        sector_names: Mapping[str, str] | None = None,
        region_names: Mapping[str, str] | None = None,
    ) -> IOTable:
        """Build the dense table from blocks already at matrix positions (0-based).

        Parameters
        ----------
        regions, sectors, categories : sequence of str
            Axis labels; country-sector ``row = region_pos * len(sectors) + sector_pos``.
        inter : DataFrame
            Columns row, col, value.
        final : DataFrame
            Columns row, dest (destination region position), category (label), value.
        output, value_added : DataFrame, optional
            Columns row, value (several rows of one country-sector are summed).
        sector_names, region_names : mapping, optional
            Display names.

        Returns
        -------
        IOTable
        """
        regions, sectors, categories = tuple(regions), tuple(sectors), tuple(categories)
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
        cat = _codes(final["category"], categories, "category")
        fi = (ints(final["row"], n, "row") * R + ints(final["dest"], R, "dest")) * K + cat
        Y = dense(fi, final["value"], n * R * K).reshape(n, R, K)
        xp = None if output is None else dense(ints(output["row"], n, "row"), output["value"], n)
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
        yi = (
            (target[:, None, None] * G + rmap[None, :, None]) * K + np.arange(K)[None, None, :]
        ).ravel()
        Y = np.bincount(yi, weights=self.Y.ravel(), minlength=m * G * K).reshape(m, G, K)

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
