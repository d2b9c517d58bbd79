"""Domestic value chains on the BPS inter-regional IO table 2016 (IRIO, 34 provinces x 52 sectors).

Pure functions: DataFrames and arrays in, DataFrames out. Values are billion IDR (``bn``) unless
a column name says otherwise. The shipped IRIO extract gives, per supplying province-industry,
its shipments to every *other* province split into intermediate and final use, its output and
final demand, and the published linkage indices; it does not say which industry of the buying
province uses an intermediate shipment, nor how much is used in the own province or exported
abroad. Those parts are estimated here, each in one documented step (see ``docs/domestic.md``):

* own-province use: ``own intermediate = output - final demand - intermediate shipments``,
  ``own final = final demand - final shipments`` (negative remainders, 45 of 3,536, are set to 0);
* foreign exports of a province-industry: the province's foreign exports (GRDP expenditure
  component 3071) shared out in proportion to ``output x national export share`` of the industry
  (WIOD 2013, Indonesia); they are taken out of the own final use (capped at it);
* the input structure of an industry: the national coefficients of Indonesia (WIOD 2013), mapped
  to the 52 IRIO industries through ISIC;
* the buying industry of an intermediate shipment: shared out in proportion to
  ``coefficient x output`` of the industries of the buying province.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from gvc.errors import InvalidInputError

#: Use categories of the IRIO shipments.
USES = ("intermediate", "final")


def _need(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InvalidInputError(
            f"{name}: expected columns {missing} (got {list(frame.columns)})"
        )


def shipments(flows: pd.DataFrame) -> pd.DataFrame:
    """Return each province-industry's shipments to other provinces by use.

    Parameters
    ----------
    flows : DataFrame
        IRIO flows: ``from_province_code, to_province_code, industry, use, value_bn_idr``.

    Returns
    -------
    DataFrame
        Indexed by (province_code, industry): ``shipped_intermediate``, ``shipped_final`` (bn).
    """
    _need(flows, ("from_province_code", "industry", "use", "value_bn_idr"), "IRIO flows")
    wide = flows.pivot_table(
        index=["from_province_code", "industry"], columns="use", values="value_bn_idr",
        aggfunc="sum", fill_value=0.0,
    )
    wide = wide.reindex(columns=list(USES), fill_value=0.0)
    wide.index.names = ["province_code", "industry"]
    return wide.rename(columns={u: f"shipped_{u}" for u in USES})


def national_coefficients(
    wiod: pd.DataFrame, weights: pd.DataFrame, irio_output: pd.Series
) -> dict[str, pd.DataFrame | pd.Series]:
    """Map a national WIOD input structure onto the 52 IRIO industries.

    Parameters
    ----------
    wiod : DataFrame
        ``kind`` ('input', 'output', 'exports'), ``from_sector``, ``to_sector``, ``domestic``,
        ``imported`` (one region, one year; million USD).
    weights : DataFrame
        ``industry, sector, weight``: the WIOD sectors of each IRIO industry (rows of one industry
        sum to 1).
    irio_output : Series
        National output of each IRIO industry (any unit), indexed by industry; it splits a WIOD
        sector's sales among the IRIO industries mapped to it.

    Returns
    -------
    dict
        ``domestic`` and ``imported``: DataFrames (input industry x using industry) of input
        coefficients per unit of output; ``import_share``: Series, imported share of each
        industry's intermediate inputs; ``export_share``: Series, exports / output.
    """
    _need(wiod, ("kind", "from_sector", "to_sector", "domestic", "imported"), "WIOD inputs")
    _need(weights, ("industry", "sector", "weight"), "IRIO-WIOD weights")
    out = wiod[wiod["kind"] == "output"].set_index("from_sector")["domestic"].astype(float)
    sectors = list(out.index)
    industries = sorted(weights["industry"].unique())
    w = (
        weights.pivot_table(index="industry", columns="sector", values="weight", aggfunc="sum")
        .reindex(index=industries, columns=sectors)
        .fillna(0.0)
    )
    x = irio_output.reindex(industries).fillna(0.0).astype(float)
    split = w.mul(x, axis=0)
    col = split.sum(axis=0)
    d = split.div(col.where(col > 0), axis=1).fillna(0.0)  # IRIO share of each WIOD sector
    inp = wiod[wiod["kind"] == "input"]
    xs = out.where(out > 0)
    result: dict[str, pd.DataFrame | pd.Series] = {}
    for part in ("domestic", "imported"):
        z = (
            inp.pivot_table(index="from_sector", columns="to_sector", values=part, aggfunc="sum")
            .reindex(index=sectors, columns=sectors)
            .fillna(0.0)
        )
        a = z.div(xs, axis=1).fillna(0.0)
        result[part] = pd.DataFrame(
            d.to_numpy() @ a.to_numpy() @ w.to_numpy().T, index=industries, columns=industries
        )
    dom = result["domestic"].sum(axis=0)
    imp = result["imported"].sum(axis=0)
    tot = dom + imp
    result["import_share"] = (imp / tot.where(tot > 0)).fillna(0.0)
    ex = wiod[wiod["kind"] == "exports"].set_index("from_sector")["domestic"].reindex(sectors)
    share = (ex.fillna(0.0) / xs).fillna(0.0)
    result["export_share"] = pd.Series(w.to_numpy() @ share.to_numpy(), index=industries)
    return result


def province_use(
    pi: pd.DataFrame,
    flows: pd.DataFrame,
    export_share: pd.Series,
    province_totals: pd.DataFrame,
) -> pd.DataFrame:
    """Split each province-industry's output into shipments, own use and foreign exports.

    Parameters
    ----------
    pi : DataFrame
        ``province_code, industry, output_m_idr, final_demand_m_idr`` (million IDR).
    flows : DataFrame
        IRIO flows (see :func:`shipments`).
    export_share : Series
        National exports / output of each industry (:func:`national_coefficients`).
    province_totals : DataFrame
        ``province_code, foreign_exports_m_idr`` (GRDP component 3071).

    Returns
    -------
    DataFrame
        One row per province-industry: ``output``, ``shipped_intermediate``, ``shipped_final``,
        ``own_intermediate``, ``own_final``, ``foreign_exports`` (estimate), ``export_orientation``
        (foreign exports / output), all bn IDR except the share.
    """
    _need(pi, ("province_code", "industry", "output_m_idr", "final_demand_m_idr"),
          "IRIO province-industry")
    _need(province_totals, ("province_code", "foreign_exports_m_idr"), "IRIO province totals")
    t = pi.set_index(["province_code", "industry"])[["output_m_idr", "final_demand_m_idr"]] / 1e3
    t = t.rename(columns={"output_m_idr": "output", "final_demand_m_idr": "final_demand"})
    t = t.join(shipments(flows), how="left").fillna(0.0)
    t["own_intermediate"] = (
        t["output"] - t["final_demand"] - t["shipped_intermediate"]
    ).clip(lower=0.0)
    own_final = (t["final_demand"] - t["shipped_final"]).clip(lower=0.0)
    es = export_share.reindex(t.index.get_level_values("industry")).fillna(0.0).to_numpy()
    t["_w"] = t["output"].to_numpy() * es
    wsum = t.groupby(level="province_code")["_w"].transform("sum")
    ex = province_totals.set_index("province_code")["foreign_exports_m_idr"] / 1e3
    ex_p = ex.reindex(t.index.get_level_values("province_code")).fillna(0.0).to_numpy()
    est = (t["_w"] / wsum.where(wsum > 0)).fillna(0.0) * ex_p
    t["foreign_exports"] = np.minimum(est, own_final)
    t["own_final"] = own_final - t["foreign_exports"]
    pos = t["output"].where(t["output"] > 0)
    t["export_orientation"] = (t["foreign_exports"] / pos).fillna(0.0)
    return t.drop(columns="_w").reset_index()


def buyers(
    use: pd.DataFrame,
    flows: pd.DataFrame,
    province: str,
    industries: Iterable[str],
    names: Mapping[str, str],
) -> pd.DataFrame:
    """Who buys a province-industry's products: other provinces, the own province and abroad.

    Parameters
    ----------
    use : DataFrame
        :func:`province_use` output.
    flows : DataFrame
        IRIO flows.
    province : str
        IRIO province code of the seller.
    industries : iterable of str
        IRIO industries of the seller.
    names : mapping
        Province code -> name.

    Returns
    -------
    DataFrame
        ``industry, buyer_code, buyer, kind`` ('other province' / 'own province' /
        'abroad (estimate)'), ``intermediate``, ``final``, ``total`` (bn IDR), ``share`` (of the
        industry's output), ranked by total within each industry. Other-province rows are the
        IRIO shipments themselves.
    """
    u = use.set_index(["province_code", "industry"])
    mine = flows[flows["from_province_code"] == province]
    table = mine.pivot_table(index=["industry", "to_province_code"], columns="use",
                             values="value_bn_idr", aggfunc="sum", fill_value=0.0)
    table = table.reindex(columns=list(USES), fill_value=0.0)
    present = set(table.index.get_level_values(0))
    rows = []
    for ind in industries:
        if (province, ind) not in u.index:
            raise InvalidInputError(f"IRIO has no province-industry {province} {ind}")
        own = u.loc[(province, ind)]
        wide = table.loc[ind] if ind in present else table.iloc[:0].droplevel(0)
        part = pd.DataFrame({
            "industry": ind,
            "buyer_code": wide.index.astype(str),
            "kind": "other province",
            "intermediate": wide["intermediate"].to_numpy(),
            "final": wide["final"].to_numpy(),
        })
        extra = pd.DataFrame([
            {"industry": ind, "buyer_code": province, "kind": "own province",
             "intermediate": float(own["own_intermediate"]), "final": float(own["own_final"])},
            {"industry": ind, "buyer_code": "abroad", "kind": "abroad (estimate)",
             "intermediate": 0.0, "final": float(own["foreign_exports"])},
        ])
        part = pd.concat([part, extra], ignore_index=True)
        part["total"] = part["intermediate"] + part["final"]
        out = float(own["output"])
        part["share"] = part["total"] / out if out > 0 else np.nan
        rows.append(part.sort_values("total", ascending=False, kind="stable"))
    res = pd.concat(rows, ignore_index=True)
    res.insert(2, "buyer", res["buyer_code"].map(lambda c: names.get(c, c)))
    return res


def sources(
    use: pd.DataFrame,
    flows: pd.DataFrame,
    coefficients: Mapping[str, pd.DataFrame | pd.Series],
    province: str,
    industries: Iterable[str],
    names: Mapping[str, str],
    industry_names: Mapping[str, str],
    min_coefficient: float = 0.0,
) -> pd.DataFrame:
    """Where a province-industry's raw materials come from.

    The inputs an industry needs are its national coefficients times its output in the province
    (the requirement); the domestic part of each input is shared among the provinces that supply
    that input industry into the province for intermediate use (the IRIO shipments, plus the own
    province's own intermediate use), the imported part goes to a row 'abroad'.

    Parameters
    ----------
    use : DataFrame
        :func:`province_use` output.
    flows : DataFrame
        IRIO flows.
    coefficients : mapping
        :func:`national_coefficients` output.
    province : str
        IRIO province code of the using industry.
    industries : iterable of str
        IRIO industries of the user.
    names, industry_names : mapping
        Province and industry code -> name.
    min_coefficient : float
        Leave out inputs whose total coefficient is below this.

    Returns
    -------
    DataFrame
        ``industry, input_industry, input_name, coefficient, requirement`` (bn IDR of the input
        needed for the output), ``source_code, source, supply`` (bn IDR of the input shipped into
        the province for intermediate use by all its industries; for 'abroad' the imported
        requirement), ``share`` (of the domestic supply), ``attributed`` (requirement x share;
        'abroad' rows carry the imported part; attributed sums to the requirement).
    """
    dom: pd.DataFrame = coefficients["domestic"]
    imp: pd.DataFrame = coefficients["imported"]
    u = use.set_index(["province_code", "industry"])
    inflow = flows[(flows["to_province_code"] == province) & (flows["use"] == "intermediate")]
    supply = inflow.pivot_table(index="industry", columns="from_province_code",
                                values="value_bn_idr", aggfunc="sum", fill_value=0.0)
    supply = supply.reindex(index=dom.index, fill_value=0.0).fillna(0.0)
    if province in u.index.get_level_values(0):
        own = u.loc[province, "own_intermediate"].reindex(dom.index).fillna(0.0)
    else:
        own = pd.Series(0.0, index=dom.index)
    supply[province] = own.to_numpy()
    total = supply.sum(axis=1)
    share = supply.div(total.where(total > 0), axis=0).fillna(0.0)
    supply.index.name = share.index.name = "input_industry"
    long = supply.reset_index().melt(id_vars="input_industry", var_name="source_code",
                                     value_name="supply")
    long["share"] = share.reset_index().melt(id_vars="input_industry")["value"].to_numpy()
    long = long[long["supply"] > 0]
    rows = []
    for ind in industries:
        if (province, ind) not in u.index or ind not in dom.columns:
            raise InvalidInputError(f"IRIO has no province-industry {province} {ind}")
        x = float(u.loc[(province, ind), "output"])
        a_d, a_m = dom[ind], imp[ind]
        coef = a_d + a_m
        keep = coef.index[(coef > min_coefficient) & (coef > 0)]
        part = long[long["input_industry"].isin(keep)].copy()
        part["attributed"] = part["input_industry"].map(a_d).to_numpy() * x * part["share"]
        abroad = pd.DataFrame({"input_industry": keep, "source_code": "abroad",
                               "supply": (a_m[keep] * x).to_numpy(), "share": np.nan,
                               "attributed": (a_m[keep] * x).to_numpy()})
        part = pd.concat([part, abroad], ignore_index=True)
        part.insert(0, "industry", ind)
        part.insert(2, "input_name", part["input_industry"].map(lambda c: industry_names.get(c, c)))
        part.insert(3, "coefficient", part["input_industry"].map(coef).to_numpy())
        part.insert(4, "requirement", part["coefficient"] * x)
        rows.append(part)
    cols = ["industry", "input_industry", "input_name", "coefficient", "requirement",
            "source_code", "supply", "share", "attributed"]
    if not rows:
        return pd.DataFrame(columns=[*cols[:6], "source", *cols[6:]])
    res = pd.concat(rows, ignore_index=True)[cols]
    res["source_code"] = res["source_code"].astype(str)
    res.insert(6, "source", res["source_code"].map(lambda c: names.get(c, c)))
    return res.sort_values(["industry", "requirement", "attributed"],
                           ascending=[True, False, False], kind="stable").reset_index(drop=True)


def neighbours(topology: Mapping[str, object], name_key: str) -> pd.DataFrame:
    """Return pairs of areas that share a border in a TopoJSON topology.

    Two areas are neighbours when their outlines use a common arc (TopoJSON stores a shared
    border once and both outlines refer to it).

    Parameters
    ----------
    topology : mapping
        A parsed TopoJSON file with one object (a GeometryCollection of Polygons/MultiPolygons).
    name_key : str
        The property holding the area name.

    Returns
    -------
    DataFrame
        ``a, b`` names, each pair once in both orders, sorted.
    """
    objects = topology.get("objects") if isinstance(topology, Mapping) else None
    if not isinstance(objects, Mapping) or len(objects) != 1:
        raise InvalidInputError("topology: expected a TopoJSON file with exactly one object")
    geoms = next(iter(objects.values())).get("geometries", [])
    users: dict[int, set[str]] = {}

    def walk(node: object, name: str) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, name)
        elif isinstance(node, int):
            users.setdefault(node if node >= 0 else ~node, set()).add(name)

    for g in geoms:
        props = g.get("properties") or {}
        if name_key not in props:
            raise InvalidInputError(f"topology: a geometry has no property {name_key!r}")
        walk(g.get("arcs", []), str(props[name_key]))
    pairs = {(a, b) for names in users.values() for a in names for b in names if a != b}
    return pd.DataFrame(sorted(pairs), columns=["a", "b"])


def partners(
    use: pd.DataFrame,
    flows: pd.DataFrame,
    coefficients: Mapping[str, pd.DataFrame | pd.Series],
    province: str,
    industries: Iterable[str],
    provinces: Iterable[str],
) -> pd.DataFrame:
    """Rank the buying industries in nearby provinces that use the products and export.

    Step 1, cluster -> buyer industry: the industry's intermediate sales to the province (IRIO
    shipments; own province: own intermediate use), shared among the buying province's industries
    in proportion to ``domestic coefficient x output``. Step 2, buyer -> foreign market: the
    buyer's estimated foreign exports. The export-linked value is step 1 times the buyer's export
    orientation (the part of the purchases that ends in exports if inputs are used alike across
    sales).

    Parameters
    ----------
    use : DataFrame
        :func:`province_use` output.
    flows : DataFrame
        IRIO flows.
    coefficients : mapping
        :func:`national_coefficients` output.
    province : str
        IRIO province code of the seller.
    industries : iterable of str
        The seller's IRIO industries.
    provinces : iterable of str
        Buying provinces to consider (the own province and its neighbours).

    Returns
    -------
    DataFrame
        ``industry, buyer_province_code, buyer_industry, sales_to_province, sales_to_buyer,
        buyer_output, buyer_exports, export_orientation, export_linked`` (bn IDR and shares),
        only buyers with exports, sorted by ``export_linked``; ``rank`` from 1.
    """
    dom: pd.DataFrame = coefficients["domestic"]
    u = use.set_index(["province_code", "industry"])
    rows = []
    for ind in industries:
        for q in dict.fromkeys(provinces):
            if q == province:
                sales = float(u.loc[(province, ind), "own_intermediate"])
            else:
                sel = flows[(flows["from_province_code"] == province)
                            & (flows["to_province_code"] == q) & (flows["industry"] == ind)
                            & (flows["use"] == "intermediate")]
                sales = float(sel["value_bn_idr"].sum())
            if sales <= 0:
                continue
            buyers_q = u.loc[q] if q in u.index.get_level_values(0) else None
            if buyers_q is None:
                continue
            weight = dom.loc[ind].reindex(buyers_q.index).fillna(0.0) * buyers_q["output"]
            if float(weight.sum()) <= 0:
                continue
            part = pd.DataFrame({
                "industry": ind,
                "buyer_province_code": q,
                "buyer_industry": buyers_q.index.astype(str),
                "sales_to_province": sales,
                "sales_to_buyer": sales * (weight / weight.sum()).to_numpy(),
                "buyer_output": buyers_q["output"].to_numpy(),
                "buyer_exports": buyers_q["foreign_exports"].to_numpy(),
                "export_orientation": buyers_q["export_orientation"].to_numpy(),
            })
            rows.append(part)
    if not rows:
        return pd.DataFrame(columns=["rank", "industry", "buyer_province_code", "buyer_industry",
                                     "sales_to_province", "sales_to_buyer", "buyer_output",
                                     "buyer_exports", "export_orientation", "export_linked"])
    res = pd.concat(rows, ignore_index=True)
    res = res[(res["buyer_exports"] > 0) & (res["sales_to_buyer"] > 0)].copy()
    res["export_linked"] = res["sales_to_buyer"] * res["export_orientation"]
    res = res.sort_values("export_linked", ascending=False, kind="stable").reset_index(drop=True)
    res.insert(0, "rank", np.arange(1, len(res) + 1))
    return res
