from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wenming.accounts.models import User
from wenming.organizations.models import (
    JointMeeting,
    JointMeetingFile,
    Organization,
    Pairing,
    PolicyDocument,
    PolicyDocumentVersion,
)
from wenming.regions.admin_base import ReadOnlyScopedAdmin, ScopedModelAdmin, changelist_link


@admin.register(Organization)
class OrganizationAdmin(ScopedModelAdmin):
    list_display = ("name", "kind", "region", "contact_name", "is_active")
    list_select_related = ("region",)
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    autocomplete_fields = ("region",)


@admin.register(Pairing)
class PairingAdmin(ScopedModelAdmin):
    list_display = ("organization", "site", "mode_list", "started_on", "ended_on", "region")
    list_select_related = ("organization", "site", "region")
    list_filter = ("shares_site", "shares_team", "gives_technical_guidance", "shares_resources")
    search_fields = ("organization__name", "site__name")
    autocomplete_fields = ("region", "organization", "site")

    @admin.display(description=_("结对方式"))
    def mode_list(self, pairing: Pairing) -> str:
        return "、".join(pairing.modes)


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(ScopedModelAdmin):
    list_display = ("title", "kind", "document_number", "issuer", "issued_on", "region", "versions")
    list_select_related = ("region",)
    list_filter = ("kind",)
    search_fields = ("title", "document_number", "issuer")
    autocomplete_fields = ("region",)

    @admin.display(description=_("文件版本"))
    def versions(self, document: PolicyDocument) -> str:
        return changelist_link(PolicyDocumentVersion, _("查看"), document__id__exact=document.pk)


STORED_FILE_FIELDS = (
    "number",
    "original_name",
    "content_type",
    "size_display",
    "sha256",
    "change_note",
    "uploaded_by",
    "uploaded_at",
    "download",
)


class StoredFileAdmin(ReadOnlyScopedAdmin):
    """Uploaded files: numbered, hashed and stored by the upload services, never replaced, so only read here.

    The file itself is not shown (its storage path is not a public URL): its name, type and size are,
    with a link to the access-checked download of the API.
    """

    download_url_name = ""
    owner_field = ""

    @admin.display(description=_("文件大小"), ordering="size")
    def size_display(self, stored: Any) -> str:
        return filesizeformat(stored.size)

    @admin.display(description=_("下载"))
    def download(self, stored: Any) -> str:
        url = reverse(self.download_url_name, args=[getattr(stored, f"{self.owner_field}_id"), stored.number])
        return format_html('<a href="{}">{}</a>', url, _("下载"))


@admin.register(PolicyDocumentVersion)
class PolicyDocumentVersionAdmin(StoredFileAdmin):
    list_display = ("document", "number", "original_name", "size_display", "uploaded_by", "uploaded_at", "download")
    list_select_related = ("document", "uploaded_by")
    list_filter = ("document__kind",)
    search_fields = ("document__title", "original_name", "=sha256")
    fields = ("document", *STORED_FILE_FIELDS)
    readonly_fields = fields
    download_url_name = "api-v1:policy_document_version_file"
    owner_field = "document"


@admin.register(JointMeeting)
class JointMeetingAdmin(ScopedModelAdmin):
    list_display = ("title", "held_on", "convener", "place", "region", "recorded_by", "files")
    list_select_related = ("region", "recorded_by")
    search_fields = ("title", "convener", "place")
    date_hierarchy = "held_on"
    autocomplete_fields = ("region", "attendee_units", "attendee_sites")
    readonly_fields = ("recorded_by",)

    @admin.display(description=_("会议纪要文件"))
    def files(self, meeting: JointMeeting) -> str:
        return changelist_link(JointMeetingFile, _("查看"), meeting__id__exact=meeting.pk)

    def save_model(self, request: HttpRequest, obj: JointMeeting, form: ModelForm, change: bool) -> None:
        if not change and isinstance(request.user, User):
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        # Attendees outside the admin's scope (a county unit at a township meeting) are neither offered
        # nor shown to them: saving keeps them instead of silently dropping them.
        hidden: dict[str, list[Any]] = {}
        if change:
            for name in ("attendee_units", "attendee_sites"):
                offered = form.fields[name].queryset  # type: ignore[attr-defined]
                hidden[name] = list(getattr(form.instance, name).exclude(pk__in=offered.values("pk")))
        super().save_related(request, form, formsets, change)
        for name, attendees in hidden.items():
            getattr(form.instance, name).add(*attendees)


@admin.register(JointMeetingFile)
class JointMeetingFileAdmin(StoredFileAdmin):
    list_display = ("meeting", "number", "original_name", "size_display", "uploaded_by", "uploaded_at", "download")
    list_select_related = ("meeting", "uploaded_by")
    search_fields = ("meeting__title", "original_name", "=sha256")
    fields = ("meeting", *STORED_FILE_FIELDS)
    readonly_fields = fields
    download_url_name = "api-v1:joint_meeting_file_download"
    owner_field = "meeting"
