"""The records tests freeze the clock (freezegun); the URLconf and the API's schemas are
built before that, or pydantic meets freezegun's datetime class and refuses it."""

from skillcert import urls  # noqa: F401
