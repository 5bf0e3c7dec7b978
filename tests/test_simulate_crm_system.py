"""CRM-system dataset: the planted response rates, conversion, overdue tickets and lifts
come back."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab import marketing, sales, service
from crmlab.simulate import crm_system as gen
from crmlab.simulate import Simulation

SEEDS = (gen.DEFAULT_SEED, 7, 2024)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", params=SEEDS)
def sim(request):
    return gen.generate(gen.DEFAULT_CUSTOMERS, seed=request.param)


@pytest.fixture(scope="module")
def big():
    return gen.generate(20000, seed=5)


# --- contract ---------------------------------------------------------------------------------


def test_registered_and_defaults():
    assert crm.simulate.generator("crm_system") is gen
    sim = crm.simulate.generate("crm_system")
    assert isinstance(sim, Simulation)
    assert sim.seed == gen.DEFAULT_SEED and sim.n_customers == gen.DEFAULT_CUSTOMERS == 2000
    assert gen.STAGES == sales.STAGES and gen.SLA_DAYS == service.SLA_DAYS


def test_tables_match_the_data_dictionary(sim):
    assert sorted(sim.tables) == sorted(t.name for t in gen.TABLES)
    for table in gen.TABLES:
        frame = sim[table.name]
        assert table.description and table.concepts
        assert frame.columns.tolist() == [c.name for c in table.columns]
        for col in table.columns:
            assert col.dtype in {"int", "float", "str", "category", "date", "bool"}
            assert col.description
            s = frame[col.name]
            check = {
                "date": pd.api.types.is_datetime64_dtype,
                "int": pd.api.types.is_integer_dtype,
                "float": pd.api.types.is_float_dtype,
                "str": pd.api.types.is_string_dtype,
                "category": lambda x: isinstance(x.dtype, pd.CategoricalDtype),
            }[col.dtype]
            assert check(s), (table.name, col.name, s.dtype)
            if col.dtype == "category":
                assert list(s.cat.categories) == list(col.categories)


def test_same_seed_same_data_other_seed_other_data():
    a, b, c = gen.generate(300, seed=4), gen.generate(300, seed=4), gen.generate(300, seed=5)
    for name in a.tables:
        pd.testing.assert_frame_equal(a[name], b[name])
    assert a.truth == b.truth
    assert not a["crm_pipeline"].equals(c["crm_pipeline"])


def test_bad_scale_and_seed_are_refused():
    with pytest.raises(CRMLabError, match=r"n_customers must be in \[50, inf\); got 10"):
        gen.generate(10, seed=1)
    with pytest.raises(CRMLabError, match="seed must be a whole number; got 1.5"):
        gen.generate(100, seed=1.5)


def test_each_department_writes_ids_its_own_way(sim):
    n = sim.n_customers
    assert sim["crm_customers"]["customer_id"].str.fullmatch(r"C\d{5}").all()
    assert sim["crm_customers"]["customer_id"].is_unique
    assert sim["crm_tickets"]["customer_id"].str.fullmatch(r"c\d{5}").all()
    for name in ("crm_pipeline", "crm_purchases"):
        ids = sim[name]["customer_id"]
        assert pd.api.types.is_integer_dtype(ids) and ids.between(1, n).all()


def test_dates_stay_inside_the_year_and_make_sense(sim):
    deals, tickets = sim["crm_pipeline"], sim["crm_tickets"]
    assert (deals["stage_date"] >= deals["lead_date"]).all()
    assert deals["stage_date"].max() <= pd.Timestamp(gen.AS_OF)
    assert (deals["stage"] == "leads").eq(deals["stage_date"] == deals["lead_date"]).all()
    done = tickets["resolved"].notna()
    assert (tickets.loc[done, "resolved"] >= tickets.loc[done, "opened"]).all()
    assert tickets["resolved"].max() <= pd.Timestamp(gen.AS_OF)
    assert tickets.loc[~done, "satisfaction"].isna().all()
    assert tickets["satisfaction"].dropna().isin([1, 2, 3, 4, 5]).all()


# --- planted truth ----------------------------------------------------------------------------


def test_target_profile_recovers_planted_shares(sim):
    customers = sim["crm_customers"]
    for column in ("industry", "job", "region"):
        got = marketing.target_profile(customers, by=column).set_index(column)["share"]
        for group, share in sim.truth["customers"][column].items():
            se = np.sqrt(share * (1 - share) / len(customers))
            assert abs(got[group] - share) < 4 * se, (column, group)
    assert abs(customers["age"].mean() - sim.truth["customers"]["mean_age"]) < 4 * 9 / np.sqrt(2000)


def test_campaign_response_rates_and_roi_recovered(sim):
    table = marketing.campaign_roi(sim["crm_campaigns"]).set_index("campaign_id")
    for cid, truth in sim.truth["campaigns"].items():
        rate, n = truth["response_rate"], table.loc[cid, "contacts"]
        assert abs(table.loc[cid, "response_rate"] - rate) < 4 * np.sqrt(rate * (1 - rate) / n)
    pooled_true = sum(t["expected_roi"] for t in sim.truth["campaigns"].values())
    # the average ROI over the ten campaigns lands near the planned one (about 0.67)
    assert abs(table["revenue_roi"].mean() - pooled_true / len(table)) < 0.25
    assert (table["revenue_roi"] < 0).sum() >= 1 and (table["revenue_roi"] > 1).sum() >= 1


def test_pipeline_conversion_recovers_planted_step_rates(sim):
    conv = sales.pipeline_conversion(sim["crm_pipeline"]).set_index("stage")
    truth = sim.truth["pipeline"]
    for stage, rate in truth["step_conversion"].items():
        previous = conv["reached"].iloc[list(conv.index).index(stage) - 1]
        assert abs(conv.loc[stage, "step_conversion"] - rate) < 4 * np.sqrt(
            rate * (1 - rate) / previous
        )
    for stage, rate in truth["overall_conversion"].items():
        n = len(sim["crm_pipeline"])
        assert abs(conv.loc[stage, "overall_conversion"] - rate) <= 4 * np.sqrt(
            rate * (1 - rate) / n
        )


def test_overdue_tickets_are_exactly_the_planted_ones(sim):
    truth = sim.truth["tickets"]
    flagged = service.escalate_overdue(
        sim["crm_tickets"], as_of=truth["as_of"], sla_days=truth["sla_days"]
    )
    assert flagged.loc[flagged["overdue"], "ticket_id"].tolist() == truth["overdue_tickets"]
    assert 10 <= len(truth["overdue_tickets"]) <= 150
    assert flagged["escalation_level"].isin([1, 2, 3]).sum() == len(truth["overdue_tickets"])


def test_satisfaction_is_lower_when_service_was_late(sim):
    t = sim["crm_tickets"].dropna(subset=["satisfaction"])
    sla = t["priority"].astype(str).map(gen.SLA_DAYS)
    took = (t["resolved"] - t["opened"]).dt.days
    on_time, late = t.loc[took <= sla, "satisfaction"], t.loc[took > sla, "satisfaction"]
    truth = sim.truth["tickets"]
    for got, want in (
        (on_time, truth["mean_satisfaction_on_time"]),
        (late, truth["mean_satisfaction_late"]),
    ):
        assert abs(got.mean() - want) < 4 * got.std() / np.sqrt(len(got))
    assert truth["mean_satisfaction_on_time"] - truth["mean_satisfaction_late"] > 1


def _lifts(sim):
    pairs = marketing.cross_sell_pairs(sim["crm_purchases"])
    return {f"{a}+{b}": row for (a, b), row in pairs.set_index(["item_a", "item_b"]).iterrows()}


def _key(pair: str) -> str:
    a, b = pair.split("+")
    return "+".join(sorted([a, b]))


def test_cross_sell_lift_of_planted_pairs_recovered(sim):
    got = _lifts(sim)
    for pair, truth in sim.truth["cross_sell"].items():
        row = got[_key(pair)]
        assert abs(row["lift"] - truth["lift"]) < 0.15 * truth["lift"], pair
        assert abs(row["support"] - truth["support"]) < 0.15 * truth["support"], pair
    top3 = marketing.cross_sell_pairs(sim["crm_purchases"]).head(3)
    found = {"+".join(p) for p in top3[["item_a", "item_b"]].itertuples(index=False)}
    planted = {_key(p) for p in sim.truth["cross_sell"] if p != "paper+mice"}
    assert found == planted


def test_cross_sell_truth_is_exact_at_scale(big):
    got = _lifts(big)
    for pair, truth in big.truth["cross_sell"].items():
        row = got[_key(pair)]
        anchor = pair.split("+")[0]
        conf = (
            row["confidence_a_to_b"] if _key(pair).startswith(anchor) else row["confidence_b_to_a"]
        )
        assert row["lift"] == pytest.approx(truth["lift"], rel=0.04), pair
        assert conf == pytest.approx(truth["confidence"], rel=0.04), pair


def test_committed_files_are_this_generator_at_its_defaults():
    fresh = gen.generate()
    committed = json.loads(
        (ROOT / "data" / "truth" / "crm_system.json").read_text(encoding="utf-8")
    )
    assert committed == json.loads(json.dumps(fresh.truth))
    loaded = crm.data.load("crm_tickets")
    assert loaded["ticket_id"].tolist() == fresh["crm_tickets"]["ticket_id"].tolist()
    assert loaded["resolved"].isna().tolist() == fresh["crm_tickets"]["resolved"].isna().tolist()


def test_every_campaign_kept_a_hold_out_group():
    """A fifth as many people as contacted (at least 20) were held out; who of them ordered
    anyway comes from its own random stream, so the columns the campaigns had before stay."""
    import crmlab as crm

    sim = crm.simulate.generate("crm_system", 500, seed=11)
    c = sim["crm_campaigns"]
    expected = [max(round(0.2 * n), 20) for n in c["contacts"]]
    assert c["holdout"].tolist() == expected
    assert (c["holdout_responses"] <= c["holdout"]).all()
    assert ((c["holdout_responses"] == 0) == (c["holdout_revenue"] == 0)).all()
    truth = sim.truth["campaigns"]
    assert all(t["incremental_rate"] == pytest.approx(t["response_rate"] - t["baseline_rate"])
               for t in truth.values())
