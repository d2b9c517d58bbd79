"""Build gvc's KBLI 2020 -> ISIC Rev.4 correspondence (data/concordances/kbli2020_to_isic4.csv).

No public KBLI 2020 <-> ISIC Rev.4 table exists (data/SOURCES.md). KBLI 2020 follows ISIC Rev.4
at 2-4 digits and adds national 5-digit classes; where BPS changed a 3- or 4-digit code the
mapping is gvc's own. Rules, in this order, for every code of ``kbli2020_bps_titles.csv``:

1. ``hand``: the code is listed in ``kbli2020_national_classes.csv`` (a national class with its
   ISIC Rev.4 code and the reason, written by hand);
2. ``identical``: the code exists in ISIC Rev.4 (``isic4_descriptions.csv``) at the same level;
3. ``subdivision``: a 4-digit national class ``abcd`` whose ISIC Rev.4 class ``abc0`` exists
   (BPS split an undivided ISIC class, e.g. 1411-1413 of ISIC 1410);
4. ``parent``: a 5-digit KBLI class takes the ISIC Rev.4 class of its 4-digit parent.

Every KBLI code must end with an ISIC Rev.4 code that exists; the script fails otherwise.
Run: ``python tools/build_kbli_isic4.py`` (writes the CSV; ``--check`` compares instead).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from _generated import write_or_check

ROOT = Path(__file__).resolve().parents[1]
CONC = ROOT / "data" / "concordances"
KBLI = CONC / "kbli2020_bps_titles.csv"
HAND = CONC / "kbli2020_national_classes.csv"
ISIC = CONC / "isic4_descriptions.csv"
OUT = CONC / "kbli2020_to_isic4.csv"


def build() -> pd.DataFrame:
    """Return the correspondence: kbli, digits, title_id, isic4, isic4_title, method, reason."""
    kbli = pd.read_csv(KBLI, dtype=str, keep_default_na=False)
    hand = pd.read_csv(HAND, dtype=str, keep_default_na=False).set_index("kbli")
    isic = dict(pd.read_csv(ISIC, dtype=str, keep_default_na=False).itertuples(index=False))
    bad_hand = sorted(set(hand.index) - set(kbli["kode"]))
    if bad_hand:
        raise SystemExit(f"{HAND.name}: codes not in KBLI 2020: {bad_hand}")
    mapped: dict[str, tuple[str, str, str]] = {}
    rows = []
    for rec in kbli.sort_values(["digit", "kode"]).itertuples(index=False):
        code, digits = rec.kode, int(rec.digit)
        if code in hand.index:
            target, method, reason = hand.loc[code, "isic4"], "hand", hand.loc[code, "reason"]
        elif code in isic:
            target, method, reason = code, "identical", "same code in ISIC Rev.4"
        elif digits == 4 and code[:3] + "0" in isic:
            target, method = code[:3] + "0", "subdivision"
            reason = f"national subdivision of the undivided ISIC Rev.4 class {code[:3]}0"
        elif digits == 5 and code[:4] in mapped:
            target, method = mapped[code[:4]][0], "parent"
            reason = f"5-digit KBLI class of KBLI {code[:4]}"
        else:
            raise SystemExit(f"KBLI {code} ({rec.judul}): no rule maps it; add it to {HAND.name}")
        if target not in isic:
            raise SystemExit(f"KBLI {code}: ISIC Rev.4 {target} does not exist")
        mapped[code] = (target, method, reason)
        rows.append(
            {
                "kbli": code,
                "digits": digits,
                "section": rec.kategori,
                "title_id": " ".join(str(rec.judul).split()),
                "isic4": target,
                "isic4_title": isic[target],
                "method": method,
                "reason": reason,
            }
        )
    return pd.DataFrame(rows)


def _summary(t: pd.DataFrame) -> str:
    return f"{len(t)} codes; {t.groupby(['digits', 'method']).size().to_dict()}"


if __name__ == "__main__":
    raise SystemExit(write_or_check(build, OUT, __doc__ or "", _summary))
