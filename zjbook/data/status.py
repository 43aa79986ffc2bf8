"""Is an edition ready to release? Its review state (``review.csv``, :mod:`zjbook.data.review`) together with
the plausibility warnings validation raises against the previous edition (:mod:`zjbook.data.validate`)."""

from __future__ import annotations

from pathlib import Path

from . import review, validate
from .problems import Problem


def current_warnings(data_dir: Path) -> list[Problem]:
    """The plausibility warnings the folder raises now, each with the code that acknowledges it."""
    return [w for w in validate.check_year(Path(data_dir), compare_previous=True).warnings if w.code]


def status(data_dir: Path) -> review.Status:
    return review.Status(review.read(data_dir), current_warnings(data_dir))
