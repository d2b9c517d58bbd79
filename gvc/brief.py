"""The cluster brief: a printable PDF (A4) a cluster coordinator can hand on, in en or id.

What it shows comes from the cluster's own views (profile, readiness, opportunities with their
next steps, the domestic chain); this module only lays it out with ReportLab (no network, the
PDF standard fonts). Text is escaped for ReportLab's paragraph markup and kept to the fonts'
character set (WinAnsi): a character outside it is written as "?".
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from gvc import i18n
from gvc.errors import InvalidInputError

#: The brief's fixed texts are the catalog's ``brief.<key>`` messages (gvc/locale).


@dataclass
class BriefContent:
    """Everything the brief shows, already in the brief's language."""

    name: str
    place: str
    cluster_id: str
    profile: list[tuple[str, str]]
    unknown: list[str]
    readiness: list[tuple[str, str, str]]
    opportunities: list[tuple[str, str, str, str, str, str]]  # rank, hs, product, role, why, score
    next_steps: list[list[str]]  # per opportunity: one line per market (and buyers)
    domestic: str = ""
    sources: list[str] = field(default_factory=list)


_NOT_WINANSI = re.compile(r"[^\x09\x0a\x0d\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")


def _p(text: object) -> str:
    """Paragraph markup for plain text: escaped, and within the standard fonts' characters."""
    return escape(_NOT_WINANSI.sub("?", str(text)))


def render(content: BriefContent, lang: str = "en", version: str | None = None) -> bytes:
    """Lay the brief out on A4 pages and return the PDF (``version``: gvc's, by default)."""
    if lang not in ("en", "id"):
        raise InvalidInputError(f"'lang' must be 'en' or 'id' (got {lang!r})")
    if not version:
        from gvc._meta import version as gvc_version

        version = gvc_version()
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    def tx(key: str, **kw: object) -> str:
        return i18n.text(f"brief.{key}", lang, **kw)

    base = getSampleStyleSheet()
    body = ParagraphStyle("gvc_body", parent=base["BodyText"], fontSize=8.5, leading=10.5)
    small = ParagraphStyle("gvc_small", parent=body, fontSize=7.5, leading=9)
    cell = ParagraphStyle("gvc_cell", parent=body, fontSize=8, leading=9.5)
    h1 = ParagraphStyle("gvc_h1", parent=base["Title"], fontSize=15, leading=18, spaceAfter=2)
    h2 = ParagraphStyle("gvc_h2", parent=base["Heading2"], fontSize=10.5, leading=13,
                        spaceBefore=6, spaceAfter=3)
    grid = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b0b0")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ])
    width = A4[0] - 30 * mm

    def table(rows: Sequence[Sequence[str]], widths: Sequence[float], header: bool) -> Table:
        data = [[Paragraph(_p(c), cell) for c in r] for r in rows]
        t = Table(data, colWidths=[w * width for w in widths], repeatRows=1 if header else 0)
        t.setStyle(grid if header else TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return t

    story: list[object] = [
        Paragraph(_p(f"{tx('title')}: {content.name}"), h1),
        Paragraph(_p(f"{content.place} · {content.cluster_id}"), small),
        Paragraph(tx("profile"), h2),
        table(content.profile, (0.3, 0.7), header=False),
    ]
    if content.unknown:
        story.append(Paragraph(
            _p(tx("unknown", n=len(content.unknown), fields=", ".join(content.unknown))), small))
    story += [
        Paragraph(tx("readiness"), h2),
        table([(tx("lever"), tx("score"), tx("to_add")), *content.readiness],
              (0.38, 0.12, 0.5), header=True),
        Paragraph(tx("opportunities"), h2),
        table([("#", tx("hs"), tx("product"), tx("role"), tx("reason"), tx("score")),
               *content.opportunities], (0.04, 0.07, 0.33, 0.12, 0.36, 0.08), header=True),
        Paragraph(tx("next_steps"), h2),
    ]
    for (rank, hs, product, *_), lines in zip(
        content.opportunities, content.next_steps, strict=True
    ):
        story.append(Paragraph(f"<b>{_p(rank)}. {_p(hs)} {_p(product)}</b>", body))
        for line in lines:
            story.append(Paragraph("• " + _p(line), small))
        story.append(Spacer(1, 2))
    if content.domestic:
        story += [Paragraph(tx("domestic"), h2), Paragraph(_p(content.domestic), body)]
    date = datetime.date.today().isoformat()
    story += [
        Paragraph(tx("sources"), h2),
        Paragraph(_p(tx("made_by", version=version, date=date)), small),
        *[Paragraph(_p(s), small) for s in content.sources],
    ]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=12 * mm,
        bottomMargin=12 * mm, title=f"{tx('title')}: {content.name}", author="gvc",
    )
    doc.build(story)
    return buf.getvalue()
