"""Numbers as people write them."""

from decimal import Decimal, InvalidOperation


def decimal_text(value) -> str:
    """A score or point value as written on a paper: 10, 2.5, 0.5 — never 1E+1 or 10.00.

    `Decimal.normalize()` alone turns 10 into 1E+1, which the exam page showed as "1E+1分"."""
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not d.is_finite():
        return str(value)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
