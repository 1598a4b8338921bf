from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "portal.audit"
    label = "audit"
    verbose_name = "审计记录"

    def ready(self):
        from django.contrib import admin

        from . import receivers  # noqa: F401  (connects the sign-in and admin receivers)
        from .admin_actions import delete_selected

        admin.site.add_action(delete_selected, "delete_selected")
