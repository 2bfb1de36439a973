"""Who may use the commendation tools. The what-if eligibility check reads only what the caller
sends, so every role holder preparing dossiers may run it."""

import rules

from thidua.accounts.rules import has_any_role

rules.add_perm("commendation.check_eligibility", rules.is_authenticated & has_any_role)
