"""Per-run state of the app: the database snapshot of the run, the language and the URL.

A page run is pinned to one snapshot (:func:`begin_run`, :func:`get_con`); the language and
every view parameter live in the URL, so a link opens the same view.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

import streamlit as st

import gvc
import gvc.config
from app_pages.i18n import LANGUAGES, label
from gvc.appserver import WARM_ENV

_log = logging.getLogger(__name__)

# -- the database snapshot ------------------------------------------------------------------------


def _file_id(path: Path) -> tuple[int, int, int]:
    info = path.stat()
    return info.st_ino, info.st_mtime_ns, info.st_size


@st.cache_resource
def _newest() -> dict[str, Any]:
    """The process's connection on the newest database snapshot (one per app worker)."""
    return {"lock": threading.Lock(), "con": None, "file": None}


def newest_con() -> gvc.Gvc:
    """Return the ``Gvc`` on the newest database snapshot, reopened when the file was replaced.

    An import or a rebuild (``gvc import ...``, ``gvc build``) replaces the database file; the
    next page run sees the new snapshot without restarting the app. Sessions that are in the
    middle of a run keep the one they started with (it stays readable). The first call builds
    the database if it is missing or stale.
    """
    box = _newest()
    with box["lock"]:
        con = box["con"]
        if con is not None:
            try:
                if _file_id(con.path) == box["file"]:
                    return con
            except OSError:
                return con  # being replaced right now: keep the old snapshot for this run
            con = con.reopen()
        else:
            con = gvc.connect()
        box["con"], box["file"] = con, _file_id(con.path)
        if os.environ.get(WARM_ENV) == "1":
            threading.Thread(target=_warm, args=(con,), name="gvc-warm", daemon=True).start()
        return con


#: The cluster the clusters page opens with (its ``default=``), warmed up by :func:`_warm`.
WARM_CLUSTER = "jabar-3205-batik"
#: The IO table the sectors and paths pages open with when it is loaded (OECD ICIO 2022).
DEFAULT_IO_TABLE = "icio2025"


def default_io_table(names: list[str]) -> str:
    """Return the IO table a page opens with: :data:`DEFAULT_IO_TABLE`, else the first name."""
    return DEFAULT_IO_TABLE if DEFAULT_IO_TABLE in names else names[0]


def _warm(con: gvc.Gvc) -> None:
    """Build the cluster opportunity context (3-5 s: relatedness, main classes, markets), the
    default cluster's list and the default IO table's Leontief model on a snapshot, off the
    page's thread. A page that asks meanwhile
    waits for this one computation (``Store.memo`` computes a value once) instead of repeating
    it; a failure here only means the page computes it itself, with the error shown there."""
    try:
        con.cluster(WARM_CLUSTER).opportunities()
    except Exception as err:  # a warm-up must never take the worker down
        _log.warning("warm-up of the clusters page failed: %s", err)
    try:
        # the Leontief model of the paths and sectors pages' default table and year (3.6 s of
        # the paths page's 4.4 s first run: the dense table and the LU factors of I - A); the
        # snapshot keeps it for every session (``Gvc.io`` is memoised per snapshot)
        tables = con.io_tables()
        if len(tables):
            name = default_io_table(sorted(set(tables["io_table"])))
            year = int(tables.loc[tables["io_table"] == name, "year"].max())
            _ = con.io(name, year).solver
    except Exception as err:
        _log.warning("warm-up of the IO model failed: %s", err)


def begin_run() -> gvc.Gvc:
    """Pin this page run to the newest snapshot (app.py calls it first, once per run).

    Every ``get_con()`` and ``cluster_con()`` of the run then returns the same snapshot, so a
    page never mixes two datasets even if an import lands while it runs.
    """
    con = newest_con()
    st.session_state["_gvc_run"] = con
    return con


def get_con() -> gvc.Gvc:
    """Return the database snapshot of this page run (see :func:`begin_run`)."""
    con = st.session_state.get("_gvc_run")
    return con if con is not None else begin_run()


# -- language -------------------------------------------------------------------------------------


def lang() -> str:
    """Return the current language code ('en' or 'id'); the choice lives in the URL (?lang=id)."""
    code = st.session_state.get("lang") or st.query_params.get("lang", "en")
    return code if code in LANGUAGES else "en"


def t(key: str, **fmt: object) -> str:
    """Translate a label key into the current language (``str.format`` fields filled)."""
    text = label(key, lang())
    return text.format(**fmt) if fmt else text


def language_selector() -> None:
    """Sidebar language switch; the code lives in the URL (``?lang=id``; absent for English)."""
    codes = list(LANGUAGES)
    choice = st.sidebar.radio(
        label("app.language", lang()),
        codes,
        index=codes.index(lang()),
        format_func=LANGUAGES.get,
        key="lang",
        horizontal=True,
    )
    set_url_state(lang=None if choice == "en" else choice)


# -- URL state ------------------------------------------------------------------------------------


def url_state(key: str, default: str) -> str:
    """Read a view parameter from the URL (so a view can be shared)."""
    return st.query_params.get(key, default)


def set_url_state(**values: object) -> None:
    """Write view parameters into the URL (None removes one)."""
    for k, v in values.items():
        if v is None:
            st.query_params.pop(k, None)
        elif st.query_params.get(k) != str(v):
            st.query_params[k] = str(v)


def url_option(key: str, options: list, default: object = None, none: bool = False) -> Any:
    """Return the option whose text is the URL parameter ``key``, else ``default``.

    With ``none=True`` a missing parameter gives None (an unanswered question).
    """
    by_text = {str(o): o for o in options}
    raw = st.query_params.get(key)
    if raw in by_text:
        return by_text[raw]
    if default in options or (none and default is None):
        return default
    return None if none or not options else options[0]
