"""Building the database vs a bare DuckDB CREATE TABLE AS SELECT * of the same files."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
from harness import Measure, benchmark, timed

from gvc import build, config


def _bare_copy(data: Path, target: Path) -> None:
    con = duckdb.connect(str(target))
    con.execute("set enable_progress_bar = false")
    for i, f in enumerate(sorted(data.rglob("*"))):
        if f.suffix == ".parquet":
            con.execute(f"create table t{i} as select * from read_parquet($f)", {"f": str(f)})
        elif f.suffix == ".csv":
            head = f.read_text(encoding="utf-8", errors="replace").splitlines()[0]
            delim = ";" if head.count(";") > head.count(",") else ","
            con.execute(
                f"create table t{i} as select * from read_csv($f, delim = $d, header = true, "
                "quote = '\"', escape = '\"', all_varchar = true)",
                {"f": str(f), "d": delim},
            )
    con.close()


@benchmark("build")
def bench_build() -> list[Measure]:
    data = config.data_dir()
    with tempfile.TemporaryDirectory() as tmp:
        t_gvc, _ = timed(lambda: build.build(Path(tmp) / "g.duckdb", data, force=True), repeat=3)
        n = 0

        def bare() -> None:
            nonlocal n
            n += 1
            _bare_copy(data, Path(tmp) / f"bare{n}.duckdb")

        t_bare, _ = timed(bare, repeat=3)
    return [
        Measure(
            "database build (embedded data)",
            t_gvc,
            t_bare,
            note="canonical tables, typed, validated, atomic rename",
            baseline_name="bare CTAS of the same files",
        )
    ]
