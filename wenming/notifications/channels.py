"""Outbound channels: where a notification goes besides the inbox (the log, an SMS gateway, WeChat…).

settings.WENMING_NOTIFICATION_CHANNELS lists the channel classes by dotted path. A channel says
which address it would use for a notification (or None to skip it) and delivers to that address,
raising ChannelError when the message did not go out. Channels never log a full phone number.
"""

import json
import logging
import urllib.error
import urllib.request
from typing import Any, ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

from wenming.core.masking import mask_text
from wenming.notifications.models import Notification, address_mask

logger = logging.getLogger("wenming.notifications")


class ChannelError(Exception):
    """The channel could not deliver the message; the text is kept on the delivery row."""


class Channel:
    """The interface of an outbound channel; subclasses set `name` and implement `deliver`."""

    name: ClassVar[str] = ""

    def address_for(self, notification: Notification) -> str | None:
        """The mobile number of the recipient: the volunteer record's first, then the account's."""
        volunteer = notification.recipient_volunteer
        if volunteer is not None and volunteer.phone:
            return volunteer.phone
        user = notification.recipient_user
        if user is not None and user.phone:
            return user.phone
        return None

    def deliver(self, *, notification: Notification, address: str) -> None:
        raise NotImplementedError


class LogChannel(Channel):
    """The default: one INFO line per message on the "wenming.notifications" logger, phone masked."""

    name = "log"

    def address_for(self, notification: Notification) -> str | None:
        # Everyone has an inbox; without a phone the log line names the inbox instead.
        phone = super().address_for(notification)
        if phone:
            return phone
        if notification.recipient_user_id is not None:
            return f"user:{notification.recipient_user_id}"
        return f"volunteer:{notification.recipient_volunteer_id}"

    def deliver(self, *, notification: Notification, address: str) -> None:
        logger.info(
            "notification %s (%s) to %s: %s",
            notification.pk,
            notification.kind,
            address_mask(address),
            mask_text(notification.title),
        )


class SmsGatewayChannel(Channel):
    """An SMS gateway reached over HTTP: the base a real provider's channel builds on.

    Settings: WENMING_SMS_GATEWAY_URL (no URL: every delivery fails with a clear error, nothing is
    sent), WENMING_SMS_GATEWAY_TOKEN (sent as a Bearer token) and WENMING_SMS_GATEWAY_TIMEOUT
    (seconds, default 10). A provider with another wire format overrides `payload` or `post`.
    """

    name = "sms"

    def gateway_url(self) -> str:
        return str(getattr(settings, "WENMING_SMS_GATEWAY_URL", "") or "")

    def message(self, notification: Notification) -> str:
        return f"{notification.title}：{notification.body}" if notification.body else notification.title

    def payload(self, *, notification: Notification, address: str) -> dict[str, Any]:
        return {"phone": address, "message": self.message(notification), "reference": str(notification.pk)}

    def post(self, url: str, payload: dict[str, Any]) -> None:
        """POST the payload as JSON; any answer but 2xx is a failure."""
        if not url.startswith(("https://", "http://")):
            raise ChannelError(f"SMS gateway URL must be http(s): {url!r}")
        request = urllib.request.Request(  # noqa: S310  # the scheme is checked just above
            url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8", **self.auth_headers()},
            method="POST",
        )
        timeout = float(getattr(settings, "WENMING_SMS_GATEWAY_TIMEOUT", 10))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            raise ChannelError(f"SMS gateway answered {error.code}") from None
        except OSError as error:  # URLError and timeouts
            raise ChannelError(f"SMS gateway unreachable: {error}") from None
        if not 200 <= status < 300:
            raise ChannelError(f"SMS gateway answered {status}")

    def auth_headers(self) -> dict[str, str]:
        token = str(getattr(settings, "WENMING_SMS_GATEWAY_TOKEN", "") or "")
        return {"Authorization": f"Bearer {token}"} if token else {}

    def deliver(self, *, notification: Notification, address: str) -> None:
        url = self.gateway_url()
        if not url:
            raise ChannelError("WENMING_SMS_GATEWAY_URL is not set")
        self.post(url, self.payload(notification=notification, address=address))
        logger.info("notification %s sent by SMS to %s", notification.pk, address_mask(address))


def channels_configured() -> list[tuple[str, Channel]]:
    """Each channel of settings.WENMING_NOTIFICATION_CHANNELS, with the dotted path it is stored under."""
    return [(path, channel_load(path)) for path in settings.WENMING_NOTIFICATION_CHANNELS]


def channel_load(path: str) -> Channel:
    return import_string(path)()
