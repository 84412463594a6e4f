from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "wenming.organizations"
    label = "organizations"
    verbose_name = _("联系单位与结对")
