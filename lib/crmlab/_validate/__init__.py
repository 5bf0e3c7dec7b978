"""Input checks shared by every crmlab module.

Data is validated once, where it enters a public function, through these few helpers,
so that every module words its errors the same way. Each check raises
:class:`crmlab.errors.CRMLabError` with a message that names the argument or column
at fault, shows what was received, and says what would be valid. Tests pin the wording.
Checks of tables are in :mod:`crmlab._validate.tables`, of single values in
:mod:`crmlab._validate.values`; import them from here.
"""

from .tables import (check_bool, check_columns, check_dates, check_frame, check_ids,
                     check_no_duplicates, check_numeric)
from .values import (check_choice, check_number, check_positive_total, check_rate, check_seed,
                     check_timestamp)

__all__ = ["check_frame", "check_columns", "check_numeric", "check_ids", "check_dates",
           "check_timestamp", "check_number", "check_rate", "check_choice", "check_no_duplicates",
           "check_seed", "check_bool", "check_positive_total"]
