"""Volunteer pages: the public phone registration page, and for staff the searchable list with its Excel
export, the review queue, staff entry, the volunteer's page and its edit form.

Each view parses its input, calls one service or the page's selectors and renders. A volunteer
outside the user's scope is "not found" (404), exactly like a missing one.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.ledger.selectors import volunteer_hours_standing
from wenming.projects.selectors import award_list_for
from wenming.regions.roles import ADD
from wenming.volunteers import selectors
from wenming.volunteers.exports import volunteer_export_response
from wenming.volunteers.forms import (
    VolunteerEditForm,
    VolunteerExportForm,
    VolunteerFilterForm,
    VolunteerReviewForm,
    VolunteerSelfRegisterForm,
    VolunteerStaffRegisterForm,
)
from wenming.volunteers.models import Volunteer
from wenming.volunteers.services import (
    id_number_reveal_allowed,
    volunteer_admin_paths,
    volunteer_approve,
    volunteer_may_administer,
    volunteer_reject,
    volunteer_self_register,
    volunteer_staff_register,
    volunteer_update,
)

VOLUNTEERS_PER_PAGE = 50
REGISTERED_SESSION_KEY = "volunteers_registered_id"

View = Callable[..., HttpResponse]


def _staff_required(check: Callable[[Any], bool], message: Any) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _reads_volunteers(user: Any) -> bool:
    return selectors.volunteer_list_readable(user=user)


def _registers_volunteers(user: Any) -> bool:
    return bool(user.is_superuser or volunteer_admin_paths(user=user, action=ADD))


reader_required = _staff_required(_reads_volunteers, gettext_lazy("没有查看志愿者名册的权限。"))
admin_required = _staff_required(_registers_volunteers, gettext_lazy("只有管理员可以登记和审核志愿者。"))


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _refusal_to_form(form: Any, error: ValidationError | DomainError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's refusal next to the field it names, or above the form."""
    aliases = aliases or {}
    if isinstance(error, DomainError):
        form.add_error(None, str(error.message))
        return
    for name, field_messages in error.message_dict.items():
        field = aliases.get(name, name)
        form.add_error(field if field in form.fields else None, field_messages)


def _volunteer_visible(request: HttpRequest, volunteer_id: int) -> Volunteer:
    try:
        return selectors.volunteer_get(user=request.user, volunteer_id=volunteer_id)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error


