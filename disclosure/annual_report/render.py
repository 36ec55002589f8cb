"""The annual report laid out like the national template: table rows with the template's
rowspan/colspan, the report HTML (the item body, the public page, the print view) and the
PDF (WeasyPrint with Noto CJK)."""

import logging
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from portal.html import render_safe

from . import tables as ar

LABELS = ar.LABELS


@dataclass
class Cell:
    text: object
    tag: str = "td"
    colspan: int = 0
    rowspan: int = 0
    scope: str = ""
    cell: str = ""  # the figure's key when it is a figure (links to its records)
    css: str = ""


def _head(text, colspan=0, rowspan=0, scope="col") -> Cell:
    return Cell(text=text, tag="th", colspan=colspan, rowspan=rowspan, scope=scope)


def _row_head(text, colspan=0, rowspan=0, scope="row") -> Cell:
    return Cell(text=text, tag="th", colspan=colspan, rowspan=rowspan, scope=scope)


def _num(value, key: str, colspan: int = 0) -> Cell:
    return Cell(text=value, cell=key, colspan=colspan, css="num")


def table2(data: dict) -> list[dict]:
    """Four blocks (Art. 20 (一)(五)(六)(八)), each with its own header rows."""
    t2 = data["table2"]
    spec = LABELS["table2"]
    blocks = []
    docs_cols = spec[0]["cols"]
    rows = [
        [_row_head(spec[0]["rows"][i])]
        + [_num(t2[key][f], f"t2.{key}.{f}") for f in ("issued", "repealed", "in_force")]
        for i, key in enumerate(("regulations", "normative_documents"))
    ]
    blocks.append(
        {"head": [[_head(spec[0]["group"], colspan=4, scope="colgroup")], [_head(c) for c in docs_cols]], "rows": rows}
    )
    for block_spec, keys in ((spec[1], ("licensing",)), (spec[2], ("penalties", "enforcement"))):
        rows = [
            [_row_head(block_spec["rows"][i]), _num(t2[key]["decisions"], f"t2.{key}.decisions", colspan=3)]
            for i, key in enumerate(keys)
        ]
        blocks.append(
            {
                "head": [
                    [_head(block_spec["group"], colspan=4, scope="colgroup")],
                    [_head(block_spec["cols"][0]), _head(block_spec["cols"][1], colspan=3)],
                ],
                "rows": rows,
            }
        )
    rows = [[_row_head(spec[3]["rows"][0]), _num(t2["fees"]["amount_10k_yuan"], "t2.fees.amount_10k_yuan", colspan=3)]]
    blocks.append(
        {
            "head": [
                [_head(spec[3]["group"], colspan=4, scope="colgroup")],
                [_head(spec[3]["cols"][0]), _head(spec[3]["cols"][1], colspan=3)],
            ],
            "rows": rows,
        }
    )
    return blocks


def table3_head() -> list[list[Cell]]:
    spec = LABELS["table3"]
    person, orgs, total = spec["cols"]
    ((org_group, org_cols),) = orgs.items()
    return [
        [
            Cell(text=spec["corner"], colspan=3, rowspan=3, css="corner"),
            _head(spec["col_group"], colspan=7, scope="colgroup"),
        ],
        [_head(person, rowspan=2), _head(org_group, colspan=5, scope="colgroup"), _head(total, rowspan=2)],
        [_head(c) for c in org_cols],
    ]


def _figures(row: dict, key: str) -> list[Cell]:
    return [_num(row[c], f"t3.{key}.{c}") for c in ar.COLUMN_CODES]


