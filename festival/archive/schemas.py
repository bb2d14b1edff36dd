"""Input of the archive: an outcome (by format), a material link, and the archive search (the
GET form of /kennisbank and the query of its JSON API)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema
from typing_extensions import TypedDict

from festival.archive.models import WHY_TAGS, MaterialKind, OutcomeKind, Verdict
from festival.i18n import _
from festival.schemas import DateTime, Input, Uri, choice, limit

MAX_RESIDENTS = 100_000
TEXT_MAX = 4000


def _blank_none(value: object) -> object:
    """An empty form field is "not given"."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _as_list(value: object) -> object:
    if value is None or value == "":
        return []
    return [value] if isinstance(value, str) else value


Text = Annotated[str, limit(TEXT_MAX, required=False)]
Line = Annotated[str, limit(200, required=False)]
WhyTag = Literal[WHY_TAGS]  # type: ignore[valid-type]


class OutcomeIn(Input):
    """What came out of a session; which fields count depends on its format."""

    question: Text = ""
    method: Text = ""
    council: Line = ""
    happened: Text = ""
    verdict: Annotated[Verdict | None, BeforeValidator(_blank_none)] = None
    why: Text = ""
    why_tags: Annotated[
        list[WhyTag], BeforeValidator(_as_list), Field(max_length=len(WHY_TAGS))
    ] = []
    theme: Line = ""
    residents: Annotated[
        Annotated[int, Field(ge=0, le=MAX_RESIDENTS)] | None, BeforeValidator(_blank_none)
    ] = None
    follow_up: Text = ""
    summary: Text = ""

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "verdict": ("invalid_verdict", _("Kies of het werkt.")),
            "why_tags": ("invalid_tag", _("Kies redenen uit de lijst.")),
            "why_tags.*": ("invalid_tag", _("Kies redenen uit de lijst.")),
            "residents": (
                "invalid_residents",
                _("Vul een aantal inwoners in van 0 tot en met %(n)s.") % {"n": MAX_RESIDENTS},
            ),
        }


class RecordingIn(Input):
    title: Annotated[str, limit(200)]
    url: Annotated[str, limit(500), Field(pattern=r"^https?://[^\s\x00]+$")]

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "url": ("invalid_url", _("Vul een webadres in dat begint met https:// of http://.")),
        }


class MaterialFileIn(Input):
    title: Annotated[str, limit(200)]
    kind: Literal[MaterialKind.SLIDES, MaterialKind.HANDOUT] = MaterialKind.SLIDES

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {"kind": ("invalid_kind", _("Kies dia's of een hand-out."))}


class SummariesIn(Input):
    """The organiser's switch: show the sessions' evaluation summaries in the archive or not."""

    publish: bool

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {"publish": ("invalid_choice", _("Kies publiceren of niet publiceren."))}


SearchVerdict = Literal[Verdict.WERKT, Verdict.WERKT_DEELS, Verdict.WERKT_NIET]


class SearchIn(Input):
    """The archive search: every filter may be left empty."""

    q: Annotated[str, limit(200, required=False)] = ""
    track: Annotated[str, limit(120, required=False)] = ""
    format: Annotated[str, limit(20, required=False)] = ""
    audience: Annotated[str, limit(20, required=False)] = ""
    outcome: Annotated[SearchVerdict | None, BeforeValidator(_blank_none)] = None
    year: Annotated[
        Annotated[int, Field(ge=1900, le=2200)] | None, BeforeValidator(_blank_none)
    ] = None
    page: Annotated[int, BeforeValidator(lambda v: _blank_none(v) or 1), Field(ge=1, le=10_000)] = 1

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {
            "outcome": ("invalid_outcome", _("Kies werkt, werkt deels of werkt niet.")),
            "year": ("invalid_year", _("Vul een jaartal in.")),
            "page": ("invalid_page", _("Deze pagina bestaat niet.")),
        }


# ---------------------------------------------------------------- answers of the JSON API

VerdictOrNone = Annotated[
    str | None,
    WithJsonSchema({"type": ["string", "null"], "enum": [*(str(v) for v in Verdict), None]}),
]


class ArchiveEvent(TypedDict):
    slug: str
    name: str
    year: int


class ArchiveEntry(TypedDict):
    """An archived session as the search lists it (only public data)."""

    code: str
    title: str
    abstract: str
    event: ArchiveEvent
    starts_at: DateTime | None
    format: str
    track: str | None
    audiences: list[str]
    partner: str | None
    speakers: list[str]
    outcome: VerdictOrNone
    url: Uri


class ArchiveOutcome(TypedDict):
    """The approved outcome of a session; which fields are filled depends on its format."""

    kind: Annotated[str, choice(OutcomeKind)]
    question: str
    method: str
    council: str
    happened: str
    verdict: VerdictOrNone
    why: str
    why_tags: list[str]
    theme: str
    residents: int | None
    follow_up: str
    summary: str


class ArchiveMaterial(TypedDict):
    kind: Annotated[str, choice(MaterialKind)]
    title: str
    url: str


class ArchiveBar(TypedDict):
    label: str
    count: int


class ArchiveFigure(TypedDict):
    """One question's figures: mean, the answers per scale value and, for would-recommend,
    the NPS (% answering 9-10 minus % answering 0-6)."""

    question: str
    answered: int
    mean: float | None
    nps: int | None
    distribution: list[ArchiveBar]


class ArchiveAnswer(TypedDict):
    """An open answer the organiser marked publishable (no name, no address)."""

    question: str
    text: str


class ArchiveSummary(TypedDict):
    """The session's evaluation summary. `small_group`: fewer than 5 respondents, so
    `respondents` is null and there are no figures or answers."""

    small_group: bool
    respondents: int | None
    rating: ArchiveFigure | None
    recommend: ArchiveFigure | None
    open_answers: list[ArchiveAnswer]


class ArchiveSession(ArchiveEntry):
    """One archived session with its approved outcome and materials, and its evaluation
    summary where the organisers published it (else null)."""

    outcome_details: ArchiveOutcome | None
    materials: list[ArchiveMaterial]
    evaluation: ArchiveSummary | None


class ArchiveResults(TypedDict):
    """A page of results (20 per page)."""

    total: int
    page: int
    pages: int
    results: list[ArchiveEntry]
