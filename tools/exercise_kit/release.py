"""A private copy of the course for one class, and the solutions of a set after its deadline.

The open repository publishes ``solutions/`` with every hidden test: anyone can read them. A class
that is graded works from a copy without them: :func:`release` writes notebooks, case studies,
exercises, data and the library, with a student README whose Binder and nbgitpuller links point at
the class's repository, and no solutions, hidden tests, instructor notes, tests or git history
(a fresh repository with one commit). :func:`release_solutions` adds one set's worked solution
(answers, outputs and rubric; no tests) after the deadline.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, urlparse

from .leaks import scan_folder
from .sets import find_sets, read_notebook, source

__all__ = ["ReleaseError", "release", "release_solutions", "worked_solution", "links"]

FOLDERS = ("lib", "data", "notebooks", "casestudies", "exercises", "zh")
FILES = (
    "pyproject.toml",
    "environment.yml",
    "postBuild",
    "apt.txt",
    "LICENSE",
    ".gitignore",
    ".gitattributes",
)
NEVER = ("solutions", "_build", "__pycache__", ".ipynb_checkpoints", "autograder")
START = "notebooks/00_start_here.ipynb"
AUTHOR = ["-c", "user.name=CRM Lab release", "-c", "user.email=release@crm-lab.invalid"]
MAKEFILE = (
    """\
# Class copy of CRM Lab: `make lab` sets up .venv (the course library only) and opens JupyterLab.
PYTHON ?= python3
BIN := .venv/bin
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: setup lab

.venv/.installed: pyproject.toml
\ttest -x $(BIN)/python || $(PYTHON) -m venv .venv
\t$(BIN)/python -m pip install --quiet --upgrade pip
\t$(BIN)/python -m pip install --quiet -e .
\ttouch $@

setup: .venv/.installed

lab: setup
\t$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" \\
\t  --LabApp.default_url=/lab/tree/"""
    + START
    + "\n"
)


class ReleaseError(RuntimeError):
    """The release cannot be written as asked (what is wrong and what to do)."""


def links(repo_url: str, branch: str = "main") -> dict:
    """The Binder and nbgitpuller links of a class repository (GitHub, GitLab or any git URL)."""
    url = repo_url.strip().rstrip("/")
    parsed = urlparse(url)
    if parsed.scheme not in ("https", "http") or not parsed.netloc or not parsed.path.strip("/"):
        raise ReleaseError(
            f"--repo-url must be the web address of the class repository, such as "
            f"https://github.com/your-school/crm-class; got {repo_url!r}"
        )
    path = parsed.path.strip("/").removesuffix(".git")
    name = path.rsplit("/", 1)[-1]
    if parsed.netloc == "github.com":
        binder = f"https://mybinder.org/v2/gh/{path}/{branch}"
    elif parsed.netloc == "gitlab.com":
        binder = f"https://mybinder.org/v2/gl/{quote(path, safe='')}/{branch}"
    else:
        binder = f"https://mybinder.org/v2/git/{quote(url, safe='')}/{branch}"
    pull = (
        f"https://YOUR-HUB/hub/user-redirect/git-pull?repo={quote(url, safe='')}&branch={branch}"
        f"&urlpath={quote(f'lab/tree/{name}/{START}', safe='')}"
    )
    return {
        "binder": f"{binder}?urlpath={quote(f'lab/tree/{START}', safe='/')}",
        "nbgitpuller": pull,
        "name": name,
        "url": url,
    }


def _section(readme: str, heading: str) -> str:
    match = re.search(
        rf"^## {re.escape(heading)}\n.*?(?=^## |\Z)", readme, re.MULTILINE | re.DOTALL
    )
    return match.group(0).rstrip() + "\n" if match else ""


def student_readme(readme: str, ln: dict) -> str:
    """The class copy's README: how to start (Binder, hub, laptop), exercises, course map."""
    return f"""# CRM Lab · 客户关系管理实验室 (class copy)

[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({ln["binder"]})

Your class's copy of CRM Lab, an open course that teaches customer relationship management
(客户关系管理) through real analysis in Python. Your instructor adds the solutions of each
exercise set to `solutions/` after its deadline; until then the solution links in the exercises
lead nowhere.

## Start
- **Binder**: click the badge above. Nothing to install, and nothing is saved: a session ends
  after about ten minutes without activity, so download your work (*File → Download*) before
  you leave.
- **Your school's JupyterHub**: open the link your instructor gives you; it has this form and
  copies the course into your home folder, then keeps it up to date without overwriting your edits:

  ```
  {ln["nbgitpuller"]}
  ```
- **Your laptop** (Python 3.11 or newer, and `make`): `git clone {ln["url"]}`, then `make lab`.

## Exercises
Each notebook has an exercise set in `exercises/`. Write your student id in its first code cell
(`STUDENT_ID = "..."`): your data is made from it. `grader.check("q1")` checks the form of an
answer and common mistakes; the hidden tests that decide the grade run when your instructor grades.
Hand in the `.ipynb` file as your instructor asks.

{_section(readme, "Course map")}
{_section(readme, "Licences")}"""


