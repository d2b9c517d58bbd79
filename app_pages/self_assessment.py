"""Readiness self-assessment: the questionnaire and its explained export-readiness score."""

from __future__ import annotations

import altair as alt
import streamlit as st

from app_pages.common import (
    cached_clusters,
    cached_questionnaire,
    cached_readiness,
    chart_with_data,
    get_con,
    gvc_errors,
    lang,
    pick,
    renamed,
    t,
    table_with_download,
)

st.title(t("assess.title"))
st.caption(t("assess.intro"))
con = get_con()
loaded = int(st.session_state.get("clusters_loaded", 0))

c1, c2 = st.columns([1, 3])
modes = ["cluster", "enterprise"]
mode = pick(
    "assess.mode",
    modes,
    key="mode",
    default="cluster",
    where=c1,
    widget="segmented",
    format_func=lambda m: t(f"assess.mode_{m}"),
)
with gvc_errors():
    clusters = cached_clusters(con, None, loaded)
names = dict(zip(clusters["cluster_id"], clusters["name"], strict=True))
cluster_id = pick(
    "assess.context",
    list(clusters["cluster_id"]),
    key="cluster",
    default="jabar-3205-batik",
    where=c2,
    format_func=lambda c: f"{names.get(c, c)} ({c})",
    help=t("assess.context_help"),
)

with gvc_errors():
    questions = cached_questionnaire(con, mode, lang())

st.subheader(t("assess.questions"))
answers: dict[str, object] = {}
with st.container(border=True):
    for q in questions:
        qid = str(q["id"])
        opts = list(q["options"])
        if q["kind"] == "multiple":
            chosen = st.multiselect(
                str(q["question"]), opts, default=[], key=qid, bind="query-params"
            )
            if chosen:
                answers[qid] = tuple(chosen)
        else:
            idx = pick(
                "",
                list(range(len(opts))),
                key=qid,
                widget="radio",
                none=True,
                label_text=str(q["question"]),
                format_func=lambda i, o=opts: o[i],
                horizontal=True,
            )
            if idx is not None:
                answers[qid] = opts[int(idx)]

st.caption(t("assess.answered", n=len(answers), total=len(questions)))
with gvc_errors():
    ready, attrs = cached_readiness(
        con, cluster_id, lang(), tuple(sorted(answers.items())), mode, loaded
    )

st.subheader(t("assess.result"))
score = attrs.get("score")
m = st.columns(2)
m[0].metric(
    t("clusters.readiness_score"),
    f"{score:.0f} / 100" if score is not None and score == score else "-",
)
m[1].metric(
    t("clusters.confidence"),
    f"{attrs.get('confidence', 0):.0%}",
    help=t("clusters.confidence_help"),
)
st.info(ready["explanation"].iloc[-1])
levers = ready[ready["lever"] != "overall"]
chart = (
    alt.Chart(levers)
    .mark_bar()
    .encode(
        x=alt.X("score:Q", title=t("col.score"), scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("name:N", sort=None, title=""),
        color=alt.Color(
            "weight_used:Q", title=t("col.weight_used"), scale=alt.Scale(scheme="blues")
        ),
        tooltip=[
            "name",
            alt.Tooltip("score:Q", format=".0f"),
            alt.Tooltip("weight_used:Q", format=".0%"),
        ],
    )
    .properties(height=220)
)
chart_with_data(chart, renamed(ready), f"self_assessment_{cluster_id}", key="dl_assess")

st.subheader(t("assess.explained"))
for rec in levers.to_dict("records"):
    value = "-" if rec["score"] != rec["score"] else f"{rec['score']:.0f}"
    st.markdown(f"**{rec['name']}** ({value}): {rec['explanation']}")
ind = attrs.get("indicators")
if ind is not None and len(ind):
    with st.expander(t("assess.indicators")):
        table_with_download(
            renamed(ind.astype(str)), f"readiness_indicators_{cluster_id}", key="dl_indicators"
        )
