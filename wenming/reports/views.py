"""The home page: the figures of the user's scope as a table and a chart."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wenming.core.errors import DomainError
from wenming.reports.selectors import figures_for_user, personal_summary

FigureValues = dict[str, Any]

# The number charted for each of the 15 rows (a pair such as sessions / participations charts its first part).
CHART_VALUES: dict[int, Callable[[FigureValues], float]] = {
    1: lambda f: f["three_tier_sites"],
    2: lambda f: f["service_posts"],
    3: lambda f: f["volunteer_squares"],
    4: lambda f: f["practice_points"],
    5: lambda f: f["policy_documents"],
    6: lambda f: f["paired_units"],
    7: lambda f: f["pairing_joint_activities"],
    8: lambda f: f["service_orders"],
    9: lambda f: f["teams"],
    10: lambda f: f["registered_volunteers"],
    11: lambda f: f["service_hours"],
    12: lambda f: f["trainings"]["participations"],
    13: lambda f: f["brand_projects"],
    14: lambda f: f["themed_activities"]["activities"],
    15: lambda f: sum(f["awards"].values()),
}


def figures_chart(rows: list[tuple[int, Any, str]], values: FigureValues) -> dict[str, list[Any]]:
    """What the chart script draws: one bar per row, labelled with the row's own display text."""
    return {
        "labels": [str(label) for _, label, _ in rows],
        "values": [float(CHART_VALUES[number](values)) if number in CHART_VALUES else 0 for number, _, _ in rows],
        "displays": [str(display) for _, _, display in rows],
    }


@login_required
def home_view(request: HttpRequest) -> HttpResponse:
    try:
        figures = figures_for_user(user=request.user)
    except DomainError:
        # No report role: volunteers, residents and contact units see their own records instead.
        summary = personal_summary(user=request.user)
        if summary == type(summary)():
            return render(request, "reports/no_scope.html")
        return render(request, "reports/personal.html", {"summary": summary})
    result = figures.as_dict()
    if not result.get("region"):
        return render(request, "reports/no_scope.html")
    rows = list(figures.rows())
    context = {"region": result["region"], "rows": rows, "chart": figures_chart(rows, result["figures"])}
    template = "reports/_figures.html" if getattr(request, "htmx", False) else "reports/home.html"
    return render(request, template, context)