def _course_files(root: Path) -> list[Path]:
    """Files to copy, relative to ``root``: the listed folders and files, tracked or new in git
    (ignored files such as ``.venv`` and ``_build`` never), minus anything under ``NEVER``."""
    if (root / ".git").exists() and shutil.which("git"):
        out = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found = [Path(p) for p in out.split("\0") if p]
    else:
        found = [
            p.relative_to(root)
            for p in root.rglob("*")
            if ".venv" not in p.parts and ".git" not in p.parts
        ]
    keep = [
        p
        for p in found
        if (p.parts[0] in FOLDERS or p.as_posix() in FILES)
        and not any(part in NEVER or part.startswith("INSTRUCTORS") for part in p.parts)
    ]
    return sorted(p for p in keep if (root / p).is_file())


def _commit(dest: Path, message: str, *, init: bool = False, branch: str = "main") -> bool:
    if not shutil.which("git"):
        return False
    if init:
        subprocess.run(["git", "init", "-q", "-b", branch], cwd=dest, check=True)
    subprocess.run(["git", "add", "-A"], cwd=dest, check=True)
    subprocess.run(["git", *AUTHOR, "commit", "-q", "-m", message], cwd=dest, check=True)
    return True


def release(root: Path, dest: Path, *, repo_url: str, branch: str = "main") -> str:
    """Write the class copy of the course in ``root`` to ``dest`` (new or empty folder)."""
    root, dest, ln = Path(root), Path(dest), links(repo_url, branch)
    if dest.exists() and any(dest.iterdir()):
        raise ReleaseError(f"{dest} is not empty: give a new folder (nothing is ever overwritten)")
    files = _course_files(root)
    dest.mkdir(parents=True, exist_ok=True)
    for rel in files:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest / rel)
    (dest / "README.md").write_text(
        student_readme((root / "README.md").read_text(encoding="utf-8"), ln), encoding="utf-8"
    )
    (dest / "Makefile").write_text(MAKEFILE, encoding="utf-8")
    found = scan_folder(dest, find_sets(root / "solutions"))
    if found:
        shutil.rmtree(dest)
        raise ReleaseError(
            "solution or hidden-test text would be published; nothing written:\n"
            + "\n".join(found[:20])
        )
    committed = _commit(
        dest, "Class copy of CRM Lab (no solutions, no hidden tests)", init=True, branch=branch
    )
    steps = (
        f"cd {dest} && git remote add origin {ln['url']} && git push -u origin {branch}"
        if committed
        else f"cd {dest} && git init && git add -A && git commit -m 'Class copy' && git push"
    )
    return (
        f"class copy in {dest}: {len(files) + 2} files, no solutions or hidden tests"
        f"{', one commit' if committed else ''}.\n"
        f"Create the PRIVATE repository {ln['url']}, then: {steps}\n"
        f"Binder: {ln['binder']}\nnbgitpuller: {ln['nbgitpuller']}"
    )


def worked_solution(master: Path) -> dict:
    """A master as students may read it after the deadline: answers with their stored outputs and
    the written questions' rubrics; no tests, no config, no otter markers."""
    nb = read_notebook(master)
    cells, in_tests = [], False
    for cell in nb["cells"]:
        text = source(cell)
        head = text.strip().split("\n", 1)[0]
        if cell["cell_type"] == "raw":
            in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(head, in_tests)
            continue
        if in_tests:
            continue
        if cell["cell_type"] == "code":
            cell["source"] = "\n".join(
                ln.rsplit("  # SOLUTION", 1)[0] if ln.rstrip().endswith("# SOLUTION") else ln
                for ln in text.split("\n")
            )
        cells.append(cell)
    nb["cells"] = cells
    return nb


def release_solutions(solutions: Path, set_name: str, dest: Path) -> str:
    """Add the worked solution of the one set whose name starts with ``set_name`` to the class
    copy ``dest`` (``solutions/<set>.ipynb``, the path the exercise links to, and its Chinese twin
    ``zh/solutions/<set>.ipynb``, which the Chinese student version links), and commit them."""
    dest = Path(dest)
    masters = [m for m in find_sets(solutions) if m.stem.startswith(set_name)]
    if len(masters) != 1:
        raise ReleaseError(
            f"set {set_name!r}: found {[m.stem for m in masters]}; name one set, e.g. SET=02"
        )
    if not (dest / "exercises").is_dir():
        raise ReleaseError(
            f"{dest} is not a class copy (no exercises/ folder): run `make release` first"
        )
    master = masters[0]
    # the Chinese edition's student version links zh/solutions/<set>.ipynb: release its twin too
    zh_master = Path(solutions).parent / "zh" / "solutions" / master.name
    pairs = [(master, dest / "solutions" / master.name)]
    if zh_master.is_file() and (dest / "zh" / "exercises").is_dir():
        pairs.append((zh_master, dest / "zh" / "solutions" / master.name))
    for set_master, target in pairs:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps(worked_solution(set_master), indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        found = scan_folder(target.parent, [set_master], rubrics=False)
        if found:
            for _, written in pairs:
                written.unlink(missing_ok=True)
            raise ReleaseError(
                "hidden-test text in the worked solution; nothing written:\n" + "\n".join(found)
            )
    committed = (dest / ".git").exists() and _commit(
        dest, f"Solutions of exercise set {master.stem}"
    )
    written = ", ".join(str(target) for _, target in pairs)
    return f"{written}{' (committed: push it)' if committed else ''}"
