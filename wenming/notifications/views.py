"""The inbox page (我的消息): the user's own messages, marked read one by one or all at once."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from wenming.core.errors import NotFoundError
from wenming.notifications.selectors import notification_list, notification_unread_count
from wenming.notifications.services import notification_mark_read, notifications_mark_all_read

PAGE_SIZE = 20


def inbox_page(request: HttpRequest, number: Any) -> Page:
    return Paginator(notification_list(user=request.user), PAGE_SIZE).get_page(number)


def inbox_url(number: Any) -> str:
    url = reverse("notifications:inbox")
    return f"{url}?page={number}" if str(number).isdigit() and int(number) > 1 else url


def inbox_context(request: HttpRequest, number: Any) -> dict[str, Any]:
    return {"page": inbox_page(request, number), "unread_count": notification_unread_count(user=request.user)}


@login_required
@require_GET
def inbox_view(request: HttpRequest) -> HttpResponse:
    return render(request, "notifications/inbox.html", inbox_context(request, request.GET.get("page")))


@login_required
@require_POST
def notification_read_view(request: HttpRequest, notification_id: int) -> HttpResponse:
    try:
        notification = notification_mark_read(notification_id=notification_id, acting_user=request.user)
    except NotFoundError:
        raise Http404 from None
    number = request.POST.get("page")
    if getattr(request, "htmx", False):
        context = {
            "notification": notification,
            "page_number": number,
            "unread_count": notification_unread_count(user=request.user),
        }
        return render(request, "notifications/_read.html", context)
    return redirect(inbox_url(number))


@login_required
@require_POST
def notifications_read_all_view(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(acting_user=request.user)
    number = request.POST.get("page")
    if getattr(request, "htmx", False):
        return render(request, "notifications/_inbox.html", {**inbox_context(request, number), "badge_oob": True})
    return redirect(inbox_url(number))
