"""Importers for the full public datasets.

CEPII BACI, UN Comtrade, Atlas, OECD ICIO, WIOD 2016 and national IO tables. See
``docs/importers.md`` and :mod:`gvc.imports` for the entry points.
"""
