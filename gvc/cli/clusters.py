"""Command-line subcommands for MSE clusters: registry, template, import, readiness, opportunities.

``gvc clusters`` lists the clusters; ``gvc clusters template --out FILE`` writes the registry
template; ``gvc clusters import FILE`` validates and saves a registry; ``gvc clusters show ID``
prints a cluster's profile, graduation and readiness; ``gvc clusters questionnaire`` prints the
self-assessment questions; ``gvc opportunities --cluster ID --out FILE`` writes the ranked,
explained opportunities (CSV, or Excel with readiness, graduation and a column sheet).
"""

from __future__ import annotations

import argparse
import sys

from gvc.cli.common import count, print_frame, write_frame
from gvc.errors import InvalidInputError


def _weights(text: str | None, name: str) -> dict[str, float] | None:
    """Parse ``key=value,key=value`` into a dict of floats."""
    if not text:
        return None
    out: dict[str, float] = {}
    for part in text.split(","):
        if "=" not in part:
            raise InvalidInputError(
                f"'{name}' must look like feasibility=0.4,linkage=0.2 (got {part!r})"
            )
        k, v = part.split("=", 1)
        try:
            out[k.strip()] = float(v)
        except ValueError:
            raise InvalidInputError(f"'{name}': {k.strip()} must be a number (got {v!r})") from None
    return out


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``clusters`` (with template/import/show/remove/questionnaire) and ``opportunities``."""
    p = sub.add_parser(
        "clusters",
        help="MSE cluster registries: list, template, import, show, questionnaire",
        description="Without a subcommand, list the clusters of the shipped registries (BPS IMK "
        "2025 provinces; West Java UMKM by regency and category) and of imported ones.",
    )
    p.add_argument("--registry", help="only this registry (bps_imk2025, jabar_umkm, or a name)")
    p.add_argument("--search", help="only clusters whose id, name or regency contain this text")
    p.add_argument("--out", help="write the full table to FILE (.csv, .xlsx, .parquet, .json)")
    p.set_defaults(func=cmd_list)
    cs = p.add_subparsers(dest="clusters_command", metavar="SUBCOMMAND")

    t = cs.add_parser("template", help="write the registry template (.csv or .xlsx)")
    t.add_argument(
        "--out",
        required=True,
        help="FILE.csv (cluster table) or FILE.xlsx (all sheets: clusters, firms, schema)",
    )
    t.set_defaults(func=cmd_template, needs_db=False)

    i = cs.add_parser("import", help="validate a registry file and save it for later sessions")
    i.add_argument("file", help="registry file (.csv or .xlsx)")
    i.add_argument("--firms", help="a separate CSV of per-firm records")
    i.add_argument("--name", help="registry name (default: the file name)")
    i.add_argument("--check", action="store_true", help="validate only; do not save")
    i.set_defaults(func=cmd_import)

    r = cs.add_parser("remove", help="forget an imported registry")
    r.add_argument("name")
    r.set_defaults(func=cmd_remove)

    s = cs.add_parser("show", help="a cluster's profile, graduation profile and readiness")
    s.add_argument("cluster_id")
    s.add_argument("--lang", default="en", choices=("en", "id"))
    s.add_argument("--weights", help="readiness lever weights, e.g. standards=0.4,partnership=0.1")
    s.set_defaults(func=cmd_show)

    b = cs.add_parser(
        "brief",
        help="write the cluster brief (PDF): profile, readiness, top opportunities with next "
        "steps per market, domestic chain",
    )
    b.add_argument("cluster_id")
    b.add_argument("--out", required=True, help="the .pdf file to write")
    b.add_argument("--lang", default="en", choices=("en", "id"))
    b.add_argument("--top", type=count, default=5, help="opportunities to show (default 5)")
    b.set_defaults(func=cmd_brief, out_suffixes=(".pdf",))

    k = cs.add_parser(
        "kbli", help="look up KBLI 2020 / ISIC Rev.4 codes: Indonesian title and ISIC Rev.4 class"
    )
    k.add_argument("codes", nargs="+", help="KBLI 2020 (2-5 digits) or ISIC Rev.4 codes")
    k.set_defaults(func=cmd_kbli)

    q = cs.add_parser("questionnaire", help="the export-readiness self-assessment questions")
    q.add_argument("--mode", default="cluster", choices=("cluster", "enterprise"))
    q.add_argument("--lang", default="en", choices=("en", "id"))
    q.set_defaults(func=cmd_questionnaire, needs_db=False)

    o = sub.add_parser(
        "opportunities",
        help="a cluster's ranked, explained export opportunities",
        description="Candidates: products the cluster makes, adjacent products (product space) "
        "and supplier roles (intermediate inputs Indonesia's exporting sectors buy). Scores: "
        "feasibility, attractiveness, linkage, readiness; every row has a 'why'.",
    )
    o.add_argument("--cluster", required=True, help="cluster id (see `gvc clusters`)")
    o.add_argument(
        "--out",
        help="FILE.csv or FILE.xlsx (Excel adds readiness, graduation, cluster and column sheets)",
    )
    o.add_argument("--lang", default="en", choices=("en", "id"), help="labels and 'why' text")
    o.add_argument("--top", type=count, help="keep the best N rows")
    o.add_argument(
        "--weights",
        help="score weights, e.g. feasibility=0.4,attractiveness=0.3,linkage=0.1,readiness=0.2",
    )
    o.set_defaults(func=cmd_opportunities)


def cmd_list(args: argparse.Namespace, con) -> int:
    """List clusters."""
    df = con.clusters(args.registry)
    if args.search:
        s = args.search.lower()
        hit = (
            df["cluster_id"].str.lower().str.contains(s, regex=False)
            | df["name"].str.lower().str.contains(s, regex=False)
            | df["regency"].fillna("").str.lower().str.contains(s, regex=False)
        )
        df = df[hit.to_numpy()]
    if args.out:
        write_frame(df, args.out)
        print(f"{len(df)} clusters -> {args.out}")
        return 0
    view = df[["registry", "cluster_id", "name", "province", "firms_total"]].copy()
    view["unknown"] = df["unknown_fields"].map(lambda u: len([x for x in str(u).split(";") if x]))
    print_frame(view, max_rows=400)
    return 0


def cmd_template(args: argparse.Namespace, con) -> int:
    """Write the template."""
    from gvc.clusters_registry import write_template

    out = write_template(args.out)
    print(f"template -> {out}")
    return 0


def cmd_import(args: argparse.Namespace, con) -> int:
    """Validate and save a registry."""
    df = con.load_clusters(args.file, firms=args.firms, name=args.name, persist=not args.check)
    name = df["registry"].iloc[0]
    verb = "valid" if args.check else "imported"
    print(f"{verb}: {len(df)} cluster(s) in registry {name!r}")
    print_frame(df[["cluster_id", "name", "province", "unknown_fields"]], max_rows=50)
    return 0


def cmd_remove(args: argparse.Namespace, con) -> int:
    """Forget an imported registry."""
    con.remove_clusters(args.name)
    print(f"removed registry {args.name!r}")
    return 0


def cmd_show(args: argparse.Namespace, con) -> int:
    """Print profile, graduation and readiness."""
    c = con.cluster(args.cluster_id)
    print(f"{c.id}: {c.name}  [{c.registry}]")
    print_frame(c.profile_view(args.lang)[["field", "value", "basis"]], max_rows=60)
    print("\nGraduation profile")
    print_frame(c.graduation_view(args.lang))
    print("\nExport readiness")
    r = c.readiness(weights=_weights(args.weights, "--weights"), lang=args.lang)
    from gvc.registry.profile import readiness_view

    print_frame(readiness_view(r, args.lang)[["lever", "score", "weight", "explanation", "to_add"]])
    return 0


def cmd_brief(args: argparse.Namespace, con) -> int:
    """Write the cluster brief as PDF."""
    from gvc.export import atomic_write, check_out

    out = check_out(args.out, args.out_suffixes)
    data = con.cluster(args.cluster_id).brief(lang=args.lang, top=args.top)
    atomic_write(out, lambda tmp: tmp.write_bytes(data))
    print(f"brief -> {out}")
    return 0


def cmd_kbli(args: argparse.Namespace, con) -> int:
    """Print each code's title and ISIC Rev.4 class (unknown codes: close matches)."""
    from gvc.registry.kbli import lookup

    print_frame(lookup(args.codes, con.data_dir))
    return 0


