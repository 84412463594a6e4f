"""Practice sites (the three tiers and the other kinds) and residential points."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wenming.core.fields import coordinate_constraints, coordinates_clean, latitude_field, longitude_field
from wenming.core.models import TimeStampedModel


class SiteKind(models.TextChoices):
    CENTER = "center", _("新时代文明实践中心")
    INSTITUTE = "institute", _("新时代文明实践所")
    STATION = "station", _("新时代文明实践站")
    SERVICE_POST = "service_post", _("志愿服务站点")
    SQUARE = "square", _("志愿者广场")
    PRACTICE_POINT = "practice_point", _("文明实践点")


THREE_TIER_KINDS = (SiteKind.CENTER, SiteKind.INSTITUTE, SiteKind.STATION)
# The three tiers link parent → child: center → institute → station.
PARENT_KIND: dict[str, str] = {SiteKind.INSTITUTE: SiteKind.CENTER, SiteKind.STATION: SiteKind.INSTITUTE}


class HostType(models.TextChoices):
    """The institution a site is hosted in."""

    PARTY_SCHOOL = "party_school", _("党校/党群服务中心")
    TOWNSHIP_GOVERNMENT = "township_government", _("乡镇政府/街道办")
    VILLAGE_COMMITTEE = "village_committee", _("村委会")
    COMMUNITY_CENTER = "community_center", _("社区服务中心")
    LIBRARY = "library", _("图书馆")
    MUSEUM = "museum", _("博物馆")
    GOVERNMENT_SERVICE = "government_service", _("政务服务中心")
    HOSPITAL = "hospital", _("医院")
    SCHOOL = "school", _("学校")
    ART_GALLERY = "art_gallery", _("美术馆")
    BOOK_COURT = "book_court", _("书苑/书店")
    ANTI_DRUG_BASE = "anti_drug_base", _("禁毒教育基地")
    FITNESS_CENTER = "fitness_center", _("全民健身中心")
    PUBLIC_SQUARE = "public_square", _("公共广场")
    STATION_OR_TRANSPORT = "transport", _("车站/交通枢纽")
    ENTERPRISE = "enterprise", _("企业")
    OTHER = "other", _("其他")


class SquareType(models.TextChoices):
    FUNCTIONAL = "functional", _("功能性")
    COMPREHENSIVE = "comprehensive", _("综合性")


class Site(TimeStampedModel):
    region_field = "region"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="sites", verbose_name=_("所属区划")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=SiteKind.choices, db_index=True)
    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("上级阵地")
    )
    host_type = models.CharField(_("依托单位类型"), max_length=24, choices=HostType.choices, default=HostType.OTHER)
    square_type = models.CharField(_("广场类型"), max_length=16, choices=SquareType.choices, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = latitude_field()
    longitude = longitude_field()
    opening_hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("阵地")
        verbose_name_plural = _("阵地")
        ordering = ["region__code", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "name"], name="site_unique_name_per_region_kind"),
            models.CheckConstraint(
                condition=~models.Q(kind="center") | models.Q(parent__isnull=True), name="site_center_has_no_parent"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["institute", "station"]) | models.Q(parent__isnull=False),
                name="site_institute_station_have_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="square") | models.Q(square_type=""), name="site_square_type_only_for_squares"
            ),
            *coordinate_constraints("site"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        coordinates_clean(self)
        expected_parent = PARENT_KIND.get(self.kind)
        if self.kind == SiteKind.CENTER and self.parent_id:
            raise ValidationError({"parent": _("文明实践中心没有上级阵地。")})
        if expected_parent and self.kind in (SiteKind.INSTITUTE, SiteKind.STATION):
            parent = self.parent
            if parent is None or parent.kind != expected_parent:
                raise ValidationError({"parent": _("文明实践所的上级须是中心，文明实践站的上级须是所。")})
            if self.region_id and not self.region.path.startswith(parent.region.path):
                raise ValidationError({"region": _("阵地所属区划须在上级阵地的区划范围内。")})
        if self.kind == SiteKind.SQUARE and not self.square_type:
            raise ValidationError({"square_type": _("志愿者广场须注明是功能性还是综合性。")})
        if self.kind != SiteKind.SQUARE and self.square_type:
            raise ValidationError({"square_type": _("只有志愿者广场填写广场类型。")})


class StandardItem(TimeStampedModel):
    """One item of a county's configurable site checklist (e.g. the "五有" standard)."""

    region_field = "region"

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("适用区划"))
    code = models.SlugField(_("编码"), max_length=40)
    name = models.CharField(_("名称"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("分值"), default=20)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("阵地标准条目")
        verbose_name_plural = _("阵地标准条目")
        ordering = ["region__code", "position"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="standard_item_unique_code")]

    def __str__(self) -> str:
        return self.name


class SiteStandardCheck(TimeStampedModel):
    """Whether a site meets one checklist item, as last checked."""

    region_field = "site__region"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="standard_checks", verbose_name=_("阵地"))
    item = models.ForeignKey(StandardItem, on_delete=models.PROTECT, related_name="checks", verbose_name=_("条目"))
    is_met = models.BooleanField(_("已达标"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    checked_on = models.DateField(_("核查日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("阵地标准核查")
        verbose_name_plural = _("阵地标准核查")
        constraints = [models.UniqueConstraint(fields=["site", "item"], name="site_standard_check_unique")]

    def __str__(self) -> str:
        return f"{self.site} · {self.item}"


class ResidentialKind(models.TextChoices):
    VILLAGE = "village", _("行政村")
    COMMUNITY = "community", _("社区")
    HAMLET = "hamlet", _("自然屯")


class ResidentialPoint(TimeStampedModel):
    """A village or community with its population: what the 15-minute circle must reach."""

    region_field = "region"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="residential_points", verbose_name=_("所属区划")
    )
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=16, choices=ResidentialKind.choices)
    population = models.PositiveIntegerField(_("人口"))
    latitude = latitude_field()
    longitude = longitude_field()

    class Meta:
        verbose_name = _("居民点")
        verbose_name_plural = _("居民点")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="residential_point_unique_name"),
            *coordinate_constraints("residential_point"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        coordinates_clean(self)
