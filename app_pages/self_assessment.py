"""Readiness self-assessment: the questionnaire and its explained export-readiness score."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import (
    cached_clusters,
    cached_questionnaire,
    cached_readiness,
    cluster_con,
    cluster_names,
    gvc_errors,
    lang,
    pick,
    readiness_table,
    readiness_view,
    renamed,
    t,
    table_with_download,
)

st.title(t("assess.title"))
st.caption(t("assess.intro"))
con, uploads = cluster_con()

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
    clusters = cached_clusters(con, None, uploads)
names = cluster_names(clusters)
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
        con, cluster_id, lang(), tuple(sorted(answers.items())), mode, uploads
    )

st.subheader(t("assess.result"))
levers = readiness_view(ready, attrs, f"self_assessment_{cluster_id}", "dl_assess", st.info)

st.subheader(t("assess.explained"))
for rec in levers.to_dict("records"):
    value = "-" if rec["score"] != rec["score"] else f"{rec['score']:.0f}"
    st.markdown(f"**{rec['name']}** ({value}): {rec['explanation']}")
ind = attrs.get("indicators")
if ind is not None and len(ind):
    with st.expander(t("assess.indicators")):
        table_with_download(
            renamed(readiness_table(pd.DataFrame(ind)).astype(str)),
            f"readiness_indicators_{cluster_id}", key="dl_indicators"
        )
