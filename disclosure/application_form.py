"""The blank application form (政府信息公开申请表) offered by the guide, as a PDF (WeasyPrint)
and as a DOCX the portal builds itself (a minimal OOXML package: no extra dependency).
Its fields are those of Art. 29: who applies, how to reach them, what is sought, in
which form and how it is to be delivered."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from django.template.loader import render_to_string

TITLE = "政府信息公开申请表"

# (section, [(label, lines to leave)])
SECTIONS: list[tuple[str, list[tuple[str, int]]]] = [
    ("申请人信息（公民）", [("姓名", 1), ("身份证件名称", 1), ("证件号码", 1), ("工作单位", 1)]),
    (
        "申请人信息（法人或者其他组织）",
        [("名称", 1), ("统一社会信用代码", 1), ("法定代表人或者负责人", 1), ("联系人", 1)],
    ),
    ("联系方式", [("联系电话", 1), ("电子邮箱", 1), ("通信地址", 1), ("邮政编码", 1)]),
    ("所需信息情况", [("所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述", 4), ("用途说明（选填）", 2)]),
    ("信息的指定提供载体形式（请勾选）", [("□ 纸质　　□ 电子数据", 1)]),
    ("获取信息的方式（请勾选）", [("□ 邮寄　　□ 电子邮件　　□ 自行领取　　□ 当场阅读、抄录", 1)]),
    ("申请人签名或者盖章", [("签名或者盖章", 1), ("申请日期", 1)]),
]

NOTES = [
    "一份申请表只填写一项政府信息（一事一申请）。",
    "公民申请请附身份证件复印件；法人或者其他组织申请请附营业执照或者统一社会信用代码证书复印件。",
    "收到申请的日期按《中华人民共和国政府信息公开条例》第三十一条确定：当面提交的，以提交之日为收到申请之日；"
    "以邮寄方式提交的，以本机关签收之日为收到申请之日；以平常信函等无需签收的邮寄方式提交的，以本机关与申请人确认之日为"
    "收到申请之日；通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日。",
]


def render_html(profile) -> str:
    return render_to_string(
        "disclosure/application_form.html", {"title": TITLE, "sections": SECTIONS, "notes": NOTES, "profile": profile}
    )


def render_pdf(profile) -> bytes:
    import logging

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=render_html(profile), url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


# --- DOCX -----------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    "</Relationships>"
)


def _run(text: str, *, bold: bool = False, size: int = 24) -> str:
    props = f'<w:rPr><w:rFonts w:eastAsia="宋体"/>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>'
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(text: str, *, bold: bool = False, size: int = 24, center: bool = False) -> str:
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    return f"<w:p>{ppr}{_run(text, bold=bold, size=size)}</w:p>"


def _cell(content: str, width: int, span: int = 1) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}</w:tcPr>{content}</w:tc>'


def _table(profile) -> str:
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    rows = []
    for section, fields in SECTIONS:
        rows.append(f"<w:tr>{_cell(_para(section, bold=True), 9000, span=2)}</w:tr>")
        for label, lines in fields:
            blank = "".join(_para("") for _ in range(lines))
            rows.append(f"<w:tr>{_cell(_para(label), 3600)}{_cell(blank, 5400)}</w:tr>")
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:tblBorders>{border}</w:tblBorders></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="3600"/><w:gridCol w:w="5400"/></w:tblGrid>{"".join(rows)}</w:tbl>'
    )


def render_docx(profile) -> bytes:
    """A Word document of the form; opens in Word, WPS and LibreOffice."""
    body = [
        _para(TITLE, bold=True, size=36, center=True),
        _para(f"受理机关：{profile.office_name}"),
        _table(profile),
        _para("填表说明", bold=True),
        *[_para(f"{i}. {note}") for i, note in enumerate(NOTES, start=1)],
        _para(f"提交地址：{profile.office_address}　邮政编码：{profile.office_postcode}"),
        _para(f"联系电话：{profile.office_phone}" + (f"　传真：{profile.office_fax}" if profile.office_fax else "")),
    ]
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body>{"".join(body)}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(TITLE)}</dc:title><dc:creator>{escape(profile.org_name)}</dc:creator>"
        "</cp:coreProperties>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        # A fixed timestamp keeps the file identical from one download to the next.
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", document),
            ("docProps/core.xml", core),
        ):
            zf.writestr(zipfile.ZipInfo(name, date_time=(2019, 5, 15, 0, 0, 0)), data)
    return buf.getvalue()