def cmd_questionnaire(args: argparse.Namespace, con) -> int:
    """Print the questions."""
    from gvc.analytics.readiness import questionnaire

    for q in questionnaire(args.mode, args.lang):
        print(f"[{q['id']}] {q['question']}  ({q['kind']}, fills {q['field']})")
        options: list[object] = list(q["options"])  # type: ignore[call-overload]
        for opt in options:
            print(f"    - {opt}")
    return 0


def cmd_opportunities(args: argparse.Namespace, con) -> int:
    """Rank and write opportunities."""
    c = con.cluster(args.cluster)
    weights = _weights(args.weights, "--weights")
    if args.out:
        out = c.export(args.out, lang=args.lang, top=args.top, weights=weights)
        n = len(c.opportunities(weights=weights))
        print(f"{min(n, args.top or n)} opportunities for {c.id} -> {out}")
        return 0
    df = c.opportunities(weights=weights)
    if args.top:
        df = df.head(args.top)
    if df.empty:
        print("; ".join(df.attrs.get("notes", [])[-1:]) or "no opportunities", file=sys.stderr)
        return 0
    print_frame(
        df[
            [
                "rank",
                "hs4",
                "roles",
                "score",
                "feasibility",
                "attractiveness",
                "linkage",
                "readiness",
                "top_markets",
            ]
        ],
        max_rows=args.top or 40,
    )
    top = df.iloc[0]
    print(f"\n#1 {top['hs4']}: {top['why_id' if args.lang == 'id' else 'why']}")
    steps = top["next_steps_id" if args.lang == "id" else "next_steps"]
    print(f"{'Langkah berikutnya' if args.lang == 'id' else 'Next steps'}: {steps}")
    return 0
