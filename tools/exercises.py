"""Exercise sets with otter-grader: generate student versions, check them, grade a class.

The single source of every set is ``solutions/NN_*.ipynb`` or ``solutions/case_*.ipynb`` in
otter-assign format (see ``solutions/AUTHORING.md``). Commands (also ``make exercises`` / ``make grade``)::

    python tools/exercises.py generate                 # solutions/ -> exercises/ + _build/autograder/<set>/
    python tools/exercises.py check                    # missing sets, drift, leaks (no otter run)
    python tools/exercises.py validate [SET ...]       # solution full marks, blank version zero
    python tools/exercises.py grade SET FOLDER -o grades.csv [--jobs 2] [--timeout 300]

Grading runs each submission with ``otter run`` (no Docker) in its own process with a time limit,
so student code runs as YOUR user, with the hidden tests in its working folder: it is not a
sandbox. With Docker, prefer ``otter grade`` (see AUTHORING.md).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AUTOGRADER = ROOT / "_build" / "autograder"
SET_PATTERNS = ("[0-9][0-9]_*.ipynb", "case_*.ipynb")
CHECK_CELL = re.compile(r"""^\s*grader\.check\(\s*["']([^"']+)["']\s*\)\s*$""")
STUDENT_ID = re.compile(r"""^\s*STUDENT_ID\s*=\s*["']([^"'\n]*)["']""", re.MULTILINE)
MARKERS = ("# SOLUTION", "BEGIN SOLUTION", "END SOLUTION", "# HIDDEN", "BEGIN TESTS", "ASSIGNMENT CONFIG")
CSV_COLUMNS = ["submission", "student_id", "question", "score", "possible", "result", "total",
               "total_possible", "status", "reason"]
# Submission problems, most serious first: the first one found is the row's status.
SEVERITY = ["invalid-json", "invalid-notebook", "wrong-assignment", "timeout", "grader-failed",
            "cell-error", "tests-edited", "no-otter-metadata", "renamed", "unknown-kernel", "duplicate-id"]


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _read_nb(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def find_sets(solutions: Path) -> list[Path]:
    """Master notebooks of every exercise set in ``solutions`` (``NN_*.ipynb``, ``case_*.ipynb``)."""
    return sorted({p for pat in SET_PATTERNS for p in Path(solutions).glob(pat)})


def missing_sets(root: Path) -> list[str]:
    """Course notebooks (``notebooks/NN_*`` with NN >= 01, ``casestudies/case_*``) with no
    exercise set of the same file name in ``solutions/``."""
    root = Path(root)
    wanted = [p for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb") if not p.name.startswith("00_")]
    wanted += list((root / "casestudies").glob("case_*.ipynb"))
    return sorted(f"{p.relative_to(root)}: no exercise set solutions/{p.name}"
                  for p in wanted if not (root / "solutions" / p.name).exists())


def questions(master: Path) -> list[dict]:
    """``[{name, points, manual}]`` from the ``# BEGIN QUESTION`` raw cells of a master notebook."""
    import yaml

    found = []
    for cell in _read_nb(master)["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "raw" and text.lstrip().startswith("# BEGIN QUESTION"):
            conf = yaml.safe_load(text.split("\n", 1)[1]) or {}
            pts = conf.get("points", 1)
            found.append({"name": str(conf["name"]), "points": float(sum(pts) if isinstance(pts, list) else pts),
                          "manual": bool(conf.get("manual", False))})
    return found


def _normalise(nb_path: Path) -> None:
    """Make a generated notebook byte-stable: otter gives its inserted cells random ids."""
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{nb_path.stem[:40]}-{i:02d}"
    nbformat.write(nb, nb_path)


def assign(master: Path, exercises: Path, autograder: Path = AUTOGRADER) -> Path:
    """Run ``otter assign`` on one master: student notebook into ``exercises``, autograder zip,
    solution, released copy and ``manifest.json`` into ``autograder/<stem>/``. Returns that folder."""
    master = Path(master).resolve()
    with tempfile.TemporaryDirectory() as tmp:
        dist = Path(tmp) / "dist"
        run = subprocess.run([sys.executable, "-m", "otter", "assign", str(master), str(dist)],
                             capture_output=True, text=True, cwd=master.parent)
        zips = list((dist / "autograder").glob("*-autograder_*.zip"))
        if run.returncode != 0 or not zips:
            raise RuntimeError(f"otter assign failed on {master.name}:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
        exercises.mkdir(parents=True, exist_ok=True)
        for item in (dist / "student").iterdir():
            target = exercises / item.name
            (shutil.copytree(item, target, dirs_exist_ok=True) if item.is_dir() else shutil.copy2(item, target))
        _normalise(exercises / master.name)
        set_dir = Path(autograder) / master.stem
        shutil.rmtree(set_dir, ignore_errors=True)
        set_dir.mkdir(parents=True)
        shutil.copy2(zips[0], set_dir / f"{master.stem}-autograder.zip")
        shutil.copy2(dist / "autograder" / master.name, set_dir / "solution.ipynb")
        shutil.copy2(exercises / master.name, set_dir / "released.ipynb")
    manifest = {"set": master.stem, "notebook": master.name, "assignment": master.stem,
                "questions": questions(master)}
    (set_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return set_dir


def generate(solutions: Path, exercises: Path, autograder: Path = AUTOGRADER, *, jobs: int = 2) -> list[Path]:
    """Generate every set in ``solutions`` (in parallel); returns the autograder folders."""
    masters = find_sets(solutions)
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(lambda m: assign(m, Path(exercises), Path(autograder)), masters))


def drift(solutions: Path, exercises: Path, *, jobs: int = 2) -> list[str]:
    """Regenerate into a temp folder and list every difference with ``exercises``."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "exercises"
        generate(solutions, fresh, Path(tmp) / "autograder", jobs=jobs)
        return compare(fresh, exercises)


def compare(fresh: Path, exercises: Path) -> list[str]:
    """Differences between freshly generated student files and the committed ``exercises``.
    Generation is byte-stable (cell ids are normalised), so files must match exactly."""
    problems = []
    for new in sorted(p for p in Path(fresh).rglob("*") if p.is_file()):
        old = Path(exercises) / new.relative_to(fresh)
        if not old.exists():
            problems.append(f"{old}: missing, run `make exercises`")
        elif old.read_bytes() != new.read_bytes():
            problems.append(f"{old}: out of date with solutions/, run `make exercises`")
    names = {p.name for p in find_sets(fresh)}
    problems += [f"{old}: no master in solutions/ (remove it or add the set)"
                 for old in find_sets(exercises) if old.name not in names]
    return problems


def _master_secrets(master: Path) -> list[str]:
    """Text that must never reach a student: solution lines, manual solutions, hidden tests."""
    secrets, public, block = [], [], None
    for cell in _read_nb(master)["cells"]:
        text = _source(cell)
        head = text.strip().split("\n", 1)[0] if cell["cell_type"] == "raw" else ""
        if head in ("# BEGIN SOLUTION", "# BEGIN TESTS"):
            block = head
            continue
        if head in ("# END SOLUTION", "# END TESTS"):
            block = None
            continue
        lines = text.split("\n")
        if block == "# BEGIN SOLUTION" and cell["cell_type"] == "markdown":
            secrets += [ln.strip() for ln in lines if len(ln.strip()) > 15]
        elif cell["cell_type"] == "code":
            inline = False
            for ln in lines:
                if ln.strip() in ("# BEGIN SOLUTION", "# BEGIN SOLUTION NO PROMPT", "# END SOLUTION"):
                    inline = ln.strip() != "# END SOLUTION"
                elif inline and len(ln.strip()) > 3:
                    secrets.append(ln.strip())
                elif ln.rstrip().endswith("# SOLUTION"):
                    body = ln.rsplit("# SOLUTION", 1)[0].strip()
                    rhs = body.split("=", 1)[1].strip() if "=" in body else body
                    if len(rhs) > 3:
                        secrets.append(rhs)
            if block == "# BEGIN TESTS" and text.lstrip().startswith("# HIDDEN"):
                secrets += [ln.strip() for ln in lines[1:] if len(ln.strip()) > 15]
                continue
        if block != "# BEGIN SOLUTION":
            public.append(text)
    # a line that also appears in a public cell (e.g. an import) is no secret
    return [s for s in dict.fromkeys(secrets) if not any(s in text for text in public)]


def leaks(student: Path, master: Path) -> list[str]:
    """Solution lines, hidden tests or otter markers found anywhere in a student notebook
    (cells and metadata, where otter keeps the public tests)."""
    nb = _read_nb(student)
    texts = [(f"cell {i}", _source(c)) for i, c in enumerate(nb["cells"])]
    texts += [(f"metadata test {k}", v) for k, v in nb.get("metadata", {}).get("otter", {}).get("tests", {}).items()]
    found = []
    for where, text in texts:
        found += [f"{student.name} {where}: otter marker {m!r}" for m in MARKERS if m in text]
        found += [f"{student.name} {where}: solution or hidden test text {s!r}"
                  for s in _master_secrets(master) if s in text]
    return found


def validate(solutions: Path, *, sets=None, jobs: int = 2, timeout: int = 300) -> list[str]:
    """Every set's solution must get full marks on each autograded question and its blank
    student version zero on each. All notebooks are graded in one parallel batch."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        masters = [m for m in find_sets(solutions) if not sets or any(m.stem.startswith(s) for s in sets)]
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            dirs = list(pool.map(lambda m: assign(m, tmp / "ex", tmp / "ag"), masters))
        tasks = validation_tasks(dirs, tmp / "subs")
        results = grade_many([(path, d, timeout, f"{d.name}/{kind}") for d, kind, path in tasks], jobs=jobs)
        return validation_problems(list(zip(tasks, results)))


def answered(set_dir: Path, student_id: str | None = None) -> dict:
    """A generated set's solution as the notebook of a student who answered everything (the
    released version's metadata), with its ``STUDENT_ID`` line set to ``student_id`` if given."""
    set_dir = Path(set_dir)
    solved = _read_nb(set_dir / "solution.ipynb")
    solved["metadata"] = _read_nb(set_dir / "released.ipynb")["metadata"]
    if student_id is not None:
        for cell in solved["cells"]:
            if cell["cell_type"] == "code":
                cell["source"] = STUDENT_ID.sub(  # only the quoted value changes
                    lambda m: m.group(0)[:m.start(1) - m.start(0)] + student_id + m.group(0)[m.end(1) - m.start(0):],
                    _source(cell))
    return solved


def validation_tasks(set_dirs, folder: Path) -> list[tuple[Path, str, Path]]:
    """Write, for each generated set folder, the two notebooks ``validate`` grades: the solution
    as a student who answered everything (``"solution"``) and the blank released version
    (``"blank"``), each in its own subfolder of ``folder``. Returns ``(set_dir, kind, notebook)``."""
    tasks = []
    for d in set_dirs:
        d = Path(d)
        released = _read_nb(d / "released.ipynb")
        solved = answered(d)
        name = json.loads((d / "manifest.json").read_text())["notebook"]
        for kind, nb in (("solution", solved), ("blank", released)):
            sub = Path(folder) / d.name / kind
            sub.mkdir(parents=True)
            (sub / name).write_text(json.dumps(nb), encoding="utf-8")
            tasks.append((d, kind, sub / name))
    return tasks


def validation_problems(results) -> list[str]:
    """What ``validate`` reports from ``[((set_dir, kind, notebook), rows), ...]``: a grading
    problem, a solution short of full marks or a blank version above zero on any autograded question."""
    problems = []
    for (d, kind, _), rows in results:
        for row in rows:
            if row["result"] == "manual":
                continue
            if row["status"] != "ok":
                problems.append(f"{d.name} {kind}: {row['status']} ({row['reason']})")
                break
            full = row["score"] == row["possible"]
            if kind == "solution" and not full:
                problems.append(f"{d.name}: solution scores {row['score']}/{row['possible']} on {row['question']}")
            if kind == "blank" and row["score"] != 0:
                problems.append(f"{d.name}: blank student version scores {row['score']} on {row['question']}")
    return problems


# ---------------------------------------------------------------- grading
def _kill_tree(proc: subprocess.Popen) -> None:
    """Kill a grading process and everything it started (the kernel runs in its own session)."""
    try:
        import psutil

        kids = psutil.Process(proc.pid).children(recursive=True)
    except Exception:  # psutil missing or the process already gone: fall back to the group
        kids = []
    for p in kids:
        try:
            p.kill()
        except Exception:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def _prepare(sub: Path, set_dir: Path, work: Path):
    """Check one submission and write a gradable copy; returns (path or None, student_id, notes)."""
    import nbformat

    manifest = json.loads((set_dir / "manifest.json").read_text())
    released = _read_nb(set_dir / "released.ipynb")
    notes = []
    try:
        nb = json.loads(sub.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        return None, "", [("invalid-json", f"not valid notebook JSON ({type(err).__name__}: {str(err)[:80]})")]
    try:
        with warnings.catch_warnings():  # old notebooks without cell ids warn: not a problem here
            warnings.simplefilter("ignore")
            nb = nbformat.reads(json.dumps(nb), as_version=4)
            nbformat.validate(nb)
    except Exception as err:  # nbformat raises several types for broken structures
        first = (str(err).splitlines() or [type(err).__name__])[0]
        return None, "", [("invalid-notebook", f"JSON is not a valid notebook ({first[:100]})")]
    code = [_source(c) for c in nb.cells if c.cell_type == "code"]
    ids = [m.group(1).strip() for text in code for m in STUDENT_ID.finditer(text)]
    student_id = ids[-1] if ids else ""
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        notes.append(("unknown-kernel", f"kernel {kernel!r} replaced by 'python3'"))
        nb.metadata["kernelspec"] = released["metadata"]["kernelspec"]
    otter_meta = nb.metadata.get("otter")
    if not otter_meta or "assignment_name" not in otter_meta:
        notes.append(("no-otter-metadata", "otter metadata deleted: restored from the released version"))
        nb.metadata["otter"] = released["metadata"]["otter"]
    elif otter_meta["assignment_name"] != manifest["assignment"]:
        return None, student_id, [("wrong-assignment",
                                   f"notebook is for {otter_meta['assignment_name']!r}, not {manifest['assignment']!r}")]
    elif otter_meta.get("tests") != released["metadata"]["otter"].get("tests"):
        notes.append(("tests-edited", "test code in the notebook metadata was changed (graded with the instructor's tests)"))
    want = [_source(c).strip() for c in released["cells"] if CHECK_CELL.match(_source(c))]
    have = [s.strip() for s in code]
    lost = [CHECK_CELL.match(w).group(1) for w in want if w not in have]
    if lost:
        notes.append(("tests-edited", f"check cells edited or deleted for {', '.join(lost)} "
                                      "(graded with the instructor's tests)"))
    if not sub.name.endswith(manifest["notebook"]):  # LMS downloads may add a prefix, nothing else
        notes.append(("renamed", f"file named {sub.name!r}, expected a name ending in {manifest['notebook']!r} "
                                 "(graded anyway)"))
    target = work / manifest["notebook"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nbformat.write(nb, target)
    return target, student_id, notes


def grade_one(sub: Path, set_dir: Path, *, timeout: int = 300, label: str | None = None) -> list[dict]:
    """Grade one submission in its own process; always returns one row per question."""
    manifest = json.loads((Path(set_dir) / "manifest.json").read_text())
    label = label or sub.name
    scores, student_id = {}, ""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        (work / "in").mkdir()
        path, student_id, notes = _prepare(Path(sub), Path(set_dir), work / "in")
        if path is not None:
            env = {**os.environ, "TMPDIR": str(work)}
            cmd = [sys.executable, str(Path(__file__).resolve()), "_run", str(Path(set_dir).resolve() /
                   f"{manifest['set']}-autograder.zip"), str(path), str(work)]
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                    cwd=work, env=env, start_new_session=True)
            try:
                _, err = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_tree(proc)
                proc.stdout.close()
                proc.stderr.close()
                notes.append(("timeout", f"stopped after {timeout} s (an endless loop or very slow code?)"))
            else:
                if (work / "results.json").exists():
                    scores = {t["name"]: t for t in json.loads((work / "results.json").read_text())["tests"]
                              if "score" in t}
                    found = work / "cell_errors.json"
                    errors = json.loads(found.read_text()) if found.exists() else []
                    if errors:
                        notes.append(("cell-error", "; ".join(errors[:3])))
                else:
                    tail = err.strip().splitlines()[-1:] or ["no output"]
                    notes.append(("grader-failed", f"otter run failed: {tail[0][:160]}"))
    return _rows(label, student_id, manifest, scores, notes)


def _rows(label, student_id, manifest, scores, notes) -> list[dict]:
    notes = sorted(notes, key=lambda n: SEVERITY.index(n[0]))
    status = notes[0][0] if notes else "ok"
    reason = "; ".join(dict.fromkeys(msg for _, msg in notes))
    auto = [q for q in manifest["questions"] if not q["manual"]]
    total = sum(float(scores.get(q["name"], {}).get("score", 0)) for q in auto)
    possible = sum(q["points"] for q in auto)
    rows = []
    for q in manifest["questions"]:
        if q["manual"]:
            score, result = "", "manual"
        else:
            score = float(scores.get(q["name"], {}).get("score", 0))
            result = "correct" if score == q["points"] else ("partial" if score > 0 else "wrong")
        rows.append({"submission": label, "student_id": student_id, "question": q["name"], "score": score,
                     "possible": q["points"], "result": result, "total": total, "total_possible": possible,
                     "status": status, "reason": reason})
    return rows


def flag_duplicates(rows: list[dict]) -> list[dict]:
    """Mark submissions that share a STUDENT_ID (their data, hence their answers, are the same)."""
    seen = {}
    for r in rows:
        if r["student_id"]:
            seen.setdefault(r["student_id"].casefold(), set()).add(r["submission"])
    for r in rows:
        others = sorted(seen.get(r["student_id"].casefold(), set()) - {r["submission"]})
        if others:
            r["reason"] = "; ".join(filter(None, [r["reason"], f"same STUDENT_ID as {', '.join(others)}"]))
            r["status"] = r["status"] if r["status"] != "ok" else "duplicate-id"
    return rows


def grade_many(tasks, *, jobs: int = 2) -> list[list[dict]]:
    """Grade ``[(submission, set_dir, timeout, label), ...]`` (any mix of sets) in one pool of
    ``jobs`` processes, in the given order; returns each task's rows. Put the slowest first."""
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(lambda t: grade_one(Path(t[0]), Path(t[1]), timeout=t[2], label=t[3]), tasks))


def write_grades(rows: list[dict], out_csv: Path) -> list[dict]:
    """Flag shared STUDENT_IDs and write the rows of one set's submissions as ``grade``'s CSV."""
    flag_duplicates(rows)
    Path(out_csv).parent.mkdir(parents=True, exist_ok=True)
    with open(out_csv, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def grade(set_dir: Path, submissions: Path, out_csv: Path, *, jobs: int = 2, timeout: int = 300) -> list[dict]:
    """Grade every ``*.ipynb`` in ``submissions`` into one CSV (one row per submission and question)."""
    files = sorted(p for p in Path(submissions).iterdir() if p.is_file() and p.suffix == ".ipynb")
    results = grade_many([(f, set_dir, timeout, f.name) for f in files], jobs=jobs)
    return write_grades([r for rs in results for r in rs], out_csv)


def _run(zip_path: str, nb_path: str, out_dir: str) -> None:
    """Worker (own process): ``otter run`` on one notebook, then list the cells that raised."""
    import otter.run

    results = otter.run.main(nb_path, autograder=zip_path, output_dir=out_dir, no_logo=True)
    errors = [f"cell {i}: {o.get('ename')}: {str(o.get('evalue'))[:100]}"
              for i, c in enumerate(results.notebook.cells) if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    Path(out_dir, "cell_errors.json").write_text(json.dumps(errors), encoding="utf-8")


def resolve_set(name: str, autograder: Path = AUTOGRADER) -> Path:
    matches = sorted(p for p in Path(autograder).glob(f"{name}*") if (p / "manifest.json").exists())
    if len(matches) != 1:
        sys.exit(f"set {name!r}: found {[m.name for m in matches]} in {autograder}; run `make exercises` "
                 "first and name one set, e.g. SET=02")
    return matches[0]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    for p in (g, sub.add_parser("check"), sub.add_parser("validate")):
        p.add_argument("--solutions", type=Path, default=ROOT / "solutions")
        p.add_argument("--exercises", type=Path, default=ROOT / "exercises")
        p.add_argument("--autograder", type=Path, default=AUTOGRADER)
        p.add_argument("--jobs", type=int, default=2)
        if p.prog.endswith("validate"):
            p.add_argument("sets", nargs="*")
    gr = sub.add_parser("grade")
    gr.add_argument("set")
    gr.add_argument("folder", type=Path)
    gr.add_argument("-o", "--out", type=Path, default=Path("grades.csv"))
    gr.add_argument("--jobs", type=int, default=2)
    gr.add_argument("--timeout", type=int, default=300)
    gr.add_argument("--autograder", type=Path, default=AUTOGRADER)
    run = sub.add_parser("_run")
    run.add_argument("zip"), run.add_argument("nb"), run.add_argument("out")
    a = ap.parse_args(argv)
    if a.cmd == "_run":
        _run(a.zip, a.nb, a.out)
        return 0
    if a.cmd == "generate":
        for d in generate(a.solutions, a.exercises, a.autograder, jobs=a.jobs):
            print(f"{d.name}: student version in {a.exercises}, autograder in {d}")
        return 0
    if a.cmd == "grade":
        rows = grade(resolve_set(a.set, a.autograder), a.folder, a.out, jobs=a.jobs, timeout=a.timeout)
        subs = {r["submission"]: r for r in rows}
        for name, r in subs.items():
            print(f"{name}: {r['total']:g}/{r['total_possible']:g} {r['status']} {r['reason']}")
        print(f"{len(subs)} submissions -> {a.out}")
        return 0
    if a.cmd == "check":
        problems = missing_sets(ROOT) + drift(a.solutions, a.exercises, jobs=a.jobs)
        problems += [p for m in find_sets(a.solutions) if (a.exercises / m.name).exists()
                     for p in leaks(a.exercises / m.name, m)]
    else:
        problems = validate(a.solutions, sets=a.sets, jobs=a.jobs)
    print("\n".join(problems) or "all good")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
