"""MSE size classes and graduation under PP 7/2021 and the BPS worker bands (METHODS.md s.4).

Pure functions: they take the ``msme_size_definitions`` table and cluster or firm figures as
pandas objects and return DataFrames.

Classes
-------
- PP 7/2021 Pasal 35(3), business capital excluding land and buildings: micro <= IDR 1 bn,
  small <= 5 bn, medium <= 10 bn, large above.
- PP 7/2021 Pasal 35(5), annual sales: micro <= IDR 2 bn, small <= 15 bn, medium <= 50 bn,
  large above.
- BPS industrial statistics: micro 1-4 persons engaged, small 5-19, medium 20-99, large 100+.

"Graduation" is moving up one class; the gap is what a firm lacks to cross the next threshold
(IDR above the upper bound of its class, or the workers to reach the next band's lower bound).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gvc.errors import InvalidInputError
from gvc.i18n import Message, Number

CLASSES = ("micro", "small", "medium", "large")
#: criterion key -> (legal basis prefix, criterion prefix in ``msme_size_definitions``)
CRITERIA = {
    "sales": ("PP 7/2021", "hasil_penjualan_tahunan"),
    "capital": ("PP 7/2021", "modal_usaha"),
    "workers": ("BPS", "tenaga_kerja"),
}
BASIS_LABEL = {
    "sales": "PP 7/2021 annual sales (IDR)",
    "capital": "PP 7/2021 business capital (IDR)",
    "workers": "BPS persons engaged",
}


def thresholds(definitions: pd.DataFrame, criterion: str) -> pd.DataFrame:
    """Return the class bounds of one criterion.

    Parameters
    ----------
    definitions : DataFrame
        Table ``msme_size_definitions`` (legal_basis, criterion, size_class,
        lower_exclusive_idr, upper_inclusive_idr, lower_workers, upper_workers).
    criterion : {"sales", "capital", "workers"}
        Which criterion.

    Returns
    -------
    DataFrame
        Index size_class (micro, small, medium[, large]); columns lower, upper. For IDR
        criteria a value ``v`` is in the class when ``lower < v <= upper``; for workers when
        ``lower <= v <= upper``. Missing bounds are -inf/+inf; a ``large`` row (above medium)
        is added for the IDR criteria.
    """
    if criterion not in CRITERIA:
        raise InvalidInputError(
            f"'criterion' must be one of {', '.join(CRITERIA)} (got {criterion!r})"
        )
    basis, crit = CRITERIA[criterion]
    rows = definitions[
        definitions["legal_basis"].str.startswith(basis)
        & definitions["criterion"].str.startswith(crit)
    ]
    if rows.empty:
        raise InvalidInputError(f"no size definitions for {criterion!r} in the table given")
    if criterion == "workers":
        lo, hi = rows["lower_workers"], rows["upper_workers"]
    else:
        lo, hi = rows["lower_exclusive_idr"], rows["upper_inclusive_idr"]
    out = pd.DataFrame(
        {
            "lower": pd.to_numeric(lo).astype("float64").fillna(-np.inf).to_numpy(float),
            "upper": pd.to_numeric(hi).astype("float64").fillna(np.inf).to_numpy(float),
        },
        index=pd.Index(rows["size_class"].to_numpy(), name="size_class"),
    )
    if "large" not in out.index:
        out.loc["large"] = [float(out.loc["medium", "upper"]), np.inf]
    return out.reindex([c for c in CLASSES if c in out.index])


def classify(
    values: pd.Series | np.ndarray, bounds: pd.DataFrame, workers: bool = False
) -> np.ndarray:
    """Return the size class of each value (``None`` where the value is missing).

    ``bounds`` comes from :func:`thresholds`. IDR criteria use ``lower < v <= upper`` (PP 7/2021
    "lebih dari ... sampai dengan paling banyak ..."); workers use ``lower <= v < upper + 1`` so
    that a class average such as 4.5 persons stays micro. A worker count of 0 is put in micro.
    """
    v = np.asarray(values, dtype=float)
    out = np.full(v.shape, None, dtype=object)
    for cls, (lo, hi) in bounds.iterrows():
        # worker bands are whole persons: a class average such as 4.5 belongs below 5
        hit = (v >= lo) & (v < hi + 1) if workers else (v > lo) & (v <= hi)
        out[hit & np.isfinite(v)] = cls
    if workers:
        out[(v < bounds["lower"].iloc[0]) & np.isfinite(v)] = bounds.index[0]
    return out


def gap_to_next(
    values: pd.Series | np.ndarray, classes: np.ndarray, bounds: pd.DataFrame, workers: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Return (next class, gap) for each value.

    The gap is ``upper(class) - value`` for IDR criteria (the value must then rise above the
    upper bound, so the firm needs strictly more than the gap) and ``lower(next) - value`` for
    workers. Large firms have no next class (``None``, NaN).
    """
    v = np.asarray(values, dtype=float)
    order = list(bounds.index)
    nxt = np.full(v.shape, None, dtype=object)
    gap = np.full(v.shape, np.nan)
    for i, cls in enumerate(classes):
        if cls is None or cls == order[-1]:
            continue
        j = order.index(cls)
        nxt[i] = order[j + 1]
        if workers:
            gap[i] = bounds.loc[order[j + 1], "lower"] - v[i]
        else:
            gap[i] = bounds.loc[cls, "upper"] - v[i]
    return nxt, gap


