"""Types shared by the apps' JSON APIs."""

from decimal import Decimal
from typing import Annotated

from ninja import Field
from pydantic import WithJsonSchema

MAX_ID = 2**31 - 1  # the largest id a database integer column holds; larger ones are a 422

# A record id in a request body: out-of-range ids are refused by validation (422) rather
# than reaching the database driver, which cannot bind them (an OverflowError, a 500).
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]


def db_id(value) -> int | None:
    """A record id from a URL or a form field (text or int), or None when no row can have it
    (not a number, 0, negative, beyond MAX_ID): selectors answer None for it, not a 500."""
    try:
        pk = int(value)
    except (ValueError, TypeError):
        return None
    return pk if 0 < pk <= MAX_ID else None


# Text that PostgreSQL can store (no NUL). As a pattern it is in the OpenAPI document, so a
# client (and schemathesis) knows what is accepted, instead of a validator the schema hides.
NO_NUL = r"^[^\x00]*$"


def decimal_schema(pattern: str, **constraints):
    """A decimal the API accepts as JSON number or string, documented as a string matching
    `pattern`, so the document promises only what validation accepts (pydantic documents any
    string, and a number of any precision, for a Decimal)."""
    return Annotated[
        Decimal, Field(**constraints), WithJsonSchema({"type": "string", "pattern": pattern})
    ]


# SCORE-01: a score of up to 3 digits and 2 decimals; the range is the service's (full mark).
ScoreText = decimal_schema(r"^\d{1,3}(\.\d{1,2})?$")
