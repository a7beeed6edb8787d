"""The registry of archive sources (REC-03): what skillcert holds for a sitting's archive.

Each source names its items for a sitting (`collect(sitting)` -> `Entry`s); an entry says
its retention class (REC-01), whether it is kept on paper (then it is located by box and
shelf) and, when the package should carry a file of it, how to render that file. Other
parts of records add theirs (room records, supervision report, video index) with
`@archive_source("key", "名称")` at import time of a module loaded from the app's ready."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from skillcert.plans.models import Sitting

Content = Callable[[], tuple[str, bytes]]


@dataclass(frozen=True)
class Entry:
    ref: str
    title: str
    retention_class: str
    dated_on: date
    paper: bool = False
    content: Content | None = None  # (file name inside the package, its bytes)


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    collect: Callable[[Sitting], Iterable[Entry]]


SOURCES: dict[str, Source] = {}


def archive_source(key: str, title: str):
    """Register `collect(sitting) -> Iterable[Entry]` as the archive source `key`."""

    def register(collect: Callable[[Sitting], Iterable[Entry]]):
        if key in SOURCES and SOURCES[key].collect is not collect:
            raise RuntimeError(f"archive source {key} is registered twice")
        SOURCES[key] = Source(key, title, collect)
        return collect

    return register


def source_title(key: str) -> str:
    source = SOURCES.get(key)
    return source.title if source else key


def sitting_day(sitting: Sitting) -> date:
    """The last day of the sitting: retention counts from it."""
    days = [d for d in (sitting.theory_on, sitting.practical_on) if d]
    return max(days) if days else sitting.created_at.date()
