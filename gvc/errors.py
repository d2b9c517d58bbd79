"""The exceptions gvc raises for bad input and missing data.

Every message says what was expected, what arrived and what is allowed, so that the CLI can print it
as one line and the app can show it with ``st.error``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class GvcError(Exception):
    """Base class of every error gvc raises on purpose."""


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
    what: str, value: object, choices: Iterable[str], example: str
) -> UnknownCodeError:
    """Build an :class:`UnknownCodeError` naming close matches, e.g. ``did you mean 'IDN'?``."""
    hints = close_matches(str(value), choices)
    msg = f"{value!r} is not a known {what}"
    if hints:
        msg += "; did you mean " + " or ".join(repr(h) for h in hints) + "?"
    else:
        msg += f" (expected a code such as {example!r})"
    return UnknownCodeError(msg)
