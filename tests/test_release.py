"""The private class copy (``make release``) and the solutions released after a deadline
(``make release-solutions``): no solution, hidden test, instructor note or history goes out, the
links point at the class repository, and the copy's notebooks run on the copy's own library."""

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from exercise_kit import release
from exercise_kit.leaks import MARKERS, fingerprints, scan_folder, secrets
from exercise_kit.sets import find_sets

ROOT = Path(__file__).resolve().parents[1]
URL = "https://github.com/example-school/crm-class-2027"
MASTERS = find_sets(ROOT / "solutions")


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    dest = tmp_path_factory.mktemp("release") / "crm-class-2027"
    summary = release.release(ROOT, dest, repo_url=URL)
    added = release.release_solutions(ROOT / "solutions", "02", dest)
    return dest, summary, added


def _git(dest, *args):
    return subprocess.run(
        ["git", *args], cwd=dest, capture_output=True, text=True, check=True
    ).stdout


def test_the_copy_holds_the_course_and_nothing_secret(copy):
    dest, summary, _ = copy
    files = {
        p.relative_to(dest).as_posix()
        for p in dest.rglob("*")
        if p.is_file() and ".git" not in p.parts
    }
    tops = {f.split("/")[0] for f in files}
    assert {
        "lib",
        "data",
        "notebooks",
        "exercises",
        "README.md",
        "Makefile",
        "pyproject.toml",
        "environment.yml",
        "postBuild",
        "apt.txt",
        "LICENSE",
    } <= tops
    assert not tops & {
        "tests",
        "tools",
        "benchmarks",
        "_build",
        ".ci",
        "INSTRUCTORS.md",
        "CONTRIBUTING.md",
        ".venv",
    }
    assert [f for f in files if f.startswith("solutions/")] == ["solutions/02_core_customers.ipynb"]
    assert {f"exercises/{m.name}" for m in MASTERS} <= files
    assert scan_folder(dest, MASTERS, rubrics=False) == []  # no hidden test anywhere
    assert (
        scan_folder(dest, [m for m in MASTERS if not m.name.startswith("02")]) == []
    )  # no other rubric
    assert os.access(dest / "postBuild", os.X_OK)
    assert "no solutions or hidden tests" in summary and "PRIVATE" in summary


def test_the_copy_has_no_history_but_one_commit_per_release(copy):
    dest, _, added = copy
    log = _git(dest, "log", "--format=%s").splitlines()
    assert log == [
        "Solutions of exercise set 02_core_customers",
        "Class copy of CRM Lab (no solutions, no hidden tests)",
    ]
    assert _git(dest, "status", "--porcelain") == "" and "committed" in added
    assert "solutions/" not in _git(dest, "show", "--stat", "--format=", "HEAD~1")


def test_the_readme_links_point_at_the_class_repository(copy):
    dest, _, _ = copy
    readme = (dest / "README.md").read_text(encoding="utf-8")
    assert (
        "https://mybinder.org/v2/gh/example-school/crm-class-2027/main?urlpath=lab/tree/"
        "notebooks/00_start_here.ipynb"
    ) in readme
    assert (
        "git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample-school%2Fcrm-class-2027&branch=main"
        "&urlpath=lab%2Ftree%2Fcrm-class-2027%2Fnotebooks%2F00_start_here.ipynb"
    ) in readme
    assert "crm-lab/crm-lab" not in readme and "crm-lab%2Fcrm-lab" not in readme
    assert (
        "INSTRUCTORS" not in readme and "[02 Core customers" in readme and "## Licences" in readme
    )


