"""Settings for the test suite: the real settings, with a fast password hasher."""

from . import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
# Background jobs run in the caller's transaction, which the tests roll back (a test that wants
# the thread sets it on, and waits with portal.background.background_wait).
EAGER_TASKS_IN_THREAD = False

# The suite runs on one database, whatever DATABASE_REPLICA_URL says: tests/portal/test_replica.py
# starts processes of its own with a primary and a replica.
DATABASES.pop("replica", None)  # noqa: F405
