"""Schemathesis against /api/openapi.json of a running `verbatim serve`: no 5xx, every response matches the schema.

The server runs on a free loopback port over the tiny corpus; the number of generated cases per
operation is bounded so the suite stays quick.
"""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

HOST = "127.0.0.1"


@pytest.fixture(scope="module")
def server_url(tmp_path_factory, tiny_corpus_dir, tiny_metadata_dir, tiny_index):
    """`verbatim serve` over the tiny index on a free loopback port (stopped after the module)."""
    log = tmp_path_factory.mktemp("schemathesis") / "serve.log"
    command = [sys.executable, "-m", "webapp.cli", "serve", "--host", HOST, "--port", "0", "--no-build"]
    command += ["--corpus", str(tiny_corpus_dir), "--metadata", str(tiny_metadata_dir), "--index", str(tiny_index)]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline, port = time.monotonic() + 60, None
        while port is None and time.monotonic() < deadline and server.poll() is None:
            found = re.search(rb"serving on http://127\.0\.0\.1:(\d+)/", log.read_bytes())
            port = int(found.group(1)) if found else time.sleep(0.05)
        assert port, f"server did not start: {log.read_text(errors='replace')}"
        yield f"http://{HOST}:{port}"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
    assert "Traceback" not in log.read_text(errors="replace"), log.read_text(errors="replace")[-3000:]


@pytest.fixture
def api_schema(server_url):
    return schemathesis.openapi.from_url(f"{server_url}/api/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_5xx_and_matches_its_schema(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance], timeout=10)
