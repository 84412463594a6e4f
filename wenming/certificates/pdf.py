"""The printable certificate: an A4 page rendered by WeasyPrint, with a QR code of the verification page.

WeasyPrint is imported on first use: loading it takes about half a second, which no other page should pay.
"""

from functools import cache
from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from wenming.certificates.models import Certificate

TEMPLATE = "certificates/certificate_pdf.html"


@cache
def _font_config() -> Any:
    """Fontconfig is scanned once per process, not once per certificate."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _url_fetcher() -> Any:
    """The certificate embeds everything it shows: the renderer fetches no file and no network address."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def qr_code_data_uri(url: str) -> str:
    """The verification address as an SVG QR code in a data: URI (allowed by the page's CSP too)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def certificate_html(*, certificate: Certificate, verify_url: str) -> str:
    """The certificate as HTML, always in Chinese: it is an official record (民发〔2015〕149号)."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            TEMPLATE,
            {"certificate": certificate, "verify_url": verify_url, "qr_code": qr_code_data_uri(verify_url)},
        )


def certificate_document(*, certificate: Certificate, verify_url: str) -> Any:
    """The laid-out WeasyPrint document (its pages and boxes are what tests read)."""
    from weasyprint import HTML

    html = HTML(string=certificate_html(certificate=certificate, verify_url=verify_url), url_fetcher=_url_fetcher())
    return html.render(font_config=_font_config())


def certificate_pdf(*, certificate: Certificate, verify_url: str) -> bytes:
    """The certificate as PDF bytes (A4, CJK fonts embedded, "已撤销" across the page when revoked)."""
    return certificate_document(certificate=certificate, verify_url=verify_url).write_pdf()