def table3_body(data: dict) -> list[list[Cell]]:
    t3 = data["table3"]
    rows: list[list[Cell]] = [
        [_row_head(ar.ROW_LABELS["new"], colspan=3), *_figures(t3["new"], "new")],
        [_row_head(ar.ROW_LABELS["carried_over"], colspan=3), *_figures(t3["carried_over"], "carried_over")],
    ]
    n_results = len(ar.OUTCOME_CODES) + 1
    first = True
    seen_groups: set[str] = set()
    for code in ar.OUTCOME_CODES:
        cells: list[Cell] = []
        if first:
            cells.append(_row_head(ar.ROW_LABELS["results"], rowspan=n_results, scope="rowgroup"))
            first = False
        if "." in code:
            prefix = code.split(".")[0]
            if prefix not in seen_groups:
                seen_groups.add(prefix)
                size = sum(1 for c in ar.OUTCOME_CODES if c.startswith(prefix + "."))
                cells.append(_row_head(ar.OUTCOME_GROUP_LABELS[prefix], rowspan=size, scope="rowgroup"))
            cells.append(_row_head(ar.ROW_LABELS[code]))
        else:
            cells.append(_row_head(ar.ROW_LABELS[code], colspan=2))
        cells.extend(_figures(t3["outcomes"][code], code))
        rows.append(cells)
    rows.append(
        [_row_head(ar.ROW_LABELS["outcomes_total"], colspan=2), *_figures(t3["outcomes_total"], "outcomes_total")]
    )
    rows.append(
        [_row_head(ar.ROW_LABELS["carried_forward"], colspan=3), *_figures(t3["carried_forward"], "carried_forward")]
    )
    return rows


def table4_head() -> list[list[Cell]]:
    spec = LABELS["table4"]
    ((review_label, review_span),) = spec["top"][0].items()
    ((lit_label, lit_span),) = spec["top"][1].items()
    groups = list(spec["litigation_groups"].items())
    return [
        [
            _head(review_label, colspan=review_span, scope="colgroup"),
            _head(lit_label, colspan=lit_span, scope="colgroup"),
        ],
        [
            *[_head(c, rowspan=2) for c in spec["review_cols"]],
            *[_head(g, colspan=len(cols), scope="colgroup") for g, cols in groups],
        ],
        [_head(c) for _, cols in groups for c in cols],
    ]


def table4_body(data: dict) -> list[list[Cell]]:
    t4 = data["table4"]
    return [[_num(t4[group][r], f"t4.{group}.{r}") for group in ar.TABLE4_GROUPS for r in (*ar.RESULT_CODES, "total")]]


def context(data: dict, *, org_name: str, links: bool = False, records_url: str = "", problem_cells=()) -> dict:
    """What the report templates need."""
    problem_cells = set(problem_cells)
    extra = data.get("extra") or {}
    body3 = table3_body(data)
    body4 = table4_body(data)
    for row in (*body3, *body4):
        for cell in row:
            if cell.cell in problem_cells:
                cell.css += " problem"
    return {
        "data": data,
        "extra": extra,
        "year": data["year"],
        "org_name": org_name,
        "title": ar.report_title(org_name=org_name, year=data["year"]),
        "sections": ar.SECTIONS,
        "t2_blocks": table2(data),
        "t3_head": table3_head(),
        "t3_body": body3,
        "t4_head": table4_head(),
        "t4_body": body4,
        "links": links,
        "records_url": records_url,
    }


def render_body(data: dict, *, org_name: str) -> str:
    """The report as an HTML fragment within the site's rich-text allowlist: the item body
    the reviewers clear and the public page shows."""
    return render_to_string("reports/_report.html", context(data, org_name=org_name))


def print_css() -> str:
    path = finders.find("css/report-print.css")
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def render_document(body_html: str, *, title: str) -> str:
    """A standalone print document (for `--format html` and the PDF)."""
    return render_to_string(
        "reports/document.html", {"body": render_safe(body_html), "title": title, "css": print_css()}
    )


def render_pdf(body_html: str, *, title: str) -> bytes:
    # WeasyPrint logs every layout step at INFO (from import on); stderr is for failures.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Audit fix: the report body may carry <img src="http://…"> (the allowlist keeps http
    # and https), and the public PDF is rendered on an anonymous request; WeasyPrint's
    # default fetcher would make the server request internal addresses (SSRF). The
    # document needs nothing external (its CSS is inlined): only data: URIs are read.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=render_document(body_html, title=title), url_fetcher=fetcher).write_pdf()


def warm_up() -> None:
    """Load WeasyPrint, Pango and the report's CJK fonts now (a worker's start), not on
    the first visitor's PDF: render a one-line report-styled document and drop it."""
    render_pdf("<h2>一、总体情况</h2><p>政府信息公开工作年度报告（预热）</p>", title="预热")
