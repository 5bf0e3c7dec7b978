"""Run one submitted notebook to the end and report what happened, as one JSON document on stdout.

    python runner.py NOTEBOOK BUDGET_SECONDS ANSWERS_FILE

This script runs INSIDE the grading sandbox, beside the student's code, so nothing it reports is
trusted beyond "what this notebook did": the grader reads only plain data from it. The notebook's
last cell is the export cell that the grader appended (``answers.export_cell``); it writes the
graded variables to ANSWERS_FILE. The student's cells share BUDGET_SECONDS: a cell still running
when they are spent is interrupted, the cells after it are skipped, and the export cell still
runs (with its own allowance), so the answers computed before an endless loop count.

Stored outputs are cut (a long stream, a cell's total) so that a notebook printing 50 MB cannot
exhaust the grader; a note in the notebook and in the report says so. Uses only nbclient and
nbformat (importable in the sandbox), no crmlab.
"""

import io
import json
import sys
import time
from pathlib import Path
from subprocess import DEVNULL

STREAM_LIMIT = 100_000  # characters kept of one stream output
CELL_LIMIT = 2_000_000  # characters kept of all outputs of one cell
EXPORT_ALLOWANCE = 30  # seconds for the export cell, on top of the budget
ANSWERS_LIMIT = 200_000_000  # bytes of exported answers read back


def _size(out) -> int:
    if out.get("output_type") == "stream":
        return len(out.get("text", ""))
    data = out.get("data", {})
    return (
        sum(len(v) if isinstance(v, str) else len(json.dumps(v)) for v in data.values())
        + len(json.dumps(out.get("traceback", [])))
        + len(str(out.get("evalue", "")))
    )


def make_client(nb):
    from nbclient import NotebookClient

    class CappedClient(NotebookClient):
        """A client that stores at most CELL_LIMIT characters of output per cell."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.kept, self.dropped = {}, {}

        def output(self, outs, msg, display_id, cell_index):
            out = super().output(outs, msg, display_id, cell_index)
            if out is None or out not in outs:
                return out
            size, kept = _size(out), self.kept.get(cell_index, 0)
            if out.get("output_type") == "stream" and size > STREAM_LIMIT:
                self.dropped[cell_index] = self.dropped.get(cell_index, 0) + size - STREAM_LIMIT
                out["text"] = out["text"][:STREAM_LIMIT]
                size = STREAM_LIMIT
            if kept + size > CELL_LIMIT:
                outs.remove(out)
                self.dropped[cell_index] = self.dropped.get(cell_index, 0) + size
            else:
                self.kept[cell_index] = kept + size
            return out

    return CappedClient(
        nb,
        allow_errors=True,
        interrupt_on_timeout=False,
        kernel_name="python3",
        record_timing=False,
        startup_timeout=120,
        coalesce_streams=True,
        shutdown_kernel="immediate",
    )


def _errors(cell, index):
    return [
        f"cell {index}: {o.get('ename')}: {str(o.get('evalue'))[:120]}"
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def run(nb_path: Path, budget: float, answers_file: Path) -> dict:
    import nbformat
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbclient.util import run_sync

    nb = nbformat.read(nb_path, as_version=4)
    client = make_client(nb)
    report = {
        "errors": [],
        "timeout": None,
        "cut": [],
        "kernel_died": None,
        "answers": None,
        "export_error": None,
    }
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    export = code[-1] if code else None
    deadline = time.monotonic() + budget
    skip = False
    with client.setup_kernel(stdout=DEVNULL, stderr=DEVNULL, cwd=str(nb_path.parent)):
        for i in code:
            last = i == export
            if skip and not last:
                continue
            client.timeout = (
                EXPORT_ALLOWANCE if last else max(1, int(deadline - time.monotonic()) + 1)
            )
            try:
                client.execute_cell(nb.cells[i], i)
            except CellTimeoutError:
                if last:
                    report["export_error"] = (
                        f"the export cell did not finish in {EXPORT_ALLOWANCE} s"
                    )
                    break
                report["timeout"] = {"cell": i, "seconds": budget}
                run_sync(client.km.interrupt_kernel)()
                skip = True
                time.sleep(1)  # let the interrupt land before the export cell is queued
            except DeadKernelError:
                report["kernel_died"] = i
                break
            if last:
                for o in nb.cells[i].get("outputs", []):
                    if o.get("output_type") == "error":
                        report["export_error"] = f"{o.get('ename')}: {str(o.get('evalue'))[:200]}"
            else:
                report["errors"] += _errors(nb.cells[i], i)
            dropped = client.dropped.get(i, 0)
            if dropped:
                note = f"cell {i}: {dropped:,} characters of output not stored"
                report["cut"].append(note)
                nb.cells[i].outputs.append(
                    nbformat.v4.new_output("stream", name="stderr", text=f"[grader: {note}]\n")
                )
    if report["export_error"] is None and report["kernel_died"] is None and export is not None:
        try:
            with open(answers_file, "rb") as f:
                data = f.read(ANSWERS_LIMIT + 1)
        except OSError as err:
            report["export_error"] = f"no answers written ({type(err).__name__})"
        else:
            if len(data) > ANSWERS_LIMIT:
                report["export_error"] = f"answers larger than {ANSWERS_LIMIT:,} bytes"
            else:
                report["answers"] = data.decode("utf-8", errors="replace")
    if export is not None:
        del nb.cells[export]  # the grader's own cell is not part of the stored notebook
    report["notebook"] = nbformat.writes(nb)
    return report


def main(argv) -> int:
    nb_path, budget, answers_file = Path(argv[1]), float(argv[2]), Path(argv[3])
    report = run(nb_path, budget, answers_file)
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8")
    json.dump(report, out)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
