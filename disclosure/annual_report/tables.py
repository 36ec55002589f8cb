"""The annual report's tables (国办公开办函〔2021〕30号 template; Regulation Art. 49–50).

Pure functions over plain inputs: no database access. `requests_app.statistics` and
`disclosure.annual_report.selectors` feed them; tests drive them with hundreds of cases.

Labels are the template's, verbatim, loaded from `data/labels_2021.json`.
"""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from requests_app.choices import ApplicantType, Outcome, ReviewResult

LABELS: dict = json.loads((Path(__file__).parent / "data" / "labels_2021.json").read_text("utf-8"))
SECTIONS: list[str] = LABELS["sections"]


def report_title(*, org_name: str, year: int) -> str:
    """The report's title, as the item, the page, the PDF and the command print it."""
    return f"{org_name}{year}年政府信息公开工作年度报告"


# The template's columns and rows are the request app's codes, in the template's order.
APPLICANT_CODES: tuple[str, ...] = tuple(ApplicantType.values)
COLUMN_CODES: tuple[str, ...] = (*APPLICANT_CODES, "total")
OUTCOME_CODES: tuple[str, ...] = tuple(Outcome.values)
RESULT_CODES: tuple[str, ...] = tuple(ReviewResult.values)
TABLE4_GROUPS: tuple[str, ...] = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")


def _table3_labels() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(column label by code, row label by row key, group label by outcome prefix)."""
    spec = LABELS["table3"]
    person, orgs, total = spec["cols"]
    ((org_group, org_cols),) = orgs.items()
    col_labels = dict(zip(COLUMN_CODES, [person, *org_cols, total], strict=True))
    rows = spec["rows"]
    row_labels = {"new": rows[0], "carried_over": rows[1], "carried_forward": rows[3]}
    ((results_label, result_rows),) = rows[2].items()
    flat: list[str] = []
    groups: dict[str, str] = {}
    prefixes = iter(["withheld", "unavailable", "not_processed", "other"])
    for entry in result_rows:
        if isinstance(entry, str):
            flat.append(entry)
        else:
            ((group, subs),) = entry.items()
            groups[next(prefixes)] = group
            flat.extend(subs)
    *outcome_rows, total_row = flat
    row_labels.update(zip(OUTCOME_CODES, outcome_rows, strict=True))
    row_labels["outcomes_total"] = total_row
    row_labels["results"] = results_label
    row_labels["org_group"] = org_group
    return col_labels, row_labels, groups


COLUMN_LABELS, ROW_LABELS, OUTCOME_GROUP_LABELS = _table3_labels()
RESULT_LABELS: dict[str, str] = dict(zip((*RESULT_CODES, "total"), LABELS["table4"]["review_cols"], strict=True))
TABLE4_GROUP_LABELS: dict[str, str] = {
    "reconsideration": next(iter(LABELS["table4"]["top"][0])),
    "litigation_direct": list(LABELS["table4"]["litigation_groups"])[0],
    "litigation_after_reconsideration": list(LABELS["table4"]["litigation_groups"])[1],
}
TABLE2_LABELS: dict[str, str] = {
    "regulations": LABELS["table2"][0]["rows"][0],
    "normative_documents": LABELS["table2"][0]["rows"][1],
    "licensing": LABELS["table2"][1]["rows"][0],
    "penalties": LABELS["table2"][2]["rows"][0],
    "enforcement": LABELS["table2"][2]["rows"][1],
    "fees": LABELS["table2"][3]["rows"][0],
}


@dataclass(frozen=True)
class Problem:
    """A failed check: where (a human label and a cell key) and what."""

    where: str
    message: str
    cell: str = ""

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


# ---------------------------------------------------------------- table 三


def column(counts: Mapping[str, int] | None = None) -> dict[str, int]:
    """One row of table 三: the six applicant columns and their 总计."""
    counts = counts or {}
    row = {code: int(counts.get(code, 0)) for code in APPLICANT_CODES}
    row["total"] = sum(row.values())
    return row


def build_table3(
    *,
    new: Mapping[str, int],
    carried_over: Mapping[str, int],
    outcomes: Mapping[str, Mapping[str, int]],
    carried_forward: Mapping[str, int],
) -> dict:
    """Table 三 with every row and column present, zeros included, and the 总计 row/column.

    `outcomes` maps an outcome code to applicant counts; unknown codes are ignored here
    (the caller reports them as a problem)."""
    rows = {code: column(outcomes.get(code)) for code in OUTCOME_CODES}
    totals = {code: sum(rows[o][code] for o in OUTCOME_CODES) for code in APPLICANT_CODES}
    return {
        "new": column(new),
        "carried_over": column(carried_over),
        "outcomes": rows,
        "outcomes_total": column(totals),
        "carried_forward": column(carried_forward),
    }


def table3_from_requests(year: int, requests: Iterable[tuple[str, date | None, date | None, str]]) -> tuple[dict, dict]:
    """Reference implementation over (applicant_type, received_on, closed_on, outcome) tuples.

    docs/domain.md §5: 本年新收 by the year of receipt; 上年结转 = received before 1 January and
    still open on 31 December of the previous year; an outcome counted once, in the year it
    closed; 结转下年度 = received by 31 December and open on that day. Requests with no
    receipt date (awaiting confirmation, Art. 31) are not counted. Returns (table, unclassified)
    where unclassified counts requests closed in the year without a known outcome code."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    new: dict[str, int] = {}
    carried_over: dict[str, int] = {}
    carried_forward: dict[str, int] = {}
    outcomes: dict[str, dict[str, int]] = {}
    unclassified: dict[str, int] = {}
    for applicant, received_on, closed_on, outcome in requests:
        if received_on is None:
            continue
        if start <= received_on <= end:
            new[applicant] = new.get(applicant, 0) + 1
        if received_on < start and (closed_on is None or closed_on >= start):
            carried_over[applicant] = carried_over.get(applicant, 0) + 1
        if received_on <= end and (closed_on is None or closed_on > end):
            carried_forward[applicant] = carried_forward.get(applicant, 0) + 1
        if closed_on is not None and start <= closed_on <= end:
            if outcome in OUTCOME_CODES:
                bucket = outcomes.setdefault(outcome, {})
                bucket[applicant] = bucket.get(applicant, 0) + 1
            else:
                unclassified[outcome or ""] = unclassified.get(outcome or "", 0) + 1
    table = build_table3(new=new, carried_over=carried_over, outcomes=outcomes, carried_forward=carried_forward)
    return table, unclassified


