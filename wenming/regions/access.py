"""Who may do what to which record: the few tested functions every selector and admin uses.

A record is reachable when one of the user's active role assignments allows the action on the
record's capability group (roles.CAPABILITIES) and the record lies in that assignment's region
subtree. Roles that are not region-wide (team leader, volunteer, resident, contact unit) reach
records through the per-model rules in PERSONAL_SCOPES.
"""

from collections.abc import Callable
from typing import Any, TypeVar

import rules
from django.apps import apps
from django.db import models
from django.db.models import Q

from wenming.regions.roles import ADD, CHANGE, DELETE, MODEL_GROUPS, VIEW, Role, roles_allowed
from wenming.regions.scoping import NOTHING, region_field_of, region_subtree_q

M = TypeVar("M", bound=models.Model)

PersonalScope = Callable[[Any, str], Q]


def _team_ids(user: Any) -> list[int]:
    return [a.team_id for a in user.active_assignments if a.role == Role.TEAM_LEADER]


def _organization_ids(user: Any) -> list[int]:
    return [a.organization_id for a in user.active_assignments if a.role == Role.CONTACT_UNIT]


def _team_activities(team_ids: list[int]) -> Any:
    """The activities the given teams organize, as a subquery."""
    return apps.get_model("activities", "Activity")._default_manager.filter(organizer_team_id__in=team_ids)


def _volunteer_personal_scope(user: Any, action: str) -> Q:
    condition = NOTHING
    if action == VIEW:
        team_ids = _team_ids(user)
        if team_ids:
            # A subquery, not a join: no duplicate rows, so no DISTINCT over the whole volunteer table.
            members = apps.get_model("teams", "Membership")._default_manager.filter(
                team_id__in=team_ids, left_on__isnull=True
            )
            condition |= Q(pk__in=members.values("volunteer_id"))
    if action in (VIEW, CHANGE) and user.has_role(Role.VOLUNTEER):
        condition |= Q(user_id=user.pk)
    return condition


def _team_personal_scope(user: Any, action: str) -> Q:
    team_ids = _team_ids(user)
    if team_ids and action in (VIEW, CHANGE):
        return Q(pk__in=team_ids)
    return NOTHING


def _membership_personal_scope(user: Any, action: str) -> Q:
    team_ids = _team_ids(user)
    return Q(team_id__in=team_ids) if team_ids else NOTHING


def _pairing_personal_scope(user: Any, action: str) -> Q:
    organization_ids = _organization_ids(user)
    return Q(organization_id__in=organization_ids) if organization_ids and action == VIEW else NOTHING


def _organization_personal_scope(user: Any, action: str) -> Q:
    organization_ids = _organization_ids(user)
    return Q(pk__in=organization_ids) if organization_ids and action == VIEW else NOTHING


def _joint_meetings_attended(user: Any) -> Any:
    """The joint meetings the user's contact units attended, as a subquery (None: no contact unit)."""
    organization_ids = _organization_ids(user)
    if not organization_ids:
        return None
    attendance = apps.get_model("organizations", "JointMeeting").attendee_units.through
    return attendance._default_manager.filter(organization_id__in=organization_ids).values("jointmeeting_id")


def _joint_meeting_personal_scope(user: Any, action: str) -> Q:
    """A contact unit reads the joint meetings it attended."""
    attended = _joint_meetings_attended(user) if action == VIEW else None
    return Q(pk__in=attended) if attended is not None else NOTHING


def _joint_meeting_file_personal_scope(user: Any, action: str) -> Q:
    attended = _joint_meetings_attended(user) if action == VIEW else None
    return Q(meeting_id__in=attended) if attended is not None else NOTHING


def _membership_request_personal_scope(user: Any, action: str) -> Q:
    """Join and leave requests: the team's leader and deputies decide them; a volunteer reads and makes their own."""
    condition = NOTHING
    if action in (VIEW, CHANGE):
        team_ids = _team_ids(user)
        if team_ids:
            condition |= Q(team_id__in=team_ids)
        # Deputies (and leaders) hold no role assignment of their own: their open membership says it.
        managed = apps.get_model("teams", "Membership")._default_manager.filter(
            volunteer__user_id=user.pk, left_on__isnull=True, role__in=("leader", "deputy")
        )
        condition |= Q(team_id__in=managed.values("team_id"))
    if action in (VIEW, ADD):
        condition |= Q(volunteer__user_id=user.pk)
    return condition


PUBLIC_ACTIVITY_STATUSES = ("published", "closed", "finished", "cancelled")
PUBLIC_ACTIVITY_READERS = (Role.VOLUNTEER, Role.RESIDENT)


