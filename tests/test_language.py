"""The display language: switching, the catalogue's completeness, and glyphs the font has."""

import ast
from pathlib import Path

import pytest

import crmlab as crm
from crmlab import CRMLabError
from crmlab.language import catalogue, get_language, set_language, tr, using_language

LIB = Path(crm.__file__).resolve().parent


def library_texts() -> dict[str, str]:
    """Every literal English text passed to ``tr`` in the library, with where it is used."""
    found = {}
    for path in sorted(LIB.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, f"{path.relative_to(LIB)}:{node.lineno}")
    return found


def test_english_is_the_default_and_switching_puts_it_back():
    assert get_language() == "en"
    with using_language("zh"):
        assert get_language() == "zh"
        assert tr("campaign") == "营销活动"
    assert get_language() == "en"
    assert tr("campaign") == "campaign"


def test_set_language_returns_the_previous_one():
    assert set_language("zh") == "en"
    assert set_language("en") == "zh"


def test_the_language_is_available_at_the_top_level():
    assert crm.set_language is set_language
    assert crm.get_language is get_language


@pytest.mark.parametrize(
    "bad, wording",
    [
        ("fr", "language must be one of ['en', 'zh']; got 'fr'."),
        ("ZH", "language must be one of ['en', 'zh']; got 'ZH'."),
        (None, "language must be one of ['en', 'zh']; got None."),
    ],
    ids=["unknown", "upper-case", "none"],
)
def test_an_unknown_language_is_refused(bad, wording):
    with pytest.raises(CRMLabError) as err:
        set_language(bad)
    assert str(err.value) == wording
    assert get_language() == "en"


def test_a_text_that_is_not_a_string_is_refused():
    with pytest.raises(CRMLabError, match="text must be a string"):
        tr(["campaign"])


def test_template_fields_are_filled_in_both_languages():
    assert tr("churn rule, {n:,} customers", n=12000) == "churn rule, 12,000 customers"
    with using_language("zh"):
        assert tr("churn rule, {n:,} customers", n=12000) == "流失规则，12,000 位客户"


def test_every_library_text_has_a_chinese_form():
    missing = {
        text: where for text, where in library_texts().items() if text not in catalogue("zh")
    }
    assert missing == {}, f"add these to crmlab/text/zh_catalogue.toml: {missing}"


def test_chinese_forms_keep_the_template_fields():
    import string

    def fields(text):  # a field may be said once in Chinese where English repeats it
        return sorted({f for _, f, _, _ in string.Formatter().parse(text) if f is not None})

    wrong = {en: zh for en, zh in catalogue("zh").items() if fields(en) != fields(zh)}
    assert wrong == {}


def test_every_chinese_character_is_in_the_bundled_font():
    from fontTools.ttLib import TTFont

    from crmlab.plots import cjk_font_path

    cmap = TTFont(cjk_font_path()).getBestCmap()
    text = "".join(catalogue("zh").values())
    missing = sorted({ch for ch in text if ord(ch) > 0x7F and ord(ch) not in cmap})
    assert missing == []


def test_nothing_in_the_catalogue_is_unused():
    unused = sorted(set(catalogue("zh")) - set(library_texts()))
    assert unused == [], "remove these from crmlab/text/zh_catalogue.toml or use them"


@pytest.mark.parametrize(
    "language, hand, library, tol, line",
    [
        ("en", 3.0, 3.0, 0, "hand and library agree: largest difference 0 (tolerance 0)"),
        ("zh", 3.0, 3.0, 0, "手算结果与课程库一致：最大差异 0（容差 0）"),
        ("en", 1.0, 1.25, 0.1, "hand and library DIFFER: largest difference 0.25 (tolerance 0.1)"),
        ("zh", 1.0, 1.25, 0.1, "手算结果与课程库不一致：最大差异 0.25（容差 0.1）"),
        ("en", ["key", "other"], ["key", "other"], 0,
         "hand and library agree: all 2 values equal"),
        ("zh", ["key", "other"], ["key", "other"], 0, "手算结果与课程库一致：2 个值全部相同"),
        ("en", ["key", "other", "x"], ["key", "key", "x"], 0,
         "hand and library DIFFER: 1 of 3 values differ"),
        ("zh", ["key", "other", "x"], ["key", "key", "x"], 0,
         "手算结果与课程库不一致：3 个值中有 1 个不同"),
    ],
    ids=["en-agree", "zh-agree", "en-differ", "zh-differ", "en-equal-text", "zh-equal-text",
         "en-text-differs", "zh-text-differs"],
)
def test_agree_prints_its_line_in_the_language_in_use(language, hand, library, tol, line, capsys):
    with using_language(language):
        answer = crm.agree(hand, library, tol=tol)
    assert capsys.readouterr().out == line + "\n"
    assert answer.message == line
    # the answer itself does not depend on the language: 1.25 - 1.0 = 0.25 > 0.1
    assert bool(answer) == ("DIFFER" not in line and "不一致" not in line)


