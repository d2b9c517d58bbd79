"""Interface labels in English (en) and Bahasa Indonesia (id), from gvc's gettext catalogs.

Every label a page shows comes through ``t(key)`` (app_pages.state) from
``gvc/locale/<lang>/LC_MESSAGES/gvc.po``, the one translation mechanism of gvc (``gvc.i18n``):
the key is the message context, the English text its msgid. Tests check that every key a page
uses exists and that the catalogs are complete (tests/unit/test_i18n.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from gvc import i18n

LANGUAGES = i18n.LANGUAGES


class _Labels(Mapping[str, dict[str, str]]):
    """``LABELS[key][lang]``: a read-only view of the catalogs, loaded on first use."""

    def __getitem__(self, key: str) -> dict[str, str]:
        found = i18n.texts(key)
        if not found:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(i18n.keys())

    def __len__(self) -> int:
        return len(i18n.keys())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(i18n.texts(key))


LABELS: Mapping[str, dict[str, str]] = _Labels()


def label(key: str, lang: str) -> str:
    """Return the label for ``key`` in ``lang`` (falls back to English, then the key)."""
    return i18n.text(key, lang)
