"""Do a hand calculation and the library agree? ``crm.agree(hand, library, tol=...)``.

The course builds a thing by hand once, then calls the library and shows that the two agree.
:func:`agree` is that last step in one call: it lines the two up (numbers, arrays, Series or
DataFrames, aligned on their index and columns), prints the largest difference and whether it is
within the tolerance, and returns the answer as an :class:`Agreement`, which is true or false
like a bool and shows nothing more in a notebook.

Examples
--------
>>> import pandas as pd
>>> ok = agree(pd.Series([0.5, 0.25], index=["a", "b"]), pd.Series([0.25, 0.5], index=["b", "a"]))
hand and library agree: largest difference 0 (tolerance 1e-09)
>>> bool(ok)
True
>>> bool(agree(1.0, 1.2, tol=0.1))
hand and library DIFFER: largest difference 0.2 (tolerance 0.1)
False
"""

from __future__ import annotations

import math
import numbers

from ._validate import check_number
from .errors import CRMLabError
from .language import tr

__all__ = ["Agreement", "agree"]


class Agreement:
    """The answer of :func:`agree`: true when hand and library agree within the tolerance.

    ``difference`` is the largest absolute difference (for values that are not numbers: how
    many differ), ``tolerance`` the tolerance used and ``message`` the line that was printed.
    """

    def __init__(self, agreed: bool, difference: float, tolerance: float, message: str):
        self.agreed, self.difference, self.tolerance, self.message = (
            agreed, difference, tolerance, message)

    def __bool__(self) -> bool:
        return self.agreed

    def __repr__(self) -> str:
        return f"Agreement({self.agreed}, difference={self.difference!r})"

    def _ipython_display_(self) -> None:
        """Nothing more to show: the line was printed already."""


def _table(x, name: str):
    """``x`` as a DataFrame (a Series or an array becomes one column, a number one cell)."""
    import numpy as np
    import pandas as pd

    if isinstance(x, pd.DataFrame):
        return x
    if isinstance(x, pd.Series):
        return x.to_frame(name=0)
    if isinstance(x, (numbers.Number, np.number, np.bool_)) and not isinstance(x, str):
        return pd.DataFrame({0: [x]})
    if isinstance(x, (list, tuple, np.ndarray)):
        array = np.asarray(x)
        if array.ndim > 2:
            raise CRMLabError(f"{name} has {array.ndim} dimensions; compare numbers, 1-d or 2-d "
                              "values, Series or DataFrames.")
        return pd.DataFrame(array.reshape(len(array), -1) if array.ndim else array.reshape(1, 1))
    raise CRMLabError(f"{name} must be a number, an array, a Series or a DataFrame; got "
                      f"{type(x).__name__}.")


def _shown(difference: float, tolerance: float) -> str:
    """The difference to one decimal place finer than the tolerance: stable from run to run."""
    if difference == 0 or not math.isfinite(difference):
        return f"{difference:g}"
    places = 12 if tolerance == 0 else max(0, 1 - math.floor(math.log10(tolerance)))
    return f"{round(difference, places):g}"


def agree(hand, library, *, tol: float = 1e-9) -> Agreement:
    """Print the largest difference between ``hand`` and ``library`` and whether they agree.

    Numbers agree when ``max |hand - library| <= tol``; Series and DataFrames are first aligned
    on their index (and columns), so the order of rows does not matter, while a row or column on
    one side only is a disagreement. Values that are not numbers (text, categories) must be
    equal; the line then says how many differ.

    Parameters
    ----------
    hand, library : number, array, Series or DataFrame
        The hand calculation and the library's answer.
    tol : float
        The largest difference still counted as agreement (0 for exact).

    Returns
    -------
    Agreement
        True or false like a bool; its ``difference`` is the largest difference.

    Examples
    --------
    >>> import pandas as pd
    >>> _ = agree(pd.Series(["key", "other"]), pd.Series(["key", "key"]))
    hand and library DIFFER: 1 of 2 values differ

    In the Chinese edition (``crm.set_language("zh")``) the line is printed in Chinese:

    >>> from crmlab.language import using_language
    >>> with using_language("zh"):
    ...     _ = agree(0.5, 0.5, tol=0)
    手算结果与课程库一致：最大差异 0（容差 0）
    """
    import numpy as np
    import pandas as pd

    tol = check_number(tol, name="tol", low=0)
    a, b = _table(hand, "hand"), _table(library, "library")
    frames = (pd.Series, pd.DataFrame)
    if not (isinstance(hand, frames) and isinstance(library, frames)):
        if a.shape != b.shape:
            raise CRMLabError(f"hand has shape {a.shape} and library {b.shape}; compare values "
                              "of the same shape, or Series / DataFrames that align by index.")
        b = b.set_axis(a.index, axis=0).set_axis(a.columns, axis=1)
    a, b = a.align(b, join="outer")
    numeric = all(pd.api.types.is_numeric_dtype(a[c]) and pd.api.types.is_numeric_dtype(b[c])
                  for c in a.columns)
    if numeric:
        x, y = a.to_numpy(dtype="float64"), b.to_numpy(dtype="float64")
        both_nan = np.isnan(x) & np.isnan(y)
        gaps = np.where(both_nan, 0.0, np.abs(x - y))
        difference = float(np.nanmax(np.where(np.isnan(gaps), np.inf, gaps))) if gaps.size else 0.0
        agreed = difference <= tol
        detail = tr("largest difference {difference} (tolerance {tolerance})",
                    difference=_shown(difference, tol), tolerance=f"{tol:g}")
    else:
        same = (a.astype(object) == b.astype(object)).to_numpy() | (a.isna() & b.isna()).to_numpy()
        difference = float((~same).sum())
        agreed = difference == 0
        detail = (tr("all {n:,} values equal", n=same.size) if agreed
                  else tr("{k:,} of {n:,} values differ", k=int(difference), n=same.size))
    message = (tr("hand and library agree: {detail}", detail=detail) if agreed
               else tr("hand and library DIFFER: {detail}", detail=detail))
    print(message)
    return Agreement(agreed, difference, tol, message)
