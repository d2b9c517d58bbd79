"""Clusters and opportunities: profile, graduation, readiness and ranked opportunities."""

from __future__ import annotations

from contextlib import contextmanager

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import (
    blanks_as_dash,
    cached_cluster_views,
    cached_clusters,
    cached_graduation,
    cached_opportunities,
    cached_readiness,
    chart_with_data,
    cluster_con,
    cluster_names,
    fmt_num,
    gvc_errors,
    lang,
    load_upload,
    md_escape,
    pick,
    readiness_view,
    renamed,
    t,
    table_with_download,
)
from app_pages.state import WARM_CLUSTER
from gvc import i18n
from gvc.clusters import labelled
from gvc.clusters_registry import template_bytes
from gvc.errors import GvcError
from gvc.opportunity.explain import split_steps
from gvc.registry.profile import graduation_words

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title(t("clusters.title"))
st.caption(t("clusters.intro"))
con, uploads = cluster_con()


#: Opportunity columns that are shares (0-1): shown as percentages (downloads keep numbers).
SHARE_COLUMNS = (
    "feasibility", "attractiveness", "linkage", "readiness", "readiness_gap",
    "cluster_proximity", "density",
)


@contextmanager
def section_errors():
    """Show a GvcError of one section and go on with the rest of the page."""
    try:
        yield
    except GvcError as err:
        st.error(err.text(lang()))


with st.expander(t("clusters.upload")):
    st.caption(t("clusters.upload_help"))
    st.download_button(
        t("clusters.template"),
        lambda: template_bytes("xlsx"),
        file_name="gvc_cluster_registry_template.xlsx",
        mime=XLSX,
        key="dl_template",
        on_click="ignore",
    )
    upload = st.file_uploader(t("clusters.upload_file"), type=["csv", "xlsx"], key="upload")
    if upload is not None:
        with gvc_errors():
            if load_upload(upload.name, upload.getvalue()):
                st.success(t("clusters.uploaded", name=upload.name))
        con, uploads = cluster_con()

with gvc_errors():
    all_clusters = cached_clusters(con, None, uploads)
registries = list(dict.fromkeys(all_clusters["registry"]))
c1, c2 = st.columns([1, 3])
registry = pick("clusters.registry", registries, key="registry", default="jabar_umkm", where=c1)
mine = all_clusters[all_clusters["registry"] == registry]
names = cluster_names(mine)
cluster_id = pick(
    "clusters.cluster",
    list(mine["cluster_id"]),
    key="cluster",
    default=WARM_CLUSTER,  # the cluster the app workers warm up
    where=c2,
    format_func=lambda c: f"{names.get(c, c)} ({c})",
)
record = mine[mine["cluster_id"] == cluster_id].iloc[0]

def known_text(value: object) -> str:
    """A registry value for display: "-" where the registry has none (never None or nan)."""
    return "-" if value is None or str(value).strip() in ("", "nan", "None") else str(value)


k = st.columns(4)
k[0].metric(t("clusters.province"), str(record["province"]).title())
k[1].metric(
    t("clusters.firms"),
    fmt_num(record['firms_total'], 0) if record["firms_total"] == record["firms_total"] else "-",
)
def code_list(value: object, shown: int = 4) -> str:
    """A registry code list for a metric: the first ``shown`` codes and how many more (the whole
    list is in the registry tab); a long list of codes has no place to wrap and ran over the
    next metric."""
    codes = [c for c in known_text(value).split(";") if c and c != "-"]
    if not codes:
        return "-"
    return ";".join(codes[:shown]) + (f" (+{len(codes) - shown})" if len(codes) > shown else "")


k[2].metric(t("clusters.kbli"), code_list(record["kbli"]), help=known_text(record["kbli"]))
k[3].metric(t("clusters.hs"), code_list(record["hs_products"], 2),
            help=known_text(record["hs_products"]))

tab_opp, tab_ready, tab_grad, tab_profile = st.tabs(
    [
        t("clusters.tab_opportunities"),
        t("clusters.tab_readiness"),
        t("clusters.tab_graduation"),
        t("clusters.tab_profile"),
    ]
)

