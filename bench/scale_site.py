"""Settings for bench/scale.py: the portal's own, with the URLs of bench/scale_urls.py (the
portal's, plus one trivial view). Used as DJANGO_SETTINGS_MODULE=bench.scale_site, in process
and for gunicorn."""

from portal.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.scale_urls"
