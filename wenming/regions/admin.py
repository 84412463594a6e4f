from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wenming.regions.admin_base import ScopedModelAdmin
from wenming.regions.models import Region

INDENT = "\u3000"  # a full-width space per level below the root


@admin.register(Region)
class RegionAdmin(ScopedModelAdmin):
    list_display = ("tree_name", "code", "level", "population", "is_community")
    list_filter = ("level", "is_community")
    search_fields = ("^code", "name")
    ordering = ("path",)  # the materialized path sorts the tree depth-first
    autocomplete_fields = ("parent",)
    fields = ("parent", "code", "name", "level", "population", "is_community", "path")

    @admin.display(description=_("名称"), ordering="path")
    def tree_name(self, region: Region) -> str:
        depth = region.path.count("/") - 1
        return f"{INDENT * depth}{'└ ' if depth else ''}{region.name}"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # The code and parent make up the path of every descendant: fixed once the region exists.
        return ("path", "parent", "code") if obj is not None else ("path",)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            kwargs["label"] = _("上级区划")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
