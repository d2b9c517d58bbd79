"""The full complexity run (:func:`complexity`, :func:`complexity_matrix`) and Atlas filters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from gvc.analytics._finite import require_finite
from gvc.analytics.complexity.core import (
    ATLAS_MIN_EXPORTS_USD,
    ATLAS_MIN_POPULATION,
    ATLAS_NOISY_PRODUCTS,
    PRESENCE,
    PROXIMITY,
    _drop_empty,
    eci_pci,
    mcp,
    pivot_values,
    rca,
    rpop,
)
from gvc.analytics.complexity.space import (
    _labels,
    cog,
    coi,
    density,
    proximity,
)
from gvc.errors import InvalidInputError

# --------------------------------------------------------------------------------------------------
# The full run
# --------------------------------------------------------------------------------------------------


@dataclass
class ComplexityResult:
    """All measures of one complexity run on a ``locations x products`` matrix.

    Matrices are ``locations x products``; vectors follow ``locations`` or ``products``.
    ``dropped_locations`` / ``dropped_products`` hold what was removed for zero trade.
    """

    locations: pd.Index
    products: pd.Index
    export_value: np.ndarray
    rca: np.ndarray
    mcp: np.ndarray
    diversity: np.ndarray
    ubiquity: np.ndarray
    eci: np.ndarray
    pci: np.ndarray
    density: np.ndarray
    coi: np.ndarray
    cog: np.ndarray
    proximity: np.ndarray
    kp: np.ndarray
    kc: np.ndarray
    rpop: np.ndarray | None = None
    options: dict = field(default_factory=dict)
    dropped_locations: list = field(default_factory=list)
    dropped_products: list = field(default_factory=list)

    @property
    def distance(self) -> np.ndarray:
        """Distance ``1 - density``."""
        return 1.0 - self.density

    def to_frame(self) -> pd.DataFrame:
        """Long frame, one row per (location, product).

        Returns
        -------
        DataFrame
            Columns location, product (categoricals of the labels), export_value,
            market_share, rca, [rpop,] mcp, diversity, ubiquity, eci, pci, density, distance,
            coi, cog.
        """
        n_c, n_p = self.export_value.shape
        X = self.export_value
        with np.errstate(divide="ignore", invalid="ignore"):
            share = X / X.sum(axis=0)[np.newaxis, :]
        loc_codes = np.repeat(np.arange(n_c, dtype=np.int32), n_p)
        prod_codes = np.tile(np.arange(n_p, dtype=np.int32), n_c)
        cols: dict[str, object] = {
            "location": pd.Categorical.from_codes(loc_codes, categories=_labels(self.locations)),
            "product": pd.Categorical.from_codes(prod_codes, categories=_labels(self.products)),
            "export_value": X.ravel(),
            "market_share": share.ravel(),
            "rca": self.rca.ravel(),
        }
        if self.rpop is not None:
            cols["rpop"] = self.rpop.ravel()
        discrete = self.options.get("presence", "rca") != "continuous"
        cols |= {
            "mcp": self.mcp.ravel().astype(np.int8) if discrete else self.mcp.ravel(),
            "diversity": (self.diversity if not discrete else self.diversity.astype(np.int64))[
                loc_codes
            ],
            "ubiquity": (self.ubiquity if not discrete else self.ubiquity.astype(np.int64))[
                prod_codes
            ],
            "eci": self.eci[loc_codes],
            "pci": self.pci[prod_codes],
            "density": self.density.ravel(),
            "distance": self.distance.ravel(),
            "coi": self.coi[loc_codes],
            "cog": self.cog.ravel(),
        }
        return pd.DataFrame(cols, copy=False)

    def location_frame(self) -> pd.DataFrame:
        """One row per location: location, export_value, diversity, eci, coi."""
        return pd.DataFrame(
            {
                "location": pd.array(np.asarray(self.locations, dtype=object), dtype="string"),
                "export_value": self.export_value.sum(axis=1),
                "diversity": self.diversity,
                "eci": self.eci,
                "coi": self.coi,
            }
        )

    def product_frame(self) -> pd.DataFrame:
        """One row per product: product, world_trade, ubiquity, pci."""
        return pd.DataFrame(
            {
                "product": pd.array(np.asarray(self.products, dtype=object), dtype="string"),
                "world_trade": self.export_value.sum(axis=0),
                "ubiquity": self.ubiquity,
                "pci": self.pci,
            }
        )

    def proximity_frame(self, min_value: float = 0.0) -> pd.DataFrame:
        """Long proximity table: product_1, product_2, proximity (pairs with p != q).

        Parameters
        ----------
        min_value : float
            Keep pairs with proximity strictly above this (0 keeps the non-zero pairs).
        """
        phi = self.proximity
        i, j = np.nonzero((phi > min_value) & ~np.eye(phi.shape[0], dtype=bool))
        prods = np.asarray(self.products, dtype=object)
        return pd.DataFrame(
            {
                "product_1": pd.array(prods[i], dtype="string"),
                "product_2": pd.array(prods[j], dtype="string"),
                "proximity": phi[i, j],
            }
        )


def complexity_matrix(
    X: np.ndarray,
    locations: Sequence | pd.Index | None = None,
    products: Sequence | pd.Index | None = None,
    *,
    presence: str = "rca",
    threshold: float = 1.0,
    population: np.ndarray | None = None,
    proximity_kind: str = "symmetric",
    knn: int | None = None,
) -> ComplexityResult:
    """Run every complexity measure on a dense ``locations x products`` matrix.

    Defaults are py-ecomplexity's (``presence_test="rca"``, threshold 1, symmetric discrete
    proximity, full density). Locations with zero exports and products with zero world trade are
    dropped first (with a warning), as the reference does.

    Parameters
    ----------
    X : ndarray
        Non-negative export values.
    locations, products : sequence, optional
        Labels of the rows and columns (default: positions).
    presence : str
        ``rca`` (default), ``rpop`` (needs ``population``) or ``continuous`` (``RCA / (1 + RCA)``).
    threshold : float
        Presence threshold for ``rca``/``rpop``.
    population : ndarray, optional
        Population per location (rows of ``X``), for ``rpop``.
    proximity_kind : str
        One of :data:`PROXIMITY`.
    knn : int, optional
        Nearest neighbours for density (see :func:`density`).

    Returns
    -------
    ComplexityResult
    """
    if presence not in PRESENCE:
        msg = f"presence must be one of {PRESENCE} (got {presence!r})"
        raise InvalidInputError(msg)
    if proximity_kind not in PROXIMITY:
        msg = f"proximity must be one of {PROXIMITY} (got {proximity_kind!r})"
        raise InvalidInputError(msg)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.size == 0:
        msg = f"exports must be a non-empty 2-D locations x products matrix (got shape {X.shape})"
        raise InvalidInputError(msg)
    n_p = X.shape[1]

    def cell(i: int) -> str:
        r, c = divmod(i, n_p)
        loc = r if locations is None else list(locations)[r]
        prod = c if products is None else list(products)[c]
        return f"location {loc!r}, product {prod!r}"

    require_finite(X, "exports", cell)
    if (X < 0).any():
        msg = "exports must be non-negative (got negative values)"
        raise InvalidInputError(msg)
    locs = pd.Index(range(X.shape[0]) if locations is None else locations)
    prods = pd.Index(range(X.shape[1]) if products is None else products)
    pop = None if population is None else np.asarray(population, dtype=float)
    if pop is not None and pop.shape[0] != X.shape[0]:
        msg = f"population must have one value per location ({X.shape[0]}), got {pop.shape[0]}"
        raise InvalidInputError(msg)
    keep_loc = X.sum(axis=1) > 0
    X, locs, prods, dropped_locs, dropped_prods = _drop_empty(X, locs, prods)
    if pop is not None:
        pop = pop[keep_loc]
    R = rca(X)
    RP = None
    if presence == "rpop":
        if pop is None:
            msg = "presence='rpop' needs a population for every location"
            raise InvalidInputError(msg)
        RP = rpop(X, pop)
        M = mcp(RP, threshold)
    else:
        M = mcp(R, threshold, continuous=presence == "continuous")
    ec = eci_pci(M)
    if proximity_kind == "continuous":
        source = M if presence == "continuous" else (RP if RP is not None else R)
        phi = proximity(M, "continuous", values=source)
        dens_src = source
    else:
        phi = proximity(M, proximity_kind)
        dens_src = M
    dens = density(dens_src, phi, knn=knn)
    kc_sd = float(np.nanstd(ec.kc))
    return ComplexityResult(
        locations=locs,
        products=prods,
        export_value=X,
        rca=R,
        rpop=RP,
        mcp=M,
        diversity=M.sum(axis=1),
        ubiquity=M.sum(axis=0),
        eci=ec.eci,
        pci=ec.pci,
        density=dens,
        coi=coi(dens, M, ec.kp),
        cog=cog(M, phi, ec.kp, kc_sd),
        proximity=phi,
        kp=ec.kp,
        kc=ec.kc,
        options={
            "presence": presence,
            "threshold": threshold,
            "proximity": proximity_kind,
            "knn": knn,
        },
        dropped_locations=dropped_locs,
        dropped_products=dropped_prods,
    )


def complexity(
    frame: pd.DataFrame,
    *,
    location: str = "location",
    product: str = "product",
    value: str = "export_value",
    population: pd.Series | None = None,
    **options: object,
) -> ComplexityResult:
    """Run every complexity measure on a long frame of exports.

    Parameters
    ----------
    frame : DataFrame
        Columns ``location``, ``product``, ``value``: one row per pair (missing pairs are zero).
    location, product, value : str
        Column names.
    population : Series, optional
        Population indexed by location label, for ``presence="rpop"``.
    **options
        Passed to :func:`complexity_matrix` (presence, threshold, proximity_kind, knn).

    Returns
    -------
    ComplexityResult
    """
    X, locs, prods = pivot_values(frame, location, product, value)
    pop = None
    if population is not None:
        pop_s = population.reindex(locs)
        if pop_s.isna().any() and options.get("presence") == "rpop":
            missing = list(locs[pop_s.isna().to_numpy()][:10])
            msg = f"population is missing for {int(pop_s.isna().sum())} location(s): {missing}"
            raise InvalidInputError(msg)
        pop = pop_s.to_numpy(dtype=float)
    return complexity_matrix(X, locs, prods, population=pop, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------------
# Atlas-style filters
# --------------------------------------------------------------------------------------------------


def atlas_location_filter(
    exports: pd.Series,
    population: pd.Series,
    min_population: float = ATLAS_MIN_POPULATION,
    min_exports: float = ATLAS_MIN_EXPORTS_USD,
) -> pd.Index:
    """Locations the Atlas would rank: population and total exports above the floors.

    The Atlas of Economic Complexity (Hausmann, Hidalgo et al. 2011, ch. 7) ranks countries with a
    population above 1.2 million and exports of at least USD 1 billion a year (it also drops a few
    countries for data quality by hand, which is not reproduced). Locations without a population
    are dropped.

    Parameters
    ----------
    exports : Series
        Total exports (USD) indexed by location.
    population : Series
        Population indexed by location.
    min_population, min_exports : float
        The floors.

    Returns
    -------
    Index
        Locations that pass.
    """
    pop = population.reindex(exports.index)
    ok = (pop >= min_population) & (exports >= min_exports)
    return exports.index[ok.fillna(False).to_numpy(dtype=bool)]


def atlas_product_filter(
    X: np.ndarray,
    products: pd.Index,
    min_cumulative_share: float = 0.025,
    min_effective_exporters: float = 2.0,
    min_ubiquity: int = 2,
    noisy: Sequence[str] = ATLAS_NOISY_PRODUCTS,
) -> np.ndarray:
    """Boolean mask of products the Growth Lab keeps for its complexity step.

    A product is dropped when it is a noisy code (:data:`ATLAS_NOISY_PRODUCTS`), when it falls in
    the smallest products that together make ``min_cumulative_share`` percent of world trade,
    when its effective number of exporters (``1 / HHI`` of exporter shares) is at most
    ``min_effective_exporters``, or when at most ``min_ubiquity`` locations have RCA >= 1
    (the flags of the Growth Lab's Atlas data pipeline).

    Parameters
    ----------
    X : ndarray
        ``locations x products`` exports.
    products : Index
        Product labels.

    Returns
    -------
    ndarray
        True for the products to keep.
    """
    X = np.asarray(X, dtype=float)
    world = X.sum(axis=0)
    share = 100.0 * world / world.sum()
    order = np.argsort(share, kind="stable")
    cumulative = np.empty_like(share)
    cumulative[order] = np.cumsum(share[order])
    with np.errstate(divide="ignore", invalid="ignore"):
        hhi = ((X / world) ** 2).sum(axis=0)
        effective = 1.0 / hhi
    ubiq = mcp(rca(X)).sum(axis=0)
    drop = (
        (cumulative <= min_cumulative_share)
        | (effective <= min_effective_exporters)
        | (ubiq <= min_ubiquity)
        | (world < 1)
        | np.isin(np.asarray(products, dtype=str), list(noisy))
    )
    return ~drop
