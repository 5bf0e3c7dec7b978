"""Interactive explorers built on the analysis modules.

Each explorer draws a static default figure first, then redraws through the kernel when a
control moves; ``explorer.update(name=value)`` drives it from Python.
"""

from ._base import Explorer
from .churn import churn_explorer
from .loyalty import ladder_explorer

__all__ = ["Explorer", "churn_explorer", "ladder_explorer"]