# -- public registration ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def volunteer_register_view(request: HttpRequest) -> HttpResponse:
    """The phone page: a resident registers (pending review) and gets a login unless already logged in."""
    logged_in = request.user.is_authenticated
    regions = selectors.registration_region_choices()
    form = VolunteerSelfRegisterForm(
        request.POST if request.method == "POST" else None, needs_password=not logged_in, regions=regions
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                volunteer = volunteer_self_register(
                    region=data["region"],
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    password=data.get("password") or "",
                    consents=data["consents"],
                    guardian_name=data["guardian_name"],
                    guardian_phone=data["guardian_phone"],
                    guardian_consents=data["guardian_consent"],
                    acting_user=request.user,
                )
            except (ValidationError, DomainError) as refusal:
                _refusal_to_form(form, refusal, aliases={"guardian_consents": "guardian_consent"})
            else:
                request.session[REGISTERED_SESSION_KEY] = volunteer.pk
                return redirect("volunteers:register_done")
        status = 400
    return render(request, "volunteers/register.html", {"form": form}, status=status)


@require_GET
def volunteer_register_done_view(request: HttpRequest) -> HttpResponse:
    """ "Registered, pending approval, your number is X": only in the session that registered."""
    volunteer_id = request.session.get(REGISTERED_SESSION_KEY)
    volunteer = selectors.volunteer_registration_result(volunteer_id=volunteer_id)
    if volunteer is None:
        return redirect("volunteers:register")
    return render(request, "volunteers/register_done.html", {"volunteer": volunteer})


# -- staff -----------------------------------------------------------------------------------------


@reader_required
@require_GET
def volunteer_list_view(request: HttpRequest) -> HttpResponse:
    """The searchable list; the search box asks again as the user types (HTMX) and gets only the results."""
    form = VolunteerFilterForm(request.GET or None)
    volunteers = selectors.volunteer_search(user=request.user, **form.filters())
    page = Paginator(selectors.volunteer_with_details(volunteers), VOLUNTEERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "export_form": VolunteerExportForm(),
        "may_register": _registers_volunteers(request.user),
    }
    if _is_htmx(request):
        return render(request, "volunteers/_results.html", context)
    return render(request, "volunteers/list.html", context)


@reader_required
@require_http_methods(["GET", "POST"])
def volunteer_export_view(request: HttpRequest) -> HttpResponse:
    """The list as .xlsx with the list's filters (the query string); POST asks for full numbers with a reason."""
    filters = VolunteerFilterForm(request.GET or None).filters()
    export_form = VolunteerExportForm(request.POST if request.method == "POST" else None)
    data = export_form.cleaned_data if export_form.is_valid() else {}
    try:
        return volunteer_export_response(
            user=request.user,
            query=filters["query"],
            tags=filters["tags"],
            skills=filters["skills"],
            status=filters["status"],
            region_code=filters["region_code"],
            unmasked=bool(data.get("unmasked")),
            reason=data.get("reason") or "",
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    except PermissionDeniedError as refusal:
        raise PermissionDenied(str(refusal.message)) from refusal
    except ValidationError as refusal:
        messages.error(request, " ".join(str(message) for message in refusal.messages))
        return redirect(f"{reverse('volunteers:list')}?{request.GET.urlencode()}")


@admin_required
@require_GET
def volunteer_pending_view(request: HttpRequest) -> HttpResponse:
    pending = list(selectors.volunteer_pending_list(user=request.user)[:200])
    return render(request, "volunteers/pending.html", {"pending": pending, "review_form": VolunteerReviewForm()})


def _review_view(request: HttpRequest, volunteer_id: int, *, approve: bool) -> HttpResponse:
    volunteer = _volunteer_visible(request, volunteer_id)
    form = VolunteerReviewForm(request.POST)
    error = ""
    if not form.is_valid():
        error = " ".join(str(message) for errors in form.errors.values() for message in errors)
    else:
        review = volunteer_approve if approve else volunteer_reject
        try:
            volunteer = review(volunteer_id=volunteer.pk, acting_user=request.user, note=form.cleaned_data["note"])
        except PermissionDeniedError as refusal:
            raise PermissionDenied(str(refusal.message)) from refusal
        except (ValidationError, DomainError) as refusal:
            error = (
                " ".join(str(message) for message in refusal.messages)
                if isinstance(refusal, ValidationError)
                else str(refusal.message)
            )
    if _is_htmx(request):
        context = {"volunteer": volunteer, "error": error, "review_form": form}
        return render(request, "volunteers/_pending_row.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    elif approve:
        messages.success(request, _("已通过 %(name)s 的注册。") % {"name": volunteer.name})
    else:
        messages.success(request, _("已退回 %(name)s 的注册。") % {"name": volunteer.name})
    return redirect("volunteers:pending")


@admin_required
@require_POST
def volunteer_approve_view(request: HttpRequest, volunteer_id: int) -> HttpResponse:
    return _review_view(request, volunteer_id, approve=True)


@admin_required
@require_POST
def volunteer_reject_view(request: HttpRequest, volunteer_id: int) -> HttpResponse:
    return _review_view(request, volunteer_id, approve=False)


@admin_required
@require_http_methods(["GET", "POST"])
def volunteer_create_view(request: HttpRequest) -> HttpResponse:
    """Staff entry of a registration (paper form or walk-in)."""
    regions = selectors.volunteer_region_choices(user=request.user)
    form = VolunteerStaffRegisterForm(request.POST if request.method == "POST" else None, regions=regions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                volunteer = volunteer_staff_register(
                    region=data["region"],
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    consents=data["consents"],
                    activate=data["activate"],
                    guardian_name=data["guardian_name"],
                    guardian_phone=data["guardian_phone"],
                    guardian_consents=data["guardian_consent"],
                    tags=[tag.code for tag in data["tags"]],
                    skills=[skill.code for skill in data["skills"]],
                    acting_user=request.user,
                )
            except PermissionDeniedError as refusal:
                raise PermissionDenied(str(refusal.message)) from refusal
            except (ValidationError, DomainError) as refusal:
                _refusal_to_form(
                    form, refusal, aliases={"guardian_consents": "guardian_consent", "region_code": "region"}
                )
            else:
                messages.success(
                    request,
                    _("已登记志愿者 %(name)s，编号 %(number)s。")
                    % {"name": volunteer.name, "number": volunteer.volunteer_number},
                )
                return redirect("volunteers:detail", volunteer_id=volunteer.pk)
        status = 400
    return render(request, "volunteers/create.html", {"form": form}, status=status)


@login_required
@require_GET
def volunteer_detail_view(request: HttpRequest, volunteer_id: int) -> HttpResponse:
    """One volunteer: masked ID; the phone in full only for the volunteer and admins who may see full numbers."""
    volunteer = _volunteer_visible(request, volunteer_id)
    is_self = volunteer.user_id is not None and volunteer.user_id == request.user.pk
    shows_phone = is_self or id_number_reveal_allowed(user=request.user, volunteer=volunteer)
    memberships = volunteer.memberships.filter(left_on__isnull=True).select_related("team").order_by("team__name")
    context = {
        "volunteer": volunteer,
        "phone": volunteer.phone if shows_phone else volunteer.phone_masked,
        "memberships": list(memberships),
        "tags": list(volunteer.tags.all()),
        "skills": list(volunteer.skills.all()),
        "standing": volunteer_hours_standing(volunteer=volunteer),
        "awards": list(award_list_for(awardee=volunteer)),
        "may_edit": volunteer_may_administer(user=request.user, region=volunteer.region),
    }
    return render(request, "volunteers/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def volunteer_edit_view(request: HttpRequest, volunteer_id: int) -> HttpResponse:
    volunteer = _volunteer_visible(request, volunteer_id)
    if not volunteer_may_administer(user=request.user, region=volunteer.region):
        raise PermissionDenied(_("只有本辖区的管理员可以审核或修改志愿者信息。"))
    form = VolunteerEditForm(request.POST if request.method == "POST" else None, volunteer=volunteer)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                volunteer_update(volunteer_id=volunteer.pk, acting_user=request.user, **form.changes())
            except (ValidationError, DomainError) as refusal:
                _refusal_to_form(form, refusal)
            else:
                messages.success(request, _("已保存。"))
                return redirect("volunteers:detail", volunteer_id=volunteer.pk)
        status = 400
    return render(request, "volunteers/edit.html", {"form": form, "volunteer": volunteer}, status=status)
