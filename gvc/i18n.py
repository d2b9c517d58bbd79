"""One way to produce user-visible text in English (``en``) and Bahasa Indonesia (``id``).

- **Texts** live in gettext catalogs, ``gvc/locale/<lang>/LC_MESSAGES/gvc.po``. Every message has
  a stable key as its context (``msgctxt "nav.home"``), the English text as ``msgid`` and the
  language's text as ``msgstr``; placeholders are ``str.format`` fields (``{n}``). The catalogs
  are read by Babel's pure-Python ``.po`` reader on first use (no compile step and no ``.mo``
  files to keep in step) and checked by :func:`check_catalogs` (the ``msgfmt --check`` of gvc:
  every key translated, no fuzzy entry, the same placeholders in both texts).
- **Numbers** are formatted by Babel with the language's CLDR locale data: ``1,234.5`` and
  ``12.5%`` in English, ``1.234,5`` and ``12,5%`` in Indonesian; amounts compactly with the
  locale's words (``USD 157.2 billion``, ``USD 157,2 miliar``).

The analytics return codes and numbers; text is made from these templates by language. Babel is
imported on first use, so ``import gvc`` stays light.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

LANGUAGES = {"en": "English", "id": "Bahasa Indonesia"}
#: Babel locale of each language.
LOCALES = {"en": "en", "id": "id"}
LOCALE_DIR = Path(__file__).parent / "locale"
#: The catalog of the interface's texts.
DOMAIN = "gvc"
#: The catalog of names of codes that come from data tables (IO sectors, HS sections, ADB
#: sectors, datasets): key ``<kind>.<code>``, English as published, the language's name.
NAMES = "names"
DOMAINS = (DOMAIN, NAMES)

_FIELD = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}")


def catalog_path(lang: str, domain: str = DOMAIN) -> Path:
    """Return the ``.po`` file of ``lang`` (``domain``: :data:`DOMAIN` or :data:`NAMES`)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@functools.cache
def _catalog(lang: str, domain: str = DOMAIN) -> dict[str, str]:
    """Key -> text of one language (English: the msgid; others: the msgstr, if translated)."""
    from babel.messages.pofile import read_po

    with catalog_path(lang, domain).open("rb") as fh:
        cat = read_po(fh, locale=LOCALES.get(lang, lang), domain=domain)
    out: dict[str, str] = {}
    for msg in cat:
        if not isinstance(msg.id, str) or not msg.id or msg.context is None:
            continue  # the header
        text = msg.id if lang == "en" else msg.string
        if isinstance(text, str) and text and not msg.fuzzy:
            out[msg.context] = text
    return out


def keys() -> list[str]:
    """Every message key, in catalog order."""
    return list(_catalog("en"))


def text(key: str, lang: str, /, **fmt: object) -> str:
    """Return the text of ``key`` in ``lang``, with ``fmt`` filled in.

    Untranslated keys fall back to English, unknown keys to the key itself.
    """
    value = _catalog(lang if lang in LANGUAGES else "en").get(key) or _catalog("en").get(key)
    if value is None:
        return key
    return value.format(**fmt) if fmt else value


class Message:
    """A text still to be written: a catalog key and its fields, in any language later.

    ``str(message)`` is the English text (what the API's string attributes keep);
    :meth:`text` writes it in another language. A field may itself be anything with a
    ``text(lang)`` method (:class:`Message`, :class:`Name`, :class:`Number`).
    """

    __slots__ = ("fields", "key")

    def __init__(self, key: str, /, **fields: object) -> None:
        self.key = key
        self.fields = fields

    def text(self, lang: str) -> str:
        """Return the message in ``lang``."""
        return text(self.key, lang, **{
            k: _written(v, lang) for k, v in self.fields.items()
        })

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Message({self.key!r}, {self.fields!r})"


def _written(value: object, lang: str) -> object:
    """Return a field of a message, written in ``lang`` when it has a ``text(lang)`` method."""
    write = getattr(value, "text", None)
    return write(lang) if callable(write) else value


