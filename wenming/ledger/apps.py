from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "wenming.ledger"
    label = "ledger"
    verbose_name = _("志愿服务时长")
