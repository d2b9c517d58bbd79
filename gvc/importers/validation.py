"""Streaming validation and conversion of a delimited file into Parquet, all in DuckDB SQL.

A :class:`TabularSpec` describes one file format: the columns it must have (with the header names
each one may carry), their types, derived values (lookups), row checks, rows kept out on purpose
(counted, never silent), the canonical output columns and the key that must be unique.

:func:`convert` runs two kinds of pass:

1. the *fast pass* lets DuckDB's CSV reader parse every numeric column (blanks around a number
   are fine; the missing-value markers, padded ones such as ``'          NA'`` included, are
   learnt from the file's start, see :func:`_nullstr`), trims text in SQL and writes the
   canonical columns straight to Parquet. A row that fails any check stops the statement with
   DuckDB's ``error()``; a duplicate key is found afterwards by sorting the key hashes of the
   written Parquet (:func:`_repeated_hashes`). A clean file is therefore read once, in parallel.
2. only when a row really failed, the *explain pass* re-reads the file (single-threaded with a
   record number; a large file in parallel, see :func:`gvc.importers.explain.located`) and
   writes every row's line, reasons (every failing check
   is named, joined by ``'; '``), key hash, canonical values and raw record to a scratch Parquet
   file, so memory stays bounded whatever the file size; duplicate keys (hash ``group by``, then
   exact comparison of the candidates), counts, the sample, the good rows and the rejects are then
   columnar queries over that file. It either raises :class:`ImportValidationError` naming the
   file, line numbers, counts per reason and a sample, or (``quarantine=True``) writes the good
   rows and a rejects CSV (``line, reason, record``) and reports both counts. Formats with
   declared totals (a window per group) keep the older explain pass over a temporary table.

The explain passes are in :mod:`gvc.importers.explain`, progress and the memory cap in
:mod:`gvc.importers.progress`. Each call tags the Parquet files it writes and only ever removes
its own, so the files of one release can share an output folder. With ``progress``, a line per
second reports the share of the file read (bytes, estimated rows).

Column names from a file never enter SQL: the reader declares positional names ``c0, c1, ...``.
Types come from :data:`TYPES`, an allow-list. Line numbers are the physical line in the file
(header = line 1) as long as no quoted field spans lines.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from gvc.errors import ImportValidationError
from gvc.importers.progress import Watch, execute, memory_cap

TYPES = ("VARCHAR", "SMALLINT", "INTEGER", "BIGINT", "DOUBLE")
#: DuckDB memory limit while a file is converted (lowered to it, never raised): DuckDB spills to
#: the connection's temp_directory beyond it, so the peak does not grow with the file.
CONVERT_MEMORY_LIMIT = "640MB"
#: Extra text columns declared in the explain pass so that over-long records are kept and named.
EXTRA_FIELDS = 8
SAMPLE_ROWS = 5
_REJECT = "gvc-row-rejected"
_SKIP = "gvc-row-skipped"


@dataclass(frozen=True)
class Column:
    """One input column: its internal name, accepted header names, type and nullability."""

    name: str
    aliases: tuple[str, ...]
    type: str = "VARCHAR"
    required: bool = True
    not_null: bool = True
    na_values: tuple[str, ...] = ("",)
    #: A text column the fast pass's reader parses as this numeric type (vectorised; blanks
    #: around the number are fine). Checks and outputs on it must then hold for both types.
    fast_type: str | None = None


@dataclass
class TabularSpec:
    """How to read, check and convert one delimited file format (see module docstring).

    ``derived``, ``checks``, ``skips`` and ``select`` are SQL expressions over the internal column
    names; they are constants of the importer modules, never user input. ``params`` are bound.
    """

    label: str
    columns: list[Column]
    select: dict[str, str]
    key: list[str]
    delim: str = ","
    derived: dict[str, str] = field(default_factory=dict)
    checks: list[tuple[str, str]] = field(default_factory=list)
    skips: list[tuple[str, str]] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    allow_extra_columns: bool = False
    partition: str = "year"
    #: Declared totals: (group expressions, is-total condition, value expression, parts
    #: condition). Each total row must equal the sum of the parts of its group.
    totals: tuple[list[str], str, str, str] | None = None
    total_tolerance: float = 1e-3
    #: False when rows to leave out are rare (BACI): the fast pass then does not count them
    #: (one pass less) and is re-run with counting only if it meets one.
    expect_skips: bool = True
    #: When every row has this year (checked), the fast pass writes one file, no partitioning.
    fixed_year: int | None = None
    #: The fast pass's row test written by hand: one SQL condition true exactly when a row the
    #: reader parsed fails any check of the explain pass (the generated verdict ORs one test
    #: per check; folding them, e.g. ``v between 0 and <max double>`` for empty, negative, NaN
    #: and infinite, saves CPU on every row). The bad-row tests of each format hold it to that.
    fast_verdict: str | None = None
    #: ENUM types the SQL expressions use (name -> values), created on the import's scratch
    #: connection before the passes. A text output that is an ENUM is written to Parquet as
    #: dictionary codes (no hashing of every string; read back as VARCHAR): the ISO3 columns
    #: of a 10M-row BACI file cost 0.5 s less.
    enums: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Report:
    """What an import did with one file."""

    file: str
    rows_read: int = 0
    rows_written: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    rejects_file: str | None = None
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-ready data."""
        return {
            "file": self.file,
            "rows_read": self.rows_read,
            "rows_written": self.rows_written,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "rejects_file": self.rejects_file,
            "warnings": self.warnings,
        }