class Name:
    """A name still to be written (:func:`name`): kind, code and the published name."""

    __slots__ = ("code", "default", "kind")

    def __init__(self, kind: str, code: object, default: object = None) -> None:
        self.kind, self.code, self.default = kind, code, default

    def text(self, lang: str) -> str:
        """Return the name in ``lang``."""
        return name(self.kind, self.code, lang, self.default)

    def __str__(self) -> str:
        return self.text("en")


class Number:
    """A number still to be written (:func:`number`) with ``digits`` decimals."""

    __slots__ = ("digits", "value")

    def __init__(self, value: float, digits: int = 1) -> None:
        self.value, self.digits = value, digits

    def text(self, lang: str) -> str:
        """Return the number in ``lang``'s format."""
        return number(self.value, lang, self.digits)

    def __str__(self) -> str:
        return self.text("en")


class Joined:
    """Parts still to be joined in the language of the message they are part of.

    Parts are texts, messages or anything with ``text(lang)``; the separator is ``sep``, or the
    catalog text of ``sep_key`` (``" or "`` / ``" atau "``).
    """

    __slots__ = ("parts", "sep", "sep_key")

    def __init__(self, parts: list, sep: str = "; ", sep_key: str | None = None) -> None:
        self.parts, self.sep, self.sep_key = list(parts), sep, sep_key

    def text(self, lang: str) -> str:
        """Return the joined parts in ``lang``."""
        sep = text(self.sep_key, lang) if self.sep_key else self.sep
        return sep.join(str(_written(p, lang)) for p in self.parts)

    def __str__(self) -> str:
        return self.text("en")


def join(parts: object, lang: str, sep: str = "; ") -> str:
    """Join texts and :class:`Message` objects, each in ``lang`` (empty parts left out)."""
    items = parts if isinstance(parts, list | tuple) else [parts]
    out = [p.text(lang) if isinstance(p, Message) else str(p) for p in items if p]
    return sep.join(o for o in out if o)


def texts(key: str) -> dict[str, str]:
    """Return ``{lang: text}`` of ``key`` in every language that has it."""
    return {lang: t for lang in LANGUAGES if (t := _catalog(lang).get(key))}


def name(kind: str, code: object, lang: str, default: object = None) -> str:
    """Return the name of ``code`` of ``kind`` in ``lang``, from the names catalog.

    ``kind`` is ``sector.icio2025``, ``section``, ``adb``, ``ds``...; ``default`` (the
    published English name) is returned when the catalog has none, else the code itself.
    """
    key = f"{kind}.{code}"
    found = _catalog(lang if lang in LANGUAGES else "en", NAMES).get(key)
    if found:
        return found
    if default is not None and not _missing_text(default):
        return str(default)
    return _catalog("en", NAMES).get(key) or str(code)


def _missing_text(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


@functools.cache
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(LOCALES.get(lang, "en")).territories)


def country(iso2: object, lang: str, default: object = None) -> str:
    """Return a country's name in ``lang`` from CLDR (Babel), by its ISO 3166 alpha-2 code.

    ``default`` (the data's own name) is returned for codes CLDR does not name (aggregates, old
    codes) and in English, where the data's names are kept as published.
    """
    if lang != "en" and isinstance(iso2, str) and iso2 in _territories(lang):
        return _territories(lang)[iso2]
    if default is not None and not _missing_text(default):
        return str(default)
    return _territories("en").get(iso2, str(iso2)) if isinstance(iso2, str) else str(iso2)


def check_catalogs() -> list[str]:
    """Return the problems of the catalogs (empty when they are sound).

    Checked, in both catalogs (:data:`DOMAINS`): every English key has a translation in every
    language, no entry is fuzzy or without a key, no key is repeated, a translation has exactly
    the placeholders of its English text, and no translation is left for a key English no
    longer has.
    """
    problems: list[str] = []
    for domain in DOMAINS:
        problems += _check_domain(domain)
    return problems


