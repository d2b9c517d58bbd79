"""The demand-driven Leontief model of one IO table and year (:class:`IOSystem`)."""

from __future__ import annotations

import warnings
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd

from gvc.analytics import paths as spa
from gvc.analytics.io_linkages import chains
from gvc.analytics.io_linkages import exports as trade
from gvc.analytics.io_linkages.table import FULL_TABLE_HINT, INVENTORY_CATEGORY, IOTable
from gvc.analytics.leontief import (
    LeontiefSolver,
    _inverse,
    balanced_output,
    downstreamness_vector,
    linkage_type,
    rasmussen_hirschman,
    residual_value_added,
    technical_coefficients,
    upstreamness_vector,
)
from gvc.errors import DataNotFoundError, InvalidInputError


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

    def require(
        self, what: str, final_by_destination: bool = False, value_added: bool = False
    ) -> None:
        """Raise DataNotFoundError when the table lacks what ``what`` needs.

        Parameters
        ----------
        what : str
            The measure, for the message (e.g. ``"DVA/FVA in gross exports"``).
        final_by_destination, value_added : bool
            What the measure needs.
        """
        missing = []
        if final_by_destination and not self.table.final_by_destination:
            missing.append(
                "final demand by destination (it has one total per country-sector: final demand "
                "of every destination plus sales to the rest of the world)"
            )
        if value_added and not self.table.has_value_added:
            missing.append(
                "value-added rows (its intermediate flows leave out inputs from outside the "
                "table, so output minus inputs is not value added)"
            )
        if missing:
            label = " ".join(str(p) for p in (self.name or "this IO table", self.year) if p)
            raise DataNotFoundError(
                f"{what} cannot be computed from IO table {label}: it has no "
                f"{' and no '.join(missing)}; use {FULL_TABLE_HINT}"
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
        """Value added (n,): the table's VA rows, else ``x - colsum(Z)``.

        Raises DataNotFoundError for a table whose residual is not value added (ICIO here).
        """
        self.require("value added", value_added=True)
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
        self.require("final sales by destination (and gross exports)", final_by_destination=True)
        out = self.table.Y.sum(axis=2)
        out[np.arange(self.n), np.arange(self.n) // self.S] = 0.0
        return out

    @cached_property
    def e_array(self) -> np.ndarray:
        """Gross exports by country-sector (n,): intermediate plus final sales abroad."""
        return self.exports_intermediate_array.sum(axis=1) + self.exports_final_array.sum(axis=1)

    @cached_property
    def _va_exports(self) -> dict[str, np.ndarray]:
        """DVA, FVA (n,) and the forward (DVX) term by region (R,): see :func:`va_exports`."""
        return trade.va_exports(self)

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
            [list(self.table.destinations), list(self.table.categories)],
            names=["region", "category"],
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

    def multipliers(self, value_added: bool | None = None) -> pd.DataFrame:
        """Output and value-added multipliers.

        Parameters
        ----------
        value_added : bool, optional
            Add the value-added columns: None (default) when the table has value added, True
            always (DataNotFoundError for a table without), False never.

        Returns
        -------
        DataFrame
            Columns region, sector, sector_name, output_multiplier (``1' L``), and with value
            added va_coefficient (``v = VA/x``), va_multiplier (``v L``, pymrio's ``M`` of a VA
            extension; 1 when VA is the residual) and va_multiplier_type1 (``(v L)_j / v_j``,
            NaN where ``v_j = 0``).

        References
        ----------
        Miller & Blair (2009), sections 6.2 and 6.6.
        """
        out = self.labels
        out["output_multiplier"] = self.solver.left(np.ones(self.n))
        if value_added is None:
            value_added = self.table.has_value_added
        if not value_added:
            return out
        vl = self.solver.left(self.v_array)
        out["va_coefficient"] = self.v_array
        out["va_multiplier"] = vl
        with np.errstate(divide="ignore", invalid="ignore"):
            out["va_multiplier_type1"] = np.where(self.v_array != 0, vl / self.v_array, np.nan)
        return out

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
            net of inventories over ``x - N``), vago (value added over output; NaN for a table
            without value added, whose fugo is then final-and-rest-of-world use over output).

        References
        ----------
        Antras, Chor, Fally & Hillberry (2012); Antras & Chor (2018).
        """
        N = self.inventories_array if inventory_correction else None
        x = self._x
        out = self.labels
        if N is None or not N.any():
            # no inventory change: (I - B)^-1 = diag(x)^-1 L diag(x), so U = (L x) / x and
            # D = 1' L, from the model's one LU factorisation (a zero-output row has U = 1)
            out["upstreamness"] = np.where(x != 0, self.solver.right(x) * _inverse(x), 1.0)
            out["downstreamness"] = self.solver.left(np.ones(self.n))
        else:
            out["upstreamness"] = upstreamness_vector(self.table.Z, x, N)
            out["downstreamness"] = downstreamness_vector(self.A_array, x, N)
        inv = self.inventories_array if inventory_correction else np.zeros(self.n)
        den = x - inv
        with np.errstate(divide="ignore", invalid="ignore"):
            out["fugo"] = np.where(den != 0, (self.y_array - inv) / den, np.nan)
            if self.table.has_value_added:
                out["vago"] = np.where(x != 0, self.va_array / x, np.nan)
            else:
                out["vago"] = np.nan
        return out

    # -- trade in value added (gvc.analytics.io_linkages.exports) --------------------------------

    def value_added_in_exports(self, region: str | None = None) -> pd.DataFrame:
        """Domestic and foreign value added in gross exports (see :mod:`.exports`)."""
        return trade.value_added_in_exports(self, region)

    def participation(self, region: str | None = None) -> pd.DataFrame:
        """Backward and forward GVC participation of each region: :func:`exports.participation`."""
        return trade.participation(self, region)

    def exports_by_destination(self, region: str) -> pd.DataFrame:
        """Gross exports of ``region`` by sector and destination (see :mod:`.exports`)."""
        return trade.exports_by_destination(self, region)

    def fva_origin(self, region: str) -> pd.DataFrame:
        """Where the foreign value added in ``region``'s exports comes from (:mod:`.exports`)."""
        return trade.fva_origin(self, region)

    def intermediate_exports(
        self,
        region: str,
        sector: str,
        by: Literal["industry", "destination"] = "industry",
        domestic: bool = False,
    ) -> pd.DataFrame:
        """Intermediate sales of one country-sector by destination and buying industry.

        See :func:`exports.intermediate_exports` (``coefficient`` uses the model's output).
        Works on every table, OECD ICIO included.
        """
        s = self.table.sectors[self.table.sector_index(sector)]
        return trade.intermediate_exports(
            self.table.Z,
            self.table.regions,
            self.table.sectors,
            self.table.regions[self.table.region_index(region)],
            s,
            output=self._x,
            by=by,
            domestic=domestic,
            sector_names=self.table.sector_names,
            region_names=self.table.region_names,
        )

    # -- structural paths (gvc.analytics.paths) -------------------------------------------------

    def paths(
        self,
        start: tuple[str, str] | str,
        target: str | None,
        kind: str = "exports",
        **options: object,
    ) -> tuple[pd.DataFrame, object]:
        """Structural paths from a start country-sector to a region's exports or a market.

        Parameters
        ----------
        start : (region, sector) or "REGION sector"
            Where the value added originates, e.g. ``("IDN", "c6")``.
        target : str or None
            A region (None with ``kind="total_final_demand"``).
        kind : {"exports", "final_demand", "intermediate_exports", "total_final_demand"}
            ``"exports"``: the target region's gross exports; ``"final_demand"``: final demand of
            the target market (all origins, inventories excluded); ``"intermediate_exports"``:
            the target region's intermediate sales abroad; ``"total_final_demand"``: final use
            of every country-sector (all markets as one total). The first two need final demand
            by destination (DataNotFoundError otherwise, e.g. on OECD ICIO). Paths carry value
            added when the table has it, else gross output (``attrs["measure"]``); on a table
            without value added the total of the paths from ``start`` to total final demand is
            the start's gross output (``x = L f``).
        **options
            Passed to :func:`gvc.analytics.paths.structural_paths` (top, cutoff, max_depth, ...).

        Returns
        -------
        (DataFrame, networkx.DiGraph)
            See :func:`gvc.analytics.paths.structural_paths`; graph nodes also carry region,
            sector and sector_name, the graph itself start, target and kind.
        """
        return chains.enumerate_paths(
            self, spa.structural_paths, start, "start", target, kind, options
        )

    def supplier_paths(
        self,
        end: tuple[str, str] | str,
        target: str | None,
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
            The sink, as in :meth:`paths`. On a table without value added the paths carry gross
            output (weights 1): the value of a path ``i -> ... -> end`` is the output of ``i``
            needed along that chain for ``end``'s sales to the sink.
        **options
            Passed to :func:`gvc.analytics.paths.supplier_paths` (top, cutoff, max_depth, ...).

        Returns
        -------
        (DataFrame, networkx.DiGraph)
            Columns rank, value, share, cumulative_share, depth, start (origin), end, path
            ("origin -> ... -> end"); graph edges supplier -> user, node attributes ``starts``,
            region, sector, sector_name; graph attributes end, target, kind.
        """
        return chains.enumerate_paths(self, spa.supplier_paths, end, "end", target, kind, options)

    def sink(self, target: str | None, kind: str = "exports") -> np.ndarray:
        """Return the final vector of a path (see :func:`chains.sink`)."""
        return chains.sink(self, target, kind)
