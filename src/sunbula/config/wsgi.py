"""The WSGI application gunicorn serves; it refuses to start on the development secret key
with debug off (sunbula.core.deployment)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from sunbula.core.deployment import refuse_development_secret

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunbula.config.settings")

application = get_wsgi_application()
refuse_development_secret()
