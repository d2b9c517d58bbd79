"""The plain-language "why" of an opportunity row, in English and Bahasa Indonesia."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from gvc import i18n
from gvc.opportunity.context import Context


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


def _clip(text: str, width: int) -> str:
    """Return ``text`` without its closing full stop, cut at a word with "…" when too long."""
    text = text.strip().rstrip(".").strip()
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0].rstrip(" ;,(")
    return f"{cut}…"


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


def _or(words: Sequence[str], lang: str) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return i18n.text("steps.or", lang, head=", ".join(words[:-1]), last=words[-1])


def next_steps(
    plans: Sequence[MarketPlan],
    buyers: Sequence[tuple[str, float]],
    names: Mapping[str, str] | pd.Series,
    lang: str = "en",
) -> str:
    """Say what each focus market asks, and who buys the product in Indonesia.

    Per market: the certificates to get (or held) and the rules to follow; for the supplier
    role, the Indonesian industries that buy the product for their exports. The texts are the
    catalog's ``steps.*`` messages (gvc/locale).

    Markets that ask the same thing share a line. Example: "USA: get HACCP, ISO22000 or
    FSSC22000 (row 27); follow FD&C Act s.415 (row 25), Tariff Act 1930 s.304 (row 34). CHN,
    AUS: no requirement on file for this product (ask the importer)."
    """

    def say(key: str, **fmt: object) -> str:
        return i18n.text(f"steps.{key}", lang, **fmt)

    said: dict[str, list[str]] = {}  # what a market asks -> the markets that ask it
    for p in plans:
        bits = [
            say("get" if p.known else "needed", cert=_or(alts, lang), row=rid)
            for alts, rid in p.get
        ]
        bits += [say("held", cert=cert, row=rid) for cert, rid in p.have]
        if p.rules:
            rules = ", ".join(say("rule", rule=b, row=r) for b, r in p.rules)
            bits.append(say("follow", rules=rules))
        if not bits:
            bits.append(say("none"))
        said.setdefault("; ".join(bits), []).append(p.market)
    out = [f"{', '.join(markets)}: {text}." for text, markets in said.items()]
    if buyers:
        who = ", ".join(f"{names.get(b, b)} ({i18n.money(v * 1e6, lang)})" for b, v in buyers)
        out.append(say("buyers", who=who))
    return " ".join(out)


_STEP_START = re.compile(
    r"(?<=\.) (?=[A-Z]{3}(?:, [A-Z]{3})*: |Indonesian buyers|Pembeli di Indonesia)"
)


def split_steps(text: str) -> list[str]:
    """Split a :func:`next_steps` text into its lines: one per market group, then the buyers."""
    return [x for x in _STEP_START.split(str(text)) if x]


def _why(r: dict, ctx: Context, desc: pd.Series, paths: Mapping[str, object], lang: str) -> str:
    """Return the row's "why" from the catalog's ``why.*`` messages, numbers in ``lang``."""

    def say(key: str, **fmt: object) -> str:
        return i18n.text(f"why.{key}", lang, **fmt)

    def num(v: float, digits: int = 2) -> str:
        return i18n.number(v, lang, digits)

    def pct(v: float) -> str:
        return i18n.percent(v, lang)

    def usd(v: float) -> str:
        return i18n.money(v, lang, missing="n/a")

    roles = r["roles"].split("+")
    f0, f1 = ctx.growth_window
    parts = []
    near = r.get("nearest_product")
    near_text = (ctx.product_name(near, lang) or str(desc.get(near, ""))) if isinstance(
        near, str) else ""
    near_name = f"{near} {_clip(near_text, 40)}" if isinstance(near, str) else ""
    s = (
        ctx.sectors.loc[r["sector"]]
        if isinstance(r["sector"], str) and r["sector"] in ctx.sectors.index
        else None
    )
    if "made" in roles:
        parts.append(say("made"))
    if "activity" in roles:
        parts.append(say("activity"))
    if "adjacent" in roles:
        comp = r.get("relatedness_components" if lang == "en" else "relatedness_components_id")
        parts.append(
            say("adjacent", r=num(r["cluster_relatedness"]), near=near_name, components=comp or "")
        )
    if "supplier" in roles and s is not None:
        buyers = ", ".join(
            f"{ctx.sector_name(b, lang)} ({usd(v * 1e6)})" for b, v in (s.get("buyers") or [])
        )
        parts.append(
            say("supplier", value=usd(s["imported_inputs"] * 1e6),
                sector=ctx.sector_name(r["sector"], lang))
            + (say("supplier_buyers", buyers=buyers) if buyers else "")
        )
    out = ["; ".join(parts) + "."]
    out.append(
        say("feasibility", feasibility=pct(r["feasibility"]), density=num(r["density"]),
            rca=num(r["rca"]))
    )
    basis = (say("proxy_basis") if r["untapped_basis"] == "proxy"
             else r["untapped_basis" if lang == "en" else "untapped_basis_id"])
    out.append(
        say("attractiveness", attractiveness=pct(r["attractiveness"]),
            world_trade=usd(r["world_trade"]), year=ctx.year,
            growth=i18n.signed_percent(r["chapter_growth_pct"] / 100.0, lang, 1), start=f0, end=f1,
            pci=num(r["pci"]), cog=num(r["cog"]), untapped=usd(r["untapped_usd"]), basis=basis)
    )
    if s is not None:
        link = say("linkage", linkage=pct(r["linkage"]), sector=ctx.sector_name(r["sector"], lang),
                   value=usd(s["output_for_exports"] * 1e6), year=ctx.io_year)
        path = ctx.path_text(paths.get(r["sector"]), lang)  # type: ignore[arg-type]
        if path:
            link += " " + say("main_path", path=path)
        out.append(link)
    markets = r["top_markets"] or say("unknown")
    grain = r.get("market_basis" if lang == "en" else "market_basis_id") or ""
    mkt = (
        say("markets_grain", grain=grain, markets=markets)
        if r["top_markets"] and grain
        else say("markets", markets=markets)
    )
    if r.get("target_markets"):
        mkt += " " + say("targets", year=ctx.io_year, markets=r["target_markets"],
                         value=usd(r["sector_untapped_musd"] * 1e6))
    out.append(mkt)
    if isinstance(r["readiness_gap"], float) and math.isnan(r["readiness_gap"]):
        out.append(say("readiness_unscored"))
    elif r["requirements_unmet"]:
        out.append(say("readiness_missing", gap=pct(r["readiness_gap"]),
                       unmet=r["requirements_unmet"]))
    else:
        out.append(say("readiness_none_missing", gap=pct(r["readiness_gap"])))
    return " ".join(out)
