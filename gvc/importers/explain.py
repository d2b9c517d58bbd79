"""The explain pass: every row of a file that failed the fast pass, classified with its line.

See :mod:`gvc.importers.validation` (module docstring) for when it runs. :func:`streaming` keeps
memory bounded whatever the file size; :func:`windowed` is the variant for formats with declared
totals (Comtrade's World rows, IO tables), whose check is a window over each group.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from gvc.errors import ImportValidationError
from gvc.importers.progress import Watch, execute
from gvc.importers.validation import (
    SAMPLE_ROWS,
    Report,
    TabularSpec,
    _body,
    _copy_to,
    _outputs,
    q,
)


def _raw_record(spec: TabularSpec, n: int) -> str:
    """Return SQL rebuilding the raw record, re-quoted where a field holds the delimiter/quote."""
    fields = [
        f"case when strpos(c{i}, {q(spec.delim)}) > 0 or strpos(c{i}, '\"') > 0"
        f" then '\"' || replace(c{i}, '\"', '\"\"') || '\"' else coalesce(c{i}, '') end"
        for i in range(n)
    ]
    return f" || {q(spec.delim)} || ".join(fields)


def _plain_record(spec: TabularSpec, n: int) -> str:
    """Return SQL joining the raw fields with the delimiter, quoting none (cheap).

    :func:`located` matches it against the file's lines: where a field holds the delimiter or
    a quote, the line has quotes that this record lacks, so no line matches and the streaming
    pass runs. Where every needed record matched, it equals :func:`_raw_record`'s.
    """
    return f" || {q(spec.delim)} || ".join(f"coalesce(c{i}, '')" for i in range(n))


def _unparsed(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    """Return (line, error, record) of the lines the explain pass's reader refused; clear them."""
    rows = con.execute(
        "select line, error_type || ': ' || coalesce(error_message, ''), csv_line"
        " from reject_errors order by line"
    ).fetchall()
    with contextlib.suppress(duckdb.Error):
        con.execute("delete from reject_errors")
        con.execute("delete from reject_scans")
    return rows


def streaming(
    con: duckdb.DuckDBPyConnection,
    spec: TabularSpec,
    pos: dict[str, int],
    n: int,
    params: dict[str, Any],
    out_dir: Path,
    tag: str,
    rejects_path: Path,
    quarantine: bool,
    report: Report,
    watch: Watch | None = None,
) -> Report:
    """Classify every row with its line number, in bounded memory; reject or quarantine.

    One single-threaded read (line numbers need the file's order; ``row_number() over ()`` is a
    streaming window) writes every row's line, reason, key hash, canonical values and raw record
    to a scratch Parquet file, so no row is held in memory. Everything after that is columnar
    and parallel over the scratch file: duplicate keys (a ``group by`` of the key hashes, then
    an exact comparison of the few candidates), counts per reason, the sample, the good rows
    and the rejects file.
    """
    scratch = Path(tempfile.mkdtemp(prefix=".gvc-explain-", dir=out_dir.parent))
    rows_file = scratch / "rows.parquet"
    threads = con.execute("select current_setting('threads')").fetchall()[0][0]
    try:
        con.execute("set threads = 1")
        try:
            _classify(con, spec, pos, n, params, rows_file, watch, numbered=True)
        finally:
            con.execute(f"set threads = {int(threads)}")
        unparsed = _unparsed(con)
        src = f"read_parquet({q(str(rows_file))})"
        _duplicates(con, spec, src, "_line", "_gvc_dup_lines")
        con.execute(
            f"""create or replace temp view _gvc_rows as
            select *, coalesce(_reason, case when _line in (select _id from _gvc_dup_lines)
                                             then {_dup_reason(spec)} end) as _why
            from {src}"""
        )
        return _finish(con, spec, src, unparsed, out_dir, tag, rejects_path, quarantine, report)
    finally:
        with contextlib.suppress(duckdb.Error):
            con.execute("drop view if exists _gvc_rows")
            con.execute("drop table if exists _gvc_dup_lines")
        shutil.rmtree(scratch, ignore_errors=True)


