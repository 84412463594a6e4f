"""Import pages: upload with a preview, confirm, a progress bar polled by htmx, and the per-row report."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.core.exports import xlsx_response
from wenming.imports import selectors
from wenming.imports.exports import import_report_response, import_template_response
from wenming.imports.forms import ImportUploadForm
from wenming.imports.models import ImportBatch, RowOutcome
from wenming.imports.services import import_batch_confirm, import_batch_upload

RECENT_SHOWN = 20
ROWS_SHOWN = 200


def _importer_required(request: HttpRequest) -> None:
    if not selectors.import_may(user=request.user):
        raise PermissionDenied(_("只有中心、所、站管理员可以导入志愿者。"))


def _batch(request: HttpRequest, batch_id: int) -> ImportBatch:
    try:
        return selectors.import_batch_get(user=request.user, batch_id=batch_id)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error


def _outcome(request: HttpRequest) -> str | None:
    outcome = request.GET.get("outcome", "")
    return outcome if outcome in RowOutcome.values else None


@login_required
@require_http_methods(["GET", "POST"])
def import_volunteers_view(request: HttpRequest) -> HttpResponse:
    """Upload a workbook: it is checked and previewed at once, then shown for confirmation."""
    _importer_required(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = import_batch_upload(
                    file_name=upload.name or "",
                    content=upload.read(),
                    region=form.cleaned_data["region"],
                    acting_user=request.user,
                )
            except ValidationError as refusal:
                for field, errors in refusal.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except DomainError as refusal:
                form.add_error(None, str(refusal.message))
            else:
                return redirect("imports:batch", batch_id=batch.pk)
        status = 400
    recent = list(selectors.import_batch_list(user=request.user)[:RECENT_SHOWN])
    return render(request, "imports/volunteers.html", {"form": form, "recent": recent}, status=status)


@login_required
@require_GET
def import_template_view(request: HttpRequest) -> HttpResponse:
    _importer_required(request)
    return import_template_response()


@login_required
@require_GET
def import_batch_list_xlsx_view(request: HttpRequest) -> HttpResponse:
    """Every batch of the user's scope (the page shows the latest ones), as Excel."""
    _importer_required(request)
    batches = selectors.import_batch_list(user=request.user)
    rows = (
        [
            batch.pk,
            batch.file_name,
            batch.region.name,
            batch.get_status_display(),
            batch.total_rows,
            batch.imported_count,
            batch.updated_count,
            batch.unchanged_count,
            batch.rejected_count,
            batch.created_at,
            str(batch.created_by or ""),
        ]
        for batch in batches
    )
    headers = [
        _("批次"),
        _("文件名"),
        _("导入到区划"),
        _("状态"),
        _("总行数"),
        _("新增"),
        _("更新"),
        _("无变化"),
        _("拒绝"),
        _("上传时间"),
        _("导入人"),
    ]
    return xlsx_response(filename=_("导入批次"), sheet_title=_("导入批次"), headers=headers, rows=rows)


@login_required
@require_GET
def import_batch_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Counts, notes, the rows (filtered by outcome) and, by status, the confirm button or the progress bar."""
    batch = _batch(request, batch_id)
    outcome = _outcome(request)
    rows = list(selectors.import_row_list(batch=batch, outcome=outcome)[:ROWS_SHOWN])
    context: dict[str, Any] = {
        "batch": batch,
        "rows": rows,
        "outcome": outcome or "",
        "outcomes": RowOutcome.choices,
        "rows_shown": ROWS_SHOWN,
    }
    return render(request, "imports/batch.html", context)


@login_required
@require_POST
def import_batch_confirm_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    try:
        import_batch_confirm(batch_id=batch.pk, acting_user=request.user)
    except PermissionDeniedError as refusal:
        raise PermissionDenied(str(refusal.message)) from refusal
    except DomainError as refusal:
        messages.error(request, str(refusal.message))
    return redirect("imports:batch", batch_id=batch.pk)


@login_required
@require_GET
def import_batch_progress_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The progress bar, polled every second while the batch runs; once it has finished the page reloads."""
    batch = _batch(request, batch_id)
    response = render(request, "imports/_progress.html", {"batch": batch})
    if batch.is_finished and request.htmx:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def import_report_xlsx_view(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = _batch(request, batch_id)
    return import_report_response(batch=batch, outcome=_outcome(request))
