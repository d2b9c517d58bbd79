"""Boundary checks for user-supplied parameters: codes, years, revisions, enumerations.

Every check returns the normalised value or raises a :class:`~gvc.errors.GvcError` whose message
names the parameter, what was expected and what arrived (with close matches for unknown codes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gvc.errors import InvalidInputError, UnknownCodeError, close_matches, did_you_mean
from gvc.i18n import Message

_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_HS = re.compile(r"^\d{2}(\d{2}){0,2}$")

REVISION_ALIASES = {
    "HS92": "HS92", "HS1992": "HS92", "H0": "HS92", "HS0": "HS92", "1992": "HS92",
    "HS96": "HS96", "HS1996": "HS96", "H1": "HS96",
    "HS02": "HS02", "HS2002": "HS02", "H2": "HS02",
    "HS07": "HS07", "HS2007": "HS07", "H3": "HS07",
    "HS12": "HS12", "HS2012": "HS12", "H4": "HS12",
    "HS17": "HS17", "HS2017": "HS17", "H5": "HS17", "HS5": "HS17", "2017": "HS17",
    "HS22": "HS22", "HS2022": "HS22", "H6": "HS22", "HS6": "HS22", "2022": "HS22",
}


def text(name: str, value: object, max_len: int = 200) -> str:
    """Require a non-empty string parameter of bounded length."""
    if not isinstance(value, str):
        raise InvalidInputError(Message("err.text_type", name=name, kind=type(value).__name__,
                                        value=value))
    value = value.strip()
    if not value:
        raise InvalidInputError(Message("err.text_empty", name=name))
    if len(value) > max_len:
        raise InvalidInputError(Message("err.text_long", name=name, max_len=max_len,
                                        n=len(value)))
    return value


def integer(name: str, value: object, low: int | None = None, high: int | None = None) -> int:
    """Require an integer parameter (not a bool, not a float), optionally within bounds."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            value = int(value.strip())
        else:
            raise InvalidInputError(Message("err.integer", name=name, kind=type(value).__name__,
                                            value=value))
    if (low is not None and value < low) or (high is not None and value > high):
        raise InvalidInputError(Message("err.between", name=name, low=low, high=high,
                                        value=value))
    return value


def choice(name: str, value: object, allowed: Iterable[str]) -> str:
    """Require one of ``allowed`` (case-insensitive), returning the canonical spelling."""
    allowed = list(allowed)
    if isinstance(value, str):
        for a in allowed:
            if a.lower() == value.strip().lower():
                return a
    hints = close_matches(str(value), allowed)
    raise InvalidInputError(Message(
        "err.choice", name=name, allowed=", ".join(repr(a) for a in allowed), value=value,
        hint=did_you_mean(hints[:1]) if hints else "",
    ))


def revision(value: object, name: str = "revision") -> str:
    """Normalise an HS revision name ('HS92', 'hs2017', 'H0', ...) to gvc's spelling."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip().upper() in REVISION_ALIASES:
        return REVISION_ALIASES[value.strip().upper()]
    raise InvalidInputError(Message("err.revision", name=name, value=value))


def hs_code(value: object, name: str = "product") -> str:
    """Require an HS code as a string of 2, 4 or 6 digits with its leading zeros."""
    if isinstance(value, bool | int | float):
        raise InvalidInputError(Message("err.hs_number", name=name, value=value))
    if not isinstance(value, str):
        raise InvalidInputError(Message("err.hs_type", name=name, value=value))
    code = value.strip().replace(".", "")
    if code == "5209|5211":
        return code
    if not _HS.match(code):
        raise InvalidInputError(Message("err.hs_form", name=name, value=value))
    return code


def iso3(value: object, known: dict[str, str], name: str = "country") -> str:
    """Require a known ISO3 code; ``known`` maps codes to names (for close-match hints)."""
    if not isinstance(value, str):
        raise InvalidInputError(Message("err.iso3_type", name=name, kind=type(value).__name__,
                                        value=value))
    raw = value.strip()
    code = raw.upper()
    if code in known:
        return code
    if _ISO3.match(raw):
        hints = close_matches(code, known)
    else:
        by_name = {n.upper(): c for c, n in known.items() if n}
        hits = close_matches(raw, by_name)
        hints = [by_name[h.upper()] for h in hits]
    raise UnknownCodeError(Message(
        "err.iso3_unknown", name=name, value=raw,
        hint=did_you_mean(hints) if hints else Message("err.iso3_expected"),
    ))
