"""INSTRUCTORS.md stays in step with the course: every piece in the session plan with real outcomes,
6-8 sessions covering all five outcomes, and an answer for every discussion question in a notebook.

Convention (also in CONTRIBUTING.md, section Notebooks): discussion questions sit in a markdown cell
headed ``## Discussion questions``, each paragraph starting ``**D1.**``, ``**D2.**``, ... from 1
without gaps; the guide answers each under ``### <notebook stem> D<n>``.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "INSTRUCTORS.md"
OUTCOMES = {"L1", "L2", "L3", "L4", "L5"}
QUESTION = re.compile(r"^\*\*D(\d+)\.\*\*", re.MULTILINE)
ANSWER = re.compile(r"^### (\S+) D(\d+)\s*$", re.MULTILINE)


def course_pieces(root: Path = ROOT) -> list[str]:
    """Every notebook, case study and exercise set on disk, as repo-relative paths."""
    return sorted(f"{folder}/{p.name}" for folder in ("notebooks", "casestudies", "exercises")
                  for p in (root / folder).glob("*.ipynb"))


def needs_discussion(path: str) -> bool:
    """Numbered notebooks from 01 on and every case study carry discussion questions."""
    folder, name = path.split("/")
    return (folder == "notebooks" and not name.startswith("00_")) or folder == "casestudies"


def section(text: str, heading: str) -> str:
    """The body of a ``## heading`` section (up to the next ``## `` heading)."""
    match = re.search(
        rf"^## {re.escape(heading)}\s*$(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL
    )
    if match is None:
        raise AssertionError(f"INSTRUCTORS.md has no '## {heading}' section")
    return match.group(1)


def session_plan(text: str) -> list[dict]:
    """Rows of the session plan table: session, piece (path or None), planned, outcomes, minutes."""
    rows = []
    for line in section(text, "Session plan").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].isdigit():
            continue  # header, separator, prose
        path = re.search(r"`([^`]+\.ipynb)`", cells[1])
        rows.append(
            {
                "session": int(cells[0]),
                "piece": path.group(1) if path else None,
                "text": cells[1],
                "planned": "(planned)" in cells[1],
                "outcomes": [o.strip() for o in cells[2].split(",")],
                "minutes": int(cells[3]) if cells[3].isdigit() else None,
            }
        )
    return rows


def discussion_questions(path: Path) -> list[int]:
    """Numbers of the discussion questions of a notebook, in order of appearance."""
    nb = nbformat.read(path, as_version=4)
    numbers, inside = [], False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for block in re.split(r"^(?=#{1,2} )", cell.source, flags=re.MULTILINE):
            if re.match(r"^#{1,2} ", block):
                inside = block.startswith("## Discussion questions")
            if inside:
                numbers += [int(n) for n in QUESTION.findall(block)]
    return numbers


def guide_answers(text: str) -> dict[tuple[str, int], str]:
    """(notebook stem, question number) -> answer text, from the guide's answer headings."""
    section(text, "Answers and talking points")  # the section must exist
    heads = list(ANSWER.finditer(text))
    answers = {}
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        body = re.split(r"^#{1,3} ", text[head.end() : end], maxsplit=1, flags=re.MULTILINE)[0]
        answers[(head.group(1), int(head.group(2)))] = body.strip()
    return answers


def check_guide(root: Path, text: str) -> list[str]:
    """Every problem that keeps the guide out of step with the course at ``root``."""
    problems = []
    plan = session_plan(text)
    by_piece = {row["piece"]: row for row in plan if row["piece"]}
    for piece in course_pieces(root):
        if piece not in by_piece:
            problems.append(f"{piece} has no row in the session plan")
    for row in plan:
        if row["piece"] and not row["planned"] and not (root / row["piece"]).is_file():
            problems.append(
                f"session plan names {row['piece']}, which does not exist (mark it (planned)?)"
            )
        bad = sorted(set(row["outcomes"]) - OUTCOMES)
        if bad or not row["outcomes"]:
            problems.append(
                f"session plan row {row['text']!r}: outcomes {row['outcomes']} (valid: L1-L5)"
            )
        if not row["minutes"]:
            problems.append(
                f"session plan row {row['text']!r}: minutes must be a positive whole number"
            )
    answers = guide_answers(text)
    asked = set()
    for piece in course_pieces(root):
        if piece.startswith("exercises/"):
            continue
        numbers = discussion_questions(root / piece)
        stem = Path(piece).stem
        if needs_discussion(piece) and not numbers:
            problems.append(f"{piece} has no '**D1.**' question under '## Discussion questions'")
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(
                f"{piece}: discussion questions numbered {numbers}, expected 1..{len(numbers)}"
            )
        for n in numbers:
            asked.add((stem, n))
            if len(answers.get((stem, n), "")) < 40:
                problems.append(
                    f"{piece} D{n} has no answer under '### {stem} D{n}' in INSTRUCTORS.md"
                )
    existing = {Path(p).stem for p in course_pieces(root) if not p.startswith("exercises/")}
    for stem, n in sorted(set(answers) - asked):
        if stem in existing:  # answers may be written before their notebook lands
            problems.append(
                f"INSTRUCTORS.md answers '{stem} D{n}', a question its notebook does not ask"
            )
    return problems


# ---- the real guide against the real course -----------------------------------------------------


def test_the_guide_matches_the_course():
    problems = check_guide(ROOT, GUIDE.read_text(encoding="utf-8"))
    assert not problems, "\n".join(problems)


