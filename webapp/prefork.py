"""Several serving processes behind one listening socket (POSIX): bind once, fork N children.

Python runs one thread at a time per process, so one process uses one core however many threads
it has. Here the parent binds the socket, forks `processes` children that each run their own
server on it (the kernel hands every new connection to one of them), and then only supervises:

- SIGINT/SIGTERM (Ctrl+C, `kill`) stop every child (SIGTERM, then SIGKILL after a grace period)
  and the parent exits 0;
- a child that dies is replaced, unless children keep dying right after starting (then the
  parent stops and exits 1 rather than loop);
- children die with the parent: on Linux the kernel sends them SIGTERM when it goes
  (PR_SET_PDEATHSIG), elsewhere a watchdog thread notices the parent is gone.

Each child keeps its own caches and reopens the index on its own when a new generation is
published, exactly as a single process does.
"""
from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable

GRACE_SECONDS = 10.0  # for children to finish their requests after SIGTERM
QUICK_DEATH = 2.0  # a child that exits this soon after starting counts toward giving up
QUICK_DEATHS = 5  # in a row
BACKLOG = 1024
_STOP = (signal.SIGINT, signal.SIGTERM)
_WATCHED = (*_STOP, signal.SIGCHLD)
PR_SET_PDEATHSIG = 1


def supported() -> bool:
    """Forking, signal waiting and masks are POSIX only."""
    return hasattr(os, "fork") and hasattr(signal, "sigtimedwait")


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


def _log(message: str) -> None:
    print(f"verbatim: {message}", file=sys.stderr, flush=True)


def _die_with(parent: int) -> None:
    """Make this child end when `parent` does (SIGTERM), whichever way the parent ends."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0:
            if os.getppid() != parent:  # the parent went before the request took effect
                os.kill(os.getpid(), signal.SIGTERM)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _exit_on_term(signum, frame) -> None:
    raise SystemExit(0)  # servers stop on SystemExit/KeyboardInterrupt like on Ctrl+C


def _child(parent: int, serve: Callable[[], None]) -> None:
    """Run in a forked child: never returns."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _exit_on_term)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _WATCHED)
        _die_with(parent)
        serve()
    except (KeyboardInterrupt, SystemExit):
        pass
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)  # never run the parent's cleanup (atexit, finally blocks) in a child


class Supervisor:
    """Forks and keeps `processes` children running `serve()`; `run()` returns the exit code."""

    def __init__(self, processes: int, serve: Callable[[], None], grace: float = GRACE_SECONDS) -> None:
        self.processes = processes
        self.serve = serve
        self.grace = grace
        self.children: dict[int, float] = {}  # pid → when it started
        self.quick_deaths = 0

    def _spawn(self) -> None:
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            _child(parent, self.serve)
        self.children[pid] = time.monotonic()

    def _reap(self) -> list[tuple[int, int, float]]:
        """(pid, wait status, seconds it lived) of every child that has exited."""
        gone = []
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            started = self.children.pop(pid, None)
            if started is not None:
                gone.append((pid, status, time.monotonic() - started))
        return gone

    def run(self) -> int:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, _WATCHED)  # delivered to sigtimedwait below
        try:
            for _ in range(self.processes):
                self._spawn()
            while True:
                info = signal.sigtimedwait(_WATCHED, 1.0)
                if info is not None and info.si_signo in _STOP:
                    return 0
                for pid, status, lived in self._reap():
                    self.quick_deaths = self.quick_deaths + 1 if lived < QUICK_DEATH else 0
                    if self.quick_deaths >= QUICK_DEATHS:
                        _log(f"serving processes keep exiting right after they start (last: {_describe(status)}); stopping")
                        return 1
                    _log(f"serving process {pid} exited ({_describe(status)}); starting another")
                    self._spawn()
        finally:
            self._stop()
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def _stop(self) -> None:
        """SIGTERM every child, wait for them up to the grace period, SIGKILL any left."""
        for pid in self.children:
            _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while self.children and time.monotonic() < deadline:
            self._reap()
            if self.children:
                signal.sigtimedwait((signal.SIGCHLD,), 0.1)
        for pid in self.children:
            _signal(pid, signal.SIGKILL)
        while self.children:
            try:
                pid, _ = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            self.children.pop(pid, None)


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"code {os.waitstatus_to_exitcode(status)}"
