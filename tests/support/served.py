"""A real uvicorn server over an office, in a thread, configured as `socai serve` is."""

from __future__ import annotations

import threading
import time

import uvicorn

from api.app import create_app
from api.bootstrap import Office
from api.edges import server_options
from tests.support.postgres import _free_port


class Served:
    """``with Served(office) as port:`` a server on 127.0.0.1:port until the block ends."""

    def __init__(self, office: Office) -> None:
        self.port = _free_port()
        config = uvicorn.Config(create_app(office=office, background=False), host="127.0.0.1",
                                port=self.port, log_config=None, access_log=False,
                                lifespan="on", **server_options(office.settings))
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> int:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        return self.port

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