def _check_domain(domain: str) -> list[str]:
    from babel.messages.pofile import read_po

    problems: list[str] = []
    english: dict[str, str] = {}
    for lang in LANGUAGES:
        path = catalog_path(lang, domain)
        with path.open("rb") as fh:
            cat = read_po(fh, locale=LOCALES[lang], domain=domain)
        seen: set[str] = set()
        for msg in cat:
            if not isinstance(msg.id, str) or not msg.id:
                continue  # the header (plural entries are not used by gvc)
            where = f"{path.name} ({lang}) line {msg.lineno}"
            if msg.context is None:
                problems.append(f"{where}: no msgctxt key for {msg.id!r}")
                continue
            if msg.context in seen:
                problems.append(f"{where}: key {msg.context!r} appears twice")
            seen.add(msg.context)
            if msg.fuzzy:
                problems.append(f"{where}: {msg.context!r} is marked fuzzy")
            if lang == "en":
                english[msg.context] = msg.id
                continue
            string = msg.string if isinstance(msg.string, str) else ""
            if not string:
                problems.append(f"{where}: {msg.context!r} is not translated")
            elif fields(string) != fields(msg.id):
                problems.append(
                    f"{where}: {msg.context!r} has placeholders {sorted(fields(string))}, "
                    f"the English text {sorted(fields(msg.id))}"
                )
            elif msg.context in english and english[msg.context] != msg.id:
                problems.append(f"{where}: {msg.context!r} translates an old English text")
        if lang != "en":
            problems += [
                f"{path.name} ({lang}): {k!r} is missing" for k in english if k not in seen
            ]
            problems += [
                f"{path.name} ({lang}): {k!r} is not in the English catalog"
                for k in sorted(seen - set(english))
            ]
    return problems


def fields(template: str) -> set[str]:
    """Return the ``str.format`` field names of ``template``."""
    return set(_FIELD.findall(template))


# -- numbers --------------------------------------------------------------------------------------


def _missing(value: object) -> bool:
    try:
        return value is None or not math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def number(value: float | None, lang: str, digits: int = 1, missing: str = "-") -> str:
    """Format a number: ``1,234.5`` (en) / ``1.234,5`` (id) with ``digits`` decimals."""
    if _missing(value):
        return missing
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(float(value), format=pattern, locale=LOCALES.get(lang, "en"))  # type: ignore[arg-type]


def percent(value: float | None, lang: str, digits: int = 0, missing: str = "-") -> str:
    """Format a share as a percentage: ``0.125`` -> ``12.5%`` (en) / ``12,5%`` (id)."""
    if _missing(value):
        return missing
    from babel.numbers import format_percent

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return format_percent(float(value), format=pattern, locale=LOCALES.get(lang, "en"))  # type: ignore[arg-type]


def signed_percent(value: float | None, lang: str, digits: int = 1, missing: str = "-") -> str:
    """Format a share with its sign as a percentage: ``0.012`` -> ``+1.2%`` / ``+1,2%``."""
    if _missing(value):
        return missing
    v = float(value)  # type: ignore[arg-type]
    return ("-" if v < 0 else "+") + percent(abs(v), lang, digits)


def money(
    value: float | None, lang: str, currency: str = "USD", digits: int = 1, missing: str = "-",
    compact: bool = True,
) -> str:
    """Format an amount compactly: ``USD 157.2 billion`` (en) / ``USD 157,2 miliar`` (id).

    Below a thousand the whole amount is written (``USD 950``), and always with
    ``compact=False`` (``Rp 1.250.000.000``). Rupiah amounts are ``Rp`` in Indonesian
    (``Rp 48,2 triliun``), ``IDR`` in English.
    """
    if _missing(value):
        return missing
    from babel.numbers import format_compact_decimal

    v = float(value)  # type: ignore[arg-type]
    locale = LOCALES.get(lang, "en")
    symbol = "Rp" if currency == "IDR" and lang == "id" else currency  # as Indonesians write it
    if abs(v) < 1000 or not compact:
        return f"{symbol} {number(v, lang, 0)}"
    if abs(v) >= 1e15:  # beyond CLDR's largest unit: thousands of trillions, grouped
        word = format_compact_decimal(1e12, format_type="long", locale=locale).split(" ", 1)[1]
        return f"{symbol} {number(v / 1e12, lang, digits)} {word}"
    return f"{symbol} " + format_compact_decimal(
        v, format_type="long", fraction_digits=digits, locale=locale
    )
