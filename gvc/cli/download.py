"""``gvc download``: fetch a full public source, verify it, then import it."""

from __future__ import annotations

import argparse
import sys

from gvc import config
from gvc.download import BACI_REVISIONS, SOURCES, comtrade_codes, download, plan


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``download``."""
    p = sub.add_parser(
        "download",
        help="fetch a full public dataset (BACI, Atlas, ICIO, UN Comtrade), verify and import it",
        description="Download a public dataset into $GVC_HOME/downloads/<source>, resuming an "
        "interrupted transfer, checking size, SHA-256 and zip integrity, then import it with "
        "the matching importer. Nothing is imported when a check fails.",
    )
    p.add_argument("source", choices=SOURCES, help="the public source")
    p.add_argument("--release", help="BACI release such as V202501 (the import's label for others)")
    p.add_argument("--revision", default="HS17", choices=BACI_REVISIONS,
                   help="BACI HS revision (default HS17)")
    p.add_argument("--base-url", help="a mirror holding the files (default: the publisher's)")
    p.add_argument("--url", help="the address of one file (Atlas, ICIO)")
    p.add_argument("--file", action="append", default=[], dest="files",
                   help="a file name under --base-url (Atlas, ICIO; repeatable)")
    p.add_argument("--sha256", help="the expected SHA-256 of the file")
    p.add_argument("--reporter", default="IDN", help="Comtrade: reporter ISO3 (default IDN)")
    p.add_argument("--years", type=int, nargs="*", default=[], help="Comtrade: years")
    p.add_argument("--flows", nargs="*", default=["X"], choices=["X", "M"],
                   help="Comtrade: X exports, M imports (default X)")
    p.add_argument("--api-key", help="Comtrade subscription key (default: $COMTRADE_KEY)")
    p.add_argument("--dest", help="download folder (default: $GVC_HOME/downloads/<source>)")
    p.add_argument("--dry-run", action="store_true",
                   help="print what would be fetched; fetch nothing")
    p.add_argument("--no-import", action="store_true", help="download and verify only")
    p.add_argument("--replace", action="store_true", help="passed to the importer")
    p.add_argument("--quarantine", action="store_true", help="passed to the importer")
    p.set_defaults(func=cmd_download, needs_db=False)


class _Bar:
    """One progress line on stderr per file: bytes, percent, rate and time left."""

    def __init__(self) -> None:
        self.bars: dict[str, object] = {}

    def __call__(self, name: str, done: int, total: int | None) -> None:
        from tqdm import tqdm

        bar = self.bars.get(name)
        if bar is None:
            bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1024, desc=name,
                       file=sys.stderr, initial=0, leave=True, dynamic_ncols=True)
            self.bars[name] = bar
        assert isinstance(bar, tqdm)
        if total is not None and bar.total != total:
            bar.total = total
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()  # type: ignore[attr-defined]


def cmd_download(args: argparse.Namespace, con) -> int:
    """Plan, fetch, verify and import one source."""
    import gvc

    folder = args.dest or (config.home_dir() / "downloads" / args.source)
    codes = comtrade_codes(config.data_dir()) if args.source == "comtrade" else None
    p = plan(
        args.source, folder, release=args.release, revision=args.revision,
        base_url=args.base_url, url=args.url, files=args.files, sha256=args.sha256,
        reporter=args.reporter, years=args.years, flows=args.flows, country_codes=codes,
    )
    if args.dry_run:
        print("\n".join(p.describe()))
        return 0
    bar = _Bar()
    try:
        paths = download(p, progress=bar, api_key=args.api_key)
    finally:
        bar.close()
    for path in paths:
        print(f"downloaded and verified {path}")
    if args.no_import or not p.importer:
        return 0
    con = con or gvc.connect(args.db, data_dir=args.data_dir)
    for path in paths:
        res = con.import_file(p.importer, path, release=p.release if p.source == "baci" else None,
                              replace=args.replace, quarantine=args.quarantine)
        for e in res["entries"]:
            print(f"imported {e['dataset']} release {e['release']}; years {e['years']}")
        con = con.reopen()
    return 0
