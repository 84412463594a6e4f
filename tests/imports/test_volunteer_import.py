"""The mixed workbook: every bad input of the issue, each row's exact outcome and reason."""

import datetime as dt

from tests.imports.conftest import upload
from tests.imports.files import (
    CHILD_ID,
    FULL_WIDTH_ID,
    GOOD_ID,
    LOWER_X_ID,
    MIXED_EXPECTED,
    SPACED_NAME_ID,
    SPACED_PHONE_ID,
    TEAM_ID,
    mixed_workbook,
)
from wenming.core.crypto import decrypt_text, keyed_hash
from wenming.imports.models import ImportRow, ImportStatus
from wenming.imports.services import import_batch_confirm
from wenming.teams.models import Membership
from wenming.volunteers.models import RegistrationChannel, Volunteer


def outcomes(batch):
    return {row.row_number: (row.outcome, row.reasons) for row in ImportRow.objects.filter(batch=batch)}


def test_preview_reports_every_row_exactly_and_writes_no_volunteer(county, station_admin):
    before = set(Volunteer.objects.values_list("pk", "phone"))
    batch = upload(county, mixed_workbook())
    assert outcomes(batch) == MIXED_EXPECTED
    assert batch.status == ImportStatus.PREVIEWED
    assert (
        batch.total_rows,
        batch.imported_count,
        batch.updated_count,
        batch.unchanged_count,
        batch.rejected_count,
    ) == (21, 7, 1, 0, 13)
    assert batch.notes == [
        "只导入了工作表“志愿者”；其他工作表（Sheet2）未导入。",
        "表中有合并单元格（A13:A14），涉及的行未导入。",
    ]
    assert set(Volunteer.objects.values_list("pk", "phone")) == before


def test_confirmed_import_writes_accepted_rows_and_nothing_of_rejected_ones(
    county, station_admin, django_capture_on_commit_callbacks
):
    batch = upload(county, mixed_workbook())
    with django_capture_on_commit_callbacks(execute=True):
        import_batch_confirm(batch_id=batch.pk, acting_user=station_admin)
    batch.refresh_from_db()
    assert (batch.status, batch.progress, batch.dry_run) == (ImportStatus.DONE, 100, False)
    assert outcomes(batch) == MIXED_EXPECTED
    imported = Volunteer.objects.filter(channel=RegistrationChannel.IMPORT)
    stored = {decrypt_text(v.id_number_encrypted): (v.name, v.phone, v.region_id) for v in imported}
    village = county.village.pk
    assert stored == {
        GOOD_ID: ("张三", "13812340001", village),
        LOWER_X_ID: ("赵六", "13812340004", village),
        FULL_WIDTH_ID: ("钱七", "13812340005", village),
        SPACED_PHONE_ID: ("周九", "13812340009", village),
        CHILD_ID: ("陈小小", "13812340018", village),
        SPACED_NAME_ID: ("卫十三", "13812340021", village),
        TEAM_ID: ("蒋十四", "13812340022", village),
    }
    child = imported.get(id_number_hash=keyed_hash(CHILD_ID))
    assert (child.guardian_name, child.guardian_phone, child.is_sensitive) == ("陈大大", "13812340019", True)
    assert child.guardian_consent_at is not None
    assert imported.get(id_number_hash=keyed_hash(LOWER_X_ID)).id_number_masked == "110***********002X"
    assert Volunteer.objects.get(pk=county.volunteers["own"].pk).phone == "13900001111"
    assert Volunteer.objects.get(pk=county.volunteers["sibling"].pk).phone == "13812340002"
    member = imported.get(id_number_hash=keyed_hash(TEAM_ID))
    assert list(Membership.objects.filter(volunteer=member).values_list("team_id", "left_on")) == [
        (county.team.pk, None)
    ]
    numbers = sorted(imported.values_list("volunteer_number", flat=True))
    assert numbers == [f"230781{n:08d}" for n in range(4, 11)]  # after the three registered ones, contiguous
    linked = dict(
        ImportRow.objects.filter(batch=batch, volunteer__isnull=False).values_list("row_number", "volunteer_id")
    )
    assert linked[2] == imported.get(id_number_hash=keyed_hash(GOOD_ID)).pk
    assert linked[8] == county.volunteers["own"].pk
    assert Volunteer.objects.filter(name__contains="script").count() == 0
    assert dt.date.today() >= child.birth_on


def test_running_the_same_file_again_creates_nothing_and_every_row_is_unchanged(
    county, station_admin, django_capture_on_commit_callbacks
):
    batch = upload(county, mixed_workbook())
    with django_capture_on_commit_callbacks(execute=True):
        import_batch_confirm(batch_id=batch.pk, acting_user=station_admin)
    count = Volunteer.objects.count()
    memberships = Membership.objects.count()
    again = upload(county, mixed_workbook())
    expected = {
        number: ("unchanged", []) if outcome in ("imported", "updated") else (outcome, reasons)
        for number, (outcome, reasons) in MIXED_EXPECTED.items()
    }
    assert outcomes(again) == expected
    assert (again.imported_count, again.updated_count, again.unchanged_count) == (0, 0, 8)
    assert Volunteer.objects.count() == count
    assert Membership.objects.count() == memberships
