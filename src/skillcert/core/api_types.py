"""Types shared by the apps' JSON APIs."""

from typing import Annotated

from ninja import Field

MAX_ID = 2**31 - 1  # the largest id a database integer column holds; larger ones are a 422

# A record id in a request body: out-of-range ids are refused by validation (422) rather
# than reaching the database driver, which cannot bind them (an OverflowError, a 500).
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
