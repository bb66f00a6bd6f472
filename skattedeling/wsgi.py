"""WSGI entry point (gunicorn skattedeling.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skattedeling.settings.base")
application = get_wsgi_application()