def test_plan_has_six_to_eight_sessions_covering_every_outcome():
    plan = session_plan(GUIDE.read_text(encoding="utf-8"))
    sessions = sorted({row["session"] for row in plan})
    assert 6 <= len(sessions) <= 8 and sessions == list(range(1, len(sessions) + 1)), sessions
    assert {o for row in plan for o in row["outcomes"]} == OUTCOMES
    in_class = [r for r in plan if not (r["piece"] or "").startswith("exercises/")]
    per_session = {s: sum(r["minutes"] for r in in_class if r["session"] == s) for s in sessions}
    assert all(m <= 90 for m in per_session.values()), (
        per_session
    )  # class time fits a 90-min session


def test_guide_names_the_release_and_grading_targets_and_the_launch_routes():
    text = GUIDE.read_text(encoding="utf-8")
    for needle in (
        "make exercises",
        "make grade",
        "nbgitpuller",
        "Binder",
        "make lab",
        "Merge conflicts",
    ):
        assert needle in text, needle


# ---- the checker itself, on a temporary course --------------------------------------------------


def _notebook(path: Path, *markdown: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(m) for m in markdown]
    nbformat.write(nb, path)


GOOD_GUIDE = """# Guide
## Session plan
| Session | Piece | Outcomes | Minutes |
| --- | --- | --- | --- |
| 1 | `notebooks/00_start_here.ipynb` | L1 | 30 |
| 1 | `notebooks/01_what_is_crm.ipynb` | L2, L5 | 60 |
| 2 | `exercises/01_what_is_crm.ipynb` | L2 | 30 |
| 2 | `notebooks/02_core_customers.ipynb` (planned) | L3 | 60 |
## Answers and talking points
### 01_what_is_crm D1
CRM is a philosophy first: the software only records what the firm decided to learn about customers.
### 01_what_is_crm D2
Sharing one customer view stops two departments from prospecting the same known customer twice.
## Next section
"""


@pytest.fixture
def course(tmp_path):
    _notebook(tmp_path / "notebooks" / "00_start_here.ipynb", "# 00")
    _notebook(
        tmp_path / "notebooks" / "01_what_is_crm.ipynb",
        "# 01 What is CRM",
        "## Discussion questions\n\n**D1.** Is CRM software?\n\n**D2.** Why share customer data?",
        "## Not a discussion\n\n**D9.** ignored: outside the section",
    )
    _notebook(tmp_path / "exercises" / "01_what_is_crm.ipynb", "# set")
    return tmp_path


def test_checker_passes_a_guide_in_step(course):
    assert discussion_questions(course / "notebooks" / "01_what_is_crm.ipynb") == [1, 2]
    assert check_guide(course, GOOD_GUIDE) == []


def test_checker_fails_when_a_new_notebook_case_or_set_is_left_out(course):
    _notebook(
        course / "casestudies" / "case_salon.ipynb",
        "# Salon",
        "## Discussion questions\n\n**D1.** What would you change first?",
    )
    _notebook(course / "exercises" / "case_salon.ipynb", "# set")
    problems = check_guide(course, GOOD_GUIDE)
    assert "casestudies/case_salon.ipynb has no row in the session plan" in problems
    assert "exercises/case_salon.ipynb has no row in the session plan" in problems
    assert (
        "casestudies/case_salon.ipynb D1 has no answer under '### case_salon D1' in INSTRUCTORS.md"
        in problems
    )


def test_checker_fails_on_an_unanswered_question(course):
    _notebook(
        course / "notebooks" / "01_what_is_crm.ipynb",
        "# 01",
        "## Discussion questions\n\n**D1.** a\n\n**D2.** b\n\n**D3.** c",
    )
    assert check_guide(course, GOOD_GUIDE) == [
        "notebooks/01_what_is_crm.ipynb D3 has no answer under '### 01_what_is_crm D3' in "
        "INSTRUCTORS.md"
    ]


def test_checker_fails_on_gaps_missing_questions_stale_answers_and_bad_rows(course):
    _notebook(
        course / "notebooks" / "01_what_is_crm.ipynb",
        "# 01",
        "## Discussion questions\n\n**D1.** a\n\n**D3.** c",
    )
    _notebook(course / "notebooks" / "03_tiers.ipynb", "# 03 no questions")
    guide = GOOD_GUIDE.replace("| L2 | 30 |", "| L7 | 30 |").replace(
        "| 2 | `notebooks/02_core_customers.ipynb` (planned) | L3 | 60 |",
        "| 2 | `notebooks/02_core_customers.ipynb` | L3 | 60 |\n"
        "| 2 | `notebooks/03_tiers.ipynb` | L3 | soon |",
    )
    problems = check_guide(course, guide)
    assert problems == [
        "session plan row '`exercises/01_what_is_crm.ipynb`': outcomes ['L7'] (valid: L1-L5)",
        "session plan names notebooks/02_core_customers.ipynb, which does not exist "
        "(mark it (planned)?)",
        "session plan row '`notebooks/03_tiers.ipynb`': minutes must be a positive whole number",
        "notebooks/01_what_is_crm.ipynb: discussion questions numbered [1, 3], expected 1..2",
        "notebooks/01_what_is_crm.ipynb D3 has no answer under '### 01_what_is_crm D3' in "
        "INSTRUCTORS.md",
        "notebooks/03_tiers.ipynb has no '**D1.**' question under '## Discussion questions'",
        "INSTRUCTORS.md answers '01_what_is_crm D2', a question its notebook does not ask",
    ]
