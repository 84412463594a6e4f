"""Service-order pages: the resident's public phone page (order with a code sent to their mobile, follow
and rate through a private link), the staff queue, order page and phone/walk-in entry, the team
leader's page and the member's assignments.

Each view parses input, calls one service or selector, and renders. A refused step is shown with the
service's own message and changes nothing: 400 for bad input, 403 when the user may not take the step
(with the message), 404 for an order outside the user's scope, exactly like a missing one.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.core.masking import mask_phone
from wenming.orders import proposals, selectors, services, services_public
from wenming.orders.access import admin_covers, led_team_ids
from wenming.orders.forms import (
    AnswerForm,
    AssignForm,
    CompleteForm,
    DispatchForm,
    OrderFilterForm,
    PhoneForm,
    PublicOrderForm,
    RatingForm,
    ReasonForm,
    StaffOrderForm,
    StaffRatingForm,
)
from wenming.orders.models import OrderStatus, ServiceOrder
from wenming.orders.selectors_pages import (
    dispatch_sites,
    dispatch_teams,
    dispatch_tiers,
    follow_token,
    order_for_follow_link,
    orders_assigned_to_user,
    orders_readable,
    public_counties,
    public_events,
    public_places,
    staff_entry_counties,
    staff_entry_regions,
    staff_steps,
    team_members,
    team_side_open,
    team_side_order,
    team_side_recent,
    team_side_teams,
)
from wenming.regions.models import Region
from wenming.teams.models import TeamCategory

ORDERS_PER_PAGE = 50
MY_ORDERS_SHOWN = 50
# A service's field name → the form's.
FIELD_ALIASES = {
    "category_id": "service_code",
    "project_id": "service_code",
    "region": "place",
    "region_code": "place",
    "requester_phone": "requester_phone",
    "volunteer_ids": "volunteer_ids",
}
PHONE_VISIBLE_STATUSES = (OrderStatus.ACCEPTED, OrderStatus.IN_SERVICE)


def _message(error: DomainError | ValidationError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(error.message)


def _form_message(form: forms.Form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def _refusal_to_form(form: forms.Form, error: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Put the service's refusal next to the field it names (or above the form)."""
    name = {**FIELD_ALIASES, **(aliases or {})}.get(error.field or "", error.field)
    form.add_error(name if name in form.fields else None, str(error.message))


def _follow_url(request: HttpRequest, order: ServiceOrder) -> str:
    path = reverse("orders:follow", kwargs={"number": order.number, "token": follow_token(order.number)})
    return request.build_absolute_uri(path)


def _no_referrer(response: HttpResponse) -> HttpResponse:
    """Pages whose URL is a credential (the follow link) never pass it to another site, nor get indexed."""
    response["Referrer-Policy"] = "same-origin"  # "no-referrer" would send Origin: null and fail CSRF
    response["X-Robots-Tag"] = "noindex"
    return response


# -- the public phone page -------------------------------------------------------------------------


def _public_county(request: HttpRequest) -> tuple[Region | None, list[Region]]:
    """The county named in the URL (or the form), else the installation's only one."""
    counties = list(public_counties())
    code = (request.POST.get("county") or request.GET.get("county") or "").replace("\x00", "").strip()
    chosen = next((county for county in counties if county.code == code), None)
    if chosen is None and len(counties) == 1:
        chosen = counties[0]
    return chosen, counties


def _place_choices(regions: list[Region]) -> list[tuple[int, str]]:
    return [
        (region.pk, f"{region.parent.name} {region.name}" if region.parent is not None else region.name)
        for region in regions
    ]


