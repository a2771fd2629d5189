"""A ``socai serve`` process that dies (SIGKILL) at a chosen point of a command's append.

``python -m tests.support.crashing_server WHEN PORT`` serves the app from the ``SOCAI_*``
environment, like ``socai serve`` but without the background worker (so that the only events are the
requests'). WHEN is ``before-commit`` (the events and the key's receipt are written, the transaction
is not committed), ``after-commit`` (committed, the answer not sent) or ``never``. Only an append
that claims an Idempotency-Key starting with ``crash-`` is killed. The fault lives here, in the
tests: production code has no hook for it.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from typing import Any

import uvicorn

from api.app import create_app
from infra.db import Cursor
from infra.settings import Settings
from infra.store.log import Appended, OfficeLog
from infra.store.receipts import Claim
from infra.store.recorders import _OfficeRecorder

MARK = "crash-"


def _doomed(claim: Any) -> bool:
    return isinstance(claim, Claim) and claim.scope.key.startswith(MARK)


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def patch(when: str) -> None:
    if when == "before-commit":
        append = OfficeLog.append

        def append_then_die(self: OfficeLog, cur: Cursor, events: Sequence[Any], *,
                            claim: Claim | None = None, **kw: Any) -> Appended:
            appended = append(self, cur, events, claim=claim, **kw)
            if _doomed(claim):
                _die()
            return appended

        OfficeLog.append = append_then_die  # type: ignore[method-assign]
    elif when == "after-commit":
        insert = _OfficeRecorder.insert_events

        def insert_then_die(self: _OfficeRecorder, stored: Sequence[Any], **kw: Any) -> Any:
            positions = insert(self, stored, **kw)
            if _doomed(kw.get("idempotency")):
                _die()
            return positions

        _OfficeRecorder.insert_events = insert_then_die  # type: ignore[method-assign]
    elif when != "never":
        msg = f"WHEN must be before-commit, after-commit or never, not {when!r}"
        raise SystemExit(msg)


def main(argv: list[str]) -> None:
    when, port = argv[0], int(argv[1])
    patch(when)
    uvicorn.run(create_app(Settings(), background=False), host="127.0.0.1", port=port,
                log_config=None, access_log=False)


if __name__ == "__main__":
    main(sys.argv[1:])
