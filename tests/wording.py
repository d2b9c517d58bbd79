"""Which words of a text are English: the check behind the Bahasa Indonesia sweeps (the pages
under AppTest, tests/app/test_app_indonesian.py, and in a real browser, tests/e2e).

A word is English when gvc could have written it in English (the English texts of the catalogs,
the HS 1992 descriptions, the IO sector and country names) and no Indonesian text of gvc or its
data uses it (the Indonesian catalogs, BTKI 2022 names, BPS IRIO industry names, CLDR's
Indonesian country names). Codes, identifiers, file names, commands, quotations, cited laws and
:data:`PROPER_NAMES` are left out (see the sweep's docstring).
"""

from __future__ import annotations

import re

from babel import Locale

from gvc import i18n
from gvc.registry.schema import FIELDS, FIRM_FIELDS

#: Proper names that keep their English words in Indonesian (publishers, publications).
PROPER_NAMES = [
    "Open Data Jabar", "IMF World Economic Outlook", "World Economic Outlook",
    "Atlas of Economic Complexity", "International Trade Data", "Harvard Growth Lab",
    "Inter-Country Input-Output tables", "Key Indicators", "Real Estate",
]

_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
_CODE = re.compile(r"\S*(?:\d|_)\S*")
#: codes and acronyms (ISO3 country codes such as ARE or LAO, FILE), commands, CLI options
_UPPER = re.compile(r"\b[A-Z]{2,}\b")
_COMMAND = re.compile(r"`[^`]*`|\bgvc (?:download|import|build|info|app)\b[^;]*|--[a-z-]+"
                      r"|\S+\.(?:csv|xlsx|xlsm|pdf|md)\b")
_QUOTED = re.compile(r"'[^']*'")
_FIELD = re.compile(r"\{[^{}]*\}")


def _words(text: str) -> list[str]:
    return [w.lower().strip("'") for w in _WORD.findall(text)]


Vocabulary = tuple[set[str], set[str], set[str]]


def build_vocabulary(con) -> Vocabulary:
    """English words gvc may write, Indonesian words gvc and its data use, words allowed."""
    cur = con.store.cursor()
    english: set[str] = set()
    indonesian: set[str] = set()
    for domain in i18n.DOMAINS:  # (placeholder names such as {buyers} are not words)
        english |= {w for t in i18n._catalog("en", domain).values()
                    for w in _words(_FIELD.sub(" ", t))}
        indonesian |= {w for t in i18n._catalog("id", domain).values()
                       for w in _words(_FIELD.sub(" ", t))}
    for sql in ("select description from products where hs_revision = 'HS92'",
                "select name from io_sectors", "select name from countries"):
        english |= {w for (t,) in cur.execute(sql).fetchall() if t for w in _words(t)}
    for sql in ("select name_id from product_names_id", "select name_id from irio52_industries"):
        indonesian |= {w for (t,) in cur.execute(sql).fetchall() if t for w in _words(t)}
    indonesian |= {w for t in Locale.parse("id").territories.values() for w in _words(t)}
    allowed = {w for (t,) in cur.execute("select legal_basis from market_requirements").fetchall()
               if t for w in _words(t)}
    allowed |= {w for f in (*FIELDS, *FIRM_FIELDS) for w in _words(f.name)}
    # table names (the Data page names each dataset's table: ``countries``, ``distances``)
    allowed |= {t for (t,) in cur.execute(
        "select table_name from information_schema.tables").fetchall() if "_" not in t}
    return english, indonesian, allowed


def english_words(texts: list[tuple[str, str]], vocabulary) -> list[tuple[str, str, str]]:
    english, indonesian, allowed = vocabulary
    hits = []
    for where, text in texts:
        plain = text
        for name in PROPER_NAMES:
            plain = plain.replace(name, " ")
        plain = _CODE.sub(" ", _QUOTED.sub(" ", _COMMAND.sub(" ", plain)))
        plain = _UPPER.sub(" ", plain)
        for w in _words(plain):
            if len(w) > 2 and w in english and w not in indonesian and w not in allowed:
                hits.append((w, where, text[:160]))
    return hits


