"""The demo's one PDF builder (portal.demo.demo_pdf), used by the disclosure and review demos."""

import io

from pypdf import PdfReader

from portal.demo import demo_pdf


def test_demo_pdf_is_a_readable_one_page_pdf_with_its_text():
    reader = PdfReader(io.BytesIO(demo_pdf("Demo attachment of the disclosure portal")))
    assert len(reader.pages) == 1
    assert "Demo attachment of the disclosure portal" in reader.pages[0].extract_text()


def test_distinct_by_makes_files_differ_and_keeps_them_readable():
    a, b = (
        demo_pdf("Demo attachment", distinct_by="关于甲的通知"),
        demo_pdf("Demo attachment", distinct_by="关于乙的通知"),
    )
    assert a != b
    for data in (a, b):
        assert "Demo attachment" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
