"""Table downloads: CSV and Excel files people can hand on, written by :mod:`gvc.export`.

The CSV is formula-safe in every locale (every text field quoted, formula prefixes neutralised,
see :mod:`gvc.export`). The Excel workbook has a frozen bold header, filters and sized columns,
a sheet describing the columns and a method/sources sheet (the datasets, their sources and
licences, the database snapshot and the date), in the page's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

import gvc.export
from app_pages.i18n import LABELS
from app_pages.state import get_con, lang, t
from gvc import i18n

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Fields with a one-sentence description (catalog messages ``note.<field>``, gvc/locale).
COLUMN_NOTES = tuple(k[5:] for k in i18n.keys() if k.startswith("note."))  # noqa: SIM118


def _field(column: Any, language: str) -> str:
    """The gvc field behind a shown column (its ``col.<field>`` label), else the column."""
    text = str(column)
    if text in COLUMN_NOTES:
        return text
    for key, labels in LABELS.items():
        if key.startswith("col.") and text in (labels.get(language), labels.get("en")):
            return key[4:]
    return text


def column_descriptions(df: pd.DataFrame, language: str) -> dict[str, str]:
    """Describe the columns of ``df`` in ``language`` (those with a known description)."""
    out = {}
    for c in df.columns:
        field = _field(c, language)
        if field in COLUMN_NOTES:
            out[str(c)] = i18n.text(f"note.{field}", language)
    return out


def method_notes(name: str, language: str, datasets: pd.DataFrame | None,
                 snapshot: str) -> list[tuple[str, str]]:
    """The rows of the method/sources sheet: title, table, date, snapshot, datasets."""
    def text(key: str) -> str:
        return i18n.text(f"sheet.{key}", language)

    rows = [
        (text("title"), i18n.text("app.title", language)),
        (text("table"), name),
        (text("created"), dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")),
        (text("snapshot"), snapshot),
        (text("language"), i18n.LANGUAGES.get(language, language)),
        (text("safety"), text("safety_text")),
    ]
    if datasets is not None:
        for rec in datasets.to_dict("records"):
            parts = [str(rec.get(k)) for k in ("years", "source", "licence")
                     if rec.get(k) is not None and str(rec.get(k)) not in ("", "nan", "None")]
            rows.append((f"{text('dataset')}: {rec.get('name')}", "; ".join(parts)))
    return rows


def excel_bytes(
    df: pd.DataFrame,
    sheet: str = "data",
    language: str = "en",
    notes: list[tuple[str, str]] | None = None,
) -> bytes:
    """Return ``df`` as an .xlsx workbook (text stored as text, see :mod:`gvc.export`) with a
    column-description sheet and, with ``notes``, a method/sources sheet."""
    code = "id" if language == "id" else "en"
    return gvc.export.to_xlsx_bytes(
        {sheet: df}, descriptions=column_descriptions(df, code), notes=notes, lang=code
    )


def csv_bytes(df: pd.DataFrame) -> bytes:
    """Return ``df`` as UTF-8 CSV, formula-safe with ``,`` or ``;`` as the list separator."""
    return gvc.export.to_csv_bytes(df)


def _datasets() -> pd.DataFrame | None:
    from app_pages.data_trade import cached_datasets

    try:
        return cached_datasets(get_con())
    except Exception:  # the method sheet is a courtesy: it never breaks a page
        return None


def number_formats(df: pd.DataFrame) -> dict:
    """Column formats of a shown table: shares as percentages, other numbers in the reader's
    locale (the browser's: ``1.234,5`` on an Indonesian system). Downloads keep the numbers."""
    shares = set(df.attrs.get("share_columns", []))
    out = {}
    for c in df.columns:
        if c in shares:
            out[c] = st.column_config.NumberColumn(format="percent")
        elif pd.api.types.is_float_dtype(df[c]):
            out[c] = st.column_config.NumberColumn(format="localized")
    return out


def blanks_as_dash(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` for the screen: an empty text cell becomes "-" (an empty cell reads as a gap in
    the table; "-" says "none"). Missing numbers are shown as "-" by the table's placeholder."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = ["-" if isinstance(v, str) and not v.strip() else v for v in out[col]]
    return out


def table_with_download(
    df: pd.DataFrame,
    name: str,
    key: str,
    excel: bool = True,
    column_config: dict | None = None,
    notes: list[tuple[str, str]] | None = None,
    download: pd.DataFrame | None = None,
) -> None:
    """Show a table and offer it as a CSV and an Excel download.

    The files are built when the button is clicked (Streamlit calls the function on its own
    thread), not on every run of the page: building them cost a fifth of a page run. The
    language, snapshot and dataset list are read now, on the page's thread. ``notes`` are
    extra rows ``(item, text)`` for the method sheet (e.g. the page's method text).
    ``download`` is the table the files hold when it is not the shown one (numbers where the
    page shows them as text).
    """
    st.dataframe(blanks_as_dash(df), hide_index=True, width="stretch", placeholder="-",
                 column_config={**number_formats(df), **(column_config or {})})
    files = df if download is None else download
    cols = st.columns([1, 1, 4]) if excel else [st]
    cols[0].download_button(
        t("download.csv"),
        lambda: csv_bytes(files),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        on_click="ignore",
    )
    if excel:
        language = lang()
        rows = method_notes(name, language, _datasets(), getattr(get_con(), "fingerprint", ""))
        rows += list(notes or [])
        cols[1].download_button(
            t("download.xlsx"),
            lambda: excel_bytes(files, sheet=name, language=language, notes=rows),
            file_name=f"{name}.xlsx",
            mime=XLSX_MIME,
            key=f"{key}_xlsx",
            on_click="ignore",
        )
