"""WSGI entry point (gunicorn thidua.wsgi).

The URL map, and with it every view and the API's schemas, is loaded when the process starts
rather than on its first request: about 1.5 s of CPU that the first visitor of each gunicorn
worker would otherwise wait for (with `gunicorn --preload`, done once before the fork).
"""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - the attribute's lookup imports the URL map