def firm_graduation(firms: pd.DataFrame, definitions: pd.DataFrame) -> pd.DataFrame:
    """Classify per-firm records on the three criteria with their gap to the next class.

    Parameters
    ----------
    firms : DataFrame
        Columns firm_id and any of workers, annual_sales_idr, capital_idr.
    definitions : DataFrame
        Table ``msme_size_definitions``.

    Returns
    -------
    DataFrame
        firm_id, then per criterion c in (workers, sales, capital): class_c, next_c, gap_c.
        ``class_pp7`` is the higher of the sales and capital classes (PP 7/2021 uses either;
        for a firm established before PP 7/2021 sales decide, Pasal 35(5)).
    """
    out = pd.DataFrame({"firm_id": firms["firm_id"].to_numpy()})
    cols = {"workers": "workers", "sales": "annual_sales_idr", "capital": "capital_idr"}
    for crit, col in cols.items():
        b = thresholds(definitions, crit)
        vals = (
            pd.to_numeric(firms[col], errors="coerce")
            if col in firms
            else pd.Series(np.nan, index=firms.index)
        )
        cls = classify(vals, b, workers=crit == "workers")
        nxt, gap = gap_to_next(vals, cls, b, workers=crit == "workers")
        out[f"class_{crit}"] = pd.Series(cls, index=out.index, dtype=object)
        out[f"next_{crit}"] = pd.Series(nxt, index=out.index, dtype=object)
        out[f"gap_{crit}"] = gap
    rank = {c: i for i, c in enumerate(CLASSES)}

    def higher(a: object, b: object) -> object:
        known = [x for x in (a, b) if isinstance(x, str)]
        return max(known, key=lambda c: rank.get(c, -1)) if known else None

    out["class_pp7"] = pd.Series(
        [higher(a, b) for a, b in zip(out["class_sales"], out["class_capital"], strict=True)],
        index=out.index,
        dtype=object,
    )
    return out


