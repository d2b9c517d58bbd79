"""Charts with their data: cached Vega-Lite elements, the readiness view, map outlines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.downloads import table_with_download
from app_pages.formatting import fmt_pct, renamed
from app_pages.state import get_con, lang, t


@st.cache_resource(max_entries=256, show_spinner=False)
def _chart_element(spec_key: tuple, _build: Callable[[], Any]) -> None:
    """Draw a chart once per key; later runs replay the recorded element.

    ``_build`` returns an Altair chart or a finished Vega-Lite spec (a dict).

    Streamlit records the elements a cached function draws and sends the recorded message again
    on a cache hit, so the chart is not rebuilt, schema-validated, serialised to JSON and
    converted to Arrow on every run (0.02-0.4 s per chart).
    """
    built = _build()  # an Altair chart, or a Vega-Lite spec already made (a dict)
    spec = built if isinstance(built, dict) else built.to_dict()
    if spec_key[1] in NUMBER_LOCALES:  # numbers on axes and in tooltips in the language's style
        spec.setdefault("config", {})["locale"] = {"number": NUMBER_LOCALES[spec_key[1]]}
    st.vega_lite_chart(spec, width="stretch")


#: d3-format number locales of the languages that do not write numbers the English way.
NUMBER_LOCALES = {
    "id": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp", ""]},
}


def chart_with_data(
    build: Callable[[], Any], df: pd.DataFrame, name: str, key: str, spec_key: tuple
) -> None:
    """Show an Altair chart and, below it, its data as a table with a download.

    ``build`` makes the chart; its Vega-Lite spec is cached under ``spec_key`` plus the
    language and the database snapshot, so ``spec_key`` must name every other input of the
    chart. Building an Altair chart and validating its schema costs 0.02-0.4 s, most of a rerun
    whose data come from the caches.
    """
    _chart_element((get_con().fingerprint, lang(), *spec_key), build)
    with st.expander(t("chart.data")):
        table_with_download(df, name, key=key)


#: Country outlines for maps: Natural Earth 110m as TopoJSON (world-atlas 2.0.2, see
#: data/SOURCES.md section 12), served by Streamlit's static file server from ``static/``
#: (``server.enableStaticServing`` in .streamlit/config.toml) and fetched by the browser from
#: this app, so the 108 kB outline is not sent with every run of the page. Nothing is fetched
#: from the internet.
WORLD_OUTLINES_URL = "app/static/geo/world_countries_110m.topojson"


def readiness_view(
    ready: pd.DataFrame, attrs: dict, name: str, key: str, note: Callable[[str], Any] = st.write
) -> pd.DataFrame:
    """Show a readiness result: score and confidence metrics, the overall explanation and the
    score of each scored lever as bars (coloured by its weight) with the data, and no chart when
    no lever could be scored; return the levers."""
    import altair as alt

    score = attrs.get("score")
    m = st.columns(2)
    m[0].metric(
        t("clusters.readiness_score"),
        f"{score:.0f} / 100" if score is not None and score == score else "-",
    )
    m[1].metric(
        t("clusters.confidence"),
        fmt_pct(attrs.get('confidence', 0), 0),
        help=t("clusters.confidence_help"),
    )
    note(ready["explanation"].iloc[-1])
    levers = ready[ready["lever"] != "overall"]
    scored = levers[levers["score"].notna()]
    if scored.empty:
        return levers  # no bar to draw: an empty chart (and a "NaN" legend) says nothing
    shown = scored[["name", "score", "weight_used", "explanation"]]
    content = tuple(map(tuple, shown.astype(str).to_numpy()))  # all the chart shows: its key

    def lever_chart() -> alt.Chart:
        return (
            alt.Chart(scored)
            .mark_bar()
            .encode(
                x=alt.X("score:Q", title=t("col.score"), scale=alt.Scale(domain=[0, 100])),
                y=alt.Y("name:N", sort=None, title=""),
                color=alt.Color(
                    "weight_used:Q", title=t("col.weight_used"), scale=alt.Scale(scheme="blues"),
                    legend=alt.Legend(format=".0%"),
                ),
                tooltip=[
                    "name",
                    alt.Tooltip("score:Q", format=".0f"),
                    alt.Tooltip("weight_used:Q", format=".0%"),
                    "explanation",
                ],
            )
            .properties(height=220)
        )

    chart_with_data(lever_chart, renamed(readiness_table(ready)), name, key=key,
                    spec_key=("readiness", content))
    return levers


def readiness_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a readiness or indicator table for display, codes as names.

    Lever and indicator codes become their names in the page's language; the template columns
    in ``inputs`` / ``missing_inputs`` stay as the column names a coordinator adds.
    """
    out = frame.copy()

    def names(value: object, kind: str) -> str:
        codes = [c.strip() for c in str(value or "").split(",") if c.strip()]
        return ", ".join(t(f"{kind}.{c}") for c in codes)

    for col in ("indicators_used", "indicators_missing"):
        if col in out:
            out[col] = [names(v, "ind") for v in out[col]]
    if "indicator" in out:
        out["indicator"] = [names(v, "ind") for v in out["indicator"]]
    if "lever" in out:
        out["lever"] = [t(f"lever.{v}") for v in out["lever"]]
    if "basis" in out:
        out["basis"] = [t(f"assess.basis_{v}") if v else "" for v in out["basis"]]
    return out
