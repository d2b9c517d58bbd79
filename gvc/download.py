"""Fetch the full public sources (BACI, Atlas, ICIO, UN Comtrade) and hand them to the importers.

A download is planned first (:func:`plan`: which files, from where, into which folder, which
importer), then fetched file by file (:func:`fetch`):

- into ``<name>.part`` beside the target; an interrupted transfer (a dropped connection, a killed
  process) resumes from the bytes already there with an HTTP ``Range`` request;
- the size is checked against the server's ``Content-Length`` / ``Content-Range``, the SHA-256
  against the one given (``sha256=``) or published beside the file in a ``SHA256SUMS`` list, and a
  zip is opened and every member's CRC checked;
- only a complete, verified file is renamed to its final name; a refused file is deleted and
  nothing is imported, so the database does not change.

The importers then validate and land the data atomically (:meth:`gvc.Gvc.import_file`). Nothing
here runs unless a user asks for it: gvc never downloads at run time on its own.

UN Comtrade is fetched through the ``comtradeapicall`` package with the user's own subscription
key, one call per year and HS chapter group so that each call stays under the API's row limit.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin

from gvc.errors import DataNotFoundError, GvcError, InvalidInputError

SourceName = Literal["baci", "atlas", "icio", "comtrade"]
SOURCES: tuple[str, ...] = ("baci", "atlas", "icio", "comtrade")

#: Default places of the public files (a mirror can be given with ``base_url``).
DEFAULT_BASE = {
    "baci": "https://www.cepii.fr/DATA_DOWNLOAD/baci/data/",
}

#: BACI's HS revisions (CEPII publishes one release zip per revision).
BACI_REVISIONS = ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22")

#: Where to find the files of the sources without a stable file address.
WHERE = {
    "atlas": "Harvard Growth Lab, Atlas of Economic Complexity data downloads (Harvard Dataverse,"
    " 'International Trade Data (HS92)'): country-product-year files such as"
    " hs92_country_product_year_4.csv",
    "icio": "OECD Inter-Country Input-Output tables (oecd.org, 'Inter-Country Input-Output"
    " tables'): one CSV per year in the release zips",
}

#: BACI's HS revisions by first year (a year is served by the newest revision that covers it).
BACI_FIRST_YEARS = (("HS22", 2022), ("HS17", 2017), ("HS12", 2012), ("HS07", 2007),
                    ("HS02", 2002), ("HS96", 1996), ("HS92", 1995))
#: The BACI release the download hint names.
BACI_RELEASE = "V202501"


def baci_command(year: int) -> str:
    """Return the ``gvc download`` command that adds product-level flows for ``year``."""
    rev = next((r for r, first in BACI_FIRST_YEARS if year >= first), "HS92")
    return f"gvc download baci --release {BACI_RELEASE} --revision {rev}"


CHUNK = 1 << 16


class DownloadError(GvcError):
    """A file could not be fetched, or it failed its size, checksum or zip check."""


@dataclass(frozen=True)
class RemoteFile:
    """One file to fetch: its address, its name on disk and what it must match."""

    url: str
    name: str
    sha256: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class Plan:
    """What a download will do, printed by ``--dry-run`` before anything is fetched."""

    source: str
    files: tuple[RemoteFile, ...]
    folder: Path
    importer: str | None
    release: str | None = None
    note: str = ""
    calls: tuple[dict[str, str], ...] = field(default_factory=tuple)

    def describe(self) -> list[str]:
        """Return one line per file or API call, then the import step."""
        lines = [f"{self.source}: {len(self.files) or len(self.calls)} item(s) into {self.folder}"]
        lines += [f"  GET {f.url} -> {f.name}" for f in self.files]
        lines += [f"  comtrade reporter={c['reporter']} year={c['year']} flow={c['flow']} "
                  f"partners={len(c['partners'].split(','))}" for c in self.calls]
        if self.importer:
            lines.append(f"  then: gvc import {self.importer} <file>"
                         + (f" --release {self.release}" if self.release else ""))
        if self.note:
            lines.append(f"  note: {self.note}")
        return lines


def _release(value: str | None, source: str) -> str:
    if value is None:
        raise InvalidInputError(f"'release': {source} needs a release such as 'V202501' (got none)")
    text = str(value).strip().upper()
    if not re.fullmatch(r"V?\d{6}", text):
        raise InvalidInputError(
            f"'release': expected a CEPII release such as 'V202501' (got {value!r})")
    return text if text.startswith("V") else f"V{text}"


def _base(source: str, base_url: str | None) -> str:
    base = base_url or DEFAULT_BASE.get(source)
    if not base:
        raise InvalidInputError(
            f"'base_url': {source} files have no stable public address; give --url with the "
            f"file's link or --base-url of a mirror holding it (where: {WHERE[source]})"
        )
    if not re.match(r"https?://", base):
        raise InvalidInputError(f"'base_url': expected an http(s) address (got {base!r})")
    return base if base.endswith("/") else base + "/"


def plan(
    source: str,
    folder: str | Path,
    *,
    release: str | None = None,
    revision: str = "HS17",
    base_url: str | None = None,
    url: str | None = None,
    files: Sequence[str] = (),
    sha256: str | None = None,
    reporter: str = "IDN",
    years: Sequence[int] = (),
    flows: Sequence[str] = ("X",),
    country_codes: dict[str, int] | None = None,
    partners_per_call: int = 60,
) -> Plan:
    """Return what downloading ``source`` will fetch and import.

    Parameters
    ----------
    source : {"baci", "atlas", "icio", "comtrade"}
        The public source.
    folder : str or Path
        Where the files go (``<GVC_HOME>/downloads/<source>`` from the CLI).
    release : str, optional
        BACI release (``V202501``); the label of the import for the others.
    revision : str
        BACI's HS revision (``HS92`` ... ``HS22``).
    base_url : str, optional
        A mirror (or CEPII's default for BACI).
    url : str, optional
        The address of one file (Atlas, ICIO: the link on the publisher's page).
    files : sequence of str
        File names under ``base_url`` (Atlas, ICIO).
    sha256 : str, optional
        The expected SHA-256 of a single file.
    reporter, years, flows
        Comtrade: the reporter (ISO3), the years and the flows (``X`` exports, ``M`` imports).
    country_codes : dict, optional
        Comtrade: ISO3 -> Comtrade country code (CEPII's country codes are Comtrade's reporter
        codes, e.g. 360 Indonesia, 842 USA); the CLI passes the loaded ``baci_country_codes``.
    partners_per_call : int
        Comtrade: partners asked for in one call (HS6 x partners must stay under 250,000 rows).

    Returns
    -------
    Plan
        The files (or API calls), the target folder and the importer that runs after.
    """
    if source not in SOURCES:
        raise InvalidInputError(
            f"'source': expected one of {', '.join(SOURCES)} (got {source!r})")
    out = Path(folder)
    if sha256 is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
        raise InvalidInputError(f"'sha256': expected 64 hex digits (got {sha256!r})")
    if source == "baci":
        rev = str(revision).upper()
        if rev not in BACI_REVISIONS:
            raise InvalidInputError(
                f"'revision': expected one of {', '.join(BACI_REVISIONS)} (got {revision!r})")
        rel = _release(release, "baci")
        name = f"BACI_{rev}_{rel}.zip"
        target = url or urljoin(_base("baci", base_url), name)
        return Plan("baci", (RemoteFile(target, name, sha256),), out, "baci", rel,
                    "CEPII BACI, licence Etalab 2.0; one zip per HS revision and release")
    if source in ("atlas", "icio"):
        importer = source
        if url:
            name = Path(url.split("?")[0]).name or f"{source}.csv"
            remote: tuple[RemoteFile, ...] = (RemoteFile(url, name, sha256),)
        else:
            if not files:
                raise InvalidInputError(
                    f"'files': name the {source} file(s) to fetch under --base-url, or give --url"
                    f" (where: {WHERE[source]})")
            base = _base(source, base_url)
            for f in files:
                if "/" in f or "\\" in f or f.startswith("."):
                    raise InvalidInputError(f"'files': a plain file name expected (got {f!r})")
            remote = tuple(RemoteFile(urljoin(base, f), f, sha256 if len(files) == 1 else None)
                           for f in files)
        return Plan(source, remote, out, importer, release, WHERE[source])
    # comtrade: API calls, not files
    iso = str(reporter).upper()
    codes = country_codes or {}
    if iso not in codes:
        raise InvalidInputError(
            f"'reporter': expected the ISO3 code of a Comtrade reporter such as 'IDN' "
            f"(got {reporter!r})")
    if not years:
        raise InvalidInputError("'years': give the years to fetch from Comtrade, e.g. 2022 2023")
    for y in years:
        if not 1988 <= int(y) <= 2100:
            raise InvalidInputError(f"'years': expected years from 1988 on (got {y!r})")
    for f in flows:
        if f not in ("X", "M"):
            raise InvalidInputError(f"'flows': expected X (exports) or M (imports) (got {f!r})")
    if not 1 <= partners_per_call <= 300:
        raise InvalidInputError(
            f"'partners_per_call': expected 1 to 300 (got {partners_per_call!r})")
    partners = sorted({c for k, c in codes.items() if k != iso})
    groups = [partners[i:i + partners_per_call] for i in range(0, len(partners),
                                                               partners_per_call)]
    calls = tuple(
        {"reporter": str(codes[iso]), "year": str(int(y)), "flow": f,
         "partners": ",".join(str(c) for c in grp)}
        for y in years for f in flows for grp in groups
    )
    return Plan("comtrade", (), out, "comtrade", release or "api",
                f"UN Comtrade API through comtradeapicall with your own subscription key "
                f"(COMTRADE_KEY): {iso} HS6 by partner, {len(calls)} calls", calls)


# -- fetching one file ---------------------------------------------------------------------------


def _published_sums(base_url: str, session: Any, timeout: float) -> dict[str, str]:
    """Read a ``SHA256SUMS`` list beside the files, if the server has one."""
    try:
        r = session.get(urljoin(base_url, "SHA256SUMS"), timeout=timeout)
    except Exception:  # no list is not an error: the zip check still runs
        return {}
    if r.status_code != 200:
        return {}
    sums = {}
    for line in r.text.splitlines():
        m = re.fullmatch(r"([0-9a-fA-F]{64})\s+\*?(\S+)", line.strip())
        if m:
            sums[m.group(2)] = m.group(1).lower()
    return sums


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _check_zip(path: Path, name: str) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            bad = zf.testzip()
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise DownloadError(f"{name}: not a complete zip file ({err}); refused") from err
    if bad is not None:
        raise DownloadError(f"{name}: member {bad!r} fails its CRC check; refused")


def fetch(
    remote: RemoteFile,
    folder: str | Path,
    *,
    progress: Callable[[int, int | None], None] | None = None,
    retries: int = 5,
    timeout: float = 60.0,
    published: dict[str, str] | None = None,
    session: Any = None,
) -> Path:
    """Fetch one file into ``folder``, resuming a partial download; return its final path.

    Parameters
    ----------
    remote : RemoteFile
        What to fetch.
    folder : str or Path
        The target folder (created).
    progress : callable, optional
        Called with (bytes so far, total bytes or None) as data arrive.
    retries : int
        How many times a dropped connection is resumed before giving up.
    timeout : float
        Seconds to wait for the server on each read.
    published : dict, optional
        Published checksums by file name (read from ``SHA256SUMS`` by :func:`download`).
    session : requests.Session, optional
        The HTTP session (tests pass their own).

    Returns
    -------
    Path
        The verified file.
    """
    import requests

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    final = out / remote.name
    part = out / f"{remote.name}.part"
    expected_sha = (remote.sha256 or (published or {}).get(remote.name) or "").lower() or None
    if final.is_file() and (expected_sha is None or _sha256(final) == expected_sha):
        if progress:
            progress(final.stat().st_size, final.stat().st_size)
        return final  # already here and verified
    http = session or requests.Session()
    total: int | None = remote.size
    attempt = 0
    while True:
        have = part.stat().st_size if part.is_file() else 0
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            with http.get(remote.url, headers=headers, stream=True, timeout=timeout) as r:
                if r.status_code == 416 and have:  # we already have it all
                    break
                if r.status_code == 404:
                    raise DownloadError(f"{remote.url}: not found (HTTP 404); nothing fetched")
                if r.status_code not in (200, 206):
                    raise DownloadError(f"{remote.url}: HTTP {r.status_code}; nothing fetched")
                if r.status_code == 206:
                    m = re.match(r"bytes (\d+)-\d+/(\d+|\*)", r.headers.get("Content-Range", ""))
                    if not m or int(m.group(1)) != have:
                        raise DownloadError(
                            f"{remote.url}: the server resumed at the wrong place "
                            f"({r.headers.get('Content-Range')!r} for {have} bytes held)")
                    total = int(m.group(2)) if m.group(2) != "*" else total
                    mode = "ab"
                else:  # a full answer: start again from zero
                    have = 0
                    length = r.headers.get("Content-Length")
                    total = int(length) if length and length.isdigit() else total
                    mode = "wb"
                with part.open(mode) as fh:
                    for block in r.iter_content(CHUNK):
                        fh.write(block)
                        have += len(block)
                        if progress:
                            progress(have, total)
            if total is None or have >= total:
                break
            raise requests.ConnectionError(f"connection closed at {have} of {total} bytes")
        except (requests.ConnectionError, requests.Timeout,
                requests.exceptions.ChunkedEncodingError) as err:
            attempt += 1
            if attempt > retries:
                raise DownloadError(
                    f"{remote.url}: {err}; {have:,} bytes kept in {part.name}, run the same "
                    f"command again to resume") from err
            time.sleep(min(0.2 * 2**attempt, 5.0))
    size = part.stat().st_size
    if total is not None and size != total:
        part.unlink(missing_ok=True)
        raise DownloadError(f"{remote.name}: {size:,} bytes arrived, {total:,} expected; refused")
    if expected_sha is not None:
        got = _sha256(part)
        if got != expected_sha:
            part.unlink(missing_ok=True)
            raise DownloadError(
                f"{remote.name}: SHA-256 {got} does not match the expected {expected_sha}; "
                f"refused, nothing imported")
    if remote.name.lower().endswith(".zip"):
        try:
            _check_zip(part, remote.name)
        except DownloadError:
            part.unlink(missing_ok=True)
            raise
    os.replace(part, final)
    return final


def download(
    p: Plan,
    *,
    progress: Callable[[str, int, int | None], None] | None = None,
    session: Any = None,
    api_key: str | None = None,
    api: Any = None,
) -> list[Path]:
    """Fetch every file (or Comtrade call) of a plan; return the local files, verified.

    Parameters
    ----------
    p : Plan
        From :func:`plan`.
    progress : callable, optional
        Called with (file name, bytes so far, total or None).
    session : requests.Session, optional
        The HTTP session.
    api_key : str, optional
        Comtrade subscription key (default: the ``COMTRADE_KEY`` environment variable).
    api : module, optional
        The ``comtradeapicall`` module (tests pass a stand-in).

    Returns
    -------
    list of Path
        The downloaded files, in plan order.
    """
    if p.source == "comtrade":
        return [_comtrade(p, api_key=api_key, api=api, progress=progress)]
    import requests

    http = session or requests.Session()
    published: dict[str, str] = {}
    bases = {f.url.rsplit("/", 1)[0] + "/" for f in p.files}
    for base in bases:
        published.update(_published_sums(base, http, 30.0))
    paths = []
    for f in p.files:
        def tick(done: int, total: int | None, name: str = f.name) -> None:
            if progress:
                progress(name, done, total)

        paths.append(fetch(f, p.folder, progress=tick, published=published, session=http))
    return paths


def _comtrade(p: Plan, api_key: str | None, api: Any,
              progress: Callable[[str, int, int | None], None] | None) -> Path:
    """Run the Comtrade calls of a plan and write one CSV in Comtrade's current layout."""
    import pandas as pd

    key = api_key or os.environ.get("COMTRADE_KEY")
    if not key:
        raise InvalidInputError(
            "'api_key': UN Comtrade needs your subscription key (set COMTRADE_KEY or pass "
            "--api-key; free keys at comtradedeveloper.un.org)")
    if api is None:
        try:
            import comtradeapicall

            api = comtradeapicall
        except ImportError as err:
            raise DataNotFoundError(
                "the comtradeapicall package is not installed: pip install 'gvc[comtrade]'"
            ) from err
    frames = []
    out = p.folder / f"comtrade_{p.calls[0]['reporter']}_{p.release}.csv"
    for n, call in enumerate(p.calls, 1):
        frame = api.getFinalData(
            key, typeCode="C", freqCode="A", clCode="HS", period=call["year"],
            reporterCode=call["reporter"], cmdCode="AG6", flowCode=call["flow"],
            partnerCode=call["partners"], partner2Code="0", customsCode="C00", motCode="0",
            maxRecords=250000, format_output="JSON", includeDesc=False,
        )
        if frame is None:
            raise DownloadError(f"Comtrade call {n} ({call}) returned nothing (key or quota?)")
        if len(frame) >= 250000:
            raise DownloadError(f"Comtrade call {n} ({call}) hit the 250,000-row limit; "
                                "the answer would be cut")
        frames.append(frame)
        if progress:
            progress(out.name, n, len(p.calls))
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".csv.part")
    data.to_csv(tmp, index=False)
    os.replace(tmp, out)
    return out


def comtrade_codes(data_dir: str | Path) -> dict[str, int]:
    """Return ISO3 -> Comtrade country code from the embedded BACI country list.

    CEPII numbers countries as UN Comtrade does for its reporters (360 Indonesia, 842 USA,
    251 France, 699 India, 757 Switzerland), so the list serves both.
    """
    import pandas as pd

    files = sorted(Path(data_dir).glob("trade_flows/baci_country_codes_V*.csv"))
    if not files:
        raise DataNotFoundError(f"no BACI country code list in {data_dir}/trade_flows")
    frame = pd.read_csv(files[-1], sep=";", dtype={"iso_3digit_alpha": str}, encoding="utf-8")
    frame = frame.dropna(subset=["iso_3digit_alpha"])
    frame = frame[frame["iso_3digit_alpha"].str.fullmatch(r"[A-Z]{3}")]
    return {str(k): int(v) for k, v in zip(frame["iso_3digit_alpha"], frame["country_code"],
                                           strict=True)}
