"""The region tree (行政区划): province → city → county → township → village/community."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from tree_queries.models import TreeNode

from wenming.core.models import TimeStampedModel


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（市、区）")
    TOWNSHIP = "township", _("乡镇（街道）")
    VILLAGE = "village", _("村（社区）")


LEVEL_ORDER = [RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.TOWNSHIP, RegionLevel.VILLAGE]
# GB/T 2260 gives 6 digits down to the county; the statistical division codes add 3 (township)
# and 3 more (village/community).
CODE_LENGTH = {
    RegionLevel.PROVINCE: 6,
    RegionLevel.CITY: 6,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
}


class Region(TreeNode, TimeStampedModel):  # type: ignore[django-manager-missing]
    region_field = ""  # a region is scoped by its own path

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices)
    # Materialized path of codes, "230000/230700/230781/": a subtree is one indexed prefix scan.
    path = models.CharField(_("路径"), max_length=255, unique=True, editable=False)
    population = models.PositiveIntegerField(_("常住人口"), null=True, blank=True)
    is_community = models.BooleanField(_("是社区"), default=False, help_text=_("村级区划中：社区为是，行政村为否"))

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^([0-9]{6}|[0-9]{9}|[0-9]{12})$"),
                name="region_code_6_9_or_12_digits",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=[level.value for level in LEVEL_ORDER]),
                name="region_level_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @staticmethod
    def path_for(parent: "Region | None", code: str) -> str:
        return f"{parent.path if parent else ''}{code}/"

    def clean(self) -> None:
        expected = CODE_LENGTH.get(RegionLevel(self.level)) if self.level else None
        if expected and len(self.code or "") != expected:
            raise ValidationError({"code": _("该层级的区划代码应为%(n)d位数字。") % {"n": expected}})
        parent = self.parent
        if parent is not None:
            if LEVEL_ORDER.index(RegionLevel(parent.level)) >= LEVEL_ORDER.index(RegionLevel(self.level)):
                raise ValidationError({"parent": _("上级区划的层级必须高于本级。")})
            if expected in (9, 12) and not self.code.startswith(parent.code[: len(self.code) - 3]):
                raise ValidationError({"code": _("区划代码必须以上级区划代码开头。")})

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.path = self.path_for(self.parent, self.code)
        super().save(*args, **kwargs)
