"""Notification fixtures: the channels under test, emptied before each test."""

from collections.abc import Callable
from typing import Any

import pytest

from tests.notifications.channels import FlakyChannel, RecordingChannel


@pytest.fixture
def channels(settings: Any) -> Callable[..., None]:
    """Configure the outbound channels by dotted path: `channels(LOG, RECORDING)`."""
    RecordingChannel.sent.clear()
    FlakyChannel.seen.clear()
    FlakyChannel.sent.clear()

    def configure(*paths: str) -> None:
        settings.WENMING_NOTIFICATION_CHANNELS = list(paths)

    return configure
