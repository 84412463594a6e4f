"""Builders of the volunteer tests: tags and skills, and a pending self-registration."""

from typing import Any

from tests.factories import id_number_for
from wenming.volunteers.models import Skill, Volunteer, VolunteerTag
from wenming.volunteers.services import volunteer_self_register

SELF_PASSWORD = "Qingshan-Lushui-2024"


def tags_and_skills() -> dict[str, Any]:
    return {
        "teacher": VolunteerTag.objects.create(code="wulao-teacher", name="老教师", group="五老"),
        "cadre": VolunteerTag.objects.create(code="wulao-cadre", name="老干部", group="五老"),
        "medical": Skill.objects.create(code="medical", name="医疗救护", requires_qualification=True),
        "calligraphy": Skill.objects.create(code="calligraphy", name="书法"),
    }


def self_registered(county: Any, **overrides: Any) -> Volunteer:
    values: dict[str, Any] = {
        "region": county.village,
        "name": "张永志",
        "id_number": id_number_for("19900315", 21),
        "phone": "13912340021",
        "password": SELF_PASSWORD,
        "consents": True,
    }
    values.update(overrides)
    return volunteer_self_register(**values)
