import re

from wenming.config.api import api


def test_openapi_schema_is_served_and_lists_every_endpoint(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["version"] == "1"
    # The permission matrix (test_permission_matrix.py) holds every operation; these are the network's.
    assert set(schema["paths"]) >= {
        "/api/v1/regions",
        "/api/v1/regions/{code}",
        "/api/v1/sites",
        "/api/v1/sites/{site_id}",
        "/api/v1/teams",
        "/api/v1/teams/{team_id}",
        "/api/v1/volunteers",
        "/api/v1/volunteers/{volunteer_id}",
        "/api/v1/volunteers/{volunteer_id}/id-number",
        "/api/v1/figures",
        "/api/v1/activities",
        "/api/v1/attendances/check-in",
        "/api/v1/hours/pending",
        "/api/v1/certificates",
        "/api/v1/notifications",
    }
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    volunteer = schema["components"]["schemas"]["VolunteerOut"]["properties"]
    assert "id_number_masked" in volunteer
    assert not {"id_number_encrypted", "id_number_hash", "phone"} & set(volunteer)


def test_every_operation_requires_the_session(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["security"] == [{"SessionAuth": []}], (method, path)


def test_session_auth_checks_csrf_on_unsafe_methods():
    assert api.auth is not None
    assert all(getattr(auth, "csrf", False) for auth in api.auth)  # type: ignore[union-attr]


def test_docs_page_loads_its_scripts_from_local_static_files_under_the_csp(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "/static/ninja/swagger-ui-init.js" in sources
    assert all(source.startswith("/") for source in sources), sources
    assert "cdn" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\b(?:src|type=\"application/json\"))[^>]*>", html)


def test_docs_static_files_are_served(client, db):
    for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        response = client.get(f"/static/ninja/{name}")
        assert response.status_code == 200, name
