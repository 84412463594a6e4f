"""The run: atomic per batch, progress as it goes, scope, the report, the template and the command."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from tests.imports.conftest import upload
from tests.imports.files import GOOD_ID, LOWER_X_ID, good_workbook, mixed_workbook
from wenming.accounts.models import AuditAction, AuditEvent
from wenming.core.errors import PermissionDeniedError
from wenming.imports import services
from wenming.imports.exports import import_template_bytes
from wenming.imports.models import ImportBatch, ImportRow, ImportStatus
from wenming.imports.services import import_batch_confirm
from wenming.regions.roles import Role
from wenming.volunteers import services_bulk
from wenming.volunteers.models import Volunteer


def test_a_failure_in_the_middle_of_the_write_rolls_the_whole_batch_back(
    county, station_admin, monkeypatch, django_capture_on_commit_callbacks
):
    batch = upload(county, good_workbook(5))
    monkeypatch.setattr(services_bulk, "WRITE_CHUNK", 2)
    real_bulk_create = Volunteer.objects.bulk_create
    calls = []

    def fail_on_second_chunk(objects, *args, **kwargs):
        calls.append(len(objects))
        if len(calls) == 2:
            raise IntegrityError("forced failure")
        return real_bulk_create(objects, *args, **kwargs)

    monkeypatch.setattr(Volunteer.objects, "bulk_create", fail_on_second_chunk)
    before = Volunteer.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        import_batch_confirm(batch_id=batch.pk, acting_user=station_admin)
    batch.refresh_from_db()
    assert calls == [2, 2]  # the first chunk was written, then undone
    assert Volunteer.objects.count() == before
    assert batch.status == ImportStatus.FAILED
    assert batch.error_message == "导入失败，全部未写入：与同时进行的登记或导入冲突。可重新确认或重新上传。"
    assert set(ImportRow.objects.filter(batch=batch).values_list("outcome", flat=True)) == {"imported"}  # the preview
    assert AuditEvent.objects.filter(action=AuditAction.VOLUNTEERS_IMPORTED).count() == 0


def test_progress_is_recorded_as_the_run_goes_and_ends_at_100(
    county, station_admin, monkeypatch, django_capture_on_commit_callbacks
):
    batch = upload(county, good_workbook(120))
    seen: list[int] = []
    real_recorder = services._progress_recorder

    def spying_recorder(batch_id):
        record = real_recorder(batch_id)

        def spy(percent):
            record(percent)
            seen.append(ImportBatch.objects.get(pk=batch_id).progress)

        return spy

    monkeypatch.setattr(services, "_progress_recorder", spying_recorder)
    with django_capture_on_commit_callbacks(execute=True):
        import_batch_confirm(batch_id=batch.pk, acting_user=station_admin)
    batch.refresh_from_db()
    assert seen == sorted(seen)
    assert seen[0] == 20 and seen[-1] == 99
    assert len(set(seen)) > 10
    assert (batch.progress, batch.status, batch.imported_count) == (100, ImportStatus.DONE, 120)


def test_a_station_admin_cannot_import_into_the_sibling_village(county, station_admin):
    with pytest.raises(PermissionDeniedError):
        upload(county, good_workbook(2), region=county.sibling_village)
    assert ImportBatch.objects.count() == 0


def test_confirming_twice_is_refused(county, station_admin, django_capture_on_commit_callbacks):
    batch = upload(county, good_workbook(2))
    with django_capture_on_commit_callbacks(execute=True):
        import_batch_confirm(batch_id=batch.pk, acting_user=station_admin)
    count = Volunteer.objects.count()
    with pytest.raises(services.DomainError) as refusal:
        import_batch_confirm(batch_id=batch.pk, acting_user=station_admin)
    assert refusal.value.code == "already_confirmed"
    assert Volunteer.objects.count() == count


def test_the_import_is_audited_once(county, station_admin, django_capture_on_commit_callbacks):
    batch = upload(county, mixed_workbook(), name="东兴村.xlsx")
    with django_capture_on_commit_callbacks(execute=True):
        import_batch_confirm(batch_id=batch.pk, acting_user=station_admin)
    event = AuditEvent.objects.get(action=AuditAction.VOLUNTEERS_IMPORTED)
    assert (event.actor, event.region, event.target_id) == (station_admin, county.village, batch.pk)
    assert event.reason == "导入“东兴村.xlsx”：新增7人，更新1人，拒绝13行"


def test_no_plain_id_number_is_kept_in_the_rows_and_the_report_masks_them(county, station_admin, client):
    batch = upload(county, mixed_workbook())
    stored = " ".join(str(values) for values in ImportRow.objects.values_list("name", "id_number_masked", "reasons"))
    assert GOOD_ID not in stored and LOWER_X_ID not in stored
    client.force_login(station_admin)
    response = client.get(f"/imports/batches/{batch.pk}/report.xlsx?outcome=imported")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["行号", "姓名", "身份证号", "结果", "原因"]
    assert rows[1] == [2, "张三", GOOD_ID[:3] + "*" * 11 + GOOD_ID[-4:], "新增", ""]
    assert [row[0] for row in rows[1:]] == [2, 5, 6, 11, 18, 20, 21]
    assert GOOD_ID.encode() not in response.content


def test_the_template_has_chinese_headers_text_columns_and_instructions():
    workbook = openpyxl.load_workbook(io.BytesIO(import_template_bytes()))
    assert workbook.sheetnames == ["志愿者", "填写说明"]
    sheet = workbook["志愿者"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == ["姓名", "身份证号", "手机号", "所属区划", "队伍", "标签", "技能", "监护人姓名", "监护人电话"]
    assert [sheet.cell(row=2, column=column).number_format for column in (2, 3, 9)] == ["@", "@", "@"]
    assert workbook["填写说明"]["A1"].value == "志愿者导入模板填写说明"


def test_the_command_imports_with_a_summary_and_is_idempotent(county, tmp_path, capsys):
    path = tmp_path / "volunteers.xlsx"
    path.write_bytes(good_workbook(3))
    before = Volunteer.objects.count()
    call_command("import_volunteers", str(path), "--region", county.village.code, "--user", "station_admin")
    out, err = capsys.readouterr()
    assert "导入批次" in out and "共3行，新增3，更新0，无变化0，拒绝0。" in out
    assert "100%" in err and "[########################################]" in err
    assert Volunteer.objects.count() == before + 3
    call_command("import_volunteers", str(path), "--region", county.village.code)
    out, _err = capsys.readouterr()
    assert "共3行，新增0，更新0，无变化3，拒绝0。" in out
    assert Volunteer.objects.count() == before + 3


def test_the_command_dry_run_writes_nothing_and_lists_rejected_rows(county, tmp_path, capsys):
    path = tmp_path / "mixed.xlsx"
    path.write_bytes(mixed_workbook())
    before = Volunteer.objects.count()
    call_command("import_volunteers", str(path), "--region", county.village.code, "--dry-run")
    out, _err = capsys.readouterr()
    assert "第3行 李四 110***********1234：身份证号码校验位错误。" in out
    assert "预览批次" in out and "共21行，新增7，更新1，无变化0，拒绝13。" in out
    assert Volunteer.objects.count() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "文件是空的"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "旧版 Excel")],
)
def test_the_command_fails_with_a_message_when_the_file_is_refused(county, tmp_path, content, message):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(CommandError) as failure:
        call_command("import_volunteers", str(path), "--region", county.village.code)
    assert message in str(failure.value)
    assert ImportBatch.objects.count() == 0


def test_the_command_refuses_a_region_outside_the_users_scope(county, tmp_path):
    path = tmp_path / "volunteers.xlsx"
    path.write_bytes(good_workbook(1))
    with pytest.raises(CommandError) as failure:
        call_command("import_volunteers", str(path), "--region", county.sibling_village.code, "--user", "station_admin")
    assert str(failure.value) == "您只能导入到本人管辖的区划。"
    assert county.users[Role.STATION_ADMIN].username == "station_admin"
