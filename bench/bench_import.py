"""BACI import throughput vs a bare DuckDB CSV -> Parquet COPY of the same file, and peak memory.

A synthetic BACI-shaped CSV (``t,i,j,k,v,q``; 10 million rows by default, unique keys, real BACI
country codes, codes written without their leading zero as CEPII does, some quantities ``NA``) is
generated with DuckDB. Both sides run in a fresh interpreter each (``harness.run_isolated``) so
that their peak RSS can be compared:

- baseline: ``COPY (SELECT * FROM read_csv(<typed columns>)) TO 'x.parquet'``;
- gvc: the BACI import's conversion (header check, typed conversion, country lookup, every row
  check, Parquet partitioned by year, duplicate-key check), i.e. ``validation.convert``;
- gvc end to end: ``Gvc.import_file`` (conversion + manifest + rebuilding the database snapshot,
  which costs a roughly constant few seconds whatever the file size).

Set ``GVC_BENCH_IMPORT_ROWS`` to change the size (synthetic data, labelled as such).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
from harness import Measure, benchmark, run_isolated

from gvc import config

ROWS = int(os.environ.get("GVC_BENCH_IMPORT_ROWS", "10000000"))
REPEAT = int(os.environ.get("GVC_BENCH_IMPORT_REPEAT", "2"))


def isolated(code: str, timeout: float = 3600) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter; return the seconds it times itself (``_elapsed``: the
    work, without starting Python and importing libraries) and its peak RSS in MB."""
    wrapper = (
        "import json, resource, time\n"
        "def _cpu():\n"
        "    r = resource.getrusage(resource.RUSAGE_SELF)\n"
        "    return r.ru_utime + r.ru_stime\n" + code + "\nprint('__BENCH__' + json.dumps("
        "{'seconds': _elapsed, 'cpu': _cpu_used, 'peak_mb':"
        " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("__BENCH__")][-1]
    return json.loads(line[len("__BENCH__") :])


def generate(path: Path, rows: int) -> None:
    """Write a synthetic BACI-shaped CSV with unique (i, j, k) for year 2020 (DuckDB COPY)."""
    codes = config.data_dir() / "trade_flows/baci_country_codes_V202301.csv"
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    ids = [
        r[0]
        for r in con.execute(
            "select min(country_code::integer) from read_csv($f, delim = ';', header = true,"
            " all_varchar = true) where iso_3digit_alpha <> 'N/A' group by iso_3digit_alpha"
            " order by 1 limit 200",
            {"f": str(codes)},
        ).fetchall()
    ]
    n_products = max(1, -(-rows // (len(ids) * len(ids))))
    con.execute(
        f"""copy (
            select 2020 as t, $ids[1 + (r % {len(ids)})]::smallint as i,
                   $ids[1 + (r // {len(ids)}) % {len(ids)}]::smallint as j,
                   (10000 + (r // {len(ids) * len(ids)}) * {max(1, 890000 // n_products)})::varchar
                     as k,
                   round(((r * 7919) % 1000003) / 97.0, 3) as v,
                   case when r % 11 = 0 then 'NA'
                        else round(((r * 104729) % 500009) / 31.0, 3)::varchar end as q
            from range({rows}) t(r)
        ) to '{path}' (header, delimiter ',')""",
        {"ids": [int(i) for i in ids]},
    )
    con.close()


BARE = """
import duckdb
con = duckdb.connect()
con.execute("set enable_progress_bar = false")
_s, _c = time.perf_counter(), _cpu()
con.execute("copy (select * from read_csv({csv!r}, header = true, columns = {{'t': 'SMALLINT',"
            " 'i': 'SMALLINT', 'j': 'SMALLINT', 'k': 'VARCHAR', 'v': 'DOUBLE', 'q': 'VARCHAR'}}))"
            " to {out!r} (format parquet)")
_elapsed, _cpu_used = time.perf_counter() - _s, _cpu() - _c
"""

GVC = """
import duckdb
from pathlib import Path
from gvc.imports import _scratch_duckdb
from gvc.importers import baci, validation
tmp = Path({tmp!r})
_s, _c = time.perf_counter(), _cpu()
duck = _scratch_duckdb(tmp)
lut = baci.country_lut(duck, Path({codes!r}), [])
rep = validation.convert(duck, baci.spec(2020, lut), Path({csv!r}), tmp / "out",
                         tmp / "rejects.csv")
_elapsed, _cpu_used = time.perf_counter() - _s, _cpu() - _c
assert rep.rows_written == {rows}, rep
"""

E2E = """
import os
import gvc
con = gvc.connect({db!r}, data_dir={data!r})
_s, _c = time.perf_counter(), _cpu()
res = con.import_file("baci", {csv!r})
_elapsed, _cpu_used = time.perf_counter() - _s, _cpu() - _c
assert res["reports"][0]["rows_written"] == {rows}
"""


@benchmark("import")
def bench_import() -> list[Measure]:
    """Import throughput and peak memory vs a bare DuckDB COPY of the same CSV."""
    with tempfile.TemporaryDirectory(dir=os.environ.get("GVC_BENCH_TMP")) as d:
        tmp = Path(d)
        csv = tmp / "BACI_HS17_Y2020_V202301.csv"
        generate(csv, ROWS)
        size_mb = csv.stat().st_size / 2**20
        codes = str(config.data_dir() / "trade_flows/baci_country_codes_V202301.csv")
        bare_runs, our_runs = [], []
        for rep in range(REPEAT):  # alternate the two sides; keep each one's best run
            bare_runs.append(
                isolated(BARE.format(csv=str(csv), out=str(tmp / f"bare{rep}.parquet")))
            )
            (tmp / f"g{rep}").mkdir()
            our_runs.append(
                isolated(GVC.format(tmp=str(tmp / f"g{rep}"), codes=codes, csv=str(csv), rows=ROWS))
            )
        bare = min(bare_runs, key=lambda r: r["seconds"])
        ours = min(our_runs, key=lambda r: r["seconds"])
        bare["peak_mb"] = max(r["peak_mb"] for r in bare_runs)
        ours["peak_mb"] = max(r["peak_mb"] for r in our_runs)
        home = tmp / "home"
        home.mkdir()
        os.environ["GVC_HOME"] = str(home)
        data = str(config.data_dir())
        run_isolated(f"import gvc\ngvc.connect({str(home / 'gvc.duckdb')!r}, data_dir={data!r})")
        e2e = isolated(E2E.format(db=str(home / "gvc.duckdb"), data=data, csv=str(csv), rows=ROWS))
    mrows = ROWS / 1e6
    note = f"{ROWS:,} rows, {size_mb:.0f} MB CSV (synthetic)"
    bare_cpu = min(r["cpu"] for r in bare_runs)
    our_cpu = min(r["cpu"] for r in our_runs)
    return [
        Measure(
            "BACI conversion throughput per CPU second (Mrows/cpu-s)",
            mrows / our_cpu,
            mrows / bare_cpu,
            unit="Mrows/cpu-s",
            note="user+sys CPU of the process (robust to other load on the machine)",
            baseline_name="bare DuckDB COPY csv->parquet",
        ),
        Measure(
            "BACI conversion throughput (Mrows/s)",
            mrows / ours["seconds"],
            mrows / bare["seconds"],
            unit="Mrows/s",
            note=note + "; goal >= 0.60 of the bare COPY",
            baseline_name="bare DuckDB COPY csv->parquet",
        ),
        Measure(
            "BACI conversion peak RSS",
            ours["peak_mb"],
            bare["peak_mb"],
            unit="MB",
            note="goal < 2048 MB",
            baseline_name="bare DuckDB COPY",
        ),
        Measure(
            "BACI import end to end (incl. DB rebuild)",
            mrows / e2e["seconds"],
            mrows / bare["seconds"],
            unit="Mrows/s",
            note=f"peak {e2e['peak_mb']:.0f} MB; rebuild is ~constant per import",
            baseline_name="bare DuckDB COPY csv->parquet",
        ),
    ]


if __name__ == "__main__":  # pragma: no cover
    for m in bench_import():
        print(
            f"{m.name}: {m.value:.3f} {m.unit} vs {m.baseline_name} {m.baseline:.3f} "
            f"(ratio {m.ratio:.2f}) {m.note}"
        )
