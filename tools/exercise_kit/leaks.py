"""What must never reach a student, and where it turns up: solution lines, model answers and
rubrics, hidden tests and otter's markers, in a student notebook or anywhere in a folder."""

from __future__ import annotations

import json
from pathlib import Path

from .sets import read_notebook, source

__all__ = ["secrets", "fingerprints", "leaks", "scan_folder", "MARKERS"]

MARKERS = (
    "# SOLUTION",
    "BEGIN SOLUTION",
    "END SOLUTION",
    "# HIDDEN",
    "BEGIN TESTS",
    "ASSIGNMENT CONFIG",
)


def _solution_lines(lines: list[str]) -> list[str]:
    found, inline = [], False
    for ln in lines:
        if ln.strip() in ("# BEGIN SOLUTION", "# BEGIN SOLUTION NO PROMPT", "# END SOLUTION"):
            inline = ln.strip() != "# END SOLUTION"
        elif inline and len(ln.strip()) > 3:
            found.append(ln.strip())
        elif ln.rstrip().endswith("# SOLUTION"):
            body = ln.rsplit("# SOLUTION", 1)[0].strip()
            rhs = body.split("=", 1)[1].strip() if "=" in body else body
            if len(rhs) > 3:
                found.append(rhs)
    return found


def fingerprints(master: Path, *, rubrics: bool = True) -> list[str]:
    """Lines that exist only in a master: each hidden test's ``def`` line and (with ``rubrics``)
    the first line of each written question's rubric. Teaching notebooks may repeat a solution's
    code; these lines they never contain, so finding one in a folder means a master leaked."""
    found, block = [], None
    for cell in read_notebook(master)["cells"]:
        text = source(cell)
        head = text.strip().split("\n", 1)[0]
        if cell["cell_type"] == "raw" and head in ("# BEGIN SOLUTION", "# END SOLUTION"):
            block = head
        elif cell["cell_type"] == "code" and text.lstrip().startswith("# HIDDEN"):
            found += [ln.strip() for ln in text.split("\n") if ln.strip().startswith("def ")]
        elif (
            rubrics
            and block == "# BEGIN SOLUTION"
            and cell["cell_type"] == "markdown"
            and "Rubric" in text
        ):
            found.append(next(ln.strip() for ln in text.split("\n") if "Rubric" in ln))
    return found


def secrets(master: Path, *, hidden_only: bool = False) -> list[str]:
    """Text that must never reach a student: solution lines, manual solutions (rubrics), hidden
    tests (only those with ``hidden_only``). A line that also appears in a public cell (an
    import, say) is no secret."""
    found, public, block = [], [], None
    for cell in read_notebook(master)["cells"]:
        text = source(cell)
        head = text.strip().split("\n", 1)[0] if cell["cell_type"] == "raw" else ""
        if head in ("# BEGIN SOLUTION", "# BEGIN TESTS"):
            block = head
            continue
        if head in ("# END SOLUTION", "# END TESTS"):
            block = None
            continue
        lines = text.split("\n")
        if block == "# BEGIN SOLUTION" and cell["cell_type"] == "markdown" and not hidden_only:
            found += [ln.strip() for ln in lines if len(ln.strip()) > 15]
        elif cell["cell_type"] == "code":
            if not hidden_only:
                found += _solution_lines(lines)
            if block == "# BEGIN TESTS" and text.lstrip().startswith("# HIDDEN"):
                found += [ln.strip() for ln in lines[1:] if len(ln.strip()) > 15]
                continue
        if block != "# BEGIN SOLUTION":
            public.append(text)
    return [s for s in dict.fromkeys(found) if not any(s in text for text in public)]


def leaks(student: Path, master: Path) -> list[str]:
    """Solution lines, hidden tests or otter markers found anywhere in a student notebook
    (cells and metadata, where the public checks live)."""
    nb = read_notebook(student)
    texts = [(f"cell {i}", source(c)) for i, c in enumerate(nb["cells"])]
    texts.append(("metadata", json.dumps(nb.get("metadata", {}), ensure_ascii=False)))
    checks = nb.get("metadata", {}).get("crmlab", {}).get("checks", {})
    texts += [(f"check {t['name']}", t["source"]) for tests in checks.values() for t in tests]
    found = []
    hidden = secrets(master)
    for where, text in texts:
        found += [f"{student.name} {where}: otter marker {m!r}" for m in MARKERS if m in text]
        found += [
            f"{student.name} {where}: solution or hidden test text {s!r}"
            for s in hidden
            if s in text
        ]
    return found


def _notebook_text(nb) -> str:
    parts = [json.dumps(nb.get("metadata", {}), ensure_ascii=False)]
    for cell in nb.get("cells", []):
        parts.append(source(cell))
        for out in cell.get("outputs", []):
            text = out.get("text", "")
            parts.append("".join(text) if isinstance(text, list) else text)
            parts += [
                "".join(v) if isinstance(v, list) else str(v) for v in out.get("data", {}).values()
            ]
    checks = nb.get("metadata", {}).get("crmlab", {}).get("checks", {})
    parts += [t.get("source", "") for tests in checks.values() for t in tests]
    return "\n".join(parts)


def scan_folder(folder: Path, masters, *, rubrics: bool = True) -> list[str]:
    """Every text file under ``folder`` with a :func:`fingerprints` line of one of ``masters``."""
    wanted = {s: Path(m).name for m in masters for s in fingerprints(m, rubrics=rubrics)}
    found = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and ".git" not in p.parts):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if path.suffix == ".ipynb":  # sources as written, not JSON-escaped
            try:
                text = _notebook_text(json.loads(text))
            except ValueError:
                pass
        found += [
            f"{path.relative_to(folder)}: text of {name}: {s[:60]!r}"
            for s, name in wanted.items()
            if s in text
        ]
    return found
