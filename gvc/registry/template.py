"""The registry template: the schema table and the example workbook (CSV or Excel)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from gvc.errors import InvalidInputError
from gvc.registry.schema import (
    FIELDS,
    FIRM_FIELDS,
)


def schema(lang: str = "en", firms: bool = False) -> pd.DataFrame:
    """Describe the registry columns.

    Parameters
    ----------
    lang : {"en", "id"}
        Language of the descriptions.
    firms : bool
        Describe the per-firm table instead of the cluster table.

    Returns
    -------
    DataFrame
        Columns field, type, required, unit, description, example.
    """
    if lang not in ("en", "id"):
        raise InvalidInputError(f"'lang' must be 'en' or 'id' (got {lang!r})")
    rows = []
    for f in FIRM_FIELDS if firms else FIELDS:
        kind = f.kind + (f" ({'/'.join(f.choices)})" if f.choices else "")
        rows.append(
            {
                "field": f.name,
                "type": kind,
                "required": "yes" if f.required else "no",
                "unit": f.unit,
                "description": f.description_id if lang == "id" else f.description,
                "example": f.example,
            }
        )
    return pd.DataFrame(rows)


def template_frames() -> dict[str, pd.DataFrame]:
    """Return the template sheets: ``clusters`` and ``firms`` (one example row each) and ``schema``.

    The example rows are illustrations of the format, labelled as such in ``notes``/ids; they are
    not data.
    """
    example = {f.name: f.example for f in FIELDS}
    example["notes"] = "EXAMPLE ROW - replace with your cluster"
    firm = {f.name: f.example for f in FIRM_FIELDS}
    sch = schema("en")
    sch["description_id"] = schema("id")["description"]
    fsch = schema("en", firms=True)
    fsch["description_id"] = schema("id", firms=True)["description"]
    fsch.insert(0, "table", "firms")
    sch.insert(0, "table", "clusters")
    return {
        "clusters": pd.DataFrame([example], columns=[f.name for f in FIELDS]),
        "firms": pd.DataFrame([firm], columns=[f.name for f in FIRM_FIELDS]),
        "schema": pd.concat([sch, fsch], ignore_index=True),
    }


def template_bytes(fmt: str = "xlsx") -> bytes:
    """Return the registry template as CSV (cluster table only) or XLSX (all sheets) bytes."""
    frames = template_frames()
    if fmt == "csv":
        return frames["clusters"].to_csv(index=False).encode("utf-8")
    if fmt != "xlsx":
        raise InvalidInputError(f"'fmt' must be 'csv' or 'xlsx' (got {fmt!r})")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for name, frame in frames.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    return buf.getvalue()


def write_template(path: str | Path) -> Path:
    """Write the template to ``path`` (``.csv`` or ``.xlsx``) and return the path."""
    out = Path(path)
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in ("csv", "xlsx"):
        raise InvalidInputError(f"'--out' must end in .csv or .xlsx (got {str(path)!r})")
    if not out.parent.exists():
        raise InvalidInputError(f"'--out': folder {str(out.parent)!r} does not exist")
    out.write_bytes(template_bytes(suffix))
    return out
