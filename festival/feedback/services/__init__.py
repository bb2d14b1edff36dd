"""Feedback rules: collecting answers, and the results organisers and partners read.

One module per sub-concept; this package re-exports their public names."""

# ---- results (charts, exports, publishing open answers)
from festival.feedback.services.charts import Chart, ChartBar, bar_chart, charts_of
from festival.feedback.services.exports import FORMATS, export_results, result_rows
from festival.feedback.services.publishing import PublishData, set_publishable
from festival.feedback.services.suggestions import Suggestion, format_suggestions, suggestions

__all__ = [
    "FORMATS",
    "Chart",
    "ChartBar",
    "PublishData",
    "Suggestion",
    "bar_chart",
    "charts_of",
    "export_results",
    "format_suggestions",
    "result_rows",
    "set_publishable",
    "suggestions",
]
