"""Fill a PostgreSQL database at national scale, in SQL (generate_series), not row by row.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/entraide_perf \\
        .venv/bin/python bench/national_fill.py --posts 1000000

Empties the database's application tables, then writes 1,000 territories (each with a host name
`tNNNN.entraide.test`), 35 communes each (35,000), 100 people each (100,000) with a time account,
`--posts` posts (half of them in the first territory, the board benchmark's, the rest spread over
the others), `--transfers` time transfers (two ledger entries each, written by the time bank's own
triggers, which stay on) and 50 initiatives per territory (50,000), then `VACUUM ANALYZE`.

The mix is realistic: posts are spread over three years and only the last 45 days' are mostly
open or in progress (about 3.5 % of all posts are public), a few are hidden or awaiting approval;
a quarter of the initiatives are still proposals. Used by bench/national.py; also runnable alone.
"""

import argparse
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from entraide.categories.defaults import ensure_default_categories  # noqa: E402
from entraide.territories.models import Territory  # noqa: E402

HOST_SUFFIX = ".entraide.test"
PASSWORD = "bench-password-1234"  # noqa: S105  (the bench resident's, on a throw-away database)
WORDS = "{courses,velo,jardin,trajet,marche,pharmacie,bricolage,etagere,ordinateur,devoirs,repas,visite}"


def host(number: int) -> str:
    return f"t{number:04d}{HOST_SUFFIX}"


def step(label: str, sql: str, params=None) -> None:
    started = time.perf_counter()
    if sql.lstrip().startswith("INSERT INTO"):
        sql = completed(sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)


DEFAULTS_BY_TYPE = {
    "boolean": "false",
    "jsonb": "'{}'::jsonb",
    "ARRAY": "'{}'",
    "uuid": "gen_random_uuid()",
    "timestamp with time zone": "now()",
    "date": "current_date",
}


def completed(sql: str) -> str:
    """`sql` (one INSERT INTO table (columns) SELECT values …) with the NOT NULL columns it omits
    (added by a later migration) set to an empty value of their type, so the fill keeps working."""
    head, rest = sql.split("(", 1)
    table = head.split("INSERT INTO", 1)[1].strip()
    columns, rest = rest.split(")", 1)
    given = {c.strip().strip('"') for c in columns.split(",")}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
            "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'",
            [table],
        )
        missing = [(name, kind) for name, kind in cursor.fetchall() if name not in given]
    if not missing:
        return sql
    extra_columns = "".join(f', "{name}"' for name, _kind in missing)
    extra_values = "".join(
        f", {DEFAULTS_BY_TYPE.get(kind, chr(39) * 2 if 'char' in kind or kind == 'text' else '0')}"
        for name, kind in missing
    )
    select, source = rest.split("\n        FROM ", 1) if "\n        FROM " in rest else (rest, None)
    assert source is not None, sql
    return f"{head}({columns}{extra_columns}){select}{extra_values}\n        FROM {source}"


