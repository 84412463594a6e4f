"""Awards: exactly one awardee of the user's scope, checked fields, audited corrections and deletions."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.projects.builders import records_in_every_scope
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.core.errors import NotFoundError, PermissionDeniedError
from wenming.projects.models import Award, AwardCategory, AwardLevel
from wenming.projects.selectors import award_list_for
from wenming.projects.services import award_create, award_delete, award_update
from wenming.regions.roles import Role

FIELDS = {"level": AwardLevel.PROVINCE, "category": AwardCategory.EXCELLENT_VOLUNTEER, "year": 2023}


def _create(county, **overrides):
    values = {
        "awardee_type": "volunteer",
        "awardee_id": county.volunteers["own"].pk,
        "title": "黑龙江省优秀志愿者",
        "issuer": "黑龙江省文明办",
        "acting_user": county.users[Role.TOWNSHIP_ADMIN],
        **FIELDS,
    }
    values.update(overrides)
    return award_create(**values)


def test_award_is_recorded_for_one_volunteer_in_their_region_and_shown_on_their_page(county):
    award = _create(county)
    assert (award.volunteer_id, award.region_id, award.level, award.year) == (
        county.volunteers["own"].pk,
        county.village.pk,
        "province",
        2023,
    )
    assert [a.title for a in award_list_for(awardee=county.volunteers["own"])] == ["黑龙江省优秀志愿者"]


def test_two_awardees_are_refused_by_the_database(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(
            region=county.village, title="双重", team=county.team, volunteer=county.volunteers["own"], **FIELDS
        )
    assert Award.objects.count() == 0


def test_no_awardee_is_refused_by_the_database(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(region=county.village, title="无人", **FIELDS)
    assert Award.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"awardee_type": ""}, "awardee_type", "请选择获奖对象的类型：项目、队伍、志愿者、阵地或单位。"),
        ({"awardee_id": None}, "awardee_id", "请选择获奖对象。"),
        ({"year": 1800}, "year", None),
        ({"level": "galactic"}, "level", "请选择荣誉级别：县级、市级、省级或国家级。"),
        ({"category": "x"}, "category", "请选择荣誉类别。"),
        ({"title": "  "}, "title", "请填写荣誉名称。"),
    ],
)
def test_bad_award_input_names_the_field_and_records_nothing(county, overrides, field, message):
    with pytest.raises(ValidationError) as refusal:
        _create(county, **overrides)
    assert list(refusal.value.message_dict) == [field]
    if message:
        assert refusal.value.message_dict[field] == [message]
    else:
        assert refusal.value.message_dict[field][0].startswith("年度须在1990年至")
    assert Award.objects.count() == 0


def test_unknown_awardee_id_is_not_found(county):
    with pytest.raises(NotFoundError) as refusal:
        _create(county, awardee_id=999_999)
    assert (refusal.value.field, str(refusal.value.message)) == ("awardee_id", "获奖对象不存在，或不在您的管辖范围内。")
    assert Award.objects.count() == 0


def test_awardee_outside_the_users_scope_is_not_found(county):
    # the station admin of the own village does not see the sibling village's volunteer
    with pytest.raises(NotFoundError):
        _create(county, awardee_id=county.volunteers["sibling"].pk, acting_user=county.users[Role.STATION_ADMIN])
    assert Award.objects.count() == 0


def test_a_station_admin_may_not_record_awards_even_for_a_volunteer_they_see(county):
    with pytest.raises(PermissionDeniedError):
        _create(county, acting_user=county.users[Role.STATION_ADMIN])
    assert Award.objects.count() == 0


def test_correction_is_audited_with_what_the_award_said_before(county):
    award = _create(county)
    award_update(award_id=award.pk, year=2022, reason="年度登记错误", acting_user=county.users[Role.TOWNSHIP_ADMIN])
    award.refresh_from_db()
    assert award.year == 2022
    event = AuditEvent.objects.get()
    assert (event.action, event.target_id) == (AuditAction.AWARD_CORRECTED, award.pk)
    assert (
        event.reason
        == "更正荣誉：原为 2023 省级 优秀志愿者 黑龙江省优秀志愿者（张东兴（23078100000001））；原因：年度登记错误"
    )


def test_correction_moves_the_award_to_another_awardee(county):
    award = _create(county)
    award_update(
        award_id=award.pk,
        awardee_type="team",
        awardee_id=county.team.pk,
        reason="获奖者应为队伍",
        acting_user=county.users[Role.COUNTY_ADMIN],
    )
    award.refresh_from_db()
    assert (award.team_id, award.volunteer_id, award.region_id) == (county.team.pk, None, county.village.pk)


def test_correction_without_reason_changes_nothing(county):
    award = _create(county)
    with pytest.raises(ValidationError) as refusal:
        award_update(award_id=award.pk, year=2022, reason=" ", acting_user=county.users[Role.TOWNSHIP_ADMIN])
    assert refusal.value.message_dict == {"reason": ["请填写更正原因。"]}
    award.refresh_from_db()
    assert award.year == 2023
    assert AuditEvent.objects.count() == 0


def test_only_county_admins_delete_awards(county):
    award = _create(county)
    with pytest.raises(PermissionDeniedError):
        award_delete(award_id=award.pk, reason="重复登记", acting_user=county.users[Role.TOWNSHIP_ADMIN])
    assert Award.objects.filter(pk=award.pk).exists()
    award_delete(award_id=award.pk, reason="重复登记", acting_user=county.users[Role.COUNTY_ADMIN])
    assert not Award.objects.filter(pk=award.pk).exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.target_id) == (AuditAction.AWARD_DELETED, award.pk)


def test_awards_api_filters_by_level_year_category_and_awardee_type(api_county):
    from tests.api.conftest import client_as

    county = api_county.county
    records = records_in_every_scope(api_county)
    _create(county)
    client = client_as(county.users[Role.COUNTY_ADMIN])
    titles = lambda query: sorted(item["title"] for item in client.get(f"/api/v1/awards?{query}").json()["items"])  # noqa: E731
    assert titles("level=province") == ["黑龙江省优秀志愿者"]
    assert titles("year=2023&awardee_type=project") == sorted(a.title for a in records["awards"].values())
    assert titles("category=excellent_volunteer&year=2022") == []
    response = client.get("/api/v1/awards?year=99999")
    assert (response.status_code, response.json()["field"]) == (422, "year")
