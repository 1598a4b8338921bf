from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "审核"

    def ready(self):
        from . import receivers  # models are loaded only now

        receivers.connect()
