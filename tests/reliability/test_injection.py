"""Injection: SQL metacharacters in every API and CLI parameter, formula injection in downloads,
uploaded file names.

The API and CLI sweeps introspect ``gvc.Gvc`` and the argparse tree, so a method or an option
added later is covered without editing this file. A parameter passes when the call either returns
(the text was treated as data) or raises a :class:`gvc.GvcError` (the text was refused with a
message); any other exception (a DuckDB error, a ``KeyError``) fails, and afterwards no table of
the database may have changed.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import inspect
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import gvc
from gvc.cli import build_parser, main
from gvc.cli.common import neutralise_formulas, write_frame
from tests.helpers import table_checksums

#: SQL metacharacters, statement stacking, DuckDB table functions, LIKE wildcards, NUL, traversal.
PAYLOADS = [
    "IDN'; DROP TABLE exports;--",
    "' OR '1'='1",
    "\"; ATTACH '/tmp/gvc_injected.duckdb' AS x; --",
    "x' UNION SELECT * FROM read_csv('/etc/passwd') --",
    "%_\\$1?",
    "IDN\x00",
    "../../etc/passwd",
]
#: Fewer payloads for the broad sweeps (each call may run a real query).
SWEEP = PAYLOADS[:1] + PAYLOADS[3:4] + PAYLOADS[5:]

#: Valid values for required parameters, by parameter name (methods added later reuse them).
GENERIC: dict[str, object] = {
    "year": 2016,
    "start_year": 2011,
    "end_year": 2016,
    "exporter": "IDN",
    "country": "IDN",
    "importer": "USA",
    "code": "IDN",
    "product": "0901",
    "product_or_sector": "0901",
    "chapter": "09",
    "revision": "HS92",
    "value": "HS92",
    "table": "exports",
    "name": "wiod2013",
    "kind": "baci",
    "mode": "cluster",
    "lang": "en",
}
#: Per-method overrides where the generic value is not loaded for that method.
OVERRIDES: dict[str, dict[str, object]] = {
    "io_table": {"year": 2011},
    "io_base_table": {"year": 2011},
    "io_upstreamness_comparison": {"year": 2011},
    "check_io_table": {"year": 2011},
    "check_product": {"code": "0901"},
    "export_potential": {"year": 2015},
    "market_targets": {"year": 2015},
    "export_diversification": {"year": 2015},
}
#: Methods that take callables or manage the connection (no user text reaches SQL through them).
NOT_USER_FACING = {"close", "reopen", "cursor", "memo", "cached_frame"}
#: Text the sweeps must never see in an error reaching the user.
LEAKS = ("Traceback", "duckdb.", "Catalog Error", "Parser Error", "Binder Error")


def _top_level_members(annotation: str) -> list[str]:
    """Split ``"Mapping[str, X] | str | None"`` into its top-level union members."""
    members, depth, cur = [], 0, ""
    for ch in annotation:
        depth += ch == "["
        depth -= ch == "]"
        if ch == "|" and depth == 0:
            members.append(cur.strip())
            cur = ""
        else:
            cur += ch
    members.append(cur.strip())
    return members


def _takes_text(param: inspect.Parameter) -> bool:
    """True for parameters that accept a plain string (``str``, ``object``, ``str | Path``)."""
    ann = param.annotation
    text = ann if isinstance(ann, str) else getattr(ann, "__name__", str(ann))
    if param.kind not in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY):
        return False
    return any(m.strip("'\"") in ("str", "object") for m in _top_level_members(text))


def _api_cases() -> list[tuple[str, str]]:
    cases = []
    for name, fn in inspect.getmembers(gvc.Gvc, predicate=inspect.isfunction):
        if name.startswith("_") or name in NOT_USER_FACING:
            continue
        if name == "convert_hs" and importlib.util.find_spec("gvc.importers.hsconvert") is None:
            continue  # lands with the importers
        for p in list(inspect.signature(fn).parameters.values())[1:]:
            if _takes_text(p):
                cases.append((name, p.name))
    return cases


API_CASES = _api_cases()
#: Known bugs, reported to their owners: strict xfail with the file and the fix in the reason;
#: delete an entry once its fix is committed.
KNOWN_BUGS: dict[tuple[str, str], str] = {}  # (import_file, layout) with a NUL: fixed in d7a6d4e
API_PARAMS = [
    pytest.param(
        m,
        p,
        id=f"{m}-{p}",
        marks=[pytest.mark.xfail(reason=KNOWN_BUGS[(m, p)], strict=True, raises=ValueError)],
    )
    if (m, p) in KNOWN_BUGS
    else pytest.param(m, p, id=f"{m}-{p}")
    for m, p in API_CASES
]


@pytest.fixture(scope="module")
def own(con, tmp_path_factory) -> gvc.Gvc:
    """A private Gvc on the session database (loaded cluster registries stay private)."""
    g = gvc.connect(con.path, data_dir=con.data_dir)
    yield g
    g.close()


@pytest.fixture(scope="module")
def before(con) -> dict[str, tuple[int, str]]:
    return table_checksums(con.path)


def _required_args(own: gvc.Gvc, method: str, skip: str, tmp: Path) -> dict[str, object]:
    sig = inspect.signature(getattr(gvc.Gvc, method))
    args: dict[str, object] = {}
    for p in list(sig.parameters.values())[1:]:
        if p.name == skip or p.default is not inspect.Parameter.empty:
            continue
        if p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
            continue
        if method == "load_clusters" and p.name == "source":
            args[p.name] = (
                b"cluster_id,name,province,kbli,hs_products\nq1,Kopi,JAWA BARAT,1079,0901\n"
            )
            args["filename"] = "upload.csv"
        elif method == "import_file" and p.name == "path":
            empty = tmp / "BACI_HS17_Y2020_V202301.csv"
            empty.write_bytes(b"")
            args[p.name] = empty
        elif p.name == "cluster_id":
            args[p.name] = own.clusters()["cluster_id"].iloc[0]
        elif p.name in OVERRIDES.get(method, {}):
            args[p.name] = OVERRIDES[method][p.name]
        elif p.name in GENERIC:
            args[p.name] = GENERIC[p.name]
        elif p.name == "frame":
            args[p.name] = pd.DataFrame(
                {"hs_revision": ["HS17"], "product": ["090111"], "value_usd": [1.0]}
            )
        else:  # a parameter added later: a plain word, so the call reaches the tested one
            args[p.name] = "x"
    return args


def _call_safely(fn, **kwargs) -> object:
    """Call ``fn``; a GvcError is an acceptable answer, anything else propagates."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # data warnings are not the subject here
        try:
            return fn(**kwargs)
        except gvc.GvcError as err:
            msg = str(err)
            assert not any(leak in msg for leak in LEAKS), msg
            return err


