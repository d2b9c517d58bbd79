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
    target: str,
    kind: str,
    options: dict[str, object],
) -> tuple[pd.DataFrame, Any]:
    """Run a path search anchored at ``node`` (``anchor`` names it: start or end)."""
    r0, s0 = node_index(system, node, anchor)
    lab = system.labels
    names = [f"{a} {b}" for a, b in zip(lab["region"], lab["sector"], strict=True)]
    paths, graph = search(
        system.A_array,
        sink(system, target, kind),
        r0 * system.S + s0,
        weights=system.v_array,
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
    graph.graph.update({anchor: names[r0 * system.S + s0], "target": target, "kind": kind})
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


def sink(system: IOSystem, target: str, kind: str = "exports") -> np.ndarray:
    """Return the final vector of a path: a region's gross exports or a market's demand.

    Returns
    -------
    ndarray (n,)
        ``"exports"``: gross exports of ``target``'s sectors, zero elsewhere;
        ``"final_demand"``: final demand of market ``target`` for every country-sector, net
        of inventory changes.
    """
    r = system.table.region_index(target)
    f = np.zeros(system.n)
    if kind == "exports":
        rows = system._rows(target)
        f[rows] = system.e_array[rows]
    elif kind == "final_demand":
        cats = [k for k, c in enumerate(system.table.categories) if c != INVENTORY_CATEGORY]
        f = system.table.Y[:, r, cats].sum(axis=1)
    else:
        raise InvalidInputError(f"'kind' must be 'exports' or 'final_demand' (got {kind!r})")
    return f