def _activity_personal_scope(user: Any, action: str) -> Q:
    """Team leaders run their team's activities, contact units their pairings' joint activities;
    volunteers and residents read every activity once published (DESIGN.md §1: R public)."""
    condition = NOTHING
    team_ids = _team_ids(user)
    if team_ids and action in (VIEW, ADD, CHANGE):
        condition |= Q(organizer_team_id__in=team_ids)
    organization_ids = _organization_ids(user)
    if organization_ids and action in (VIEW, ADD, CHANGE):
        pairings = apps.get_model("organizations", "Pairing")._default_manager.filter(
            organization_id__in=organization_ids
        )
        condition |= Q(pairing_id__in=pairings.values("pk"))
    if action == VIEW and user.has_role(*PUBLIC_ACTIVITY_READERS):
        condition |= Q(status__in=PUBLIC_ACTIVITY_STATUSES)
    return condition


def _activity_part_personal_scope(user: Any, action: str) -> Q:
    """Sign-ups and attendances: the organizing team's leader, and the volunteer's own rows."""
    condition = NOTHING
    team_ids = _team_ids(user)
    if team_ids and action in (VIEW, ADD, CHANGE):
        condition |= Q(activity_id__in=_team_activities(team_ids).values("pk"))
    if action in (VIEW, CHANGE) and user.has_role(Role.VOLUNTEER):
        condition |= Q(volunteer__user_id=user.pk)
    return condition


def _hours_entry_personal_scope(user: Any, action: str) -> Q:
    """Team leaders approve the hours of their team's activities; a volunteer reads their own."""
    condition = NOTHING
    team_ids = _team_ids(user)
    if team_ids and action in (VIEW, ADD):
        condition |= Q(activity_id__in=_team_activities(team_ids).values("pk"))
    if action == VIEW and user.has_role(Role.VOLUNTEER):
        condition |= Q(volunteer__user_id=user.pk)
    return condition


def _certificate_personal_scope(user: Any, action: str) -> Q:
    """Volunteers read their own certificates; team leaders those for their team's activities."""
    condition = NOTHING
    if action != VIEW:
        return condition
    team_ids = _team_ids(user)
    if team_ids:
        condition |= Q(activity_id__in=_team_activities(team_ids).values("pk"))
    if user.has_role(Role.VOLUNTEER):
        condition |= Q(volunteer__user_id=user.pk)
    return condition


def _activity_series_personal_scope(user: Any, action: str) -> Q:
    """A team leader manages the recurring activities they created for their team."""
    if _team_ids(user) and action in (VIEW, CHANGE):
        return Q(created_by_id=user.pk)
    return NOTHING


PUBLIC_TRAINING_STATUSES = ("published", "finished", "cancelled")


def _training_personal_scope(user: Any, action: str) -> Q:
    """Volunteers read every training once published, to enrol (DESIGN.md §1: R, enrol)."""
    if action == VIEW and user.has_role(Role.VOLUNTEER):
        return Q(status__in=PUBLIC_TRAINING_STATUSES)
    return NOTHING


def _training_attendance_personal_scope(user: Any, action: str) -> Q:
    """A volunteer reads their own enrolments and attendances and cancels their own enrolment."""
    if action in (VIEW, CHANGE) and user.has_role(Role.VOLUNTEER):
        return Q(volunteer__user_id=user.pk)
    return NOTHING


def _public_record_personal_scope(user: Any, action: str) -> Q:
    """Brands, projects and awards are public record (DESIGN.md §1: R for every role): anyone with a
    role reads those of their own region and of the regions above it (the county's brand, the city's
    awards); the subtree below is the capability groups' business."""
    if action != VIEW:
        return NOTHING
    ancestors: set[str] = set()
    for path in user.region_paths():
        codes = path.rstrip("/").split("/")
        ancestors.update("".join(f"{code}/" for code in codes[:depth]) for depth in range(1, len(codes) + 1))
    return Q(region__path__in=sorted(ancestors)) if ancestors else NOTHING


def _path_and_ancestors(path: str) -> list[str]:
    codes = path.rstrip("/").split("/")
    return ["".join(f"{code}/" for code in codes[:depth]) for depth in range(1, len(codes) + 1)]


def _shop_item_personal_scope(user: Any, action: str) -> Q:
    """A volunteer shops in the 爱心超市 of their own region and of the regions above it (active goods)."""
    if action != VIEW or not user.has_role(Role.VOLUNTEER):
        return NOTHING
    volunteers = apps.get_model("volunteers", "Volunteer")._default_manager.filter(user_id=user.pk)
    paths = {
        ancestor for path in volunteers.values_list("region__path", flat=True) for ancestor in _path_and_ancestors(path)
    }
    return Q(is_active=True, region__path__in=sorted(paths)) if paths else NOTHING


def _points_personal_scope(user: Any, action: str) -> Q:
    """Redemptions and points entries: a volunteer reads their own."""
    if action == VIEW and user.has_role(Role.VOLUNTEER):
        return Q(volunteer__user_id=user.pk)
    return NOTHING