def _classify(
    con: duckdb.DuckDBPyConnection,
    spec: TabularSpec,
    pos: dict[str, int],
    n: int,
    params: dict[str, Any],
    rows_file: Path,
    watch: Watch | None,
    numbered: bool,
) -> None:
    """Write every row's reasons, skip, canonical values, raw record and key hash to Parquet.

    ``numbered`` (the streaming pass, run single-threaded) adds each row's ``_line`` and the
    re-quoted record of :func:`_raw_record`; unnumbered (:func:`located`, parallel) has the
    plain record its line search matches.
    """
    keys = ", ".join(f"o_{k}" for k in spec.key)
    line = "_line, " if numbered else ""
    record = _raw_record(spec, n) if numbered else _plain_record(spec, n)
    execute(
        con,
        f"""copy (with {_body(spec, pos, n, explain=True, numbered=numbered)},
        rows as (select {line}_reason, _skip, {_outputs(spec, "o_")},
                        {record} as _record from checked)
        select *, hash({keys}) as _h from rows
        ) to {q(str(rows_file))} (format parquet)""",
        params,
        watch,
        "finding the rejected rows",
    )


def _duplicates(
    con: duckdb.DuckDBPyConnection, spec: TabularSpec, src: str, row_id: str, table: str
) -> None:
    """Create temp table ``table`` (``_id``: the ``row_id`` of every row with a repeated key).

    Only the good rows whose key hashes repeat are compared exactly (a ``group by`` of the
    hashes, then a window over the candidates' keys).
    """
    if table not in ("_gvc_dup_lines", "_gvc_dup_ids") or row_id not in (
        "_line", "file_row_number"
    ):  # identifiers from this module only
        raise ValueError(f"unknown duplicate table {table!r} or row id {row_id!r}")
    keys = ", ".join(f"o_{k}" for k in spec.key)
    good = "_reason is null and _skip is null"
    con.execute(
        f"""create or replace temp table {table} as
        with cand as (select _h from {src} where {good} group by _h having count(*) > 1)
        select {row_id} as _id from {src} where {good} and _h in (select _h from cand)
        qualify count(*) over (partition by {keys}) > 1"""
    )


def _dup_reason(spec: TabularSpec) -> str:
    """Return the SQL literal of the duplicate-key reason."""
    return q(f"duplicate key ({', '.join(spec.key)})")


#: Files at least this large are explained by :func:`located` (in parallel); smaller ones
#: stream (a single-threaded read is quick for them).
LOCATED_MIN_BYTES = 64 << 20
#: At most this many rows are given a line number by :func:`located`; more stream.
LOCATED_MAX_ROWS = 100_000
#: Up to this many distinct records are searched for directly (``bytes.find``); more are
#: looked up line by line.
FIND_DIRECTLY = 32


