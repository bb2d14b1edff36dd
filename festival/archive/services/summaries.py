"""The evaluation summary of an archived session: the feedback figures (respondents, the rating
and would-recommend questions with their distributions) and the open answers an organiser marked
publishable. Shown only where an organiser published the event's summaries, and under the feedback
area's small-group rule (its results never carry a small group's figures)."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from festival import audit
from festival.archive.models import ArchiveEntry, ArchiveSettings
from festival.events.models import Event
from festival.feedback import queries as feedback


@dataclass(frozen=True)
class PublicAnswer:
    question: str
    text: str


@dataclass(frozen=True)
class EvaluationSummary:
    """`suppressed`: fewer than MIN_GROUP respondents, so nothing but that fact is filled in."""

    respondents: int
    suppressed: bool
    rating: feedback.QuestionResult | None = None  # the first 1-5 question ("hoe nuttig")
    recommend: feedback.QuestionResult | None = None  # the 0-10 "would you recommend"
    answers: tuple[PublicAnswer, ...] = ()

    @property
    def min_group(self) -> int:
        return feedback.MIN_GROUP


async def summaries_published(event_id: int) -> bool:
    return await ArchiveSettings.filter(event_id=event_id, publish_summaries=True).exists()


async def publish_summaries(event: Event, *, published: bool, actor: audit.Actor) -> None:
    """Show (or stop showing) the evaluation summaries of the event's sessions in the archive.
    Audits archive.summaries_published or archive.summaries_unpublished."""
    async with in_transaction():
        setting, _created = await ArchiveSettings.get_or_create(event_id=event.id)
        setting.publish_summaries = published
        await setting.save(update_fields=["publish_summaries", "updated_at"])
        action = "archive.summaries_published" if published else "archive.summaries_unpublished"
        await audit.record(actor, action, event, event_id=event.id)


async def published_summary(entry: ArchiveEntry) -> EvaluationSummary | None:
    """The archived session's summary, None where its event's summaries are not published or
    it has no feedback results."""
    if not await summaries_published(entry.event_id):
        return None
    found = await feedback.session_results(entry.event_id, entry.session_id)
    if found is None:
        return None
    group = found.row.result
    if group.suppressed:
        return EvaluationSummary(0, True)
    by_type = {q.type: q for q in reversed(group.questions)}  # the first of each type wins
    answers = tuple(
        PublicAnswer(q.text, a.text)
        for q in group.questions
        for a in q.open_answers
        if a.publishable
    )
    return EvaluationSummary(
        group.respondents, False, by_type.get("rating"), by_type.get("recommend"), answers
    )
