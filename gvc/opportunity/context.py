"""Country-level inputs of the opportunity engine (:class:`Context`), gathered once per database."""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from gvc import i18n
from gvc.analytics import relatedness as rel
from gvc.errors import DataNotFoundError, GvcError

if TYPE_CHECKING:  # pragma: no cover
    from gvc.services.clusters import OpportunityInputs as Gvc

from gvc.opportunity.scoring import (
    COUNTRY,
    IO_REGION_ISO3,
    REQ_TABLE,
    percentile,
    requirement_matrix,
)
from gvc.registry.kbli import bps_list

#: gvc's main ISIC Rev.4 class of each ISIC Rev.3 class (tools/build_isic3_isic4_main.py).
ISIC3_MAIN = "concordances/isic3_to_isic4_main.csv"
#: HS headings whose main ISIC Rev.4 class the title words decide wrongly, set by hand (reason).
HS4_MAIN_HAND = "concordances/hs4_isic4_main_hand.csv"


@dataclass
class Context:
    """Country-level inputs shared by every cluster (built once per database and kept)."""

    products: pd.DataFrame
    phi: np.ndarray
    sectors: pd.DataFrame
    requirements: pd.DataFrame
    req_matrix: np.ndarray
    bps_markets: pd.DataFrame
    notes: list[i18n.Message] = field(default_factory=list)
    targets: pd.DataFrame | None = None
    year: int = 2016
    io_year: int = 2011
    growth_window: tuple[int, int] = (2014, 2019)
    #: IO industries x IO industries: cosine similarity of their input structures (relatedness).
    input_similarity: pd.DataFrame | None = None
    io_table: str = "wiod2013"
    #: TF-IDF vectors of the HS texts of ``products`` (same order), for the description component.
    descriptions: rel.DescriptionModel | None = None
    #: TF-IDF vectors of the Indonesian BTKI texts of ``products``, for the activity component.
    descriptions_id: rel.DescriptionModel | None = None

    def sector_name(self, code: object, lang: str) -> str:
        """Return the IO sector's name in ``lang`` (names catalog; else the table's own)."""
        own = self.sectors["name"].get(code) if code in self.sectors.index else None
        return i18n.name(f"sector.{self.io_table}", code, lang, own)

    def product_name(self, code: object, lang: str) -> str:
        """Return the HS 1992 heading's name in ``lang`` (BTKI 2022 in Indonesian, if any)."""
        if code not in self.products.index:
            return ""
        col = "description_id" if lang == "id" else "description"
        return str(self.products.loc[code, col])

    def path_text(self, path: tuple[tuple[str, ...], float] | None, lang: str) -> str:
        """Write a structural path in words.

        Each node is its sector code and name (and its region when it is not Indonesia), then
        comes the path's value added in exports.
        """
        if not path:
            return ""
        nodes, value = path
        words = []
        for node in nodes:
            region, _, code = node.partition(" ")
            name = f"{code} {self.sector_name(code, lang)}"
            words.append(name if region == COUNTRY else f"{region} {name}")
        return i18n.text("opp.path", lang, path=" -> ".join(words),
                         value=i18n.money(value * 1e6, lang))

    @functools.cached_property
    def index(self) -> dict[str, int]:
        """Return product code -> row position (made once: the products do not change)."""
        return {p: i for i, p in enumerate(self.products.index)}


