"""Run notebooks top to bottom in a fresh kernel and store their outputs in place.

Usage: python tools/execute_notebooks.py notebooks/02_core_customers.ipynb [...]
With no argument every notebook in notebooks/, casestudies/ and solutions/ is run.
Widget state is saved with the outputs so that a static book can render the widgets.
"""

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    start = time.perf_counter()
    # No execution timestamps in cell metadata: they change on every run and would turn each
    # re-execution (and the student versions generated from solutions) into a noisy diff.
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
        coalesce_streams=True,
    ).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    elapsed = time.perf_counter() - start
    nbformat.write(nb, path)
    return elapsed


def main(argv):
    paths = [Path(a) for a in argv] or sorted(
        p for d in ("notebooks", "casestudies", "solutions") for p in (ROOT / d).glob("*.ipynb")
    )
    for path in paths:
        print(f"{path}: {execute(path):.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
