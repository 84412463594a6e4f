"""The printable certificate: a PDF with every field of 民发〔2015〕149号, CJK fonts, a QR code, never the full ID."""

import re
import zlib

import pytest
from weasyprint.formatting_structure import boxes

from tests.certificates.builders import certificate_for_activity
from tests.factories import id_number_for
from wenming.certificates.pdf import certificate_document, certificate_html, certificate_pdf
from wenming.certificates.services import certificate_revoke
from wenming.regions.roles import Role

VERIFY_URL = "https://wenming.example.cn/certificates/verify/token/"


def page_text(document) -> str:  # type: ignore[no-untyped-def]
    """Every laid-out line of text of every page, joined: what the PDF shows."""

    def walk(box):  # type: ignore[no-untyped-def]
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    return "".join(
        box.text for page in document.pages for box in walk(page._page_box) if isinstance(box, boxes.TextBox)
    )


def pdf_streams(pdf: bytes) -> bytes:
    """The PDF's streams inflated (WeasyPrint compresses objects, fonts and page contents)."""
    inflated = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.DOTALL):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            inflated.append(stream)
    return b"\n".join(inflated)


@pytest.fixture
def certificate(county):
    return certificate_for_activity(county)


def test_pdf_is_a_pdf_with_the_cjk_font_embedded(certificate):
    pdf = certificate_pdf(certificate=certificate, verify_url=VERIFY_URL)
    assert pdf.startswith(b"%PDF-")
    assert b"NotoSerifCJK" in pdf_streams(pdf) or b"NotoSansCJK" in pdf_streams(pdf)


def test_pdf_shows_every_field_of_the_certificate_on_one_a4_page(certificate):
    document = certificate_document(certificate=certificate, verify_url=VERIFY_URL)
    assert len(document.pages) == 1
    assert (round(document.pages[0].width), round(document.pages[0].height)) == (794, 1123)  # A4 in CSS px
    text = page_text(document)
    for expected in (
        "志愿服务记录证明",
        "张东兴",
        "居民身份证",
        certificate.id_number_masked,
        certificate.volunteer_number,
        "2.50",
        "张东兴参加的活动",
        "东兴村新时代文明实践站",
        "负责人",
        "刘站长",
        "经办人",
        "中心管理员",
        "联系电话",
        certificate.serial_number,
        "出具日期",
        "备注",
        "扫码核验真伪",
    ):
        assert expected in text, expected
    assert "已撤销" not in text


def test_pdf_never_holds_the_full_id_number(certificate):
    full = id_number_for("19800101", 1)
    pdf = certificate_pdf(certificate=certificate, verify_url=VERIFY_URL)
    assert full.encode() not in pdf
    assert full.encode() not in pdf_streams(pdf)
    assert full not in certificate_html(certificate=certificate, verify_url=VERIFY_URL)
    assert full not in page_text(certificate_document(certificate=certificate, verify_url=VERIFY_URL))


def test_html_embeds_the_qr_code_of_the_verification_address(certificate):
    html = certificate_html(certificate=certificate, verify_url=VERIFY_URL)
    assert 'src="data:image/svg+xml' in html
    assert VERIFY_URL in html


def test_revoked_certificate_carries_the_watermark(county, certificate):
    certificate_revoke(certificate_id=certificate.pk, reason="重复开具", acting_user=county.users[Role.COUNTY_ADMIN])
    certificate.refresh_from_db()
    text = page_text(certificate_document(certificate=certificate, verify_url=VERIFY_URL))
    assert "已撤销" in text
    assert "重复开具" in text
