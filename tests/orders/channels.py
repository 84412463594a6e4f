"""A channel for the order tests: it records each message it would send, body included (the phone code)."""

import re
from typing import ClassVar

from wenming.notifications.channels import Channel
from wenming.notifications.models import Notification

CODE_RECORDING = "tests.orders.channels.CodeRecordingChannel"


class CodeRecordingChannel(Channel):
    name = "code_recording"
    sent: ClassVar[list[tuple[str, str]]] = []  # (address, body)

    def deliver(self, *, notification: Notification, address: str) -> None:
        self.sent.append((address, notification.body))


def last_code_sent(phone: str) -> str:
    """The code in the last message to the number (how a resident reads it off their phone)."""
    bodies = [body for address, body in CodeRecordingChannel.sent if address == phone]
    assert bodies, f"no message to {phone}"
    match = re.search(r"\d{6}", bodies[-1])
    assert match is not None
    return match.group(0)
