from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "wenming.teams"
    label = "teams"
    verbose_name = _("志愿服务队")
