"""Result caches of the app: :func:`cached` (bounded, shared by sessions, copy on read) and
:func:`_quiet` (a call's value with the warnings it raised)."""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

#: Bound of every result cache (entries per wrapper).
CACHE_ENTRIES = 64


def _fresh(value: Any) -> Any:
    """A caller's own view of a cached value: frames are shallow copies (pandas copy-on-write
    keeps a change the caller makes out of the cache), containers are rebuilt."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, tuple):
        return tuple(_fresh(v) for v in value)
    if isinstance(value, list):
        return [_fresh(v) for v in value]
    if isinstance(value, dict):
        return {k: _fresh(v) for k, v in value.items()}
    return value


def cached(max_entries: int = CACHE_ENTRIES) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Cache a gvc call per process, bounded to ``max_entries`` results per function.

    Like ``st.cache_data`` (one result per argument tuple, shared by every session) without its
    cost: ``st.cache_data`` pickles a result when it stores it and unpickles it on every read,
    about a tenth of a page run here. Results are kept as objects (``st.cache_resource``) and each
    read gets shallow copies (:func:`_fresh`), so a page that changes a frame changes only its own.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        def keyed(snapshot: str, *args: Any, **kwargs: Any) -> Any:
            return func(*args, **kwargs)

        # Streamlit keys a cache by the function's module, name and source and hashes every
        # argument whose name has no leading underscore: give ``keyed`` the wrapped function's
        # name and a signature ``(snapshot, <func's parameters>)`` so ``_con`` stays unhashed.
        keyed.__module__ = func.__module__
        keyed.__qualname__ = f"{func.__qualname__}.keyed"
        sig = inspect.signature(func)
        first = inspect.Parameter("snapshot", inspect.Parameter.POSITIONAL_OR_KEYWORD)
        keyed.__signature__ = sig.replace(  # type: ignore[attr-defined]
            parameters=[first, *sig.parameters.values()]
        )
        store = st.cache_resource(max_entries=max_entries, show_spinner=False)(keyed)

        @functools.wraps(func)
        def read(*args: Any, **kwargs: Any) -> Any:
            con = args[0] if args else kwargs.get("_con")
            return _fresh(store(getattr(con, "fingerprint", ""), *args, **kwargs))

        return read

    return decorate


def _quiet(fn: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run ``fn`` and return its value with the text of the warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = fn()
    notes = list(dict.fromkeys(str(w.message) for w in caught))
    return value, notes
