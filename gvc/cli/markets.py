"""Command-line subcommands for export potential and market targets (ITC method)."""

from __future__ import annotations

import argparse
import os

from gvc.cli.common import count, print_frame, write_frame
from gvc.errors import InvalidInputError

TARGET_COLUMNS = [
    "rank",
    "importer",
    "importer_name",
    "value",
    "potential",
    "untapped",
    "market_share",
    "demand_growth_pct",
    "competitors",
]

#: What a fallback ranking prints (columns without a value at its grain are left out).
FALLBACK_COLUMNS = [
    "rank", "importer", "importer_name", "value", "share", "growth_pct", "potential", "untapped",
    "top_buyer",
]


def _add_model_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--exporter", required=True, help="ISO3 code (IO region for --grain io)")
    p.add_argument("--year", type=int, required=True, help="base year, e.g. 2015 or 2011 (io)")
    p.add_argument(
        "--grain",
        default="hs",
        choices=("hs", "io"),
        help="hs: HS products x importers; io: MRIO sectors x regions (default hs)",
    )
    p.add_argument("--source", help="trade_flows source (hs) or IO table (io; default wiod2013)")
    p.add_argument(
        "--rca-floor",
        type=float,
        default=1.0,
        help="supply counts products with RCA >= this (1); 0 counts every product",
    )
    p.add_argument("--horizon", type=int, default=5, help="projection years (5)")
    p.add_argument("--past-year", type=int, help="earlier year of the supply trend")
    p.add_argument(
        "--growth",
        default="imports",
        choices=("imports", "gdp", "none"),
        help="market growth from WEO import volume or real GDP (imports)",
    )
    p.add_argument(
        "--projections", help="CSV/Parquet with iso3, year, value[, subject] replacing WEO"
    )
    p.add_argument(
        "--tariffs",
        default="mfn",
        help="'mfn' (WTO MFN table), 'none', or a CSV/Parquet with importer, product, "
        "tariff[, exporter]",
    )
    p.add_argument("--no-distance", action="store_true", help="no relative-distance correction")
    p.add_argument("--out", help="write the result to FILE (.csv, .parquet, .xlsx, .json)")


