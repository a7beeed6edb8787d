"""Admin of the records app: each part registers its models in its own module."""

from .complaints import admin as _complaints  # noqa: F401
from .incidents import admin as _incidents  # noqa: F401
from .supervision_report import admin as _supervision_report  # noqa: F401
from .video import admin as _video  # noqa: F401