def test_sweep_covers_every_area():
    """The introspection finds string parameters of every area's mixin."""
    methods = {m for m, _ in API_CASES}
    assert {
        "exports",
        "trade_flows",
        "products",
        "complexity",
        "io_table",
        "export_potential",
        "market_targets",
        "cluster",
        "load_clusters",
        "import_file",
    } <= methods  # Store.sql (no longer on Gvc) has its own test below
    assert len(API_CASES) >= 40


@pytest.mark.parametrize(("method", "param"), API_PARAMS)
def test_api_string_parameters_resist_injection(own, before, tmp_path, monkeypatch, method, param):
    monkeypatch.chdir(tmp_path)  # a payload taken as a relative path stays in the sandbox
    fn = getattr(own, method)
    for payload in SWEEP:
        kwargs = _required_args(own, method, param, tmp_path)
        kwargs[param] = payload
        _call_safely(fn, **kwargs)
    assert not Path("/tmp/gvc_injected.duckdb").exists()
    created = {p.name for p in tmp_path.rglob("*")} - {"BACI_HS17_Y2020_V202301.csv"}
    assert not created, f"{method}({param}=...) created files {created}"


def test_sql_named_parameters_are_bound_not_formatted(own, before):
    """``Store.sql`` refuses file names that are not lower_snake_case and binds every value."""
    for payload in PAYLOADS:
        with pytest.raises(gvc.GvcError, match="SQL file name"):
            own.store.sql(payload)
        out = own.store.sql(
            "core_products", revision="HS92", level=None, prefix=payload, groups=None, limit=5
        )
        assert out.empty
        out = own.store.sql(
            "core_products", revision="HS92", level=None, prefix=None, groups=[[payload]],
            limit=5,
        )
        assert out.empty


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_on_core_parameters(own, payload):
    for call in (
        lambda: own.exports(exporter=payload),
        lambda: own.trade_flows(importer=payload),
        lambda: own.exports(product=payload),
        lambda: own.exports(source=payload),
        lambda: own.complexity(2016, country=payload),
        lambda: own.store.check_country(payload),
        lambda: own.store.check_year(payload, 2016),
        lambda: own.years(payload),
        lambda: own.cluster(payload),
    ):
        with pytest.raises(gvc.GvcError):
            call()
    # a search text is data: its punctuation is folded away like any other, so it finds what
    # its plain words find (nothing for most payloads), and nothing when no word is left
    from gvc.services.data import _fold

    words = _fold(payload)
    found = own.products(payload)
    if words:
        pd.testing.assert_frame_equal(found, own.products(words))
    else:
        assert found.empty
    assert own.exports(year=2016, exporter="IDN", source="atlas_hs92_2016").shape[0] > 0


