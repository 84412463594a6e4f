"""Reads of brands, projects and awards, scoped to the user's region."""

from typing import Any

from django.db.models import QuerySet

from wenming.projects.models import AWARDEE_FIELDS, Award


def award_list_for(*, awardee: Any) -> QuerySet[Award]:
    """The awards of one awardee (a project, team, volunteer, site or contact unit), newest first.

    Whoever may see the awardee's page sees its awards: honours are public record.
    """
    field = awardee._meta.model_name
    if field not in AWARDEE_FIELDS:
        raise ValueError(f"{awardee._meta.label} cannot receive awards")
    return Award.objects.filter(**{field: awardee}).order_by("-year", "level", "pk")