with tab_opp, section_errors():
    with st.spinner(t("clusters.computing")):
        opp = cached_opportunities(con, cluster_id, uploads)
    st.caption(t("clusters.opp_note"))
    if opp.empty:  # e.g. food service: no chart, table or steps of nothing
        st.info(t("clusters.no_opportunities"))
    else:
        top = opp.head(20).assign(
            role=lambda d: d["roles"].map(
                lambda r: " + ".join(t(f"role.{x}") for x in str(r).split("+") if x)
            ),
            # every bar named: its code and product name in the page's language
            label=lambda d: d["hs4"] + " " + d["product_id" if lang() == "id" else "product"]
            .astype(str).str.slice(0, 44),
        )
        why = "why_id" if lang() == "id" else "why"

        def opportunity_chart() -> alt.Chart:
            return (
                alt.Chart(top)
                .mark_bar()
                .encode(
                    x=alt.X("score:Q", title=t("col.score"), scale=alt.Scale(domain=[0, 100])),
                    y=alt.Y("label:N", sort=alt.SortField("rank"), title=None,
                            axis=alt.Axis(labelOverlap=False, labelLimit=330)),
                    color=alt.Color("role:N", title=t("col.roles")),
                    tooltip=[
                        "rank",
                        "hs4",
                        "product_id" if lang() == "id" else "product",
                        "role",
                        alt.Tooltip("score:Q", format=".1f"),
                        alt.Tooltip("feasibility:Q", format=".2f"),
                        alt.Tooltip("attractiveness:Q", format=".2f"),
                        alt.Tooltip("linkage:Q", format=".2f"),
                        why,
                    ],
                )
                .properties(height=max(160, 20 * len(top)))
            )

        chart_with_data(
            opportunity_chart,
            labelled(top.drop(columns=["role", "label"]), lang()),
            f"opportunities_top_{cluster_id}",
            key="dl_opp_chart",
            spec_key=("opportunities", cluster_id, uploads),
        )
        st.subheader(t("clusters.next_steps"))
        st.caption(t("clusters.next_steps_note"))
        steps = "next_steps_id" if lang() == "id" else "next_steps"
        for r in opp.head(5).itertuples():
            roles = " + ".join(t(f"role.{x}") for x in str(r.roles).split("+") if x)
            items = split_steps(str(getattr(r, steps)))
            st.markdown(
                f"**{r.rank}. {r.hs4} {md_escape(r.product_id if lang() == 'id' else r.product)}** "
                f"({roles})\n"
                + "\n".join(f"- {md_escape(i)}" for i in items if i)
            )
        shown = opp.copy()
        for c in SHARE_COLUMNS:  # 0-1 components as percentages in the page's format
            if c in shown:
                shown[c] = [i18n.percent(v, lang(), 1) for v in shown[c]]
        shown["score"] = shown["score"].round(1)  # (a number, so the column still sorts)
        st.dataframe(blanks_as_dash(labelled(shown, lang())), hide_index=True, width="stretch",
                     placeholder="-")
        d1, d2, d3, _ = st.columns([1, 1, 1, 2])
        language = lang()

        def cluster_file(fmt: str, cid: str = cluster_id, language: str = language) -> bytes:
            """Build the download on click: ``con.cluster(id).export_bytes(fmt, lang)``."""
            return con.cluster(cid).export_bytes(fmt, lang=language)

        d1.download_button(
            t("download.csv"),
            lambda: cluster_file("csv"),
            file_name=f"opportunities_{cluster_id}_{language}.csv",
            mime="text/csv",
            key="dl_opportunities",
            on_click="ignore",
        )
        d2.download_button(
            t("clusters.workbook"),
            lambda: cluster_file("xlsx"),
            file_name=f"opportunities_{cluster_id}_{language}.xlsx",
            mime=XLSX,
            key="dl_workbook",
            on_click="ignore",
        )
        d3.download_button(
            t("clusters.brief"),
            lambda cid=cluster_id, lg=language: con.cluster(cid).brief(lang=lg),
            file_name=f"brief_{cluster_id}_{language}.pdf",
            mime="application/pdf",
            key="dl_brief",
            on_click="ignore",
            help=t("clusters.brief_help"),
        )

with tab_ready, section_errors():
    ready, attrs = cached_readiness(con, cluster_id, lang(), (), "cluster", uploads)
    readiness_view(ready, attrs, f"readiness_{cluster_id}", "dl_readiness")
    prof_view, grad_view, ready_view = cached_cluster_views(con, cluster_id, lang(), uploads)
    # what the score stands on: the provincial prior, and the levers that have no data yet
    no_score = set(ready.loc[ready["score"].isna(), "lever"]) - {"overall"}
    unscored = ready_view[ready_view["lever"].isin(no_score)]
    for rec in unscored.to_dict("records"):
        st.caption(f"{rec['name']}: {rec['to_add']}")
    priors = prof_view[prof_view["basis"] == "provincial prior"]
    if len(priors):
        st.caption(t("clusters.readiness_prior", fields=", ".join(priors["label"])))
    st.caption(t("clusters.self_assess_hint"))

with tab_grad, section_errors():
    # text for people (no empty numeric cell); the download keeps the numbers
    _, grad_view, _ = cached_cluster_views(con, cluster_id, lang(), uploads)
    known_grad = grad_view[grad_view["size_class"] != "-"]
    if known_grad.empty:
        st.info(t("clusters.graduation_none"))
    else:
        for rec in grad_view[grad_view["size_class"] == "-"].to_dict("records"):
            st.caption(f"{rec['basis']}: {rec['note']}")
        grad = cached_graduation(con, cluster_id, uploads)
        shown_grad = known_grad.rename(columns={"basis": "criterion"})
        table_with_download(renamed(shown_grad), f"graduation_{cluster_id}",
                            key="dl_graduation",
                            download=renamed(graduation_words(grad, lang())
                                             .rename(columns={"basis": "size_basis"})))

with tab_profile, section_errors():
    prof_view, _, _ = cached_cluster_views(con, cluster_id, lang(), uploads)
    # what the registry and the shipped sources say (given, derived or a provincial prior) ...
    shown = prof_view[prof_view["basis"] != "missing"]
    table_with_download(
        pd.DataFrame({
            t("col.field"): shown["label"],
            t("col.value"): shown["value"],
            t("clusters.col_source"): [t(f"prof.basis.{b.replace(' ', '_')}")
                                       for b in shown["basis"]],
        }),
        f"cluster_{cluster_id}",
        key="dl_profile",
        # the values (titles, the prior's sentence) are long: the basis stays in view
        column_config={
            t("col.field"): st.column_config.TextColumn(width="medium"),
            t("col.value"): st.column_config.TextColumn(width="large"),
            t("clusters.col_source"): st.column_config.TextColumn(width="small"),
        },
    )
    # ... and, in one sentence, what is not known and the template columns that add it
    missing = prof_view[prof_view["basis"] == "missing"]
    if len(missing):
        st.caption(t("clusters.profile_missing", fields="; ".join(
            f"{lab} ('{fld}')" for lab, fld in zip(missing["label"], missing["field"], strict=True)
        )))
