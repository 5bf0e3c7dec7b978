"""Exercise sets: generate student versions, check them, grade a class, release a class copy.

The single source of every set is ``solutions/NN_*.ipynb`` or ``solutions/case_*.ipynb`` in
otter-assign format (see ``solutions/AUTHORING.md``). Commands (also ``make exercises``,
``make grade``, ``make release``, ``make release-solutions``)::

    python tools/exercises.py generate              # solutions/ -> exercises/ + _build/autograder/
    python tools/exercises.py autograder [SET ...]  # only _build/autograder/, exercises/ untouched
    python tools/exercises.py check                 # missing sets, drift, leaks
    python tools/exercises.py validate [SET ...]    # solution full marks, blank version zero
    python tools/exercises.py grade SET FOLDER -o grades.csv [--jobs 2] [--timeout 60]
                                    [--roster ids.csv] [--unsafe]
    python tools/exercises.py release DEST --repo-url https://github.com/you/crm-class
    python tools/exercises.py release-solutions SET DEST

Each submission runs in a bubblewrap sandbox and is judged by a separate trusted process
(``tools/exercise_kit/``); ``grade`` refuses to run without bubblewrap unless ``--unsafe``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from exercise_kit import authoring, grading, leaks, release, sandbox, validate  # noqa: E402
from exercise_kit.gradebook import read_roster  # noqa: E402
from exercise_kit.sets import AUTOGRADER, ROOT, find_sets, missing_sets  # noqa: E402


def resolve_set(name: str, autograder: Path = AUTOGRADER, *, build: bool = False) -> Path:
    """The autograder folder of the one set whose name starts with ``name``; with ``build``, make
    it from ``solutions/`` first when it is missing (never touching ``exercises/``)."""
    matches = sorted(p for p in Path(autograder).glob(f"{name}*") if (p / "manifest.json").exists())
    if (
        not matches
        and build
        and any(m.stem.startswith(name) for m in find_sets(ROOT / "solutions"))
    ):
        print(
            f"building the grader's files of set {name} in {autograder} (exercises/ is not touched)"
        )
        authoring.build_autograder(ROOT / "solutions", autograder, sets=[name])
        matches = sorted(
            p for p in Path(autograder).glob(f"{name}*") if (p / "manifest.json").exists()
        )
    if len(matches) != 1:
        sys.exit(
            f"set {name!r}: found {[m.name for m in matches]} in {autograder}; "
            "name one set that is in "
            "solutions/, e.g. SET=02"
        )
    return matches[0]


def _grade(a) -> int:
    try:
        roster = read_roster(a.roster) if a.roster else None
        set_dir = resolve_set(a.set, a.autograder, build=a.autograder == AUTOGRADER)
        rows = grading.grade(
            set_dir, a.folder, a.out, jobs=a.jobs, timeout=a.timeout, unsafe=a.unsafe, roster=roster
        )
    except (sandbox.SandboxUnavailable, RuntimeError, ValueError, OSError) as err:
        print(f"grade: {err}", file=sys.stderr)
        return 2
    subs = {r["submission"]: r for r in rows}
    for name, r in subs.items():
        print(f"{name}: {r['total']:g}/{r['total_possible']:g} {r['status']} {r['reason']}")
    where = grading.outputs(a.out)
    print(
        f"{len(subs)} submissions ({rows[0]['isolation']}) -> {where['questions']}, "
        f"{where['gradebook']}, "
        f"executed notebooks in {where['notebooks']}/"
    )
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("generate", "autograder", "check", "validate"):
        p = sub.add_parser(name)
        p.add_argument("--solutions", type=Path, default=ROOT / "solutions")
        p.add_argument("--exercises", type=Path, default=ROOT / "exercises")
        p.add_argument("--autograder", type=Path, default=AUTOGRADER)
        p.add_argument("--jobs", type=int, default=2)
        if name in ("autograder", "validate"):
            p.add_argument("sets", nargs="*")
        if name == "validate":
            p.add_argument("--unsafe", action="store_true")
    gr = sub.add_parser("grade")
    gr.add_argument("set")
    gr.add_argument("folder", type=Path)
    gr.add_argument("-o", "--out", type=Path, default=Path("grades.csv"))
    gr.add_argument("--jobs", type=int, default=2)
    gr.add_argument("--timeout", type=int, default=60)
    gr.add_argument("--roster", type=Path)
    gr.add_argument("--unsafe", action="store_true")
    gr.add_argument("--autograder", type=Path, default=AUTOGRADER)
    rel = sub.add_parser("release")
    rel.add_argument("dest", type=Path)
    rel.add_argument("--repo-url", required=True)
    rel.add_argument("--branch", default="main")
    sol = sub.add_parser("release-solutions")
    sol.add_argument("set")
    sol.add_argument("dest", type=Path)
    a = ap.parse_args(argv)
    if a.cmd == "generate":
        for d in authoring.generate(a.solutions, a.exercises, a.autograder, jobs=a.jobs):
            print(f"{d.name}: student version in {a.exercises}, grader's files in {d}")
        return 0
    if a.cmd == "autograder":
        for d in authoring.build_autograder(
            a.solutions, a.autograder, sets=a.sets or None, jobs=a.jobs
        ):
            print(f"{d.name}: grader's files in {d}")
        return 0
    if a.cmd == "grade":
        return _grade(a)
    if a.cmd == "release":
        try:
            print(release.release(ROOT, a.dest, repo_url=a.repo_url, branch=a.branch))
        except release.ReleaseError as err:
            print(f"release: {err}", file=sys.stderr)
            return 2
        return 0
    if a.cmd == "release-solutions":
        try:
            print(release.release_solutions(ROOT / "solutions", a.set, a.dest))
        except release.ReleaseError as err:
            print(f"release-solutions: {err}", file=sys.stderr)
            return 2
        return 0
    if a.cmd == "check":
        problems = missing_sets(ROOT) + authoring.drift(a.solutions, a.exercises, jobs=a.jobs)
        problems += [
            p
            for m in find_sets(a.solutions)
            if (a.exercises / m.name).exists()
            for p in leaks.leaks(a.exercises / m.name, m)
        ]
    else:
        problems = validate.validate(a.solutions, sets=a.sets, jobs=a.jobs, unsafe=a.unsafe)
    print("\n".join(problems) or "all good")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
