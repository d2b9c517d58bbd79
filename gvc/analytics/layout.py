"""Drawing layouts for graphs (no analytics: positions for a picture only)."""

from __future__ import annotations

import math

import networkx as nx


def radial_tree_layout(g: nx.Graph, tree_edges: list[tuple[str, str]]) -> dict[str, tuple]:
    """Place the nodes of a spanning tree (forest) on rings: a drawing layout, not an analytic.

    The root is the node of highest tree degree; a node's radius is its depth and its angle the
    middle of a sector proportional to its number of leaves. Runs in O(n), unlike force layouts
    (about 15 s for the 1,239-node product space on this machine).
    """
    tree: nx.Graph = nx.Graph()
    tree.add_nodes_from(g.nodes)
    tree.add_edges_from(tree_edges)
    comps = sorted(nx.connected_components(tree), key=len, reverse=True)
    hub = "__root__"
    for comp in comps:
        root = max(comp, key=lambda n: (tree.degree(n), str(n)))
        tree.add_edge(hub, root)
    children: dict[str, list[str]] = {}
    depth = {hub: 0}
    for parent, child in nx.bfs_edges(tree, hub):
        children.setdefault(parent, []).append(child)
        depth[child] = depth[parent] + 1
    leaves: dict[str, int] = {}
    for node in nx.dfs_postorder_nodes(tree, hub):
        kids = children.get(node, [])
        leaves[node] = sum(leaves[k] for k in kids) if kids else 1
    pos: dict[str, tuple] = {}
    stack = [(hub, 0.0, 2 * math.pi)]
    while stack:
        node, lo, hi = stack.pop()
        mid = (lo + hi) / 2
        r = float(depth[node])
        pos[node] = (r * math.cos(mid), r * math.sin(mid))
        start = lo
        for kid in sorted(children.get(node, []), key=str):
            span = (hi - lo) * leaves[kid] / leaves[node]
            stack.append((kid, start, start + span))
            start += span
    pos.pop(hub)
    return pos
