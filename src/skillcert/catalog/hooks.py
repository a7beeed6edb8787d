"""Questions the catalogue asks higher apps (issue 10: calls go one way, see core.hooks).

- `codes_in_scope(codes=)`: of these occupation codes, the ones some institution's
  recognised scope names (sorted), so deactivating them warns the operator. Answered by
  institutions.
"""

from skillcert.core.hooks import Hook

codes_in_scope = Hook("catalog.codes_in_scope", default=lambda *, codes: [])
