"""Notifications of the scoring app for higher apps (issue 10: calls go one way).

`appeal_decided` is sent by `services.appeal_resolve` inside the appeal's transaction when
an appeal changed a score (SCORE-05), after the corrected result is written. Scoring is a
lower app: the certificates app connects here and settles the candidate's certificate
(CERT-04/06: void it when the corrected result fails, else keep it with an audit entry).
A receiver that raises rolls the appeal back with it. A receiver returns a dict
({"number", "action"}) the appeal's audit entry records, or None.

Arguments: actor, appeal (answered).
"""

from django.dispatch import Signal

appeal_decided = Signal()
