"""Cluster registries uploaded in a browser session: loaded into the session's own view."""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

import gvc
from app_pages.state import get_con, lang
from gvc.errors import GvcError


def cluster_con() -> tuple[gvc.Gvc, tuple]:
    """This browser session's view for clusters, and the key of the registries it uploaded.

    A registry uploaded on the Clusters page belongs to the session that uploaded it
    (``Gvc.session()``: same database and caches, own loaded registries); other users, and the
    other app workers, do not see it. The key (registry name, SHA-256 of the file) goes into the
    cached cluster calls, so two sessions share a result only when their uploads are the same.
    When the snapshot changes, the view is made again on the new one and the session's uploads
    are loaded into it again.
    """
    base = get_con()
    view = st.session_state.get("_gvc_session")
    if view is None or view.__dict__.get("_session_of") is not base:
        view = st.session_state["_gvc_session"] = base.session()
        for name, data in list(st.session_state.get("cluster_upload_bytes", {}).items()):
            try:
                view.load_clusters(data, filename=name)
            except GvcError as err:  # no longer valid on the new data: dropped, and said so
                _forget_upload(name)
                st.warning(err.text(lang()))
    return view, tuple(sorted(st.session_state.get("cluster_uploads", {}).items()))


def _forget_upload(name: str) -> None:
    """Drop the upload of file ``name`` from this session."""
    st.session_state.get("cluster_upload_bytes", {}).pop(name, None)
    st.session_state.get("cluster_uploads", {}).pop(Path(name).stem, None)


def load_upload(name: str, data: bytes) -> str | None:
    """Load an uploaded registry into this session (once per file content); return its name."""
    files: dict[str, bytes] = st.session_state.setdefault("cluster_upload_bytes", {})
    if files.get(name) == data:  # the widget hands the same file to every run
        return None
    view, _ = cluster_con()
    frame = view.load_clusters(data, filename=name)
    registry = str(frame["registry"].iloc[0]) if len(frame) else Path(name).stem
    st.session_state.setdefault("cluster_uploads", {})[registry] = hashlib.sha256(data).hexdigest()
    files[name] = data
    return registry
