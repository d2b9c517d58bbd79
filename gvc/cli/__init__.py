"""The ``gvc`` command line.

Subcommands come from ``gvc/cli/<area>.py`` modules, each with ``register(sub)``. A user error
(any :class:`~gvc.errors.GvcError`) prints one line to stderr and exits with status 2; no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from gvc.cli import clusters, core, domestic, download, imports, io_cmd, markets, trade
from gvc.cli.common import check_out
from gvc.errors import GvcError

AREAS = (core, trade, io_cmd, markets, clusters, domestic, imports, download)


class _Version(argparse.Action):
    """``--version``: read the installed package's metadata only when asked (fast ``--help``)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(core.version_text())  # to stdout, as argparse's own version action does
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """Return the ``gvc`` argument parser with every area's subcommands."""
    parser = argparse.ArgumentParser(
        prog="gvc",
        description="Export readiness and global value chain mapping on public trade and IO data.",
    )
    parser.add_argument("--db", help="database file (default: $GVC_DB or $GVC_HOME/gvc.duckdb)")
    parser.add_argument("--data-dir", help="embedded data folder (default: $GVC_DATA_DIR or data/)")
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show the program's version number and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in AREAS:
        area.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        if getattr(args, "out", None):  # refuse a bad --out before any long computation
            suffixes = getattr(args, "out_suffixes", None)  # a command writing other files
            check_out(args.out, *([suffixes] if suffixes else []))
        con = None
        if getattr(args, "needs_db", True):
            import gvc

            con = gvc.connect(args.db, data_dir=args.data_dir)
        return int(args.func(args, con) or 0)
    except GvcError as err:
        print(f"gvc: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gvc: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `gvc info | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