def table3_balanced(table3: Mapping) -> bool:
    """The template's invariant: 一 + 二 = 三（七）总计 + 四, in every column."""
    return all(
        table3["new"][c] + table3["carried_over"][c] == table3["outcomes_total"][c] + table3["carried_forward"][c]
        for c in COLUMN_CODES
    )


# ---------------------------------------------------------------- table 四


@dataclass(frozen=True)
class CaseEvent:
    """A reconsideration or litigation entry of a request's history."""

    request_id: int
    type: str  # "reconsideration" | "litigation"
    on: date
    result: str
    after_reconsideration: bool = False
    order: int = 0  # tie-break for events on the same day (the row id)


def case_group(event: CaseEvent) -> str:
    if event.type == "reconsideration":
        return "reconsideration"
    return "litigation_after_reconsideration" if event.after_reconsideration else "litigation_direct"


def table4_cases(year: int, events: Iterable[CaseEvent]) -> dict[tuple[int, str], str]:
    """The cases of `year`: {(request_id, group): result}.

    A case is one request's reconsideration, or its lawsuit (direct or after
    reconsideration). Its first entry is when it was brought; it is counted once, in
    that year (docs/domain.md §5: "brought over disclosure in the year"). A later entry for the
    same case is an update of its result: the latest one dated by 31 December of the
    year counts; an update made after the year is not counted again (that year's report
    shows the case as it stood at year end)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    first: dict[tuple[int, str], date] = {}
    latest: dict[tuple[int, str], tuple[date, int, str]] = {}
    for event in events:
        key = (event.request_id, case_group(event))
        if key not in first or event.on < first[key]:
            first[key] = event.on
        if event.on <= end:
            stamp = (event.on, event.order, event.result)
            if key not in latest or stamp[:2] > latest[key][:2]:
                latest[key] = stamp
    cases = {}
    for key, brought_on in first.items():
        if start <= brought_on <= end:
            result = latest[key][2]
            cases[key] = result if result in RESULT_CODES else "pending"
    return cases


def build_table4(cases: Mapping[tuple[int, str], str]) -> dict:
    table = {group: {r: 0 for r in RESULT_CODES} for group in TABLE4_GROUPS}
    for (_, group), result in cases.items():
        table[group][result] += 1
    for row in table.values():
        row["total"] = sum(row[r] for r in RESULT_CODES)
    return table


# ---------------------------------------------------------------- table 二


def amount_number(value: Decimal | float | int | str) -> int | float:
    """A JSON number for an amount: an integer when whole, else at most 4 decimals."""
    d = Decimal(str(value)).quantize(Decimal("0.0001"))
    return int(d) if d == d.to_integral_value() else float(d.normalize())


def build_table2(
    *,
    regulations: Mapping[str, int],
    normative_documents: Mapping[str, int],
    licensing: int,
    penalties: int,
    enforcement: int,
    fees_10k_yuan: Decimal | float | int,
) -> dict:
    def docs(counts: Mapping[str, int]) -> dict[str, int]:
        return {k: int(counts.get(k, 0)) for k in ("issued", "repealed", "in_force")}

    return {
        "regulations": docs(regulations),
        "normative_documents": docs(normative_documents),
        "licensing": {"decisions": int(licensing)},
        "penalties": {"decisions": int(penalties)},
        "enforcement": {"decisions": int(enforcement)},
        "fees": {"amount_10k_yuan": amount_number(fees_10k_yuan)},
    }


# ---------------------------------------------------------------- the report

CONTRACT_KEYS = ("year", "table2", "table3", "table4", "balanced")


def build_report(*, year: int, table2: dict, table3: dict, table4: dict, extra: dict | None = None) -> dict:
    """The report data: the contract's JSON (docs/cli.md) plus `extra` (not part of
    the contract: section texts, processing fees, unclassified requests)."""
    return {
        "year": year,
        "table2": table2,
        "table3": table3,
        "table4": table4,
        "balanced": table3_balanced(table3),
        "extra": extra or {},
    }


def contract_json(report: Mapping) -> dict:
    """Only the keys docs/cli.md defines, in its order."""
    return {key: report[key] for key in CONTRACT_KEYS}


def _t3_row_label(row: str) -> str:
    label = ROW_LABELS[row]
    if row in OUTCOME_CODES and "." in row:
        group = OUTCOME_GROUP_LABELS[row.split(".")[0]]
        return f"{group}{label}"
    return label


def _t3_cell(row: str, col: str) -> str:
    return f"t3.{row}.{col}"


def check_report(report: Mapping) -> list[Problem]:
    """Every failed check of the report data, with where it fails (empty when sound).

    Table 三: the 总计 column is the sum of the six applicant columns in every row; the
    （七）总计 row is the sum of the 21 outcome rows in every column; 一 + 二 = 三（七）总计 + 四
    in every column. Table 四: 总计 = the sum of the four results. No negative figure."""
    problems: list[Problem] = []
    t3 = report["table3"]
    rows: list[tuple[str, Mapping[str, int]]] = [("new", t3["new"]), ("carried_over", t3["carried_over"])]
    rows += [(code, t3["outcomes"][code]) for code in OUTCOME_CODES]
    rows += [("outcomes_total", t3["outcomes_total"]), ("carried_forward", t3["carried_forward"])]
    for key, row in rows:
        label = _t3_row_label(key)
        for code in COLUMN_CODES:
            if row[code] < 0:
                problems.append(
                    Problem(f"表三“{label}”行“{COLUMN_LABELS[code]}”列", "数值不能为负", _t3_cell(key, code))
                )
        applicants = sum(row[c] for c in APPLICANT_CODES)
        if applicants != row["total"]:
            problems.append(
                Problem(
                    f"表三“{label}”行",
                    f"总计为{row['total']}，六类申请人合计为{applicants}",
                    _t3_cell(key, "total"),
                )
            )
    for code in COLUMN_CODES:
        col = COLUMN_LABELS[code]
        summed = sum(t3["outcomes"][o][code] for o in OUTCOME_CODES)
        if summed != t3["outcomes_total"][code]:
            problems.append(
                Problem(
                    f"表三“{col}”列",
                    f"（七）总计为{t3['outcomes_total'][code]}，各项办理结果合计为{summed}",
                    _t3_cell("outcomes_total", code),
                )
            )
        left = t3["new"][code] + t3["carried_over"][code]
        right = t3["outcomes_total"][code] + t3["carried_forward"][code]
        if left != right:
            problems.append(
                Problem(
                    f"表三“{col}”列",
                    f"勾稽关系不成立：第一项加第二项为{left}，第三项（七）总计加第四项为{right}",
                    _t3_cell("new", code),
                )
            )
    for group in TABLE4_GROUPS:
        row = report["table4"][group]
        summed = sum(row[r] for r in RESULT_CODES)
        if summed != row["total"] or any(row[r] < 0 for r in RESULT_CODES):
            problems.append(
                Problem(
                    f"表四“{TABLE4_GROUP_LABELS[group]}”",
                    f"总计为{row['total']}，各项结果合计为{summed}",
                    f"t4.{group}.total",
                )
            )
    t2 = report["table2"]
    for key in ("regulations", "normative_documents"):
        for field, value in t2[key].items():
            if value < 0:
                problems.append(Problem(f"表二“{TABLE2_LABELS[key]}”", "数值不能为负", f"t2.{key}.{field}"))
    for key in ("licensing", "penalties", "enforcement"):
        if t2[key]["decisions"] < 0:
            problems.append(Problem(f"表二“{TABLE2_LABELS[key]}”", "数值不能为负", f"t2.{key}.decisions"))
    if t2["fees"]["amount_10k_yuan"] < 0:
        problems.append(Problem(f"表二“{TABLE2_LABELS['fees']}”", "数值不能为负", "t2.fees.amount_10k_yuan"))
    unclassified = (report.get("extra") or {}).get("unclassified") or {}
    count = sum(unclassified.values())
    if count:
        problems.append(
            Problem(
                "表三“本年度办理结果”",
                f"有{count}件本年办结的申请没有有效的办理结果代码，无法归入任何一行",
                "t3.unclassified.total",
            )
        )
    return problems


def flatten(report: Mapping) -> dict[str, object]:
    """Every figure and section of the report by a stable key (for "what changed")."""
    flat: dict[str, object] = {}
    for key, value in report["table2"].items():
        for field, number in value.items():
            flat[f"t2.{key}.{field}"] = number
    t3 = report["table3"]
    for key in ("new", "carried_over", "outcomes_total", "carried_forward"):
        for code in COLUMN_CODES:
            flat[f"t3.{key}.{code}"] = t3[key][code]
    for outcome in OUTCOME_CODES:
        for code in COLUMN_CODES:
            flat[f"t3.{outcome}.{code}"] = t3["outcomes"][outcome][code]
    for group in TABLE4_GROUPS:
        for result in (*RESULT_CODES, "total"):
            flat[f"t4.{group}.{result}"] = report["table4"][group][result]
    extra = report.get("extra") or {}
    for key in (
        "overview",
        "problems",
        "other_matters",
        "processing_fees_yuan",
        "processing_fee_notices",
        "processing_fees_collected_yuan",
    ):
        if key in extra:
            flat[f"extra.{key}"] = extra[key]
    return flat


T2_FIELD_LABELS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "amount_10k_yuan": "本年收费金额（单位：万元）",
}
EXTRA_LABELS = {
    "overview": SECTIONS[0],
    "problems": SECTIONS[4],
    "other_matters": SECTIONS[5],
    "processing_fees_yuan": "信息处理费金额（元）",
    "processing_fee_notices": "信息处理费收费通知件数",
    "processing_fees_collected_yuan": "实际收取的信息处理费（元）",
}


def cell_label(key: str) -> str:
    """A person-readable name of a flattened key, e.g. 表三“一、本年新收…”行“自然人”列."""
    part, rest = key.split(".", 1)
    if part == "extra":
        return EXTRA_LABELS.get(rest, rest)
    row, _, col = rest.rpartition(".")
    if part == "t2":
        return f"表二“{TABLE2_LABELS[row]}”{T2_FIELD_LABELS.get(col, col)}"
    if part == "t3":
        return f"表三“{_t3_row_label(row)}”行“{COLUMN_LABELS[col]}”列"
    return f"表四“{TABLE4_GROUP_LABELS[row]}”{RESULT_LABELS[col]}"


def changes(old: Mapping | None, new: Mapping) -> list[tuple[str, object, object]]:
    """[(label, old value, new value)] for every figure or section that differs."""
    before = flatten(old) if old else {}
    after = flatten(new)
    return [(cell_label(k), before.get(k), after.get(k)) for k in after if before.get(k) != after.get(k)]
