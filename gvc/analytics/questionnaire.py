"""The export-readiness self-assessment: questions and answers turned into registry fields.

:func:`questionnaire` lists the questions (cluster or enterprise mode, English or Bahasa
Indonesia); :func:`answers_to_record` turns answers into the fields that
:func:`gvc.analytics.readiness.readiness` scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gvc.analytics.readiness import _codes
from gvc.errors import InvalidInputError

# -- self-assessment questionnaire -----------------------------------------------------------

_SHARE_OPTIONS = (
    ("none", "tidak ada", 0.0),
    ("a few (under a quarter)", "sedikit (kurang dari seperempat)", 0.125),
    ("some (a quarter to a half)", "sebagian (seperempat sampai separuh)", 0.375),
    ("many (a half to three quarters)", "banyak (separuh sampai tiga perempat)", 0.625),
    ("most (over three quarters)", "hampir semua (lebih dari tiga perempat)", 0.875),
    ("all", "semua", 1.0),
)
_YES_NO = (("no", "tidak", 0.0), ("yes", "ya", 1.0))

#: (question id, input field, predicate (en, base form), predicate (id))
_QUESTIONS = (
    (
        "q_credit",
        "share_credit",
        "have a bank loan or other formal credit",
        "memiliki pinjaman bank atau kredit formal",
    ),
    (
        "q_partnership",
        "share_partnership",
        "supply or work in partnership with a medium or large firm",
        "memasok atau bermitra dengan usaha menengah atau besar",
    ),
    (
        "q_internet",
        "share_internet",
        "use the internet for business (sales, orders, payments)",
        "menggunakan internet untuk usaha (penjualan, pesanan, pembayaran)",
    ),
    (
        "q_innovation",
        "share_innovation",
        "have introduced a new or improved product or process in the last two years",
        "memperkenalkan produk atau proses baru/diperbaiki dalam dua tahun terakhir",
    ),
    (
        "q_certified",
        "share_certified",
        "hold a product or management-system certificate",
        "memiliki sertifikat produk atau sistem manajemen",
    ),
    (
        "q_exporting",
        "share_exporting",
        "sell abroad, directly or through a trader",
        "menjual ke luar negeri, langsung atau melalui pedagang",
    ),
)

_PRODUCTIVITY = (
    ("much lower", "jauh lebih rendah", 0.5),
    ("somewhat lower", "agak lebih rendah", 0.75),
    ("about the same", "kurang lebih sama", 1.0),
    ("somewhat higher", "agak lebih tinggi", 1.5),
    ("much higher", "jauh lebih tinggi", 2.0),
)
_EXPORT_SHARE = (
    ("nothing", "tidak ada", 0.0),
    ("under 10%", "kurang dari 10%", 0.05),
    ("10-25%", "10-25%", 0.175),
    ("25-50%", "25-50%", 0.375),
    ("over 50%", "lebih dari 50%", 0.75),
)


def questionnaire(mode: str = "cluster", lang: str = "en") -> list[dict[str, object]]:
    """Return the self-assessment questions for a cluster or one enterprise.

    Parameters
    ----------
    mode : {"cluster", "enterprise"}
        Cluster questions ask for shares of firms; enterprise questions are yes/no.
    lang : {"en", "id"}
        Language of questions and option labels.

    Returns
    -------
    list of dict
        Each with id, field (the registry input it fills), question, kind ("single" or
        "multiple"), options (list of labels) and values (the number each option gives; for
        certifications the option labels are the certification keys).
    """
    if mode not in ("cluster", "enterprise"):
        raise InvalidInputError(f"'mode' must be 'cluster' or 'enterprise' (got {mode!r})")
    if lang not in ("en", "id"):
        raise InvalidInputError(f"'lang' must be 'en' or 'id' (got {lang!r})")
    idx = 1 if lang == "id" else 0
    out: list[dict[str, object]] = []
    for qid, field, en, ind in _QUESTIONS:
        if mode == "cluster":
            q = (
                f"Berapa banyak usaha di klaster yang {ind}?"
                if lang == "id"
                else f"How many of the cluster's firms {en}?"
            )
            opts: tuple[tuple[str, str, float], ...] = _SHARE_OPTIONS
        else:
            q = f"Apakah usaha Anda {ind}?" if lang == "id" else f"Does your firm {en}?"
            opts = _YES_NO
        out.append(
            {
                "id": qid,
                "field": field,
                "question": q,
                "kind": "single",
                "options": [o[idx] for o in opts],
                "values": [o[2] for o in opts],
            }
        )
    out.append(
        {
            "id": "q_productivity",
            "field": "labour_productivity_ratio",
            "question": (
                "Dibanding usaha sejenis di provinsi Anda, output per pekerja "
                + ("klaster" if mode == "cluster" else "usaha Anda")
                + " adalah:"
            )
            if lang == "id"
            else (
                "Compared with similar firms in your province, output per worker of "
                + ("the cluster" if mode == "cluster" else "your firm")
                + " is:"
            ),
            "kind": "single",
            "options": [o[idx] for o in _PRODUCTIVITY],
            "values": [o[2] for o in _PRODUCTIVITY],
        }
    )
    out.append(
        {
            "id": "q_export_share",
            "field": "export_share",
            "question": "Berapa bagian penjualan yang diekspor (langsung atau tidak langsung)?"
            if lang == "id"
            else "What part of sales is exported (directly or indirectly)?",
            "kind": "single",
            "options": [o[idx] for o in _EXPORT_SHARE],
            "values": [o[2] for o in _EXPORT_SHARE],
        }
    )
    from gvc.analytics.certifications import CERTIFICATIONS

    out.append(
        {
            "id": "q_certifications",
            "field": "certifications",
            "question": "Sertifikat apa yang dimiliki? (pilih semua yang sesuai)"
            if lang == "id"
            else "Which certificates are held? (tick all that apply)",
            "kind": "multiple",
            "options": list(CERTIFICATIONS),
            "values": list(CERTIFICATIONS),
        }
    )
    return out


def answers_to_record(
    answers: Mapping[str, object],
    mode: str = "cluster",
    kbli: Iterable[str] | str = (),
    lang: str = "en",
) -> dict[str, object]:
    """Turn questionnaire answers into registry fields that :func:`readiness` scores.

    Parameters
    ----------
    answers : mapping
        Question id -> the chosen option label (or list of labels for ``q_certifications``).
        Questions left out stay unknown.
    mode, lang
        As given to :func:`questionnaire`.
    kbli : iterable of str or str
        The activity codes (for the relevant certifications).

    Returns
    -------
    dict
        Fields such as share_credit, export_share, certifications, labour_productivity_ratio,
        kbli.
    """
    qs = {str(q["id"]): q for q in questionnaire(mode, lang)}
    unknown = sorted(set(answers) - set(qs))
    if unknown:
        raise InvalidInputError(
            f"'answers': unknown question id(s) {unknown}; known: {', '.join(qs)}"
        )
    rec: dict[str, object] = {"kbli": ";".join(_codes(kbli)) if not isinstance(kbli, str) else kbli}
    for qid, ans in answers.items():
        q = qs[qid]
        opts = list(q["options"])  # type: ignore[call-overload]
        if q["kind"] == "multiple":
            chosen = [ans] if isinstance(ans, str) else list(ans)  # type: ignore[call-overload]
            bad = [a for a in chosen if a not in opts]
            if bad:
                raise InvalidInputError(f"'answers': {qid} has unknown option(s) {bad}")
            rec[str(q["field"])] = ";".join(chosen)
            continue
        if ans is None:
            continue
        if ans not in opts:
            raise InvalidInputError(f"'answers': {qid} must be one of {opts} (got {ans!r})")
        rec[str(q["field"])] = q["values"][opts.index(ans)]  # type: ignore[index]
    return rec