def build_context(
    con: Gvc,
    year: int = 2016,
    io_table: str = "wiod2013",
    io_year: int = 2011,
    growth_window: tuple[int, int] = (2014, 2019),
) -> Context:
    """Gather the country-level inputs of the engine for Indonesia (see the module docstring)."""
    notes: list[i18n.Message] = []
    cx = con.complexity(year, "HS92", 4)
    world = cx.groupby("product", observed=True)["export_value"].sum()
    idn = cx[cx["location"] == COUNTRY].set_index("product")
    if idn.empty:
        raise DataNotFoundError(f"no {COUNTRY} exports in the complexity data for {year}")
    prods = pd.DataFrame(index=pd.Index(idn.index.astype(str), name="hs4"))
    prods["world_trade"] = world.reindex(idn.index).to_numpy(float)
    for col in ("export_value", "rca", "mcp", "density", "pci", "cog"):
        prods[col] = idn[col].to_numpy(float)
    desc = con.sql("complexity_products", revision="HS92", level=4).set_index("product")
    prods["description"] = desc["description"].reindex(prods.index).astype("str").to_numpy()
    names_id = con.sql(
        "core_products", revision="HS92", level=4, prefix=None, groups=None, limit=100_000
    ).set_index("code")["description_id"]
    # the BTKI 2022 Indonesian name where it gives one, else its chapter's (a heading that HS
    # 2022 no longer has, e.g. 7416 copper springs), else the English description
    chapters = con.sql(
        "core_products", revision="HS92", level=2, prefix=None, groups=None, limit=1000
    ).set_index("code")["description_id"].dropna()
    by_chapter = pd.Series(
        [i18n.text("prod.from_chapter", "id", name=chapters[c[:2]], code=c[:2])
         if c[:2] in chapters.index else None for c in prods.index],
        index=prods.index, dtype=object)
    prods["description_id"] = (
        names_id.reindex(prods.index).fillna(by_chapter).fillna(prods["description"])
        .astype("str").to_numpy()
    )
    prods["chapter"] = prods.index.str[:2]
    f, last = growth_window
    g = con.sql(
        "cluster_chapter_growth", source="baci_hs92_hs2", first_year=int(f), last_year=int(last)
    ).set_index("chapter")
    with np.errstate(divide="ignore", invalid="ignore"):
        cagr = (g["last_usd"] / g["first_usd"]) ** (1.0 / (last - f)) - 1.0
    prods["chapter_growth"] = prods["chapter"].map(cagr).astype(float).to_numpy()
    notes.append(i18n.Message("onote.sources", year=year, first=f, last=last))
    share = prods["export_value"].sum() / prods["world_trade"].sum()
    prods["untapped_proxy"] = np.maximum(share * prods["world_trade"] - prods["export_value"], 0)
    prods.attrs["idn_world_share"] = float(share)
    hs = con.sql("cluster_hs4_sectors", io_table=io_table).set_index("hs4")
    prods["sector"] = hs["sector"].reindex(prods.index).to_numpy()
    prods["intermediate_share"] = hs["intermediate_share"].reindex(prods.index).to_numpy(float)
    icio = con.sql("cluster_hs4_sectors", io_table="icio2025").set_index("hs4")
    prods["icio_sector"] = icio["sector"].reindex(prods.index).to_numpy()
    for col, src in (
        ("pct_world_demand", "world_trade"),
        ("pct_pci", "pci"),
        ("pct_cog", "cog"),
        ("pct_density", "density"),
        ("pct_untapped_proxy", "untapped_proxy"),
    ):
        prods[col] = percentile(prods[src])
    ch = prods.groupby("chapter")["chapter_growth"].first()
    prods["pct_growth"] = prods["chapter"].map(percentile(ch)).astype(float)
    # product space
    prox = con.proximity(year, "HS92", 4)
    phi = np.zeros((len(prods), len(prods)))
    heads = pd.Index(prods.index)

    def positions(col: pd.Series) -> np.ndarray:
        # factorise the 1.5 million codes once, then look up the few distinct ones
        codes, uniques = pd.factorize(col)
        where = heads.get_indexer(pd.Index(uniques).astype(str))
        return np.where(codes >= 0, where[codes], -1)

    a = positions(prox["product_1"])
    b = positions(prox["product_2"])
    ok = (a >= 0) & (b >= 0)
    phi[a[ok], b[ok]] = prox["proximity"].to_numpy(float)[ok]
    phi = np.maximum(phi, phi.T)
    np.fill_diagonal(phi, 1.0)
    sectors = _sector_links(con, io_table, io_year)
    isic = con.sql("cluster_hs4_isic4").set_index("hs4")
    prods["isic4"] = isic["isic4"].reindex(prods.index).fillna("").to_numpy()
    # the main class: by the HS text among the classes of the code's own ISIC Rev.3 class (the
    # concordance's smallest-code choice made 1079 food the class of essential oils)
    main3 = pd.read_csv(con.data_dir / ISIC3_MAIN, dtype=str, keep_default_na=False)
    mains = rel.main_classes(con.sql("cluster_hs6_isic4_candidates"),
                             dict(zip(main3["isic3"], main3["isic4"], strict=True)))
    hand = pd.read_csv(con.data_dir / HS4_MAIN_HAND, dtype=str, keep_default_na=False)
    mains = pd.concat([mains.drop(hand["hs4"], errors="ignore"),
                       hand.set_index("hs4")["isic4"]])
    fallback = isic["isic4_main"].reindex(prods.index)
    prods["isic4_main"] = mains.reindex(prods.index).fillna(fallback).fillna("").to_numpy()
    insim = _input_similarity(con, io_table, io_year)
    texts = con.sql("cluster_hs4_texts").set_index("hs4")["text"]
    descriptions = rel.DescriptionModel(texts.reindex(prods.index).fillna("").tolist())
    texts_id = con.sql("cluster_hs4_texts_id").set_index("hs4")["text"]
    kbli = bps_list(con.data_dir)  # titles give the vocabulary, 5-digit descriptions the idf
    kbli5 = kbli[kbli["digit"] == "5"]
    descriptions_id = rel.DescriptionModel(
        texts_id.reindex(prods.index).fillna("").tolist(),
        tokens=rel.WordsOf.titles(kbli["judul"]),
        more_texts=(kbli5["judul"] + ". " + kbli5["deskripsi"]).tolist(),
    )
    notes.append(i18n.Message("onote.relatedness", year=year, table=io_table, io_year=io_year,
                              country=COUNTRY))
    notes.append(i18n.Message("onote.linkages", table=io_table, io_year=io_year))
    req = con.sql("cluster_requirements")
    comp = pd.read_csv(con.data_dir / REQ_TABLE, dtype=str, keep_default_na=False)
    comp["row_id"] = comp["row_id"].astype(int)
    req = req.merge(comp, on="row_id", how="left")
    missing = req["hs_prefixes"].isna()
    if missing.any():
        warnings.warn(
            f"market requirements rows {req.loc[missing, 'row_id'].tolist()} have no HS mapping "
            f"in data/{REQ_TABLE}; they are not matched to products",
            stacklevel=2,
        )
    req["hs_prefixes"] = req["hs_prefixes"].fillna("")
    req["satisfied_by"] = req["satisfied_by"].fillna("")
    pref = [p.split(";") for p in req["hs_prefixes"]]
    mat = requirement_matrix(prods.index, pref)
    bps = con.sql("cluster_bps_markets")
    if not bps.empty:
        spans = bps.groupby("year")["chapter"].agg(lambda c: f"{min(c)}-{max(c)}")
        notes.append(i18n.Message("onote.markets", spans=i18n.Joined(
            [i18n.Message("onote.span", chapters=c, year=y) for y, c in spans.items()], ", ")))
    targets, tnote = _sector_targets(con, io_year)
    notes.append(tnote)
    return Context(
        products=prods,
        phi=phi,
        sectors=sectors,
        requirements=req,
        req_matrix=mat,
        bps_markets=bps,
        notes=notes,
        year=year,
        io_year=io_year,
        growth_window=(int(f), int(last)),
        targets=targets,
        input_similarity=insim,
        io_table=io_table,
        descriptions=descriptions,
        descriptions_id=descriptions_id,
    )


