"""How the site names a user in messages and logs (custody log, four-eyes refusals)."""


def user_label(user) -> str:
    """The full name, else the login; "—" for nobody (a record made by the system)."""
    if user is None:
        return "—"
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()
