from django.core.management.base import BaseCommand


class WorkCommand(BaseCommand):
    """A command that does a piece of the portal's work (a workbook, a report, a PDF, a load).

    Django's system checks do not run first: they import every URL and with it every view, and
    doubled the start of a command that reads one file (issue #20, bench/command_start.py). They
    are `manage.py check`'s work, which runserver and migrate run, as do the deployment checks
    (scripts/security-checks.sh) and the tests (tests/test_settings.py, tests/portal/test_deploy.py).
    """

    requires_system_checks = []
