"""Django's admin, its ModelAdmins discovered when the admin's URLs or its checks need them.

Django's default AdminConfig imports every app's admin module at django.setup(): the
directory import (and with it openpyxl), the new-year pages (and with them the checks and
the workflow), for every management command, before it even parses its arguments. This
config does not (Django's SimpleAdminConfig); portal/urls.py discovers them, as does the
admin's system check before it checks them (bench/command_start.py measures the start).
"""

from django.contrib.admin import autodiscover
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks


def admin_app_check(app_configs, **kwargs):
    """Django's check of the registered ModelAdmins, once they are all registered."""
    autodiscover()
    return check_admin_app(app_configs, **kwargs)


class AdminConfig(SimpleAdminConfig):
    def ready(self):
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(admin_app_check, checks.Tags.admin)
