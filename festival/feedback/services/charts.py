"""Server-rendered charts of survey results: horizontal bar charts drawn as SVG by the template,
with the same figures in a data table next to them (no chart library in the browser)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from festival.feedback.queries import Bar, Group

ROW_HEIGHT = 28
LABEL_WIDTH = 150
BAR_AREA = 300
WIDTH = LABEL_WIDTH + BAR_AREA + 70


@dataclass(frozen=True)
class ChartBar:
    label: str
    count: int
    percent: int  # of all answers to the question
    y: int
    width: float  # scaled to the largest bar


@dataclass(frozen=True)
class Chart:
    bars: tuple[ChartBar, ...]
    width: int
    height: int
    label_width: int
    row_height: int


def bar_chart(bars: Sequence[Bar]) -> Chart:
    """One bar per value or option, the longest as wide as the chart's bar area."""
    total = sum(b.count for b in bars) or 1
    top = max((b.count for b in bars), default=0) or 1
    drawn = tuple(
        ChartBar(
            b.label,
            b.count,
            round(100 * b.count / total),
            i * ROW_HEIGHT,
            round(BAR_AREA * b.count / top, 1),
        )
        for i, b in enumerate(bars)
    )
    return Chart(drawn, WIDTH, max(len(drawn), 1) * ROW_HEIGHT, LABEL_WIDTH, ROW_HEIGHT)


def charts_of(group: Group) -> dict[int, Chart]:
    """Question id -> its chart, for the questions of a group that have bars."""
    return {q.id: bar_chart(q.bars) for q in group.questions if q.bars}
