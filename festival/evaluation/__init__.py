"""Evaluation: the report per edition (reach, attendance, ratings, outcomes, suggestions, the
previous edition), as an HTML page and as a tagged PDF rendered by a job."""
