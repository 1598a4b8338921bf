"""Hide the password of any URL (`scheme://user:password@host`) in text that leaves the process.

Connection strings (DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, CACHE_URL) carry their password
in the URL. Django's error reports hide settings by name only (KEY, PASS, SECRET, ...), so a
REDIS_URL or an environment variable in request.META, or an exception message naming the URL,
would show it; `RedactCredentials` does the same for log records.
"""

import logging
import re

MASK = "********"

# The user part may be empty (redis://:password@host); a password cannot hold "/", "@" or
# white space unencoded, so a match stops there.
_URL_CREDENTIALS = re.compile(r"(?P<prefix>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@'\"<>]*):(?P<password>[^\s/@]+)@")


def mask_url_credentials(text):
    """The text with the password of every URL in it replaced by asterisks."""
    return _URL_CREDENTIALS.sub(lambda match: f"{match['prefix']}:{MASK}@", text)


def has_url_credentials(text):
    return bool(_URL_CREDENTIALS.search(text))


class RedactCredentials(logging.Filter):
    """A logging filter: the record's message and traceback with URL passwords masked."""

    def filter(self, record):
        message = record.getMessage()
        if has_url_credentials(message):
            record.msg, record.args = mask_url_credentials(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_url_credentials(record.exc_text)
        return True
