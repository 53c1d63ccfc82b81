"""The public JSON API (``/api/v1``)."""
