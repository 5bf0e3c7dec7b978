"""Explorers of notebooks 06 and 07: a static default figure, update(...) agreeing with the
library, result_for leaving the explorer where it was, and bad input refused before any control."""

import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.loyalty_ladder import default_ladder, set_transition
from crmlab.loyalty_programme import programme_effect
from crmlab.loyalty_stages import ladder_outlook
from crmlab.sampling import survey_simulation
from crmlab.widgets import programme_explorer, stages_explorer, survey_explorer


def test_stages_explorer_agrees_with_the_library():
    ex = stages_explorer(periods=24)
    assert ex.static_png.startswith(b"\x89PNG")
    pd.testing.assert_frame_equal(ex.result, ladder_outlook(default_ladder(), periods=24))
    ex.update(repeat_to_loyal=0.3, letdown=0.05)
    m = set_transition(default_ladder(), "repeat purchase", "loyal purchase", 0.3)
    m = set_transition(m, "loyal purchase", "left", 0.05)
    want = ladder_outlook(m, periods=24)
    pd.testing.assert_frame_equal(ex.result, want)
    assert ex.result.attrs["reach"] == pytest.approx(want.attrs["reach"])
    assert ex.png != ex.static_png
    ex.close()


def test_a_faster_climb_makes_more_newcomers_loyal_and_a_letdown_fewer_in_the_long_run():
    ex = stages_explorer()
    base = ex.result.attrs
    climb = ex.result_for(random_to_repeat=0.3).attrs
    letdown = ex.result_for(letdown=0.1).attrs
    assert climb["reach"] > base["reach"]
    assert letdown["steady_state"]["loyal purchase"] < base["steady_state"]["loyal purchase"]
    assert ex.result.attrs == base  # result_for did not move the explorer
    ex.close()


def test_programme_explorer_agrees_with_the_library():
    pilot = crm.simulate.generate("loyalty_programme", 3000, seed=2)["loyalty_programme"]
    ex = programme_explorer(pilot)
    pd.testing.assert_frame_equal(ex.result, programme_effect(pilot, margin=0.2, by="stage"))
    ex.update(target="repeat purchase only", margin=0.3)
    want = programme_effect(pilot[pilot["stage"] == "repeat purchase"], margin=0.3, by="stage")
    pd.testing.assert_frame_equal(ex.result, want)
    assert ex.png != ex.static_png
    ex.close()


def test_dropping_the_loyal_cuts_deadweight_on_the_committed_pilot():
    ex = programme_explorer(crm.data.load("loyalty_programme"))
    everyone = ex.result.loc["all"]
    no_loyal = ex.result_for(target="all but the loyal").loc["all"]
    assert no_loyal["cost_per_extra_kept"] < 0.7 * everyone["cost_per_extra_kept"]
    assert no_loyal["deadweight_share"] < everyone["deadweight_share"]
    ex.close()


def test_survey_explorer_agrees_with_the_library():
    pop = crm.data.load("service_recovery")
    ex = survey_explorer(pop, repeats=100)
    want = survey_simulation(pop, column="csat", n=400, repeats=100, seed=0)
    pd.testing.assert_frame_equal(ex.result, want)
    ex.update(n=1000, bias=2.0)
    assert ex.result.attrs["bias_points"] > 8
    assert ex.result.attrs["spread"] < want.attrs["spread"]
    ex.close()


BAD = [
    ("stages-missing-stage", lambda: stages_explorer(default_ladder().drop(index="left",
                                                                          columns="left")),
     "transitions row 'wary observation' sums to 0.95"),
    ("stages-periods", lambda: stages_explorer(periods=0), "periods must be in \\[1, 600\\]"),
    ("programme-no-stage", lambda: programme_explorer(pd.DataFrame({"group": ["programme"]})),
     "members has no column 'stage'"),
    ("programme-margin", lambda: programme_explorer(crm.data.load("loyalty_programme"),
                                                    margin=25),
     "margin must be in \\[0, 1\\]; got 25"),
    ("programme-three-stages", lambda: programme_explorer(
        crm.data.load("loyalty_programme").query("stage != 'wary observation'")),
     "lacks the stages \\['wary observation'\\]"),
    ("survey-n", lambda: survey_explorer(pd.DataFrame({"csat": [4, 5] * 10}), n=5),
     "n must be in \\[10, 20\\]; got 5"),
    ("survey-column", lambda: survey_explorer(pd.DataFrame({"score": [4, 5] * 10}), n=10),
     "population has no column 'csat'"),
]


@pytest.mark.parametrize("case, call, wording", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused(case, call, wording):
    with pytest.raises(CRMLabError, match=wording):
        call()
