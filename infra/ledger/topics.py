"""What a stored topic names, for verifiers: standard library only, like `infra.ledger.verifier`.

A topic is ``<name>@<version>`` (``directive.issued@1``) for events stored since events have stable
names, and the event class's Python path (``domain.directives.model:Directive.Issued``) for events
stored before; those old topics stay valid forever (docs/verifying.md §1). The name of an old topic's
event is its class path in snake_case (``directive.issued``), which is the name the office's table
(`domain.event_names`) gives it: a test holds the two together. A verifier that cannot read our code
needs only this page of rules and the list of checkpoint topics below.
"""

from __future__ import annotations

import re
from typing import Final

#: The topics a checkpoint record (docs/verifying.md §5) may carry: its name and its old path.
CHECKPOINT_TOPICS: Final = frozenset({
    "ledger.checkpoint_signed@1",
    "domain.ledger.model:Ledger.CheckpointSigned",
})

_CAMEL_HUMP = re.compile(r"(?<!^)(?=[A-Z])")


def is_module_path(topic: str) -> bool:
    """Whether the topic is a class path stored before events had names (``module:Class.Event``)."""
    return ":" in topic


def event_type(topic: str) -> str:
    """The stable name of the event a topic names: ``directive.issued`` for ``directive.issued@1``
    and for ``domain.directives.model:Directive.Issued``."""
    if is_module_path(topic):
        path = topic.rpartition(":")[2]
        return ".".join(_CAMEL_HUMP.sub("_", part).lower() for part in path.split("."))
    return topic.rpartition("@")[0] or topic


def history_types(topic: str) -> frozenset[str]:
    """The ``type`` a case file's history line may give an event of this topic (§7.1): its name,
    or, for an old topic, also its class path (``Directive.Issued``), which case files issued
    before events had names carry."""
    if is_module_path(topic):
        return frozenset({event_type(topic), topic.rpartition(":")[2]})
    return frozenset({event_type(topic)})