def q(value: str) -> str:
    """Quote a string as an SQL literal (only for paths gvc generates and allow-listed text)."""
    return "'" + value.replace("'", "''") + "'"


def read_header(con: duckdb.DuckDBPyConnection, path: Path, delim: str) -> list[str]:
    """Return the header names of a delimited file (its first line, parsed as CSV)."""
    import csv

    del con  # the header is one line: parsed here so a bad data row cannot confuse a sniffer
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline(1 << 20)
    except (OSError, UnicodeDecodeError) as err:
        raise ImportValidationError(f"{path.name}: cannot read the header: {err}") from err
    if not first.strip():
        raise ImportValidationError(f"{path.name}: the file is empty (no header line)")
    return next(csv.reader([first.rstrip("\r\n")], delimiter=delim))


def map_columns(
    spec: TabularSpec, header: list[str], path: Path, quarantine: bool, report: Report
) -> dict[str, int]:
    """Match the spec's columns to header positions; raise on missing (or unexpected) columns."""
    if len(set(header)) != len(header):
        dup = sorted({h for h in header if header.count(h) > 1})
        raise ImportValidationError(f"{path.name}: duplicate column names {dup}")
    lower = {h.strip().lower(): i for i, h in enumerate(header)}
    found: dict[str, int] = {}
    missing: list[str] = []
    for col in spec.columns:
        pos = next((lower[a.lower()] for a in col.aliases if a.lower() in lower), None)
        if pos is None:
            if col.required:
                missing.append(" or ".join(repr(a) for a in col.aliases[:2]))
        else:
            found[col.name] = pos
    if missing:
        raise ImportValidationError(
            f"{path.name}: not a {spec.label} file: missing column(s) {', '.join(missing)} "
            f"(found {', '.join(repr(h) for h in header[:20])}"
            f"{', ...' if len(header) > 20 else ''})"
        )
    extra = [h for i, h in enumerate(header) if i not in found.values()]
    if extra and not spec.allow_extra_columns:
        msg = (
            f"{path.name}: unexpected column(s) {', '.join(repr(h) for h in extra[:10])} "
            f"for a {spec.label} file"
        )
        if not quarantine:
            raise ImportValidationError(msg + " (use quarantine to import the known columns)")
        report.warnings.append(msg + "; ignored")
    return found


def _conv(col: Column, raw: str) -> str:
    """Return SQL converting a text column to its type; NA markers become NULL."""
    nas = ", ".join(q(v) for v in col.na_values)
    text = f"case when trim({raw}) in ({nas}) then null else trim({raw}) end"
    if col.type == "VARCHAR":
        return text
    return f"try_cast({text} as {col.type})"


