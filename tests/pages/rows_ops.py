"""Page-matrix rows of the ops pages (merged by tests/pages/test_page_matrix.py)."""

from typing import Any

PAGES: dict[str, Any] = {
    "healthz": ("get", {"*": 200}),  # the load balancer's health check answers everyone
}
