"""The ``gvc io`` subcommand: input-output and GVC measures for one table and year."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from gvc import validate
from gvc.choices import REGION_PRESETS
from gvc.cli.common import count, print_frame, write_frame
from gvc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PRESETS = tuple(REGION_PRESETS)

WHAT = (
    "participation",
    "va",
    "linkages",
    "upstreamness",
    "multipliers",
    "paths",
    "supplier-paths",
    "exports",
    "fva-origin",
    "extraction",
    "output-check",
)
NEEDS_REGION = ("va", "exports", "fva-origin", "paths", "supplier-paths")
NEEDS_SECTOR = ("paths", "supplier-paths", "extraction")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``gvc io``."""
    p = sub.add_parser(
        "io",
        help="input-output and GVC measures (participation, linkages, upstreamness, paths, ...)",
        description=(
            "Leontief-model measures of one IO table and year. Examples: "
            "gvc io --year 2011 --region IDN --what participation; "
            "gvc io --year 2011 --region IDN --what paths --sector c6 --target USA "
            "--kind final_demand --out paths.csv (chains that start at IDN wood); "
            "--what supplier-paths: the chains of suppliers that end at it"
        ),
    )
    p.add_argument("--table", default="wiod2013", help="IO table (default wiod2013)")
    p.add_argument("--year", type=int, default=2011, help="year (default 2011)")
    p.add_argument("--region", help="region code, e.g. IDN (all regions when omitted)")
    p.add_argument("--what", default="participation", choices=WHAT, help="the measure")
    p.add_argument(
        "--sector",
        help="sector code for paths (start), supplier-paths (end) or extraction, e.g. c6 (wood)",
    )
    p.add_argument(
        "--target",
        help="paths: region whose exports or market whose final demand "
        "ends the chain (default --region)",
    )
    p.add_argument(
        "--kind",
        default="exports",
        choices=("exports", "final_demand"),
        help="paths: end in the target's exports or its final demand",
    )
    p.add_argument("--top", type=count, default=100, help="paths: how many (default 100)")
    p.add_argument(
        "--cutoff",
        type=float,
        default=1e-4,
        help="paths: relative cutoff (default 1e-4 of the total)",
    )
    p.add_argument("--max-depth", type=int, default=8, help="paths: maximum edges (default 8)")
    p.add_argument(
        "--published-output",
        action="store_true",
        help="use the published gross output instead of rowsum(Z) + rowsum(Y)",
    )
    p.add_argument(
        "--group",
        action="append",
        metavar="NAME=MEMBERS",
        help="aggregate regions first; MEMBERS is a comma list (IDN,MEX), a preset (EU, ASEAN, "
        "NAFTA, EAST_ASIA) or * for every other region; repeat, e.g. --group EU=EU --group 'ROW=*'",
    )
    p.add_argument("--sector-groups", choices=("broad",), help="aggregate sectors first")
    p.add_argument("--out", help="write the result to FILE (.csv, .parquet, .xlsx, .json)")
    p.set_defaults(func=cmd_io)


def run(args: argparse.Namespace, con) -> pd.DataFrame:
    """Compute the frame that ``gvc io`` prints or writes."""
    what = args.what
    if what in NEEDS_REGION and not args.region:
        raise InvalidInputError(f"'--region' is required for --what {what} (e.g. --region IDN)")
    if what in NEEDS_SECTOR and not args.sector:
        raise InvalidInputError(f"'--sector' is required for --what {what} (e.g. --sector c6)")
    s = con.io(
        args.table,
        args.year,
        balanced=not args.published_output,
        region_groups=parse_groups(args.group),
        sector_groups=args.sector_groups,
    )
    region = args.region.strip() if args.region else None
    if what == "participation":
        return s.participation(region)
    if what == "va":
        return s.value_added_in_exports(region)
    if what == "linkages":
        return s.linkages(region)
    if what == "upstreamness":
        df = s.upstreamness()
        return df if region is None else df[df["region"] == _region(s, region)]
    if what == "multipliers":
        df = s.multipliers()
        return df if region is None else df[df["region"] == _region(s, region)]
    if what == "exports":
        return s.exports_by_destination(region)
    if what == "fva-origin":
        return s.fva_origin(region)
    if what == "extraction":
        return s.extraction(args.sector, region)
    if what == "output-check":
        df = s.output_check()
        return df if region is None else df[df["region"] == _region(s, region)]
    top = validate.integer("--top", args.top, 1, 100_000)
    depth = validate.integer("--max-depth", args.max_depth, 0, 50)
    if not 0 <= args.cutoff < 1:
        raise InvalidInputError(f"'--cutoff' must be in [0, 1) (got {args.cutoff})")
    enumerate_paths = s.supplier_paths if what == "supplier-paths" else s.paths
    df, _ = enumerate_paths(
        (region, args.sector),
        target=args.target or region,
        kind=args.kind,
        top=top,
        cutoff=args.cutoff,
        max_depth=depth,
    )
    return df


def parse_groups(items: list[str] | None) -> dict[str, list[str] | str] | None:
    """Turn ``["EU=EU", "NA=USA,CAN", "ROW=*"]`` into the ``region_groups`` mapping."""
    if not items:
        return None
    groups: dict[str, list[str] | str] = {}
    for item in items:
        name, sep, members = item.partition("=")
        name, members = name.strip(), members.strip()
        if not sep or not name or not members:
            raise InvalidInputError(
                f"'--group' must look like NAME=MEMBERS, e.g. EU=EU or NA=USA,CAN (got {item!r})"
            )
        if name in groups:
            raise InvalidInputError(f"'--group': {name!r} is given twice")
        codes = [m.strip() for m in members.split(",") if m.strip()]
        single = len(codes) == 1 and codes[0] in (*PRESETS, "*")
        groups[name] = codes[0] if single else codes
    return groups


def _region(s, region: str) -> str:
    return s.table.regions[s.table.region_index(region)]


def cmd_io(args: argparse.Namespace, con) -> int:
    """Run ``gvc io``."""
    df = run(args, con)
    if args.out:
        write_frame(df, args.out)
        print(f"wrote {len(df)} rows to {args.out}")
    else:
        print_frame(df, max_rows=60)
    return 0
