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

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: One-sentence descriptions of the columns most tables show (field -> language -> text).
COLUMN_NOTES: dict[str, dict[str, str]] = {
    "code": {"en": "Product code in the HS revision shown.",
             "id": "Kode produk pada revisi HS yang ditampilkan."},
    "product": {"en": "HS product code.", "id": "Kode produk HS."},
    "description": {"en": "Product description of the HS nomenclature.",
                    "id": "Uraian produk menurut nomenklatur HS."},
    "section": {"en": "HS section (I-XXI) of the product.",
                "id": "Bagian HS (I-XXI) dari produk."},
    "export_value": {"en": "Value of exports in US dollars (current prices).",
                     "id": "Nilai ekspor dalam dolar AS (harga berlaku)."},
    "world_trade": {"en": "World exports of the product in US dollars.",
                    "id": "Ekspor dunia untuk produk ini dalam dolar AS."},
    "market_share": {"en": "The country's share of world exports of the product (0-1).",
                     "id": "Pangsa negara dalam ekspor dunia produk ini (0-1)."},
    "rca": {"en": "Revealed comparative advantage (Balassa): product share in the country's "
                  "exports over its share in world exports; 1 or more is an advantage.",
            "id": "Keunggulan komparatif terungkap (Balassa): pangsa produk dalam ekspor negara "
                  "dibagi pangsanya dalam ekspor dunia; 1 atau lebih berarti unggul."},
    "pci": {"en": "Product complexity index (standardised; higher is more complex).",
            "id": "Indeks kompleksitas produk (dibakukan; makin tinggi makin kompleks)."},
    "density": {"en": "Share of the product's related capabilities the country already has (0-1).",
                "id": "Pangsa kemampuan terkait produk yang sudah dimiliki negara (0-1)."},
    "distance": {"en": "1 minus density: how far the product is from current exports.",
                 "id": "1 dikurangi densitas: jarak produk dari ekspor saat ini."},
    "cog": {"en": "Complexity outlook gain: how much the product opens new complex products.",
            "id": "Keuntungan prospek kompleksitas: seberapa jauh produk membuka produk "
                  "kompleks baru."},
    "region": {"en": "Country or region of the input-output table.",
               "id": "Negara atau wilayah pada tabel input-output."},
    "sector": {"en": "Sector code of the input-output table.",
               "id": "Kode sektor pada tabel input-output."},
    "sector_name": {"en": "Sector name of the input-output table.",
                    "id": "Nama sektor pada tabel input-output."},
    "backward": {"en": "Backward linkage: output of all sectors needed per unit of final demand "
                       "for this sector, relative to the average.",
                 "id": "Keterkaitan ke belakang: output semua sektor per unit permintaan akhir "
                       "sektor ini, relatif terhadap rata-rata."},
    "forward": {"en": "Forward linkage: how much this sector's output is used by other sectors, "
                      "relative to the average.",
                "id": "Keterkaitan ke depan: seberapa banyak output sektor ini dipakai sektor "
                      "lain, relatif terhadap rata-rata."},
    "dva_share": {"en": "Domestic value added as a share of gross exports (0-1).",
                  "id": "Nilai tambah domestik sebagai pangsa ekspor bruto (0-1)."},
    "participation": {"en": "GVC participation: backward plus forward participation (0-1).",
                      "id": "Partisipasi GVC: partisipasi ke belakang ditambah ke depan (0-1)."},
    "cagr": {"en": "Compound annual growth rate over the period (0.05 = 5% a year).",
             "id": "Laju pertumbuhan majemuk tahunan selama periode (0,05 = 5% per tahun)."},
    "rank": {"en": "Position in the ranking (1 = first).",
             "id": "Posisi dalam peringkat (1 = pertama)."},
    "value": {"en": "Value in US dollars.", "id": "Nilai dalam dolar AS."},
    "share": {"en": "Share of the total (0-1).", "id": "Pangsa dari total (0-1)."},
    "score": {"en": "Score from 0 to 100 (higher is better).",
              "id": "Skor 0 sampai 100 (makin tinggi makin baik)."},
    "source": {"en": "Publisher of the dataset.", "id": "Penerbit dataset."},
    "licence": {"en": "Licence under which the data may be reused.",
                "id": "Lisensi penggunaan kembali data."},
}

