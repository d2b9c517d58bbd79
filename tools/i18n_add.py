"""Add or update messages in gvc's catalogs (``gvc/locale/{en,id}/LC_MESSAGES/gvc.po``).

Usage::

    python tools/i18n_add.py messages.json
    python tools/i18n_add.py --names names.json     # the names catalog (names.po)

``messages.json`` maps each key to its texts: ``{"opp.col.rank": {"en": "Rank", "id":
"Peringkat"}}``. A new key is appended to both catalogs; an existing one gets the new texts. The
catalogs are written back by Babel in their usual layout; then ``gvc.i18n.check_catalogs()`` runs.
Catalogs can be edited by hand just as well (any PO editor); this only saves typing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def add(messages: dict[str, dict[str, str]], domain: str = "gvc") -> list[str]:
    """Merge ``messages`` into both catalogs of ``domain``; return the problems found after."""
    from babel.messages.pofile import read_po, write_po

    from gvc import i18n

    for lang in i18n.LANGUAGES:
        path = i18n.catalog_path(lang, domain)
        if path.exists():
            with path.open("rb") as fh:
                cat = read_po(fh, locale=i18n.LOCALES[lang], domain=domain)
        else:
            from babel.messages.catalog import Catalog

            cat = Catalog(locale=i18n.LOCALES[lang], domain=domain, project="gvc")
            path.parent.mkdir(parents=True, exist_ok=True)
        for key, texts in messages.items():
            if not texts.get("en") or not texts.get("id"):
                raise SystemExit(f"{key}: both 'en' and 'id' texts are needed, got {texts}")
            old = next((m for m in cat if m.context == key), None)
            if old is not None:
                cat.delete(old.id, context=key)
            cat.add(texts["en"], string="" if lang == "en" else texts["id"], context=key)
        with path.open("wb") as fh:
            write_po(fh, cat, width=100, sort_output=False)
    i18n._catalog.cache_clear()
    return i18n.check_catalogs()


def main(argv: list[str]) -> int:
    """Run the command line: one JSON file of messages."""
    domain = "gvc"
    if argv[:1] == ["--names"]:
        domain, argv = "names", argv[1:]
    if len(argv) != 1:
        print(__doc__)
        return 2
    problems = add(json.loads(Path(argv[0]).read_text(encoding="utf-8")), domain)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
