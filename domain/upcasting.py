"""Upcasters: small functions that read an event stored as version *n* as version *n + 1*.

An upcaster takes the stored payload as decoded JSON (a dict of plain JSON values, before any typed
decoding) and returns it in the shape of the next version; it may change the dict it is given. The
registry (`domain.event_names`) declares one upcaster per step beside the event's entry and chains
them once; the mapper applies the chain on read. Nothing is upcast on write and stored bytes are never
rewritten: the leaf hash covers what was stored (docs/verifying.md §2).

Values here are JSON as stored, not domain values: a date is ``"2026-03-02"``, a UUID its text, an
enum its value, a tuple a list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

State = dict[str, Any]
Upcaster = Callable[[State], State]


def field_added(name: str, default: Any) -> Upcaster:
    """The next version has a field ``name`` that this one lacks: give it ``default`` (a JSON value,
    the same as the field's default in the event's dataclass)."""

    def upcast(state: State) -> State:
        if name in state:
            msg = f"cannot add {name!r}: the stored event already has it"
            raise ValueError(msg)
        state[name] = default
        return state

    upcast.__qualname__ = f"field_added({name!r})"
    return upcast


def field_renamed(old: str, new: str) -> Upcaster:
    """The field ``old`` is called ``new`` in the next version; its value is unchanged."""

    def upcast(state: State) -> State:
        if old not in state or new in state:
            msg = f"cannot rename {old!r} to {new!r}: the stored event has {sorted(state)}"
            raise ValueError(msg)
        state[new] = state.pop(old)
        return state

    upcast.__qualname__ = f"field_renamed({old!r}, {new!r})"
    return upcast


def value_recoded(name: str, codes: Mapping[Any, Any]) -> Upcaster:
    """The field ``name`` holds the same facts under new codes: each stored value listed in
    ``codes`` becomes its new code. A value not listed is refused (a code the table forgot would
    otherwise be read as a valid new one)."""
    table = dict(codes)

    def upcast(state: State) -> State:
        if name not in state:  # nothing to recode; the decoder says the field is missing
            return state
        value = state[name]
        try:
            state[name] = table[value]
        except (KeyError, TypeError):
            # The value itself stays out of the message: errors reach logs.
            msg = f"cannot recode {name!r}: the stored value is not in the table of new codes"
            raise ValueError(msg) from None
        return state

    upcast.__qualname__ = f"value_recoded({name!r})"
    return upcast


def chained(steps: tuple[Upcaster, ...]) -> Upcaster | None:
    """One function applying ``steps`` in order (``None`` when there is nothing to do)."""
    if not steps:
        return None
    if len(steps) == 1:
        return steps[0]

    def upcast(state: State) -> State:
        for step in steps:
            state = step(state)
        return state

    return upcast
