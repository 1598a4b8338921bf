from .base import *  # noqa: F401,F403
from .celery import *  # noqa: F401,F403
from .security import *  # noqa: F401,F403
from .signin import *  # noqa: F401,F403
from .audit import *  # noqa: F401,F403
