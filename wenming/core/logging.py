"""A logging filter so that no ID number or mobile number reaches a log in full."""

import logging

from wenming.core.masking import mask_text


class MaskPersonalDataFilter(logging.Filter):
    """Masks the message and any traceback text (an exception's message may quote a field value)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg = masked
            record.args = None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set: render the traceback once, masked.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
