"""The machine, versions and commit a run measured: recorded in each results.json, shown with its tables."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=Path(__file__).parent, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def environment() -> dict:
    """The machine and versions the figures were measured with."""
    import platform
    import sqlite3
    from importlib import metadata

    cpu = next((line.split(":", 1)[1].strip() for line in _lines("/proc/cpuinfo") if line.startswith("model name")), "?")
    ram = next((int(line.split()[1]) for line in _lines("/proc/meminfo") if line.startswith("MemTotal")), 0)
    versions = {}
    for package in ("whoosh3", "tantivy", "flask", "waitress"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    commit = _git("rev-parse", "--short", "HEAD")
    if commit and _git("status", "--porcelain", "--untracked-files=no"):
        commit += "+uncommitted"  # the figures are of code not in that commit
    return {"cores": os.cpu_count(), "cpu": cpu, "ram_gb": round(ram / 2**20, 1),
            "python": platform.python_version(), "os": platform.platform(), "sqlite": sqlite3.sqlite_version,
            "commit": os.environ.get("BENCH_COMMIT") or commit or "?", **versions}  # BENCH_COMMIT: code measured from a snapshot
