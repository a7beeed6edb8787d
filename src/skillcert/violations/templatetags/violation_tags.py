from django import template

from skillcert.violations.selectors import confirmed_for_registrations

register = template.Library()


@register.simple_tag
def candidate_violations(registrations):
    """The candidate's confirmed violations with their decision and rule (VIOL-01..06)."""
    return confirmed_for_registrations(registrations or [])
