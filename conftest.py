"""Root pytest set-up (applies to tests/ and to the doctests in lib/crmlab): headless figures."""

import matplotlib

matplotlib.use("Agg")
