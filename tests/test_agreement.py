"""crm.agree: the hand-versus-library check of the notebooks."""

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError


def test_numbers_within_and_beyond_the_tolerance(capsys):
    assert crm.agree(4654.0123, 4654.0101, tol=0.01)
    assert capsys.readouterr().out == ("hand and library agree: largest difference 0.002 "
                                       "(tolerance 0.01)\n")
    assert not crm.agree(1.0, 1.5)
    assert "DIFFER: largest difference 0.5 (tolerance 1e-09)" in capsys.readouterr().out


def test_series_align_on_the_index_and_a_missing_row_disagrees(capsys):
    hand = pd.Series([0.5, 0.3, 0.2], index=["IT", "retail", "finance"])
    lib = pd.Series([0.2, 0.5, 0.3], index=["finance", "IT", "retail"])
    result = crm.agree(hand, lib)
    assert result and result.difference == 0.0
    assert not crm.agree(hand, lib.iloc[:2])
    assert "largest difference inf" in capsys.readouterr().out.splitlines()[-1]


def test_frames_arrays_and_exact_comparisons(capsys):
    hand = pd.DataFrame({"recency": [3, 1], "monetary": [10.0, 2.5]}, index=["b", "a"])
    lib = pd.DataFrame({"monetary": [2.5, 10.0 + 1e-10], "recency": [1, 3]}, index=["a", "b"])
    assert crm.agree(hand, lib, tol=1e-6)
    assert crm.agree(np.array([[1, 2], [3, 4]]), [[1, 2], [3, 4]], tol=0)
    assert not crm.agree([1, 2], [1, 3], tol=0)
    assert capsys.readouterr().out.splitlines()[-1] == ("hand and library DIFFER: largest "
                                                        "difference 1 (tolerance 0)")


def test_text_values_must_be_equal(capsys):
    assert crm.agree(pd.Series(["key", "other"]), pd.Series(["key", "other"]))
    assert not crm.agree(pd.Series(["key", "other", "key"]), pd.Series(["key", "key", "key"]))
    assert capsys.readouterr().out.splitlines() == [
        "hand and library agree: all 2 values equal",
        "hand and library DIFFER: 1 of 3 values differ"]


def test_the_answer_shows_nothing_more_in_a_notebook():
    answer = crm.agree(1, 1)
    assert answer._ipython_display_() is None and repr(answer) == "Agreement(True, difference=0.0)"


@pytest.mark.parametrize("hand, library, tol, wording", [
    ([1, 2], [1, 2, 3], 1e-9, r"hand has shape \(2, 1\) and library \(3, 1\)"),
    ({"a": 1}, 1, 1e-9, "hand must be a number, an array, a Series or a DataFrame; got dict"),
    (1, 1, -0.1, r"tol must be in \[0, inf\); got -0.1"),
], ids=["shapes", "dict", "negative-tol"])
def test_bad_input(hand, library, tol, wording):
    with pytest.raises(CRMLabError, match=wording):
        crm.agree(hand, library, tol=tol)
