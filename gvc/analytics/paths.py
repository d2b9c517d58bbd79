"""Structural path analysis: the largest value chains from one country-sector to a final sink.

``L = I + A + A^2 + ...`` so the value added of sector ``s`` embodied in a final vector ``f``,
``v_s (L f)_s``, is the sum over all paths ``s = s_0 -> s_1 -> ... -> s_k`` of
``v_s a_{s_0 s_1} ... a_{s_{k-1} s_k} f_{s_k}`` (``a_ij``: input from i per unit of output of j,
so a path runs from supplier to user). The paths are enumerated best first from the start node:
a priority queue holds partial paths ordered by the bound ``acc * (L f)_j`` (the accumulated
product times the total requirement of the node), which is the value of every path that extends
the partial one; a branch is pruned when its bound is below the relative cutoff or below the
smallest of the ``top`` paths already found. The n^depth expansion is never formed.

This is the start-anchored, downstream form of the bound ``acc * (v L)_j`` that Lenzen &
Crawford use for sink-anchored (upstream) enumeration: here the start is fixed and the sink is a
vector, so ``L f`` plays the role of ``v L``.

References
----------
Defourny, J. & Thorbecke, E. (1984). Structural path analysis and multiplier decomposition within
a social accounting matrix framework. Economic Journal 94, 111-136.
Lenzen, M. & Crawford, R. (2009). The path exchange method for hybrid LCA. Environmental Science
& Technology 43(21), 8251-8256.
"""

from __future__ import annotations

import heapq
import itertools
import warnings
from collections.abc import Sequence

import networkx as nx
import numpy as np
import pandas as pd

from gvc.analytics.leontief import LeontiefSolver
from gvc.errors import InvalidInputError


