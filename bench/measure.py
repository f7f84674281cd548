"""Measuring helpers: latency percentiles, a child process' peak RSS, RSS and PSS of a running process tree.

Peak RSS of a child is read from `os.wait4`, i.e. the kernel's ru_maxrss for that one child,
so each build is measured alone however many children the runner started before.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Latency:
    """Milliseconds over one pass of a query set."""

    count: int
    median: float
    p95: float
    p99: float
    mean: float
    max: float


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(share * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def latency(seconds: Iterable[float]) -> Latency:
    values = sorted(s * 1000 for s in seconds)
    return Latency(len(values), percentile(values, 0.5), percentile(values, 0.95), percentile(values, 0.99),
                   sum(values) / max(1, len(values)), values[-1] if values else float("nan"))


def timed(calls: Iterable[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """Wall seconds and this thread's CPU seconds of each call, in order.

    CPU time is what the call itself cost; on a machine shared with other work it stays honest
    when wall time is inflated by waiting for a core.
    """
    wall, cpu = [], []
    for call in calls:
        started, started_cpu = time.perf_counter(), time.thread_time()
        call()
        cpu.append(time.thread_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return wall, cpu


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    cpu_seconds: float  # user + system of the child and the workers it waited for
    peak_rss_mb: float  # the child's own ru_maxrss
    tree_peak_mb: float  # sampled peak of child + its worker processes together
    returncode: int
    stdout: str
    stderr: str


def run_child(argv: list[str], env: dict | None = None, cwd: str | None = None, timeout: float = 7200) -> ChildRun:
    """Run a command to completion: wall time, its own peak RSS (wait4) and its process tree's peak."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd, text=True)
        tree_peak = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            tree_peak = max(tree_peak, rss_mb(proc.pid)[0])  # the whole tree's current RSS
            if time.perf_counter() - started > timeout:
                proc.kill()
            time.sleep(0.25)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return ChildRun(seconds, cpu, usage.ru_maxrss / 1024, tree_peak, proc.returncode, out.read(), err.read())


def _descendants(root: int) -> list[int]:
    """The process and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return found


def rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) in MB of a running process and its descendants, summed (Linux /proc).

    A server that forks workers is counted whole; pages the workers share are counted once per
    process, so for several processes this is an upper bound."""
    totals = {"VmRSS": 0.0, "VmHWM": 0.0}
    for member in _descendants(pid):
        try:
            with open(f"/proc/{member}/status", encoding="ascii") as handle:
                for line in handle:
                    key, _, value = line.partition(":")
                    if key in totals:
                        totals[key] += int(value.split()[0]) / 1024
        except OSError:
            continue
    return totals["VmRSS"] or float("nan"), totals["VmHWM"] or float("nan")


@dataclass(frozen=True)
class TreeMemory:
    """A running process tree's memory in MB: RSS counts a page shared by several processes once per
    process (an upper bound for pre-forked workers); PSS splits each shared page between its sharers,
    so it sums to what the tree really holds."""

    rss_mb: float
    pss_mb: float
    peak_rss_mb: float  # the members' own peaks (VmHWM) summed: an upper bound of the tree's peak
    processes: int


def _pss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
        return next((int(line.split()[1]) for line in handle if line.startswith("Pss:")), 0)


def tree_memory(pid: int) -> TreeMemory:
    """RSS, PSS and summed peak RSS of a process and its descendants (Linux /proc)."""
    members = _descendants(pid)
    pss, alive = 0, 0
    for member in members:
        try:
            pss += _pss_kb(member)
            alive += 1
        except (OSError, ValueError):
            continue
    rss, peak = rss_mb(pid)
    return TreeMemory(rss, pss / 1024 if alive else float("nan"), peak, alive)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by a running process and its descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for member in _descendants(pid):
        try:
            with open(f"/proc/{member}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total
