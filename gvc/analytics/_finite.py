"""The check every pure analytics entry point runs on its numbers: finite, or a clear error."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gvc.errors import InvalidInputError

#: How many offending cells an error message lists.
SHOWN = 3


def require_finite(values: np.ndarray, what: str, where: Callable[[int], str]) -> None:
    """Raise InvalidInputError when ``values`` holds NaN or an infinity, naming where.

    Parameters
    ----------
    values : ndarray
        Any shape; read flat (C order).
    what : str
        What the values are, e.g. ``"column 'export_value'"`` or ``"IO table 'Z'"``.
    where : callable
        Flat position -> a label of that cell (country, product, sector, row), e.g.
        ``"location 'IDN', product '0901'"``.

    Raises
    ------
    InvalidInputError
        Naming up to three cells, the values that arrived and how many there are in all.
    """
    flat = np.asarray(values).ravel()
    if flat.dtype.kind not in "fc":
        return
    bad = ~np.isfinite(flat)
    if not bad.any():
        return
    idx = np.flatnonzero(bad)
    cells = "; ".join(f"{where(int(i))} = {float(flat[i].real)!r}" for i in idx[:SHOWN])
    more = f" (and {idx.size - SHOWN} more)" if idx.size > SHOWN else ""
    raise InvalidInputError(
        f"{what} must hold finite numbers: got {cells}{more}; "
        "fix or drop these cells (a missing flow is 0, not NaN)"
    )
