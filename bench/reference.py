"""The reference pages the app is measured against: a tiny separate Django WSGI app.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_perf \\
        .venv/bin/gunicorn --chdir bench reference:application -w 2 -b 127.0.0.1:8117

- `/bare/`: a Django view returning 5 KB of fixed HTML, no middleware, no database: the ceiling
  of Django and gunicorn on this machine;
- `/raw/?territory=ID`: the board's 20 newest public posts of a territory by one SQL statement
  (the same rows, filter and order as `/tableau/`, served by the same index), rendered by a Django
  template: what a hand-written page listing them costs.

bench/national.py starts it next to the app and loads both.
"""

import os

import environ
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import HttpResponse
from django.template import Context, Engine
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("SECRET_KEY", "reference-pages-only"),
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    USE_TZ=True,
    DATABASES={"default": {**environ.Env().db_url("DATABASE_URL"), "CONN_MAX_AGE": 600}},
)

BARE = "<!DOCTYPE html><html lang='fr'><head><title>Référence</title></head><body>" + "<p>Entraide.</p>" * 330
BARE += "</body></html>"

SQL = """
SELECT p.reference, p.title, p.kind, p.created_at, c.name, m.name
FROM board_post p
JOIN categories_category c ON c.id = p.category_id
JOIN territories_commune m ON m.id = p.commune_id
WHERE p.territory_id = %s AND p.visibility = 'visible' AND p.status IN ('open', 'in_progress')
ORDER BY p.created_at DESC, p.id DESC
LIMIT 20
"""

TEMPLATE = Engine().from_string(
    """<!DOCTYPE html><html lang="fr"><head><title>Tableau</title></head><body><main><ol>
{% for reference, title, kind, created_at, category, commune in rows %}
<li><article><h2><a href="/tableau/{{ reference }}/">{{ title }}</a></h2>
<p>{{ kind }} · {{ category }} · {{ commune }} · {{ created_at|date:"j F Y" }}</p></article></li>
{% endfor %}</ol></main></body></html>"""
)


def bare(request):
    return HttpResponse(BARE)


def raw(request):
    with connection.cursor() as cursor:
        cursor.execute(SQL, [int(request.GET.get("territory", "1"))])
        rows = cursor.fetchall()
    return HttpResponse(TEMPLATE.render(Context({"rows": rows})))


urlpatterns = [path("bare/", bare), path("raw/", raw)]
application = get_wsgi_application()
