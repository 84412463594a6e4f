"""Points pages: the volunteer's phone pages (balance, shop, redemptions) and the staff's shop management."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wenming.core.errors import DomainError, NotFoundError, PermissionDeniedError
from wenming.points import selectors, services
from wenming.points.exports import points_entry_export, redemption_export, shop_item_export
from wenming.points.forms import (
    AdjustmentForm,
    EntryFilterForm,
    ExportForm,
    ItemFilterForm,
    ItemForm,
    ItemUpdateForm,
    ReasonForm,
    RedeemForm,
    RedemptionFilterForm,
    RestockForm,
)
from wenming.volunteers.selectors import volunteer_of_user
from wenming.volunteers.services import personal_data_export_authorize

PAGE_SIZE = 50
TEMPLATES = "points/"


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    return str(getattr(error, "message", error))


def _raise_for_access(error: DomainError) -> None:
    """Out of scope is "not found" (404) and a refused act 403; other refusals are shown on the page."""
    if isinstance(error, NotFoundError):
        raise Http404(str(error.message)) from error
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(str(error.message)) from error


def _form_errors(form: Any) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


# -- the volunteer's pages ---------------------------------------------------------------------------


@login_required
@require_GET
def points_home_view(request: HttpRequest) -> HttpResponse:
    """Balance, earned and spent, the history per month and the ledger rows."""
    volunteer = volunteer_of_user(user=request.user)
    if volunteer is None:
        return render(request, TEMPLATES + "not_volunteer.html")
    standing = selectors.points_standing(volunteer=volunteer)
    months = selectors.points_by_month(volunteer=volunteer)
    page = Paginator(selectors.points_entries_of_volunteer(volunteer=volunteer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    chart = {
        "labels": [f"{row['month']:%Y-%m}" for row in reversed(months)],
        "earned": [float(row["earned"]) for row in reversed(months)],
        "redeemed": [row["redeemed"] for row in reversed(months)],
        "names": [_("获得"), _("兑换")],
    }
    context = {
        "volunteer": volunteer,
        "standing": standing,
        "rate": selectors.points_rate_on(region=volunteer.region, day=timezone.localdate()),
        "months": months,
        "chart": chart,
        "page": page,
    }
    return render(request, TEMPLATES + "home.html", context)


@login_required
@require_GET
def points_shop_view(request: HttpRequest) -> HttpResponse:
    """The goods of the volunteer's shops; those the balance pays for are highlighted."""
    volunteer = volunteer_of_user(user=request.user)
    if volunteer is None:
        return render(request, TEMPLATES + "not_volunteer.html")
    balance = selectors.points_standing(volunteer=volunteer).balance
    items = list(selectors.shop_item_list(user=request.user, is_active=True))
    return render(request, TEMPLATES + "shop.html", {"items": items, "balance": balance, "form": RedeemForm()})


@login_required
@require_POST
def points_redeem_view(request: HttpRequest, item_id: int) -> HttpResponse:
    volunteer = volunteer_of_user(user=request.user)
    if volunteer is None:
        messages.error(request, _("您的账号未关联志愿者。"))
        return redirect("points:shop")
    form = RedeemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("points:shop")
    try:
        redemption = services.redemption_create(
            volunteer=volunteer, item_id=item_id, quantity=form.cleaned_data["quantity"], acting_user=request.user
        )
    except (DomainError, ValidationError) as refusal:
        messages.error(request, _error_text(refusal))
        return redirect("points:shop")
    messages.success(
        request,
        _("兑换成功：%(name)s ×%(quantity)d，领取码 %(code)s。")
        % {"name": redemption.item_name, "quantity": redemption.quantity, "code": redemption.pickup_code},
    )
    return redirect("points:redemptions")


