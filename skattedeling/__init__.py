"""Skattedeling: the Django project package (settings, urls, Celery app); no models, no logic."""
from .celery import app as celery_app

__all__ = ("celery_app",)
