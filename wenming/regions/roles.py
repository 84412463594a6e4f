"""The roles of DESIGN.md §1 and what each may do on each group of records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("中心管理员")
    TOWNSHIP_ADMIN = "township_admin", _("所管理员")
    STATION_ADMIN = "station_admin", _("站管理员")
    TEAM_LEADER = "team_leader", _("队长")
    VOLUNTEER = "volunteer", _("志愿者")
    RESIDENT = "resident", _("群众")
    CONTACT_UNIT = "contact_unit", _("挂点联系单位")
    VIEWER = "viewer", _("市/省级查看")


ADMIN_ROLES = frozenset({Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.STATION_ADMIN})
STAFF_ROLES = ADMIN_ROLES | {Role.TEAM_LEADER}

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
READ = frozenset({VIEW})
WRITE = frozenset({VIEW, ADD, CHANGE, DELETE})
APPROVE = frozenset({VIEW, ADD})  # approvals append to the ledger; nothing is changed or deleted

# Capability groups of DESIGN.md §1, per role; a row's scope is always the role's own scope.
# Team leaders, volunteers, residents and contact units reach records through model-specific
# rules in the selectors (own team, self, own orders, own pairings), not through region subtrees.
CAPABILITIES: dict[str, dict[str, frozenset[str]]] = {
    "network": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
        Role.STATION_ADMIN: WRITE,
        Role.TEAM_LEADER: READ,
        Role.VIEWER: READ,
        Role.CONTACT_UNIT: READ,
    },
    "units": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
        Role.STATION_ADMIN: READ,
        Role.VIEWER: READ,
    },
    "volunteers": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
        Role.STATION_ADMIN: WRITE,
    },
    "teams": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
        Role.STATION_ADMIN: WRITE,
        Role.VIEWER: READ,
    },
    "activities": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
        Role.STATION_ADMIN: WRITE,
        Role.VIEWER: READ,
    },
    "ledger": {
        Role.COUNTY_ADMIN: APPROVE,
        Role.TOWNSHIP_ADMIN: APPROVE,
        Role.STATION_ADMIN: APPROVE,
    },
    "orders": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
        Role.STATION_ADMIN: WRITE,
        Role.VIEWER: READ,
    },
    # A county's order deadlines, auto-dispatch categories and API clients: its center admins only.
    "orders_settings": {
        Role.COUNTY_ADMIN: WRITE,
    },
    "trainings": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
        Role.STATION_ADMIN: WRITE,
        Role.TEAM_LEADER: READ,
        Role.VIEWER: READ,
    },
    "projects": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
        Role.STATION_ADMIN: READ,
        Role.TEAM_LEADER: READ,
        Role.VIEWER: READ,
        Role.CONTACT_UNIT: READ,
    },
    "accounts": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
    },
    # 爱心超市: the shops' goods and the county's points rate (a viewer reads them, as reports).
    "points_shop": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
        Role.STATION_ADMIN: WRITE,
        Role.VIEWER: READ,
    },
    # 爱心积分: redemptions and the points ledger name volunteers, so only the admins of the shop's region.
    "points": {
        Role.COUNTY_ADMIN: WRITE,
        Role.TOWNSHIP_ADMIN: WRITE,
        Role.STATION_ADMIN: WRITE,
    },
}

# Which capability group each model belongs to ("app_label.model_name").
MODEL_GROUPS: dict[str, str] = {
    "regions.region": "network",
    "sites.site": "network",
    "sites.residentialpoint": "network",
    "sites.standarditem": "network",
    "sites.sitestandardcheck": "network",
    "organizations.organization": "units",
    "organizations.pairing": "units",
    "organizations.policydocument": "units",
    "organizations.policydocumentversion": "units",
    "organizations.jointmeeting": "units",
    "organizations.jointmeetingfile": "units",
    "volunteers.volunteer": "volunteers",
    "teams.team": "teams",
    "teams.membership": "teams",
    "teams.membershiprequest": "teams",
    "teams.countycategory": "teams",
    "activities.activity": "activities",
    "activities.signup": "activities",
    "activities.attendance": "activities",
    "activities.activityseries": "activities",
    "certificates.certificate": "ledger",
    "ledger.hoursentry": "ledger",
    "orders.serviceorder": "orders",
    "orders.orderevent": "orders",
    "orders.countyordersetting": "orders_settings",
    "orders.apiclient": "orders_settings",
    "trainings.training": "trainings",
    "trainings.trainingattendance": "trainings",
    "trainings.traininghourssetting": "trainings",
    "projects.brand": "projects",
    "projects.project": "projects",
    "projects.award": "projects",
    "projects.projectbeneficiaryreport": "projects",
    "accounts.user": "accounts",
    "accounts.roleassignment": "accounts",
    "accounts.auditevent": "accounts",
    "imports.importbatch": "volunteers",
    "imports.importrow": "volunteers",
    "points.pointsrate": "points_shop",
    "points.shopitem": "points_shop",
    "points.stockchange": "points_shop",
    "points.redemption": "points",
    "points.pointsentry": "points",
}


def roles_allowed(model_label: str, action: str) -> frozenset[str]:
    """The roles that may take `action` on records of `model_label` within their region scope."""
    group = MODEL_GROUPS.get(model_label)
    if group is None:
        return frozenset()
    return frozenset(role for role, actions in CAPABILITIES[group].items() if action in actions)