def structural_paths(
    A: np.ndarray,
    f: np.ndarray,
    start: int,
    weights: np.ndarray | None = None,
    labels: Sequence[str] | None = None,
    solver: LeontiefSolver | None = None,
    top: int | None = 100,
    cutoff: float = 1e-4,
    max_depth: int = 8,
    max_expansions: int = 1_000_000,
    max_nodes: int = 5_000_000,
) -> tuple[pd.DataFrame, nx.DiGraph]:
    """Enumerate the largest paths from ``start`` to the final vector ``f``, best first.

    Parameters
    ----------
    A : ndarray (n, n)
        Technical coefficients (negative entries, which only arise from negative output in a
        rounded table, are treated as zero).
    f : ndarray (n,)
        The sink: final demand of a market or gross exports of a region (negative entries, e.g.
        inventory draw-downs, are treated as zero with a warning).
    start : int
        Index of the start country-sector.
    weights : ndarray (n,), optional
        Weight of the start node, normally value-added coefficients ``v``; default 1 (gross
        output paths).
    labels : sequence of str, optional
        Node names; default the indices as text.
    solver : LeontiefSolver, optional
        Factorisation of ``I - A`` to reuse; built when absent.
    top : int or None
        Return at most this many paths (the largest); None for every path above the cutoff.
    cutoff : float
        Relative cutoff: paths (and branches) worth less than ``cutoff * total`` are dropped.
    max_depth : int
        Maximum number of edges in a path.
    max_expansions : int
        Safety limit on the number of partial paths expanded.
    max_nodes : int
        Safety limit on the number of partial paths held (memory).

    Returns
    -------
    paths : DataFrame
        Columns rank, value, share (of the total ``w_s (L f)_s``), cumulative_share, depth
        (edges), start, end, path ("A -> B -> C"); largest first. ``paths.attrs`` holds total,
        enumerated (sum of values), expansions and complete (False when ``max_expansions`` or
        ``max_nodes`` ended the search early; the paths returned are then the best found).
    graph : networkx.DiGraph
        Nodes are the country-sectors on the paths (attribute ``ends``: value of paths ending
        there); edges carry ``value``, the sum of the values of the paths using them.
    """
    A = np.asarray(A, dtype=float)
    n = A.shape[0]
    if A.shape != (n, n) or np.shape(f) != (n,):
        raise InvalidInputError(
            f"'A' must be n x n and 'f' of length n (got {A.shape}, {np.shape(f)})"
        )
    if not 0 <= int(start) < n:
        raise InvalidInputError(f"'start' must be an index in 0..{n - 1} (got {start})")
    if not 0 <= cutoff < 1:
        raise InvalidInputError(f"'cutoff' must be in [0, 1) (got {cutoff})")
    if top is not None and top < 1:
        raise InvalidInputError(f"'top' must be a positive number or None (got {top})")
    if max_depth < 0:
        raise InvalidInputError(f"'max_depth' must be >= 0 (got {max_depth})")
    f = np.asarray(f, dtype=float)
    if (f < 0).any():
        warnings.warn(
            f"structural_paths: {(f < 0).sum()} negative entries of the final vector set to 0",
            stacklevel=2,
        )
        f = np.clip(f, 0.0, None)
    if (A < 0).any():
        A = np.clip(A, 0.0, None)
        solver = None
    if solver is None:
        solver = LeontiefSolver(A)
    labels = [str(i) for i in range(n)] if labels is None else list(labels)
    w0 = 1.0 if weights is None else float(weights[start])
    lf = solver.right(f)
    lf = np.maximum(lf, 0.0)  # guard against round-off below zero
    total = w0 * lf[start]
    threshold = cutoff * total

    found: list[tuple[float, int]] = []  # min-heap of (value, node id) of the best paths
    nodes: list[tuple[int, int]] = []  # (country-sector, parent id) of every partial path
    counter = itertools.count()
    queue: list[tuple[float, int, int, float, int]] = []  # (-bound, tie, id, acc, depth)
    expansions = 0
    complete = True
    if total > 0:
        nodes.append((int(start), -1))
        queue.append((-total, next(counter), 0, w0, 0))
    while queue:
        neg_bound, _, pid, acc, depth = heapq.heappop(queue)
        floor = threshold
        if top is not None and len(found) >= top:
            floor = max(floor, found[0][0])
        if -neg_bound < floor or -neg_bound <= 0:
            break
        if expansions >= max_expansions:
            complete = False
            break
        expansions += 1
        j = nodes[pid][0]
        value = acc * f[j]
        if value > 0 and value >= floor:
            if top is not None and len(found) >= top:
                heapq.heapreplace(found, (value, pid))
            else:
                heapq.heappush(found, (value, pid))
        if depth >= max_depth:
            continue
        child_acc = acc * A[j]
        child_bound = child_acc * lf
        if top is not None and len(found) >= top:
            floor = max(floor, found[0][0])
        hits = np.flatnonzero((child_bound >= floor) & (child_bound > 0))
        if len(nodes) + hits.size > max_nodes:
            complete = False
            break
        for k in hits:
            nodes.append((int(k), pid))
            heapq.heappush(
                queue, (-child_bound[k], next(counter), len(nodes) - 1, child_acc[k], depth + 1)
            )

    def walk(pid: int) -> list[int]:
        seq = []
        while pid >= 0:
            seq.append(nodes[pid][0])
            pid = nodes[pid][1]
        return seq[::-1]

    best = sorted(found, key=lambda t: -t[0])
    seqs = [walk(pid) for _, pid in best]
    values = np.array([v for v, _ in best], dtype=float)
    out = pd.DataFrame(
        {
            "rank": np.arange(1, len(best) + 1, dtype=np.int64),
            "value": values,
            "share": values / total if total > 0 else values * np.nan,
            "depth": np.array([len(s) - 1 for s in seqs], dtype=np.int64),
            "start": pd.array([labels[s[0]] for s in seqs], dtype="str"),
            "end": pd.array([labels[s[-1]] for s in seqs], dtype="str"),
            "path": pd.array([" -> ".join(labels[i] for i in s) for s in seqs], dtype="str"),
        }
    )
    out.insert(3, "cumulative_share", out["share"].cumsum())
    out.attrs.update(
        {
            "total": float(total),
            "enumerated": float(values.sum()),
            "expansions": expansions,
            "complete": complete,
        }
    )

    graph: nx.DiGraph = nx.DiGraph(total=float(total))
    for value, seq in zip(values, seqs, strict=True):
        for i in seq:
            if labels[i] not in graph:
                graph.add_node(labels[i], ends=0.0)
        graph.nodes[labels[seq[-1]]]["ends"] += float(value)
        for a, b in itertools.pairwise(seq):
            u, v = labels[a], labels[b]
            if graph.has_edge(u, v):
                graph[u][v]["value"] += float(value)
            else:
                graph.add_edge(u, v, value=float(value))
    return out, graph