@login_required
@require_GET
def points_redemptions_view(request: HttpRequest) -> HttpResponse:
    """The volunteer's redemptions with their pickup codes."""
    volunteer = volunteer_of_user(user=request.user)
    if volunteer is None:
        return render(request, TEMPLATES + "not_volunteer.html")
    page = Paginator(selectors.redemptions_of_volunteer(volunteer=volunteer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, TEMPLATES + "redemptions.html", {"page": page})


@login_required
@require_POST
def redemption_cancel_view(request: HttpRequest, redemption_id: int) -> HttpResponse:
    """Cancel a pending redemption: the volunteer their own, staff of the shop with a reason."""
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        redemption = services.redemption_cancel(redemption_id=redemption_id, reason=reason, acting_user=request.user)
    except (DomainError, ValidationError) as refusal:
        if isinstance(refusal, DomainError):
            _raise_for_access(refusal)
        messages.error(request, _error_text(refusal))
    else:
        messages.success(request, _("已取消兑换，%(points)d 积分已退回。") % {"points": redemption.points})
    back = request.POST.get("next", "")
    return redirect(back if back == reverse("points:manage_redemptions") else "points:redemptions")


# -- the staff's pages -------------------------------------------------------------------------------


def _require_shop_staff(request: HttpRequest) -> None:
    if not selectors.shop_item_may_manage(user=request.user):
        raise PermissionDenied(_("只有管理员可以管理爱心超市。"))


def _item_filters(request: HttpRequest) -> tuple[ItemFilterForm, dict[str, Any]]:
    form = ItemFilterForm(request.GET or None)
    values: dict[str, Any] = {"search": "", "is_active": None}
    if form.is_bound and form.is_valid():
        values = {"search": form.cleaned_data["search"], "is_active": form.cleaned_data["is_active"]}
    return form, values


@login_required
@require_GET
def manage_items_view(request: HttpRequest) -> HttpResponse:
    """The goods of the staff member's shops, their stock, a new good, restocking."""
    _require_shop_staff(request)
    filter_form, filters = _item_filters(request)
    page = Paginator(selectors.shop_item_list(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "filter_form": filter_form,
        "page": page,
        "item_form": ItemForm(user=request.user),
        "query": request.GET.urlencode(),
    }
    return render(request, TEMPLATES + "manage_items.html", context)


@login_required
@require_GET
def manage_items_export_view(request: HttpRequest) -> HttpResponse:
    _require_shop_staff(request)
    _filter_form, filters = _item_filters(request)
    return shop_item_export(items=selectors.shop_item_list(user=request.user, **filters))


@login_required
@require_POST
def item_create_view(request: HttpRequest) -> HttpResponse:
    _require_shop_staff(request)
    form = ItemForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.shop_item_create(acting_user=request.user, **data)
        except ValidationError as refusal:
            for field, field_errors in refusal.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        except DomainError as refusal:
            _raise_for_access(refusal)
            form.add_error(None, str(refusal.message))
        else:
            messages.success(request, _("已上架 %(name)s。") % {"name": item.name})
            return redirect("points:manage")
    page = Paginator(selectors.shop_item_list(user=request.user), PAGE_SIZE).get_page(1)
    context = {"filter_form": ItemFilterForm(), "page": page, "item_form": form, "query": ""}
    return render(request, TEMPLATES + "manage_items.html", context, status=400)


def _item_row(request: HttpRequest, item_id: int, error: str) -> HttpResponse:
    item = selectors.shop_item_get(user=request.user, item_id=item_id)
    return render(request, TEMPLATES + "_item_row.html", {"item": item, "error": error}, status=400 if error else 200)


@login_required
@require_POST
def item_restock_view(request: HttpRequest, item_id: int) -> HttpResponse:
    _require_shop_staff(request)
    form = RestockForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.shop_item_restock(
                item_id=item_id,
                change=form.cleaned_data["change"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except (DomainError, ValidationError) as refusal:
            if isinstance(refusal, DomainError):
                _raise_for_access(refusal)
            error = _error_text(refusal)
    else:
        error = _form_errors(form)
    if request.htmx:  # type: ignore[attr-defined]
        return _item_row(request, item_id, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("库存已更新。"))
    return redirect("points:manage")


@login_required
@require_POST
def item_update_view(request: HttpRequest, item_id: int) -> HttpResponse:
    _require_shop_staff(request)
    form = ItemUpdateForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.shop_item_update(
                item_id=item_id,
                points_price=form.cleaned_data["points_price"],
                is_active=form.cleaned_data["is_active"],
                acting_user=request.user,
            )
        except (DomainError, ValidationError) as refusal:
            if isinstance(refusal, DomainError):
                _raise_for_access(refusal)
            error = _error_text(refusal)
    else:
        error = _form_errors(form)
    if request.htmx:  # type: ignore[attr-defined]
        return _item_row(request, item_id, error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("物品已更新。"))
    return redirect("points:manage")


def _require_redemption_staff(request: HttpRequest) -> None:
    if not selectors.redemption_may_manage(user=request.user):
        raise PermissionDenied(_("只有管理员可以处理积分兑换。"))


def _redemption_filters(request: HttpRequest) -> tuple[RedemptionFilterForm, dict[str, Any]]:
    form = RedemptionFilterForm(request.GET or None)
    values: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        values = {
            "status": form.cleaned_data["status"] or None,
            "pickup_code": form.cleaned_data["pickup_code"],
            "volunteer_number": form.cleaned_data["volunteer_number"],
            "redeemed_from": form.cleaned_data["redeemed_from"],
            "redeemed_to": form.cleaned_data["redeemed_to"],
        }
    return form, values


@login_required
@require_GET
def manage_redemptions_view(request: HttpRequest) -> HttpResponse:
    """Redemptions of the staff member's shops, filtered; hand over or cancel each."""
    _require_redemption_staff(request)
    filter_form, filters = _redemption_filters(request)
    page = Paginator(selectors.redemption_list(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"filter_form": filter_form, "page": page, "export_form": ExportForm(), "query": request.GET.urlencode()}
    return render(request, TEMPLATES + "manage_redemptions.html", context)


@login_required
@require_GET
def manage_redemptions_export_view(request: HttpRequest) -> HttpResponse:
    """The filtered redemptions as Excel; phones masked unless an admin gives a reason (audited)."""
    _require_redemption_staff(request)
    _filter_form, filters = _redemption_filters(request)
    export = ExportForm(request.GET)
    unmasked = export.is_valid() and export.cleaned_data["unmasked"]
    try:
        show = personal_data_export_authorize(
            user=request.user,
            unmasked=unmasked,
            reason=export.cleaned_data.get("reason", "") if export.is_valid() else "",
            export_name=_("积分兑换记录"),
            ip_address=request.META.get("REMOTE_ADDR"),
        )
    except PermissionDeniedError as refusal:
        raise PermissionDenied(str(refusal.message)) from refusal
    except ValidationError as refusal:
        messages.error(request, _error_text(refusal))
        return redirect(reverse("points:manage_redemptions") + "?" + request.GET.urlencode())
    return redemption_export(redemptions=selectors.redemption_list(user=request.user, **filters), unmasked=show)


@login_required
@require_POST
def redemption_hand_over_view(request: HttpRequest, redemption_id: int) -> HttpResponse:
    error = ""
    try:
        services.redemption_hand_over(redemption_id=redemption_id, acting_user=request.user)
    except DomainError as refusal:
        _raise_for_access(refusal)
        error = _error_text(refusal)
    if request.htmx:  # type: ignore[attr-defined]
        redemption = selectors.redemption_get(user=request.user, redemption_id=redemption_id)
        context = {"redemption": redemption, "error": error}
        return render(request, TEMPLATES + "_redemption_row.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("已发放。"))
    return redirect("points:manage_redemptions")


def _entry_filters(request: HttpRequest) -> tuple[EntryFilterForm, dict[str, Any]]:
    form = EntryFilterForm(request.GET or None)
    values: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        number = form.cleaned_data["volunteer_number"].strip()
        if number:
            try:
                values["volunteer_id"] = selectors.points_volunteer_find(user=request.user, volunteer_number=number).pk
            except NotFoundError:
                values["volunteer_id"] = 0  # nobody: an unknown number lists nothing
        values["kind"] = form.cleaned_data["kind"] or None
    return form, values


@login_required
@require_http_methods(["GET", "POST"])
def manage_adjustments_view(request: HttpRequest) -> HttpResponse:
    """The points ledger of the staff member's region, and an adjustment with a reason."""
    _require_redemption_staff(request)
    form = AdjustmentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                number = data["volunteer_number"]
                volunteer = selectors.points_volunteer_find(user=request.user, volunteer_number=number)
                services.points_adjust(
                    volunteer=volunteer, points=data["points"], reason=data["reason"], acting_user=request.user
                )
            except NotFoundError:
                form.add_error("volunteer_number", _("未找到该志愿者编号，或该志愿者不在您的管辖范围内。"))
            except ValidationError as refusal:
                for field, field_errors in refusal.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            except DomainError as refusal:
                _raise_for_access(refusal)
                form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal.message))
            else:
                messages.success(request, _("积分已调整。"))
                return redirect("points:manage_adjustments")
        status = 400
    filter_form, filters = _entry_filters(request)
    page = Paginator(selectors.points_entry_list(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "filter_form": filter_form, "page": page, "query": request.GET.urlencode()}
    return render(request, TEMPLATES + "manage_adjustments.html", context, status=status)


@login_required
@require_GET
def manage_entries_export_view(request: HttpRequest) -> HttpResponse:
    _require_redemption_staff(request)
    _filter_form, filters = _entry_filters(request)
    return points_entry_export(entries=selectors.points_entry_list(user=request.user, **filters))
