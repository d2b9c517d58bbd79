"""Domestic value chains and partnerships (issue 16): the BPS IRIO 2016 table for clusters.

``DomesticService(store)`` answers, for a province-industry or a cluster: who buys its products
(other provinces, the own province, abroad), where its raw materials come from (input industries
and supplying provinces, plus imports), its linkage indices and export orientation, and which
buying industries in the own and neighbouring provinces to approach as partners. The maths is in
:mod:`gvc.analytics.irio`; the method notes are in ``docs/domestic.md``.

Provinces: the 2016 table has 34 provinces. The 38 provinces of 2025 (BPS IMK 2025, map outlines)
are mapped to them by BPS code; the four provinces created in 2022 take the values of the 2016
province they were split from (Papua Barat Daya -> Papua Barat; Papua Selatan, Papua Tengah,
Papua Pegunungan -> Papua), and every output row says so (``irio_note``).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from gvc import i18n
from gvc.analytics import irio
from gvc.errors import DataNotFoundError, InvalidInputError, unknown_code

#: The 38 provinces of 2025: BPS code, name as BPS IMK 2025 writes it, and the IRIO 2016 province.
PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("11", "ACEH", "11"), ("12", "SUMATERA UTARA", "12"), ("13", "SUMATERA BARAT", "13"),
    ("14", "RIAU", "14"), ("15", "JAMBI", "15"), ("16", "SUMATERA SELATAN", "16"),
    ("17", "BENGKULU", "17"), ("18", "LAMPUNG", "18"), ("19", "KEP. BANGKA BELITUNG", "19"),
    ("21", "KEP. RIAU", "21"), ("31", "DKI JAKARTA", "31"), ("32", "JAWA BARAT", "32"),
    ("33", "JAWA TENGAH", "33"), ("34", "DI YOGYAKARTA", "34"), ("35", "JAWA TIMUR", "35"),
    ("36", "BANTEN", "36"), ("51", "BALI", "51"), ("52", "NUSA TENGGARA BARAT", "52"),
    ("53", "NUSA TENGGARA TIMUR", "53"), ("61", "KALIMANTAN BARAT", "61"),
    ("62", "KALIMANTAN TENGAH", "62"), ("63", "KALIMANTAN SELATAN", "63"),
    ("64", "KALIMANTAN TIMUR", "64"), ("65", "KALIMANTAN UTARA", "65"),
    ("71", "SULAWESI UTARA", "71"), ("72", "SULAWESI TENGAH", "72"),
    ("73", "SULAWESI SELATAN", "73"), ("74", "SULAWESI TENGGARA", "74"), ("75", "GORONTALO", "75"),
    ("76", "SULAWESI BARAT", "76"), ("81", "MALUKU", "81"), ("82", "MALUKU UTARA", "82"),
    ("91", "PAPUA BARAT", "91"), ("92", "PAPUA BARAT DAYA", "91"), ("94", "PAPUA", "94"),
    ("95", "PAPUA SELATAN", "94"), ("96", "PAPUA TENGAH", "94"), ("97", "PAPUA PEGUNUNGAN", "94"),
)

#: The national input structure: WIOD 2013, Indonesia, its latest year.
WIOD_REGION, WIOD_YEAR = "IDN", 2011
TOPOLOGY = "geo/indonesia_38_provinces_simplified.topo.json"
GEOJSON = "geo/indonesia_38_provinces_simplified.geojson"


def normalise_province(name: object) -> str:
    """Return a province name in the BPS IMK spelling (upper case, 'KEP.', 'DI')."""
    text = re.sub(r"\s+", " ", str(name or "").strip().upper())
    text = re.sub(r"^KEPULAUAN ", "KEP. ", text)
    text = re.sub(r"^DAERAH ISTIMEWA ", "DI ", text)
    text = text.replace("D.I. ", "DI ").replace("DKI JAKARTA RAYA", "DKI JAKARTA")
    return text


@dataclass
class DomesticLinks:
    """The domestic linkages of one province-industry or cluster (billion IDR, 2016).

    Attributes
    ----------
    buyers : DataFrame
        Who buys the products (see :func:`gvc.analytics.irio.buyers`).
    sources : DataFrame
        Where the inputs come from (see :func:`gvc.analytics.irio.sources`).
    summary : DataFrame
        One row per IRIO industry: output, shipments, own use, foreign exports (estimate),
        export orientation, import share of inputs, linkage indices, province context.
    notes : list of str
        Mapping choices and estimates behind the numbers.
    """

    province_code: str
    industries: list[str]
    buyers: pd.DataFrame
    sources: pd.DataFrame
    summary: pd.DataFrame
    notes: list[str] = field(default_factory=list)


class DomesticService:
    """Domestic value chains on BPS IRIO 2016 over a gvc store (see the module docstring)."""

    def __init__(self, store: Any) -> None:
        self.store = store

    # -- reference tables ---------------------------------------------------------------------

    def provinces(self) -> pd.DataFrame:
        """Return the 38 provinces: BPS code, names, IRIO 2016 province and a note on splits."""
        def build() -> pd.DataFrame:
            pi = self._pi()
            irio_names = dict(zip(pi["province_code"], pi["province"], strict=False))
            rows = []
            for code, name, parent in PROVINCES:
                note = "" if code == parent else i18n.text(
                    "dom.irio_note", "en", parent=irio_names.get(parent, parent))
                rows.append({"province_code": code, "province": name,
                             "irio_code": parent, "irio_province": irio_names.get(parent, ""),
                             "irio_note": note})
            return pd.DataFrame(rows)

        return self.store.memo("domestic_provinces", build)

    def check_province(self, value: object, name: str = "province") -> str:
        """Return the BPS code of a province given as a code ('32') or a name ('Jawa Barat')."""
        prov = self.provinces()
        text = str(value or "").strip()
        if text in set(prov["province_code"]):
            return text
        norm = normalise_province(text)
        hit = prov[prov["province"] == norm]
        if hit.empty:
            raise unknown_code(f"'{name}' (BPS province code or name)", text,
                               list(prov["province"]), "JAWA BARAT")
        return str(hit["province_code"].iloc[0])

    def check_industry(self, value: object, name: str = "industry") -> str:
        """Return an IRIO industry code ('I-15'; '15' and 'i15' are accepted)."""
        text = str(value or "").strip().upper().replace(" ", "")
        m = re.fullmatch(r"I?-?(\d{1,2})", text)
        code = f"I-{int(m.group(1)):02d}" if m else text
        known = list(self._industry_names())
        if code not in known:
            raise unknown_code(f"'{name}' (IRIO 2016 industry)", value, known, "I-15")
        return code

    def industries(self) -> pd.DataFrame:
        """Return the 52 IRIO industries with their ISIC Rev.4 / KBLI divisions."""
        w = self._weights()
        return (w[["industry", "name_id", "isic4_divisions"]].drop_duplicates("industry")
                .reset_index(drop=True))

    def cluster_industries(self, record: Mapping[str, object]) -> list[str]:
        """Return the IRIO industries of a cluster from its KBLI/ISIC codes (2-digit divisions).

        A division maps to every IRIO industry whose ISIC Rev.4 division list
        (``data/concordances/irio52_to_isic4_division_approx.csv``) contains it.
        """
        codes = [c.strip() for c in re.split(r"[;, ]+", str(record.get("kbli") or "")) if c.strip()]
        divisions = {c[:2] for c in codes if c[:2].isdigit()}
        if not divisions:
            raise InvalidInputError(
                f"cluster {record.get('cluster_id')!r}: 'kbli' holds no KBLI/ISIC code "
                f"(got {record.get('kbli')!r})")
        out = []
        for _, r in self.industries().iterrows():
            divs = set(str(r["isic4_divisions"] or "").split(";"))
            if divs & divisions:
                out.append(str(r["industry"]))
        if not out:
            raise DataNotFoundError(
                f"cluster {record.get('cluster_id')!r}: no IRIO 2016 industry covers KBLI "
                f"division(s) {sorted(divisions)}")
        return out

    def neighbours(self) -> pd.DataFrame:
        """Return the land neighbours of each of the 38 provinces (shared outline arcs).

        Returns
        -------
        DataFrame
            ``province_code, neighbour_code`` (BPS codes).
        """
        def build() -> pd.DataFrame:
            path = self.store.data_dir / TOPOLOGY
            if not path.is_file():
                raise DataNotFoundError(f"province outlines not found: {path}")
            pairs = irio.neighbours(json.loads(path.read_text(encoding="utf-8")), "PROVINSI")
            code = self._geo_code()
            pairs["province_code"] = pairs["a"].map(code)
            pairs["neighbour_code"] = pairs["b"].map(code)
            return pairs[["province_code", "neighbour_code"]].reset_index(drop=True)

        return self.store.memo("domestic_neighbours", build)

    def geojson(self) -> dict[str, Any]:
        """Return the 38 province outlines with BPS codes (``bps_code``) added by name."""
        path = self.store.data_dir / GEOJSON
        if not path.is_file():
            raise DataNotFoundError(f"province outlines not found: {path}")
        geo = json.loads(path.read_text(encoding="utf-8"))
        code = self._geo_code()
        for f in geo["features"]:
            f["properties"]["bps_code"] = code[str(f["properties"]["PROVINSI"])]
            _wind_for_d3(f["geometry"])
        return geo

    # -- analyses ----------------------------------------------------------------------------

    def links(self, province: object, industry: object) -> DomesticLinks:
        """Domestic linkages of one province-industry (see :class:`DomesticLinks`)."""
        code = self.check_province(province)
        inds = [self.check_industry(i) for i in (
            industry if isinstance(industry, list | tuple) else [industry])]
        return self._links(code, inds)

    def cluster_links(self, record: Mapping[str, object]) -> DomesticLinks:
        """Domestic linkages of a cluster: its province and its IRIO industries."""
        code = self.check_province(record.get("province"), name="cluster province")
        return self._links(code, self.cluster_industries(record))

    def partners(self, province: object, industries: list[str] | str, top: int | None = 20,
                 lang: str = "en") -> pd.DataFrame:
        """Partnership candidates: buying industries in the own and neighbouring provinces.

        Parameters
        ----------
        province : str
            BPS code or name (2022 provinces use their 2016 parent's flows).
        industries : str or list of str
            IRIO industries of the seller.
        top : int, optional
            Keep the best ``top`` rows.
        lang : {"en", "id"}
            Language of the ``why`` sentence.

        Returns
        -------
        DataFrame
            :func:`gvc.analytics.irio.partners` with province and industry names, the BPS IMK
            2025 share of the buying province's micro and small firms with partnerships, and
            ``why``.
        """
        if lang not in ("en", "id"):
            raise InvalidInputError(f"'lang' must be 'en' or 'id' (got {lang!r})")
        code = self.check_province(province)
        inds = [self.check_industry(i) for i in (
            [industries] if isinstance(industries, str) else industries)]
        prov = self.provinces().set_index("province_code")
        parent = str(prov.loc[code, "irio_code"])
        nb = self.neighbours()
        own = set(prov.index[prov["irio_code"] == parent])
        near = {str(prov.loc[c, "irio_code"]) for c in nb.loc[nb["province_code"].isin(own),
                                                               "neighbour_code"]}
        near.discard(parent)
        targets = [parent, *sorted(near)]
        res = irio.partners(self._use(), self._flows(), self._coefficients(), parent, inds,
                            targets)
        names = self._irio_names()
        ind_names = self._industry_names()
        res.insert(3, "buyer_province", res["buyer_province_code"].map(names))
        res.insert(5, "buyer_industry_name", res["buyer_industry"].map(ind_names))
        res["neighbour"] = res["buyer_province_code"] != parent
        imk = self._imk_shares()
        first = prov.reset_index().drop_duplicates("irio_code").set_index("irio_code")
        res["imk_share_partnership"] = res["buyer_province_code"].map(
            lambda c: imk.get(str(first.loc[c, "province_code"]), float("nan")))
        if top is not None:
            res = res.head(int(top))
        res["why"] = [self._why(r, ind_names, lang) for r in res.itertuples()]
        return res.reset_index(drop=True)

    def cluster_partners(self, record: Mapping[str, object], top: int | None = 20,
                         lang: str = "en") -> pd.DataFrame:
        """Partnership candidates of a cluster (see :meth:`partners`)."""
        code = self.check_province(record.get("province"), name="cluster province")
        return self.partners(code, self.cluster_industries(record), top=top, lang=lang)

    def province_measures(self, industry: object | None = None) -> pd.DataFrame:
        """One row per 2025 province: BPS IMK 2025 measures and (for an industry) IRIO figures.

        Parameters
        ----------
        industry : str, optional
            IRIO industry for ``output_bn_idr``, ``export_orientation``, ``backward_norm``,
            ``forward_norm``; without it the whole-economy output and export orientation
            (foreign exports / GRDP) of the province.

        Returns
        -------
        DataFrame
            ``province_code, province, irio_code, irio_note, firms, workers, va_per_worker_m_idr,
            share_partnership, share_loans, share_internet, output_bn_idr, export_orientation,
            backward_norm, forward_norm``.
        """
        prov = self.provinces().copy()
        imk = self.store.sql("domestic_imk")
        imk["province"] = imk["province"].map(normalise_province)
        imk = imk.set_index("province")
        out = prov.join(imk, on="province")
        out["va_per_worker_m_idr"] = out["value_added_m_idr"] / out["workers"]
        out["share_partnership"] = out["partnership_yes"] / (
            out["partnership_yes"] + out["partnership_no"])
        out["share_loans"] = out["firms_with_loans"] / out["firms"]
        out["share_internet"] = out["internet_yes"] / (out["internet_yes"] + out["internet_no"])
        use = self._use()
        if industry is None:
            tot = self.store.sql("domestic_province_totals").set_index("province_code")
            g = use.groupby("province_code")["output"].sum()
            out["output_bn_idr"] = out["irio_code"].map(g)
            out["export_orientation"] = out["irio_code"].map(
                tot["foreign_exports_m_idr"] / tot["grdp_m_idr"])
            out["backward_norm"] = float("nan")
            out["forward_norm"] = float("nan")
        else:
            ind = self.check_industry(industry)
            u = use[use["industry"] == ind].set_index("province_code")
            p = self._pi()
            p = p[p["industry"] == ind].set_index("province_code")
            out["output_bn_idr"] = out["irio_code"].map(u["output"])
            out["export_orientation"] = out["irio_code"].map(u["export_orientation"])
            out["backward_norm"] = out["irio_code"].map(p["backward_norm"])
            out["forward_norm"] = out["irio_code"].map(p["forward_norm"])
        cols = ["province_code", "province", "irio_code", "irio_note", "firms", "workers",
                "va_per_worker_m_idr", "share_partnership", "share_loans", "share_internet",
                "output_bn_idr", "export_orientation", "backward_norm", "forward_norm"]
        return out[cols].reset_index(drop=True)

    def province_flows(self, province: object, industry: object,
                       direction: str = "buyers") -> pd.DataFrame:
        """Shipments of one industry from (``buyers``) or into (``suppliers``) a province.

        Returns
        -------
        DataFrame
            ``province_code`` (the other end, IRIO code), ``province``, ``intermediate``,
            ``final``, ``total`` (bn IDR, IRIO shipments), ``share`` of the total.
        """
        if direction not in ("buyers", "suppliers"):
            raise InvalidInputError(
                f"'direction' must be 'buyers' or 'suppliers' (got {direction!r})")
        code = self.check_province(province)
        parent = str(self.provinces().set_index("province_code").loc[code, "irio_code"])
        ind = self.check_industry(industry)
        f = self._flows()
        mine, other = (("from_province_code", "to_province_code") if direction == "buyers"
                       else ("to_province_code", "from_province_code"))
        sel = f[(f[mine] == parent) & (f["industry"] == ind)]
        wide = sel.pivot_table(index=other, columns="use", values="value_bn_idr", aggfunc="sum",
                               fill_value=0.0).reindex(columns=list(irio.USES), fill_value=0.0)
        wide["total"] = wide["intermediate"] + wide["final"]
        tot = float(wide["total"].sum())
        wide["share"] = wide["total"] / tot if tot > 0 else 0.0
        wide = wide.reset_index().rename(columns={other: "province_code"})
        wide.insert(1, "province", wide["province_code"].map(self._irio_names()))
        wide.columns.name = None
        return wide.sort_values("total", ascending=False, kind="stable").reset_index(drop=True)

    def chain(self, links: DomesticLinks, partners: pd.DataFrame, top: int = 5) -> pd.DataFrame:
        """Return the domestic chain as path edges: sources -> cluster -> buyers -> abroad.

        Returns
        -------
        DataFrame
            ``step`` (1 input source -> cluster, 2 cluster -> buyer province, 3 cluster ->
            partner industry, 4 partner industry -> abroad), ``source``, ``target``,
            ``value_bn_idr``.
        """
        me = "cluster"
        rows: list[dict[str, object]] = []
        src = links.sources.groupby(["source"], as_index=False)["attributed"].sum()
        for r in src.nlargest(top, "attributed").itertuples():
            rows.append({"step": 1, "source": str(r.source), "target": me,
                         "value_bn_idr": float(r.attributed)})
        buy = links.buyers.groupby("buyer", as_index=False)["total"].sum()
        for r in buy.nlargest(top, "total").itertuples():
            rows.append({"step": 2, "source": me, "target": str(r.buyer),
                         "value_bn_idr": float(r.total)})
        for r in partners.head(top).itertuples():
            node = f"{r.buyer_industry_name} ({r.buyer_province})"
            rows.append({"step": 3, "source": me, "target": node,
                         "value_bn_idr": float(r.sales_to_buyer)})
            rows.append({"step": 4, "source": node, "target": "abroad",
                         "value_bn_idr": float(r.buyer_exports)})
        return pd.DataFrame(rows, columns=["step", "source", "target", "value_bn_idr"])

    # -- internals ----------------------------------------------------------------------------

    def _links(self, code: str, inds: list[str]) -> DomesticLinks:
        prov = self.provinces().set_index("province_code")
        parent = str(prov.loc[code, "irio_code"])
        use = self._use()
        names = self._irio_names()
        ind_names = self._industry_names()
        b = irio.buyers(use, self._flows(), parent, inds, names)
        s = irio.sources(use, self._flows(), self._coefficients(), parent, inds, names, ind_names)
        u = use[(use["province_code"] == parent) & use["industry"].isin(inds)].copy()
        p = self._pi().set_index(["province_code", "industry"])
        for col in ("backward", "backward_norm", "forward", "forward_norm"):
            u[col] = [float(p.loc[(parent, i), col]) for i in u["industry"]]
        imp_share = self._coefficients()["import_share"]
        u["import_share_inputs"] = u["industry"].map(imp_share)
        tot = self.store.sql("domestic_province_totals").set_index("province_code")
        u["province_export_orientation"] = float(
            tot.loc[parent, "foreign_exports_m_idr"] / tot.loc[parent, "grdp_m_idr"])
        u.insert(1, "province", names.get(parent, parent))
        u.insert(3, "industry_name", u["industry"].map(ind_names))
        return DomesticLinks(code, inds, b, s, u.reset_index(drop=True), self.notes(code, "en"))

    def notes(self, code: str, lang: str) -> list[str]:
        """Return the method notes of a province's links in ``lang`` (catalog ``dom.note*``)."""
        prov = self.provinces().set_index("province_code")
        notes = [i18n.text("dom.note_irio", lang, year=WIOD_YEAR)]
        parent = str(prov.loc[code, "irio_code"])
        if parent != code:
            note = i18n.text("dom.irio_note", lang,
                             parent=str(prov.loc[code, "irio_province"]) or parent)
            notes.append(i18n.text("dom.split", lang, province=prov.loc[code, "province"],
                                   note=note))
        return notes

    def _why(self, r: Any, ind_names: Mapping[str, str], lang: str) -> str:
        """Return the partner row's sentence (catalog ``dom.partner*``; r in billion IDR)."""
        text = i18n.text(
            "dom.partner",
            lang,
            buyer=r.buyer_industry_name,
            province=r.buyer_province,
            where=i18n.text("dom.neighbour" if r.neighbour else "dom.same_province", lang),
            sales=i18n.money(r.sales_to_buyer * 1e9, lang, "IDR"),
            seller=ind_names.get(r.industry, r.industry),
            exports=i18n.money(r.buyer_exports * 1e9, lang, "IDR"),
            orientation=i18n.percent(r.export_orientation, lang),
        )
        if not pd.isna(r.imk_share_partnership):
            share = i18n.percent(r.imk_share_partnership, lang)
            text += " " + i18n.text("dom.partner_share", lang, share=share)
        return text

    def _flows(self) -> pd.DataFrame:
        return self.store.memo(
            "domestic_flows", lambda: self.store.sql("domestic_flows"))

    def _pi(self) -> pd.DataFrame:
        return self.store.memo(
            "domestic_pi", lambda: self.store.sql("domestic_province_industry"))

    def _weights(self) -> pd.DataFrame:
        return self.store.memo(
            "domestic_irio_wiod", lambda: self.store.sql("domestic_irio_wiod"))

    def _irio_names(self) -> dict[str, str]:
        pi = self._pi()
        return dict(zip(pi["province_code"], pi["province"], strict=False))

    def _industry_names(self) -> dict[str, str]:
        pi = self._pi()
        return dict(zip(pi["industry"], pi["industry_name"], strict=False))

    def _geo_code(self) -> dict[str, str]:
        """Outline name -> BPS code (the outline files' Papua codes are not BPS codes)."""
        prov = self.provinces()
        by_name = dict(zip(prov["province"], prov["province_code"], strict=False))
        path = self.store.data_dir / TOPOLOGY
        topo = json.loads(path.read_text(encoding="utf-8"))
        geoms = next(iter(topo["objects"].values()))["geometries"]
        out = {}
        for g in geoms:
            name = str(g["properties"]["PROVINSI"])
            norm = normalise_province(name)
            if norm not in by_name:
                raise DataNotFoundError(f"{path}: province outline {name!r} matches no BPS "
                                        "province name")
            out[name] = by_name[norm]
        return out

    def _coefficients(self) -> dict[str, pd.DataFrame | pd.Series]:
        def build() -> dict[str, pd.DataFrame | pd.Series]:
            wiod = self.store.sql("domestic_wiod_inputs", region=WIOD_REGION, year=WIOD_YEAR)
            if wiod.empty:
                raise DataNotFoundError(
                    f"WIOD 2013 {WIOD_REGION} {WIOD_YEAR} is not loaded (needed for the input "
                    "structure)")
            x = self._pi().groupby("industry")["output_m_idr"].sum()
            return irio.national_coefficients(wiod, self._weights(), x)

        return self.store.memo("domestic_coefficients", build)

    def _use(self) -> pd.DataFrame:
        def build() -> pd.DataFrame:
            return irio.province_use(self._pi(), self._flows(),
                                     self._coefficients()["export_share"],
                                     self.store.sql("domestic_province_totals"))

        return self.store.memo("domestic_use", build)

    def _imk_shares(self) -> dict[str, float]:
        m = self.province_measures()
        return dict(zip(m["province_code"], m["share_partnership"], strict=False))


def _ring_area(ring: list[list[float]]) -> float:
    """Signed planar area of a lon/lat ring (shoelace; > 0 counter-clockwise)."""
    pairs = itertools.pairwise(ring)
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in pairs)


