"""Widgets whose value lives in the URL (:func:`pick`, :func:`url_number`), and the display of
gvc's errors and warnings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import streamlit as st

from app_pages.state import lang, set_url_state, t, url_option
from gvc.errors import GvcError


def pick(
    label_key: str,
    options: list,
    key: str,
    default: object = None,
    format_func: Callable[[Any], str] = str,
    where: Any = None,
    widget: str = "selectbox",
    none: bool = False,
    label_text: str | None = None,
    **kw: Any,
) -> Any:
    """A selectbox (or segmented control, or radio) whose value lives in the URL under ``key``.

    The URL holds the option itself (a code such as ``IDN`` or ``c3``), not its translated
    label, so a shared link opens the same view in either language.
    """
    where = where if where is not None else st
    if not options:
        return None
    value = url_option(key, options, default, none=none)
    text = label_text if label_text is not None else t(label_key)
    if widget == "segmented":
        out = where.segmented_control(
            text, options, default=value, key=key, format_func=format_func, required=True, **kw
        )
    elif widget == "radio":
        index = None if value is None else options.index(value)
        out = where.radio(text, options, index=index, key=key, format_func=format_func, **kw)
    else:
        out = where.selectbox(
            text, options, index=options.index(value), key=key, format_func=format_func, **kw
        )
    set_url_state(**{key: out})
    return out


def url_number(
    label_key: str,
    key: str,
    page: str,
    min_value: int,
    max_value: int,
    default: int,
    step: int = 1,
    where: Any = None,
    widget: str = "number",
) -> int:
    """A whole-number input whose value lives in the URL under ``key``, clamped to its range.

    The widget's state key is scoped to ``page`` (``"<page>_<key>"``): two pages may use the same
    URL parameter (``top``) with different ranges, and a value carried over from one page, or
    typed into the URL by hand, is clamped into this page's range instead of raising
    Streamlit's ``StreamlitValueAboveMaxError``.
    """
    where = where if where is not None else st
    raw = st.query_params.get(key)
    try:
        value = int(float(raw)) if raw is not None else default
    except (TypeError, ValueError, OverflowError):
        value = default
    value = min(max(value, min_value), max_value)
    state_key = f"{page}_{key}"
    held = st.session_state.get(state_key)
    if held is not None and not min_value <= held <= max_value:
        del st.session_state[state_key]
    if widget == "slider":
        out = where.slider(t(label_key), min_value=min_value, max_value=max_value, value=value,
                           step=step, key=state_key)
    else:
        out = where.number_input(t(label_key), min_value=min_value, max_value=max_value,
                                 value=value, step=step, key=state_key)
    set_url_state(**{key: int(out)})
    return int(out)


# -- errors, warnings, downloads ------------------------------------------------------------------


@contextmanager
def gvc_errors() -> Iterator[None]:
    """Show a GvcError's message with st.error and stop the page there."""
    try:
        yield
    except GvcError as err:
        st.error(err.text(lang()))
        st.stop()


def show_notes(notes: list[str]) -> None:
    """Show data warnings from gvc under the content they concern."""
    for note in notes:
        st.caption(f":material/warning: {note}")
