"""Core subcommands: info, products, build, app."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from gvc import config
from gvc.cli.common import print_frame, print_rows, write_frame
from gvc.errors import DataNotFoundError, GvcError


def version_text() -> str:
    """Return ``gvc <version>`` from the installed package's metadata (``gvc --version``)."""
    from importlib import metadata

    try:
        return f"gvc {metadata.version('gvc')}"
    except metadata.PackageNotFoundError:  # pragma: no cover - a source tree not installed
        return "gvc (version unknown: the package is not installed)"


def register(sub: argparse._SubParsersAction) -> None:
    """Add info, products, build and app."""
    p = sub.add_parser("info", help="list the loaded datasets and their coverage")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--product",
        help="also say, analysis by analysis, what the loaded data give for this HS code "
        "(e.g. 9403) and the command that adds what is missing",
    )
    p.add_argument("--exporter", default="IDN", help="exporter for --product (default IDN)")
    p.set_defaults(func=cmd_info, needs_db=False)

    p = sub.add_parser("products", help="find HS products by code prefix or words")
    p.add_argument("search", help="a code prefix such as 0901, or words such as 'roasted coffee'")
    p.add_argument("--revision", default="HS92", help="HS92, HS17 or HS22 (default HS92); 'all'")
    p.add_argument("--level", type=int, choices=(2, 4, 6), help="digit level")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--out", help="write the result to FILE (.csv, .parquet, .xlsx, .json)")
    p.set_defaults(func=cmd_products)

    p = sub.add_parser("build", help="build (or rebuild) the database from the data folder")
    p.add_argument("--force", action="store_true", help="rebuild even if up to date")
    p.set_defaults(func=cmd_build, needs_db=False)

    p = sub.add_parser(
        "app",
        help="start the Streamlit app",
        description="Start the app. With several workers, one Streamlit process per worker runs "
        "behind one port and each browser stays with its worker (see docs/app.md). Options after "
        "'--' go to Streamlit, e.g. gvc app -- --server.baseUrlPath gvc",
    )
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument(
        "--address",
        default="127.0.0.1",
        help="address to serve on (default 127.0.0.1: this machine only; 0.0.0.0 serves every "
        "network the machine is on, with no authentication: see docs/app.md)",
    )
    p.add_argument(
        "--workers",
        help="app processes (default $GVC_APP_WORKERS, else one per core, at most 4)",
    )
    p.add_argument(
        "--max-per-client",
        type=int,
        default=64,
        metavar="N",
        help="connections one client address may hold with several workers (default 64; 0: no "
        "cap, e.g. behind a reverse proxy, which then caps: see deploy/)",
    )
    p.add_argument(
        "--idle-minutes",
        type=float,
        default=60.0,
        metavar="M",
        help="close a browser tab's session after M minutes without a click or a change; the "
        "tab then asks to be reloaded (default 60; 0: never; with several workers)",
    )
    p.add_argument("streamlit_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_app, needs_db=False)


def _info_plain(args: argparse.Namespace, build: bool = True) -> int:
    """Print datasets and coverage straight from DuckDB (no pandas: ``gvc info`` stays quick)."""
    from gvc import build as build_mod
    from gvc import db

    path, data = config.resolve(args.db, args.data_dir)
    if build:
        build_mod.build(path, data)
    con = db.open_db(path, read_only=True)
    try:
        def rows(name: str) -> tuple[list[str], list[tuple]]:
            cur = db.cursor(con).execute(db.load_sql(name))
            return [d[0] for d in cur.description], cur.fetchall()

        print(f"database: {path}")
        cols, ds = rows("core_datasets")
        keep = ["name", "table_name", "rows", "years", "coverage"]
        at = [cols.index(c) for c in keep]
        print_rows(keep, [[r[i] if r[i] is not None else "-" for i in at] for r in ds])
        for title, name in (("exports", "core_coverage_exports"),
                            ("IO tables", "core_coverage_io"), ("HS codes", "core_coverage_hs")):
            print(f"\n{title}:")
            print_rows(*rows(name))
    finally:
        con.close()
    return 0


def cmd_info(args: argparse.Namespace, con) -> int:
    """Print datasets and coverage (and, with --product, what the data give for one product)."""
    if not args.json and not args.product:
        return _info_plain(args)
    import gvc

    con = gvc.connect(args.db, data_dir=args.data_dir)
    gaps = con.data_gaps(args.product, args.exporter) if args.product else None
    if gaps is not None and not args.json:
        _info_plain(args, build=False)  # the database is fresh: connect() has just checked it
        print(f"\nHS {args.product} ({args.exporter}): what the loaded data give")
        print_frame(gaps[["analysis", "status", "years", "source", "grain"]])
        todo = gaps[gaps["command"] != ""]
        for _, r in todo.iterrows():
            print(f"  to add {r['analysis']}: {r['command']}")
        return 0
    ds = con.datasets()
    cov = con.coverage()
    payload = {
        "database": str(con.path),
        "fingerprint": con.fingerprint,
        "datasets": json.loads(ds.to_json(orient="records")),
        "coverage": {k: json.loads(v.to_json(orient="records")) for k, v in cov.items()},
    }
    if gaps is not None:
        payload["product"] = json.loads(gaps.to_json(orient="records"))
    print(json.dumps(payload, indent=1))
    return 0


def cmd_products(args: argparse.Namespace, con) -> int:
    """Search products."""
    revision = None if str(args.revision).lower() == "all" else args.revision
    df = con.products(args.search, level=args.level, revision=revision, limit=args.limit)
    if df.empty:
        raise DataNotFoundError(f"no {args.revision} product matches {args.search!r}")
    if args.out:
        write_frame(df, args.out)
        print(f"wrote {len(df)} rows to {args.out}")
    else:
        print_frame(df, max_rows=args.limit)
    return 0


def cmd_build(args: argparse.Namespace, con) -> int:
    """Build the database."""
    db, data = config.resolve(args.db, args.data_dir)
    from gvc import build as build_mod

    result = build_mod.build(db, data, force=args.force)
    if result["built"]:
        print(f"built {db} in {result['seconds']:.1f} s")
    else:
        print(f"{db} is up to date")
    return 0


def cmd_app(args: argparse.Namespace, con) -> int:
    """Start the app (``gvc.appserver.serve``): one Streamlit process or several behind one port."""
    from gvc import appserver

    env = dict(os.environ)
    if args.db:
        env["GVC_DB"] = str(Path(args.db).expanduser().resolve())
    if args.data_dir:
        env["GVC_DATA_DIR"] = str(Path(args.data_dir).expanduser().resolve())
    workers = (
        appserver.default_workers()
        if args.workers is None
        else appserver.check_workers(args.workers)
    )
    extra = list(args.streamlit_args)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    if not 0 <= args.max_per_client <= 100_000:
        raise GvcError(f"--max-per-client: expected 0-100000, got {args.max_per_client}")
    if not 0 <= args.idle_minutes <= 7 * 24 * 60:  # NaN fails too
        raise GvcError(f"--idle-minutes: expected 0-10080 (a week), got {args.idle_minutes}")
    return appserver.serve(
        workers, args.port, args.address, extra, env, args.max_per_client, args.idle_minutes * 60
    )
