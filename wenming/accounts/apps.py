from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "wenming.accounts"
    label = "accounts"
    verbose_name = _("用户与角色")

    def ready(self) -> None:
        # Cache invalidation, not a business effect: whatever changes who a user is or what they
        # may do drops that user's cached copy (wenming.accounts.backends).
        from django.db.models.signals import post_delete, post_save

        from wenming.accounts import user_cache as backends

        for signal in (post_save, post_delete):
            signal.connect(backends.user_saved_or_deleted, sender="accounts.User", dispatch_uid=f"user-cache-{signal}")
            signal.connect(
                backends.role_assignment_saved_or_deleted,
                sender="accounts.RoleAssignment",
                dispatch_uid=f"role-assignment-cache-{signal}",
            )
            signal.connect(
                backends.region_saved_or_deleted, sender="regions.Region", dispatch_uid=f"region-cache-{signal}"
            )
