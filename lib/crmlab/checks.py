"""The checks inside a student's exercise notebook: ``grader.check("q1")``, without otter-grader.

The first cell of every student exercise notebook makes ``grader = crm.exercises.Checker(
"NN_name.ipynb")``. The checker reads the set's public checks from that notebook's metadata
(written there by ``make exercises`` from the set's public tests) and runs them on the student's
own variables, so a student gets each check's message at once, with nothing more to install.
Public checks look at the form of an answer and at common mistakes; the hidden tests, which hold
the grade, are not in the student's notebook and run only when the instructor grades. The
checker's own words go through :func:`crmlab.language.tr`, so in the Chinese edition (whose setup
cell calls ``crm.set_language("zh")``) they are Chinese, like that edition's check messages.
"""

from __future__ import annotations

import html
import inspect
import json
from pathlib import Path

from .errors import CRMLabError
from .language import tr

__all__ = ["Checker", "CheckResult"]

METADATA_KEY = "crmlab"


class CheckResult:
    """What ``grader.check`` found for one question: shown as text or, in a notebook, as HTML."""

    def __init__(self, question: str, failures: list[str], n_checks: int):
        self.question, self.failures, self.n_checks = question, failures, n_checks

    @property
    def passed_all(self) -> bool:
        """True when every check of the question passes."""
        return not self.failures

    def _failed(self) -> str:
        return tr("{failed} of {n} checks failed", failed=len(self.failures), n=self.n_checks)

    def __repr__(self) -> str:
        if self.passed_all:
            return tr("{question} results: All test cases passed!", question=self.question)
        lines = [tr("{question} results: {failed}", question=self.question, failed=self._failed())]
        return "\n".join(lines + [f"    ❌ {message}" for message in self.failures])

    def _repr_html_(self) -> str:
        if self.passed_all:
            question = f"<strong>{html.escape(self.question)}</strong>"
            return f"<p>{tr('{question} passed!', question=question)}</p>"
        question = f"<strong style='color: #D55E00;'>{html.escape(self.question)}</strong>"
        items = "".join(f"<li>{html.escape(m)}</li>" for m in self.failures)
        head = tr("{question}: {failed}", question=question, failed=html.escape(self._failed()))
        return f"<p>{head}</p><ul>{items}</ul>"


class Checker:
    """The public checks of one exercise set, read from its notebook.

    Parameters
    ----------
    notebook : str or Path
        The exercise notebook, e.g. ``"02_core_customers.ipynb"`` (looked up in the current
        folder, where Jupyter runs a notebook).

    Examples
    --------
    >>> import json, tempfile, pathlib
    >>> check = {"name": "test_q1_positive", "args": ["x"],
    ...          "source": "def test_q1_positive(x):\\n    assert x > 0, 'x should be positive'"}
    >>> meta = {"crmlab": {"exercise_set": "99_demo", "checks": {"q1": [check]}}}
    >>> nb = {"cells": [], "metadata": meta}
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "99_demo.ipynb"
    >>> _ = path.write_text(json.dumps(nb))
    >>> grader = Checker(path)
    >>> grader.check("q1", {"x": 3})
    q1 results: All test cases passed!
    >>> grader.check("q1", {"x": -1})
    q1 results: 1 of 1 checks failed
        ❌ x should be positive
    >>> from crmlab.language import using_language
    >>> with using_language("zh"):
    ...     grader.check("q1", {"x": 3})
    q1 的结果：全部检查都通过了！
    """

    def __init__(self, notebook):
        path = Path(notebook)
        try:
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        except FileNotFoundError:
            raise CRMLabError(
                f"cannot find the exercise notebook {str(notebook)!r} in {str(Path.cwd())!r}: "
                "keep the "
                "notebook's original name (the checks are read from it), or pass its path"
            ) from None
        except (OSError, ValueError, AttributeError) as err:
            raise CRMLabError(f"cannot read the checks of {str(notebook)!r}: {err}") from None
        checks = meta.get(METADATA_KEY, {}).get("checks") if isinstance(meta, dict) else None
        if not isinstance(checks, dict):
            raise CRMLabError(
                f"{path.name} has no exercise checks in its metadata: download a fresh "
                "copy of the exercise notebook"
            )
        self.path, self.exercise_set = path, meta[METADATA_KEY].get("exercise_set", path.stem)
        self._checks = checks

    @property
    def questions(self) -> list[str]:
        """Names of the questions that have checks, in notebook order."""
        return list(self._checks)

    def check(self, question: str, env: dict | None = None) -> CheckResult:
        """Run the public checks of ``question`` on the notebook's variables (or ``env``).

        A variable that is not defined reaches a check as ``None``; the check's message says so.
        """
        if question not in self._checks:
            raise CRMLabError(
                f"no question {question!r} in {self.path.name}; questions: {self.questions}"
            )
        if env is None:
            env = inspect.currentframe().f_back.f_globals
        failures = [m for m in (_run(c, env) for c in self._checks[question]) if m]
        return CheckResult(question, failures, len(self._checks[question]))


def _run(check: dict, env: dict) -> str:
    """Run one check; its failure message, or "" when it passes."""
    namespace = {"__name__": "exercise_checks"}
    exec(compile(check["source"], f"<check {check['name']}>", "exec"), namespace)
    try:
        namespace[check["name"]](**{name: env.get(name) for name in check["args"]})
    except AssertionError as err:
        return str(err) or tr("{check} failed", check=check["name"])
    # A check is the author's code run on whatever the student wrote: any error means the answer
    # is not yet in a form the check understands, which is a failed check, not a crash.
    except Exception as err:  # noqa: BLE001
        return tr("{check} could not check your answer ({error})", check=check["name"],
                  error=f"{type(err).__name__}: {err}")
    return ""
