"""Command-line subcommands for trade analytics: complexity and growth opportunities."""

from __future__ import annotations

import argparse

from gvc.choices import PRESENCE, PROXIMITY, STRATEGIES
from gvc.cli.common import count, print_frame, write_frame


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, help="a loaded year, e.g. 2016")
    p.add_argument("--revision", default="HS92", help="HS revision (default HS92)")
    p.add_argument("--level", type=int, default=4, choices=(2, 4, 6), help="HS digits (default 4)")
    p.add_argument("--source", help="trade source when several hold the year")
    p.add_argument("--presence", default="rca", choices=PRESENCE, help="presence test (rca)")
    p.add_argument("--threshold", type=float, default=1.0, help="presence threshold (1)")
    p.add_argument(
        "--proximity", default="symmetric", choices=PROXIMITY, help="proximity kind (symmetric)"
    )
    p.add_argument("--knn", type=int, help="density over the K nearest products only")
    p.add_argument(
        "--atlas-filters",
        action="store_true",
        help="Atlas filters: population >= 1.2 million, exports >= USD 1 bn, noisy products out",
    )
    p.add_argument("--out", help="write the result to FILE (.csv, .parquet, .xlsx, .json)")


def _options(args: argparse.Namespace) -> dict:
    return {
        "source": args.source,
        "presence": args.presence,
        "threshold": args.threshold,
        "proximity": args.proximity,
        "knn": args.knn,
        "atlas_filters": args.atlas_filters,
    }


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``complexity`` and ``growth`` to the `gvc` parser."""
    p = sub.add_parser(
        "complexity",
        help="RCA, ECI/PCI, density, distance, COI and COG for one year",
        description="Without --out, print the ECI ranking; with --out, write every "
        "location x product row (or one country's rows with --country).",
    )
    _add_run_options(p)
    p.add_argument("--country", help="only this country's rows (ISO3)")
    p.add_argument("--top", type=count, default=30, help="rows of the ranking to print (30)")
    p.set_defaults(func=cmd_complexity)

    p = sub.add_parser(
        "growth",
        help="a country's growth opportunities (Atlas strategic approach)",
        description="Products with RCA < 1 ranked by the Atlas strategy weights on distance, "
        "PCI and COG; the strategy defaults to the one the country's COI/ECI quadrant suggests.",
    )
    p.add_argument("--country", required=True, help="ISO3 code, e.g. IDN")
    _add_run_options(p)
    p.add_argument("--strategy", choices=list(STRATEGIES), help="default: by COI/ECI quadrant")
    p.add_argument(
        "--pci-ceiling",
        action="store_true",
        help="drop PCI > ECI + 2 (2.5 for long jumps) when GDP per capita <= USD 6,000",
    )
    p.add_argument("--top", type=count, help="keep the best N products")
    p.set_defaults(func=cmd_growth)


def cmd_complexity(args: argparse.Namespace, con) -> int:
    """Write the complexity table, or print the ECI ranking."""
    opts = _options(args)
    if args.out:
        df = con.complexity(args.year, args.revision, args.level, country=args.country, **opts)
        path = write_frame(df, args.out)
        print(f"wrote {len(df):,} rows to {path}")
        return 0
    if args.country:
        df = con.complexity(args.year, args.revision, args.level, country=args.country, **opts)
        cols = ["product", "export_value", "rca", "mcp", "pci", "density", "cog"]
        print_frame(df.sort_values("export_value", ascending=False)[cols], max_rows=args.top)
        return 0
    ranking = con.complexity_rankings(args.year, args.revision, args.level, **opts)
    print_frame(ranking.head(args.top), max_rows=args.top)
    return 0


def cmd_growth(args: argparse.Namespace, con) -> int:
    """Write or print a country's growth opportunities."""
    df = con.growth_opportunities(
        args.country,
        args.year,
        args.revision,
        args.level,
        strategy=args.strategy,
        pci_ceiling=args.pci_ceiling,
        top=args.top,
        **_options(args),
    )
    a = df.attrs
    ceiling = "applied" if a["pci_ceiling_applied"] else "not applied"
    summary = (
        f"{a['country']} {a['year']}: strategy {a['strategy']} (ECI {a['eci']:.2f}, "
        f"COI {a['coi']:.2f}); PCI ceiling {ceiling}"
    )
    if args.out:
        path = write_frame(df, args.out)
        print(f"{summary}\nwrote {len(df):,} rows to {path}")
        return 0
    print(summary)
    cols = ["rank", "product", "description", "rca", "distance", "pci", "cog", "score"]
    print_frame(df[cols], max_rows=args.top or 30)
    return 0