@pytest.mark.parametrize(
    "language, title, line",
    [
        ("en", "Who are the core customers?",
         "Who are the core customers? (interactive; the static figure shows the defaults)"),
        ("zh", "谁是核心客户群？", "谁是核心客户群？（交互控件；静态图显示默认设置）"),
        ("en", "", "Explorer (interactive; the static figure shows the defaults)"),
    ],
    ids=["en", "zh", "en-untitled"],
)
def test_the_explorer_stand_in_speaks_the_language_in_use(language, title, line):
    import ipywidgets as widgets

    from crmlab.widgets import Explorer

    with using_language(language):
        explorer = Explorer({"n": widgets.IntSlider(value=2, min=1, max=5)},
                            compute=lambda n: n * n,
                            draw=lambda r, ax, n: ax.bar(["n squared"], [r]), title=title)
        bundle, _ = explorer._repr_mimebundle_()
    explorer.close()
    assert bundle["text/plain"] == line


def test_retention_is_written_one_way_for_each_meaning():
    # activity retention 活跃留存率, the retention programme 保持计划, a stay 停留
    zh = catalogue("zh")
    assert [t for t in zh.values() if "保留" in t] == []
    assert [t for t in zh.values() if "留存" in t and "活跃留存率" not in t] == []
    with using_language("zh"):
        need = tr("leads once it stays {years:.1f}+ years", years=3.3)
        legend = tr("{focus} stays {years:.1f} years, {family:.0%} of family spend counted:\n"
                    "{focus} {need}", focus="5-14", years=15.5, family=1.0, need=need)
        headline = tr("Lifetime value {clv:,.0f} {unit}; stays {years:.1f} {periods} on average",
                      clv=1234.4, unit=tr("yuan"), years=5.26, periods=tr("years"))
        spend = tr("retention programme's spend so far")
    assert legend == "5-14 岁组停留 15.5 年、家人消费计入 100%：\n停留 3.3 年以上即可领先"
    assert headline == "终身价值 1,234 元；平均停留 5.3 年"
    assert spend == "保持计划累计支出"


