"""Public verification: QR tokens, the neutral answer and the per-address rate limit."""

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from skillcert.core.ratelimit import RateLimit
from skillcert.core.rules import rules

# One answer for an unknown number, a wrong name and a malformed number alike, so the page
# cannot be used to learn which numbers exist or whose they are.
NEUTRAL_MESSAGE = "未查询到相符的证书"
RATE_LIMIT_MESSAGE = "查询过于频繁，请一分钟后再试"
TOKEN_LENGTH = 16  # hex characters: 64 bits, enough against guessing at the rate limit


def verify_token(number: str) -> str:
    """HMAC of the number under SECRET_KEY: the QR proves the number without the holder's name."""
    return salted_hmac("skillcert.certificates.verify", number).hexdigest()[:TOKEN_LENGTH]


def token_matches(number: str, token: str) -> bool:
    return constant_time_compare(verify_token(number), (token or "").lower())


def verify_path(number: str) -> str:
    return reverse("verify_qr", args=[number, verify_token(number)])


def verify_url(number: str) -> str:
    """The address the certificate's QR code carries (CERT-03)."""
    return settings.SITE_URL + verify_path(number)


def verify_limit() -> RateLimit:
    return RateLimit("verify", rules().verify_rate_per_minute, 60)


def rate_limited(request) -> bool:
    """Count one lookup for the client address; True when over the limit for this minute."""
    return verify_limit().hit(request)
