from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from wenming.certificates.models import Certificate
from wenming.regions.admin_base import ReadOnlyScopedAdmin


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyScopedAdmin):
    """Certificates are issued and revoked on their pages and through the API (services), only read here."""

    list_display = (
        "serial_number",
        "volunteer_name",
        "volunteer_number",
        "hours",
        "issuer_name",
        "issued_on",
        "status",
    )
    list_filter = ("issued_on", "region__level")
    search_fields = ("=serial_number", "volunteer_name", "=volunteer_number")
    date_hierarchy = "issued_on"
    exclude = ("verification_token",)

    @admin.display(description=_("状态"))
    def status(self, certificate: Certificate) -> str:
        return str(_("已撤销")) if certificate.is_revoked else str(_("有效"))
