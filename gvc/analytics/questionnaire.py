"""The export-readiness self-assessment: questions and answers turned into registry fields.

:func:`questionnaire` lists the questions (cluster or enterprise mode, English or Bahasa
Indonesia); :func:`answers_to_record` turns answers into the fields that
:func:`gvc.analytics.readiness.readiness` scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gvc import i18n
from gvc.analytics.readiness import _codes
from gvc.errors import InvalidInputError

# -- self-assessment questionnaire -----------------------------------------------------------

#: Answer options: (catalog key, value). The texts are the catalog's ``q.*`` messages
#: (gvc/locale, :mod:`gvc.i18n`).
_SHARE_OPTIONS = tuple(
    (f"q.share.{i}", v) for i, v in enumerate((0.0, 0.125, 0.375, 0.625, 0.875, 1.0))
)
_YES_NO = (("q.yes_no.0", 0.0), ("q.yes_no.1", 1.0))
_PRODUCTIVITY = tuple(
    (f"q.productivity.{i}", v) for i, v in enumerate((0.5, 0.75, 1.0, 1.5, 2.0))
)
_EXPORT_SHARE = tuple(
    (f"q.export_share.{i}", v) for i, v in enumerate((0.0, 0.05, 0.175, 0.375, 0.75))
)

#: (question id, the input field it fills); the predicate is the message ``q.pred.<id>``
_QUESTIONS = (
    ("q_credit", "share_credit"),
    ("q_partnership", "share_partnership"),
    ("q_internet", "share_internet"),
    ("q_innovation", "share_innovation"),
    ("q_certified", "share_certified"),
    ("q_exporting", "share_exporting"),
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

    def say(key: str, **fmt: object) -> str:
        return i18n.text(key, lang, **fmt)

    def options(opts: tuple[tuple[str, float], ...]) -> dict[str, object]:
        return {"options": [say(k) for k, _ in opts], "values": [v for _, v in opts]}

    out: list[dict[str, object]] = []
    for qid, field in _QUESTIONS:
        cluster = mode == "cluster"
        question = say(
            "q.cluster_share" if cluster else "q.firm_yes_no", predicate=say(f"q.pred.{qid}")
        )
        out.append(
            {
                "id": qid,
                "field": field,
                "question": question,
                "kind": "single",
                **options(_SHARE_OPTIONS if cluster else _YES_NO),
            }
        )
    out.append(
        {
            "id": "q_productivity",
            "field": "labour_productivity_ratio",
            "question": say(f"q.productivity.{mode}"),
            "kind": "single",
            **options(_PRODUCTIVITY),
        }
    )
    out.append(
        {
            "id": "q_export_share",
            "field": "export_share",
            "question": say("q.export_share.question"),
            "kind": "single",
            **options(_EXPORT_SHARE),
        }
    )
    from gvc.analytics.certifications import CERTIFICATIONS

    out.append(
        {
            "id": "q_certifications",
            "field": "certifications",
            "question": say("q.certifications.question"),
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