def _reader_types(spec: TabularSpec, pos: dict[str, int], n: int) -> list[str]:
    """Return the fast pass's reader type of each file column.

    Numeric columns, and text columns with a ``fast_type``, are parsed by the CSV reader itself
    (vectorised; it accepts the blanks around a number that padded layouts carry, and the
    markers of :func:`_nullstr` are NULL); a value it cannot parse aborts the pass and the
    explain pass names it. Other text columns are read as text.
    """
    types = ["VARCHAR"] * n
    for col in spec.columns:
        if col.name not in pos:
            continue
        if col.type != "VARCHAR":
            types[pos[col.name]] = col.type
        elif col.fast_type is not None:
            types[pos[col.name]] = col.fast_type
    return types


#: How much of a file's start is read to learn how its missing values are written.
NA_SAMPLE_BYTES = 1 << 20
#: At most this many padded spellings of a missing value go to the reader (each one costs a
#: comparison per field).
NA_SPELLINGS = 4


def _nullstr(spec: TabularSpec, path: Path | None = None, pos: dict[str, int] | None = None,
             ) -> list[str]:
    """Return the missing-value markers the fast pass's reader turns into NULL.

    The spec's markers, plus the padded spellings (``'          NA'``: CEPII right-aligns its
    columns) that the file's first :data:`NA_SAMPLE_BYTES` use in a nullable numeric column,
    so that the reader parses those columns itself. A spelling first met further down stops
    the fast pass and the explain pass reads the file (correct, slower, said in a warning).
    """
    marks = {v for c in spec.columns for v in c.na_values} | {""}
    if path is None or pos is None:
        return sorted(marks)
    cols = [(pos[c.name], set(c.na_values)) for c in spec.columns
            if c.name in pos and c.type != "VARCHAR" and not c.not_null]
    seen: dict[str, int] = {}
    if cols:
        import csv

        with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
            lines = fh.read(NA_SAMPLE_BYTES).splitlines()[1:-1]  # header, cut last line
        for rec in csv.reader(lines, delimiter=spec.delim):
            for i, nas in cols:
                if i < len(rec) and rec[i] not in marks and rec[i].strip() in nas:
                    seen[rec[i]] = seen.get(rec[i], 0) + 1
    padded = sorted(seen, key=lambda v: -seen[v])[:NA_SPELLINGS]
    return sorted(marks | set(padded))


def _read(
    path_param: str, types: list[str], delim: str, explain: bool, nullstr: list[str] | None = None
) -> str:
    names = [(f"c{i}", t) for i, t in enumerate(types)]
    if explain:
        names += [(f"x{i}", "VARCHAR") for i in range(EXTRA_FIELDS)]
    cols = ", ".join(f"'{c}': '{t}'" for c, t in names)
    extra = ", null_padding = true, ignore_errors = true, store_rejects = true" if explain else ""
    if nullstr:
        extra += ", nullstr = [" + ", ".join(q(v) for v in nullstr) + "]"
    return (
        f"read_csv({path_param}, header = true, auto_detect = false, delim = {q(delim)},"
        f" quote = '\"', escape = '\"', columns = {{{cols}}}{extra})"
    )


