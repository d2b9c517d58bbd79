"""Benchmark: a whole BACI release imported, then complexity for every year and its dynamics.

The release is SYNTHETIC (generated here by code, never real data): ``YEARS`` years of
``ROWS`` rows each (defaults 10 x 10 million), written as CEPII lays out a release:
``BACI_HS17_Y<year>_V202301.csv`` members with ``t,i,j,k,v,q`` (HS codes without their leading
zero, every 11th quantity ``NA``) and the release's ``country_codes_V202301.csv``, in one zip
(deflate). Keys are unique and spread over 200 real BACI countries x 200 partners x 5,000
products (one key in 20 of the 200 million, chosen by a hash), values from a hash of the key and
the year, so every year differs and exporters specialise.

Each step runs in its own fresh interpreter (peak RSS is per process; the generator runs in a
child too, since Linux keeps a process's peak RSS across fork and exec):

1. baselines: a bare DuckDB ``COPY (SELECT * FROM read_csv(<typed columns>)) TO 'x.parquet'``
   of every CSV of the release, already extracted (what reading the files costs at all), and
   the same from the zip: each member extracted (zipfile) and then copied, one after another
   (the bare route from the file a user has);
2. gvc: ``Gvc.import_file("baci", <zip>)`` on a database built from the embedded data:
   extraction, every row check, Parquet by year, duplicate check, manifest and rebuild;
3. gvc: ``complexity(year, "HS17", 6)`` for every year (RCA, ECI/PCI, proximity, density,
   COG, ...), then ``export_dynamics(first, last, "HS17", 6)`` across the release;
4. the app on that database: the first load and the interactions of the overview, sectors and
   clusters pages under AppTest (``bench/bench_app.py``), against the same on a database of the
   embedded data only, in the same run.

Goals of issue 19: import <= 1.25x the bare COPY, every year's complexity < 60 s in all, memory
<= 4 GB. ``GVC_BENCH_RELEASE_YEARS`` and ``GVC_BENCH_RELEASE_ROWS`` shrink it for a quick run.

Run directly: ``.venv/bin/python bench/bench_release.py`` (prints JSON), or ``bench/run.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import Measure, benchmark  # noqa: E402

YEARS = int(os.environ.get("GVC_BENCH_RELEASE_YEARS", "10"))
ROWS = int(os.environ.get("GVC_BENCH_RELEASE_ROWS", "10000000"))
FIRST_YEAR = 2012
RELEASE = "V202301"
#: issue 19's goals
GOAL_IMPORT_RATIO = 1.25
GOAL_COMPLEXITY_S = 60.0
GOAL_PEAK_MB = 4096

GENERATE = """
import duckdb, shutil, zipfile
from pathlib import Path
tmp = Path({tmp!r})
codes = Path({codes!r})
con = duckdb.connect()
con.execute("set enable_progress_bar = false")
ids = [r[0] for r in con.execute(
    "select min(country_code::integer) from read_csv($f, delim = ';', header = true,"
    " all_varchar = true) where iso_3digit_alpha <> 'N/A' group by iso_3digit_alpha"
    " order by 1 limit 200", {{"f": str(codes)}}).fetchall()]
members = tmp / "members"
members.mkdir()
shutil.copy(codes, members / "country_codes_{release}.csv")
for y in range({first}, {first} + {years}):
    # one key in 20 of 200 x 200 x 5,000, spread by a hash: unique (i, j, k) per year
    con.execute(f'''copy (
        with keys as (select (r * 20 + hash(r, {{y}}) % 20)::bigint as key
                      from range({rows}) t(r))
        select {{y}} as t, $ids[1 + key % 200]::smallint as i,
               $ids[1 + (key // 200) % 200]::smallint as j,
               (100000 + (key // 40000) * 100)::varchar as k,
               round(exp(((hash(key, {{y}}, 1) % 100000) / 100000.0) * 9
                          + (key % 200) % 7 * ((key // 40000) % 5) / 4.0) / 10, 3)::varchar
                 as v,
               case when key % 11 = 0 then 'NA'
                    else round((hash(key, {{y}}, 2) % 500009) / 31.0, 3)::varchar end as q
        from keys
    ) to '{{members}}/BACI_HS17_Y{{y}}_{release}.csv' (header, delimiter ',', quote '')''',
        {{"ids": [int(i) for i in ids]}})
con.close()
with zipfile.ZipFile(tmp / "BACI_HS17_{release}.zip", "w", zipfile.ZIP_DEFLATED,
                     compresslevel=1) as z:
    for f in sorted(members.iterdir()):
        z.write(f, f.name)
"""

#: the bare COPY of one CSV, shared by both baselines (``bare_copy(con, csv, out_dir)``; a
#: ``.format`` template like them, so its braces are doubled)
BARE_COPY = """
import duckdb, time
from pathlib import Path
con = duckdb.connect()
con.execute("set enable_progress_bar = false")
COLS = ("{{'t': 'SMALLINT', 'i': 'SMALLINT', 'j': 'SMALLINT', 'k': 'VARCHAR',"
        " 'v': 'DOUBLE', 'q': 'VARCHAR'}}")
