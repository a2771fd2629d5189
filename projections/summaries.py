"""A readable Vietnamese sentence for each kind of event (timelines, histories, case files).

Each context registers its own summaries with :func:`summary`; an event without one is shown by its
type name. Summaries never include personal data: they are built from codes, numbers and dates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

E = TypeVar("E")
_SUMMARIES: dict[type, Callable[[Any], str]] = {}


def summary(event_type: type[E]) -> Callable[[Callable[[E], str]], Callable[[E], str]]:
    def register(fn: Callable[[E], str]) -> Callable[[E], str]:
        _SUMMARIES[event_type] = fn
        return fn

    return register


def summarize(event: Any) -> str:
    fn = _SUMMARIES.get(type(event))
    if fn is None:
        return type(event).__qualname__
    return fn(event)


def record_kind(event: Any) -> str:
    """The kind of record an event belongs to: the class that nests the event class."""
    return type(event).__qualname__.split(".")[0]
