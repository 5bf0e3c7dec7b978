"""Interactive explorers built on the analysis modules.

Each explorer draws a static default figure first, then redraws through the kernel when a
control moves; ``explorer.update(name=value)`` drives it from Python.
"""

from ._base import Explorer, empty_axes, headline
from .bgnbd import p_alive_explorer
from .churn import churn_explorer
from .clv import clv_explorer, leaky_bucket_explorer
from .core_customers import core_group_explorer
from .key_accounts import workload_explorer
from .service import escalation_explorer
from .loyalty_ladder import ladder_explorer
from .loyalty_programme import programme_explorer
from .loyalty_stages import stages_explorer
from .sampling import survey_explorer
from .rfm import rfm_explorer
from .value import top_share_explorer, whale_explorer
from .visits import visit_plan_explorer
from .habit import habit_explorer
from .offers import offer_explorer
from .policy_value import policy_explorer

__all__ = ["Explorer", "empty_axes", "headline", "churn_explorer", "ladder_explorer",
           "top_share_explorer", "whale_explorer", "clv_explorer", "leaky_bucket_explorer",
           "core_group_explorer", "escalation_explorer", "rfm_explorer", "stages_explorer",
           "programme_explorer", "survey_explorer", "p_alive_explorer", "workload_explorer",
           "visit_plan_explorer", "habit_explorer", "offer_explorer", "policy_explorer"]
