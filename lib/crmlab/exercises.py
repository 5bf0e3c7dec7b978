"""Student-side helpers for the exercise sets: per-student data, hints and a progress summary.

Each exercise notebook starts with ``STUDENT_ID = "..."``. :func:`student_seed` turns that id
into a stable seed, so every student gets their own variant of the data (same planted
structure, different numbers) and the hidden tests recompute the answer on that student's
data. :func:`hint` prints the hint of a question, :func:`progress` says which questions pass
their public tests, locally, without any platform; :class:`Checker` (the notebook's ``grader``)
runs those public tests, without otter-grader.

The instructor's side (generating student versions, grading a class in a sandbox, releasing a
class copy) lives in ``tools/exercises.py`` and ``tools/exercise_kit/``.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
from pathlib import Path

from .checks import Checker
from .errors import CRMLabError
from .language import tr

__all__ = ["student_seed", "practice_orders", "hints_from_notebook", "hint", "progress", "Checker"]

_HINT = re.compile(
    r"<details>\s*<summary>\s*(?:<b>)?\s*(?:Hint|提示)\s*\(?\s*([A-Za-z_]\w*)\s*\)?\s*(?:</b>)?\s*"
    r"</summary>"
    r"(.*?)</details>",
    re.DOTALL | re.IGNORECASE,
)
_ROOT = Path(__file__).resolve().parents[2]


def student_seed(student_id) -> int:
    """Stable seed in ``[0, 2**32)`` for a student id (same id -> same seed on every machine).

    seed = first 4 bytes (big-endian) of ``sha256(student_id.strip().casefold())``. Python's
    ``hash()`` is salted per process and would give each run different data.

    Parameters
    ----------
    student_id : str
        The id the student writes in the first cell; surrounding spaces and letter case are ignored.

    Returns
    -------
    int

    Examples
    --------
    >>> student_seed("s1234567") == student_seed("  S1234567 ")
    True
    >>> student_seed("s1234567") != student_seed("s1234568")
    True
    >>> student_seed("s1234567")
    2184681076
    """
    if not isinstance(student_id, str) or not student_id.strip():
        raise CRMLabError(
            f"STUDENT_ID must be a non-empty text such as 's1234567'; got {student_id!r}. "
            "Set it in the first cell of the notebook."
        )
    digest = hashlib.sha256(student_id.strip().casefold().encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big")


def practice_orders(*, seed, n_customers: int = 40):
    """A tiny, self-contained order table for practice sets (one row per order).

    Customer value is skewed on purpose: customer ``i`` has weight ``w_i ~ Pareto(2) + 1``, makes
    ``1 + Poisson(2 w_i / mean(w))`` orders, each worth ``LogNormal(3.5, 0.5) * w_i`` rounded to
    cents. So the top 20% of customers hold most of the revenue (median 65% over 1,000 seeds at
    40 customers; 99% of seeds between 44% and 96%, the lowest 36%): the planted structure
    stays while the numbers differ from seed to seed.

    Parameters
    ----------
    seed : int
        Seed for ``numpy.random.default_rng``; use ``student_seed(STUDENT_ID)``.
    n_customers : int, default 40
        Number of customers, 10 to 10,000.

    Returns
    -------
    pandas.DataFrame
        Columns ``customer_id`` (text ``C001``...), ``order_no`` (1, 2, ... per customer) and
        ``amount`` (float, > 0).

    Examples
    --------
    >>> df = practice_orders(seed=1, n_customers=10)
    >>> list(df.columns), df["customer_id"].nunique()
    (['customer_id', 'order_no', 'amount'], 10)
    >>> bool(practice_orders(seed=1, n_customers=10).equals(df))
    True
    """
    import numpy as np
    import pandas as pd

    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise CRMLabError(
            f"seed must be a non-negative integer such as student_seed(STUDENT_ID); got {seed!r}"
        )
    if (
        isinstance(n_customers, bool)
        or not isinstance(n_customers, (int, np.integer))
        or not 10 <= n_customers <= 10_000
    ):
        raise CRMLabError(f"n_customers must be an integer from 10 to 10,000; got {n_customers!r}")
    rng = np.random.default_rng(seed)
    weight = rng.pareto(2.0, n_customers) + 1.0
    orders = 1 + rng.poisson(2.0 * weight / weight.mean())
    width = len(str(n_customers))
    ids = np.repeat([f"C{i + 1:0{max(3, width)}d}" for i in range(n_customers)], orders)
    order_no = np.concatenate([np.arange(1, k + 1) for k in orders])
    amount = np.round(rng.lognormal(3.5, 0.5, orders.sum()) * np.repeat(weight, orders), 2)
    return pd.DataFrame({"customer_id": ids, "order_no": order_no, "amount": amount})


def hints_from_notebook(nb) -> dict:
    """Hints written in a notebook's markdown as
    ``<details><summary>Hint q1</summary>...</details>`` (or ``<summary>提示 q1</summary>``).

    Parameters
    ----------
    nb : dict
        A notebook as read by ``json.load`` or ``nbformat.read``.

    Returns
    -------
    dict
        ``{question: hint text}`` in the order they appear.

    Examples
    --------
    >>> cell = {"cell_type": "markdown",
    ...         "source": "<details><summary>Hint q1</summary>\\n\\nSum the column.\\n</details>"}
    >>> hints_from_notebook({"cells": [cell]})
    {'q1': 'Sum the column.'}
    >>> cell = {"cell_type": "markdown",
    ...         "source": "<details><summary>提示 q2</summary>加总。</details>"}
    >>> hints_from_notebook({"cells": [cell]})
    {'q2': '加总。'}
    """
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise CRMLabError(
            f"nb must be a notebook (a dict with a 'cells' list); got {type(nb).__name__}"
        )
    found = {}
    for source in _markdown_sources(nb):
        for name, text in _HINT.findall(source):
            found[name] = text.strip()
    return found


def _markdown_sources(nb):
    """The text of each markdown cell of a notebook dict, in order."""
    for cell in nb["cells"]:
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            yield "".join(source) if isinstance(source, list) else source


def _find_notebook(set_id: str) -> Path:
    places = [Path.cwd(), _ROOT / "exercises"]
    for place in places:
        matches = sorted(place.glob(f"{set_id}_*.ipynb")) + sorted(place.glob(f"{set_id}.ipynb"))
        if matches:
            return matches[0]
    raise CRMLabError(
        f"no exercise notebook for set {set_id!r}: looked for '{set_id}_*.ipynb' in "
        f"{[str(p) for p in places]}. Give the set number as text, e.g. hint('02', 'q1'), "
        "or pass path='your_notebook.ipynb'."
    )


def _check_hint_args(set_id, question) -> None:
    if not isinstance(set_id, str) or not isinstance(question, str):
        raise CRMLabError(
            f"set_id and question must be text such as hint('02', 'q1'); got {set_id!r}, "
            f"{question!r}"
        )


def _read_notebook(nb_path) -> dict:
    try:
        return json.loads(nb_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise CRMLabError(f"cannot read notebook {str(nb_path)!r}: {err}") from None


def hint(set_id, question, *, path=None) -> None:
    """Print the hint for one question of an exercise set.

    Parameters
    ----------
    set_id : str
        The set: the notebook's number as text (``"02"``) or a case study name (``"case_churn"``).
    question : str
        The question name shown in the notebook, e.g. ``"q1"``.
    path : str or Path, optional
        The notebook to read; by default ``<set_id>_*.ipynb`` in the current folder, then in
        the course's ``exercises/`` folder.

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> cell = {"cell_type": "markdown",
    ...         "source": "<details><summary>Hint q1</summary>Add up amount.</details>"}
    >>> nb = pathlib.Path(tempfile.mkdtemp()) / "99_demo.ipynb"
    >>> _ = nb.write_text(json.dumps({"cells": [cell]}))
    >>> hint("99", "q1", path=nb)
    Hint for q1: Add up amount.
    """
    _check_hint_args(set_id, question)
    nb_path = Path(path) if path is not None else _find_notebook(set_id)
    hints = hints_from_notebook(_read_notebook(nb_path))
    if question not in hints:
        raise CRMLabError(
            f"no hint for question {question!r} in {nb_path.name}; questions with hints: "
            f"{list(hints)}"
        )
    print(tr("Hint for {question}: {hint}", question=question, hint=hints[question]))


def _check_grader(grader) -> None:
    if not isinstance(grader, Checker):
        raise CRMLabError(f"grader must be the crm.exercises.Checker made in the first cell; got "
                          f"{type(grader).__name__}")


def progress(grader, *, env=None):
    """Which questions pass their public checks so far: a local summary, no platform needed.

    Runs ``grader.check`` for every question of the set, in the caller's variables (or ``env``),
    prints how many pass and shows the table itself (``IPython.display`` in a notebook, plain
    text elsewhere), so the summary appears even when the call is not the last line of its cell,
    e.g. inside ``if "grader" in globals():``. Public checks look at the form of an answer and
    catch common mistakes; passing them is a good sign, not the grade: hidden tests decide.
    Written (manual) questions are graded by hand and are not listed.

    Parameters
    ----------
    grader : Checker
        The ``grader`` made by the notebook's first cell (:class:`Checker`).
    env : dict, optional
        Variables to check; by default the caller's globals (the notebook's variables).

    Returns
    -------
    pandas.DataFrame
        One row per question: ``question``, ``status`` (``"passes"`` or ``"not yet"``; headings
        and statuses in the current language, :func:`crmlab.language.tr`); the same table that
        was shown (at the end of a cell, a notebook shows it a second time:
        write ``crm.exercises.progress(grader);`` there).
    """
    import pandas as pd

    _check_grader(grader)
    if env is None:
        env = inspect.currentframe().f_back.f_globals
    passes = [grader.check(q, env).passed_all for q in grader.questions]
    status = [tr("passes") if ok else tr("not yet") for ok in passes]
    table = pd.DataFrame({tr("question"): grader.questions, tr("status"): status})
    print(tr("{done} of {n} questions pass their public tests. A pass checks the form of an answer "
             "and common mistakes, not its value: hidden tests decide the grade. Written questions "
             "are graded by hand and not counted here.", done=sum(passes), n=len(passes)))
    _show(table)
    return table


def _show(table) -> None:
    """Display ``table`` in a running IPython kernel or shell, print it as text otherwise."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        from IPython.display import display

        display(table)
    else:
        print(table.to_string(index=False))