def _order_point(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "coordinate_system": data.get("coordinate_system") or "wgs84",
        "desired_at": data.get("desired_at"),
        "desired_end_at": data.get("desired_end_at"),
        "people_needed": data.get("people_needed") or 1,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def order_new_view(request: HttpRequest) -> HttpResponse:
    """点单: anyone, no account; the mobile number is confirmed by a code sent to it."""
    county, counties = _public_county(request)
    if county is None:
        status = 404 if not counties else 200
        return render(request, "orders/public_county.html", {"counties": counties}, status=status)
    catalogue = selectors.service_catalogue(county=county)
    places = list(public_places(county=county))
    form = PublicOrderForm(
        request.POST if request.method == "POST" else None, catalogue=catalogue, places=_place_choices(places)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            place = next((region for region in places if region.pk == data.get("place")), None)
            try:
                order = services_public.order_submit_public(
                    county=county,
                    phone=data["phone"],
                    code=data["code"],
                    requester_name=data["requester_name"],
                    service_code=data["service_code"],
                    description=data["description"],
                    address=data["address"],
                    region=place,
                    **_order_point(data),
                )
            except DomainError as refusal:
                if isinstance(refusal, PermissionDeniedError):
                    form.add_error(None, str(refusal.message))
                else:
                    _refusal_to_form(form, refusal, {"requester_phone": "phone"})
            else:
                follow = reverse("orders:follow", kwargs={"number": order.number, "token": follow_token(order.number)})
                return redirect(f"{follow}?created=1")
        status = 400
    context = {"form": form, "county": county, "counties": counties}
    return render(request, "orders/public_new.html", context, status=status)


@require_POST
def order_code_send_view(request: HttpRequest) -> HttpResponse:
    """Send the code (an htmx button of the order form): the status line, 400 with the reason when refused."""
    form = PhoneForm(request.POST)
    phone = form.cleaned_data["phone"] if form.is_valid() else ""
    error = ""
    masked = ""
    try:
        sent = services_public.phone_code_send(phone=phone)
    except DomainError as refusal:
        error = str(refusal.message)
    else:
        masked = sent.phone_code.phone_masked
    if getattr(request, "htmx", False):
        context = {"error": error, "masked": masked, "seconds": int(services_public.RESEND_INTERVAL.total_seconds())}
        return render(request, "orders/_code_status.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("验证码已发送至 %(phone)s，10 分钟内有效。") % {"phone": masked})
    return redirect("orders:new")


@never_cache
@require_http_methods(["GET", "POST"])
def order_follow_view(request: HttpRequest, number: str, token: str) -> HttpResponse:
    """The requester's private page: state, history and, once served, the rating."""
    try:
        order = order_for_follow_link(number=number, token=token)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error
    form = RatingForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services_public.order_rate_by_follow_link(
                    number=number,
                    token=token,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except DomainError as refusal:
                if isinstance(refusal, NotFoundError):
                    raise Http404(str(refusal.message)) from refusal
                _refusal_to_form(form, refusal)
            else:
                messages.success(request, _("感谢您的评价！"))
                return _no_referrer(redirect(request.path))
        status = 400
    context = {
        "order": order,
        "events": public_events(order=order),
        "form": form,
        "may_rate": order.status == OrderStatus.COMPLETED and order.requester_id is not None,
        "created": request.GET.get("created") == "1",
        "follow_url": request.build_absolute_uri(request.path),
        "phone_masked": mask_phone(order.requester_phone),
    }
    return _no_referrer(render(request, "orders/public_follow.html", context, status=status))


# -- the staff queue and order page ----------------------------------------------------------------


def _staff_only(request: HttpRequest) -> None:
    if not orders_readable(user=request.user):
        raise PermissionDenied(_("只有辖区管理员和统计查看人员可以查看点单队列。"))


def _order_or_404(request: HttpRequest, order_id: int) -> ServiceOrder:
    try:
        return selectors.order_get(user=request.user, order_id=order_id)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error


@login_required
@require_GET
def order_list_view(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    category_ids = selectors.orders_scoped(request.user).values("category_id")
    categories = [(category.pk, category.name) for category in TeamCategory.objects.filter(pk__in=category_ids)]
    form = OrderFilterForm(request.GET, categories=categories)
    filters = form.filters()
    orders = selectors.order_list(user=request.user, **filters)
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in request.GET.items() if key != "page" and value})
    context = {
        "form": form,
        "page": page,
        "query": query,
        "overdue_count": selectors.orders_overdue(user=request.user).count(),
        "may_enter": bool(staff_entry_counties(user=request.user)),
    }
    return render(request, "orders/staff_list.html", context)


def _team_label(team: Any, order: ServiceOrder) -> str:
    matches = _("类别相符") if team.category_id == order.category_id else ""
    return f"{team.name}（{team.category.name}{' · ' + matches if matches else ''}）"


def _dispatch_form(request: HttpRequest, order: ServiceOrder, data: Any = None) -> DispatchForm:
    county = selectors.county_of_region(order.region)
    teams = dispatch_teams(user=request.user, order=order, county=county) if county is not None else []
    sites = dispatch_sites(user=request.user, county=county) if county is not None else []
    return DispatchForm(
        data,
        teams=[(team.pk, _team_label(team, order)) for team in teams],
        sites=[(site.pk, f"{site.name}（{site.get_kind_display()}）") for site in sites],
        tiers=dispatch_tiers(user=request.user, order=order),
    )


def _detail_context(
    request: HttpRequest,
    order: ServiceOrder,
    *,
    errors: dict[str, str] | None = None,
    dispatch_form: DispatchForm | None = None,
    rating_form: RatingForm | None = None,
) -> dict[str, Any]:
    steps = staff_steps(user=request.user, order=order)
    sees_phone = admin_covers(request.user, order)
    return {
        "order": order,
        "steps": steps,
        "events": selectors.order_events(order=order),
        "assignments": selectors.order_assignments(order=order),
        "dispatch_form": dispatch_form or (_dispatch_form(request, order) if steps.dispatch else None),
        "proposals": proposals.order_proposals_for(order=order, acting_user=request.user) if steps.dispatch else [],
        "rating_form": rating_form or StaffRatingForm(),
        "errors": errors or {},
        "requester_phone": order.requester_phone if sees_phone else mask_phone(order.requester_phone),
        "follow_url": _follow_url(request, order),
    }


@login_required
@require_GET
def order_detail_view(request: HttpRequest, order_id: int) -> HttpResponse:
    _staff_only(request)
    order = _order_or_404(request, order_id)
    return render(request, "orders/staff_detail.html", _detail_context(request, order))


def _staff_step(
    request: HttpRequest,
    order_id: int,
    step: str,
    act: Callable[[ServiceOrder], Any],
    success: str,
    **context: Any,
) -> HttpResponse:
    """Take one step on an order of the user's scope; a refusal re-renders the order page with it."""
    _staff_only(request)
    order = _order_or_404(request, order_id)
    try:
        act(order)
    except (DomainError, ValidationError) as refusal:
        if isinstance(refusal, NotFoundError):
            raise Http404(str(refusal.message)) from refusal
        status = 403 if isinstance(refusal, PermissionDeniedError) else 400
        order = _order_or_404(request, order_id)
        errors = {step: _message(refusal)}
        return render(
            request,
            "orders/staff_detail.html",
            _detail_context(request, order, errors=errors, **context),
            status=status,
        )
    messages.success(request, success)
    return redirect("orders:detail", order_id=order.pk)


def _reason(request: HttpRequest) -> str:
    form = ReasonForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_form_message(form))
    return str(form.cleaned_data["reason"])


@login_required
@require_POST
def order_review_view(request: HttpRequest, order_id: int) -> HttpResponse:
    return _staff_step(
        request,
        order_id,
        "review",
        lambda order: services.order_review_start(order_id=order.pk, acting_user=request.user),
        _("已受理，进入审核。"),
    )


def _reason_step_view(step: str, service: Callable[..., ServiceOrder], done: str) -> Callable[..., HttpResponse]:
    """A staff step that takes only a reason (reject, close, cancel, expire, reopen)."""

    @login_required
    @require_POST
    def view(request: HttpRequest, order_id: int) -> HttpResponse:
        def act(order: ServiceOrder) -> None:
            service(order_id=order.pk, reason=_reason(request), acting_user=request.user)

        return _staff_step(request, order_id, step, act, _(done))

    view.__name__ = view.__qualname__ = f"order_{step}_view"
    return view


# The messages are marked here and translated per request (_(done) above).
order_reject_view = _reason_step_view("reject", services.order_reject, gettext_noop("已驳回点单。"))
order_close_view = _reason_step_view("close", services.order_close, gettext_noop("订单已办结。"))
order_cancel_view = _reason_step_view("cancel", services.order_cancel, gettext_noop("订单已取消。"))
order_expire_view = _reason_step_view("expire", services.order_expire, gettext_noop("订单已标记过期。"))
order_reopen_view = _reason_step_view("reopen", services.order_reopen, gettext_noop("订单已退回重新办理。"))


@login_required
@require_POST
def order_dispatch_view(request: HttpRequest, order_id: int) -> HttpResponse:
    _staff_only(request)
    order = _order_or_404(request, order_id)
    form = _dispatch_form(request, order, request.POST)

    def dispatch(order: ServiceOrder) -> None:
        if not form.is_valid():
            raise ValidationError(_form_message(form))
        data = form.cleaned_data
        services.order_dispatch(
            order_id=order.pk,
            team_id=data["team_id"],
            site_id=data["site_id"],
            tier=data["tier"] or None,
            reason=data["reason"],
            acting_user=request.user,
        )

    return _staff_step(request, order_id, "dispatch", dispatch, _("已派单。"), dispatch_form=form)


@login_required
@require_POST
def order_rate_view(request: HttpRequest, order_id: int) -> HttpResponse:
    """Staff record the rating a resident gave by phone."""
    form = StaffRatingForm(request.POST)

    def rate(order: ServiceOrder) -> None:
        if not form.is_valid():
            raise ValidationError(_form_message(form))
        services.order_rate(
            order_id=order.pk,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            acting_user=request.user,
        )

    return _staff_step(request, order_id, "rate", rate, _("已记录评价。"), rating_form=form)


# -- staff entry of phone and walk-in requests ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def order_staff_new_view(request: HttpRequest) -> HttpResponse:
    counties = staff_entry_counties(user=request.user)
    if not counties:
        raise PermissionDenied(_("只有辖区管理员可以代群众录入电话或现场点单。"))
    code = (request.POST.get("county") or request.GET.get("county") or "").replace("\x00", "")
    county = next((county for county in counties if county.code == code), counties[0])
    regions = staff_entry_regions(user=request.user, county=county)
    form = StaffOrderForm(
        request.POST if request.method == "POST" else None,
        catalogue=selectors.service_catalogue(county=county),
        places=_place_choices(regions),
    )
    form.fields["place"].label = _("所属区划")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            region = next((region for region in regions if region.pk == data.get("place")), None) or regions[0]
            try:
                order = services.order_submit(
                    channel=data["channel"],
                    region=region,
                    service_code=data["service_code"],
                    description=data["description"],
                    address=data["address"],
                    requester_name=data["requester_name"],
                    requester_phone=data["requester_phone"],
                    acting_user=request.user,
                    **_order_point(data),
                )
            except DomainError as refusal:
                if isinstance(refusal, PermissionDeniedError):
                    raise PermissionDenied(str(refusal.message)) from refusal
                _refusal_to_form(form, refusal)
            else:
                messages.success(
                    request,
                    _("已录入点单 %(number)s。请把订单号告诉群众，以便查询进度。") % {"number": order.number},
                )
                if selectors.orders_scoped(request.user).filter(pk=order.pk).exists() and orders_readable(
                    user=request.user
                ):
                    return redirect("orders:detail", order_id=order.pk)
                return redirect("orders:staff_new")
        status = 400
    context = {"form": form, "county": county, "counties": counties}
    return render(request, "orders/staff_new.html", context, status=status)


# -- the team leader's page ------------------------------------------------------------------------


@dataclass
class TeamOrderCard:
    order: ServiceOrder
    teams: list[Any]
    members: list[tuple[int, str]]
    assigned: list[Any]
    error: str = ""
    step: str = ""
    assign_form: AssignForm | None = None
    complete_form: CompleteForm | None = None
    requester_phone: str = ""


def _team_card(request: HttpRequest, order: ServiceOrder, **state: Any) -> TeamOrderCard:
    teams = team_side_teams(user=request.user, order=order) if order.status == OrderStatus.DISPATCHED else []
    members: list[tuple[int, str]] = []
    if order.assigned_team is not None and order.status in (OrderStatus.ACCEPTED, OrderStatus.IN_SERVICE):
        members = [
            (membership.volunteer_id, membership.volunteer.name)
            for membership in team_members(team=order.assigned_team)
        ]
    assigned = list(order.assignments.all())
    card = TeamOrderCard(
        order=order,
        teams=teams,
        members=members,
        assigned=assigned,
        requester_phone=order.requester_phone
        if order.status in PHONE_VISIBLE_STATUSES
        else mask_phone(order.requester_phone),
        **state,
    )
    if card.assign_form is None:
        card.assign_form = AssignForm(
            members=members, initial={"volunteer_ids": [assignment.volunteer_id for assignment in assigned]}
        )
    if card.complete_form is None:
        card.complete_form = CompleteForm(
            members=[(assignment.volunteer_id, assignment.volunteer.name) for assignment in assigned]
        )
    return card


def _team_page(request: HttpRequest, *, status: int = 200, failed: TeamOrderCard | None = None) -> HttpResponse:
    cards = [
        failed if failed is not None and failed.order.pk == order.pk else _team_card(request, order)
        for order in team_side_open(user=request.user)
    ]
    if failed is not None and all(card.order.pk != failed.order.pk for card in cards):
        cards.insert(0, failed)
    context = {"cards": cards, "recent": team_side_recent(user=request.user)}
    return render(request, "orders/team.html", context, status=status)


def _team_leader_only(request: HttpRequest) -> None:
    if not (led_team_ids(request.user) or request.user.is_superuser):
        raise PermissionDenied(_("只有队长可以处理派给本队的订单。"))


@login_required
@require_GET
def team_orders_view(request: HttpRequest) -> HttpResponse:
    _team_leader_only(request)
    return _team_page(request)


def _team_step(
    request: HttpRequest,
    order_id: int,
    step: str,
    act: Callable[[ServiceOrder], Any],
    success: str,
    **state: Any,
) -> HttpResponse:
    _team_leader_only(request)
    try:
        order = team_side_order(user=request.user, order_id=order_id)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error
    try:
        act(order)
    except (DomainError, ValidationError) as refusal:
        if isinstance(refusal, NotFoundError):
            raise Http404(str(refusal.message)) from refusal
        status = 403 if isinstance(refusal, PermissionDeniedError) else 400
        order = team_side_order(user=request.user, order_id=order_id)
        card = _team_card(request, order, error=_message(refusal), step=step, **state)
        return _team_page(request, status=status, failed=card)
    messages.success(request, success)
    return redirect("orders:team")


def _answer(request: HttpRequest) -> AnswerForm:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_form_message(form))
    return form


@login_required
@require_POST
def team_accept_view(request: HttpRequest, order_id: int) -> HttpResponse:
    def accept(order: ServiceOrder) -> None:
        form = _answer(request)
        services.order_accept(order_id=order.pk, team_id=form.cleaned_data["team_id"], acting_user=request.user)

    return _team_step(request, order_id, "accept", accept, _("已接单。请指派队员。"))


@login_required
@require_POST
def team_decline_view(request: HttpRequest, order_id: int) -> HttpResponse:
    def decline(order: ServiceOrder) -> None:
        form = _answer(request)
        services.order_decline(
            order_id=order.pk,
            reason=form.cleaned_data["reason"],
            team_id=form.cleaned_data["team_id"],
            acting_user=request.user,
        )

    return _team_step(request, order_id, "decline", decline, _("已拒单，订单退回重新派单。"))


@login_required
@require_POST
def team_assign_view(request: HttpRequest, order_id: int) -> HttpResponse:
    _team_leader_only(request)
    try:
        order = team_side_order(user=request.user, order_id=order_id)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error
    members = _team_card(request, order).members
    form = AssignForm(request.POST, members=members)

    def assign(order: ServiceOrder) -> None:
        if not form.is_valid():
            raise ValidationError(_form_message(form))
        services.order_members_assign(
            order_id=order.pk, volunteer_ids=form.cleaned_data["volunteer_ids"], acting_user=request.user
        )

    return _team_step(request, order_id, "assign", assign, _("已指派队员。"), assign_form=form)


@login_required
@require_POST
def team_start_view(request: HttpRequest, order_id: int) -> HttpResponse:
    return _team_step(
        request,
        order_id,
        "start",
        lambda order: services.order_start(order_id=order.pk, acting_user=request.user),
        _("已开始服务。"),
    )


@login_required
@require_POST
def team_complete_view(request: HttpRequest, order_id: int) -> HttpResponse:
    _team_leader_only(request)
    try:
        order = team_side_order(user=request.user, order_id=order_id)
    except NotFoundError as error:
        raise Http404(str(error.message)) from error
    members = [(assignment.volunteer_id, assignment.volunteer.name) for assignment in order.assignments.all()]
    form = CompleteForm(request.POST, members=members)

    def complete(order: ServiceOrder) -> None:
        if not form.is_valid():
            raise ValidationError(_form_message(form))
        services.order_complete(
            order_id=order.pk, report=form.cleaned_data["report"], hours=form.hours(), acting_user=request.user
        )

    return _team_step(request, order_id, "complete", complete, _("服务已完成，时长已提交审核。"), complete_form=form)


# -- the member's phone page -----------------------------------------------------------------------


@login_required
@require_GET
def my_orders_view(request: HttpRequest) -> HttpResponse:
    orders = list(orders_assigned_to_user(user=request.user)[:MY_ORDERS_SHOWN])
    rows = [
        {
            "order": order,
            "phone": order.requester_phone
            if order.status in PHONE_VISIBLE_STATUSES
            else mask_phone(order.requester_phone),
        }
        for order in orders
    ]
    return render(request, "orders/mine.html", {"rows": rows})