def located(
    con: duckdb.DuckDBPyConnection,
    spec: TabularSpec,
    pos: dict[str, int],
    n: int,
    params: dict[str, Any],
    out_dir: Path,
    tag: str,
    rejects_path: Path,
    quarantine: bool,
    report: Report,
    watch: Watch | None = None,
) -> Report | None:
    """Classify every row in parallel, then find the lines of the rows that need one.

    The same classification as :func:`streaming`, but read in parallel (no line numbers), into
    the same kind of scratch file. Only the rejected rows and the duplicate keys need a line:
    their raw records are matched against the file's lines by one pass in Python (bytes, no
    CSV parsing). Returns None, having written nothing, when a record cannot be matched to a
    line exactly (a quoted field, a record with extra fields) or more than
    :data:`LOCATED_MAX_ROWS` rows need a line: the caller then streams. One bad row in a
    padded 10M-row BACI file: the whole conversion (the fast pass included) takes 12.1 s
    instead of 19.5 s with the streaming pass.
    """
    scratch = Path(tempfile.mkdtemp(prefix=".gvc-explain-", dir=out_dir.parent))
    rows_file = scratch / "rows.parquet"
    try:
        _classify(con, spec, pos, n, params, rows_file, watch, numbered=False)
        unparsed = _unparsed(con)
        src = f"read_parquet({q(str(rows_file))}, file_row_number = true)"
        _duplicates(con, spec, src, "file_row_number", "_gvc_dup_ids")
        need = con.execute(
            f"select file_row_number, _record from {src} where _reason is not null"
            " or file_row_number in (select _id from _gvc_dup_ids)"
            f" limit {LOCATED_MAX_ROWS + 1}"
        ).fetchall()
        if len(need) > LOCATED_MAX_ROWS:
            return None
        lines = _find_lines(Path(params["path"]), need)
        if lines is None:
            return None
        con.execute("create or replace temp table _gvc_lines (_id bigint, _line bigint)")
        if lines:
            con.execute(
                "insert into _gvc_lines select unnest($ids), unnest($lines)",
                {"ids": list(lines), "lines": list(lines.values())},
            )
        con.execute(
            f"""create or replace temp view _gvc_rows as
            select r.*, l._line,
                   coalesce(r._reason, case when r.file_row_number in
                                            (select _id from _gvc_dup_ids)
                                       then {_dup_reason(spec)} end) as _why
            from {src} r left join _gvc_lines l on l._id = r.file_row_number"""
        )
        return _finish(con, spec, src, unparsed, out_dir, tag, rejects_path, quarantine, report)
    finally:
        with contextlib.suppress(duckdb.Error):
            con.execute("drop view if exists _gvc_rows")
            con.execute("drop table if exists _gvc_dup_ids")
            con.execute("drop table if exists _gvc_lines")
        shutil.rmtree(scratch, ignore_errors=True)


def _find_lines(path: Path, need: Sequence[tuple[Any, ...]]) -> dict[int, int] | None:
    """Return {row id: line number} for (row id, raw record) pairs; None if one is not found.

    Identical records (a line repeated) get their lines in the file's order. The header is
    line 1; a line's CR (CRLF files) is not part of it.
    """
    want: dict[bytes, list[int]] = {}
    for row_id, record in need:
        want.setdefault(str(record).encode("utf-8"), []).append(int(row_id))
    for same in want.values():
        same.reverse()  # popped from the end: the smallest id first
    found: dict[int, int] = {}
    if not want:
        return found
    few = len(want) <= FIND_DIRECTLY  # memmem per record beats a Python loop over 10M lines
    lineno, tail = 0, b""
    with open(path, "rb") as fh:
        while True:
            block = fh.read(1 << 24)
            if not block:
                if not tail:
                    break
                block, tail = tail + b"\n", b""
            else:
                block, tail = tail + block, b""
                cut = block.rfind(b"\n") + 1  # whole lines only; the rest goes on
                block, tail = block[:cut], block[cut:]
                if not block:
                    continue
            if few:
                hay = b"\n" + block
                for record, ids in want.items():
                    for end in (b"\n", b"\r\n"):
                        needle, at = b"\n" + record + end, 0
                        while ids and (at := hay.find(needle, at)) >= 0:
                            k = lineno + hay.count(b"\n", 0, at) + 1
                            if k > 1:  # not the header
                                found[ids.pop()] = k
                            at += 1
            else:
                for k, raw in enumerate(block.split(b"\n")[:-1], start=lineno + 1):
                    if k == 1:
                        continue  # the header
                    hit = want.get(raw[:-1] if raw.endswith(b"\r") else raw)
                    if hit:
                        found[hit.pop()] = k
            lineno += block.count(b"\n")
    return found if len(found) == len(need) else None


