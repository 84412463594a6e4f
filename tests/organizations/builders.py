"""Builders of the units tests: a unit, pairing, policy document and joint meeting in every matrix scope.

Scopes as in tests/api/conftest.py: the own village (东兴村), the sibling village (西林村) and the parent
township (铁力镇). The township's unit is the one the contact-unit user belongs to (铁力镇卫生院), so
a contact unit sees the parent scope's unit, pairing and meeting only.
"""

import contextlib
import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Iterator
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from wenming.activities.models import Activity, ActivityStatus, VenueType
from wenming.organizations.models import JointMeeting, Organization, Pairing, PolicyDocument, PolicyKind
from wenming.organizations.services import joint_meeting_file_upload, policy_document_version_upload
from wenming.regions.roles import Role

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    """The same bytes on every call: entries carry a fixed date, not the clock's (which could tick between calls)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def upload(name: str = "工作方案.pdf", content: bytes = PDF_BYTES, content_type: str = "application/pdf") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


@contextlib.contextmanager
def temporary_media_root() -> Iterator[str]:
    """Uploaded files go to a temporary directory for the block, never into var/."""
    with tempfile.TemporaryDirectory(prefix="wenming-media-") as root, override_settings(MEDIA_ROOT=root):
        yield root


def joint_activity_make(
    pairing: Pairing, *, title: str = "结对共建义诊", day: int = 5, status: str = ActivityStatus.FINISHED
) -> Activity:
    starts_at = timezone.make_aware(dt.datetime(2024, 1, day, 9, 0))
    return Activity.objects.create(
        region=pairing.site.region,
        title=title,
        content="联合开展义诊",
        organizer_site=pairing.site,
        pairing=pairing,
        venue_type=VenueType.VILLAGE,
        place="村文化广场",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        capacity=30,
        status=status,
    )


def records_in_every_scope(api_county: Any) -> dict[str, dict[str, Any]]:
    """One unit, pairing, document and meeting per scope, made once per test and kept on the fixture."""
    if "unit_objects" in api_county.targets:
        return api_county.targets["unit_objects"]
    county = api_county.county
    township_unit = Organization.objects.get(name="铁力镇卫生院")
    units = {
        "own": Organization.objects.create(
            region=county.village, name="东兴村卫生室", contact_name="赵医生", contact_phone="13900001111"
        ),
        "sibling": Organization.objects.create(region=county.sibling_village, name="西林村小学"),
        "parent": township_unit,
    }
    Organization.objects.filter(pk=township_unit.pk).update(contact_phone="13900002222")
    sites = {"own": county.station, "sibling": county.sibling_station, "parent": county.institute}
    pairings = {
        scope: Pairing.objects.create(
            region=sites[scope].region,
            organization=units[scope],
            site=sites[scope],
            shares_site=True,
            started_on=dt.date(2023, 3, 1),
        )
        for scope in units
    }
    documents = {
        scope: PolicyDocument.objects.create(
            region=region,
            title=f"{region.name}新时代文明实践工作方案",
            kind=PolicyKind.WORK_PLAN,
            issuer=f"{region.name}委宣传部",
            issued_on=dt.date(2023, 2, 1),
        )
        for scope, region in (("own", county.village), ("sibling", county.sibling_village), ("parent", county.township))
    }
    admin = county.users[Role.COUNTY_ADMIN]
    meetings = {}
    for scope, region in (("own", county.village), ("sibling", county.sibling_village), ("parent", county.township)):
        meeting = JointMeeting.objects.create(
            region=region,
            title=f"{region.name}联席会议",
            held_on=dt.date(2023, 12, 1),
            convener="宣传委员",
            topics="结对共建年度安排",
            recorded_by=admin,
        )
        meeting.attendee_units.set([units[scope]])
        meetings[scope] = meeting
    made = {"units": units, "pairings": pairings, "documents": documents, "meetings": meetings}
    api_county.targets["unit_objects"] = made
    api_county.targets["organizations"] = {scope: unit.pk for scope, unit in units.items()}
    api_county.targets["pairings"] = {scope: pairing.pk for scope, pairing in pairings.items()}
    api_county.targets["policy_documents"] = {scope: document.pk for scope, document in documents.items()}
    api_county.targets["joint_meetings"] = {scope: meeting.pk for scope, meeting in meetings.items()}
    return made


def files_in_every_scope(api_county: Any) -> None:
    """Version 1 of each scope's document and file 1 of each scope's meeting (call inside temporary_media_root)."""
    made = records_in_every_scope(api_county)
    if "files_made" in api_county.targets:
        return
    admin = api_county.county.users[Role.COUNTY_ADMIN]
    for scope in ("own", "sibling", "parent"):
        policy_document_version_upload(
            document_id=made["documents"][scope].pk, upload=upload(f"{scope}.pdf"), acting_user=admin
        )
        joint_meeting_file_upload(
            meeting_id=made["meetings"][scope].pk, upload=upload(f"{scope}-纪要.pdf"), acting_user=admin
        )
    api_county.targets["files_made"] = {}
