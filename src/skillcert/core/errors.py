"""Domain errors: a stable code (English) and a message for users (Chinese)."""


class DomainError(Exception):
    """A rule was broken. Edges turn it into a form error, a 4xx body or a CLI message."""

    def __init__(self, code: str, message: str, *, field: str | None = None, rule: str = ""):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.rule = rule

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field, "rule": self.rule}


class NotFound(DomainError):
    def __init__(self, message: str = "未找到"):
        super().__init__("not_found", message)
