"""Page-matrix rows of the trainings pages (merged by tests/pages/test_page_matrix.py).

The training of the pages is the own village's (tests/trainings/builders.trainings_in_every_scope), with
the own volunteer enrolled. POSTs carry no data: a refusal or a redirect with the reason, never a write
(their effects are tested in tests/trainings/test_training_pages.py).
"""

from typing import Any

from tests.trainings.builders import trainings_in_every_scope

ANONYMOUS = "anonymous"
MANAGERS = {"county_admin": 200, "township_admin": 200, "station_admin": 200}


def _own_training(api_county: Any) -> dict[str, Any]:
    return {"training_id": trainings_in_every_scope(api_county)["own"].pk}


def _own_enrolment(api_county: Any) -> dict[str, Any]:
    trainings_in_every_scope(api_county)
    return {"attendance_id": api_county.targets["training_attendances"]["own"].pk}


def _managed(ok: int) -> dict[str, int]:
    """Managers get `ok`; those who only read the training 403; to everyone else it does not exist."""
    return {
        ANONYMOUS: 302,
        **{role: ok for role in MANAGERS},
        "team_leader": 403,
        "volunteer": 403,
        "viewer": 403,
        "*": 404,
    }


READERS = {ANONYMOUS: 302, **MANAGERS, "team_leader": 200, "volunteer": 200, "viewer": 200, "*": 403}

PAGES: dict[str, Any] = {
    "trainings:list": ("get", READERS),
    "trainings:export": ("get", READERS),
    "trainings:create": ("get", {ANONYMOUS: 302, **MANAGERS, "*": 403}),
    "trainings:mine": ("get", {ANONYMOUS: 302, "*": 200}),
    "trainings:detail": ("get", {**READERS, "*": 404}, _own_training),
    "trainings:edit": ("get", _managed(200), _own_training),
    "trainings:status": ("post", _managed(302), _own_training),
    "trainings:cancel": ("post", _managed(302), _own_training),
    "trainings:marks": ("post", _managed(302), _own_training),
    "trainings:hours": ("post", _managed(302), _own_training),
    "trainings:roster_export": ("get", _managed(200), _own_training),
    # a volunteer already enrolled, or staff without a volunteer record: back to "my trainings" with the reason
    "trainings:enrol": ("post", {ANONYMOUS: 302, "resident": 404, "contact_unit": 404, "*": 302}, _own_training),
    "trainings:enrolment_cancel": (
        "post",
        {
            ANONYMOUS: 302,
            **{role: 302 for role in MANAGERS},
            "volunteer": 302,
            "team_leader": 403,
            "viewer": 403,
            "*": 404,
        },
        _own_enrolment,
    ),
}
