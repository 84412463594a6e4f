"""Page-matrix rows of the certificates pages (merged by tests/pages/test_page_matrix.py).

The certificate of the pages is the own village's (an activity of the own team, for the own volunteer).
The request and revoke rows POST no data: a refusal, never a write (their effects are tested in
tests/certificates/test_certificate_pages.py).
"""

from typing import Any

from tests.certificates.builders import certificates_in_every_scope

ANONYMOUS = "anonymous"


def _own_certificate(api_county: Any) -> dict[str, Any]:
    return {"certificate_id": certificates_in_every_scope(api_county)["own"].pk}


def _own_token(api_county: Any) -> dict[str, Any]:
    return {"token": certificates_in_every_scope(api_county)["own"].verification_token}


PAGES: dict[str, Any] = {
    # public: anyone holding the certificate checks it
    "certificates:verify": ("get", {"*": 200}, _own_token),
    "certificates:mine": ("get", {ANONYMOUS: 302, "*": 200}),
    # an empty request goes back to "my certificates" with the reason
    "certificates:request": ("post", {ANONYMOUS: 302, "*": 302}),
    "certificates:issue": (
        "get",
        {ANONYMOUS: 302, "county_admin": 200, "township_admin": 200, "station_admin": 200, "*": 403},
    ),
    # who sees the certificate downloads it; to everyone else it does not exist
    "certificates:pdf": (
        "get",
        {
            ANONYMOUS: 302,
            "county_admin": 200,
            "township_admin": 200,
            "station_admin": 200,
            "team_leader": 200,
            "volunteer": 200,
            "*": 404,
        },
        _own_certificate,
    ),
    # admins of the issuer's region get the form back with the missing reason; others who see it 403
    "certificates:revoke": (
        "post",
        {
            ANONYMOUS: 302,
            "county_admin": 302,
            "township_admin": 302,
            "station_admin": 302,
            "team_leader": 403,
            "volunteer": 403,
            "*": 404,
        },
        _own_certificate,
    ),
}