def test_database_unchanged_after_api_sweeps(con, before):
    # runs after the sweeps in file order; the read-only snapshot must be byte-for-byte the same
    assert table_checksums(con.path) == before
    assert not Path("/tmp/gvc_injected.duckdb").exists()


# -- CLI -----------------------------------------------------------------------------------------

#: Subcommands that start servers or rebuild (covered elsewhere).
CLI_SKIP = {("app",), ("build",), ("info",)}
#: One payload per option keeps the sweep fast: quote, statement stacking and path traversal.
CLI_PAYLOADS = ["../x'; DROP TABLE exports;--"]
CLI_GENERIC = {
    "--year": "2016",
    "--country": "IDN",
    "--exporter": "IDN",
    "--cluster": "imk2025-bali",
    "search": "coffee",
    "file": "missing.csv",
    "name": "nothing",
    "cluster_id": "imk2025-bali",
    "--out": "out.csv",
}
CLI_OVERRIDES = {
    ("targets",): {"--year": "2015", "--product": "0901"},
    ("potential",): {"--year": "2015"},
    ("diversify",): {"--year": "2015"},
}


def _cli_commands() -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    out = []

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        for a in parser._actions:
            if isinstance(a, argparse._SubParsersAction):
                for name, sp in a.choices.items():
                    walk(sp, (*path, name))
                return
        if path and path not in CLI_SKIP:
            out.append((path, parser))

    walk(build_parser(), ())
    return out


def _cli_cases() -> list[tuple[tuple[str, ...], str]]:
    cases = []
    for path, parser in _cli_commands():
        for a in parser._actions:
            if a.nargs == 0 or a.choices or isinstance(a, argparse._HelpAction):
                continue
            cases.append((path, a.option_strings[0] if a.option_strings else a.dest))
    return cases


CLI_CASES = _cli_cases()


def _argv(path: tuple[str, ...], target: str, payload: str) -> list[str]:
    parser = dict(_cli_commands())[path]
    argv = list(path)
    values = {**CLI_GENERIC, **CLI_OVERRIDES.get(path, {})}
    for a in parser._actions:
        if isinstance(a, argparse._HelpAction) or a.nargs == 0:
            continue
        key = a.option_strings[0] if a.option_strings else a.dest
        if key == target:
            argv += [payload] if not a.option_strings else [f"{key}={payload}"]
        elif not a.option_strings:
            argv.append(values.get(key, "x"))
        elif a.required or key in CLI_OVERRIDES.get(path, {}):
            argv.append(f"{key}={values.get(key, 'x')}")
    return argv


