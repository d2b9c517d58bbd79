"""Trade in value added of an :class:`IOSystem`.

DVA/FVA in exports, participation, exports by destination, origin of foreign value added (these
need final demand by destination and value added), and intermediate exports by destination and
buying industry (:func:`intermediate_exports`: needs only the intermediate flows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from gvc.analytics._finite import require_finite
from gvc.analytics.leontief import _inverse
from gvc.errors import InvalidInputError, unknown_code

if TYPE_CHECKING:
    from gvc.analytics.io_linkages.system import IOSystem


def va_exports(system: IOSystem) -> dict[str, np.ndarray]:
    """DVA, FVA (n,) and the forward (DVX) term by region (R,), from one solve.

    ``W[c] = (v * 1_c) L``: row c holds the value added of region c embodied per unit of
    output of every country-sector.
    """
    system.require("DVA/FVA in gross exports", final_by_destination=True, value_added=True)
    R, S, n = system.R, system.S, system.n
    V = np.zeros((R, n))
    V[np.arange(n) // S, np.arange(n)] = system.v_array
    W = system.solver.left(V).reshape(R, R, S)  # W[c, p, j]
    e = system.e_array.reshape(R, S)
    own = W[np.arange(R), np.arange(R), :]  # (R, S): v_c L_cc
    dva = own * e
    vl = W.sum(axis=0)  # (R, S): v L
    fva = vl * e - dva
    embodied = np.einsum("cps,ps->cp", W, e)  # v_c L_cp e_p
    dvx = embodied.sum(axis=1) - np.diagonal(embodied)
    return {"dva": dva.ravel(), "fva": fva.ravel(), "dvx": dvx, "vl": vl.ravel()}


def value_added_in_exports(system: IOSystem, region: str | None = None) -> pd.DataFrame:
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
    system.require("DVA/FVA in gross exports", final_by_destination=True, value_added=True)
    rows = system._rows(region)
    out = system.labels.iloc[rows].reset_index(drop=True)
    ve = system._va_exports
    out["exports_intermediate"] = system.exports_intermediate_array.sum(axis=1)[rows]
    out["exports_final"] = system.exports_final_array.sum(axis=1)[rows]
    out["gross_exports"] = system.e_array[rows]
    out["dva"] = ve["dva"][rows]
    out["fva"] = ve["fva"][rows]
    e = out["gross_exports"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["dva_share"] = np.where(e != 0, out["dva"].to_numpy() / e, np.nan)
    return out


def participation(system: IOSystem, region: str | None = None) -> pd.DataFrame:
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
    system.require("GVC participation", final_by_destination=True, value_added=True)
    ve = system._va_exports
    e = system.e_array.reshape(system.R, system.S).sum(axis=1)
    out = pd.DataFrame(
        {
            "region": pd.array(system.table.regions, dtype="str"),
            "gross_exports": e,
            "dva": ve["dva"].reshape(system.R, system.S).sum(axis=1),
            "fva": ve["fva"].reshape(system.R, system.S).sum(axis=1),
            "dvx": ve["dvx"],
        }
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        out["backward"] = np.where(e != 0, out["fva"] / e, np.nan)
        out["forward"] = np.where(e != 0, out["dvx"] / e, np.nan)
    out["participation"] = out["backward"] + out["forward"]
    if region is not None:
        out = out.iloc[[system.table.region_index(region)]].reset_index(drop=True)
    return out


def exports_by_destination(system: IOSystem, region: str) -> pd.DataFrame:
    """Gross exports of ``region`` by sector and destination region.

    Returns
    -------
    DataFrame
        Columns region, sector, sector_name, destination, intermediate, final, total; one row
        per sector and destination with non-zero exports, largest first.
    """
    system.require(
        "gross exports by destination (intermediate_exports gives the intermediate part)",
        final_by_destination=True,
    )
    rows = system._rows(region)
    lab = system.labels.iloc[rows].reset_index(drop=True)
    inter = system.exports_intermediate_array[rows]
    fin = system.exports_final_array[rows]
    S, R = len(rows), system.R
    out = pd.DataFrame(
        {
            "region": np.repeat(lab["region"].to_numpy(), R),
            "sector": np.repeat(lab["sector"].to_numpy(), R),
            "sector_name": np.repeat(lab["sector_name"].to_numpy(), R),
            "destination": np.tile(np.array(system.table.regions, dtype=object), S),
            "intermediate": inter.ravel(),
            "final": fin.ravel(),
        }
    )
    out["total"] = out["intermediate"] + out["final"]
    keep = (out["intermediate"] != 0) | (out["final"] != 0)
    out = out[keep.to_numpy()].astype({"destination": "str"})
    return out.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)


def fva_origin(system: IOSystem, region: str) -> pd.DataFrame:
    """Where the foreign value added in ``region``'s exports comes from.

    ``FVA from (p, i) = v_pi (L e_c)_pi`` for ``p != c``; the values sum to ``FVA_c``.

    Returns
    -------
    DataFrame
        Columns source_region, source_sector, sector_name, fva, share (of ``FVA_c``); largest
        first, zero rows dropped.
    """
    system.require(
        "the origin of foreign value added in exports", final_by_destination=True, value_added=True
    )
    ec = np.zeros(system.n)
    rows = system._rows(region)
    ec[rows] = system.e_array[rows]
    contrib = system.v_array * system.solver.right(ec)
    contrib[rows] = 0.0
    out = system.labels.rename(columns={"region": "source_region", "sector": "source_sector"})
    out["fva"] = contrib
    total = contrib.sum()
    out["share"] = contrib / total if total != 0 else np.nan
    out = out[(out["fva"] != 0).to_numpy()]
    return out.sort_values("fva", ascending=False, kind="stable").reset_index(drop=True)


def _position(codes: Sequence[str], code: str, what: str) -> int:
    try:
        return list(codes).index(code)
    except ValueError:
        raise unknown_code(what, code, list(codes), codes[0]) from None


def intermediate_exports(
    Z: np.ndarray,
    regions: Sequence[str],
    sectors: Sequence[str],
    exporter: str,
    sector: str,
    *,
    output: np.ndarray | None = None,
    by: Literal["industry", "destination"] = "industry",
    domestic: bool = False,
    sector_names: Mapping[str, str] | None = None,
    region_names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Intermediate sales of one exporter-sector by destination country and buying industry.

    "Which foreign industries use Indonesian rubber as an input": row ``(exporter, sector)`` of
    ``Z``, split by the buying country-sector. Needs only the intermediate flows, so it works on
    OECD ICIO (no final demand by destination) as on WIOD.

    Parameters
    ----------
    Z : ndarray (R*S, R*S)
        Intermediate use, region-major (row supplies column).
    regions, sectors : sequence of str
        Labels of the table.
    exporter, sector : str
        The selling country-sector, e.g. ``"IDN"``, ``"C22"``.
    output : ndarray (R*S,), optional
        Gross output of every country-sector; adds ``coefficient`` (the buyer's purchases per
        unit of its output, ``a_ij``: how much the buyer depends on this input).
    by : {"industry", "destination"}
        One row per buying country-industry (default) or per destination country.
    domestic : bool
        Include sales to the exporter's own country (default False: exports only).
    sector_names, region_names : mapping, optional
        Display names.

    Returns
    -------
    DataFrame
        ``by="industry"``: exporter, sector, destination, destination_name, buyer_sector,
        buyer_sector_name, value, share (of the total over the rows), cumulative_share[,
        coefficient]; ``by="destination"``: exporter, sector, destination, destination_name,
        value, share, cumulative_share, buyers (industries with purchases), top_buyer_sector,
        top_buyer_value. Largest first, zero rows dropped; ``attrs["total"]`` holds the total.

    Raises
    ------
    InvalidInputError
        Shapes that do not match the labels, a NaN or infinite cell, an unknown ``by``.
    UnknownCodeError
        An exporter or sector not in the table.
    """
    R, S = len(regions), len(sectors)
    n = R * S
    Z = np.asarray(Z, dtype=float)
    if Z.shape != (n, n):
        raise InvalidInputError(f"'Z' must be {n} x {n} for {R} regions x {S} sectors ({Z.shape})")
    if by not in ("industry", "destination"):
        raise InvalidInputError(f"'by' must be 'industry' or 'destination' (got {by!r})")
    r = _position(regions, exporter, "exporter region of this IO table")
    s = _position(sectors, sector, "sector of this IO table")
    row = Z[r * S + s].reshape(R, S).copy()
    require_finite(
        row,
        f"IO table 'Z' row {exporter} {sector}",
        lambda i: f"column {regions[i // S]} {sectors[i % S]}",
    )
    if not domestic:
        row[r] = 0.0
    total = float(row.sum())
    names = dict(sector_names or {})
    rnames = dict(region_names or {})
    reg = np.asarray(regions, dtype=object)
    sec = np.asarray(sectors, dtype=object)
    if by == "destination":
        value = row.sum(axis=1)
        keep = np.flatnonzero(value != 0)
        top = row.argmax(axis=1)
        out = pd.DataFrame(
            {
                "destination": reg[keep],
                "value": value[keep],
                "buyers": (row[keep] > 0).sum(axis=1).astype(np.int64),
                "top_buyer_sector": sec[top[keep]],
                "top_buyer_value": row[keep, top[keep]],
            }
        )
    else:
        dest, buyer = np.nonzero(row)
        out = pd.DataFrame(
            {"destination": reg[dest], "buyer_sector": sec[buyer], "value": row[dest, buyer]}
        )
        if output is not None:
            x = np.asarray(output, dtype=float)
            if x.shape != (n,):
                raise InvalidInputError(f"'output' must have shape ({n},) (got {x.shape})")
            out["coefficient"] = out["value"] * _inverse(x[dest * S + buyer])
    out.insert(0, "exporter", exporter)
    out.insert(1, "sector", sector)
    out.insert(3, "destination_name", [rnames.get(d, d) for d in out["destination"]])
    if by == "industry":
        out.insert(5, "buyer_sector_name", [names.get(b, b) for b in out["buyer_sector"]])
    out = out.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
    at = out.columns.get_loc("value") + 1
    out.insert(at, "share", out["value"] / total if total else np.nan)
    out.insert(at + 1, "cumulative_share", out["share"].cumsum())
    text = [c for c in out.columns if out[c].dtype == object]
    out = out.astype(dict.fromkeys(text, "str"))
    out.attrs["total"] = total
    return out
