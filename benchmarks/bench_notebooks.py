"""Run time of each concept notebook and case study, top to bottom in a fresh kernel
(target < 10 s).

Kernel start-up is included, as a reader's "Restart and Run All" would see it; nothing is saved.
Solutions are timed too: graders run them once per submission.
"""

import time
from pathlib import Path

from ._timing import machine

ROOT = Path(__file__).resolve().parents[1]


def run():
    import nbformat
    from nbclient import NotebookClient

    print(machine())
    paths = sorted(
        p for d in ("notebooks", "casestudies", "solutions") for p in (ROOT / d).glob("*.ipynb")
    )
    slow = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(
            nb,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        elapsed = time.perf_counter() - start
        if elapsed >= 10:
            slow.append(path.name)
        print(
            f"{path.parent.name}/{path.name:38s} {elapsed:5.1f} s "
            f"{'ok' if elapsed < 10 else 'SLOW'}"
        )
    print(f"target < 10 s each: {'met by all' if not slow else 'NOT met by ' + ', '.join(slow)}")
