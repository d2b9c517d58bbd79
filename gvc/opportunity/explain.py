"""The plain-language "why" of an opportunity row, in English and Bahasa Indonesia."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    pass

from gvc.opportunity.context import Context


def _fmt_usd(v: float) -> str:
    if v is None or not math.isfinite(v):
        return "n/a"
    if abs(v) >= 1e9:
        return f"USD {v / 1e9:,.1f} bn"
    if abs(v) >= 1e6:
        return f"USD {v / 1e6:,.0f} m"
    return f"USD {v:,.0f}"


@dataclass(frozen=True)
class MarketPlan:
    """What a focus market asks of one product, from the requirements table.

    ``get``: certificates to obtain (alternatives, row id); ``have``: a certificate the cluster
    holds that meets a row (certificate, row id); ``rules``: rules and procedures no certificate
    replaces (short legal basis, row id); ``known``: whether the cluster's certificates are known.
    """

    market: str
    get: list[tuple[list[str], int]]
    have: list[tuple[str, int]]
    rules: list[tuple[str, int]]
    known: bool


def short_basis(legal_basis: str, width: int = 48) -> str:
    """Name a requirement by its legal basis, shortened: "Regulation (EU) 2023/1115 (EUDR)"."""
    head = legal_basis.split(";")[0].strip()
    for cut in (" Art.", " Arts ", " Annex", ", "):
        at = head.find(cut)
        if at > 12:
            head = head[:at]
    # citations and glosses in brackets ("(19 U.S.C. 381(m))") go; short names ("(EUDR)") stay
    kept, depth, group = [], 0, ""
    for ch in head:
        if depth == 0 and ch != "(":
            kept.append(ch)
            continue
        group += ch
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            inner = group[1:-1]
            if not any(c.isdigit() for c in inner) and len(inner) < 13:
                kept.append(group)
            group = ""
    head = re.sub(r"\s+", " ", "".join(kept)).strip()
    return head if len(head) <= width else head[: width - 1].rstrip() + "…"


def _or(words: Sequence[str], en: bool) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + (" or " if en else " atau ") + words[-1]


def next_steps(
    plans: Sequence[MarketPlan],
    buyers: Sequence[tuple[str, float]],
    names: Mapping[str, str] | pd.Series,
    lang: str = "en",
) -> str:
    """Say what each focus market asks, and who buys the product in Indonesia.

    Per market: the certificates to get (or held) and the rules to follow; for the supplier
    role, the Indonesian industries that buy the product for their exports.

    Markets that ask the same thing share a line. Example: "USA: get HACCP, ISO22000 or
    FSSC22000 (row 27); follow FD&C Act s.415 (row 25), Tariff Act 1930 s.304 (row 34). CHN,
    AUS: no requirement on file for this product (ask the importer)."
    """
    en = lang == "en"
    said: dict[str, list[str]] = {}  # what a market asks -> the markets that ask it
    for p in plans:
        bits = []
        for alts, rid in p.get:
            cert = _or(alts, en)
            if en:
                bits.append(f"get {cert} (row {rid})" if p.known else f"{cert} needed (row {rid})")
            else:
                bits.append(
                    f"perlu {cert} (baris {rid})" if p.known else f"dibutuhkan {cert} (baris {rid})"
                )
        for cert, rid in p.have:
            bits.append(f"{cert} held (row {rid})" if en else f"{cert} sudah ada (baris {rid})")
        if p.rules:
            rules = ", ".join(f"{b} (row {r})" if en else f"{b} (baris {r})" for b, r in p.rules)
            bits.append(f"follow {rules}" if en else f"ikuti {rules}")
        if not bits:
            bits.append(
                "no requirement on file for this product (ask the importer)"
                if en
                else "belum ada persyaratan tercatat untuk produk ini (tanyakan ke importir)"
            )
        said.setdefault("; ".join(bits), []).append(p.market)
    out = [f"{', '.join(markets)}: {text}." for text, markets in said.items()]
    if buyers:
        who = ", ".join(f"{names.get(b, b)} ({_fmt_usd(v * 1e6)})" for b, v in buyers)
        out.append(
            f"Indonesian buyers (as a supplier): {who}."
            if en
            else f"Pembeli di Indonesia (sebagai pemasok): {who}."
        )
    return " ".join(out)


_STEP_START = re.compile(
    r"(?<=\.) (?=[A-Z]{3}(?:, [A-Z]{3})*: |Indonesian buyers|Pembeli di Indonesia)"
)


def split_steps(text: str) -> list[str]:
    """Split a :func:`next_steps` text into its lines: one per market group, then the buyers."""
    return [x for x in _STEP_START.split(str(text)) if x]


def _why(r: dict, ctx: Context, desc: pd.Series, paths: Mapping[str, str], lang: str) -> str:
    roles = r["roles"].split("+")
    f0, f1 = ctx.growth_window
    parts = []
    near = r.get("nearest_product")
    near_name = f"{near} {str(desc.get(near, ''))[:40]}" if isinstance(near, str) else ""
    s = (
        ctx.sectors.loc[r["sector"]]
        if isinstance(r["sector"], str) and r["sector"] in ctx.sectors.index
        else None
    )
    en = lang == "en"
    if "made" in roles:
        parts.append("The cluster already makes it" if en else "Klaster sudah membuatnya")
    if "activity" in roles:
        parts.append(
            "Made by the cluster's KBLI activities" if en else "Dibuat oleh kegiatan KBLI klaster"
        )
    if "adjacent" in roles:
        comp = r.get("relatedness_components" if en else "relatedness_components_id") or ""
        parts.append(
            f"Related to what the cluster makes (relatedness {r['cluster_relatedness']:.2f} to "
            f"{near_name}: {comp})"
            if en
            else f"Berkaitan dengan produk klaster (keterkaitan {r['cluster_relatedness']:.2f} "
            f"dengan {near_name}: {comp})"
        )
    if "supplier" in roles and s is not None:
        names = ctx.sectors["name"]
        buyers = ", ".join(
            f"{names.get(b, b)} ({_fmt_usd(v * 1e6)})" for b, v in (s.get("buyers") or [])
        )
        parts.append(
            f"Supplier role: an intermediate input; Indonesia's export production imports "
            f"{_fmt_usd(s['imported_inputs'] * 1e6)} of {s['name']} inputs"
            + (f"; the Indonesian industries that buy most of it for their exports: {buyers}"
               if buyers else "")
            if en
            else f"Peran pemasok: barang antara; produksi ekspor Indonesia mengimpor input "
            f"{s['name']} senilai {_fmt_usd(s['imported_inputs'] * 1e6)}"
            + (f"; industri Indonesia yang paling banyak membelinya untuk ekspor: {buyers}"
               if buyers else "")
        )
    head = "; ".join(parts) + "."
    feas = (
        f" Feasibility {r['feasibility']:.0%}: relatedness to the cluster and Indonesia's "
        f"product-space density "
        f"{r['density']:.2f} (RCA {r['rca']:.2f})."
        if en
        else f" Kelayakan {r['feasibility']:.0%}: keterkaitan dengan klaster dan kepadatan "
        f"ruang produk Indonesia "
        f"{r['density']:.2f} (RCA {r['rca']:.2f})."
    )
    unt = _fmt_usd(r["untapped_usd"])
    ub = (
        (
            "at Indonesia's average world share"
            if r["untapped_basis"] == "proxy"
            else r["untapped_basis"]
        )
        if en
        else (
            "pada pangsa dunia rata-rata Indonesia"
            if r["untapped_basis"] == "proxy"
            else r["untapped_basis"]
        )
    )
    att = (
        f" Attractiveness {r['attractiveness']:.0%}: world trade "
        f"{_fmt_usd(r['world_trade'])} ({ctx.year}), chapter growth "
        f"{r['chapter_growth_pct']:+.1f}%/yr ({f0}-{f1}), PCI {r['pci']:.2f}, COG "
        f"{r['cog']:.2f}; untapped {unt} ({ub})."
        if en
        else f" Daya tarik {r['attractiveness']:.0%}: perdagangan dunia "
        f"{_fmt_usd(r['world_trade'])} ({ctx.year}), pertumbuhan bab "
        f"{r['chapter_growth_pct']:+.1f}%/th ({f0}-{f1}), PCI {r['pci']:.2f}, COG "
        f"{r['cog']:.2f}; potensi belum tergarap {unt} ({ub})."
    )
    link = ""
    if s is not None:
        link = (
            f" Linkage {r['linkage']:.0%}: sector {s['name']} supplies "
            f"{_fmt_usd(s['output_for_exports'] * 1e6)} of output for Indonesia's exports "
            f"({ctx.io_year})."
            if en
            else f" Keterkaitan {r['linkage']:.0%}: sektor {s['name']} memasok output "
            f"{_fmt_usd(s['output_for_exports'] * 1e6)} untuk ekspor Indonesia "
            f"({ctx.io_year})."
        )
        path = paths.get(r["sector"])
        if path:
            link += f" Main path: {path}." if en else f" Jalur utama: {path}."
    mk = r["top_markets"] or ("unknown" if en else "tidak diketahui")
    grain = r.get("market_basis" if en else "market_basis_id") or ""
    if r["top_markets"] and grain:
        mkt = f" Markets ({grain}): {mk}." if en else f" Pasar ({grain}): {mk}."
    else:
        mkt = f" Markets: {mk}." if en else f" Pasar: {mk}."
    if r.get("target_markets"):
        u = _fmt_usd(r["sector_untapped_musd"] * 1e6)
        mkt += (
            f" Target markets (untapped potential of the sector, ITC method, "
            f"{ctx.io_year}): {r['target_markets']} ({u} untapped)."
            if en
            else f" Pasar sasaran (potensi belum tergarap sektor, metode ITC, {ctx.io_year}): "
            f"{r['target_markets']} ({u} belum tergarap)."
        )
    if isinstance(r["readiness_gap"], float) and math.isnan(r["readiness_gap"]):
        rd = (
            " Readiness gap not scored: the cluster's certifications are unknown."
            if en
            else " Kesenjangan kesiapan tidak dinilai: sertifikasi klaster tidak diketahui."
        )
    else:
        rd = (
            f" Readiness gap {r['readiness_gap']:.0%}"
            if en
            else f" Kesenjangan kesiapan {r['readiness_gap']:.0%}"
        )
        rd += (
            (
                f" (missing: {r['requirements_unmet']})."
                if en
                else f" (belum dipenuhi: {r['requirements_unmet']})."
            )
            if r["requirements_unmet"]
            else (
                " (no certificate missing; procedures such as registration or labelling are "
                "listed under the requirements)."
                if en
                else " (tidak ada sertifikat yang kurang; prosedur seperti registrasi atau "
                "pelabelan tercantum pada persyaratan)."
            )
        )
    return head + feas + att + link + mkt + rd
