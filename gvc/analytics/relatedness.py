"""Relatedness of products to what a cluster makes: product space, shared inputs, HS, activity.

Country-level product-space proximity (Hidalgo et al. 2007) says which products the same
countries export; it does not say what a cluster's firms, skills, inputs and machines can make.
Relatedness here combines four components, each on 0-1 (docs/clusters.md gives the sources):

- ``product_space``: proximity ``phi(p, m)`` between candidate p and made product m (Atlas);
- ``inputs``: cosine similarity of the input structures of the IO industries of p and m (the
  column of technical coefficients of each industry in the producing country, inputs summed
  over origin regions); 1 when both are made in the same industry. Input-output similarity is a
  standard measure of production relatedness (e.g. Fan and Lang 2000; Neffke and Henning 2013
  use it beside skill relatedness);
- ``hierarchy``: 1 when p and m share an HS chapter, 0.5 when they share only an HS section
  (not the residual sections XX and XXI), 0 otherwise (the nomenclature groups goods by
  material and processing stage);
- ``description``: cosine similarity of the TF-IDF vectors of the words of the HS texts of p and
  m (heading and subheadings): shared materials and kinds of goods ("fish", "leather", "wood",
  "essential oils") that the coarse IO industries and ISIC classes lump together. Text-based
  product similarity follows Hoberg and Phillips (2016), who relate firms by the words of their
  product descriptions;
- ``activity``: the mean of two parts when the cluster's activity codes have KBLI 2020
  descriptions, else the first alone: ``activity_class``, 1 when p's main ISIC Rev.4 class is a
  class of the cluster's activities (its KBLI codes and the classes of its products), 2/3 for
  the same ISIC group (3 digits), 1/3 for the same division (2 digits), 0 otherwise (and 2/3
  when KBLI 2020 puts p in another 5-digit class of the cluster's ISIC class than the
  cluster's own, :func:`national_classes`: ISIC 2029 is split into glues, explosives, inks,
  essential oils, ...); and
  ``activity_text``, how well BPS's descriptions of the cluster's KBLI codes ("Industri
  Pembekuan Ikan: ... ikan tuna/cakalang beku ...") name p's goods in its Indonesian BTKI text,
  read through the words of the KBLI titles (:class:`WordsOf`, :func:`activity_description`),
  which tells apart what an ISIC class or division lumps together (2029 holds essential oils
  beside explosives and glues; division 10 fish beside tomatoes and pasta).

For each candidate p the pair score
``s(p, m) = w_ps phi + w_in inputs + w_h hierarchy + w_d description`` is taken at the made
product m* where it is largest, and the cluster-level activity term added:
``relatedness(p) = s(p, m*) + w_act activity(p)``; the weights (:data:`DEFAULT_WEIGHTS`, adjustable)
are normalised to sum to 1, so relatedness is on 0-1. Pure: arrays in, arrays and frames out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from gvc.errors import InvalidInputError

#: Default component weights (normalised to 1 before use).
DEFAULT_WEIGHTS: dict[str, float] = {
    "product_space": 0.25,
    "inputs": 0.20,
    "hierarchy": 0.20,
    "description": 0.20,
    "activity": 0.15,
}
COMPONENTS = tuple(DEFAULT_WEIGHTS)

#: HS sections (Roman numeral) -> first and last chapter.
HS_SECTIONS: dict[str, tuple[int, int]] = {
    "I": (1, 5),
    "II": (6, 14),
    "III": (15, 15),
    "IV": (16, 24),
    "V": (25, 27),
    "VI": (28, 38),
    "VII": (39, 40),
    "VIII": (41, 43),
    "IX": (44, 46),
    "X": (47, 49),
    "XI": (50, 63),
    "XII": (64, 67),
    "XIII": (68, 70),
    "XIV": (71, 71),
    "XV": (72, 83),
    "XVI": (84, 85),
    "XVII": (86, 89),
    "XVIII": (90, 92),
    "XIX": (93, 93),
    "XX": (94, 96),
    "XXI": (97, 99),
}


def hs_section(code: str) -> str:
    """Return the HS section (Roman numeral) of an HS code (chapter = first two digits)."""
    ch = int(str(code)[:2])
    for sec, (a, b) in HS_SECTIONS.items():
        if a <= ch <= b:
            return sec
    raise InvalidInputError(f"HS code {code!r}: chapter {ch:02d} is in no HS section")


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """Validate relatedness weights (keys of :data:`DEFAULT_WEIGHTS`) and normalise them."""
    w = dict(DEFAULT_WEIGHTS)
    for k, v in (weights or {}).items():
        if k not in w:
            raise InvalidInputError(
                f"'relatedness_weights': unknown key {k!r}; keys are {', '.join(COMPONENTS)}"
            )
        f = float(v)
        if not np.isfinite(f) or f < 0:
            raise InvalidInputError(
                f"'relatedness_weights': {k} must be a non-negative number (got {v!r})"
            )
        w[k] = f
    total = sum(w.values())
    if total <= 0:
        raise InvalidInputError("'relatedness_weights': at least one weight must be positive")
    return {k: v / total for k, v in w.items()}


#: The residual HS sections: XX "Miscellaneous manufactured articles" (furniture, toys and
#: sports goods, brooms, pens, lighters: 94-96) and XXI "Works of art" (97). They group what
#: no material section takes, not goods of one material or stage of processing, so sharing one
#: says nothing about production; only a shared chapter counts there.
RESIDUAL_SECTIONS = frozenset({"XX", "XXI"})


def hierarchy_similarity(candidates: Sequence[str], made: Sequence[str]) -> np.ndarray:
    """Return the (candidates x made) HS hierarchy score: 1 same chapter, 0.5 same section.

    A residual section (:data:`RESIDUAL_SECTIONS`) gives no same-section credit.
    """
    ch_c = np.array([str(c)[:2] for c in candidates])
    ch_m = np.array([str(m)[:2] for m in made])
    sec_c = np.array([hs_section(c) for c in candidates])
    sec_m = np.array([hs_section(m) for m in made])
    same_ch = ch_c[:, None] == ch_m[None, :]
    same_sec = (sec_c[:, None] == sec_m[None, :]) & ~np.isin(sec_m, list(RESIDUAL_SECTIONS))
    return np.where(same_ch, 1.0, np.where(same_sec, 0.5, 0.0))


def input_similarity(coefficients: np.ndarray) -> np.ndarray:
    """Return the cosine similarity between the columns (industries) of an input matrix.

    Parameters
    ----------
    coefficients : ndarray
        (inputs x industries) technical coefficients, non-negative and finite.

    Returns
    -------
    ndarray
        (industries x industries) similarity in 0-1; 0 for an industry without inputs.
    """
    a = np.asarray(coefficients, dtype=float)
    if a.ndim != 2:
        raise InvalidInputError(f"input coefficients must be a matrix (got {a.ndim} dimensions)")
    bad = np.argwhere(~np.isfinite(a))
    if bad.size:
        i, j = bad[0]
        raise InvalidInputError(f"input coefficients: non-finite value at row {i}, column {j}")
    a = np.clip(a, 0.0, None)  # a negative coefficient (inventory changes) is not an input
    norm = np.linalg.norm(a, axis=0)
    safe = np.where(norm > 0, norm, 1.0)
    unit = a / safe
    sim = unit.T @ unit
    sim[norm == 0, :] = 0.0
    sim[:, norm == 0] = 0.0
    return np.clip(sim, 0.0, 1.0)


#: Words of the HS texts that say nothing about a good's material or kind (the nomenclature's
#: connectives and its "n.e.s." boilerplate); IDF weighting discounts the remaining common ones.
_STOP = """a an and any are as at be but by for from has have in into is it its no nor not of on or
    other others than that the their thereof these this those to with within without whether
    which such whose n e s nes excluding including include included heading headings chapter
    chapters subheading note notes kind kinds used use type similar etc like else elsewhere
    specified only more less per cent weight exceeding exceed exceeds equal
    containing contain contained put up form forms part parts article articles product products
    goods weighing weigh primarily mainly chiefly principally solely wholly partly"""
STOP_WORDS = frozenset(_STOP.split())


#: Material adjectives of the HS texts -> the material's noun ("wooden furniture", "wood").
MATERIAL_ADJECTIVES = {
    "wooden": "wood",
    "woollen": "wool",
    "woolen": "wool",
    "golden": "gold",
    "silken": "silk",
    "earthen": "earth",
    "metallic": "metal",
}


def text_tokens(text: str) -> list[str]:
    """Return the content words of a text.

    Lower case, letters only, plurals made singular, material adjectives as their noun.
    """
    out = []
    for w in re.findall(r"[a-z]+", str(text).lower()):
        if len(w) < 3 or w in STOP_WORDS:
            continue
        if w in MATERIAL_ADJECTIVES:
            out.append(MATERIAL_ADJECTIVES[w])
            continue
        if w.endswith("ies") and len(w) > 4:
            w = w[:-3] + "y"
        elif w.endswith(("sses", "shes", "ches", "xes")):
            w = w[:-2]
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
            w = w[:-1]
        if w not in STOP_WORDS:
            out.append(w)
    return out


#: Indonesian words of the BTKI and KBLI 2020 texts that say nothing about a good: connectives,
#: the nomenclatures' boilerplate ("pos", "lain-lain", "ybdi") and the words every KBLI
#: description opens with ("Kelompok ini mencakup usaha pembuatan ...").
_STOP_ID = """dan atau yang dari untuk dengan seperti lainnya lain tidak dalam juga ini itu pada
    oleh sebagai adalah tersebut dimaksud hanya tanpa masuk menjadi antara maupun belum manapun
    selain sejenisnya sebagainya dsb ybdi ytdl termasuk kelompok mencakup usaha kegiatan
    melakukan pembuatan industri aneka berbasis bahan baku produksi pos subpos bab mengandung
    bukan digunakan cocok jenis bagian dibuat lebih kurang setiap baik berupa yaitu"""
STOP_WORDS_ID = frozenset(_STOP_ID.split())


def text_tokens_id(text: str) -> list[str]:
    """Return the content words of an Indonesian text (BTKI lines, KBLI 2020 descriptions).

    Lower case, letters only, words of three letters or more; no stemming (Indonesian marks
    plurals by repetition, "cumi-cumi", which splits into the word itself).
    """
    return [
        w for w in re.findall(r"[a-z]+", str(text).lower())
        if len(w) >= 3 and w not in STOP_WORDS_ID
    ]


class WordsOf:
    """A tokenizer that keeps only the words of a vocabulary (``text_tokens_id`` within it).

    The activity component reads BPS's KBLI descriptions through the words of the KBLI 2020
    titles (``WordsOf.titles``): a title names an activity by its goods and processes ("Industri
    Pembekuan Ikan", "Industri Minyak Atsiri"), while the descriptions' prose ("ikan utuh
    maupun dipotong ... yang dibekukan") shares words such as "utuh" and "beku" with the BTKI
    text of any preserved food.
    """

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(vocabulary)

    @classmethod
    def titles(cls, titles: Iterable[str]) -> WordsOf:
        """Return the tokenizer of the content words of a list of titles."""
        return cls(w for t in titles for w in text_tokens_id(t))

    def __call__(self, text: str) -> list[str]:
        """Return the words of ``text`` (:func:`text_tokens_id`) that are in the vocabulary."""
        return [w for w in text_tokens_id(text) if w in self.vocabulary]


class DescriptionModel:
    """TF-IDF vectors of product texts, for the description component and its explanation.

    ``tf = 1 + log(count)``, ``idf = log(n / df)`` over the n texts, rows scaled to unit length;
    similarity is the dot product (cosine), 0 for a text without content words. ``tokens``
    splits a text into words (:func:`text_tokens` for the English HS texts,
    :func:`text_tokens_id` for Indonesian ones).
    """

    def __init__(
        self,
        texts: Sequence[str],
        tokens: Callable[[str], list[str]] = text_tokens,
        more_texts: Sequence[str] = (),
    ) -> None:
        self.tokens = tokens
        docs = [tokens(t) for t in texts]
        vocab = sorted({w for d in docs for w in d})
        pos = {w: i for i, w in enumerate(vocab)}
        n = len(docs)
        x = np.zeros((n, len(vocab)), dtype=np.float32)
        for i, d in enumerate(docs):
            for w in d:
                x[i, pos[w]] += 1.0
        df = (x > 0).sum(axis=0).astype(np.float64)
        for t in more_texts:  # further documents for the idf only (their own words are dropped)
            for w in set(tokens(t)):
                if w in pos:
                    df[pos[w]] += 1
        n += len(more_texts)
        idf = np.log(n / np.maximum(df, 1)).astype(np.float32)
        x = np.where(x > 0, 1.0 + np.log(np.maximum(x, 1.0)), 0.0).astype(np.float32) * idf
        norm = np.linalg.norm(x, axis=1, keepdims=True)
        self.vectors = x / np.where(norm > 0, norm, 1.0)
        self.vocab = vocab
        self._pos = pos
        self._idf = idf

    def query(self, text: str) -> np.ndarray:
        """Return the unit TF-IDF vector of a text outside the model (the model's words and idf).

        Words the product texts never use are left out; a text without any gives zeros.
        """
        v = np.zeros(len(self.vocab), dtype=np.float32)
        for w in self.tokens(text):
            i = self._pos.get(w)
            if i is not None:
                v[i] += 1.0
        v = np.where(v > 0, 1.0 + np.log(np.maximum(v, 1.0)), 0.0).astype(np.float32) * self._idf
        norm = float(np.linalg.norm(v))
        return v / norm if norm > 0 else v

    def similarity_to(self, text: str) -> np.ndarray:
        """Return the cosine similarity of every product text to ``text`` (0-1)."""
        return np.clip((self.vectors @ self.query(text)).astype(float), 0.0, 1.0)

    def words_shared_with(self, text: str, row: int, top: int = 3) -> list[str]:
        """Return the words of ``text`` that contribute most to its similarity with a product."""
        return self._top_words(self.vectors[row] * self.query(text), top)

    def _top_words(self, contribution: np.ndarray, top: int) -> list[str]:
        """Return the ``top`` words with the largest positive contribution to a cosine."""
        idx = [int(i) for i in np.argsort(-contribution)[:top] if contribution[i] > 0]
        return [self.vocab[i] for i in idx]

    def similarity(self, rows: Sequence[int], cols: Sequence[int]) -> np.ndarray:
        """Return the (rows x cols) cosine similarity of the texts at those positions."""
        v = self.vectors
        sim = v[np.asarray(rows, dtype=int)] @ v[np.asarray(cols, dtype=int)].T
        return np.clip(sim.astype(float), 0.0, 1.0)

    def shared_words(self, a: int, b: int, top: int = 3) -> list[str]:
        """Return the words that contribute most to the similarity of texts a and b."""
        return self._top_words(self.vectors[a] * self.vectors[b], top)


#: Words of ISIC titles that name an activity, not a good ("Manufacture of ...", "Growing of ...").
_TITLE_STOP = frozenset({
    "manufacture", "growing", "raising", "production", "processing", "preserving", "preparation",
    "support", "activity", "service", "basic", "mining", "extraction", "quarrying", "building",
    "making",
})


def goods_class(code: str) -> bool:
    """ISIC Rev.4 divisions that make goods: 01-08 and 10-32 (09 is mining support services)."""
    return code[:2].isdigit() and int(code[:2]) <= 32 and code[:2] != "09"


def main_classes(candidates: pd.DataFrame, isic3_main: Mapping[str, str]) -> pd.Series:
    """Return the main ISIC Rev.4 class of each HS heading.

    The HS -> ISIC Rev.4 table gives a subheading every Rev.4 class of its ISIC Rev.3 class (HS
    3301 essential oils: 1079 food, 2011, 2029, 2610, 2680, 2817). Per subheading, among the
    Rev.4 classes linked to its own Rev.3 class (goods-producing ones when there are any):

    1. the class whose title words (without activity words such as "manufacture", "growing")
       appear most in the subheading's and heading's HS text (share of the title's words), when
       any does; among equals, the Rev.3 class's main class, else the smaller code;
    2. otherwise the Rev.3 class's main Rev.4 class (``isic3_main``), else the smallest code.

    A heading's main class is the one most of its subheadings have (the smaller code among
    equals).

    Parameters
    ----------
    candidates : DataFrame
        hs4, hs6, isic3, isic4, linked (bool), isic4_title, text (one row per hs6 x isic4).
    isic3_main : mapping
        ISIC Rev.3 class -> its main Rev.4 class (``data/concordances/isic3_to_isic4_main.csv``).

    Returns
    -------
    Series
        Main ISIC Rev.4 class (str) by hs4.
    """
    need = {"hs4", "hs6", "isic3", "isic4", "linked", "isic4_title", "text"}
    missing = need - set(candidates.columns)
    if missing:
        raise InvalidInputError(f"main_classes: candidate columns missing: {sorted(missing)}")
    # plain Python over the rows: a pandas groupby with a boolean mask per subheading took 2.2 s
    # for ~5,000 subheadings (5.5 s of a cold opportunity call under the profiler); 0.34 s now
    tokens_of: dict[str, set[str]] = {}
    title_words: dict[str, set[str]] = {}
    for c, t in zip(candidates["isic4"], candidates["isic4_title"].fillna(""), strict=True):
        if t not in tokens_of:
            tokens_of[t] = set(text_tokens(t)) - _TITLE_STOP
        title_words[c] = tokens_of[t]
    groups: dict[str, list[tuple[str, str, str, str, bool]]] = {}
    for rec in zip(
        candidates["hs6"].astype(str), candidates["hs4"].astype(str),
        candidates["isic3"].astype(str), candidates["isic4"], candidates["text"].astype(str),
        candidates["linked"].astype(bool), strict=True,
    ):
        groups.setdefault(rec[0], []).append(rec[1:])
    per_hs6: dict[str, tuple[str, str]] = {}
    for hs6 in sorted(groups):
        g = groups[hs6]
        pool = [r for r in g if r[4]] or g
        codes = sorted(str(r[2]) for r in pool)
        goods = [c for c in codes if goods_class(c)]
        codes = goods or codes
        hs4, isic3, _, text, _ = g[0]
        main3 = isic3_main.get(isic3, "")
        words = set(text_tokens(text))
        scores = {c: len(title_words[c] & words) / max(len(title_words[c]), 1) for c in codes}
        best = max(scores.values())
        if best > 0:
            tied = [c for c in codes if scores[c] == best]
            pick = main3 if main3 in tied else tied[0]
        else:
            pick = main3 if main3 in codes else codes[0]
        per_hs6[hs6] = (hs4, pick)
    mains = pd.DataFrame(list(per_hs6.values()), columns=["hs4", "isic4"])
    counts = mains.groupby(["hs4", "isic4"]).size().reset_index(name="n")
    counts = counts.sort_values(["hs4", "n", "isic4"], ascending=[True, False, True], kind="stable")
    return counts.drop_duplicates("hs4").set_index("hs4")["isic4"]


def activity_similarity(
    product_isic: Sequence[Iterable[str]], cluster_isic: Iterable[str]
) -> np.ndarray:
    """Return per product the closest ISIC match to the cluster's activities (1, 2/3, 1/3, 0).

    ``cluster_isic`` may hold classes (4 digits), groups (3) or divisions (2); a shorter code
    matches at its own level only (a cluster given as division 13 gives 1/3 to every class 13xx).
    """
    cl = [str(c) for c in cluster_isic if str(c).isdigit()]
    out = np.zeros(len(product_isic))
    for i, codes in enumerate(product_isic):
        best = 0.0
        for p in codes:
            p = str(p)
            for c in cl:
                if len(c) >= 4 and p[:4] == c[:4]:
                    best = 1.0
                elif len(c) >= 3 and p[:3] == c[:3]:
                    best = max(best, 2 / 3)
                elif p[:2] == c[:2]:
                    best = max(best, 1 / 3)
            if best == 1.0:
                break
        out[i] = best
    return out


def national_classes(
    similarity: np.ndarray, named: np.ndarray, classes: Sequence[str], in_class: np.ndarray
) -> np.ndarray:
    """Return the 5-digit KBLI 2020 class BPS's descriptions place each product in ('' none).

    KBLI 2020 splits some ISIC Rev.4 classes into national 5-digit classes (ISIC 2029 into
    glues, explosives, inks, essential oils, matches, ...). A product of that ISIC class belongs
    to the 5-digit class whose title and description fit its Indonesian BTKI text best, when
    the product's text also shares a word with that class's title (the title names the class's
    goods: "Industri Bahan Peledak"; a description's cross-references such as "korek api dari
    logam ... dimasukkan dalam kelompok 32909" do not).

    Parameters
    ----------
    similarity : ndarray
        (classes x products) cosine similarity of each product's text to each class's title and
        description, 0-1.
    named : ndarray
        (classes x products) bool: the product's text shares a word with the class's title.
    classes : sequence of str
        The 5-digit codes (rows).
    in_class : ndarray
        (products,) bool: the product's main ISIC Rev.4 class is the one the codes split.

    Returns
    -------
    ndarray
        (products,) the code, or '' where the product lies outside the ISIC class, no class's
        text names its goods, or the best-fitting class's title shares no word with it.
    """
    sim = np.nan_to_num(np.asarray(similarity, dtype=float))
    ok = np.asarray(named, dtype=bool)
    inside = np.asarray(in_class, dtype=bool)
    if sim.ndim != 2 or sim.shape != ok.shape or sim.shape != (len(classes), len(inside)):
        raise InvalidInputError(
            f"national classes: {len(classes)} classes x {len(inside)} products expected "
            f"(got similarity {sim.shape}, named {ok.shape})"
        )
    out = np.full(len(inside), "", dtype=object)
    if not len(classes):
        return out
    best = sim.argmax(axis=0)
    cols = np.arange(len(inside))
    hit = inside & (sim[best, cols] > 0) & ok[best, cols]
    out[hit] = np.asarray(classes, dtype=object)[best[hit]]
    return out


def activity_description(
    similarity: np.ndarray, product_isic: Sequence[str], cluster_isic: Iterable[str]
) -> np.ndarray:
    """Return how well the cluster's activity descriptions name each product (0-1).

    Parameters
    ----------
    similarity : ndarray
        (products,) cosine similarity of each product's text to the descriptions of the
        cluster's activity codes (the largest over its codes), 0-1.
    product_isic : sequence of str
        Each product's main ISIC Rev.4 class.
    cluster_isic : iterable of str
        The cluster's ISIC Rev.4 activities (classes, groups or divisions).

    Returns
    -------
    ndarray
        The similarity divided by its largest value, over the products whose main class lies
        in a division of the cluster's activities; 0 elsewhere (a description's words for
        goods of other divisions name its machines, packaging or raw materials: "kapal",
        "jaring", "kaleng"), and all 0 when no such product shares a word.
    """
    sim = np.nan_to_num(np.asarray(similarity, dtype=float))
    if sim.shape != (len(product_isic),):
        raise InvalidInputError(
            f"activity description: {len(product_isic)} products but {sim.shape} similarities"
        )
    divisions = {str(c)[:2] for c in cluster_isic if str(c)[:2].isdigit()}
    inside = np.array([str(p)[:2] in divisions for p in product_isic], dtype=bool)
    out = np.where(inside, np.clip(sim, 0.0, 1.0), 0.0)
    top = float(out.max()) if out.size else 0.0
    return out / top if top > 0 else out


def relatedness(
    proximity: np.ndarray,
    inputs: np.ndarray,
    hierarchy: np.ndarray,
    activity: np.ndarray,
    weights: Mapping[str, float] | None = None,
    description: np.ndarray | None = None,
) -> pd.DataFrame:
    """Combine the components into each candidate's relatedness to the cluster.

    Parameters
    ----------
    proximity, inputs, hierarchy : ndarray
        (candidates x made products) components on 0-1 (NaN counts as 0).
    description : ndarray, optional
        (candidates x made products) description similarity on 0-1; zeros when not given.
    activity : ndarray
        (candidates,) activity component on 0-1.
    weights : mapping, optional
        Component weights (:data:`DEFAULT_WEIGHTS`), normalised to 1.

    Returns
    -------
    DataFrame
        One row per candidate (positional index): relatedness, nearest (position of m* in the
        made products), product_space, inputs, hierarchy, description (at m*), activity, and
        the weighted contribution of each component (``<component>_part``).
    """
    w = check_weights(weights)
    if description is None:
        description = np.zeros_like(np.asarray(proximity, dtype=float))
    mats = [
        np.nan_to_num(np.asarray(x, dtype=float))
        for x in (proximity, inputs, hierarchy, description)
    ]
    shape = mats[0].shape
    if any(m.shape != shape for m in mats) or len(shape) != 2 or shape[1] == 0:
        raise InvalidInputError(
            f"relatedness components must be (candidates x made) matrices of one shape "
            f"(got {[m.shape for m in mats]})"
        )
    act = np.nan_to_num(np.asarray(activity, dtype=float))
    if act.shape != (shape[0],):
        raise InvalidInputError(f"activity must have {shape[0]} values (got {act.shape})")
    ps, io, hs, ds = mats
    pair = w["product_space"] * ps + w["inputs"] * io + w["hierarchy"] * hs + w["description"] * ds
    best = pair.argmax(axis=1)
    rows = np.arange(shape[0])
    out = pd.DataFrame(
        {
            "product_space": ps[rows, best],
            "inputs": io[rows, best],
            "hierarchy": hs[rows, best],
            "description": ds[rows, best],
            "activity": act,
        }
    )
    for k in COMPONENTS:
        out[f"{k}_part"] = w[k] * out[k]
    out["relatedness"] = pair[rows, best] + w["activity"] * act
    out["nearest"] = best
    return out
