"""The annual report on government information disclosure (Regulation Art. 49–50; the
国办公开办函〔2021〕30号 national template), kept in one folder inside `disclosure`. `tables`
holds the pure functions that build tables 二, 三 and 四 and check their balance, with the
template's labels loaded from `data/labels_2021.json`; `selectors` feeds them from the
catalogue and from `requests_app.statistics`, reads the frozen snapshot of a published report
and lists the records behind each figure; `services` saves the staff-entered figures, generates
the draft (a `DisclosureItem` of kind annual_report that goes through the two reviews like any
item) and freezes the snapshot on publication; `models` holds `AnnualReport` and
`ReportReminder` (app label `disclosure`, imported by `disclosure.models`); `render` lays the
tables out like the template and prints HTML and PDF; `forms`, `views` and `urls` are the staff
workbench (/staff/reports/…) and the public report (/reports/<year>/); `scan` reminds
administrators of the 31 January deadline; `hooks` wires all of this into the kernel (scan,
dashboard panel) and into disclosure (submission check, publication signal) from
`DisclosureConfig.ready()`; `demo` builds the demo's 2025 report. Templates live in
`templates/reports/`, the command in `disclosure/management/commands/annual_report.py`."""
