"""WSGI entry point: ``gunicorn app:app`` or ``flask --app app run``."""

from counsel_dir import create_app

app = create_app()
