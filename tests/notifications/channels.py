"""Channels for the tests: one that records what it sends, one that always fails, one that fails once."""

from typing import ClassVar

from wenming.notifications.channels import Channel, ChannelError
from wenming.notifications.models import Notification

RECORDING = "tests.notifications.channels.RecordingChannel"
FAILING = "tests.notifications.channels.FailingChannel"
FLAKY = "tests.notifications.channels.FlakyChannel"
LOG = "wenming.notifications.channels.LogChannel"


class RecordingChannel(Channel):
    name = "recording"
    sent: ClassVar[list[tuple[int, str]]] = []

    def deliver(self, *, notification: Notification, address: str) -> None:
        self.sent.append((notification.pk, address))


class FailingChannel(Channel):
    name = "failing"

    def deliver(self, *, notification: Notification, address: str) -> None:
        raise ChannelError(f"gateway refused {address}")


class FlakyChannel(Channel):
    """Fails the first time it sees a notification, delivers the second time."""

    name = "flaky"
    seen: ClassVar[set[int]] = set()
    sent: ClassVar[list[int]] = []

    def deliver(self, *, notification: Notification, address: str) -> None:
        if notification.pk not in self.seen:
            self.seen.add(notification.pk)
            raise ChannelError("timed out")
        self.sent.append(notification.pk)
