"""Questions a lower app asks and a higher app answers (issue 10: calls go one way).

Apps are layered (see `LAYERS`): an app imports only apps below it. When a lower app
must know something only a higher app holds (scoring asks panels whether a panel scores
this practical) it declares a `Hook` and the higher app answers it from its
`AppConfig.ready`. Notifications that any number of apps may react to are Django signals
instead (e.g. `certificates.signals.certificate_voided`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Lowest first. An app may import the apps to its left only; `demo` and the project's
# root modules (urls, api, settings) stand above all of them. tests/test_layers.py holds
# the code to this list.
LAYERS: tuple[str, ...] = (
    "core",
    "catalog",
    "institutions",
    "people",
    "plans",
    "arrangement",
    "itembank",
    "scoring",
    "exams",
    "panels",
    "certificates",
    "violations",
    "filings",
    "supervision",
    "records",
    "reports",
    "portal",
    "demo",
)


class Hook:
    """One answer from one higher app; `default` answers while none is registered."""

    def __init__(self, name: str, *, default: Callable[..., Any]):
        self.name = name
        self._default = default
        self._answer: Callable[..., Any] | None = None

    def answer(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Register the answering function (decorator); a second app may not take it over."""
        if self._answer is not None and self._answer is not fn:
            raise RuntimeError(f"hook {self.name} is already answered by {self._answer!r}")
        self._answer = fn
        return fn

    def __call__(self, **kwargs: Any) -> Any:
        return (self._answer or self._default)(**kwargs)
