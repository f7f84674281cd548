"""The server processes that run the app, and the process-wide choices that belong to them.

One process: waitress (`make_server`), on every platform. Several (`verbatim serve --processes N`,
POSIX): gunicorn's arbiter with N pre-forked workers sharing one listening socket. The app is
built once in the arbiter (`preload_app`) and forked ready; each worker opens the index itself
(open files are never shared across a fork) and reopens it when a new generation is published.
A worker that dies is replaced; SIGHUP replaces every worker gracefully (each finishes its
requests first); SIGINT/SIGTERM stop them all; workers exit when the arbiter is gone.

A serving process's garbage-collector policy is in webapp/collector.py.
"""
from __future__ import annotations

import os
import socket
import sys
from collections.abc import Callable

THREADS = 8
MAX_HEADER_BYTES = 32 * 1024  # query strings included: bounded request size
MAX_BODY_BYTES = 64 * 1024  # read-only; only /check takes a body (5,000 characters, form-encoded)
GRACE_SECONDS = 10  # for workers to finish their requests when stopped or replaced
WORKER_TIMEOUT = 120  # seconds a worker may go silent (a long search on a loaded machine) before it is replaced
KEEPALIVE_SECONDS = 120  # an idle keep-alive connection is kept as long as waitress keeps one (channel_timeout)
BACKLOG = 1024


def make_server(app, host: str, port: int, threads: int = THREADS, sock=None):
    """A waitress server for the app (not yet running); `.effective_port` tells the bound port.

    sock: an already listening socket to serve on instead of binding host:port. The answers waitress
    gives itself (400 malformed request, 413 body too large, 431 headers too large) carry the app's
    security headers too.
    """
    from waitress import create_server
    from waitress.server import BaseWSGIServer

    where = {"sockets": [sock]} if sock is not None else {"host": host, "port": port}
    listeners: dict = {}
    server = create_server(
        app,
        map=listeners,
        threads=threads,
        max_request_header_size=MAX_HEADER_BYTES,
        max_request_body_size=MAX_BODY_BYTES,
        ident="verbatim",
        clear_untrusted_proxy_headers=False,  # the app strips X-Forwarded-* itself unless from --proxy (webapp/proxy.py)
        **where,
    )
    for listener in list(listeners.values()):
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = _headered_channel()
    return server


def _headered_channel():
    """waitress's connection class whose own error answers carry the security headers."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    from webapp.headers import SECURITY_HEADERS

    class HeaderedErrorTask(ErrorTask):
        def execute(self) -> None:
            self.response_headers.extend(SECURITY_HEADERS.items())
            super().execute()

    return type("HeaderedChannel", (HTTPChannel,), {"error_task_class": HeaderedErrorTask})


def processes_supported() -> bool:
    """gunicorn runs where fork does (not on Windows)."""
    if not hasattr(os, "fork"):
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def listen(host: str, port: int, backlog: int = BACKLOG) -> socket.socket:
    """A listening TCP socket on host:port (port 0: a free one), IPv6 or IPv4 as the host says."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    return sock


def serve_processes(app, sock: socket.socket, processes: int, threads: int, warm: Callable[[], None]) -> int:
    """Run gunicorn on an already listening socket (gunicorn owns and closes it) until it is
    stopped; returns the exit code.

    warm: run in each worker once it has forked (opens the index before the first request).
    """
    from gunicorn.app.base import BaseApplication

    def worker_ready(worker) -> None:
        warm()

    def worker_gone(server, worker) -> None:
        if server.LISTENERS:  # still serving (the arbiter closes them first when it stops)
            _log(f"serving process {worker.pid} exited; starting another")

    options = {
        "bind": [f"fd://{sock.detach()}"],
        "workers": processes,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        "graceful_timeout": GRACE_SECONDS,
        "timeout": WORKER_TIMEOUT,
        "keepalive": KEEPALIVE_SECONDS,
        "limit_request_line": 0,  # q is bounded by the app (MAX_Q), percent-encoded it may pass 4 KB
        "limit_request_field_size": MAX_HEADER_BYTES,
        "forwarded_allow_ips": "",  # the app decides about X-Forwarded-* (webapp/proxy.py), as with waitress
        "secure_scheme_headers": {},
        "control_socket_disable": True,
        "proc_name": "verbatim",
        "loglevel": "warning",
        "errorlog": "-",
        "accesslog": None,
        "post_worker_init": worker_ready,
        "child_exit": worker_gone,
    }

    class Arbiter(BaseApplication):
        def load_config(self) -> None:
            known = self.cfg.settings
            for key, value in options.items():
                if key in known:  # settings an older gunicorn lacks are left out
                    self.cfg.set(key, value)

        def load(self):
            return app

    try:
        Arbiter().run()
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def _log(message: str) -> None:
    print(f"verbatim: {message}", file=sys.stderr, flush=True)

