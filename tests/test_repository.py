"""The repository explains itself: its documentation links only to files it contains, CI
checks lint and formatting before the tests, and disclosure never names the review app."""

import re
import subprocess
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower()
    kept = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return kept.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_slug(line.lstrip("#")) for line in path.read_text("utf-8").splitlines() if line.startswith("#")}


def test_the_documentation_exists():
    for name in ("domain.md", "cli.md", "architecture.md", "operations.md"):
        assert (ROOT / "docs" / name).is_file(), name


def test_documentation_links_only_to_files_in_the_repository():
    for doc in DOCS:
        text = doc.read_text("utf-8")
        assert "../shared" not in text, doc.name
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target):
                continue  # an external address
            path, _, anchor = target.partition("#")
            resolved = (doc.parent / path).resolve() if path else doc
            assert resolved.is_relative_to(ROOT) and resolved.exists(), f"{doc.name}: {target}"
            if anchor:
                assert anchor in _anchors(resolved), f"{doc.name}: {target}"


def test_ci_checks_lint_and_formatting_before_the_tests():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    steps = [line.strip() for line in ci.splitlines() if line.strip().startswith("make ")]
    assert steps.index("make lint") < steps.index("make test")
    make = subprocess.run(
        ["make", "-n", "lint", "VENV=.venv", "STAMP=Makefile"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert ".venv/bin/ruff check ." in make and ".venv/bin/ruff format --check ." in make


def test_disclosure_never_names_the_review_app():
    # Words like "confidentiality_review" or "reviewer" are the domain's; these are the app's.
    the_app = re.compile(r"\bfrom review\b|\bimport review\b|['\"]review[:.]|/staff/review/|\breview/\w+\.py")
    places = [
        *(ROOT / "disclosure").rglob("*.py"),
        *(ROOT / "disclosure").rglob("*.html"),
        *(ROOT / "templates" / "reports").rglob("*"),
    ]
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in places
        if p.is_file()
        for n, line in enumerate(p.read_text("utf-8").splitlines(), 1)
        if the_app.search(line)
    ]
    assert found == []


def test_templates_never_compare_a_state_with_a_string():
    """Templates show what models and selectors computed (flags, allowed actions, labels);
    a literal like `item.state == "published"` would re-encode a rule outside its one place."""
    pattern = re.compile(r"""\.(state|status)\s*(==|!=)\s*["']""")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
