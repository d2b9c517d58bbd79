"""Products related to what a cluster makes (issue 15.1), with the components that relate them.

See :mod:`gvc.analytics.relatedness` for the formula and ``docs/clusters.md`` for its basis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gvc import i18n
from gvc.analytics import relatedness as rel
from gvc.analytics.readiness import _codes
from gvc.errors import InvalidInputError, UnknownCodeError
from gvc.opportunity.context import Context, get_context
from gvc.registry.kbli import description, kbli_table, resolve, siblings

if TYPE_CHECKING:  # pragma: no cover
    from gvc.api import Gvc


def cluster_isic(ctx: Context, made: Sequence[str], kbli: object, data_dir: object) -> list[str]:
    """Return the cluster's ISIC Rev.4 activities: its KBLI/ISIC codes, its products' main class."""
    out: list[str] = []
    for c in _codes(kbli):
        try:
            out.append(resolve(c, data_dir).isic4)  # type: ignore[arg-type]
        except UnknownCodeError:
            continue
    for h in made:
        main = str(ctx.products.loc[h, "isic4_main"])
        if main:
            out.append(main)
    return list(dict.fromkeys(out))


def kbli_titles(codes: Iterable[object], data_dir: object) -> dict[str, str]:
    """Return the Indonesian KBLI 2020 title of each code that is a KBLI code."""
    table = kbli_table(data_dir)  # type: ignore[arg-type]
    return {str(c): table.loc[str(c), "title_id"] for c in codes if str(c) in table.index}


def activity_texts(kbli: object, data_dir: object) -> dict[str, str]:
    """Return BPS's Indonesian description of each of the cluster's KBLI 2020 codes that has one."""
    out = {}
    for c in _codes(kbli):
        text = description(c, data_dir)  # type: ignore[arg-type]
        if text:
            out[c] = text
    return out


def sibling_classes(
    ctx: Context, made: Sequence[str], kbli: Sequence[str], data_dir: object
) -> np.ndarray:
    """Return per product the other national class of the cluster's ISIC class it lies in.

    KBLI 2020 splits some ISIC Rev.4 classes into 5-digit classes (ISIC 2029: glues,
    explosives, inks, essential oils, matches, essential-oil derivatives, other). For each of
    the cluster's 5-digit codes whose class is split, a product of that ISIC class is placed in
    the 5-digit class whose BPS title and description fit its BTKI text best
    (:func:`gvc.analytics.relatedness.national_classes`). The cluster's own classes are its
    codes and the classes its products are placed in; any other is returned (``''`` for none).
    """
    P = ctx.products
    model = ctx.descriptions_id
    out = np.full(len(P), "", dtype=object)
    if model is None:
        return out
    table = kbli_table(data_dir)  # type: ignore[arg-type]
    mains = P["isic4_main"].astype(str).to_numpy()
    for c in kbli:
        kids = siblings(c, data_dir)  # type: ignore[arg-type]
        if not kids:
            continue
        sims = np.vstack([model.similarity_to(description(k, data_dir)) for k in kids])  # type: ignore[arg-type]
        named = np.vstack([model.similarity_to(table.loc[k, "title_id"]) > 0 for k in kids])
        placed = rel.national_classes(sims, named, kids, mains == table.loc[c, "isic4"])
        own = set(kbli) | {placed[ctx.index[h]] for h in made if h in ctx.index}
        other = (placed != "") & ~np.isin(placed, list(own)) & (out == "")
        out[other] = placed[other]
    return out


def cluster_relatedness(
    ctx: Context,
    made: Sequence[str],
    activities: Sequence[str],
    weights: Mapping[str, float] | None = None,
    activity_texts: Mapping[str, str] | None = None,
    data_dir: object | None = None,
) -> pd.DataFrame:
    """Relatedness of every product of the context to the cluster's products and activities.

    Returns
    -------
    DataFrame
        Indexed by HS4 like ``ctx.products``: relatedness, nearest_product, product_space,
        inputs, hierarchy, description, activity and the ``*_part`` contributions (see
        :func:`gvc.analytics.relatedness.relatedness`), activity_class, activity_text and
        activity_code (the KBLI code whose description names the product best) and
        activity_sibling (the 5-digit KBLI class, other than the cluster's, that KBLI 2020
        puts a product of the cluster's ISIC class in; see :func:`sibling_classes`). Made
        products get relatedness 1. ``activity`` is the mean of activity_class and
        activity_text when ``activity_texts`` (KBLI code -> BPS description) is given, else
        activity_class.
    """
    P = ctx.products
    if not made:
        raise InvalidInputError("relatedness needs at least one product the cluster makes")
    idx = ctx.index
    bi = [idx[h] for h in made]
    phi = ctx.phi[:, bi]
    sec = P["sector"].to_numpy()
    sim = ctx.input_similarity
    if sim is None:
        inputs = np.zeros_like(phi)
    else:
        pos = {s: i for i, s in enumerate(sim.index)}
        m = sim.to_numpy()
        ci = np.array([pos.get(s, -1) if isinstance(s, str) else -1 for s in sec])
        mi = ci[bi]
        inputs = np.where(
            (ci[:, None] >= 0) & (mi[None, :] >= 0), m[np.maximum(ci, 0)][:, np.maximum(mi, 0)], 0.0
        )
    hier = rel.hierarchy_similarity(list(P.index), list(made))
    prod_isic = [[str(v)] if v else [] for v in P["isic4_main"]]
    level = rel.activity_similarity(prod_isic, activities)
    sibling = np.full(len(P), "", dtype=object)
    if activity_texts and data_dir is not None:
        sibling = sibling_classes(ctx, made, list(activity_texts), data_dir)
        # a good of another national class of the cluster's ISIC class counts as a sibling
        # class of the same group would (2/3), not as the cluster's own class (1)
        level = np.where((sibling != "") & (level == 1.0), 2 / 3, level)
    named = np.zeros(len(P))
    code = np.full(len(P), "", dtype=object)
    model = ctx.descriptions_id
    if activity_texts and model is not None:
        codes = list(activity_texts)
        sims = np.vstack([model.similarity_to(activity_texts[c]) for c in codes])
        code = np.array(codes, dtype=object)[sims.argmax(axis=0)]
        named = rel.activity_description(sims.max(axis=0), list(P["isic4_main"]), activities)
        code = np.where(named > 0, code, "")
        act = (level + named) / 2
    else:
        act = level
    texts = ctx.descriptions
    desc = None if texts is None else texts.similarity(range(len(P)), bi)
    out = rel.relatedness(phi, inputs, hier, act, weights, description=desc)
    out.index = P.index
    out["activity_class"] = level
    out["activity_text"] = named
    out["activity_code"] = code
    out["activity_sibling"] = sibling
    out["nearest_product"] = [made[j] for j in out.pop("nearest")]
    out.loc[list(made), "relatedness"] = 1.0
    return out


def components_text(
    r: Mapping[str, object],
    ctx: Context,
    lang: str = "en",
    texts_of: Mapping[str, str] | None = None,
    titles_of: Mapping[str, str] | None = None,
) -> str:
    """Say which components made a product related, largest contribution first.

    The phrases are the catalog's ``rel.*`` messages; numbers are written as ``lang`` does.
    ``texts_of`` (KBLI code -> description) lets it name the words a KBLI description shares
    with the product; ``titles_of`` (KBLI code -> title, :func:`kbli_titles`) names the
    national class of an ``activity_sibling``.
    """

    def say(key: str, **fmt: object) -> str:
        return i18n.text(f"rel.{key}", lang, **fmt)

    def num(v: float) -> str:
        return i18n.number(v, lang, 2)

    near = str(r["nearest_product"])
    parts: list[tuple[float, str]] = []
    h = float(r["hierarchy"])  # type: ignore[arg-type]
    if h > 0:
        if h == 1.0:
            txt = say("chapter", chapter=near[:2])
        else:
            txt = say("section", section=rel.hs_section(near))
        parts.append((float(r["hierarchy_part"]), txt))  # type: ignore[arg-type]
    i = float(r["inputs"])  # type: ignore[arg-type]
    if i > 0:
        parts.append((float(r["inputs_part"]), say("inputs", value=num(i), table=ctx.io_table)))  # type: ignore[arg-type]
    d = float(r.get("description", 0.0))  # type: ignore[arg-type]
    if d > 0 and ctx.descriptions is not None:
        idx = ctx.index
        words = ctx.descriptions.shared_words(idx[str(r["hs4"])], idx[near])
        said = ", ".join(f"'{w}'" for w in words)
        parts.append((float(r["description_part"]), say("words", words=said, value=num(d))))  # type: ignore[arg-type]
    p = float(r["product_space"])  # type: ignore[arg-type]
    if p > 0:
        parts.append((float(r["product_space_part"]), say("product_space", value=num(p))))  # type: ignore[arg-type]
    a = float(r.get("activity_class", r["activity"]))  # type: ignore[arg-type]
    t = float(r.get("activity_text", 0.0))  # type: ignore[arg-type]
    share = float(r["activity_part"]) / (a + t) if a + t > 0 else 0.0  # type: ignore[arg-type]
    sib = str(r.get("activity_sibling") or "")
    if a > 0 and sib:
        title = (titles_of or {}).get(sib, "")
        parts.append((share * a, say("activity_sibling", code=f"{sib} {title}".strip())))
    elif a > 0:
        levels = {1.0: "class", 2 / 3: "group", 1 / 3: "division"}
        level = next((v for k, v in levels.items() if abs(k - a) < 1e-9), "level")
        parts.append((share * a, say(f"activity_{level}")))
    code = str(r.get("activity_code") or "")
    if t > 0 and code and ctx.descriptions_id is not None and texts_of is not None:
        words = ctx.descriptions_id.words_shared_with(texts_of[code], ctx.index[str(r["hs4"])])
        said = ", ".join(f"'{w}'" for w in words)
        parts.append((share * t, say("activity_words", code=code, words=said)))
    parts.sort(key=lambda t: -t[0])
    return ", ".join(t for _, t in parts) or say("none")


def adjacent_products(
    con: Gvc,
    cluster: Mapping[str, object],
    top: int = 20,
    relatedness_weights: Mapping[str, float] | None = None,
    **context_options: object,
) -> pd.DataFrame:
    """Return the products most related to what a cluster makes (the adjacent candidates).

    Parameters
    ----------
    con : Gvc
        The database.
    cluster : mapping
        A registry row; ``hs_products`` must name at least one HS92 heading.
    top : int
        How many products to return (most related first; made products left out).
    relatedness_weights : mapping, optional
        Component weights (:data:`gvc.analytics.relatedness.DEFAULT_WEIGHTS`).
    **context_options
        Passed to :func:`gvc.opportunity.context.build_context` (``io_table``, ``io_year``, ...).

    Returns
    -------
    DataFrame
        rank, hs4, product, relatedness, nearest_product, product_space, inputs, hierarchy,
        description, activity, their ``*_part`` contributions, components (en) and components_id.
    """
    from gvc.opportunity.rank import cluster_products

    ctx = get_context(con, **context_options)  # type: ignore[arg-type]
    made, _ = cluster_products(ctx, cluster.get("hs_products"))
    if not made:
        raise InvalidInputError(
            f"cluster {cluster.get('cluster_id')!r}: 'hs_products' names no HS92 heading; "
            "adjacent products need what the cluster makes"
        )
    acts = cluster_isic(ctx, made, cluster.get("kbli"), con.data_dir)
    kt = activity_texts(cluster.get("kbli"), con.data_dir)
    R = cluster_relatedness(
        ctx, made, acts, relatedness_weights, activity_texts=kt, data_dir=con.data_dir
    )
    R = R.drop(index=list(made)).sort_values("relatedness", ascending=False, kind="stable")
    R = R.head(int(top)).copy()
    R.insert(0, "product", ctx.products.loc[R.index, "description"])
    R.insert(0, "hs4", R.index)
    R.insert(0, "rank", np.arange(1, len(R) + 1))
    recs = R.to_dict("records")
    names = kbli_titles(set(R["activity_sibling"]) - {""}, con.data_dir)
    R["components"] = [components_text(r, ctx, "en", kt, names) for r in recs]
    R["components_id"] = [components_text(r, ctx, "id", kt, names) for r in recs]
    R.attrs = {"made": made, "activities": acts, "weights": rel.check_weights(relatedness_weights)}
    return R.reset_index(drop=True)
