"""A logging filter so that no ID number or mobile number reaches a log in full."""

import logging

from wenming.core.masking import mask_text


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
