from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "wenming.projects"
    label = "projects"
    verbose_name = _("品牌、项目与荣誉")
