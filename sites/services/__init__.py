"""Writes of the ``sites`` app (keyword-only, typed, atomic, ``full_clean()`` before save)."""

from sites.services.areas import area_assign, area_create, area_record_create, location_not_found
from sites.services.assessments import (
    Evaluation,
    InvalidAssessment,
    assessment_create,
    assessment_evaluate,
    assessment_seed,
    assessment_update,
)

__all__ = [
    "Evaluation",
    "InvalidAssessment",
    "area_assign",
    "area_create",
    "area_record_create",
    "assessment_create",
    "assessment_evaluate",
    "assessment_seed",
    "assessment_update",
    "location_not_found",
]
