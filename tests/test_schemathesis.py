"""Schemathesis against /api/openapi.json of a running `verbatim serve`: no 5xx, every response matches the schema.

The server runs on a free loopback port over the tiny corpus; the number of generated cases per
operation is bounded so the suite stays quick.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from serving import folder_args, serving


@pytest.fixture(scope="module")
def server_url(tmp_path_factory, tiny_corpus_dir, tiny_metadata_dir, tiny_index):
    """`verbatim serve` over the tiny index on a free loopback port (stopped after the module)."""
    log = tmp_path_factory.mktemp("schemathesis") / "serve.log"
    with serving(["--no-build", *folder_args(tiny_corpus_dir, tiny_metadata_dir, tiny_index)], log) as server:
        yield server.url
    assert "Traceback" not in server.output(), server.output()[-3000:]


@pytest.fixture
def api_schema(server_url):
    return schemathesis.openapi.from_url(f"{server_url}/api/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_5xx_and_matches_its_schema(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance], timeout=10)
