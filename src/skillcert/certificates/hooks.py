"""Questions certificates ask higher apps (issue 10: calls go one way, see core.hooks).

- `void_notice_on(certificate_id=, by=)`: CERT-10, the date of the public void notice
  (登报声明作废 or platform notice) recorded for the certificate on or before `by`, or None.
  Answered by records (certificates handed over).
"""

from skillcert.core.hooks import Hook

void_notice_on = Hook("certificates.void_notice_on", default=lambda *, certificate_id, by: None)