class _TransposedSolver:
    """``(I - A')^-1 b`` for ``A' = A^T`` from a factorisation of ``I - A`` (a left solve)."""

    def __init__(self, solver: LeontiefSolver):
        self._solver = solver

    def right(self, b: np.ndarray) -> np.ndarray:
        return self._solver.left(b)


def supplier_paths(
    A: np.ndarray,
    f: np.ndarray,
    end: int,
    weights: np.ndarray,
    labels: Sequence[str] | None = None,
    solver: LeontiefSolver | None = None,
    **options: object,
) -> tuple[pd.DataFrame, nx.DiGraph]:
    """Enumerate the largest paths that end at country-sector ``end``, from any origin, best first.

    The value of a path ``i -> k_1 -> ... -> end`` (supplier to user) is
    ``w_i a_{i,k_1} ... a_{k_m,end} f_end``: value added of origin ``i`` (``w = v``) embodied in
    what ``end`` sells to the final vector ``f`` through that chain. Their sum over all paths is
    ``(w L)_end f_end`` (``f_end`` itself when ``w`` are the value-added coefficients of a complete
    table, since ``v L = 1``). These are the paths of :func:`structural_paths` from ``end`` in the
    transposed system (``A^T``, start weight ``f_end``, final vector ``w``), read backwards; the
    search, cutoffs and limits are the same (``options``).

    Returns
    -------
    paths : DataFrame
        As :func:`structural_paths`: rank, value, share (of the total), cumulative_share, depth,
        start (the origin), end (always ``end``), path ("origin -> ... -> end").
    graph : networkx.DiGraph
        Edges supplier -> user with ``value``; node attribute ``starts``: value of the paths that
        start there.
    """
    A = np.asarray(A, dtype=float)
    f = np.asarray(f, dtype=float)
    n = A.shape[0]
    if A.shape != (n, n) or f.shape != (n,) or np.shape(weights) != (n,):
        raise InvalidInputError(
            f"'A' must be n x n and 'f' and 'weights' of length n "
            f"(got {A.shape}, {f.shape}, {np.shape(weights)})"
        )
    if not 0 <= int(end) < n:
        raise InvalidInputError(f"'end' must be an index in 0..{n - 1} (got {end})")
    w = np.asarray(weights, dtype=float)
    if (w < 0).any():  # e.g. a sector with negative output in a rounded table
        warnings.warn(
            f"supplier_paths: {(w < 0).sum()} negative weights (value-added coefficients) set to"
            " 0: those origins start no path",
            stacklevel=3,
        )
        w = np.clip(w, 0.0, None)
    start_weight = np.zeros(n)
    start_weight[int(end)] = max(float(f[int(end)]), 0.0)
    back, rgraph = structural_paths(
        A.T,
        w,
        int(end),
        weights=start_weight,
        labels=labels,
        solver=_TransposedSolver(solver) if solver is not None else None,  # type: ignore[arg-type]
        **options,  # type: ignore[arg-type]
    )
    out = back.copy()
    out["start"], out["end"] = back["end"], back["start"]
    out["path"] = pd.array(
        [" -> ".join(reversed(p.split(" -> "))) for p in back["path"]], dtype="str"
    )
    out.attrs.update(back.attrs)
    graph = rgraph.reverse(copy=True)
    for _, data in graph.nodes(data=True):
        data["starts"] = data.pop("ends", 0.0)
    return out, graph
