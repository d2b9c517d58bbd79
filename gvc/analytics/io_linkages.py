"""Input-output analysis: Leontief model, value added in exports, GVC participation, linkages.

Pure functions and classes on numpy arrays and pandas DataFrames; nothing here opens a database.
Formulas follow ``METHODS.md`` section 3 and the references cited in each docstring.

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
* Without value-added rows, value added is the residual ``VA = x - colsum(Z)``: it then also holds
  taxes less subsidies on products, international transport margins and any statistical
  discrepancy of the table (for the rounded WIOD 2013 tables also the rounding of cells).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.linalg as sla

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


def _inverse(values: np.ndarray) -> np.ndarray:
    """Return ``1/values`` with 0 where ``values`` is 0 (pymrio's convention)."""
    safe = np.where(values != 0, values, 1.0)
    return np.where(values != 0, 1.0 / safe, 0.0)


# ---------------------------------------------------------------------------------------------
# Core formulas
# ---------------------------------------------------------------------------------------------


def balanced_output(Z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Gross output as the row sum of intermediate and final use, ``x = Z 1 + Y 1``.

    Parameters
    ----------
    Z : ndarray (n, n)
        Intermediate use.
    Y : ndarray (n, ...)
        Final demand; every axis after the first is summed.

    Returns
    -------
    ndarray (n,)
        Gross output.

    References
    ----------
    Miller, R. E. & Blair, P. D. (2009). Input-Output Analysis, 2nd ed., eq. (2.1).
    """
    return Z.sum(axis=1) + Y.reshape(Y.shape[0], -1).sum(axis=1)


def technical_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Technical (input) coefficients ``A = Z diag(x)^-1``; columns with ``x = 0`` are zero.

    References
    ----------
    Miller & Blair (2009), eq. (2.4); pymrio ``calc_A``.
    """
    return Z * _inverse(np.asarray(x, dtype=float))[None, :]


def allocation_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Allocation (output) coefficients ``B = diag(x)^-1 Z``; rows with ``x = 0`` are zero.

    References
    ----------
    Ghosh, A. (1958). Input-output approach in an allocation system. Economica 25, 58-64;
    Miller & Blair (2009), eq. (12.2); pymrio ``calc_B``.
    """
    return Z * _inverse(np.asarray(x, dtype=float))[:, None]


def leontief_inverse(A: np.ndarray) -> np.ndarray:
    """Leontief inverse ``L = (I - A)^-1``.

    References
    ----------
    Leontief, W. (1936); Miller & Blair (2009), eq. (2.10); pymrio ``calc_L``.
    """
    return np.linalg.inv(np.eye(A.shape[0]) - A)


def residual_value_added(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Value added as the residual ``VA = x - colsum(Z)`` (used when a table has no VA rows).

    Taxes less subsidies on products, international transport margins and statistical
    discrepancies fall into this residual.
    """
    return np.asarray(x, dtype=float) - Z.sum(axis=0)


class LeontiefSolver:
    """The LU factorisation of ``I - A``, to form products with ``L`` without inverting.

    ``solver.right(b)`` returns ``L b`` and ``solver.left(c)`` returns ``c L`` (``c`` a row vector
    or a stack of row vectors), each for the cost of two triangular solves.

    Parameters
    ----------
    A : ndarray (n, n)
        Technical coefficients.
    """

    def __init__(self, A: np.ndarray):
        self.n = A.shape[0]
        self._lu = sla.lu_factor(np.eye(self.n) - A, overwrite_a=True, check_finite=False)

    def right(self, b: np.ndarray) -> np.ndarray:
        """Return ``L b`` for a vector or a matrix ``b`` with n rows."""
        return sla.lu_solve(self._lu, b, check_finite=False)

    def left(self, c: np.ndarray) -> np.ndarray:
        """Return ``c L`` for a row vector (n,) or a stack of row vectors (k, n)."""
        return sla.lu_solve(self._lu, np.asarray(c).T, trans=1, check_finite=False).T


def rasmussen_hirschman(colsum: np.ndarray, rowsum: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalised Rasmussen-Hirschman indices from column sums of L and row sums of G.

    ``BL_j = n colsum_j / sum(colsum)`` and ``FL_i = n rowsum_i / sum(rowsum)``.

    References
    ----------
    Rasmussen, P. N. (1956). Studies in Inter-Sectoral Relations; Hirschman, A. O. (1958);
    Miller & Blair (2009), section 12.2 (forward linkages with the Ghosh inverse).
    """
    n = colsum.shape[-1]
    bl = n * colsum / colsum.sum(axis=-1, keepdims=True)
    fl = n * rowsum / rowsum.sum(axis=-1, keepdims=True)
    return bl, fl


def linkage_type(backward: np.ndarray, forward: np.ndarray) -> np.ndarray:
    """Classify sectors: 'key' (both indices > 1), 'backward', 'forward' or 'weak'."""
    b = np.asarray(backward) > 1
    f = np.asarray(forward) > 1
    return np.select([b & f, b, f], ["key", "backward", "forward"], "weak")


def upstreamness_vector(
    Z: np.ndarray, x: np.ndarray, inventories: np.ndarray | None = None
) -> np.ndarray:
    """Antras-Chor upstreamness ``U = (I - B~)^-1 1`` with the inventory correction.

    ``B~_ij = Z_ij / (x_i - N_i)`` (row ``i`` of the allocation matrix scaled by
    ``x_i / (x_i - N_i)``, ``N`` the change in inventories); without inventories ``B~ = B``.
    Rows whose denominator is zero get zero coefficients (upstreamness 1).

    References
    ----------
    Antras, P., Chor, D., Fally, T. & Hillberry, R. (2012). Measuring the upstreamness of
    production and trade flows. AER P&P 102(3), 412-416; Antras, P. & Chor, D. (2018). On the
    measurement of upstreamness and downstreamness in global value chains.
    """
    x = np.asarray(x, dtype=float)
    den = x - (0.0 if inventories is None else inventories)
    bt = Z * _inverse(den)[:, None]
    return np.linalg.solve(np.eye(len(x)) - bt, np.ones(len(x)))


def downstreamness_vector(
    A: np.ndarray, x: np.ndarray, inventories: np.ndarray | None = None
) -> np.ndarray:
    """Antras-Chor downstreamness ``D = 1' (I - A~)^-1`` (column sums of the Leontief inverse).

    ``A~ = diag(x / (x - N)) A`` applies the same inventory correction as
    :func:`upstreamness_vector`. Without inventories D is the output multiplier.

    References
    ----------
    Antras & Chor (2018), section 2; Miller, R. E. & Temurshoev, U. (2017). Output upstreamness
    and input downstreamness of industries/countries in world production. IRSR 40(5).
    """
    x = np.asarray(x, dtype=float)
    if inventories is None:
        at = A
    else:
        den = x - inventories
        scale = np.where(den != 0, x * _inverse(den), 1.0)
        at = A * scale[:, None]
    return np.linalg.solve((np.eye(len(x)) - at).T, np.ones(len(x)))


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


# ---------------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------------


class IOSystem:
    """The demand-driven Leontief model of one table and year, with GVC measures.

    Matrices are computed lazily and kept; products with ``L`` are formed from one LU
    factorisation of ``I - A``, the explicit inverse only when :attr:`L` is asked for.

    Parameters
    ----------
    table : IOTable
        The table (aggregate it first with :meth:`IOTable.aggregate` if groups are wanted).
    balanced : bool
        Use ``x = rowsum(Z) + rowsum(Y)`` (default) or the published output.
    name : str, optional
        Table name for display.
    year : int, optional
        Year for display.
    """

    def __init__(
        self, table: IOTable, balanced: bool = True, name: str = "", year: int | None = None
    ):
        self.table = table
        self.balanced = bool(balanced)
        self.name = name
        self.year = year
        self.R = len(table.regions)
        self.S = len(table.sectors)
        self.n = table.n
        self.x_balanced = balanced_output(table.Z, table.Y)
        if self.balanced:
            self._x = self.x_balanced
        else:
            if table.x_published is None:
                raise InvalidInputError(
                    "'balanced': False needs the published output, which this table lacks"
                )
            self._x = table.x_published.astype(float)
        negative = np.flatnonzero(self._x < 0)
        if negative.size:
            where = ", ".join(f"{self._label(i)} ({self._x[i]:g})" for i in negative[:5])
            warnings.warn(
                f"IO table {name} {year}: negative gross output in {negative.size} "
                f"country-sector(s): {where}; coefficients kept as computed",
                stacklevel=2,
            )

    def _label(self, i: int) -> str:
        return f"{self.table.regions[i // self.S]} {self.table.sectors[i % self.S]}"

    def __repr__(self) -> str:
        return (
            f"IOSystem({self.name!r}, {self.year}, regions={self.R}, sectors={self.S}, "
            f"balanced={self.balanced})"
        )

    # -- arrays ---------------------------------------------------------------------------------

    @property
    def x_array(self) -> np.ndarray:
        """Gross output used by the model (n,)."""
        return self._x

    @cached_property
    def A_array(self) -> np.ndarray:
        """Technical coefficients (n, n)."""
        return technical_coefficients(self.table.Z, self._x)

    @cached_property
    def solver(self) -> LeontiefSolver:
        """LU factorisation of ``I - A``."""
        return LeontiefSolver(self.A_array)

    @cached_property
    def L_array(self) -> np.ndarray:
        """Leontief inverse (n, n), formed explicitly from the LU factors (``L = L I``)."""
        return self.solver.right(np.eye(self.n))

    @cached_property
    def y_array(self) -> np.ndarray:
        """Total final demand (n,)."""
        return self.table.Y.sum(axis=(1, 2))

    @cached_property
    def va_array(self) -> np.ndarray:
        """Value added (n,): the table's VA rows, else ``x - colsum(Z)``."""
        if self.table.value_added is not None:
            return self.table.value_added.astype(float)
        return residual_value_added(self.table.Z, self._x)

    @cached_property
    def v_array(self) -> np.ndarray:
        """Value-added coefficients ``v = VA / x`` (n,)."""
        return self.va_array * _inverse(self._x)

    @cached_property
    def inventories_array(self) -> np.ndarray:
        """Changes in inventories summed over destinations (n,), zero if not in the table."""
        if INVENTORY_CATEGORY in self.table.categories:
            k = self.table.categories.index(INVENTORY_CATEGORY)
            return self.table.Y[:, :, k].sum(axis=1)
        return np.zeros(self.n)

    @cached_property
    def exports_intermediate_array(self) -> np.ndarray:
        """Intermediate sales to each destination region (n, R), own region zero."""
        out = self.table.Z.reshape(self.n, self.R, self.S).sum(axis=2)
        out[np.arange(self.n), np.arange(self.n) // self.S] = 0.0
        return out

    @cached_property
    def exports_final_array(self) -> np.ndarray:
        """Final sales to each destination region (n, R), own region zero."""
        out = self.table.Y.sum(axis=2)
        out[np.arange(self.n), np.arange(self.n) // self.S] = 0.0
        return out

    @cached_property
    def e_array(self) -> np.ndarray:
        """Gross exports by country-sector (n,): intermediate plus final sales abroad."""
        return self.exports_intermediate_array.sum(axis=1) + self.exports_final_array.sum(axis=1)

    @cached_property
    def _va_exports(self) -> dict[str, np.ndarray]:
        """DVA, FVA (n,) and the forward (DVX) term by region (R,), from one solve.

        ``W[c] = (v * 1_c) L``: row c holds the value added of region c embodied per unit of
        output of every country-sector.
        """
        R, S, n = self.R, self.S, self.n
        V = np.zeros((R, n))
        V[np.arange(n) // S, np.arange(n)] = self.v_array
        W = self.solver.left(V).reshape(R, R, S)  # W[c, p, j]
        e = self.e_array.reshape(R, S)
        own = W[np.arange(R), np.arange(R), :]  # (R, S): v_c L_cc
        dva = own * e
        vl = W.sum(axis=0)  # (R, S): v L
        fva = vl * e - dva
        embodied = np.einsum("cps,ps->cp", W, e)  # v_c L_cp e_p
        dvx = embodied.sum(axis=1) - np.diagonal(embodied)
        return {"dva": dva.ravel(), "fva": fva.ravel(), "dvx": dvx, "vl": vl.ravel()}

    # -- labelled matrices ----------------------------------------------------------------------

    def _matrix(self, arr: np.ndarray) -> pd.DataFrame:
        lab = self.table.labels
        return pd.DataFrame(arr, index=lab, columns=lab)

    @property
    def Z(self) -> pd.DataFrame:
        """Intermediate use (n x n) with (region, sector) labels."""
        return self._matrix(self.table.Z)

    @property
    def A(self) -> pd.DataFrame:
        """Technical coefficients ``A = Z diag(x)^-1``."""
        return self._matrix(self.A_array)

    @property
    def L(self) -> pd.DataFrame:
        """Leontief inverse ``L = (I - A)^-1``."""
        return self._matrix(self.L_array)

    @property
    def Y(self) -> pd.DataFrame:
        """Final demand with (region, category) columns, as in pymrio."""
        cols = pd.MultiIndex.from_product(
            [list(self.table.regions), list(self.table.categories)], names=["region", "category"]
        )
        return pd.DataFrame(self.table.Y.reshape(self.n, -1), index=self.table.labels, columns=cols)

    @property
    def x(self) -> pd.Series:
        """Gross output used by the model."""
        return pd.Series(self._x, index=self.table.labels, name="x")

    @property
    def labels(self) -> pd.DataFrame:
        """Columns region, sector, sector_name of the country-sectors."""
        return self.table.label_frame()

    # -- measures -------------------------------------------------------------------------------

    def _rows(self, region: str | None) -> np.ndarray:
        if region is None:
            return np.arange(self.n)
        r = self.table.region_index(region)
        return np.arange(r * self.S, (r + 1) * self.S)

    def output_check(self) -> pd.DataFrame:
        """Compare output conventions and the identity ``x = L y``.

        Returns
        -------
        DataFrame
            Columns region, sector, sector_name, x_balanced, x_published (NaN if absent),
            difference (published - balanced), x_model (``L y``), relative_residual
            (``|x - L y| / max(|x|, 1)`` for the x in use).
        """
        out = self.labels
        xm = self.solver.right(self.y_array)
        out["x_balanced"] = self.x_balanced
        xp = self.table.x_published
        out["x_published"] = np.nan if xp is None else xp
        out["difference"] = out["x_published"] - out["x_balanced"]
        out["x_model"] = xm
        out["relative_residual"] = np.abs(self._x - xm) / np.maximum(np.abs(self._x), 1.0)
        return out

    def multipliers(self) -> pd.DataFrame:
        """Output and value-added multipliers.

        Returns
        -------
        DataFrame
            Columns region, sector, sector_name, output_multiplier (``1' L``), va_coefficient
            (``v = VA/x``), va_multiplier (``v L``, pymrio's ``M`` of a VA extension; 1 when VA is
            the residual) and va_multiplier_type1 (``(v L)_j / v_j``, NaN where ``v_j = 0``).

        References
        ----------
        Miller & Blair (2009), sections 6.2 and 6.6.
        """
        out = self.labels
        out["output_multiplier"] = self.solver.left(np.ones(self.n))
        vl = self.solver.left(self.v_array)
        out["va_coefficient"] = self.v_array
        out["va_multiplier"] = vl
        with np.errstate(divide="ignore", invalid="ignore"):
            out["va_multiplier_type1"] = np.where(self.v_array != 0, vl / self.v_array, np.nan)
        return out

    def value_added_in_exports(self, region: str | None = None) -> pd.DataFrame:
        """Domestic and foreign value added in gross exports, by exporting sector.

        ``DVA_c = v_c L_cc e_c`` and ``FVA_c = sum_{p != c} v_p L_pc e_c`` (sector by sector:
        ``e_c`` diagonalised), so ``DVA + FVA = e`` when VA is the residual.

        Parameters
        ----------
        region : str, optional
            One region; all when None.

        Returns
        -------
        DataFrame
            Columns region, sector, sector_name, exports_intermediate, exports_final,
            gross_exports, dva, fva, dva_share (NaN where exports are 0).

        References
        ----------
        OECD TiVA guide (2021); Koopman, Wang & Wei (2014), AER 104(2) (DVA/FVA split).
        """
        rows = self._rows(region)
        out = self.labels.iloc[rows].reset_index(drop=True)
        ve = self._va_exports
        out["exports_intermediate"] = self.exports_intermediate_array.sum(axis=1)[rows]
        out["exports_final"] = self.exports_final_array.sum(axis=1)[rows]
        out["gross_exports"] = self.e_array[rows]
        out["dva"] = ve["dva"][rows]
        out["fva"] = ve["fva"][rows]
        e = out["gross_exports"].to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            out["dva_share"] = np.where(e != 0, out["dva"].to_numpy() / e, np.nan)
        return out

    def participation(self, region: str | None = None) -> pd.DataFrame:
        """Backward and forward GVC participation of each region.

        backward = ``FVA_c / sum(e_c)``; forward = ``sum_{p != c} v_c L_cp e_p / sum(e_c)``
        (domestic value added in other regions' exports, DVX).

        Parameters
        ----------
        region : str, optional
            One region; all when None.

        Returns
        -------
        DataFrame
            Columns region, gross_exports, dva, fva, dvx, backward, forward, participation
            (backward + forward).

        References
        ----------
        Koopman, Powers, Wang & Wei (2010), NBER WP 16426; OECD TiVA; METHODS.md section 3.
        """
        ve = self._va_exports
        e = self.e_array.reshape(self.R, self.S).sum(axis=1)
        out = pd.DataFrame(
            {
                "region": pd.array(self.table.regions, dtype="str"),
                "gross_exports": e,
                "dva": ve["dva"].reshape(self.R, self.S).sum(axis=1),
                "fva": ve["fva"].reshape(self.R, self.S).sum(axis=1),
                "dvx": ve["dvx"],
            }
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            out["backward"] = np.where(e != 0, out["fva"] / e, np.nan)
            out["forward"] = np.where(e != 0, out["dvx"] / e, np.nan)
        out["participation"] = out["backward"] + out["forward"]
        if region is not None:
            out = out.iloc[[self.table.region_index(region)]].reset_index(drop=True)
        return out

    def exports_by_destination(self, region: str) -> pd.DataFrame:
        """Gross exports of ``region`` by sector and destination region.

        Returns
        -------
        DataFrame
            Columns region, sector, sector_name, destination, intermediate, final, total; one row
            per sector and destination with non-zero exports, largest first.
        """
        rows = self._rows(region)
        lab = self.labels.iloc[rows].reset_index(drop=True)
        inter = self.exports_intermediate_array[rows]
        fin = self.exports_final_array[rows]
        S, R = len(rows), self.R
        out = pd.DataFrame(
            {
                "region": np.repeat(lab["region"].to_numpy(), R),
                "sector": np.repeat(lab["sector"].to_numpy(), R),
                "sector_name": np.repeat(lab["sector_name"].to_numpy(), R),
                "destination": np.tile(np.array(self.table.regions, dtype=object), S),
                "intermediate": inter.ravel(),
                "final": fin.ravel(),
            }
        )
        out["total"] = out["intermediate"] + out["final"]
        keep = (out["intermediate"] != 0) | (out["final"] != 0)
        out = out[keep.to_numpy()].astype({"destination": "str"})
        return out.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)

    def fva_origin(self, region: str) -> pd.DataFrame:
        """Where the foreign value added in ``region``'s exports comes from.

        ``FVA from (p, i) = v_pi (L e_c)_pi`` for ``p != c``; the values sum to ``FVA_c``.

        Returns
        -------
        DataFrame
            Columns source_region, source_sector, sector_name, fva, share (of ``FVA_c``); largest
            first, zero rows dropped.
        """
        ec = np.zeros(self.n)
        rows = self._rows(region)
        ec[rows] = self.e_array[rows]
        contrib = self.v_array * self.solver.right(ec)
        contrib[rows] = 0.0
        out = self.labels.rename(columns={"region": "source_region", "sector": "source_sector"})
        out["fva"] = contrib
        total = contrib.sum()
        out["share"] = contrib / total if total != 0 else np.nan
        out = out[(out["fva"] != 0).to_numpy()]
        return out.sort_values("fva", ascending=False, kind="stable").reset_index(drop=True)

    def linkages(self, region: str | None = None, diagonal: bool = True) -> pd.DataFrame:
        """Rasmussen-Hirschman backward (Leontief) and forward (Ghosh) linkages, key sectors.

        Global indices use the whole multi-regional inverses, normalised over all n
        country-sectors. Domestic indices use each region's own block ``(I - A_cc)^-1`` (imports
        treated as leakages, as in a national table) and ``(I - B_cc)^-1``, normalised over the
        region's S sectors. Forward sums use ``G = diag(x)^-1 L diag(x)`` (row sums
        ``(L x)_i / x_i``; 1 for a zero-output sector, whose G row is the unit row).

        Parameters
        ----------
        region : str, optional
            Keep the rows of one region (the indices are always computed on the whole system).
        diagonal : bool
            Keep the diagonal of L and G (default, the textbook convention: the initial unit of
            demand is counted). With False, ``L - I`` and ``G - I`` are used (indirect effects
            only).

        Returns
        -------
        DataFrame
            Columns region, sector, sector_name, backward, forward, type, backward_domestic,
            forward_domestic, type_domestic; type is 'key' (both > 1), 'backward', 'forward' or
            'weak'.

        References
        ----------
        Rasmussen (1956); Hirschman (1958); Miller & Blair (2009), section 12.2; METHODS.md 3.
        """
        x = self._x
        colsum = self.solver.left(np.ones(self.n))
        lx = self.solver.right(x)
        rowsum = np.where(x != 0, lx * _inverse(x), 1.0)
        R, S = self.R, self.S
        A4 = self.A_array.reshape(R, S, R, S)
        idx = np.arange(R)
        Ad = A4[idx, :, idx, :]  # (R, S, S) domestic blocks
        Ld = np.linalg.inv(np.eye(S)[None, :, :] - Ad)
        xr = x.reshape(R, S)
        cs_d = Ld.sum(axis=1)
        lx_d = np.einsum("rij,rj->ri", Ld, xr)
        rs_d = np.where(xr != 0, lx_d * _inverse(xr), 1.0)
        if not diagonal:
            colsum, rowsum, cs_d, rs_d = colsum - 1, rowsum - 1, cs_d - 1, rs_d - 1
        bl, fl = rasmussen_hirschman(colsum, rowsum)
        bld, fld = rasmussen_hirschman(cs_d, rs_d)
        out = self.labels
        out["backward"] = bl
        out["forward"] = fl
        out["type"] = linkage_type(bl, fl)
        out["backward_domestic"] = bld.ravel()
        out["forward_domestic"] = fld.ravel()
        out["type_domestic"] = linkage_type(bld.ravel(), fld.ravel())
        out = out.astype({"type": "str", "type_domestic": "str"})
        rows = self._rows(region)
        return out.iloc[rows].reset_index(drop=True)

    def extraction(self, sector: str, region: str | None = None) -> pd.DataFrame:
        """Hypothetical extraction of a sector (in one region, or in every region).

        The rows and columns of the extracted country-sectors are removed from A and their final
        demand from y; ``x_bar = (I - A_bar)^-1 y_bar`` is compared with ``x = L y``.

        Parameters
        ----------
        sector : str
            Sector code (e.g. ``"c6"``) or name.
        region : str, optional
            Extract the sector in this region only; in every region when None.

        Returns
        -------
        DataFrame
            One row per region: region, output (``L y``), output_extracted (the removed
            sectors' own output), output_after, loss (output - output_after), loss_other (loss in
            the remaining sectors: the linkage effect), loss_share (loss / output).

        References
        ----------
        Dietzenbacher, E., van der Linden, J. A. & Steenge, A. E. (1993). The regional extraction
        method. Journal of Regional Science 33(4); Miller & Blair (2009), section 12.2.5.
        """
        s = self.table.sector_index(sector)
        regs = [self.table.region_index(region)] if region is not None else range(self.R)
        drop = np.array([r * self.S + s for r in regs], dtype=np.int64)
        keep = np.setdiff1d(np.arange(self.n), drop)
        y = self.y_array
        x0 = self.solver.right(y)
        Ab = self.A_array[np.ix_(keep, keep)]
        xb = np.zeros(self.n)
        xb[keep] = np.linalg.solve(np.eye(len(keep)) - Ab, y[keep])
        removed = np.zeros(self.n)
        removed[drop] = x0[drop]
        by = np.arange(self.n) // self.S
        out = pd.DataFrame(
            {
                "region": pd.array(self.table.regions, dtype="str"),
                "output": np.bincount(by, x0, self.R),
                "output_extracted": np.bincount(by, removed, self.R),
                "output_after": np.bincount(by, xb, self.R),
            }
        )
        out["loss"] = out["output"] - out["output_after"]
        out["loss_other"] = out["loss"] - out["output_extracted"]
        with np.errstate(divide="ignore", invalid="ignore"):
            out["loss_share"] = np.where(out["output"] != 0, out["loss"] / out["output"], np.nan)
        return out

    def upstreamness(self, inventory_correction: bool = True) -> pd.DataFrame:
        """Antras-Chor upstreamness and downstreamness of every country-sector.

        Parameters
        ----------
        inventory_correction : bool
            Scale row i of B (and of A for downstreamness) by ``x_i / (x_i - N_i)``.

        Returns
        -------
        DataFrame
            Columns region, sector, sector_name, upstreamness, downstreamness, fugo (final use
            net of inventories over ``x - N``), vago (value added over output).

        References
        ----------
        Antras, Chor, Fally & Hillberry (2012); Antras & Chor (2018).
        """
        N = self.inventories_array if inventory_correction else None
        x = self._x
        out = self.labels
        out["upstreamness"] = upstreamness_vector(self.table.Z, x, N)
        out["downstreamness"] = downstreamness_vector(self.A_array, x, N)
        inv = self.inventories_array if inventory_correction else np.zeros(self.n)
        den = x - inv
        with np.errstate(divide="ignore", invalid="ignore"):
            out["fugo"] = np.where(den != 0, (self.y_array - inv) / den, np.nan)
            out["vago"] = np.where(x != 0, self.va_array / x, np.nan)
        return out

    def paths(
        self,
        start: tuple[str, str] | str,
        target: str,
        kind: str = "exports",
        **options: object,
    ) -> tuple[pd.DataFrame, object]:
        """Structural paths from a start country-sector to a region's exports or a market.

        Parameters
        ----------
        start : (region, sector) or "REGION sector"
            Where the value added originates, e.g. ``("IDN", "c6")``.
        target : str
            A region.
        kind : {"exports", "final_demand"}
            ``"exports"``: the target region's gross exports; ``"final_demand"``: final demand of
            the target market (all origins, inventories excluded).
        **options
            Passed to :func:`gvc.analytics.paths.structural_paths` (top, cutoff, max_depth, ...).

        Returns
        -------
        (DataFrame, networkx.DiGraph)
            See :func:`gvc.analytics.paths.structural_paths`; graph nodes also carry region,
            sector and sector_name, the graph itself start, target and kind.
        """
        from gvc.analytics.paths import structural_paths

        return self._enumerate(structural_paths, start, "start", target, kind, options)

    def supplier_paths(
        self,
        end: tuple[str, str] | str,
        target: str,
        kind: str = "exports",
        **options: object,
    ) -> tuple[pd.DataFrame, object]:
        """Structural paths that end at a country-sector: where the value added it sells comes from.

        The upstream view of :meth:`paths`: for ``end`` = ("IDN", "c6") and the target's exports
        or final demand, the chains of suppliers (any country, any sector) whose value added
        reaches that sink through IDN wood, largest first. The total is the value added embodied
        in ``end``'s sales to the sink (equal to those sales when value added is complete).

        Parameters
        ----------
        end : (region, sector) or "REGION sector"
            The country-sector the paths end at.
        target, kind
            The sink, as in :meth:`paths` (``"exports"`` of ``target`` or its ``"final_demand"``).
        **options
            Passed to :func:`gvc.analytics.paths.supplier_paths` (top, cutoff, max_depth, ...).

        Returns
        -------
        (DataFrame, networkx.DiGraph)
            Columns rank, value, share, cumulative_share, depth, start (origin), end, path
            ("origin -> ... -> end"); graph edges supplier -> user, node attributes ``starts``,
            region, sector, sector_name; graph attributes end, target, kind.
        """
        from gvc.analytics.paths import supplier_paths

        return self._enumerate(supplier_paths, end, "end", target, kind, options)

    def _enumerate(
        self,
        search: Callable[..., tuple[pd.DataFrame, Any]],
        node: tuple[str, str] | str,
        anchor: str,
        target: str,
        kind: str,
        options: dict[str, object],
    ) -> tuple[pd.DataFrame, Any]:
        """Run a path search anchored at ``node`` (``anchor`` names it: start or end)."""
        r0, s0 = self._node(node, anchor)
        lab = self.labels
        names = [f"{a} {b}" for a, b in zip(lab["region"], lab["sector"], strict=True)]
        paths, graph = search(
            self.A_array,
            self.sink(target, kind),
            r0 * self.S + s0,
            weights=self.v_array,
            labels=names,
            solver=self.solver,
            **options,
        )
        where = {name: i for i, name in enumerate(names)}
        for name, data in graph.nodes(data=True):
            i = where[name]
            data["region"] = lab["region"].iloc[i]
            data["sector"] = lab["sector"].iloc[i]
            data["sector_name"] = lab["sector_name"].iloc[i]
        graph.graph.update({anchor: names[r0 * self.S + s0], "target": target, "kind": kind})
        return paths, graph

    def _node(self, node: tuple[str, str] | str, name: str) -> tuple[int, int]:
        """Region and sector index of a (region, sector) or "REGION sector" parameter."""
        if isinstance(node, str):
            parts = node.replace(":", " ").split()
            if len(parts) != 2:
                raise InvalidInputError(
                    f"'{name}' must be (region, sector) or 'REGION sector' (got {node!r})"
                )
            node = (parts[0], parts[1])
        return self.table.region_index(node[0]), self.table.sector_index(node[1])

    def sink(self, target: str, kind: str = "exports") -> np.ndarray:
        """Return the final vector of a path: a region's gross exports or a market's demand.

        Returns
        -------
        ndarray (n,)
            ``"exports"``: gross exports of ``target``'s sectors, zero elsewhere;
            ``"final_demand"``: final demand of market ``target`` for every country-sector, net
            of inventory changes.
        """
        r = self.table.region_index(target)
        f = np.zeros(self.n)
        if kind == "exports":
            rows = self._rows(target)
            f[rows] = self.e_array[rows]
        elif kind == "final_demand":
            cats = [k for k, c in enumerate(self.table.categories) if c != INVENTORY_CATEGORY]
            f = self.table.Y[:, r, cats].sum(axis=1)
        else:
            raise InvalidInputError(f"'kind' must be 'exports' or 'final_demand' (got {kind!r})")
        return f
