"""``gvc import KIND PATH`` and ``gvc imports``: bring in the full public datasets."""

from __future__ import annotations

import argparse
import json
import sys
import time

from gvc.choices import KINDS
from gvc.cli.common import print_frame


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``import`` and ``imports``."""
    p = sub.add_parser(
        "import",
        help="import a full public dataset (BACI, Comtrade, Atlas, ICIO, WIOD 2016, national IO)",
        description="Validate and import a downloaded dataset file, folder or zip; the database "
        "is rebuilt atomically. See docs/importers.md for the formats.",
    )
    p.add_argument("kind", choices=(*KINDS, "clusters"),
                   help="the dataset format ('clusters': an MSE cluster registry CSV/Excel)")
    p.add_argument("path", help="the file, folder or release zip")
    p.add_argument(
        "--quarantine",
        action="store_true",
        help="land the good rows; write rejected rows with their reason to a rejects "
        "file (default: reject the whole file)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="let this release replace another release of the dataset for the years both cover",
    )
    p.add_argument("--release", help="release label (default: from the file names)")
    p.add_argument("--layout", help="layout description (JSON/TOML) of a national IO table")
    p.add_argument("--year", type=int, help="year of an IO table whose file name has none")
    p.add_argument("--name", help="IO table name, or a suffix for trade datasets")
    p.add_argument("--json", action="store_true", help="print the import report as JSON")
    p.add_argument("--firms", help="clusters only: a per-firm records file (CSV/Excel)")
    p.add_argument("--check", action="store_true", help="clusters only: validate, do not save")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("imports", help="list imported datasets and releases")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_imports)


class _Progress:
    """Progress lines on stderr with the elapsed time (a bar per file is in the message)."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def __call__(self, msg: str) -> None:
        elapsed = time.perf_counter() - self.start
        print(f"\r[{elapsed:7.1f}s] {msg}", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace, con) -> int:
    """Run one import and print its report."""
    if args.kind == "clusters":  # the same as `gvc clusters import FILE`
        from gvc.cli import clusters as clusters_cli

        args.file = args.path
        return clusters_cli.cmd_import(args, con)
    res = con.import_file(
        args.kind,
        args.path,
        release=args.release,
        quarantine=args.quarantine,
        replace=args.replace,
        layout=args.layout,
        year=args.year,
        name=args.name,
        progress=_Progress(),
    )
    if args.json:
        print(json.dumps(res, indent=1, default=str))
        return 0
    for e in res["entries"]:
        print(
            f"imported {e['dataset']} release {e['release']} into "
            f"{', '.join(sorted(e['tables']))}; years {e['years']}"
        )
    for r in res["reports"]:
        line = f"  {r['file']}: {r['rows_read']:,} rows read, {r['rows_written']:,} written"
        if r["skipped"]:
            line += "; skipped " + ", ".join(f"{v:,} {k}" for k, v in r["skipped"].items())
        if r["rejected"]:
            line += "; REJECTED " + ", ".join(f"{v:,} {k}" for k, v in r["rejected"].items())
        print(line)
        if r.get("rejects_file"):
            print(f"  rejected rows with reasons: {r['rejects_file']}")
        for w in r.get("warnings", []):
            print(f"  warning: {w}")
    print(f"database rebuilt (fingerprint {res['fingerprint']})")
    return 0


def cmd_imports(args: argparse.Namespace, con) -> int:
    """List the imported releases."""
    df = con.imports()
    if args.json:
        print(df.to_json(orient="records", indent=1))
    elif df.empty:
        print("no imported datasets (see 'gvc import --help')")
    else:
        print_frame(df.drop(columns=["path"]))
    return 0