def _finish(
    con: duckdb.DuckDBPyConnection,
    spec: TabularSpec,
    src: str,
    unparsed: list[tuple[Any, ...]],
    out_dir: Path,
    tag: str,
    rejects_path: Path,
    quarantine: bool,
    report: Report,
) -> Report:
    """Report, reject or quarantine from the ``_gvc_rows`` view (``_line``, ``_why``, ...).

    ``src`` is the scratch file of every row (for the total). Raises ImportValidationError
    naming counts, first lines and a sample; with ``quarantine``, writes the good rows and the
    rejects file instead.
    """
    counts = _tally(con, report, "_gvc_rows", len(unparsed))
    rejected = report.rejected
    total = int(con.execute(f"select count(*) from {src}").fetchall()[0][0]) + len(unparsed)
    report.rows_read = total
    sample = con.execute(
        "select _line, _why, _record from _gvc_rows where _why is not null order by _line"
        f" limit {SAMPLE_ROWS}"
    ).fetchall()
    sample += [(ln, why, rec) for ln, why, rec in unparsed[:SAMPLE_ROWS]]
    if not quarantine and rejected:
        raise ImportValidationError(_message(report.file, counts, unparsed, sample, total))
    report.rows_written = int(
        con.execute(
            f"copy (select {', '.join(f'o_{k} as {k}' for k in spec.select)} from _gvc_rows"
            f" where _why is null and _skip is null) {_copy_to(out_dir, spec.partition, tag)}"
        ).fetchall()[0][0]
    )
    if rejected:
        _write_rejects(con, "_gvc_rows", unparsed, rejects_path)
        report.rejects_file = str(rejects_path)
    return report


def _write_rejects(
    con: duckdb.DuckDBPyConnection,
    table: str,
    unparsed: Sequence[tuple[Any, ...]],
    rejects_path: Path,
) -> None:
    """Write the rejects CSV (``line, reason, record``) from ``table`` and the unparsed lines."""
    rejects_path.parent.mkdir(parents=True, exist_ok=True)
    con.execute(
        "create or replace temp table _gvc_unparsed (line bigint, reason varchar, record varchar)"
    )
    if unparsed:
        con.executemany("insert into _gvc_unparsed values (?, ?, ?)", [list(r) for r in unparsed])
    con.execute(
        f"copy (select _line as line, _why as reason, _record as record from {table}"
        f" where _why is not null union all select * from _gvc_unparsed order by line)"
        f" to {q(str(rejects_path))} (header, delimiter ',')"
    )
    con.execute("drop table _gvc_unparsed")