def _wind_for_d3(geometry: dict[str, Any]) -> None:
    """Wind polygon rings as d3-geo (Vega's map projection) reads them, in place.

    The shipped outlines follow RFC 7946 (exterior rings counter-clockwise); d3-geo takes a
    counter-clockwise ring as the whole sphere minus the province, which draws a map as one
    filled square. Exterior rings become clockwise, holes counter-clockwise.
    """
    kind = geometry.get("type")
    polygons = ([geometry["coordinates"]] if kind == "Polygon"
                else geometry["coordinates"] if kind == "MultiPolygon" else [])
    for rings in polygons:
        for n, ring in enumerate(rings):
            exterior = n == 0
            if (_ring_area(ring) > 0) == exterior:  # wrong way round for d3
                ring.reverse()


def domestic_sentence(buyers: pd.DataFrame, sources: pd.DataFrame, lang: str = "en") -> str:
    """One plain sentence (en/id) on a province-industry's domestic chain, from its tables.

    Buyers: the share kept in the province, then the three largest other provinces; sources:
    the three largest suppliers of its inputs (the province itself, abroad, other provinces),
    by share of the input requirement attributed to them (BPS IRIO 2016).
    """
    if buyers.empty or sources.empty:
        return ""
    total = float(buyers["total"].sum())
    own = buyers.loc[buyers["kind"] == "own province", "total"].sum() / total if total else 0.0
    others = buyers[buyers["kind"] == "other province"].nlargest(3, "total")["buyer"].tolist()
    by_src = sources.groupby("source")["attributed"].sum().sort_values(ascending=False)
    share = by_src / by_src.sum() if by_src.sum() else by_src
    top = share.head(3)

    src = ", ".join(
        f"{i18n.text('dom.abroad', lang) if k == 'abroad' else k} ({i18n.percent(v, lang)})"
        for k, v in top.items()
    )
    return i18n.text(
        "dom.chain", lang, own=i18n.percent(own, lang), others=", ".join(others) or "-",
        sources=src,
    )

