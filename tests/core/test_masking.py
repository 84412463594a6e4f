"""Masking on screen, in exports and in logs."""

import logging

import pytest

from wenming.core.logging import MaskPersonalDataFilter
from wenming.core.masking import mask_id_number, mask_phone, mask_text


def test_mask_id_number_keeps_first_three_and_last_four():
    assert mask_id_number("11010519491231002X") == "110***********002X"
    assert mask_id_number("11010519491231002x") == "110***********002X"
    assert mask_id_number("") == ""
    assert mask_id_number(None) == ""


def test_mask_phone_keeps_first_three_and_last_four():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("04586123456") == "045****3456"
    assert mask_phone("1234") == "****"
    assert mask_phone(None) == ""


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("身份证 11010519491231002X 电话 13812345678", "身份证 110***********002X 电话 138****5678"),
        ("id=11010519491231002x;", "id=110***********002X;"),
        ("phone:13812345678,", "phone:138****5678,"),
        ("order SO202401050001 of 2024", "order SO202401050001 of 2024"),
        ("no personal data here", "no personal data here"),
    ],
)
def test_mask_text_masks_identifiers_inside_text(text, masked):
    assert mask_text(text) == masked


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def test_logging_filter_masks_what_reaches_a_handler():
    # given: a handler with the filter the settings install on every handler
    handler = _ListHandler()
    handler.addFilter(MaskPersonalDataFilter())
    logger = logging.getLogger("wenming.tests.masking")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        # when: the number arrives both in the format arguments and in the message itself
        logger.info("registered %s with phone %s", "11010519491231002X", "13812345678")
        logger.warning("duplicate 440524188001010014")
        logger.info("nothing to mask: %d volunteers", 3)
    finally:
        logger.removeHandler(handler)
    # then
    assert handler.lines == [
        "registered 110***********002X with phone 138****5678",
        "duplicate 440***********0014",
        "nothing to mask: 3 volunteers",
    ]
    assert not any("11010519491231002X" in line or "13812345678" in line for line in handler.lines)


def test_logging_filter_masks_tracebacks_too():
    # given
    handler = _ListHandler()
    handler.addFilter(MaskPersonalDataFilter())
    logger = logging.getLogger("wenming.tests.masking.traceback")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        # when: an exception quotes the values it failed on
        try:
            raise ValueError("bad row: 11010519491231002X, 13812345678")
        except ValueError:
            logger.exception("import failed")
    finally:
        logger.removeHandler(handler)
    # then
    (line,) = handler.lines
    assert "ValueError: bad row: 110***********002X, 138****5678" in line
    assert "11010519491231002X" not in line
    assert "13812345678" not in line


def test_settings_install_the_filter_on_the_console_handler(settings):
    assert "mask_personal_data" in settings.LOGGING["handlers"]["console"]["filters"]


def test_masked_record_reaches_caplog_with_the_filter(caplog):
    mask_filter = MaskPersonalDataFilter()
    caplog.handler.addFilter(mask_filter)
    try:
        with caplog.at_level(logging.INFO, logger="wenming.tests.caplog"):
            logging.getLogger("wenming.tests.caplog").info("volunteer %s", "11010519491231002X")
    finally:
        caplog.handler.removeFilter(mask_filter)
    assert caplog.text.count("110***********002X") == 1
    assert "11010519491231002X" not in caplog.text
