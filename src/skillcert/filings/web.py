"""Pieces the filing pages and API share: the registration limit and an attachment's file."""

from skillcert.core.ratelimit import RateLimit
from skillcert.core.rules import rules
from skillcert.core.web import download

from .models import FilingAttachment
from .services import attachment_bytes

REGISTER_LIMITED = "注册过于频繁，请稍后再试"


def register_limit() -> RateLimit:
    """INST-01: institution registrations per address and hour (a rule setting)."""
    return RateLimit("institution_register", rules().filing_register_rate_limit, 3600)


def attachment_response(attachment: FilingAttachment):
    """The unsealed file, downloaded under its own name."""
    return download(attachment_bytes(attachment), attachment.content_type, attachment.name)
