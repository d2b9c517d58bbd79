"""Structural paths of an :class:`IOSystem`: the sink vectors and the labelled path searches."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from gvc.analytics.io_linkages.table import INVENTORY_CATEGORY
from gvc.errors import InvalidInputError

if TYPE_CHECKING:
    from gvc.analytics.io_linkages.system import IOSystem


def enumerate_paths(
    system: IOSystem,
    search: Callable[..., tuple[pd.DataFrame, Any]],
    node: tuple[str, str] | str,
    anchor: str,
    target: str | None,
    kind: str,
    options: dict[str, object],
) -> tuple[pd.DataFrame, Any]:
    """Run a path search anchored at ``node`` (``anchor`` names it: start or end).

    Paths carry value added (weights ``v``) when the table has it, else gross output (weights
    1): ``paths.attrs["measure"]`` and ``graph.graph["measure"]`` say which.
    """
    r0, s0 = node_index(system, node, anchor)
    lab = system.labels
    names = [f"{a} {b}" for a, b in zip(lab["region"], lab["sector"], strict=True)]
    has_va = system.table.has_value_added
    weights = system.v_array if has_va else None
    if weights is None and anchor == "end":
        weights = np.ones(system.n)
    paths, graph = search(
        system.A_array,
        sink(system, target, kind),
        r0 * system.S + s0,
        weights=weights,
        labels=names,
        solver=system.solver,
        **options,
    )
    where = {name: i for i, name in enumerate(names)}
    for name, data in graph.nodes(data=True):
        i = where[name]
        data["region"] = lab["region"].iloc[i]
        data["sector"] = lab["sector"].iloc[i]
        data["sector_name"] = lab["sector_name"].iloc[i]
    measure = "value_added" if has_va else "gross_output"
    graph.graph.update(
        {anchor: names[r0 * system.S + s0], "target": target, "kind": kind, "measure": measure}
    )
    paths.attrs["measure"] = measure
    return paths, graph


def node_index(system: IOSystem, node: tuple[str, str] | str, name: str) -> tuple[int, int]:
    """Region and sector index of a (region, sector) or "REGION sector" parameter."""
    if isinstance(node, str):
        parts = node.replace(":", " ").split()
        if len(parts) != 2:
            raise InvalidInputError(
                f"'{name}' must be (region, sector) or 'REGION sector' (got {node!r})"
            )
        node = (parts[0], parts[1])
    return system.table.region_index(node[0]), system.table.sector_index(node[1])


#: Sinks of a path search: see :func:`sink`.
SINKS = ("exports", "final_demand", "intermediate_exports", "total_final_demand")


def sink(system: IOSystem, target: str | None, kind: str = "exports") -> np.ndarray:
    """Return the final vector of a path: a region's exports, a market's demand, or all demand.

    Parameters
    ----------
    target : str or None
        A region (not used by ``"total_final_demand"``).
    kind : {"exports", "final_demand", "intermediate_exports", "total_final_demand"}
        ``"exports"``: gross exports of ``target``'s sectors, zero elsewhere; ``"final_demand"``:
        final demand of market ``target`` for every country-sector, net of inventory changes;
        ``"intermediate_exports"``: intermediate sales of ``target``'s sectors to other regions
        of the table; ``"total_final_demand"``: final use of every country-sector net of
        inventory changes (for OECD ICIO here: final demand of every destination plus sales to
        the rest of the world). The first two need final demand by destination.

    Returns
    -------
    ndarray (n,)
    """
    if kind not in SINKS:
        raise InvalidInputError(f"'kind' must be one of {', '.join(SINKS)} (got {kind!r})")
    if kind == "total_final_demand":
        return system.y_array - system.inventories_array
    if target is None:
        raise InvalidInputError(f"kind {kind!r} needs a 'target' region (got None)")
    r = system.table.region_index(target)
    f = np.zeros(system.n)
    rows = system._rows(target)
    if kind == "intermediate_exports":
        f[rows] = system.exports_intermediate_array[rows].sum(axis=1)
        return f
    system.require(
        f"paths to {kind.replace('_', ' ')} of {target}"
        " (use kind='total_final_demand' or 'intermediate_exports')",
        final_by_destination=True,
    )
    if kind == "exports":
        f[rows] = system.e_array[rows]
    else:
        cats = [k for k, c in enumerate(system.table.categories) if c != INVENTORY_CATEGORY]
        f = system.table.Y[:, r, cats].sum(axis=1)
    return f
