"""Error reports (the DEBUG page, the e-mail to ADMINS) that never show a URL's password.

Settings: DEFAULT_EXCEPTION_REPORTER_FILTER and DEFAULT_EXCEPTION_REPORTER (portal/settings/security.py).
"""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from portal.redact import has_url_credentials, mask_url_credentials


class CredentialsFilter(SafeExceptionReporterFilter):
    """Django's filter (settings hidden by name), and any string holding a URL with a password
    masked: settings such as REDIS_URL, CELERY_BROKER_URL or CACHES' LOCATION, request.META
    (the development server copies the whole environment, DATABASE_URL included, into it) and
    the local variables of each frame."""

    def cleanse_setting(self, key, value):
        cleansed = super().cleanse_setting(key, value)
        if isinstance(cleansed, str) and has_url_credentials(cleansed):
            return mask_url_credentials(cleansed)
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, self.cleanse_setting("", value) if isinstance(value, (str, dict, list, tuple)) else value)
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]


class CredentialsReporter(ExceptionReporter):
    """The rendered report, HTML or text, with URL passwords masked wherever they remain (an
    exception message, an object's repr)."""

    def get_traceback_html(self):
        return mask_url_credentials(str(super().get_traceback_html()))

    def get_traceback_text(self):
        return mask_url_credentials(str(super().get_traceback_text()))