#: Titles of the extra sheets and of the method rows (language -> key -> text).
SHEET_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "columns_sheet": "Columns", "method_sheet": "Method and sources", "sheet": "Sheet",
        "column": "Column", "description": "Description", "item": "Item", "text": "Details",
        "title": "Title", "table": "Table", "created": "Created (UTC)",
        "snapshot": "Database snapshot", "language": "Language", "dataset": "Dataset",
        "safety": "Spreadsheet safety",
        "safety_text": "Text is stored as text: nothing in this file is a formula.",
    },
    "id": {
        "columns_sheet": "Kolom", "method_sheet": "Metode dan sumber", "sheet": "Lembar",
        "column": "Kolom", "description": "Keterangan", "item": "Butir", "text": "Rincian",
        "title": "Judul", "table": "Tabel", "created": "Dibuat (UTC)",
        "snapshot": "Cuplikan basis data", "language": "Bahasa", "dataset": "Dataset",
        "safety": "Keamanan lembar kerja",
        "safety_text": "Teks disimpan sebagai teks: tidak ada rumus dalam berkas ini.",
    },
}


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
        note = COLUMN_NOTES.get(_field(c, language))
        if note:
            out[str(c)] = note.get(language) or note["en"]
    return out


def method_notes(name: str, language: str, datasets: pd.DataFrame | None,
                 snapshot: str) -> list[tuple[str, str]]:
    """The rows of the method/sources sheet: title, table, date, snapshot, datasets."""
    text = SHEET_TEXT.get(language, SHEET_TEXT["en"])
    rows = [
        (text["title"], LABELS["app.title"].get(language) or LABELS["app.title"]["en"]),
        (text["table"], name),
        (text["created"], dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")),
        (text["snapshot"], snapshot),
        (text["language"], language),
        (text["safety"], text["safety_text"]),
    ]
    if datasets is not None:
        for rec in datasets.to_dict("records"):
            parts = [str(rec.get(k)) for k in ("years", "source", "licence")
                     if rec.get(k) is not None and str(rec.get(k)) not in ("", "nan", "None")]
            rows.append((f"{text['dataset']}: {rec.get('name')}", "; ".join(parts)))
    return rows


def excel_bytes(
    df: pd.DataFrame,
    sheet: str = "data",
    language: str = "en",
    notes: list[tuple[str, str]] | None = None,
) -> bytes:
    """Return ``df`` as an .xlsx workbook (text stored as text, see :mod:`gvc.export`) with a
    column-description sheet and, with ``notes``, a method/sources sheet."""
    code = language if language in SHEET_TEXT else "en"
    labels = {k: v for k, v in SHEET_TEXT[code].items() if k in gvc.export.SHEET_LABELS["en"]}
    return gvc.export.to_xlsx_bytes(
        {sheet: df},
        descriptions=column_descriptions(df, code),
        notes=notes,
        lang="id" if code == "id" else "en",
        labels=labels,
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


def table_with_download(
    df: pd.DataFrame,
    name: str,
    key: str,
    excel: bool = True,
    column_config: dict | None = None,
    notes: list[tuple[str, str]] | None = None,
) -> None:
    """Show a table and offer it as a CSV and an Excel download.

    The files are built when the button is clicked (Streamlit calls the function on its own
    thread), not on every run of the page: building them cost a fifth of a page run. The
    language, snapshot and dataset list are read now, on the page's thread. ``notes`` are
    extra rows ``(item, text)`` for the method sheet (e.g. the page's method text).
    """
    st.dataframe(df, hide_index=True, width="stretch", column_config=column_config)
    cols = st.columns([1, 1, 4]) if excel else [st]
    cols[0].download_button(
        t("download.csv"),
        lambda: csv_bytes(df),
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
            lambda: excel_bytes(df, sheet=name, language=language, notes=rows),
            file_name=f"{name}.xlsx",
            mime=XLSX_MIME,
            key=f"{key}_xlsx",
            on_click="ignore",
        )