def test_the_released_solution_has_answers_and_rubric_but_no_test(copy):
    dest, _, _ = copy
    master = next(m for m in MASTERS if m.name.startswith("02"))
    nb = json.loads((dest / "solutions" / master.name).read_text(encoding="utf-8"))
    text = "\n".join(
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"]
    )
    assert not [m for m in MARKERS if m in text] and "def test_" not in text
    assert not [s for s in secrets(master, hidden_only=True) if s in text]
    assert "Rubric" in text and "crm.value.top_share(transactions, 0.2)" in text
    assert all(c["cell_type"] != "raw" for c in nb["cells"])
    # the Chinese student version links its Chinese worked solution: it is released with it
    zh_master = ROOT / "zh" / "solutions" / master.name
    zh = json.loads((dest / "zh" / "solutions" / master.name).read_text(encoding="utf-8"))
    zh_text = "\n".join("".join(c["source"]) for c in zh["cells"])
    assert not [s for s in secrets(zh_master, hidden_only=True) if s in zh_text]
    assert "def test_" not in zh_text and "评分标准" in zh_text


@pytest.mark.slow
def test_the_copys_notebooks_run_on_the_copys_own_library(copy, tmp_path):
    dest, _, _ = copy
    env = {**os.environ, "PYTHONPATH": str(dest / "lib")}
    env.pop("CRMLAB_DATA", None)
    where = subprocess.run(
        [sys.executable, "-c", "import crmlab, crmlab.data as d; print(crmlab.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(dest / "lib"))
    notebooks = sorted((dest / "notebooks").glob("*.ipynb")) + sorted(
        (dest / "exercises").glob("*.ipynb")
    )
    notebooks += sorted((dest / "casestudies").glob("*.ipynb")) + [
        dest / "solutions" / "02_core_customers.ipynb"
    ]
    halves = [notebooks[0::2], notebooks[1::2]]

    def run(paths):
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=300",
                "--output-dir",
                str(tmp_path),
                *map(str, paths),
            ],
            env=env,
            capture_output=True,
            text=True,
        )

    with ThreadPoolExecutor(2) as pool:
        for proc in pool.map(run, halves):
            assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(list(tmp_path.glob("*.ipynb"))) == len({p.name for p in notebooks})


def test_release_refuses_a_folder_with_work_in_it_and_a_bad_url(tmp_path):
    (tmp_path / "mine.txt").write_text("my work")
    with pytest.raises(release.ReleaseError, match="is not empty: give a new folder"):
        release.release(ROOT, tmp_path, repo_url=URL)
    assert (tmp_path / "mine.txt").read_text() == "my work"
    with pytest.raises(release.ReleaseError, match="--repo-url must be the web address"):
        release.links("crm-class")
    with pytest.raises(release.ReleaseError, match="not a class copy"):
        release.release_solutions(ROOT / "solutions", "02", tmp_path)
    with pytest.raises(release.ReleaseError, match=r"set '9': found \[\]"):
        release.release_solutions(ROOT / "solutions", "9", tmp_path)


def test_links_for_github_gitlab_and_any_git_host():
    assert release.links("https://github.com/a/b.git", "fall")["binder"].startswith(
        "https://mybinder.org/v2/gh/a/b/fall?"
    )
    assert release.links("https://gitlab.com/a/b")["binder"].startswith(
        "https://mybinder.org/v2/gl/a%2Fb/main?"
    )
    other = release.links("https://git.school.edu/crm/b")
    assert other["binder"].startswith(
        "https://mybinder.org/v2/git/https%3A%2F%2Fgit.school.edu%2Fcrm%2Fb/main?"
    )
    assert other["name"] == "b" and "urlpath=lab%2Ftree%2Fb%2Fnotebooks" in other["nbgitpuller"]


def test_a_leaking_file_stops_the_release(tmp_path, monkeypatch):
    master = MASTERS[0]
    root = tmp_path / "course"
    for rel in ("README.md", "solutions/" + master.name, "notebooks/x.ipynb"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "README.md", root / "README.md")
    shutil.copy2(master, root / "solutions" / master.name)
    (root / "notebooks" / "x.ipynb").write_text(
        json.dumps({"cells": [{"cell_type": "code", "source": fingerprints(master)[0]}]})
    )
    with pytest.raises(
        release.ReleaseError, match="hidden-test text would be published; nothing written"
    ):
        release.release(root, tmp_path / "out", repo_url=URL)
    assert not (tmp_path / "out").exists()
