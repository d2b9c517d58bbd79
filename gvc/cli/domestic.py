"""The ``gvc domestic`` subcommand: domestic value chains and partners on BPS IRIO 2016."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from gvc.api import Gvc

import argparse

from gvc.cli.common import count, print_frame, write_frame
from gvc.errors import InvalidInputError

WHAT = ("buyers", "sources", "summary", "partners", "provinces")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``gvc domestic``."""
    p = sub.add_parser(
        "domestic",
        help="domestic buyers, input sources and partners of a cluster or province-industry "
        "(BPS IRIO 2016)",
        description=(
            "Domestic value chains on the BPS inter-regional IO table 2016 (billion IDR). "
            "Examples: gvc domestic --cluster jabar-3205-batik --what buyers; "
            "gvc domestic --province 'Jawa Barat' --industry I-15 --what sources; "
            "gvc domestic --cluster jabar-3205-batik --what partners --lang id --out p.csv; "
            "gvc domestic --what provinces --industry I-15"
        ),
    )
    p.add_argument("--cluster", help="cluster id (see gvc clusters)")
    p.add_argument("--province", help="BPS province code or name, e.g. 32 or 'Jawa Barat'")
    p.add_argument("--industry", help="IRIO 2016 industry, e.g. I-15 (textiles and apparel)")
    p.add_argument("--what", default="buyers", choices=WHAT, help="the table (default buyers)")
    p.add_argument("--top", type=count, default=20, help="rows to show (default 20)")
    p.add_argument("--lang", default="en", choices=("en", "id"), help="language of 'why'")
    p.add_argument("--out", help="write the whole table to .csv or .xlsx")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, con: Gvc) -> int:
    """Print or write one domestic value-chain table."""
    svc = con.domestic()
    if args.what == "provinces":
        df = svc.province_measures(args.industry)
    elif args.cluster:
        record = con.cluster(args.cluster).record
        if args.what == "partners":
            df = svc.cluster_partners(record, top=None, lang=args.lang)
        else:
            df = _table(svc.cluster_links(record), args.what)
    elif args.province and args.industry:
        if args.what == "partners":
            df = svc.partners(args.province, args.industry, top=None, lang=args.lang)
        else:
            df = _table(svc.links(args.province, args.industry), args.what)
    else:
        raise InvalidInputError(
            "give --cluster, or --province and --industry (got neither); e.g. "
            "--cluster jabar-3205-batik")
    if args.out:
        path = write_frame(df, args.out)
        print(f"{len(df)} rows -> {path}")
        return 0
    if args.what == "partners" and len(df):
        print_frame(df.drop(columns="why").head(args.top), max_rows=args.top)
        print(f"\n#1: {df['why'].iloc[0]}")
        return 0
    print_frame(df.head(args.top), max_rows=args.top)
    return 0


def _table(links: object, what: str) -> pd.DataFrame:
    frame = getattr(links, what)
    if what == "summary":
        return frame.T.reset_index().rename(columns={"index": "field"})
    return frame
