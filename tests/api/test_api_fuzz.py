"""Property-based requests from the OpenAPI schema (schemathesis): valid and invalid input alike
never cause a server error, and every refusal carries the error body {"code", "message", "field"}."""

import os
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.api.conftest import client_as
from wenming.config.api import api
from wenming.regions.roles import Role

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
# CI replays the same derandomized examples; a deeper local search is random: WENMING_FUZZ_EXAMPLES=300.
EXAMPLES = int(os.environ.get("WENMING_FUZZ_EXAMPLES", "25"))
DERANDOMIZE = "WENMING_FUZZ_EXAMPLES" not in os.environ
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: f"{operation.method} {operation.path}")
def test_generated_requests_never_fail_on_the_server(api_county, operation, mode):
    browser = client_as(api_county.users[Role.TOWNSHIP_ADMIN])

    @settings(
        max_examples=int(os.environ.get("WENMING_FUZZ_EXAMPLES", "25")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def request(case):  # type: ignore[no-untyped-def]
        query = urlencode(case.query or {}, doseq=True)
        response = browser.generic(case.method.upper(), case.formatted_path, QUERY_STRING=query)
        assert response.status_code < 500, (case.formatted_path, case.query, response.content)
        if response.status_code >= 400:  # a 200 may be a spreadsheet (the exports)
            body = response.json()
            assert set(body) >= {"code", "message", "field"}, body
            assert body["message"]

    request()
