from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "账户与角色"

    def ready(self):
        from . import middleware  # noqa: F401  (its user_logged_in receiver)