@pytest.mark.parametrize(
    ("command", "option"), CLI_CASES, ids=[f"{' '.join(c)}-{o}" for c, o in CLI_CASES]
)
def test_cli_options_resist_injection(con, before, tmp_path, monkeypatch, capsys, command, option):
    monkeypatch.chdir(tmp_path)
    for payload in CLI_PAYLOADS:
        argv = [
            "--db",
            str(con.path),
            "--data-dir",
            str(con.data_dir),
            *_argv(command, option, payload),
        ]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse refused the value (bad int, ...)
                code = exc.code
        err = capsys.readouterr().err
        assert code in (0, 2), (argv, code, err)
        assert not any(leak in err for leak in LEAKS), err
    assert not Path("/tmp/gvc_injected.duckdb").exists()
    stray = [p for p in tmp_path.rglob("*") if p.name not in {"out.csv"}]
    assert not stray, stray


def test_cli_sweep_covers_every_area():
    commands = {c[0] for c, _ in CLI_CASES}
    assert {
        "products",
        "complexity",
        "growth",
        "io",
        "targets",
        "potential",
        "clusters",
        "opportunities",
    } <= commands


def test_database_unchanged_after_cli_sweeps(con, before):
    assert table_checksums(con.path) == before


# -- formula injection in downloads --------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\n=1+1",
    "=cmd|' /C calc'!A0",
]


def _dangerous(frame_values) -> list[str]:
    return [
        v for v in frame_values if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r")
    ]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": FORMULAS,
            "value": [-1.5, 2.0, -3.0, 4.0, 5.0, 6.0, -7.0],  # negative numbers stay numbers
            "=evil_column": ["ok"] * len(FORMULAS),
        }
    )


def test_write_frame_csv_neutralises_formulas(tmp_path):
    out = write_frame(_frame(), tmp_path / "x.csv")
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    cells = [c for row in rows for c in row]
    assert not _dangerous(c for c in cells if not _is_number(c))
    assert rows[0][2] == "'=evil_column"
    # a prefix is neutralised at the start and after a tab or line break inside the cell too
    assert [r[0] for r in rows[1:]] == [
        "'" + FORMULAS[0], "'+1+1", "'-2+3", "'@SUM(A1:A2)", "'\t'=1+1", "\n'=1+1", "'" + FORMULAS[6]
    ]
    assert [float(r[1]) for r in rows[1:]] == [-1.5, 2.0, -3.0, 4.0, 5.0, 6.0, -7.0]
    assert not list(tmp_path.glob(".*.tmp"))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("cell", ["\r=1+1", "ok\r=1+1"])
def test_write_frame_csv_carriage_return_cannot_start_a_formula(tmp_path, cell):
    """A bare CR inside a cell must be quoted: a spreadsheet would start a new row there."""
    out = write_frame(pd.DataFrame({"label": [cell, "x"]}), tmp_path / "cr.csv")
    with open(out, newline="", encoding="utf-8") as fh:  # splits rows at a bare CR, as Excel does
        cells = [c for row in csv.reader(fh) for c in row]
    assert not _dangerous(cells), cells


