"""The Celery application, configured from Django settings under the CELERY namespace."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skattedeling.settings.base")

app = Celery("skattedeling")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