def _input_similarity(con: Gvc, io_table: str, io_year: int) -> pd.DataFrame:
    """Cosine similarity of the input structures of the country's IO industries.

    The input structure of industry j is the column of technical coefficients ``A[(r, i), (IDN,
    j)]`` summed over origin regions r: what j buys per unit of output, by input industry i.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*negative gross output.*")
        io = con.io(io_table, io_year)
    regions, sectors = list(io.table.regions), list(io.table.sectors)
    if COUNTRY not in regions:
        raise DataNotFoundError(f"{io_table} {io_year} has no region {COUNTRY}")
    S = len(sectors)
    c0 = regions.index(COUNTRY) * S
    block = io.A_array[:, c0 : c0 + S]  # every (region, input) row, the country's columns
    coef = block.reshape(len(regions), S, S).sum(axis=0)
    sim = rel.input_similarity(coef)
    return pd.DataFrame(sim, index=sectors, columns=sectors)


def _sector_targets(con: Gvc, io_year: int) -> tuple[pd.DataFrame | None, i18n.Message]:
    """Top target markets per IO sector by untapped potential (``con.export_potential``).

    Uses the market-targets API (ITC export-potential method at IO-sector grain) when it is
    present; returns (None, note) otherwise. Sectors where Indonesia has no comparative advantage
    get no potential there (the method's supply term) and fall back to current markets.
    """
    fn = getattr(con, "export_potential", None)
    if fn is None:
        return None, i18n.Message("onote.targets_none_api")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pot = fn(COUNTRY, io_year, grain="io")
    except (GvcError, TypeError, ValueError, LookupError) as err:
        return None, i18n.Message("onote.targets_failed", error=str(err))
    if pot.empty or not {"importer", "product", "untapped"} <= set(pot.columns):
        return None, i18n.Message("onote.targets_no_rows")
    pot = pot[~pot["importer"].astype(str).str.upper().isin(["ROW"])]
    pot = pot.sort_values(["product", "untapped"], ascending=[True, False], kind="stable")
    top = (
        pot[pot["untapped"] > 0]
        .groupby("product")["importer"]
        .apply(lambda s: [IO_REGION_ISO3.get(str(c), str(c)) for c in s.head(3)])
    )
    total = pot.groupby("product")["untapped"].sum()
    out = pd.DataFrame({"targets": top, "untapped_musd": total}).dropna(subset=["targets"])
    return out, i18n.Message("onote.targets", io_year=io_year)


def _sector_links(con: Gvc, io_table: str, io_year: int) -> pd.DataFrame:
    """Indonesia's sector links to its export demand in the IO table.

    With e Indonesia's gross exports (zero outside its rows), ``x_e = L e`` is the output every
    country-sector produces for them; Indonesia's producers buy ``A[(r,s),(IDN,j)] x_e[(IDN,j)]``
    of sector s from region r. Returns, per sector: name, exports (e), output_for_exports
    (``x_e`` of the Indonesian sector), domestic_inputs and imported_inputs (inputs of sector s
    bought from Indonesia and from abroad for export production), va_in_exports
    (``v_s x_e,s``), link_total (output_for_exports + imported_inputs), link_pct, destinations
    (top three export destinations). Values in the table's unit (million USD).
    """
    with warnings.catch_warnings():
        # WIOD 2013 has a few negative outputs elsewhere (LUX); they do not touch Indonesia
        warnings.filterwarnings("ignore", message=".*negative gross output.*")
        io = con.io(io_table, io_year)
    t = io.table
    regions, sectors = list(t.regions), list(t.sectors)
    if COUNTRY not in regions:
        raise DataNotFoundError(f"{io_table} {io_year} has no region {COUNTRY}")
    S = len(sectors)
    r0 = regions.index(COUNTRY) * S
    rows = slice(r0, r0 + S)
    e = np.zeros(io.n)
    e[rows] = io.e_array[rows]
    xe = io.solver.right(e)
    A = io.A_array
    buy = A[:, rows] @ xe[rows]  # purchases of every (r, s) by IDN producers for exports
    buy_by_region = buy.reshape(len(regions), S)
    # who buys each input for export production: sector s (from any region) bought by
    # Indonesian industry j, A[(r,s),(IDN,j)] x_e[(IDN,j)] summed over r
    by_buyer = (A[:, rows] * xe[rows][None, :]).reshape(len(regions), S, S).sum(axis=0)
    dom = buy_by_region[regions.index(COUNTRY)]
    imp = buy_by_region.sum(axis=0) - dom
    v = io.v_array[rows]
    names = dict(t.sector_names) if hasattr(t, "sector_names") else {}
    out = pd.DataFrame(
        {
            "sector": sectors,
            "name": [names.get(s, s) for s in sectors],
            "exports": e[rows],
            "output_for_exports": xe[rows],
            "domestic_inputs": dom,
            "imported_inputs": imp,
            "va_in_exports": v * xe[rows],
        }
    ).set_index("sector")
    out["link_total"] = out["output_for_exports"] + out["imported_inputs"]
    out["link_pct"] = percentile(out["link_total"])
    dest = io.exports_by_destination(COUNTRY)
    top = (
        dest.sort_values("total", ascending=False)
        .groupby("sector")["destination"]
        .apply(lambda s: [d for d in s if str(d).upper() != "ROW"][:3])
    )
    out["destinations"] = [top.get(s, []) for s in out.index]
    # the three Indonesian industries that buy most of each sector's output as an input for
    # their exports (other than the sector itself), with the value
    out["buyers"] = [
        [
            (str(out.index[j]), float(by_buyer[i, j]))
            for j in np.argsort(-by_buyer[i], kind="stable")
            if j != i and by_buyer[i, j] > 0
        ][:3]
        for i in range(S)
    ]
    return out


def get_context(con: Gvc, **options: object) -> Context:
    """Return the memoised :class:`Context` for ``con`` (built on first use)."""
    key = "opportunity_context:" + repr(sorted(options.items()))
    return con.memo(key, lambda: build_context(con, **options))  # type: ignore[arg-type]


def _structural_path(
    con: Gvc, sector: str, io_table: str, io_year: int
) -> tuple[tuple[str, ...], float] | None:
    """Find the strongest non-trivial structural path from an Indonesian sector to exports.

    Returns its nodes ("IDN c4", ...) and value (million USD of value added), or None.
    """

    def compute() -> tuple[tuple[str, ...], float] | None:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*negative gross output.*")
            io = con.io(io_table, io_year)
        try:
            paths, _ = io.paths((COUNTRY, sector), COUNTRY, top=12)
        except GvcError:
            return None
        longer = paths[paths["depth"] > 0]
        other = longer[longer["end"] != longer["start"]]
        if longer.empty:
            return None
        best = other.iloc[0] if not other.empty else longer.iloc[0]
        return tuple(str(best["path"]).split(" -> ")), float(best["value"])

    return con.memo(f"cluster_path:{io_table}:{io_year}:{sector}", compute)
