import logging


class OneLineClientErrors(logging.Filter):
    """A 403 or 404 is a visitor's wrong turn, not a bug: log its one line, not a traceback."""

    def filter(self, record):
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
