"""Permission predicates for the unit tree."""

import rules

from thidua.accounts.rules import administers_unit, has_any_role

# The unit directory is shared by every user with a role; changing it is for administrators.
rules.add_perm("org.view_orgunit", rules.is_authenticated & has_any_role)
rules.add_perm("org.change_orgunit", rules.is_authenticated & administers_unit)
# A new top-level unit (a province) is created only by a superuser.
rules.add_perm("org.create_root_orgunit", rules.is_superuser)
