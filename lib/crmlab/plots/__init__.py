"""Figures of the course: one consistent style, one function per standard figure.

Every figure function takes an analysis result first (the output of an analysis function, such
as :func:`crmlab.value.pareto_table` for :func:`pareto_chart`), options keyword-only, an optional
``ax`` to draw into, and returns the Axes. Computation lives in the analysis modules; these only
draw, with every text a reader sees in the current language (:func:`crmlab.language.tr`).
"""

from ._style import (CJK_FAMILY, PALETTE, axes_or_new, bar_widths, cjk_font_path, course_rc, hbars,
                     set_style, style, takeaway, vbars)
from .bgnbd import p_alive_curve_chart, p_alive_map
from .churn import churn_rule_bars, gap_histogram
from .churn_reasons import reason_pareto_chart
from .key_accounts import workload_bars
from .marketing import campaign_roi_bar, cross_sell_heatmap
from .loyalty import driver_importance_bars, nps_bar
from .loyalty_ladder import ladder_flow
from .loyalty_stages import ladder_outlook_chart
from .loyalty_types import loyalty_matrix_chart
from .loyalty_programme import programme_chart
from .sampling import survey_estimates_chart
from .recovery import iceberg_chart, recovery_chart
from .blueprint import blueprint_chart
from .clv import clv_chart, leaky_bucket_chart
from .core_customers import age_group_chart
from .retention import cohort_heatmap, retention_curves, survival_chart, tenure_retention_chart
from .rfm import rfm_heatmap
from .sales import pipeline_funnel
from .segments import segment_bars
from .service import escalation_bars
from .value import lorenz_chart, pareto_chart, whale_chart
from .visits import visit_plan_chart
from .winback import holdout_chart
# case studies: supermarket A, McDonald's, the salon, personalisation
from .backtest import backtest_chart
from .churn_reasons import reason_value_chart
from .habit import habit_chart
from .offers import offer_value_chart
from .policy_value import policy_chart
from .silent_churn import departure_bars, departure_timeline

__all__ = [
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
    "pipeline_funnel",
    "campaign_roi_bar",
    "cross_sell_heatmap",
    "escalation_bars",
    "nps_bar",
    "driver_importance_bars",
    "ladder_flow",
    "ladder_outlook_chart",
    "loyalty_matrix_chart",
    "programme_chart",
    "survey_estimates_chart",
    "iceberg_chart",
    "recovery_chart",
    "blueprint_chart",
    "retention_curves",
    "tenure_retention_chart",
    "cohort_heatmap",
    "gap_histogram",
    "churn_rule_bars",
    "pareto_chart",
    "lorenz_chart",
    "whale_chart",
    "rfm_heatmap",
    "segment_bars",
    "clv_chart",
    "leaky_bucket_chart",
    "age_group_chart",
    "p_alive_map",
    "p_alive_curve_chart",
    "visit_plan_chart",
    "survival_chart",
    "reason_pareto_chart",
    "holdout_chart",
    "workload_bars",
    "backtest_chart",
    "reason_value_chart",
    "habit_chart",
    "offer_value_chart",
    "policy_chart",
    "departure_bars",
    "departure_timeline",
]