def _body(
    spec: TabularSpec,
    pos: dict[str, int],
    n: int,
    explain: bool,
    nullstr: list[str] | None = None,
    numbered: bool = True,
) -> str:
    """Return the CTEs shared by both passes: raw -> typed -> derived -> checked.

    The explain pass reads every field as text and names every failing check in ``_reason``;
    the fast pass lets the reader parse the numeric columns (with ``nullstr``, the markers of
    :func:`_nullstr`) and only computes ``_bad``.
    ``numbered=False`` leaves the explain pass's ``_line`` out, so that it can read in parallel
    (:func:`gvc.importers.explain.located` finds the lines of the rows it needs afterwards).
    """
    for col in spec.columns:
        if col.type not in TYPES:  # pragma: no cover - specs are constants
            raise ValueError(col.type)
    types = ["VARCHAR"] * n if explain else _reader_types(spec, pos, n)
    typed = []
    bad = []
    for col in spec.columns:
        if col.name not in pos:
            typed.append(f"cast(null as {col.type}) as {col.name}")
            continue
        raw = f"c{pos[col.name]}"
        if types[pos[col.name]] != "VARCHAR":  # parsed by the reader (fast pass only)
            typed.append(f"{raw} as {col.name}")
            if col.not_null:
                bad.append((f"'{col.name}' is empty", f"{raw} is null"))
            continue
        if not explain:  # a text column: trimmed, the same conversion as the explain pass
            typed.append(f"{_conv(col, raw)} as {col.name}")
            if col.not_null:
                bad.append((f"'{col.name}' is empty", f"{col.name} is null"))
            continue
        typed.append(f"{_conv(col, raw)} as {col.name}")
        nas = ", ".join(q(v) for v in col.na_values)
        if col.type != "VARCHAR":
            bad.append(
                (
                    f"'{col.name}' is not a number",
                    f"trim({raw}) not in ({nas}) and {col.name} is null",
                )
            )
        if col.not_null:
            bad.append((f"'{col.name}' is empty", f"coalesce(trim({raw}), '') in ({nas})"))
    for col in spec.columns:
        if col.type == "DOUBLE" and col.name in pos:
            # DuckDB parses 'NaN', 'inf' and overflowing numbers (1e400) as doubles
            bad.append((f"'{col.name}' is not a finite number",
                        f"coalesce(not isfinite({col.name}), false)"))
    if explain:
        bad.insert(0, (f"more fields than the {n} columns of the header", "x0 is not null"))
    derived = "".join(f", {expr} as {name}" for name, expr in spec.derived.items())
    checks = bad + spec.checks
    if explain:
        # every failing check is named on the row, separated by '; ' (NULL when the row is good)
        arms = ", ".join(f"case when {cond} then {q(reason)} end" for reason, cond in checks)
        verdict = f"nullif(concat_ws('; ', {arms or 'null'}), '') as _reason"
    elif spec.fast_verdict is not None:
        verdict = f"({spec.fast_verdict}) as _bad"
    else:
        # no coalesce needed: a check is NULL only on a NULL value of a nullable column (a NULL
        # required value makes its own "is null" check true, and NULL or true is true)
        verdict = " or ".join(f"({cond})" for _, cond in checks) or "false"
        verdict = f"({verdict}) as _bad"
    skip = " ".join(f"when {cond} then {q(label)}" for label, cond in spec.skips)
    raw_cols = ", ".join(f"c{i}" for i in range(n)) + ", "
    line = "_rn + 1 as _line, " if explain and numbered else ""
    extras = ", ".join(f"x{i}" for i in range(EXTRA_FIELDS)) + ", " if explain else ""
    src = _read("$path", types, spec.delim, explain, None if explain else nullstr or _nullstr(spec))
    rn = "row_number() over () as _rn, " if explain and numbered else ""
    return f"""
    raw as (select {rn}* from {src}),
    typed as (select {line}{raw_cols}{extras}{", ".join(typed)} from raw),
    derived as (select *{derived} from typed),
    checked as (
        select *, {verdict},
               case {skip or "when false then null"} end as _skip
        from derived
    )"""


def _outputs(spec: TabularSpec, prefix: str = "") -> str:
    return ", ".join(f"{expr} as {prefix}{name}" for name, expr in spec.select.items())


def _target(spec: TabularSpec, out_dir: Path, tag: str) -> tuple[str, str]:
    """Return (output expressions, COPY target): one file when the spec fixes the year."""
    if spec.fixed_year is None:
        return _outputs(spec), _copy_to(out_dir, spec.partition, tag)
    folder = out_dir / f"{spec.partition}={int(spec.fixed_year)}"
    folder.mkdir(parents=True, exist_ok=True)
    outs = ", ".join(f"{e} as {k}" for k, e in spec.select.items() if k != spec.partition)
    return outs, f"to {q(str(folder / f'part_{tag}_0.parquet'))} (format parquet)"


def _copy_to(out_dir: Path, partition: str, tag: str) -> str:
    return (
        f"to {q(str(out_dir))} (format parquet, partition_by ({partition}), "
        f"filename_pattern 'part_{tag}_{{uuid}}', overwrite_or_ignore)"
    )