def bare_copy(con, f, out):
    con.execute(f"copy (select * from read_csv('{{f}}', header = true, columns = {{COLS}}))"
                f" to '{{out / (f.stem + '.parquet')}}' (format parquet)")
"""

BARE = BARE_COPY + """
out = Path({out!r}); out.mkdir()
_s = time.perf_counter()
for f in sorted(Path({members!r}).glob("BACI_*.csv")):
    bare_copy(con, f, out)
_elapsed = time.perf_counter() - _s
"""

#: the bare route from the zip a user has: extract each member (zipfile, as gvc does), COPY it
BARE_ZIP = BARE_COPY + """
import zipfile, shutil
out = Path({out!r}); out.mkdir()
_s = time.perf_counter()
with zipfile.ZipFile({zip!r}) as z:
    for info in z.infolist():
        if not info.filename.startswith("BACI_"):
            continue
        f = out / info.filename
        with z.open(info) as fin, open(f, "wb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
        bare_copy(con, f, out)
        f.unlink()
_elapsed = time.perf_counter() - _s
"""

IMPORT = """
import time, gvc
con = gvc.connect({db!r}, data_dir={data!r})
_s = time.perf_counter()
res = con.import_file("baci", {zip!r})
_elapsed = time.perf_counter() - _s
_rows = sum(r["rows_written"] for r in res["reports"])
con.close()
"""

SERIES = """
import time, gvc
con = gvc.connect({db!r}, data_dir={data!r}, build=False)
_s = time.perf_counter()
_per_year = []
for y in range({first}, {first} + {years}):
    t = time.perf_counter()
    cx = con.complexity(y, "HS17", 6)
    _per_year.append(time.perf_counter() - t)
    assert len(cx), y
    _shape = [int(cx["location"].nunique()), int(cx["product"].nunique())]
_complexity = time.perf_counter() - _s
t = time.perf_counter()
dyn = con.export_dynamics({first}, {first} + {years} - 1, "HS17", 6)
_dynamics = time.perf_counter() - t
_rows = len(dyn)
_elapsed = time.perf_counter() - _s
con.close()
"""


PAGES = """
import sys, json
sys.path.insert(0, {bench!r})
import bench_app as ba
ba.INTERACTIONS = {{k: ba.INTERACTIONS[k] for k in {pages!r}}}
r = ba.measure()
_first = [r["pages"][p]["first_load_s"] for p in {pages!r}]
_interaction = [max(i["first_time_s"], i["back_s"], i["repeat_s"])
                for p in {pages!r} for i in r["pages"][p]["interactions"]]
"""
#: app pages timed on the release database and on the embedded one (bench/bench_app.py)
APP_PAGES = ("overview", "sectors", "clusters")


def _child(code: str, home: Path, timeout: float = 7200) -> dict:
    """Run ``code`` in a fresh interpreter; return its ``_``-variables and peak RSS (MB)."""
    wrapper = (
        "import json, resource\n" + code + "\nprint('__BENCH__' + json.dumps({k[1:]: v for k, v in"
        " dict(globals()).items() if k.startswith('_') and not k.startswith('__')"
        " and isinstance(v, (int, float, list))} | {'peak_mb':"
        " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    env = dict(os.environ, GVC_HOME=str(home))  # the imported release lands in the temp folder
    out = subprocess.run(
        [sys.executable, "-c", wrapper], capture_output=True, text=True, timeout=timeout,
        check=False, cwd=ROOT, env=env,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("__BENCH__")][-1]
    return json.loads(line[len("__BENCH__") :])


def run_all() -> dict:
    """Generate the release, run the bare COPY, the import and the time series."""
    data = ROOT / "data"
    codes = data / "trade_flows" / "baci_country_codes_V202301.csv"
    with tempfile.TemporaryDirectory(prefix="gvc-bench-release-") as t:
        tmp = Path(t)
        home = tmp / "home"
        _child(GENERATE.format(tmp=str(tmp), codes=str(codes), release=RELEASE,
                               first=FIRST_YEAR, years=YEARS, rows=ROWS), home)
        members = tmp / "members"
        csv_mb = sum(f.stat().st_size for f in members.glob("BACI_*.csv")) / 2**20
        zip_mb = (tmp / f"BACI_HS17_{RELEASE}.zip").stat().st_size / 2**20
        bare = _child(BARE.format(out=str(tmp / "bare"), members=str(members)), home)
        shutil.rmtree(tmp / "bare")
        shutil.rmtree(members)  # the import reads the zip
        bare_zip = _child(BARE_ZIP.format(out=str(tmp / "bare_zip"),
                                          zip=str(tmp / f"BACI_HS17_{RELEASE}.zip")), home)
        shutil.rmtree(tmp / "bare_zip")
        home.mkdir()
        db = home / "gvc.duckdb"  # the default database of GVC_HOME, which the app opens
        imp = _child(IMPORT.format(db=str(db), data=str(data),
                                   zip=str(tmp / f"BACI_HS17_{RELEASE}.zip")), home)
        series = _child(SERIES.format(db=str(db), data=str(data), first=FIRST_YEAR,
                                      years=YEARS), home)
        pages = PAGES.format(bench=str(HERE), pages=APP_PAGES)
        app_release = _child(pages, home)
        app_embedded = _child(pages, tmp / "home-embedded")  # built there from data/ only
    return {
        "input": f"SYNTHETIC release: {YEARS} years x {ROWS:,} rows ({csv_mb:,.0f} MB of CSV, "
        f"{zip_mb:,.0f} MB zip), 200 x 200 countries x 5,000 HS6 products",
        "bare": bare,
        "bare_zip": bare_zip,
        "import": imp,
        "series": series,
        "app_release": app_release,
        "app_embedded": app_embedded,
    }


def table(r: dict) -> str:
    """Return the issue-19 rows (case, gvc, peak MB, baseline, ratio, goal, met)."""
    imp, bare, s = r["import"], r["bare"], r["series"]
    ratio = imp["elapsed"] / bare["elapsed"]
    zip_ratio = imp["elapsed"] / r["bare_zip"]["elapsed"]
    imp_met = ratio <= GOAL_IMPORT_RATIO and imp["peak_mb"] <= GOAL_PEAK_MB
    cx_met = s["complexity"] < GOAL_COMPLEXITY_S and s["peak_mb"] <= GOAL_PEAK_MB
    shape = f"{s['shape'][0]} countries x {s['shape'][1]} HS6"
    last = FIRST_YEAR + YEARS - 1
    rows = [
        "| case | gvc s | gvc peak MB | baseline (same run) | ratio | goal | met |",
        "|---|---|---|---|---|---|---|",
        (
            f"| import of the whole release (zip) | {imp['elapsed']:.1f} | {imp['peak_mb']:.0f} |"
            f" bare COPY of the extracted CSVs {bare['elapsed']:.1f} s | {ratio:.2f} |"
            f" <= {GOAL_IMPORT_RATIO}x, <= {GOAL_PEAK_MB} MB | {'yes' if imp_met else 'no'} |"
        ),
        (
            f"| import of the whole release (zip) | {imp['elapsed']:.1f} | {imp['peak_mb']:.0f} |"
            f" extracting each member (zipfile) + bare COPY {r['bare_zip']['elapsed']:.1f} s |"
            f" {zip_ratio:.2f} | <= {GOAL_IMPORT_RATIO}x |"
            f" {'yes' if zip_ratio <= GOAL_IMPORT_RATIO else 'no'} |"
        ),
        (
            f"| complexity, every year ({YEARS}; {shape}) | {s['complexity']:.1f} |"
            f" {s['peak_mb']:.0f} | {GOAL_COMPLEXITY_S:.0f} s budget |"
            f" {s['complexity'] / GOAL_COMPLEXITY_S:.2f} | < {GOAL_COMPLEXITY_S:.0f} s,"
            f" <= {GOAL_PEAK_MB} MB | {'yes' if cx_met else 'no'} |"
        ),
        (
            f"| export_dynamics {FIRST_YEAR}-{last} (HS6) | {s['dynamics']:.1f} |"
            f" {s['peak_mb']:.0f} | - | - | - | - |"
        ),
    ]
    a, e = r["app_release"], r["app_embedded"]
    for what, key in (("first load", "first"), ("slowest interaction", "interaction")):
        mine, base = max(a[key]), max(e[key])
        rows.append(
            f"| app {', '.join(APP_PAGES)}: {what} (AppTest, max) | {mine:.2f} |"
            f" {a['peak_mb']:.0f} | the embedded database {base:.2f} s | {mine / base:.2f} |"
            " responsive | - |"
        )
    return "\n".join(rows)


@benchmark("release")
def bench_release() -> list:
    """A whole synthetic release: import, then complexity of every year and the dynamics."""
    r = run_all()
    return [
        Measure("import of a whole release (zip)", r["import"]["elapsed"],
                r["bare"]["elapsed"], "s",
                r["input"]
                + f"; goal <= {GOAL_IMPORT_RATIO}x; peak {r['import']['peak_mb']:.0f} MB",
                "bare DuckDB COPY of the extracted CSVs"),
        Measure("complexity of every year", r["series"]["complexity"], GOAL_COMPLEXITY_S, "s",
                r["input"] + f"; peak {r['series']['peak_mb']:.0f} MB", "the 60 s budget"),
    ]


if __name__ == "__main__":
    res = run_all()
    print(json.dumps(res, indent=1))
    print(table(res))
