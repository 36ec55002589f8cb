"""Public content of issue 8: division heads (Art. 20(二)), the application form as a
download with the Art. 31 receipt rules, and 规章 only for a body that may make rules."""

import io
import zipfile

import pytest

from disclosure.choices import DocType
from portal.models import SiteProfile
from tests.portal.factories import DepartmentFactory, SiteProfileFactory

pytestmark = pytest.mark.django_db


def test_departments_page_names_each_division_head(client):
    DepartmentFactory(name="刑罚执行处", head_name="钱正行")
    DepartmentFactory(name="狱政管理处", head_name="")
    body = client.get("/departments/").content.decode()
    assert "负责人：钱正行" in body and body.count("负责人：") == 1


def test_guide_offers_the_form_and_states_the_receipt_rules(client):
    SiteProfileFactory(reconsideration_body="示例省人民政府")
    body = client.get("/guide/").content.decode()
    assert "行政复议机关：示例省人民政府" in body and "应当先申请行政复议" in body
    assert "/guide/application-form.pdf" in body and "/guide/application-form.docx" in body
    assert "第三十一条" in body and "以本机关签收之日为收到申请之日" in body and "以双方确认之日为收到申请之日" in body


def test_application_form_pdf(client):
    SiteProfileFactory()
    r = client.get("/guide/application-form.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF-")
    assert "attachment" in r["Content-Disposition"]


def test_application_form_docx_is_a_word_document_with_the_art_29_fields(client):
    SiteProfileFactory(office_name="示例省监狱管理局办公室")
    r = client.get("/guide/application-form.docx")
    assert r.status_code == 200 and "wordprocessingml" in r["Content-Type"]
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= set(zf.namelist())
        doc = zf.read("word/document.xml").decode("utf-8")
    for text in (
        "政府信息公开申请表",
        "所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述",
        "统一社会信用代码",
        "电子邮件",
        "受理机关：示例省监狱管理局办公室",
        "第三十一条",
    ):
        assert text in doc, text
    assert client.get("/guide/application-form.docx").content == r.content


def _doc_type_choices(instance=None):
    from review.forms import ItemForm

    return [c[0] for c in ItemForm(instance=instance).fields["doc_type"].choices]


def test_regulation_is_offered_only_to_a_body_that_may_make_rules():
    from tests.disclosure.factories import ItemFactory

    SiteProfileFactory()
    assert DocType.REGULATION not in _doc_type_choices()
    assert DocType.NORMATIVE in _doc_type_choices()
    # An item already recorded as 规章 keeps its value on edit.
    assert DocType.REGULATION in _doc_type_choices(ItemFactory(doc_type=DocType.REGULATION))
    SiteProfile.objects.filter(pk=1).update(may_make_rules=True)
    assert DocType.REGULATION in _doc_type_choices()
