"""Shared Streamlit helpers: the connection, language, URL state, errors, cached gvc calls.

Every number a page shows comes from a ``gvc`` method called through one of the ``cached_*``
wrappers below (bounded, see :func:`cached`; the leading underscore of ``_con`` keeps the
connection out of the cache key). The wrappers return plain DataFrames (and the warnings the
call raised, so a page can show them instead of losing them).
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import io
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import streamlit as st

import gvc
import gvc.config
from app_pages.i18n import LANGUAGES, label
from gvc.cli.common import neutralise_formulas
from gvc.errors import GvcError

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
        return con


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
                st.warning(str(err))
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


# -- errors, warnings, downloads ------------------------------------------------------------------


@contextmanager
def gvc_errors() -> Iterator[None]:
    """Show a GvcError's message with st.error and stop the page there."""
    try:
        yield
    except GvcError as err:
        st.error(str(err))
        st.stop()


def _quiet(fn: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Run ``fn`` and return its value with the text of the warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = fn()
    notes = list(dict.fromkeys(str(w.message) for w in caught))
    return value, notes


def show_notes(notes: list[str]) -> None:
    """Show data warnings from gvc under the content they concern."""
    for note in notes:
        st.caption(f":material/warning: {note}")


def excel_bytes(df: pd.DataFrame, sheet: str = "data") -> bytes:
    """Return ``df`` as an .xlsx file (formula-safe)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        neutralise_formulas(df).to_excel(xl, index=False, sheet_name=sheet[:31])
    return buf.getvalue()


def csv_bytes(df: pd.DataFrame) -> bytes:
    """Return ``df`` as UTF-8 CSV (formula-safe)."""
    return neutralise_formulas(df).to_csv(index=False).encode("utf-8")


def table_with_download(
    df: pd.DataFrame, name: str, key: str, excel: bool = False, column_config: dict | None = None
) -> None:
    """Show a table and offer it as a CSV (and optionally Excel) download.

    The files are built when the button is clicked (Streamlit calls the function on its own
    thread), not on every run of the page: building them cost a fifth of a page run.
    """
    st.dataframe(df, hide_index=True, width="stretch", column_config=column_config)
    cols = st.columns([1, 1, 4]) if excel else [st]
    cols[0].download_button(
        t("download.csv"),
        lambda: csv_bytes(df),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        on_click="ignore",
    )
    if excel:
        cols[1].download_button(
            t("download.xlsx"),
            lambda: excel_bytes(df),
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            on_click="ignore",
        )


@st.cache_resource(max_entries=256, show_spinner=False)
def _chart_element(spec_key: tuple, _build: Callable[[], Any]) -> None:
    """Draw a chart once per key; later runs replay the recorded element.

    Streamlit records the elements a cached function draws and sends the recorded message again
    on a cache hit, so the chart is not rebuilt, schema-validated, serialised to JSON and
    converted to Arrow on every run (0.02-0.4 s per chart).
    """
    st.vega_lite_chart(_build().to_dict(), width="stretch")


def chart_with_data(
    build: Callable[[], Any], df: pd.DataFrame, name: str, key: str, spec_key: tuple
) -> None:
    """Show an Altair chart and, below it, its data as a table with a download.

    ``build`` makes the chart; its Vega-Lite spec is cached under ``spec_key`` plus the
    language and the database snapshot, so ``spec_key`` must name every other input of the
    chart. Building an Altair chart and validating its schema costs 0.02-0.4 s, most of a rerun
    whose data come from the caches.
    """
    _chart_element((get_con().fingerprint, lang(), *spec_key), build)
    with st.expander(t("chart.data")):
        table_with_download(df, name, key=key)


UNITS = {
    "en": ((1e12, "trn"), (1e9, "bn"), (1e6, "m"), (1e3, "k")),
    "id": ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"), (1e3, "ribu")),
}


def fmt_usd(value: float | None, language: str | None = None) -> str:
    """Format a USD amount compactly (bn, m, k; miliar, juta, ribu in Bahasa Indonesia)."""
    if value is None or pd.isna(value):
        return "-"
    v = float(value)
    code = language or lang()
    for size, unit in UNITS.get(code, UNITS["en"]):
        if abs(v) >= size:
            number = f"{v / size:,.1f}"
            if code == "id":  # Indonesian separators: 1.234,5
                number = number.replace(",", "_").replace(".", ",").replace("_", ".")
            return f"USD {number} {unit}"
    return f"USD {v:,.0f}"


def renamed(df: pd.DataFrame) -> pd.DataFrame:
    """Rename columns to the current language's labels (``col.<name>`` keys where they exist)."""
    out = df.copy()
    out.columns = [
        t(f"col.{c}") if label(f"col.{c}", "en") != f"col.{c}" else c for c in out.columns
    ]
    return out


# -- cached gvc calls: reference data -------------------------------------------------------------


@cached()
def cached_datasets(_con: gvc.Gvc) -> pd.DataFrame:
    """``con.datasets()``."""
    return _con.datasets()


@cached()
def cached_coverage(_con: gvc.Gvc) -> dict[str, pd.DataFrame]:
    """``con.coverage()``."""
    return _con.coverage()  # type: ignore[return-value]


@cached()
def cached_countries(_con: gvc.Gvc) -> pd.DataFrame:
    """``con.countries()``: iso3, iso_num, iso2, name, ..."""
    return _con.countries()


@cached()
def cached_products(_con: gvc.Gvc, revision: str, level: int) -> pd.DataFrame:
    """Every product of one HS revision and level: code, description, section."""
    return _con.products(None, level=level, revision=revision, limit=100_000)


@cached()
def cached_sections(_con: gvc.Gvc) -> pd.DataFrame:
    """The 21 HS sections (section, name) of the ``hs_sections`` reference table."""
    return _con.hs_sections()


@cached()
def cached_search(_con: gvc.Gvc, query: str, revision: str) -> pd.DataFrame:
    """``con.products(query, revision=...)``."""
    return _con.products(query, revision=revision, limit=200)


@cached()
def cached_complexity_years(_con: gvc.Gvc, level: int) -> list[int]:
    """Years with HS92 trade at ``level`` digits (or finer) for a complexity run."""
    years = _con.years("exports")
    return [y for y in years if not _con.complexity_sources(y, "HS92", level).empty]


def country_label(con: gvc.Gvc) -> Callable[[str], str]:
    """Return a format function ``ISO3 -> 'ISO3 · name'``."""
    names = dict(zip(cached_countries(con)["iso3"], cached_countries(con)["name"], strict=True))
    return lambda code: f"{code} · {names[code]}" if names.get(code) else str(code)


# -- cached gvc calls: complexity -----------------------------------------------------------------


@cached()
def cached_complexity(_con: gvc.Gvc, year: int, level: int, country: str) -> pd.DataFrame:
    """``con.complexity(year, level=level, country=country)`` with product descriptions."""
    df = _con.complexity(year, "HS92", level, country=country)
    desc = cached_products(_con, "HS92", level).set_index("code")
    df["product"] = df["product"].astype(str)
    df.insert(2, "description", df["product"].map(desc["description"]))
    df.insert(3, "section", df["product"].map(desc["section"]))
    return df


@cached()
def cached_exporters(_con: gvc.Gvc, year: int, level: int) -> list[str]:
    """Locations of a complexity run (for the country selector)."""
    return sorted(_con.complexity_rankings(year, "HS92", level)["location"].astype(str))


@cached()
def cached_rankings(_con: gvc.Gvc, year: int, level: int) -> pd.DataFrame:
    """``con.complexity_rankings(year, level=level)``."""
    return _con.complexity_rankings(year, "HS92", level)


@cached()
def cached_growth(
    _con: gvc.Gvc, country: str, year: int, level: int, strategy: str | None
) -> tuple[pd.DataFrame, dict]:
    """``con.growth_opportunities(...)`` and its ``attrs`` (strategy, weights, ECI, COI)."""
    df = _con.growth_opportunities(country, year, "HS92", level, strategy=strategy)
    attrs = dict(df.attrs)
    df.attrs = {}
    return df, attrs


@cached()
def cached_dynamics(_con: gvc.Gvc, start: int, end: int, country: str) -> pd.DataFrame:
    """``con.export_dynamics(start, end, level=2, country=country)`` with chapter names."""
    df = _con.export_dynamics(start, end, "HS92", 2, country=country)
    desc = cached_products(_con, "HS92", 2).set_index("code")["description"]
    df["product"] = df["product"].astype(str)
    df.insert(2, "description", df["product"].map(desc))
    return df


def radial_tree_layout(g: nx.Graph, tree_edges: list[tuple[str, str]]) -> dict[str, tuple]:
    """Place the nodes of a spanning tree (forest) on rings: a drawing layout, not an analytic.

    The root is the node of highest tree degree; a node's radius is its depth and its angle the
    middle of a sector proportional to its number of leaves. Runs in O(n), unlike force layouts
    (about 15 s for the 1,239-node product space on this machine).
    """
    import math

    tree = nx.Graph()
    tree.add_nodes_from(g.nodes)
    tree.add_edges_from(tree_edges)
    comps = sorted(nx.connected_components(tree), key=len, reverse=True)
    hub = "__root__"
    for comp in comps:
        root = max(comp, key=lambda n: (tree.degree(n), str(n)))
        tree.add_edge(hub, root)
    children: dict[str, list[str]] = {}
    depth = {hub: 0}
    for parent, child in nx.bfs_edges(tree, hub):
        children.setdefault(parent, []).append(child)
        depth[child] = depth[parent] + 1
    leaves: dict[str, int] = {}
    for node in nx.dfs_postorder_nodes(tree, hub):
        kids = children.get(node, [])
        leaves[node] = sum(leaves[k] for k in kids) if kids else 1
    pos: dict[str, tuple] = {}
    stack = [(hub, 0.0, 2 * math.pi)]
    while stack:
        node, lo, hi = stack.pop()
        mid = (lo + hi) / 2
        r = float(depth[node])
        pos[node] = (r * math.cos(mid), r * math.sin(mid))
        start = lo
        for kid in sorted(children.get(node, []), key=str):
            span = (hi - lo) * leaves[kid] / leaves[node]
            stack.append((kid, start, start + span))
            start += span
    pos.pop(hub)
    return pos


@cached(16)
def cached_product_space(_con: gvc.Gvc, year: int, level: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``con.product_space(year, level=level)`` as node and edge tables with a drawing layout.

    The graph does not depend on the country, so it is built once per year; a page adds the
    country's rca, mcp, export_value and density from ``con.complexity`` (the same values
    ``con.product_space(country=...)`` puts on the nodes). The layout
    (:func:`radial_tree_layout` of the maximum spanning tree) is only for drawing.
    """
    g = _con.product_space(year, "HS92", level)
    backbone = [(a, b) for a, b, d in g.edges(data=True) if d.get("backbone")]
    pos = radial_tree_layout(g, backbone)
    nodes = pd.DataFrame.from_dict(dict(g.nodes(data=True)), orient="index")
    nodes.index.name = "product"
    nodes = nodes.reset_index()
    nodes["product"] = nodes["product"].astype(str)
    nodes["x"] = [pos[p][0] for p in nodes["product"]]
    nodes["y"] = [pos[p][1] for p in nodes["product"]]
    edges = pd.DataFrame(
        [
            (str(a), str(b), d.get("proximity"), bool(d.get("backbone")))
            for a, b, d in g.edges(data=True)
        ],
        columns=["product_1", "product_2", "proximity", "backbone"],
    )
    return nodes, edges


# -- cached gvc calls: input-output ---------------------------------------------------------------


@cached()
def cached_io_tables(_con: gvc.Gvc) -> pd.DataFrame:
    """``con.io_tables()``."""
    return _con.io_tables()


@cached()
def cached_io_labels(_con: gvc.Gvc, table: str, year: int) -> tuple[pd.DataFrame, list[str]]:
    """The country-sector labels of one IO table (region, sector, sector_name)."""
    return _quiet(lambda: _con.io(table, year).labels)


@cached()
def cached_participation(
    _con: gvc.Gvc, table: str, year: int, region: str | None
) -> tuple[pd.DataFrame, list[str]]:
    """``con.io(table, year).participation(region)``."""
    return _quiet(lambda: _con.io(table, year).participation(region))


@cached()
def cached_linkages(
    _con: gvc.Gvc, table: str, year: int, region: str
) -> tuple[pd.DataFrame, list[str]]:
    """``con.io(table, year).linkages(region)`` with upstreamness and VA in exports."""

    def compute() -> pd.DataFrame:
        system = _con.io(table, year)
        link = system.linkages(region)
        up = system.upstreamness()
        up = up[up["region"] == region][["sector", "upstreamness", "downstreamness"]]
        va = system.value_added_in_exports(region)[["sector", "gross_exports", "dva_share"]]
        return link.merge(up, on="sector", how="left").merge(va, on="sector", how="left")

    return _quiet(compute)


@cached()
def cached_exports_by_destination(
    _con: gvc.Gvc, table: str, year: int, region: str
) -> tuple[pd.DataFrame, list[str]]:
    """``con.io(table, year).exports_by_destination(region)``."""
    return _quiet(lambda: _con.io(table, year).exports_by_destination(region))


@cached()
def cached_paths(
    _con: gvc.Gvc,
    table: str,
    year: int,
    region: str,
    sector: str,
    target: str,
    kind: str,
    top: int,
    max_depth: int,
    direction: str = "down",
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict, list[str]]:
    """``con.io(table, year).paths((region, sector), target, kind)`` as tables, or with
    ``direction="up"`` ``supplier_paths``: the paths that end at (region, sector).

    Returns the paths, the graph's nodes (node, ends) and edges (source, target, value), the
    paths' ``attrs`` (total, enumerated, complete) and any warnings. ``ends`` is the value of
    the paths ending at a node (down) or starting at it (up: where the value added comes from).
    """

    def compute() -> tuple:
        system = _con.io(table, year)
        search = system.supplier_paths if direction == "up" else system.paths
        paths, graph = search((region, sector), target, kind=kind, top=top, max_depth=max_depth)
        at = "starts" if direction == "up" else "ends"
        nodes = pd.DataFrame(
            [(n, float(d.get(at, 0.0))) for n, d in graph.nodes(data=True)],
            columns=["node", "ends"],
        )
        edges = pd.DataFrame(
            [(a, b, float(d.get("value", 0.0))) for a, b, d in graph.edges(data=True)],
            columns=["source", "target", "value"],
        )
        attrs = dict(paths.attrs)
        paths.attrs = {}
        return paths, nodes, edges, attrs

    (paths, nodes, edges, attrs), notes = _quiet(compute)
    return paths, nodes, edges, attrs, notes


# -- cached gvc calls: markets --------------------------------------------------------------------


@cached()
def cached_market_targets(
    _con: gvc.Gvc, exporter: str, product: str, year: int, grain: str
) -> tuple[pd.DataFrame, str, list[str]]:
    """``con.market_targets(...)`` (every market, ranked), its corrections text and warnings."""

    def compute() -> tuple[pd.DataFrame, str]:
        df = _con.market_targets(exporter, product, year, grain=grain)
        text = str(df.attrs.get("corrections", ""))
        df.attrs = {}
        return df, text

    (df, text), notes = _quiet(compute)
    return df, text, notes


@cached()
def cached_current_markets(
    _con: gvc.Gvc, exporter: str, chapter: str
) -> tuple[pd.DataFrame, list[str]]:
    """``con.current_markets(exporter, chapter)`` (latest BPS year)."""

    def compute() -> pd.DataFrame:
        df = _con.current_markets(exporter, chapter)
        df.attrs = {}
        return df

    return _quiet(compute)


@cached()
def cached_geo(_con: gvc.Gvc) -> pd.DataFrame:
    """Country positions (iso3, name, lat, lon) of the CEPII GeoDist ``geo`` reference table."""
    return _con.country_positions()


@cached()
def cached_trade_years(_con: gvc.Gvc) -> list[int]:
    """Years of the bilateral ``trade_flows`` table."""
    return [int(y) for y in _con.years("trade_flows")]


# -- cached gvc calls: clusters -------------------------------------------------------------------


@cached()
def cached_clusters(_con: gvc.Gvc, registry: str | None, uploads: tuple = ()) -> pd.DataFrame:
    """``con.clusters(registry)`` of a session view; ``uploads`` is its key (see cluster_con)."""
    del uploads
    return _con.clusters(registry)


@cached()
def cached_graduation(_con: gvc.Gvc, cluster_id: str, uploads: tuple = ()) -> pd.DataFrame:
    """``con.cluster(id).graduation()``."""
    del uploads
    return _con.cluster(cluster_id).graduation()


@cached()
def cached_readiness(
    _con: gvc.Gvc,
    cluster_id: str,
    language: str,
    answers: tuple = (),
    mode: str = "cluster",
    uploads: tuple = (),
) -> tuple[pd.DataFrame, dict]:
    """``con.cluster(id).readiness(lang=..., answers=...)`` and its attrs (score, confidence)."""
    del uploads
    ans = {k: (list(v) if isinstance(v, tuple) else v) for k, v in answers}
    df = _con.cluster(cluster_id).readiness(lang=language, answers=ans or None, mode=mode)
    attrs = {k: v for k, v in df.attrs.items() if k in ("score", "confidence", "weights")}
    indicators = pd.DataFrame(df.attrs.get("indicators", []))
    attrs["indicators"] = indicators
    df.attrs = {}
    return df, attrs


@cached()
def cached_opportunities(_con: gvc.Gvc, cluster_id: str, uploads: tuple = ()) -> pd.DataFrame:
    """``con.cluster(id).opportunities()``."""
    del uploads
    df = _con.cluster(cluster_id).opportunities()
    return df.copy()


@cached()
def cached_questionnaire(_con: gvc.Gvc, mode: str, language: str) -> list[dict]:
    """``con.cluster_questionnaire(mode, lang)``."""
    return _con.cluster_questionnaire(mode, language)


#: Country outlines for maps: Natural Earth 110m as TopoJSON (world-atlas 2.0.2, see
#: data/SOURCES.md section 12), served by Streamlit's static file server from ``static/``
#: (``server.enableStaticServing`` in .streamlit/config.toml) and fetched by the browser from
#: this app, so the 108 kB outline is not sent with every run of the page. Nothing is fetched
#: from the internet.
WORLD_OUTLINES_URL = "app/static/geo/world_countries_110m.topojson"


def readiness_view(
    ready: pd.DataFrame, attrs: dict, name: str, key: str, note: Callable[[str], Any] = st.write
) -> pd.DataFrame:
    """Show a readiness result: score and confidence metrics, the overall explanation and the
    score of each lever as bars (coloured by its weight) with the data; return the levers."""
    import altair as alt

    score = attrs.get("score")
    m = st.columns(2)
    m[0].metric(
        t("clusters.readiness_score"),
        f"{score:.0f} / 100" if score is not None and score == score else "-",
    )
    m[1].metric(
        t("clusters.confidence"),
        f"{attrs.get('confidence', 0):.0%}",
        help=t("clusters.confidence_help"),
    )
    note(ready["explanation"].iloc[-1])
    levers = ready[ready["lever"] != "overall"]
    shown = levers[["name", "score", "weight_used", "explanation"]]
    content = tuple(map(tuple, shown.astype(str).to_numpy()))  # all the chart shows: its key

    def lever_chart() -> alt.Chart:
        return (
            alt.Chart(levers)
            .mark_bar()
            .encode(
                x=alt.X("score:Q", title=t("col.score"), scale=alt.Scale(domain=[0, 100])),
                y=alt.Y("name:N", sort=None, title=""),
                color=alt.Color(
                    "weight_used:Q", title=t("col.weight_used"), scale=alt.Scale(scheme="blues")
                ),
                tooltip=[
                    "name",
                    alt.Tooltip("score:Q", format=".0f"),
                    alt.Tooltip("weight_used:Q", format=".0%"),
                    "explanation",
                ],
            )
            .properties(height=220)
        )

    chart_with_data(lever_chart, renamed(ready), name, key=key, spec_key=("readiness", content))
    return levers