# Every figure function of crmlab.plots, drawn from a small analysis result.
def _figures():
    import numpy as np
    import pandas as pd

    from crmlab import (
        acquisition,
        churn,
        clv,
        core_customers,
        loyalty,
        loyalty_ladder,
        marketing,
        profitability,
        retention,
        rfm,
        sales,
        segments,
        service,
        value,
    )

    tx = pd.DataFrame(
        {
            "customer_id": ["a"] * 4 + ["b"] * 3 + ["c"] * 2,
            "amount": np.arange(9.0) + 1,
            "date": pd.to_datetime(
                [
                    "2024-01-01",
                    "2024-01-08",
                    "2024-02-15",
                    "2024-03-22",
                    "2024-01-01",
                    "2024-03-01",
                    "2024-05-01",
                    "2024-02-03",
                    "2024-04-20",
                ]
            ),
        }
    )
    groups = pd.DataFrame(
        {
            "age_group": ["5-14", "20-30"],
            "spend_per_visit": [20.0, 40.0],
            "visits_per_year": [10.0, 10.0],
            "repeat_rate": [0.8, 0.5],
            "years_retained": [10.0, 2.0],
            "family_spend_per_visit": [30.0, 0.0],
            "margin": 0.5,
            "discount_rate": 0.1,
        }
    )
    rng = np.random.default_rng(0)
    survey = pd.DataFrame(rng.normal(size=(60, 2)), columns=["trust", "rewards"])
    survey["loyalty"] = survey["trust"] + rng.normal(size=60)
    tickets = pd.DataFrame(
        {
            "opened": pd.to_datetime(["2025-03-01", "2025-03-08", "2025-03-01"]),
            "resolved": pd.to_datetime(["2025-03-02", None, None]),
            "priority": ["high", "urgent", "low"],
        }
    )
    baskets = pd.DataFrame(
        {"basket_id": [1, 1, 2, 2, 3], "category": ["ink", "printers"] * 2 + ["paper"]}
    )
    campaigns = pd.DataFrame(
        {"campaign_id": ["A", "B"], "cost": [100.0, 200.0], "revenue": [250.0, 150.0]}
    )
    P = crm.plots
    flags = churn.churn_flags(tx, as_of="2024-06-01")
    return {
        "pareto_chart": lambda: P.pareto_chart(value.pareto_table(tx)),
        "lorenz_chart": lambda: P.lorenz_chart(value.lorenz_curve(tx), top=0.3),
        "whale_chart": lambda: P.whale_chart(
            profitability.whale_curve([60, -20, 50, 10]), drop=0.2
        ),
        "age_group_chart": lambda: P.age_group_chart(core_customers.age_group_value(groups)),
        "clv_chart": lambda: P.clv_chart(
            clv.clv_projection(100, 0.8, 0.1), limit=266.7, period="year"
        ),
        "leaky_bucket_chart": lambda: P.leaky_bucket_chart(
            acquisition.leaky_bucket(periods=4, at_risk=300, save_rate=0.2), period="week"
        ),
        "gap_histogram": lambda: P.gap_histogram(churn.purchase_gaps(tx)),
        "churn_rule_bars": lambda: P.churn_rule_bars(
            churn.compare_rules(flags, actual=pd.Series([True, False, True], index=flags.index))
        ),
        "retention_curves": lambda: P.retention_curves(retention.cohort_retention(tx)),
        "cohort_heatmap": lambda: P.cohort_heatmap(retention.cohort_retention(tx)),
        "tenure_retention_chart": lambda: P.tenure_retention_chart(
            retention.retention_by_tenure(tx, period="month"), period="month"),
        "nps_bar": lambda: P.nps_bar(loyalty.net_promoter_score([10, 9, 8, 6, 3])),
        "driver_importance_bars": lambda: P.driver_importance_bars(
            loyalty.driver_importance(survey, drivers=["trust", "rewards"])
        ),
        "ladder_flow": lambda: P.ladder_flow(
            loyalty_ladder.ladder_shares(loyalty_ladder.default_ladder())
        ),
        "campaign_roi_bar": lambda: P.campaign_roi_bar(
            marketing.campaign_roi(campaigns, contacts=None, responses=None)
        ),
        "cross_sell_heatmap": lambda: P.cross_sell_heatmap(marketing.cross_sell_pairs(baskets)),
        "pipeline_funnel": lambda: P.pipeline_funnel(
            sales.pipeline_conversion(
                pd.DataFrame({"stage": ["leads", "contacts", "orders", "payments"]})
            )
        ),
        "escalation_bars": lambda: P.escalation_bars(
            service.escalation_summary(tickets, as_of="2025-03-10")
        ),
        "rfm_heatmap": lambda: P.rfm_heatmap(
            segments.rfm_grid(segments.rfm_scores(rfm.rfm_table(tx)), value="monetary")
        ),
        "segment_bars": lambda: P.segment_bars(
            segments.segment_snapshot(rfm.RFMTimeline(tx), "2024-05-01")
        ),
        # notebooks 06 and 07
        "ladder_outlook_chart": lambda: P.ladder_outlook_chart(
            crm.loyalty_stages.ladder_outlook(loyalty_ladder.default_ladder(), periods=6)
        ),
        "loyalty_matrix_chart": lambda: P.loyalty_matrix_chart(crm.loyalty_types.loyalty_matrix(
            pd.DataFrame({"a": [1, 5, 2, 6], "v": [9, 8, 1, 2], "churned": [True, False] * 2}),
            attitude="a", patronage="v", outcome="churned")),
        "programme_chart": lambda: P.programme_chart(crm.loyalty_programme.programme_effect(
            crm.simulate.generate("loyalty_programme", 400, seed=1)["loyalty_programme"],
            margin=0.2, by="stage")),
        "survey_estimates_chart": lambda: P.survey_estimates_chart(
            crm.sampling.survey_simulation(pd.DataFrame({"csat": [5, 4, 2, 3] * 50}),
                                           column="csat", n=40, repeats=20, seed=1)),
        "iceberg_chart": lambda: P.iceberg_chart(crm.recovery.complaint_iceberg(
            crm.simulate.generate("loyalty_survey", 300, seed=2)["loyalty_survey"])),
        "recovery_chart": lambda: P.recovery_chart(crm.recovery.recovery_table(
            pd.DataFrame({"g": ["no problem", "bare no", "fixed", "no problem"] * 5,
                          "band": ["a", "b"] * 10, "stayed": [True, False, True, True] * 5}),
            group="g", strata="band", reference="no problem")),
        "blueprint_chart": lambda: P.blueprint_chart(crm.blueprint.blueprint_failures(
            crm.blueprint.supermarket_blueprint(),
            pd.DataFrame({"problem_step": ["checkout", "arriving", "none"]}))),
        # notebooks 08-10
        **_case_figures(tx, groups),
        **_figures_08_10(tx),
    }


