import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Load jieba's dictionary when the worker starts (once in the master with gunicorn
# --preload), never on a visitor's first search.
from disclosure.search import warm_up  # noqa: E402

warm_up()
