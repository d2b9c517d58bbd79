"""Build the main ISIC Rev.4 class of each ISIC Rev.3 class (concordances/isic3_to_isic4_main.csv).

The shipped ISIC Rev.4 <-> Rev.3 table (``isic4_to_isic3.csv``) is many-to-many without the
"partial" flags of the UN correspondence, and the HS -> ISIC Rev.4 table derived from it
(``hs_combined_to_isic4.csv``) gives every HS code all Rev.4 classes of its Rev.3 class: HS 3301
essential oils gets 1079 (food), 2011, 2029, 2610 (electronic components), 2680 and 2817 alike.
To say which class a product is *mainly* made in, gvc takes the HS code's own Rev.3 class (WITS,
one per HS code) and that class's main Rev.4 class, chosen here. Rules, in this order:

1. ``only``: the Rev.3 class has one Rev.4 class;
2. ``hand``: listed in ``isic3_to_isic4_main_hand.csv`` with the reason (title words cannot
   decide);
3. ``title``: the Rev.4 class whose title repeats most of the Rev.3 title's words (share of the
   Rev.3 words found, then word Jaccard, then the smaller code). For a goods-producing Rev.3
   class (divisions 01-37) only goods-producing Rev.4 classes (divisions 01-08, 10-32) compete:
   repair, installation, mining support, waste and service classes never make a traded good.

Run: ``python tools/build_isic3_isic4_main.py`` (writes the CSV; ``--check`` compares instead).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from _generated import write_or_check

from gvc.analytics.relatedness import goods_class

ROOT = Path(__file__).resolve().parents[1]
CONC = ROOT / "data" / "concordances"
LINKS = CONC / "isic4_to_isic3.csv"
ISIC3 = CONC / "isic3_descriptions.csv"
ISIC4 = CONC / "isic4_descriptions.csv"
OUT = CONC / "isic3_to_isic4_main.csv"
#: Rev.3 classes whose main Rev.4 class the title words get wrong: isic3, isic4, reason.
HAND = CONC / "isic3_to_isic4_main_hand.csv"


_STOP = frozenset({
    "of", "and", "the", "in", "for", "on", "or", "to", "a", "manufacture", "n", "e", "c", "nec",
    "except", "other", "activities", "products", "related", "service", "services",
})


def _words(title: str) -> set[str]:
    out = set()
    for w in re.findall(r"[a-z]+", str(title).lower()):
        if w in _STOP:
            continue
        if w.endswith("ies") and len(w) > 4:
            w = w[:-3] + "y"
        elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            w = w[:-1]
        out.add(w)
    return out


def _score(a: set[str], b: set[str], code: str) -> tuple[float, float, int]:
    """Share of the Rev.3 words in the Rev.4 title, then Jaccard, then the smaller code."""
    shared = len(a & b)
    return (shared / max(len(a), 1), shared / max(len(a | b), 1), -int(code))


def build() -> pd.DataFrame:
    """Return one row per ISIC Rev.3 class: isic3, titles, isic4, method, similarity, reason."""
    links = pd.read_csv(LINKS, dtype=str, keep_default_na=False)
    links = links.loc[links["ISIC3_4d"] != "", ["ISIC3_4d", "ISIC4_4d"]].drop_duplicates()
    t3 = dict(pd.read_csv(ISIC3, dtype=str, keep_default_na=False).itertuples(index=False))
    t4 = dict(pd.read_csv(ISIC4, dtype=str, keep_default_na=False).itertuples(index=False))
    hand = {
        r.isic3: (r.isic4, r.reason)
        for r in pd.read_csv(HAND, dtype=str, keep_default_na=False).itertuples(index=False)
    }
    rows = []
    for i3, grp in links.groupby("ISIC3_4d", sort=True):
        cands = sorted(grp["ISIC4_4d"])
        if i3 not in t3 or any(c not in t4 for c in cands):
            raise SystemExit(f"{LINKS.name}: ISIC Rev.3 {i3} or one of {cands} has no title")
        a = _words(t3[i3])
        sim = 1.0
        if len(cands) == 1:
            target, method, reason = cands[0], "only", "the one Rev.4 class of the Rev.3 class"
        elif i3 in hand:
            target, reason = hand[i3]
            method = "hand"
            if target not in cands:
                raise SystemExit(f"{HAND.name}: {i3} -> {target} is not one of {cands}")
        else:
            pool = [c for c in cands if goods_class(c)] if int(i3[:2]) <= 37 else cands
            pool = pool or cands

            keys = {c: _score(a, _words(t4[c]), c) for c in pool}
            target = max(pool, key=keys.__getitem__)
            sim = keys[target][0]
            method = "title"
            reason = f"of {len(cands)} Rev.4 classes, the title sharing most words"
        rows.append(
            {
                "isic3": i3,
                "isic3_title": " ".join(t3[i3].split()),
                "isic4": target,
                "isic4_title": " ".join(t4[target].split()),
                "candidates": len(cands),
                "method": method,
                "similarity": round(sim, 3),
                "reason": reason,
            }
        )
    return pd.DataFrame(rows)


def _summary(t: pd.DataFrame) -> str:
    return f"{len(t)} classes; {t['method'].value_counts().to_dict()}"


if __name__ == "__main__":
    raise SystemExit(write_or_check(build, OUT, __doc__ or "", _summary))
