"""The MSE cluster registry: schema, template, validated import and the shipped example registries.

A registry is one table with a row per cluster (columns in :data:`FIELDS`) and, optionally, a
second table of per-firm records (columns in :data:`FIRM_FIELDS`). It is read from CSV or Excel
(sheet ``clusters`` and optional sheet ``firms``), validated field by field, and normalised:
codes become ``;``-separated strings with their leading zeros, numbers become floats, and every
optional field the source leaves empty is listed in ``unknown_fields`` (it stays null; nothing is
imputed).

Modules: :mod:`~gvc.registry.schema` (fields, :class:`Registry`), :mod:`~gvc.registry.template`
(schema table, template workbook), :mod:`~gvc.registry.parse` (reading and validation),
:mod:`~gvc.registry.shipped` (registries built from the embedded BPS data),
:mod:`~gvc.registry.kbli` (KBLI 2020 codes and their ISIC Rev.4 correspondence).
Everything here is pure (pandas in, pandas out); :mod:`gvc.clusters` adds the database checks.
"""

from __future__ import annotations

from gvc.registry.parse import (
    load_registry,
    parse_certifications,
    parse_codes,
    validate_registry,
)
from gvc.registry.schema import (
    _ID,
    CERTIFICATIONS,
    FIELDS,
    FIRM_FIELDS,
    MAX_BYTES,
    MAX_ERRORS,
    OPTIONAL,
    Field,
    Registry,
    empty_firms,
)
from gvc.registry.shipped import imk_registry, jabar_registry
from gvc.registry.template import schema, template_bytes, template_frames, write_template

__all__ = [
    "CERTIFICATIONS",
    "FIELDS",
    "FIRM_FIELDS",
    "MAX_BYTES",
    "MAX_ERRORS",
    "OPTIONAL",
    "_ID",
    "Field",
    "Registry",
    "empty_firms",
    "imk_registry",
    "jabar_registry",
    "load_registry",
    "parse_certifications",
    "parse_codes",
    "schema",
    "template_bytes",
    "template_frames",
    "validate_registry",
    "write_template",
]
