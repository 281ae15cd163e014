import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# A server does not start while the demo account has its published password with DEBUG off
# (imported here, once the apps are loaded).
from core.accounts import refuse_published_demo_password  # noqa: E402

refuse_published_demo_password()