def test_write_frame_xlsx_has_no_formula_cells(tmp_path):
    """Text cells are stored as text with the original value (not an apostrophe-prefixed
    string); those starting with a formula prefix carry Excel's quotePrefix style."""
    out = write_frame(_frame(), tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (cell.coordinate, cell.value)
                    assert cell.quotePrefix == bool(_dangerous([cell.value])), cell.coordinate
    assert [c.value for c in wb.active["A"][1:]] == FORMULAS
    assert wb.active["C1"].value == "=evil_column"
    values = [c.value for c in wb.active["B"][1:]]
    assert values == [-1.5, 2.0, -3.0, 4.0, 5.0, 6.0, -7.0]


def test_write_frame_keeps_parquet_and_json_exact(tmp_path):
    """Machine formats are not spreadsheets: the text is kept as it is."""
    df = _frame()
    back = pd.read_parquet(write_frame(df, tmp_path / "x.parquet"))
    assert list(back["label"]) == FORMULAS
    back = pd.read_json(write_frame(df, tmp_path / "x.json"))
    assert list(back["label"]) == FORMULAS


def test_neutralise_formulas_leaves_the_input_alone():
    df = _frame()
    safe = neutralise_formulas(df)
    assert list(df["label"]) == FORMULAS
    starts = [f[:1] in "=+-@\t\r" for f in FORMULAS]
    assert list(safe["label"].str.startswith("'")) == starts


def test_cli_output_neutralises_product_descriptions(con, tmp_path, capsys):
    """An end-to-end CLI download: descriptions containing '-' at the start are escaped."""
    out = tmp_path / "p.csv"
    assert (
        main(
            [
                "--db",
                str(con.path),
                "--data-dir",
                str(con.data_dir),
                "products",
                "coffee",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    capsys.readouterr()
    with open(out, newline="", encoding="utf-8") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert len(cells) > 10
    assert not _dangerous(c for c in cells if not _is_number(c))


# -- cluster uploads: names and exports ------------------------------------------------------------

REGISTRY = (
    "cluster_id,name,province,kbli,hs_products,certifications\n"
    'inj1,"=HYPERLINK(""http://evil.example"")",JAWA BARAT,1079,0901,HALAL\n'
)


@pytest.mark.parametrize(
    ("filename", "label"),
    [
        ("../../evil.csv", "evil"),
        ("/etc/cron.d/evil.csv", "evil"),
        ("..\\..\\evil.csv", None),
        ("evil\x00.csv", None),
        ("'; drop table x;--.csv", None),
        (".csv", None),
        ("a" * 300 + ".csv", None),
    ],
)
def test_uploaded_file_names_are_sanitised(
    con, own, gvc_home, tmp_path, monkeypatch, filename, label
):
    """A file name never becomes a path: the registry lands only under $GVC_HOME/clusters."""
    monkeypatch.chdir(tmp_path)
    folder = gvc_home / "clusters"
    outside_before = set(gvc_home.parent.rglob("*evil*"))
    try:
        got = own.load_clusters(REGISTRY.encode(), filename=filename, persist=True)
    except gvc.GvcError:
        assert label is None, f"{filename!r} should load as {label!r}"
    else:
        assert label is not None, f"{filename!r} was accepted as {set(got['registry'])}"
        assert set(got["registry"]) == {label}
        saved = sorted(p.name for p in folder.glob(f"{label}.*"))
        assert saved == [f"{label}.clusters.csv"]
        own.remove_clusters(label)
    assert set(gvc_home.parent.rglob("*evil*")) == outside_before
    assert not list(tmp_path.iterdir())
    assert not Path("/etc/cron.d/evil.csv").exists()


def test_upload_names_with_metacharacters_are_data(own):
    """Cluster names and ids with SQL metacharacters are stored as text, not run."""
    text = (
        "cluster_id,name,province,kbli,hs_products\n"
        'sq1,"x\'); DROP TABLE exports;--",JAWA BARAT,1079,0901\n'
    )
    got = own.load_clusters(text.encode(), filename="sqlnames.csv")
    assert got["name"].iloc[0] == "x'); DROP TABLE exports;--"
    assert own.cluster("sq1").name == "x'); DROP TABLE exports;--"
    own.remove_clusters("sqlnames")
    with pytest.raises(gvc.GvcError):
        own.load_clusters(text.replace("sq1", "sq1'--").encode(), filename="badid.csv")


def test_cluster_export_neutralises_formulas(own, tmp_path):
    own.load_clusters(REGISTRY.encode(), filename="formulas.csv")
    try:
        c = own.cluster("inj1")
        assert c.name.startswith("=HYPERLINK")
        xlsx = c.export(tmp_path / "o.xlsx", top=5)
        wb = openpyxl.load_workbook(xlsx)
        seen = 0
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        seen += "HYPERLINK" in cell.value
                        if _dangerous([cell.value]):  # kept as text, marked as such
                            assert cell.data_type == "s", (ws.title, cell.coordinate)
                            assert cell.quotePrefix, (ws.title, cell.coordinate)
        assert seen >= 1  # the cluster's name is in the workbook, escaped
        out = c.export(tmp_path / "o.csv", top=5)
        with open(out, newline="", encoding="utf-8") as fh:
            cells = [x for row in csv.reader(fh) for x in row]
        assert not _dangerous(x for x in cells if not _is_number(x))
    finally:
        own.remove_clusters("formulas")


# -- the Streamlit app: URL parameters and text boxes ------------------------------------------------

APP_PAGES = ["home", "overview", "sectors", "paths", "markets", "clusters", "self_assessment",
             "diversification", "compare", "trends", "province", "data"]
#: Every URL parameter the pages read (a page ignores the ones it does not use).
URL_KEYS = [
    "q",
    "strategy",
    "countries",
    "prov",
    "ind",
    "measure",
    "dir",
    "rev",
    "level",
    "year",
    "country",
    "kind",
    "section",
    "origin",
    "io",
    "io_year",
    "region",
    "sector",
    "sink",
    "target",
    "grain",
    "exporter",
    "registry",
    "cluster",
    "mode",
    "lang",
    "chapter",
    "direction",
    "top",
    "depth",
    "product",
]


def _url_keys_read_by_pages() -> set[str]:
    """The URL parameters the pages read: ``pick(..., key=K)``, ``url_state(K, ...)``,
    ``url_number(label, K, ...)`` and widgets
    bound with ``bind="query-params"`` (found in the pages' syntax trees)."""
    import ast

    from tests.helpers import REPO

    keys: set[str] = set()
    for path in sorted((REPO / "app_pages").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            kw = {k.arg: k.value for k in node.keywords if k.arg}
            bound = isinstance(kw.get("bind"), ast.Constant) and kw["bind"].value == "query-params"
            if (name == "pick" or bound) and isinstance(kw.get("key"), ast.Constant):
                keys.add(kw["key"].value)
            if name == "url_state" and node.args and isinstance(node.args[0], ast.Constant):
                keys.add(node.args[0].value)
            if name == "url_number" and len(node.args) > 1 and isinstance(node.args[1],
                                                                          ast.Constant):
                keys.add(node.args[1].value)
    return keys


def test_the_sweep_covers_every_url_parameter_the_pages_read():
    found = _url_keys_read_by_pages()
    assert {"country", "direction", "product", "top"} <= found  # the scan works
    assert found <= set(URL_KEYS), sorted(found - set(URL_KEYS))


@pytest.mark.parametrize("page", APP_PAGES)
def test_app_url_parameters_and_text_boxes_resist_injection(con, before, monkeypatch, page):
    """A shared link can carry any text: each page shows a message or ignores it, never
    crashes, and nothing in the database changes."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from tests.helpers import REPO

    monkeypatch.setenv("GVC_DB", str(con.path))
    st.cache_data.clear()
    st.cache_resource.clear()
    payload = PAYLOADS[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=300)
        for k in URL_KEYS:
            at.query_params[k] = payload
        at.run()
        assert not at.exception, at.exception
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        for box in at.text_input:
            box.set_value(payload).run()
            assert not at.exception, (box.key, [e.value for e in at.exception])
    shown = " ".join(str(e.value) for e in at.error)
    assert not any(leak in shown for leak in LEAKS), shown
    assert table_checksums(con.path) == before