def _service_order_personal_scope(user: Any, action: str) -> Q:
    """Service orders (read only): a team leader those dispatched to their team (or, not yet taken, to
    its home site), a volunteer those they were sent to serve, a volunteer or resident those they placed."""
    if action != VIEW:
        return NOTHING
    condition = NOTHING
    team_ids = _team_ids(user)
    if team_ids:
        home_sites = apps.get_model("teams", "Team")._default_manager.filter(pk__in=team_ids).values("home_site_id")
        condition |= Q(assigned_team_id__in=team_ids)
        condition |= Q(status="dispatched", assigned_team__isnull=True, assigned_site_id__in=home_sites)
    if user.has_role(Role.VOLUNTEER):
        assigned = apps.get_model("orders", "OrderAssignment")._default_manager.filter(volunteer__user_id=user.pk)
        condition |= Q(pk__in=assigned.values("order_id"))
    if user.has_role(Role.VOLUNTEER, Role.RESIDENT):
        condition |= Q(requester_id=user.pk)
    return condition


PERSONAL_SCOPES: dict[str, PersonalScope] = {
    "orders.serviceorder": _service_order_personal_scope,
    "points.shopitem": _shop_item_personal_scope,
    "points.redemption": _points_personal_scope,
    "points.pointsentry": _points_personal_scope,
    "projects.brand": _public_record_personal_scope,
    "projects.project": _public_record_personal_scope,
    "projects.award": _public_record_personal_scope,
    "activities.activityseries": _activity_series_personal_scope,
    "certificates.certificate": _certificate_personal_scope,
    "activities.activity": _activity_personal_scope,
    "activities.signup": _activity_part_personal_scope,
    "activities.attendance": _activity_part_personal_scope,
    "ledger.hoursentry": _hours_entry_personal_scope,
    "volunteers.volunteer": _volunteer_personal_scope,
    "teams.team": _team_personal_scope,
    "teams.membership": _membership_personal_scope,
    "teams.membershiprequest": _membership_request_personal_scope,
    "organizations.pairing": _pairing_personal_scope,
    "organizations.organization": _organization_personal_scope,
    "organizations.jointmeeting": _joint_meeting_personal_scope,
    "organizations.jointmeetingfile": _joint_meeting_file_personal_scope,
    "trainings.training": _training_personal_scope,
    "trainings.trainingattendance": _training_attendance_personal_scope,
}


def _user_region_q(paths: list[str]) -> Q:
    """Users have no region of their own: a user lies where one of their active assignments does."""
    if not paths:
        return NOTHING
    assignments = apps.get_model("accounts", "RoleAssignment")._default_manager.filter(
        region_subtree_q(paths, field="region"), is_active=True
    )
    return Q(pk__in=assignments.values("user_id"))


# Models whose rows lie in a region some other way than through a `region_field`.
REGION_SCOPES: dict[str, Callable[[list[str]], Q]] = {"accounts.user": _user_region_q}


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def access_q(user: Any, model: type[models.Model], action: str = VIEW) -> Q:
    """The condition on `model` rows that `user` may take `action` on (an empty Q: all rows)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return Q()
    label = _label(model)
    roles = roles_allowed(label, action)
    paths = user.region_paths(roles) if roles else []
    in_region = REGION_SCOPES.get(label)
    condition = in_region(paths) if in_region else region_subtree_q(paths, field=region_field_of(model))
    personal = PERSONAL_SCOPES.get(label)
    if personal is not None:
        condition |= personal(user, action)
    return condition


def scoped(queryset: "models.QuerySet[M]", user: Any, action: str = VIEW) -> "models.QuerySet[M]":
    """The rows of `queryset` the user may take `action` on.

    No condition joins a multi-valued relation (personal scopes use subqueries), so no row repeats
    and no DISTINCT is needed: a DISTINCT over every column made each list page sort its whole table.
    """
    return queryset.filter(access_q(user, queryset.model, action))


def activity_visible(user: Any, activity: models.Model) -> bool:
    """Whether the user may see this activity: the rule of `scoped`, answered without a query when
    the activity is public and the user reads public activities (the busy case: a volunteer)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(activity, "status", None) in PUBLIC_ACTIVITY_STATUSES and user.has_role(*PUBLIC_ACTIVITY_READERS):
        return True
    return scoped(type(activity)._default_manager.filter(pk=activity.pk), user, VIEW).exists()


def may(user: Any, action: str, model: type[models.Model], obj: models.Model | None = None) -> bool:
    """Whether the user may take `action` on `obj` (or on some record of `model` when obj is None)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if obj is None:
        label = _label(model)
        if user.has_role(*roles_allowed(label, action)):
            return True
        personal = PERSONAL_SCOPES.get(label)
        return personal is not None and personal(user, action) != NOTHING
    return model._default_manager.filter(pk=obj.pk).filter(access_q(user, model, action)).exists()


def _predicate(model_label: str, action: str) -> rules.Predicate:
    @rules.predicate(name=f"may_{action}_{model_label}")
    def check(user: Any, obj: models.Model | None = None) -> bool:
        return may(user, action, apps.get_model(model_label), obj)

    return check


def register_rules() -> None:
    """One rules permission per model and action, e.g. `volunteers.change_volunteer`."""
    for label in MODEL_GROUPS:
        app_label, model_name = label.split(".")
        for action in (VIEW, ADD, CHANGE, DELETE):
            rules.set_perm(f"{app_label}.{action}_{model_name}", _predicate(label, action))