def graduation_profile(
    cluster: dict, definitions: pd.DataFrame, firms: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return the distribution of a cluster's firms across size classes and the gap to the next.

    Parameters
    ----------
    cluster : dict
        One registry row (fields of :data:`gvc.clusters_registry.FIELDS`).
    definitions : DataFrame
        Table ``msme_size_definitions``.
    firms : DataFrame, optional
        The cluster's per-firm records; when given they decide the counts on every criterion.

    Returns
    -------
    DataFrame
        Columns basis, criterion, size_class, firms, share, next_class, threshold_next,
        gap, gap_unit, method, note. ``method`` says how a row was obtained: ``firm records``
        (per-firm classification; ``gap`` is the median gap of the class's firms), ``cluster
        counts`` (counts given in the registry; ``gap`` from the class's average firm, e.g.
        workers_micro / firms_micro) or ``unknown`` (no data on that criterion).
    """
    rows: list[dict] = []
    if firms is not None and not firms.empty:
        g = firm_graduation(firms, definitions)
        for crit in ("workers", "sales", "capital"):
            b = thresholds(definitions, crit)
            known = g[f"class_{crit}"].map(lambda v: isinstance(v, str))
            if not known.any():
                rows.append(_unknown(crit, Message("grad.note.no_records")))
                continue
            total = int(known.sum())
            for cls in b.index:
                sel = g[f"class_{crit}"] == cls
                n = int(sel.sum())
                nxt, thr, unit = _next(b, cls, crit)
                rows.append(
                    {
                        "basis": BASIS_LABEL[crit],
                        "criterion": crit,
                        "size_class": cls,
                        "firms": float(n),
                        "share": n / total if total else np.nan,
                        "next_class": nxt,
                        "threshold_next": thr,
                        "gap": float(g.loc[sel, f"gap_{crit}"].median()) if n and nxt else np.nan,
                        "gap_unit": unit,
                        "method": "firm records",
                        **_note(Message("grad.note.records", n=total, total=len(g))
                                if total < len(g) else None),
                    }
                )
        return pd.DataFrame(rows)
    basis = cluster.get("size_basis")
    counts = {c: cluster.get(f"firms_{c}") for c in CLASSES}
    have = {c: v for c, v in counts.items() if _num(v)}
    for crit in ("workers", "sales", "capital"):
        if basis != crit or not have:
            avg_note = _average_firm(cluster, crit, definitions)
            if avg_note is not None:
                rows.append(avg_note | {"basis": BASIS_LABEL[crit]})
                continue
            rows.append(
                _unknown(crit, Message("grad.note.no_registry"))
            )
            continue
        b = thresholds(definitions, crit)
        n_all = float(sum(float(str(v)) for v in have.values()))
        for cls in b.index:
            n = counts.get(cls)  # type: ignore[assignment]
            nxt, thr, unit = _next(b, cls, crit)
            gap = np.nan
            note = None
            if crit == "workers" and _num(n) and n and _num(cluster.get(f"workers_{cls}")) and nxt:
                avg = float(cluster[f"workers_{cls}"]) / float(n)
                gap = float(b.loc[nxt, "lower"]) - avg
                note = Message("grad.note.average_firm", avg=Number(avg, 2))
            rows.append(
                {
                    "basis": BASIS_LABEL[crit],
                    "criterion": crit,
                    "size_class": cls,
                    "firms": float(n) if _num(n) else np.nan,
                    "share": float(n) / n_all if _num(n) and n_all else np.nan,
                    "next_class": nxt,
                    "threshold_next": thr,
                    "gap": gap,
                    "gap_unit": unit,
                    "method": "cluster counts" if _num(n) else "unknown",
                    **_note(note),
                }
            )
    return pd.DataFrame(rows)


def _num(v: object) -> bool:
    return v is not None and not (isinstance(v, float) and np.isnan(v))


def _next(b: pd.DataFrame, cls: str, crit: str) -> tuple[object, float, str]:
    order = list(b.index)
    j = order.index(cls)
    if j == len(order) - 1:
        return None, np.nan, "persons" if crit == "workers" else "IDR"
    nxt = order[j + 1]
    thr = float(b.loc[nxt, "lower"]) if crit == "workers" else float(b.loc[cls, "upper"])
    return nxt, thr, "persons" if crit == "workers" else "IDR"


def _note(message: Message | None) -> dict[str, str]:
    """Return the note of a row in English (``note``) and Indonesian (``note_id``)."""
    if message is None:
        return {"note": "", "note_id": ""}
    return {"note": message.text("en"), "note_id": message.text("id")}


def _unknown(crit: str, why: Message) -> dict:
    return {
        "basis": BASIS_LABEL[crit],
        "criterion": crit,
        "size_class": None,
        "firms": np.nan,
        "share": np.nan,
        "next_class": None,
        "threshold_next": np.nan,
        "gap": np.nan,
        "gap_unit": "persons" if crit == "workers" else "IDR",
        "method": "unknown",
        **_note(why),
    }


def _average_firm(cluster: dict, crit: str, definitions: pd.DataFrame) -> dict | None:
    """Return a row for the cluster's average firm when only totals are known."""
    col = {"workers": "workers", "sales": "annual_sales_idr", "capital": "capital_idr"}[crit]
    total, n = cluster.get(col), cluster.get("firms_total")
    if not (_num(total) and _num(n) and n):
        return None
    avg = float(total) / float(n)  # type: ignore[arg-type]
    b = thresholds(definitions, crit)
    cls = classify(np.array([avg]), b, crit == "workers")
    nxt, gap = gap_to_next(np.array([avg]), cls, b, crit == "workers")
    _, thr, _ = _next(b, cls[0], crit) if cls[0] is not None else (None, np.nan, "")
    return {
        "criterion": crit,
        "size_class": cls[0],
        "firms": float(n),
        "share": np.nan,
        "next_class": nxt[0],
        "threshold_next": thr,
        "gap": float(gap[0]),
        "gap_unit": "persons" if crit == "workers" else "IDR",
        "method": "cluster average",
        **_note(Message("grad.note.average_class", col=col, avg=Number(avg, 2))),
    }


def average_firm_class(cluster: dict, definitions: pd.DataFrame) -> dict[str, object]:
    """Class of the cluster's average firm on each criterion with a total (None if unknown)."""
    out: dict[str, object] = {}
    n = cluster.get("firms_total")
    for crit, col in (
        ("workers", "workers"),
        ("sales", "annual_sales_idr"),
        ("capital", "capital_idr"),
    ):
        total = cluster.get(col)
        if _num(total) and _num(n) and n:
            b = thresholds(definitions, crit)
            avg = float(total) / float(n)  # type: ignore[arg-type]
            out[crit] = classify(np.array([avg]), b, crit == "workers")[0]
        else:
            out[crit] = None
    return out