def windowed(
    con: duckdb.DuckDBPyConnection,
    spec: TabularSpec,
    pos: dict[str, int],
    n: int,
    params: dict[str, Any],
    out_dir: Path,
    tag: str,
    rejects_path: Path,
    quarantine: bool,
    report: Report,
    watch: Watch | None = None,
) -> Report:
    """Classify every row (single-threaded, with line numbers); reject or quarantine.

    The variant for formats with declared totals (Comtrade's World rows, IO tables): the totals
    check is a window over each group, so the classified rows are held in a temporary table.
    """
    del watch
    threads = con.execute("select current_setting('threads')").fetchall()[0][0]
    con.execute("set threads = 1")
    try:
        key = ", ".join(f"o_{k}" for k in spec.key)
        total_case = ""
        if spec.totals is not None:
            groups, is_total, value, parts = spec.totals
            g = ", ".join(groups)
            total_case = (
                f"when {is_total} and abs({value} - coalesce(sum(case when {parts} then {value}"
                f" end) over (partition by {g}), 0)) > $tol * greatest(abs({value}), 1)"
                " then 'declared total differs from the sum of its parts'"
            )
        con.execute(
            f"""create or replace temp table _gvc_explain as
            with {_body(spec, pos, n, explain=True)},
            first as (
                select *, {_outputs(spec, "o_")},
                       case when _reason is null and _skip is null then null
                            else coalesce(_reason, 'skip') end as _r0
                from checked
            ),
            totals as (
                select *, case {total_case} when _r0 is not null then _r0 end as _r1 from first
            )
            select *, case when _r1 is null and count(*) over (partition by {key},
                                (_r1 is null)) > 1
                           then 'duplicate key (' || {q(", ".join(spec.key))} || ')'
                           when _r1 = 'skip' then null else _r1 end as _why,
                   {_raw_record(spec, n)} as _record
            from totals""",
            {**params, "tol": spec.total_tolerance} if spec.totals else params,
        )
    finally:
        con.execute(f"set threads = {int(threads)}")
    unparsed = _unparsed(con)
    counts = _tally(con, report, "_gvc_explain", len(unparsed))
    rejected = report.rejected
    total = con.execute("select count(*) from _gvc_explain").fetchall()[0][0] + len(unparsed)
    report.rows_read = int(total)
    sample = con.execute(
        f"select _line, _why, _record from _gvc_explain where _why is not null order by _line"
        f" limit {SAMPLE_ROWS}"
    ).fetchall()
    sample += [(ln, why, rec) for ln, why, rec in unparsed[:SAMPLE_ROWS]]
    if not quarantine and rejected:
        con.execute("drop table _gvc_explain")
        raise ImportValidationError(_message(report.file, counts, unparsed, sample, total))
    good = con.execute(
        f"copy (select {', '.join(f'o_{k} as {k}' for k in spec.select)} from _gvc_explain"
        f" where _why is null and _skip is null) {_copy_to(out_dir, spec.partition, tag)}"
    ).fetchall()[0][0]  # partitioned output: the year column goes into the folder name
    report.rows_written = int(good)
    if rejected:
        _write_rejects(con, "_gvc_explain", unparsed, rejects_path)
        report.rejects_file = str(rejects_path)
    con.execute("drop table _gvc_explain")
    return report


def _message(
    name: str,
    counts: Sequence[tuple[Any, ...]],
    unparsed: Sequence[tuple[Any, ...]],
    sample: Sequence[tuple[Any, ...]],
    total: int,
) -> str:
    n_bad = sum(int(c) for _, c, _ in counts) + len(unparsed)
    parts = [f"{name}: {n_bad} of {total} rows rejected, nothing imported."]
    for reason, c, first in counts[:8]:
        parts.append(f"  {reason}: {c} row(s), first at line {first}")
    if unparsed:
        parts.append(
            f"  line cannot be parsed as CSV: {len(unparsed)} line(s), first at line "
            f"{unparsed[0][0]}"
        )
    parts.append("Sample:")
    for line, why, rec in sorted(sample, key=lambda r: r[0])[:SAMPLE_ROWS]:
        parts.append(f"  line {line}: {why}: {str(rec)[:120]}")
    parts.append(
        "Fix the file, or import with quarantine (--quarantine) to land the good rows "
        "and write the rejected ones to a rejects file."
    )
    return "\n".join(parts)


def _tally(con: Any, report: Any, table: str, unparsed: int) -> list[tuple[Any, ...]]:
    """Fill ``report.rejected`` and ``report.skipped`` from an explain table.

    Returns the (reason, count, first line) rows of the rejected ones, most frequent first.
    """
    if table not in ("_gvc_rows", "_gvc_explain"):  # identifiers from this module only
        raise ValueError(f"unknown explain table {table!r}")
    counts = con.execute(
        f"select _why, count(*), min(_line) from {table} where _why is not null"
        " group by 1 order by 2 desc, 1"
    ).fetchall()
    rejected = {str(r): int(c) for r, c, _ in counts}
    if unparsed:
        rejected["line cannot be parsed as CSV"] = unparsed
    report.rejected = rejected
    report.skipped = {
        str(k): int(v)
        for k, v in con.execute(
            f"select _skip, count(*) from {table} where _skip is not null and _why is null"
            " group by 1 order by 1"
        ).fetchall()
    }
    return list(counts)

