"""Every change and add page renders for the superuser and the county admin."""

import pytest
from django.urls import reverse

from tests.admin.conftest import change_url, records_add, wenming_models
from wenming.orders.models import ServiceOrder
from wenming.regions.roles import Role

MODELS = wenming_models()
# Written only by services (ledgers, order workflow, sign-up and check-in, uploads, imports, redemptions,
# requests and reports) or on the user's page.
NO_ADD = {
    "ledger.HoursEntry",
    "orders.OrderEvent",
    "orders.ServiceOrder",
    "activities.SignUp",
    "activities.Attendance",
    "accounts.RoleAssignment",
    "accounts.AuditEvent",
    "certificates.Certificate",
    "notifications.Notification",
    "notifications.NotificationDelivery",
    "organizations.PolicyDocumentVersion",
    "organizations.JointMeetingFile",
    "projects.ProjectBeneficiaryReport",
    "points.PointsRate",
    "points.StockChange",
    "points.Redemption",
    "points.PointsEntry",
    "teams.MembershipRequest",
    "imports.ImportBatch",
    "imports.ImportRow",
    "volunteers.VolunteerNumberCounter",
}
# Personal messages, and the volunteer number counters (no region at all).
SUPERUSER_ONLY = {
    "notifications.Notification",
    "notifications.NotificationDelivery",
    "volunteers.VolunteerNumberCounter",
}
# Shared across counties: only superusers add to them.
REFERENCE = {"volunteers.VolunteerTag", "volunteers.Skill", "teams.TeamCategory"}


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_change_and_add_pages_render(client, county, superuser, model):
    # given
    records_add(county, 1)
    obj = model._default_manager.order_by("-pk").first()
    add_url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    label = model._meta.label
    for user in (superuser, county.users[Role.COUNTY_ADMIN]):
        client.force_login(user)
        may_add = label not in NO_ADD and (user.is_superuser or label not in REFERENCE)
        # when
        change = client.get(change_url(obj))
        add = client.get(add_url)
        # then
        if label in SUPERUSER_ONLY and not user.is_superuser:
            assert (change.status_code, add.status_code) == (403, 403), (user, model)
            continue
        assert change.status_code == 200, (user, model)
        assert add.status_code == (200 if may_add else 403), (user, model)


def test_service_order_pages_show_the_requester_phone_masked(client, county):
    # given
    records_add(county, 1)
    order = ServiceOrder.objects.get()
    client.force_login(county.users[Role.COUNTY_ADMIN])
    # when
    pages = [client.get(change_url(order)), client.get(reverse("admin:orders_serviceorder_changelist"))]
    # then
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert order.requester_phone not in html
        assert f"{order.requester_phone[:3]}****{order.requester_phone[-4:]}" in html
