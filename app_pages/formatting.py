"""Formatting for display: compact USD amounts, translated column names, country labels."""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

import gvc
from app_pages.data_trade import cached_countries
from app_pages.i18n import label
from app_pages.state import lang, t
from gvc import i18n
from gvc.registry.profile import in_language
from gvc.services.market_data import IO_REGION_ISO3


def fmt_usd(value: float | None, language: str | None = None) -> str:
    """Format a USD amount compactly in the page's language (``USD 1.2 billion``,
    ``USD 1,2 miliar``): gvc's one money format (:func:`gvc.i18n.money`)."""
    return i18n.money(value, language or lang())


def fmt_num(value: float | None, digits: int = 2) -> str:
    """A number in the page's language (``1,234.57`` / ``1.234,57``); "-" when missing."""
    return i18n.number(value, lang(), digits)


def fmt_pct(value: float | None, digits: int = 1) -> str:
    """A share as a percentage in the page's language (``12.5%`` / ``12,5%``)."""
    return i18n.percent(value, lang(), digits)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+|$~!])")


def md_escape(text: str) -> str:
    """Escape Markdown (and Streamlit's $...$ maths) so data text shows as written."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


#: Columns holding codes whose words are catalog messages (``<prefix><code>``).
CODED_COLUMNS = {
    "type": "linkage.", "type_domestic": "linkage.", "type_total": "linkage.",
    "strategy": "div.strategy_",
}


def renamed(df: pd.DataFrame) -> pd.DataFrame:
    """Rename columns to the current language's labels (``col.<name>`` keys where they exist);
    the codes of :data:`CODED_COLUMNS` become their words."""
    out = df.copy()
    # shares (0-1) are shown as percentages by the table (see downloads.number_formats)
    shares = [c for c in out.columns if "share" in str(c) and pd.api.types.is_float_dtype(out[c])
              and not (out[c].abs() > 1.0001).any()]
    for col, prefix in CODED_COLUMNS.items():
        if col in out.columns:
            out[col] = [t(f"{prefix}{v}") if label(f"{prefix}{v}", "en") != f"{prefix}{v}" else v
                        for v in out[col]]
    named = {c: t(f"col.{c}") if label(f"col.{c}", "en") != f"col.{c}" else c
             for c in out.columns}
    out.columns = [named[c] for c in out.columns]
    out.attrs["share_columns"] = [named[c] for c in shares]
    return out


def with_country_names(
    con: gvc.Gvc, df: pd.DataFrame, code: str = "importer", name: str = "importer_name"
) -> pd.DataFrame:
    """``df`` with the ``name`` column of the countries in ``code`` in the page's language
    (CLDR names; the frame's own name where CLDR has none)."""
    if code not in df.columns or name not in df.columns:
        return df
    names = cached_countries(con).set_index("iso3")["name"]
    return df.assign(**{name: df[code].map(names).fillna(df[name])})


def cluster_names(clusters: pd.DataFrame) -> dict[str, str]:
    """``cluster_id -> name`` in the page's language (``name_id`` in Indonesian, where given)."""
    language = lang()
    return {str(rec["cluster_id"]): str(in_language(rec, language)["name"])
            for rec in clusters.to_dict("records")}


def country_labels(con: gvc.Gvc, codes: pd.Series) -> pd.Series:
    """``'JPN · Jepang'`` for each code (ISO3 or an IO table's region) in the page's language;
    the code alone where no name is known."""
    names = cached_countries(con).set_index("iso3")["name"]
    mapped = codes.astype(str).map(lambda c: IO_REGION_ISO3.get(c, c)).map(names)
    return pd.Series([f"{c} · {n}" if isinstance(n, str) and n else str(c)
                      for c, n in zip(codes, mapped, strict=True)], index=codes.index)


def country_label(con: gvc.Gvc) -> Callable[[str], str]:
    """Return a format function ``ISO3 -> 'ISO3 · name'``."""
    names = dict(zip(cached_countries(con)["iso3"], cached_countries(con)["name"], strict=True))
    return lambda code: f"{code} · {names[code]}" if names.get(code) else str(code)
