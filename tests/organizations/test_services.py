"""The services' rules: units, pairings, policy document versions and joint meetings; refusals change nothing."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from tests.organizations.builders import PDF_BYTES, docx_bytes, records_in_every_scope, upload
from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.organizations import services
from wenming.organizations.models import (
    JointMeeting,
    JointMeetingFile,
    Organization,
    OrganizationKind,
    Pairing,
    PolicyDocumentVersion,
    PolicyKind,
)
from wenming.regions.roles import Role


@pytest.fixture
def county_admin(api_county):
    return api_county.users[Role.COUNTY_ADMIN]


# -- units -----------------------------------------------------------------------------------------


def test_organization_create_normalizes_the_phone(api_county, county_admin):
    unit = services.organization_create(
        region=api_county.county.village,
        name=" 铁力市人民医院 ",
        kind=OrganizationKind.HOSPITAL,
        contact_phone="139-0000-1234",
        acting_user=county_admin,
    )
    assert (unit.name, unit.kind, unit.contact_phone, unit.region_id) == (
        "铁力市人民医院",
        "hospital",
        "13900001234",
        api_county.county.village.pk,
    )


def test_organization_create_refuses_a_name_taken_in_the_region(api_county, county_admin):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.organization_create(region=api_county.county.township, name="铁力镇卫生院", acting_user=county_admin)
    assert refused.value.message_dict == {"name": ["本区划已有同名的联系单位。"]}
    assert Organization.objects.count() == before


def test_the_same_name_is_allowed_in_another_region(api_county, county_admin):
    unit = services.organization_create(region=api_county.county.village, name="铁力镇卫生院", acting_user=county_admin)
    assert Organization.objects.filter(name="铁力镇卫生院").count() == 2
    assert unit.region == api_county.county.village


def test_organization_create_refuses_a_bad_phone(api_county, county_admin):
    before = Organization.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.organization_create(
            region=api_county.county.village, name="某单位", contact_phone="12345", acting_user=county_admin
        )
    assert list(refused.value.message_dict) == ["contact_phone"]
    assert Organization.objects.count() == before


def test_a_station_admin_may_not_register_units(api_county):
    before = Organization.objects.count()
    with pytest.raises(PermissionDeniedError):
        services.organization_create(
            region=api_county.county.village, name="某单位", acting_user=api_county.users[Role.STATION_ADMIN]
        )
    assert Organization.objects.count() == before


def test_a_township_admin_may_not_register_outside_the_township(api_county):
    with pytest.raises(PermissionDeniedError):
        services.organization_create(
            region=api_county.county.county, name="县直单位", acting_user=api_county.users[Role.TOWNSHIP_ADMIN]
        )
    assert not Organization.objects.filter(name="县直单位").exists()


def test_organization_update_refuses_a_name_taken_and_keeps_the_old(api_county, county_admin):
    made = records_in_every_scope(api_county)
    own = made["units"]["own"]
    other = services.organization_create(region=own.region, name="东兴村小学", acting_user=county_admin)
    with pytest.raises(ValidationError) as refused:
        services.organization_update(organization_id=other.pk, name="东兴村卫生室", acting_user=county_admin)
    assert refused.value.message_dict == {"name": ["本区划已有同名的联系单位。"]}
    other.refresh_from_db()
    assert other.name == "东兴村小学"


def test_organization_update_of_a_unit_out_of_scope_is_not_found(api_county):
    made = records_in_every_scope(api_county)
    with pytest.raises(NotFoundError):
        services.organization_update(
            organization_id=made["units"]["own"].pk, name="改名", acting_user=api_county.users[Role.VOLUNTEER]
        )
    assert Organization.objects.get(pk=made["units"]["own"].pk).name == "东兴村卫生室"


def test_a_unit_with_a_running_pairing_cannot_be_deactivated(api_county, county_admin):
    made = records_in_every_scope(api_county)
    unit = made["units"]["own"]
    with pytest.raises(DomainError) as refused:
        services.organization_deactivate(organization_id=unit.pk, acting_user=county_admin)
    assert refused.value.code == "has_active_pairings"
    assert Organization.objects.get(pk=unit.pk).is_active is True
    services.pairing_end(
        pairing_id=made["pairings"]["own"].pk, ended_on=dt.date(2023, 12, 31), acting_user=county_admin
    )
    services.organization_deactivate(organization_id=unit.pk, acting_user=county_admin, today=dt.date(2024, 1, 5))
    assert Organization.objects.get(pk=unit.pk).is_active is False


# -- pairings --------------------------------------------------------------------------------------


def _pair(api_county, acting_user, **overrides):
    fields = {
        "organization": Organization.objects.get(name="铁力镇卫生院"),
        "site": api_county.county.station,
        "started_on": dt.date(2024, 1, 1),
        "shares_team": True,
        "acting_user": acting_user,
    }
    fields.update(overrides)
    return services.pairing_create(**fields)


def test_pairing_create_files_the_pairing_under_the_site_region(api_county, county_admin):
    pairing = _pair(api_county, county_admin, gives_technical_guidance=True)
    assert (pairing.region_id, pairing.modes, pairing.ended_on) == (
        api_county.county.village.pk,
        ["队伍共用", "技术指导"],
        None,
    )


def test_pairing_with_a_centre_is_refused(api_county, county_admin):
    with pytest.raises(ValidationError) as refused:
        _pair(api_county, county_admin, site=api_county.county.center)
    assert refused.value.message_dict == {"site": ["结对阵地须是文明实践所或站。"]}
    assert Pairing.objects.count() == 0


def test_pairing_without_a_mode_is_refused(api_county, county_admin):
    with pytest.raises(ValidationError) as refused:
        _pair(api_county, county_admin, shares_team=False)
    assert refused.value.message_dict == {"shares_site": ["请至少选择一种结对方式。"]}
    assert Pairing.objects.count() == 0


def test_pairing_ending_before_it_starts_is_refused(api_county, county_admin):
    with pytest.raises(ValidationError) as refused:
        _pair(api_county, county_admin, ended_on=dt.date(2023, 12, 31))
    assert refused.value.message_dict == {"ended_on": ["结束日期不能早于开始日期。"]}
    assert Pairing.objects.count() == 0


def test_an_overlapping_pairing_of_the_same_unit_and_site_is_refused(api_county, county_admin):
    first = _pair(api_county, county_admin, ended_on=dt.date(2024, 6, 30))
    with pytest.raises(ValidationError) as refused:
        _pair(api_county, county_admin, started_on=dt.date(2024, 6, 30))
    assert refused.value.message_dict == {"started_on": ["该单位与该阵地已有时间重叠的结对，请先结束原结对。"]}
    assert list(Pairing.objects.values_list("pk", flat=True)) == [first.pk]


def test_a_new_pairing_may_start_after_the_old_one_ended(api_county, county_admin):
    _pair(api_county, county_admin, ended_on=dt.date(2024, 6, 30))
    second = _pair(api_county, county_admin, started_on=dt.date(2024, 7, 1))
    assert Pairing.objects.count() == 2
    assert second.started_on == dt.date(2024, 7, 1)


def test_a_running_pairing_blocks_a_later_one_until_it_ends(api_county, county_admin):
    _pair(api_county, county_admin)
    with pytest.raises(ValidationError):
        _pair(api_county, county_admin, started_on=dt.date(2030, 1, 1))
    assert Pairing.objects.count() == 1


def test_the_same_unit_may_pair_with_another_station_at_once(api_county, county_admin):
    _pair(api_county, county_admin)
    _pair(api_county, county_admin, site=api_county.county.sibling_station)
    assert Pairing.objects.count() == 2


def test_a_station_admin_may_not_pair(api_county):
    with pytest.raises(PermissionDeniedError):
        _pair(api_county, api_county.users[Role.STATION_ADMIN])
    assert Pairing.objects.count() == 0


def test_pairing_update_refuses_removing_every_mode(api_county, county_admin):
    pairing = _pair(api_county, county_admin)
    with pytest.raises(ValidationError) as refused:
        services.pairing_update(pairing_id=pairing.pk, shares_team=False, acting_user=county_admin)
    assert list(refused.value.message_dict) == ["shares_site"]
    assert Pairing.objects.get(pk=pairing.pk).shares_team is True


def test_pairing_end_sets_the_day_and_refuses_a_second_end(api_county, county_admin):
    pairing = _pair(api_county, county_admin)
    services.pairing_end(pairing_id=pairing.pk, ended_on=dt.date(2024, 3, 31), acting_user=county_admin)
    assert Pairing.objects.get(pk=pairing.pk).ended_on == dt.date(2024, 3, 31)
    with pytest.raises(DomainError) as refused:
        services.pairing_end(pairing_id=pairing.pk, ended_on=dt.date(2024, 4, 30), acting_user=county_admin)
    assert refused.value.code == "already_ended"
    assert Pairing.objects.get(pk=pairing.pk).ended_on == dt.date(2024, 3, 31)


def test_pairing_end_by_a_reader_is_refused(api_county):
    made = records_in_every_scope(api_county)
    pairing = made["pairings"]["own"]
    with pytest.raises(PermissionDeniedError):
        services.pairing_end(
            pairing_id=pairing.pk, ended_on=dt.date(2024, 1, 1), acting_user=api_county.users[Role.STATION_ADMIN]
        )
    assert Pairing.objects.get(pk=pairing.pk).ended_on is None


def test_active_means_not_ended_or_ending_today_or_later(api_county, county_admin):
    pairing = _pair(api_county, county_admin, ended_on=dt.date(2024, 3, 31))
    assert pairing.is_active_on(dt.date(2024, 3, 31)) is True
    assert pairing.is_active_on(dt.date(2024, 4, 1)) is False
    assert list(Pairing.objects.active(dt.date(2024, 4, 1))) == []


# -- policy documents and their versions -------------------------------------------------------------


def _document(api_county, county_admin, **extra):
    return services.policy_document_create(
        region=api_county.county.county,
        title="铁力市新时代文明实践中心建设工作方案",
        kind=PolicyKind.WORK_PLAN,
        document_number="铁宣发〔2019〕5号",
        issuer="中共铁力市委宣传部",
        issued_on=dt.date(2019, 7, 1),
        acting_user=county_admin,
        **extra,
    )


def test_document_create_with_a_file_makes_version_one(api_county, county_admin, media_root):
    document = _document(api_county, county_admin, upload=upload("方案.pdf"), change_note="印发稿")
    version = document.versions.get()
    assert (version.number, version.original_name, version.size, version.content_type, version.change_note) == (
        1,
        "方案.pdf",
        len(PDF_BYTES),
        "application/pdf",
        "印发稿",
    )
    assert Path(version.file.path).read_bytes() == PDF_BYTES
    assert Path(version.file.path).is_relative_to(media_root / "policy")


def test_versions_are_numbered_without_gaps_and_never_overwritten(api_county, county_admin):
    document = _document(api_county, county_admin, upload=upload("方案.pdf"))
    second = services.policy_document_version_upload(
        document_id=document.pk,
        upload=upload("方案（修订）.docx", docx_bytes()),
        change_note="修订",
        acting_user=county_admin,
    )
    with pytest.raises(ValidationError):
        services.policy_document_version_upload(
            document_id=document.pk, upload=upload("坏.pdf", b"MZ\x90\x00"), acting_user=county_admin
        )
    third = services.policy_document_version_upload(
        document_id=document.pk, upload=upload("第三版.pdf"), acting_user=county_admin
    )
    versions = list(document.versions.order_by("number"))
    assert [(v.number, v.original_name) for v in versions] == [
        (1, "方案.pdf"),
        (2, "方案（修订）.docx"),
        (3, "第三版.pdf"),
    ]
    assert (second.number, third.number) == (2, 3)
    assert len({v.file.name for v in versions}) == 3
    assert Path(versions[0].file.path).read_bytes() == PDF_BYTES
    assert Path(versions[1].file.path).read_bytes() == docx_bytes()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("程序.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "文件内容与扩展名 .pdf 不符，请上传真实的文件。"),
        ("假的.docx", PDF_BYTES, "文件内容与扩展名 .docx 不符，请上传真实的文件。"),
        ("压缩包.docx", b"PK\x03\x04not really a zip", "文件内容与扩展名 .docx 不符，请上传真实的文件。"),
        ("表格.xlsx", None, "文件内容与扩展名 .xlsx 不符，请上传真实的文件。"),  # a docx renamed .xlsx
        ("脚本.exe", b"MZ\x90\x00", "不支持的文件类型，只能上传 PDF、DOCX、DOC、XLSX、JPG、PNG 文件。"),
        ("无扩展名", PDF_BYTES, "不支持的文件类型，只能上传 PDF、DOCX、DOC、XLSX、JPG、PNG 文件。"),
        ("空.pdf", b"", "文件是空的，请重新选择。"),
    ],
)
def test_bad_files_are_refused_naming_the_field(api_county, county_admin, name, content, message):
    document = _document(api_county, county_admin)
    with pytest.raises(ValidationError) as refused:
        services.policy_document_version_upload(
            document_id=document.pk,
            upload=upload(name, docx_bytes() if content is None else content),
            acting_user=county_admin,
        )
    assert refused.value.message_dict == {"file": [message]}
    assert PolicyDocumentVersion.objects.count() == 0


def test_a_file_over_the_limit_is_refused(api_county, county_admin, settings, media_root):
    settings.WENMING_UPLOAD_MAX_BYTES = 64
    document = _document(api_county, county_admin)
    with pytest.raises(ValidationError) as refused:
        services.policy_document_version_upload(
            document_id=document.pk, upload=upload("大.pdf", PDF_BYTES + b"0" * 64), acting_user=county_admin
        )
    assert refused.value.message_dict == {"file": ["文件过大，不能超过 64 B。"]}
    assert PolicyDocumentVersion.objects.count() == 0
    assert not (media_root / "policy").exists() or not any((media_root / "policy").rglob("*.pdf"))


def test_the_original_name_is_kept_without_its_path(api_county, county_admin):
    document = _document(api_county, county_admin)
    version = services.policy_document_version_upload(
        document_id=document.pk, upload=upload("..\\..\\etc/通知.pdf"), acting_user=county_admin
    )
    assert version.original_name == "通知.pdf"
    assert "通知" not in version.file.name
    assert version.file.name.startswith(f"policy/{document.pk}/v1-")


def test_document_title_unique_in_the_region(api_county, county_admin):
    _document(api_county, county_admin)
    with pytest.raises(ValidationError) as refused:
        _document(api_county, county_admin)
    assert refused.value.message_dict == {"title": ["本区划已有同名的制度文件。"]}


def test_a_reader_may_not_upload_a_version(api_county):
    made = records_in_every_scope(api_county)
    with pytest.raises(PermissionDeniedError):
        services.policy_document_version_upload(
            document_id=made["documents"]["own"].pk, upload=upload(), acting_user=api_county.users[Role.STATION_ADMIN]
        )
    assert PolicyDocumentVersion.objects.count() == 0


# -- joint meetings --------------------------------------------------------------------------------


def test_joint_meeting_create_records_attendees(api_county, county_admin):
    made = records_in_every_scope(api_county)
    meeting = services.joint_meeting_create(
        region=api_county.county.county,
        title="2024年第一次联席会议",
        held_on=dt.date(2024, 1, 3),
        place="中心会议室",
        convener="市委宣传部",
        topics="结对共建安排",
        minutes="议定：每季度开展一次共建活动",
        attendee_units=[made["units"]["own"], made["units"]["parent"]],
        attendee_sites=[api_county.county.station],
        acting_user=county_admin,
    )
    assert sorted(meeting.attendee_units.values_list("name", flat=True)) == ["东兴村卫生室", "铁力镇卫生院"]
    assert list(meeting.attendee_sites.values_list("pk", flat=True)) == [api_county.county.station.pk]
    assert meeting.recorded_by == county_admin


def test_a_meeting_in_the_future_is_refused(api_county, county_admin):
    before = JointMeeting.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.joint_meeting_create(
            region=api_county.county.county,
            title="未来的会议",
            held_on=dt.date(2999, 1, 1),
            convener="宣传部",
            topics="议题",
            acting_user=county_admin,
        )
    assert list(refused.value.message_dict) == ["held_on"]
    assert JointMeeting.objects.count() == before


def test_a_township_admin_may_not_name_units_outside_the_scope(api_county, county_admin):
    outside = services.organization_create(region=api_county.county.county, name="县直单位", acting_user=county_admin)
    with pytest.raises(ValidationError) as refused:
        services.joint_meeting_create(
            region=api_county.county.township,
            title="镇联席会议",
            held_on=dt.date(2024, 1, 3),
            convener="镇党委",
            topics="议题",
            attendee_units=[outside],
            acting_user=api_county.users[Role.TOWNSHIP_ADMIN],
        )
    assert list(refused.value.message_dict) == ["attendee_units"]
    assert not JointMeeting.objects.filter(title="镇联席会议").exists()


def test_meeting_files_are_numbered_per_meeting(api_county, county_admin):
    made = records_in_every_scope(api_county)
    meeting = made["meetings"]["own"]
    first = services.joint_meeting_file_upload(
        meeting_id=meeting.pk, upload=upload("纪要.pdf"), acting_user=county_admin
    )
    second = services.joint_meeting_file_upload(
        meeting_id=meeting.pk, upload=upload("合影.png", b"\x89PNG\r\n\x1a\n0000"), acting_user=county_admin
    )
    assert [(first.number, first.content_type), (second.number, second.content_type)] == [
        (1, "application/pdf"),
        (2, "image/png"),
    ]
    assert JointMeetingFile.objects.filter(meeting=meeting).count() == 2