def _parts(out_dir: Path, tag: str) -> str:
    """Return the glob of the Parquet files one :func:`convert` call wrote."""
    return str(out_dir / "**" / f"part_{tag}_*.parquet")


def convert(
    con: duckdb.DuckDBPyConnection,
    spec: TabularSpec,
    path: Path,
    out_dir: Path,
    rejects_path: Path,
    quarantine: bool = False,
    display_name: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Validate ``path`` against ``spec`` and write its canonical rows under ``out_dir``.

    Several calls may write into one ``out_dir`` (the files of one release): each call names
    its Parquet files with a tag of its own and only ever removes its own files.

    Parameters
    ----------
    progress : callable, optional
        Called with a progress line (bar, share of the file's bytes and rows read) about once a
        second while a pass over a large file runs.

    Returns
    -------
    Report
        Rows read, written, skipped (by reason) and rejected (by reason), the rejects file.

    Raises
    ------
    ImportValidationError
        When a row fails a check and ``quarantine`` is false (nothing is written that counts:
        the caller discards ``out_dir``).
    """
    with memory_cap(con, CONVERT_MEMORY_LIMIT):
        return _convert(con, spec, path, out_dir, rejects_path, quarantine, display_name, progress)


def _convert(
    con: duckdb.DuckDBPyConnection,
    spec: TabularSpec,
    path: Path,
    out_dir: Path,
    rejects_path: Path,
    quarantine: bool,
    display_name: str | None,
    progress: Callable[[str], None] | None,
) -> Report:
    name = display_name or path.name
    report = Report(file=name)
    header = read_header(con, path, spec.delim)
    pos = map_columns(spec, header, path, quarantine, report)
    n = len(header)
    params = {**spec.params, "path": str(path)}
    out_dir.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:12]
    watch = Watch.of(progress, path, name)
    allow_skips = spec.expect_skips
    marks = _nullstr(spec, path, pos)
    for enum, values in spec.enums.items():
        if not enum.isidentifier():  # pragma: no cover - specs are constants
            raise ValueError(enum)
        con.execute(f"create or replace type {enum} as enum ({', '.join(map(q, values))})")
    written, fast_ok = 0, False
    while True:
        try:
            written, dups = _fast(
                con, spec, pos, n, params, out_dir, tag, allow_skips, watch, marks
            )
            fast_ok = dups == 0
        except duckdb.Error as err:  # a rejected row, or a record the reader refused: explain
            if _SKIP in str(err) and _REJECT not in str(err) and not allow_skips:
                _clear(out_dir, tag)
                allow_skips = True  # rows to leave out after all: write them out and count
                continue
            fast_ok = False
        break
    if fast_ok and spec.totals is not None:
        # the declared totals need a group-by over the whole file: explain only on a mismatch.
        fast_ok = _total_mismatches(con, spec, pos, n, params, marks) == 0
    if fast_ok:
        report.rows_written = int(written)
        report.skipped = _skip_counts(con, spec, pos, n, params, marks) if allow_skips else {}
        report.rows_read = report.rows_written + sum(report.skipped.values())
        if report.rows_read == 0:
            # an empty release would shadow other releases of its years: refuse it
            raise ImportValidationError(f"{name}: no data rows (the file has a header only)")
        return report
    _clear(out_dir, tag)
    global EXPLAIN_RUNS
    EXPLAIN_RUNS += 1
    from gvc.importers import explain

    args = (con, spec, pos, n, params, out_dir, tag, rejects_path, quarantine, report, watch)
    if spec.totals is not None:
        report = explain.windowed(*args)
    else:
        done = explain.located(*args) if path.stat().st_size >= explain.LOCATED_MIN_BYTES else None
        report = done if done is not None else explain.streaming(*args)
    if not report.rejected and not report.skipped:
        report.warnings.append(
            f"{name}: every row is valid, but the fast pass could not read some value (for "
            "example a missing value spelled or padded differently from the first rows), so "
            "the file was read again line by line (slower, same result)"
        )
    return report


#: How many times :func:`convert` fell back to an explain pass (tests and benchmarks read it).
EXPLAIN_RUNS = 0


def _clear(out_dir: Path, tag: str) -> None:
    for part in out_dir.rglob(f"part_{tag}_*.parquet"):
        part.unlink()


def _fast(
    con: duckdb.DuckDBPyConnection,
    spec: TabularSpec,
    pos: dict[str, int],
    n: int,
    params: dict[str, Any],
    out_dir: Path,
    tag: str,
    allow_skips: bool,
    watch: Watch | None = None,
    nullstr: list[str] | None = None,
) -> tuple[int, int]:
    """Run the fast pass; return (rows written, duplicate keys). Raises on any bad row."""
    # error() sits in CASE branches: evaluated only for the rows that reach them
    keep = (
        "else _skip is null"
        if allow_skips
        else f"when _skip is not null then error({q(_SKIP)}) else true"
    )
    outs, target = _target(spec, out_dir, tag)
    written = execute(
        con,
        f"""copy (with {_body(spec, pos, n, False, nullstr)}
        select {outs} from checked
        where case when _bad then error({q(_REJECT)}) {keep} end
        ) {target}""",
        params,
        watch,
        "validating and converting",
    )[0]
    if not written:
        return 0, 0
    key = [k for k in spec.key if not (k == spec.partition and spec.fixed_year is not None)]
    return int(written), _repeated_hashes(con, key, _parts(out_dir, tag), int(written))


#: Key hashes sorted at once by the duplicate check (8 bytes each: 128 MB); a larger file is
#: checked in that many hash partitions, so its memory does not grow with the file.
DUP_BLOCK_ROWS = 1 << 24


def _repeated_hashes(
    con: duckdb.DuckDBPyConnection, key: list[str], glob: str, rows: int
) -> int:
    """Return how many written rows repeat an earlier row's key hash (0: the keys are unique).

    Hashes of equal keys are equal, so this never misses a duplicate; a hash collision only
    sends the file to the (exact) explain pass. DuckDB hashes the key columns of the Parquet
    just written (parallel); numpy sorts the 64-bit hashes and counts equal neighbours: 0.4 s
    for 10M rows, against 1.5 CPU-s for SQL's ``count(distinct hash(...))`` hash table.
    """
    import numpy as np

    parts = max(1, -(-rows // DUP_BLOCK_ROWS))
    where = f" where _h % {parts} = $part" if parts > 1 else ""
    repeated = 0
    for part in range(parts):
        args: dict[str, Any] = {"glob": glob, **({"part": part} if parts > 1 else {})}
        h = con.execute(
            f"select _h from (select hash({', '.join(key)}) as _h from read_parquet($glob,"
            f" hive_partitioning = true)){where}",
            args,
        ).fetchnumpy()["_h"]
        h = np.asarray(h)
        if not h.flags.writeable:  # sorted in place
            h = h.copy()
        h.sort()
        repeated += int(np.count_nonzero(h[1:] == h[:-1]))
    return repeated


def _skip_counts(
    con: duckdb.DuckDBPyConnection,
    spec: TabularSpec,
    pos: dict[str, int],
    n: int,
    params: dict[str, Any],
    nullstr: list[str] | None = None,
) -> dict[str, int]:
    rows = con.execute(
        f"with {_body(spec, pos, n, False, nullstr)} select _skip, count(*) from checked"
        " where _skip is not null group by 1 order by 1",
        params,
    ).fetchall()
    return {str(k): int(v) for k, v in rows}


def _total_mismatches(
    con: duckdb.DuckDBPyConnection,
    spec: TabularSpec,
    pos: dict[str, int],
    n: int,
    params: dict[str, Any],
    nullstr: list[str] | None = None,
) -> int:
    assert spec.totals is not None
    groups, is_total, value, parts = spec.totals
    g = ", ".join(groups)
    return int(
        con.execute(
            f"""with {_body(spec, pos, n, False, nullstr)}
        select count(*) from (
            select {g}, sum(case when {is_total} then {value} end) as declared,
                   sum(case when {parts} then {value} end) as parts
            from checked group by all
        ) where declared is not null
          and abs(declared - coalesce(parts, 0)) > $tol * greatest(abs(declared), 1)""",
            {**params, "tol": spec.total_tolerance},
        ).fetchall()[0][0]
    )