def _options(args: argparse.Namespace) -> dict:
    tariffs = None if args.tariffs == "none" else args.tariffs
    return {
        "rca_floor": None if args.rca_floor <= 0 else args.rca_floor,
        "horizon": args.horizon,
        "past_year": args.past_year,
        "growth": None if args.growth == "none" else args.growth,
        "projections": args.projections,
        "tariffs": tariffs,
        "distances": not args.no_distance,
    }


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``targets``, ``potential``, ``diversify`` and ``markets`` to the `gvc` parser."""
    p = sub.add_parser(
        "targets",
        help="markets ranked by untapped export potential for one product or sector",
        description="ITC export potential (Decreux & Spies 2016) of one exporter in one HS "
        "product (or prefix) or IO sector, by market: current exports, potential, untapped, "
        "demand growth, market share, main competitors and the corrections applied.",
    )
    _add_model_options(p)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--product", help="HS code or prefix, e.g. 0901 (grain hs)")
    what.add_argument("--sector", help="IO sector: c6, its ISIC basis 20, or its name (grain io)")
    p.add_argument("--top", type=count, help="keep the first N markets")
    p.add_argument("--competitors", type=int, default=3, help="competitors listed per market (3)")
    p.add_argument(
        "--no-fallback",
        action="store_true",
        help="fail when product-level flows are missing instead of answering at the best grain "
        "loaded (BPS chapter destinations, ICIO 2022 buyers, WIOD sector)",
    )
    p.add_argument(
        "--lang",
        choices=("en", "id"),
        default=os.environ.get("GVC_LANG") if os.environ.get("GVC_LANG") in ("en", "id") else "en",
        help="language of the fallback message: en or id (default $GVC_LANG or en)",
    )
    p.set_defaults(func=cmd_targets)

    p = sub.add_parser(
        "potential",
        help="export potential of one exporter by product and market (ITC method)",
        description="Every product x market cell with potential or trade: supply, demand, "
        "ease, potential, untapped potential and realised share.",
    )
    _add_model_options(p)
    p.add_argument("--top", type=count, default=30, help="rows to print without --out (30)")
    p.set_defaults(func=cmd_potential)

    p = sub.add_parser(
        "diversify",
        help="product diversification indicator: feasible new products x markets, ranked",
        description="Products without RCA ranked by product-space density x market demand x "
        "ease of trade (ITC PDI). A rank, not USD.",
    )
    p.add_argument("--exporter", required=True, help="ISO3 code (IO region for --grain io)")
    p.add_argument("--year", type=int, required=True, help="base year")
    p.add_argument("--grain", default="hs", choices=("hs", "io"))
    p.add_argument("--source", help="trade_flows source (hs) or IO table (io)")
    p.add_argument("--top", type=count, default=30, help="rows to print without --out (30)")
    p.add_argument("--out", help="write the result to FILE")
    p.set_defaults(func=cmd_diversify)

    p = sub.add_parser(
        "markets",
        help="an exporter's current markets by HS chapter (BPS agri-food exports)",
        description="Destination shares and growth by chapter from the BPS data, with the "
        "world market size and growth of the chapter from BACI exporter totals.",
    )
    p.add_argument("--exporter", default="IDN", help="ISO3 (default IDN)")
    p.add_argument("--chapter", help="HS chapter, e.g. 09")
    p.add_argument("--year", type=int, help="default the latest year")
    p.add_argument("--top", type=count, default=30, help="rows to print without --out (30)")
    p.add_argument("--out", help="write the result to FILE")
    p.set_defaults(func=cmd_markets)


def _emit(df, args: argparse.Namespace, columns: list[str] | None = None) -> int:
    if args.out:
        path = write_frame(df, args.out)
        print(f"wrote {len(df):,} rows to {path}")
    else:
        shown = df[[c for c in columns if c in df.columns]] if columns else df
        print_frame(shown.head(args.top or 30))
    note = df.attrs.get("corrections")
    if note:
        print(f"corrections: {note}")
    return 0


def cmd_targets(args: argparse.Namespace, con) -> int:
    """Write or print the market target list."""
    what = args.product if args.product is not None else args.sector
    if args.sector is not None and args.grain != "io":
        raise InvalidInputError("'--sector' needs '--grain io' (use '--product' for HS codes)")
    if args.product is not None and args.grain != "hs":
        raise InvalidInputError("'--product' needs '--grain hs' (use '--sector' for IO sectors)")
    df = con.market_targets(
        args.exporter,
        what,
        args.year,
        args.grain,
        args.source,
        top=args.top,
        competitors=args.competitors,
        fallback=not args.no_fallback,
        **_options(args),
    )
    info = df.attrs.get("fallback")
    if not info:
        return _emit(df, args, TARGET_COLUMNS)
    from gvc.services.market_fallback import message

    print(message(info, args.lang))
    import numpy as np

    cols = [c for c in FALLBACK_COLUMNS if c in df and df[c].replace("", np.nan).notna().any()]
    if args.out:
        path = write_frame(df, args.out)
        print(f"wrote {len(df):,} rows to {path}")
    else:
        print_frame(df[cols].head(args.top or 30))
    return 0


def cmd_potential(args: argparse.Namespace, con) -> int:
    """Write or print the export potential of one exporter."""
    df = con.export_potential(args.exporter, args.year, args.grain, args.source, **_options(args))
    cols = ["importer", "product", "name", "value", "potential", "untapped", "realised_share"]
    return _emit(df, args, cols)


def cmd_diversify(args: argparse.Namespace, con) -> int:
    """Write or print the diversification ranking."""
    df = con.export_diversification(args.exporter, args.year, args.grain, args.source)
    cols = ["rank", "importer", "product", "name", "rca", "density", "score", "product_rank"]
    return _emit(df, args, cols)


def cmd_markets(args: argparse.Namespace, con) -> int:
    """Write or print the current markets."""
    df = con.current_markets(args.exporter, args.chapter, args.year)
    cols = [
        "chapter",
        "rank",
        "importer",
        "importer_name",
        "value",
        "share",
        "growth_pct",
        "exporter_world_share",
    ]
    return _emit(df, args, cols)