def empty_tables() -> None:
    tables = [
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        existing = {row[0] for row in cursor.fetchall()}
    names = ", ".join(f'"{t}"' for t in tables if t in existing)
    step("empty the tables", f"TRUNCATE {names} RESTART IDENTITY CASCADE")


def fill(*, territories: int, communes: int, people: int, posts: int, transfers: int, initiatives: int):
    if connection.vendor != "postgresql":
        sys.exit("national_fill.py writes PostgreSQL SQL: set DATABASE_URL=postgres://…")
    call_command("migrate", verbosity=0)
    empty_tables()
    step(
        f"{territories} territories and their host names",
        """
        INSERT INTO territories_territory
            (slug, name, kind, epci_siren, is_demo, contact_phone, legal_notice, privacy_policy,
             retention_years)
        SELECT 't' || lpad(g::text, 4, '0'), 'Territoire ' || g, 'epci', '', false, '05 63 00 00 00',
               '', '', 3
        FROM generate_series(1, %(n)s) g;
        INSERT INTO territories_territoryhost (name, territory_id)
        SELECT slug || %(suffix)s, id FROM territories_territory;
        """,
        {"n": territories, "suffix": HOST_SUFFIX},
    )
    first = Territory.objects.order_by("pk").first()
    ensure_default_categories(first)
    step(
        "the default categories in every territory",
        """
        INSERT INTO categories_category
            (slug, name, safety_note, di_thematiques, position, is_active, territory_id)
        SELECT c.slug, c.name, c.safety_note, c.di_thematiques, c.position, c.is_active, t.id
        FROM categories_category c CROSS JOIN territories_territory t
        WHERE c.territory_id = %(first)s AND t.id <> %(first)s
        """,
        {"first": first.pk},
    )
    step(
        f"{territories * communes} communes, one neighbourhood each",
        """
        INSERT INTO territories_commune (insee_code, name, postal_codes, population, territory_id)
        SELECT lpad(((t.id - 1) * %(n)s + g)::text, 5, '0'), 'Commune ' || t.id || '-' || g,
               ARRAY[lpad((t.id %% 95 + 1)::text, 2, '0') || '000'], 200 + (g * 37) %% 5000, t.id
        FROM territories_territory t CROSS JOIN generate_series(1, %(n)s) g;
        INSERT INTO territories_neighbourhood (name, slug, public_id, commune_id)
        SELECT 'Centre', 'centre', gen_random_uuid(), id FROM territories_commune;
        """,
        {"n": communes},
    )
    step(
        f"{territories * people} people, each with a time account",
        """
        INSERT INTO people_user
            (password, is_superuser, public_id, email, display_name, phone, age_bracket, presentation,
             can_help_with, is_assisted, is_active, is_staff, date_joined, territory_id, commune_id)
        SELECT '!', false, gen_random_uuid(), 'p' || t.id || '-' || g || '@entraide.test',
               'Personne ' || g, '', '', '', '', g %% 20 = 0, true, false,
               now() - (g || ' days')::interval, t.id,
               (SELECT min(c.id) FROM territories_commune c WHERE c.territory_id = t.id) + g %% %(c)s
        FROM territories_territory t CROSS JOIN generate_series(1, %(n)s) g;
        INSERT INTO timebank_account (public_id, kind, name, balance_minutes, is_frozen, frozen_reason,
                                      created_at, owner_id, territory_id)
        SELECT gen_random_uuid(), 'person', '', 0, false, '', now(), id, territory_id FROM people_user;
        """,
        {"n": people, "c": communes},
    )
    # Lookup tables: the k-th person, commune and category of each territory, by number.
    step(
        "lookup tables",
        """
        CREATE TEMP TABLE bench_person AS
            SELECT u.id, a.id AS account_id, u.territory_id,
                   row_number() OVER (PARTITION BY u.territory_id ORDER BY u.id) - 1 AS k
            FROM people_user u JOIN timebank_account a ON a.owner_id = u.id;
        CREATE UNIQUE INDEX ON bench_person (territory_id, k);
        CREATE TEMP TABLE bench_commune AS
            SELECT c.id, c.territory_id, n.id AS neighbourhood_id,
                   row_number() OVER (PARTITION BY c.territory_id ORDER BY c.id) - 1 AS k
            FROM territories_commune c JOIN territories_neighbourhood n ON n.commune_id = c.id;
        CREATE UNIQUE INDEX ON bench_commune (territory_id, k);
        CREATE TEMP TABLE bench_category AS
            SELECT id, territory_id, row_number() OVER (PARTITION BY territory_id ORDER BY id) - 1 AS k
            FROM categories_category;
        CREATE UNIQUE INDEX ON bench_category (territory_id, k);
        """,
    )
    n_categories = first_count = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_category WHERE territory_id = %s", [first.pk])
        n_categories = cursor.fetchone()[0]
    first_count = posts // 2
    step(
        f"{posts} posts ({first_count} in the first territory)",
        """
        INSERT INTO board_post
            (public_id, reference, kind, title, body, "when", urgent, status, visibility, search_text,
             created_at, updated_at, expires_at, author_id, category_id, commune_id, neighbourhood_id,
             territory_id)
        SELECT gen_random_uuid(), 'B-' || lpad(upper(to_hex(s.g)), 6, '0'),
               CASE WHEN s.g %% 3 = 0 THEN 'offer' ELSE 'request' END,
               initcap((%(words)s::text[])[1 + s.g %% 12]) || ' : un coup de main n° ' || s.g,
               'Quelques lignes pour dire ce qu''il faut, quand et où.', 'flexible',
               s.g %% 3 <> 0 AND s.g %% 13 = 0,
               CASE WHEN s.age_days < 45 THEN
                        CASE WHEN s.dice < 700 THEN 'open' WHEN s.dice < 850 THEN 'in_progress'
                             WHEN s.dice < 950 THEN 'done' ELSE 'withdrawn' END
                    ELSE CASE WHEN s.dice < 550 THEN 'done' WHEN s.dice < 700 THEN 'withdrawn'
                              ELSE 'expired' END END,
               CASE WHEN s.dice %% 200 = 7 THEN 'hidden' WHEN s.dice %% 500 = 11 THEN 'pending'
                    ELSE 'visible' END,
               (%(words)s::text[])[1 + s.g %% 12] || ' un coup de main n ' || s.g,
               now() - s.age_days * interval '1 day', now() - s.age_days * interval '1 day',
               now() - s.age_days * interval '1 day' + interval '30 days',
               p.id, cat.id, c.id, CASE WHEN s.g %% 3 = 0 THEN c.neighbourhood_id END, s.territory_id
        FROM (
            SELECT g,
                   CASE WHEN g <= %(first_count)s THEN %(first)s
                        ELSE %(first)s + 1 + (g %% (%(territories)s - 1)) END AS territory_id,
                   (g * 7919) %% 1095 + ((g * 31) %% 86400) / 86400.0 AS age_days,
                   (g * 2654435761) %% 1000 AS dice
            FROM generate_series(1::bigint, %(posts)s) g
        ) s
        JOIN bench_person p ON p.territory_id = s.territory_id AND p.k = s.g %% %(people)s
        JOIN bench_commune c ON c.territory_id = s.territory_id AND c.k = s.g %% %(communes)s
        JOIN bench_category cat ON cat.territory_id = s.territory_id AND cat.k = s.g %% %(categories)s
        """,
        {
            "first": first.pk,
            "first_count": first_count,
            "territories": max(territories, 2),
            "posts": posts,
            "words": WORDS,
            "people": people,
            "communes": communes,
            "categories": n_categories,
        },
    )
    step(
        f"{transfers} transfers, {2 * transfers} ledger entries (through the time bank's triggers)",
        """
        INSERT INTO timebank_transfer
            (public_id, kind, minutes, happened_on, description, reason, idempotency_key, created_at,
             payer_id, payee_id, territory_id)
        SELECT gen_random_uuid(), 'exchange', 30 + (g %% 8) * 15,
               (now() - (g %% 700) * interval '1 day')::date,
               'Un coup de main', '', gen_random_uuid(), now() - (g %% 700) * interval '1 day',
               payer.account_id, payee.account_id, payer.territory_id
        FROM generate_series(1, %(n)s) g
        JOIN bench_person payer ON payer.territory_id = %(first)s + g %% %(territories)s
                                AND payer.k = (g / %(territories)s) %% %(people)s
        JOIN bench_person payee ON payee.territory_id = payer.territory_id
                                AND payee.k = (payer.k + 1 + g %% 7) %% %(people)s
        """,
        {"n": transfers, "first": first.pk, "territories": territories, "people": people},
    )
    step(
        f"{territories * initiatives} initiatives",
        """
        INSERT INTO directory_initiative
            (public_id, slug, name, kind, description, audience, audience_note, contact_phone,
             contact_email, website, links, has_public_place, address, postal_code, opening_hours,
             opening_hours_ok, status, last_checked_on, publication, external_id, search_text,
             created_at, updated_at, commune_id, territory_id)
        SELECT gen_random_uuid(), 'initiative-' || g, 'Initiative ' || g || ' ' || c.id, 'association',
               'Une association qui aide ses voisins.', 'tous-publics', '', '', '', '', '', false, '',
               '', '', true, 'active', (now() - (g * 11 %% 400) * interval '1 day')::date,
               CASE WHEN g %% 4 = 0 THEN 'proposed' ELSE 'published' END, '',
               'initiative ' || g || ' association', now(), now(), c.id, t.id
        FROM territories_territory t CROSS JOIN generate_series(1, %(n)s) g
        JOIN bench_commune c ON c.territory_id = t.id AND c.k = g %% %(communes)s
        """,
        {"n": initiatives, "communes": communes},
    )
    step(
        "the bench resident's password (first person of the first territory)",
        "UPDATE people_user SET password = %(p)s, email = 'resident@entraide.test' WHERE id = "
        "(SELECT id FROM bench_person WHERE territory_id = %(first)s AND k = 0)",
        {"p": make_password(PASSWORD), "first": first.pk},
    )
    step("VACUUM ANALYZE", "VACUUM ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--territories", type=int, default=1000)
    parser.add_argument("--communes", type=int, default=35, help="per territory")
    parser.add_argument("--people", type=int, default=100, help="per territory")
    parser.add_argument("--posts", type=int, default=1_000_000, help="in all")
    parser.add_argument("--transfers", type=int, default=500_000, help="in all (two entries each)")
    parser.add_argument("--initiatives", type=int, default=50, help="per territory")
    args = parser.parse_args()
    started = time.perf_counter()
    fill(
        territories=args.territories,
        communes=args.communes,
        people=args.people,
        posts=args.posts,
        transfers=args.transfers,
        initiatives=args.initiatives,
    )
    print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
