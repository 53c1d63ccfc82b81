"""The translation marker for display texts held as data (no Flask import: pure modules use it)."""


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a string for extraction without translating it; it is translated where shown."""
    return message
