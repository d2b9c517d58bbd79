"""The product space graph: maximum spanning tree plus strong links, with a layout."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse.csgraph import minimum_spanning_tree

from gvc.errors import InvalidInputError

# --------------------------------------------------------------------------------------------------
# The product space graph
# --------------------------------------------------------------------------------------------------


def product_space_graph(
    phi: np.ndarray,
    products: Sequence | pd.Index,
    nodes: pd.DataFrame | None = None,
    min_proximity: float | None = 0.55,
    max_extra_edges: int | None = None,
) -> nx.Graph:
    """Build the product space as the Atlas draws it: spanning tree plus the strongest links.

    The backbone is the maximum spanning tree (forest, if some products have no link) of the
    proximity network (Hidalgo et al. 2007). To it are added the strongest remaining links: all with
    proximity >= ``min_proximity`` (0.55 in Hidalgo et al. 2007), at most ``max_extra_edges`` of
    them when given (strongest first). The tree is found with scipy's minimum spanning tree on
    ``2 - phi`` (the same tree as ``networkx.maximum_spanning_tree`` on ``phi``, far faster on
    thousands of nodes); the result is a networkx graph.

    Parameters
    ----------
    phi : ndarray
        Symmetric proximity matrix (asymmetric input is symmetrised with the minimum).
    products : sequence
        Node labels, in the order of ``phi``.
    nodes : DataFrame, optional
        Node attributes indexed by product (e.g. pci, world_trade, rca, description).
    min_proximity : float, optional
        Threshold for the extra links; None adds none unless ``max_extra_edges`` is set.
    max_extra_edges : int, optional
        Cap on the number of extra links.

    Returns
    -------
    networkx.Graph
        Nodes carry the attributes of ``nodes``; edges carry ``proximity`` and ``backbone`` (True
        for tree edges).
    """
    phi = np.asarray(phi, dtype=float)
    labels = list(products)
    n = len(labels)
    if phi.shape != (n, n):
        msg = f"proximity must be {n} x {n} to match the products (got {phi.shape})"
        raise InvalidInputError(msg)
    sym = np.minimum(phi, phi.T)
    np.nan_to_num(sym, copy=False, nan=0.0)
    weights = np.where(sym > 0, 2.0 - sym, 0.0)
    np.fill_diagonal(weights, 0.0)
    tree = minimum_spanning_tree(weights).tocoo()
    g: nx.Graph = nx.Graph()
    g.add_nodes_from(labels)
    if nodes is not None:
        attrs = nodes.reindex(labels)
        for col in attrs.columns:
            nx.set_node_attributes(g, dict(zip(labels, attrs[col].tolist(), strict=True)), col)
    in_tree = np.zeros((n, n), dtype=bool)
    for i, j in zip(tree.row, tree.col, strict=True):
        g.add_edge(labels[i], labels[j], proximity=float(sym[i, j]), backbone=True)
        in_tree[i, j] = in_tree[j, i] = True
    if min_proximity is not None or max_extra_edges is not None:
        iu, ju = np.triu_indices(n, k=1)
        vals = sym[iu, ju]
        ok = ~in_tree[iu, ju] & (vals > 0)
        if min_proximity is not None:
            ok &= vals >= min_proximity
        iu, ju, vals = iu[ok], ju[ok], vals[ok]
        order = np.lexsort((ju, iu, -vals))
        if max_extra_edges is not None:
            order = order[: max(int(max_extra_edges), 0)]
        for k in order:
            g.add_edge(labels[iu[k]], labels[ju[k]], proximity=float(vals[k]), backbone=False)
    return g