def _case_figures(tx, groups):
    """The figure functions of the case studies (supermarket A, McDonald's, salon, hotels)."""
    import pandas as pd

    from crmlab import backtest, churn_reasons, habit, offers, policy_value, silent_churn

    P = crm.plots
    trips = tx.assign(branch=["East", "East", "East", "East", "West", "West", "West", "East",
                              "West"])
    departures = silent_churn.silent_departures(trips, as_of="2024-06-01", k=2, min_gaps=1)
    purchases = tx.assign(category="milk")
    coupons = pd.DataFrame({"customer_id": [1, 2], "item": ["milk", "pet"],
                            "value": [100.0, 100.0], "spent": [90.0, 0.0]})
    survey = pd.DataFrame({"customer_id": [1, 2, 3], "reason": ["busy", "busy", "rude"]})
    worth = pd.DataFrame({"customer_id": [1, 2, 3], "value": [-50.0, 20.0, 300.0]})
    return {
        "departure_bars": lambda: P.departure_bars(silent_churn.branch_departures(departures)),
        "departure_timeline": lambda: P.departure_timeline(
            silent_churn.departure_weeks(departures), highlight="East"),
        "backtest_chart": lambda: P.backtest_chart(backtest.backtest_summary(
            backtest.next_purchase_backtest(purchases, cutoff="2024-03-01"))),
        "offer_value_chart": lambda: P.offer_value_chart(
            offers.offer_value(coupons, discount=0.1, margin=0.3, lift=0.1)),
        "habit_chart": lambda: P.habit_chart(habit.habit_value(groups, pass_on=0.3)),
        "reason_value_chart": lambda: P.reason_value_chart(
            churn_reasons.reason_value(survey, worth, n_boot=50)),
        "policy_chart": lambda: P.policy_chart(policy_value.compare_policies(
            {"perk": {"cost": 600, "at_risk": 20, "clv": 150, "kept": 0.25}})),
    }


def _figures_08_10(tx):
    import pandas as pd

    from crmlab import bgnbd, churn_reasons, key_accounts, retention, winback

    P = crm.plots
    params = {"r": 0.24, "alpha": 4.41, "a": 0.79, "b": 2.43}
    leavers = pd.DataFrame({"customer_id": [1, 2, 3], "reason": ["太忙", "rude", "rude"]})
    test = winback.holdout_test(pd.DataFrame({"group": ["offer"] * 4 + ["hold-out"] * 4,
                                              "returned": [True, True, False, False] * 2}))
    classes = pd.DataFrame({"customer_id": ["a", "b", "c"], "volume": [6.0, 3.0, 1.0],
                            "tier": ["A", "B", "C"]})
    plan = pd.DataFrame({"day": [1, 2], "customer_id": ["KA01", "KA02"], "hours": [3.0, 6.0],
                         "value": [5e4, 6e4]})
    return {
        "p_alive_map": lambda: P.p_alive_map(bgnbd.p_alive_grid(params, T=10)),
        "p_alive_curve_chart": lambda: P.p_alive_curve_chart(
            bgnbd.p_alive_grid(params, T=10, frequencies=[1, 5]), silence=4),
        "visit_plan_chart": lambda: P.visit_plan_chart(plan, budget_hours=40),
        "survival_chart": lambda: P.survival_chart(
            retention.lapse_survival(tx, lapse_days=30, as_of="2024-06-01")),
        "reason_pareto_chart": lambda: P.reason_pareto_chart(churn_reasons.reason_value_table(
            leavers, pd.Series({1: 5.0, 2: 3.0, 3: 1.0}))),
        "holdout_chart": lambda: P.holdout_chart(test),
        "workload_bars": lambda: P.workload_bars(key_accounts.account_workload(
            classes, visits_per_year={"A": 6, "B": 3, "C": 1})),
    }


def test_every_figure_function_is_drawn_here():
    names = set(crm.plots.__all__) - {
        "CJK_FAMILY",
        "PALETTE",
        "axes_or_new",
        "bar_widths",
        "hbars",
        "vbars",
        "cjk_font_path",
        "course_rc",
        "set_style",
        "style",
        "takeaway",
    }
    assert names == set(_figures())


@pytest.mark.parametrize("name", sorted(_figures()))
def test_each_figure_draws_in_chinese_with_every_glyph(name):
    import warnings

    import matplotlib.pyplot as plt

    with using_language("zh"), warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph warns when the text is drawn
        ax = _figures()[name]()
        with crm.plots.style():
            ax.figure.canvas.draw()
        texts = [ax.get_xlabel(), ax.get_ylabel()] + [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    plt.close("all")
    assert any(ord(ch) > 0x2E80 for text in texts for ch in text), f"{name} drew no Chinese"
