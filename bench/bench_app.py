"""Benchmark: how fast each page of the Streamlit app answers a widget interaction.

For every page, under Streamlit's AppTest on the embedded (real) data: the first load of the page
in a fresh process state (cold ``st.cache_data``; the ``gvc`` Parquet result cache may be warm
from an earlier run) is the baseline; then each interaction (a widget change) is timed after a
warm-up (the same interaction done once, then set back), and its rerun time is reported as the
value. A trivial page (one title) gives the fixed cost of an AppTest rerun. The target (issue 8)
is under 1 s per interaction after the first load.

Run directly: ``.venv/bin/python bench/bench_app.py`` (prints a JSON summary) or through
``bench/run.py app_interactions``. Uses ``GVC_DB``/``GVC_HOME`` like the app (builds the
database on first use).
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
from harness import Measure, benchmark  # noqa: E402

TARGET_S = 1.0

#: page -> (URL parameters, [(label, action, undo)]); each action/undo gets the AppTest.
Action = Callable[[object], object]
INTERACTIONS: dict[str, tuple[dict[str, str], list[tuple[str, Action, Action]]]] = {
    "overview": (
        {},
        [
            (
                "country IDN -> VNM",
                lambda at: at.selectbox(key="country").set_value("VNM"),
                lambda at: at.selectbox(key="country").set_value("IDN"),
            ),
        ],
    ),
    "sectors": (
        {},
        [
            (
                "section II -> XI",
                lambda at: at.selectbox(key="section").set_value("XI"),
                lambda at: at.selectbox(key="section").set_value("II"),
            ),
            (
                "country IDN -> THA",
                lambda at: at.selectbox(key="country").set_value("THA"),
                lambda at: at.selectbox(key="country").set_value("IDN"),
            ),
        ],
    ),
    "paths": (
        {},
        [
            (
                "supplier sector c1 -> c3",
                lambda at: at.selectbox(key="sector").set_value("c3"),
                lambda at: at.selectbox(key="sector").set_value("c1"),
            ),
            (
                "market USA -> JPN",
                lambda at: at.selectbox(key="target").set_value("JPN"),
                lambda at: at.selectbox(key="target").set_value("USA"),
            ),
        ],
    ),
    "markets": (
        {},
        [
            (
                "markets shown 25 -> 40",
                lambda at: at.slider(key="markets_top").set_value(40),
                lambda at: at.slider(key="markets_top").set_value(25),
            ),
            (
                "product 0901 -> 090111 (new estimate)",
                lambda at: at.text_input(key="product").input("090111"),
                lambda at: at.text_input(key="product").input("0901"),
            ),
        ],
    ),
    "clusters": (
        {"registry": "jabar_umkm", "cluster": "jabar-3205-batik"},
        [
            (
                "cluster batik Garut -> craft Bogor",
                lambda at: at.selectbox(key="cluster").set_value("jabar-3201-craft"),
                lambda at: at.selectbox(key="cluster").set_value("jabar-3205-batik"),
            ),
        ],
    ),
    "self_assessment": (
        {"cluster": "jabar-3205-batik"},
        [
            (
                "answer the credit question",
                lambda at: at.radio(key="q_credit").set_value(3),
                lambda at: at.radio(key="q_credit").set_value(1),
            ),
        ],
    ),
}


def _app(params: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for k, v in params.items():
        at.query_params[k] = v
    return at


def _run(at) -> float:
    start = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"page raised: {at.exception[0].message}")
    return seconds


def measure() -> dict[str, object]:
    """Time the first load and each interaction of every page; return the figures."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import gvc

    warnings.simplefilter("ignore")  # data warnings are shown by the pages, not timed here
    con = gvc.connect()  # build once, outside the timings
    os.environ["GVC_DB"] = str(con.path)
    con.close()
    trivial = AppTest.from_string("import streamlit as st\nst.title('trivial')")
    trivial.run()
    t_trivial = min(_run(trivial) for _ in range(3))
    out: dict[str, object] = {"trivial_page_s": t_trivial, "pages": {}}
    for page, (params, actions) in INTERACTIONS.items():
        st.cache_data.clear()
        at = _app(params)
        at.run()  # the app shell (home), then the page: the first load of the page is timed
        at.switch_page(f"app_pages/{page}.py")
        first = _run(at)
        rows = []
        for label, act, undo in actions:
            act(at)
            cold = _run(at)  # the first time this view is asked for (may compute)
            undo(at)
            back = _run(at)  # back to a view already seen
            act(at)
            warm = _run(at)  # the same interaction again (cached)
            undo(at)
            _run(at)
            rows.append(
                {"interaction": label, "first_time_s": cold, "back_s": back, "repeat_s": warm}
            )
        out["pages"][page] = {"first_load_s": first, "interactions": rows}  # type: ignore[index]
    return out


@benchmark("app_interactions")
def bench_app() -> list[Measure]:
    """Interaction rerun time per page vs the first load of that page (same run)."""
    res = measure()
    measures = [
        Measure(
            "app: trivial page rerun (AppTest overhead)",
            res["trivial_page_s"],  # type: ignore[arg-type]
            res["trivial_page_s"],
            "s",
            "fixed cost of one AppTest script run",  # type: ignore[arg-type]
            baseline_name="itself",
        )
    ]
    for page, fig in res["pages"].items():  # type: ignore[union-attr]
        for row in fig["interactions"]:
            for kind in ("first_time_s", "repeat_s"):
                v = row[kind]
                ok = "under" if v < TARGET_S else "OVER"
                measures.append(
                    Measure(
                        f"app {page}: {row['interaction']} ({kind[:-2].replace('_', ' ')})",
                        v,
                        fig["first_load_s"],
                        "s",
                        f"{ok} the {TARGET_S:g} s target",
                        baseline_name="first load of the page",
                    )
                )
    return measures


if __name__ == "__main__":
    print(json.dumps(measure(), indent=1))
