"""Hooks of the certificates app for higher apps (CERT-08, VIOL-05).

`certificate_voided` is sent by `services.certificate_void` inside its transaction, after
the void is written and audited, whatever the path (violation, appeal, manual void, ...).
Certificates is a lower app: it cannot import the apps that react to a void, so they
connect here (e.g. violations creates the data-correction notice for the authority).
A receiver that raises rolls the void back with it.

Arguments: actor, certificate (now void), reason, basis (dict or None).
"""

from django.dispatch import Signal

certificate_voided = Signal()
