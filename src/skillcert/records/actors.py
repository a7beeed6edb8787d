"""The acting user as a foreign key: None for a system run (a task, a command)."""


def user_of(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
