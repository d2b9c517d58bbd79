"""The exceptions gvc raises for bad input and missing data.

Every message says what was expected, what arrived and what is allowed, so that the CLI can print it
as one line and the app can show it with ``st.error``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class GvcError(Exception):
    """Base class of every error gvc raises on purpose.

    The message may be a :class:`gvc.i18n.Message`: ``str(err)`` is then its English text (as
    the CLI prints it) and :meth:`text` writes it in another language (as the app shows it).
    """

    def __init__(self, message: object = "", *args: object) -> None:
        super().__init__(str(message), *args)
        self.message = message

    def text(self, lang: str) -> str:
        """Return the message in ``lang`` (English where it has no other language)."""
        write = getattr(self.message, "text", None)
        return str(write(lang)) if callable(write) else str(self)


class InvalidInputError(GvcError, ValueError):
    """A parameter or a file does not have the expected form."""


class UnknownCodeError(InvalidInputError):
    """A country, product, sector or other code is not known to the loaded data."""


class DataNotFoundError(GvcError, LookupError):
    """The requested data (a year, a table, a dataset) is not loaded."""


class DatabaseError(GvcError):
    """The database could not be built, opened or swapped."""


class ImportValidationError(InvalidInputError):
    """A file given to an importer failed validation; nothing was imported."""


def close_matches(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` of ``choices`` that look like ``value`` (case-insensitive)."""
    pool = {str(c).upper(): str(c) for c in choices}
    target = str(value).upper()
    hits = difflib.get_close_matches(target, list(pool), n=max(n, 10), cutoff=0.6)

    def rank(hit: str) -> tuple[float, int]:
        prefix = next((i for i, (a, b) in enumerate(zip(hit, target, strict=False)) if a != b),
                      min(len(hit), len(target)))
        return (-difflib.SequenceMatcher(None, target, hit).ratio(), -prefix)

    return [pool[h] for h in sorted(hits, key=rank)[:n]]


def unknown_code(
    what: object, value: object, choices: Iterable[str], example: str
) -> UnknownCodeError:
    """Build an :class:`UnknownCodeError` naming close matches, e.g. ``did you mean 'IDN'?``."""
    from gvc.i18n import Message

    hints = close_matches(str(value), choices)
    return UnknownCodeError(Message(
        "err.unknown_code", value=value, what=what,
        hint=did_you_mean(hints) if hints else Message("err.expected_example", example=example),
    ))


def did_you_mean(hints: list[str]) -> object:
    """Return the "; did you mean 'A' or 'B'?" part of a message (a ``gvc.i18n.Message``)."""
    from gvc.i18n import Joined, Message

    return Message("err.did_you_mean", hints=Joined([repr(h) for h in hints], sep_key="err.or"))
