"""Names of the PostgreSQL notification channels and advisory-lock keys, one set per office.

Every office is a schema of its own (``?schema=``) and may share its server with other offices, so
a channel or a lock named only for what it is about (``log``) would wake or block every office on
the server. Each name here carries the office's schema.

Kinds of notification (the payload is a decimal number, for information only: a listener always
re-reads the store):

- ``log``: the append committed events (payload: the last position);
- ``projections``: a projection batch committed (payload: the position reached);
- ``sign``: a reader wants a checkpoint covering a tree size (payload: the size);
- ``leases``: a worker released its leases (a standby takes them at once).
"""

from __future__ import annotations

import hashlib
from typing import Final

MAX_CHANNEL_BYTES: Final = 63  # PostgreSQL identifiers (NAMEDATALEN - 1)


def channel(namespace: str, kind: str) -> str:
    """The channel of ``kind`` for the office whose schema is ``namespace``."""
    name = f"socai_{kind}:{namespace}"
    if len(name.encode("utf-8")) <= MAX_CHANNEL_BYTES:
        return name
    digest = hashlib.sha256(namespace.encode("utf-8")).hexdigest()[:20]
    return f"socai_{kind}:#{digest}"
