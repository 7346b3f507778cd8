"""Demo lending: the salle des fêtes and a meeting room in Coufouleux, the salle associative of
Rabastens, a sound system, a projector lent by a local business, a gazebo, 40 chairs, poster
printing and a bulletin slot, three residents' objects (a drill, a sewing machine, a ladder); past,
current, overdue, requested and refused bookings, and someone on a waiting list.

Dates are placed around the day the demo is loaded. Running it again changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from entraide.directory.models import Initiative
from entraide.people.demo import DOMAIN
from entraide.people.models import User
from entraide.territories.models import Territory

from .enums import BookingStatus, Borrowers, ItemKind, OwnerKind, SupportStatus
from .models import Booking, Item, SupportRequest, WaitingEntry

HALL = "salle-des-fetes-de-coufouleux"


def _person(number: int) -> User:
    return User.objects.get(email=f"habitant{number}@{DOMAIN}")


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def _items(territory: Territory) -> dict[str, Item]:
    communes = {c.insee_code: c for c in territory.communes.all()}
    coufouleux, rabastens = communes["81070"], communes["81220"]
    evenings = {"opens_at": datetime.time(8), "closes_at": datetime.time(23)}
    office = {"opens_at": datetime.time(9), "closes_at": datetime.time(18), "open_days": "12345"}
    rows = [
        (
            HALL,
            "Salle des fêtes de Coufouleux",
            ItemKind.ROOM,
            coufouleux,
            dict(
                address="Place de la Mairie",
                capacity=250,
                step_free=True,
                equipment_inside="Cuisine équipée, 30 tables, 250 chaises, sono fixe",
                notice_hours=72,
                longest_hours=16,
                buffer_minutes=120,
                checklist="Clés\nBadge de l'alarme",
                conditions="Caution de 300 € par chèque, rendu après l'état des lieux",
                care_notes="Salle rendue balayée, poubelles triées, chauffage éteint.",
                **evenings,
            ),
        ),
        (
            "salle-de-reunion-de-la-mairie",
            "Salle de réunion de la mairie",
            ItemKind.ROOM,
            coufouleux,
            dict(
                address="2 place de la Mairie",
                capacity=20,
                step_free=True,
                equipment_inside="Écran, tableau blanc",
                notice_hours=24,
                longest_hours=4,
                auto_approve=True,
                # Office hours, and Saturday morning (per-day hours).
                opens_at=datetime.time(9),
                closes_at=datetime.time(18),
                open_days="123456",
                day_hours={"6": ["09:00", "12:00"]},
            ),
        ),
        (
            "salle-associative-de-rabastens",
            "Salle associative de Rabastens",
            ItemKind.ROOM,
            rabastens,
            dict(
                address="Promenade des Lices",
                capacity=60,
                step_free=False,
                notice_hours=48,
                longest_hours=12,
                buffer_minutes=60,
                checklist="Clés",
                **evenings,
            ),
        ),
        (
            "sono-portable",
            "Sono portable",
            ItemKind.EQUIPMENT,
            coufouleux,
            dict(
                notice_hours=48,
                longest_hours=72,
                buffer_minutes=60,
                checklist="Enceinte\nMicro sans fil\nCâbles",
                borrowers=Borrowers.INITIATIVES,
                care_notes="Volume bas à la mise sous tension.",
                **office,
            ),
        ),
        (
            "videoprojecteur",
            "Vidéoprojecteur",
            ItemKind.EQUIPMENT,
            coufouleux,
            dict(
                owner_kind=OwnerKind.BUSINESS,
                business_name="Librairie du Tarn (fictive)",
                notice_hours=24,
                longest_hours=48,
                checklist="Câble HDMI\nTélécommande\nHousse",
                **office,
            ),
        ),
        (
            "tonnelle-3x6",
            "Tonnelle 3 × 6 m",
            ItemKind.EQUIPMENT,
            coufouleux,
            dict(
                notice_hours=72,
                longest_hours=96,
                buffer_minutes=120,
                checklist="Bâche\nArmature\n8 piquets\nSangles",
                conditions="À monter à quatre personnes",
                **office,
            ),
        ),
        (
            "40-chaises",
            "40 chaises pliantes",
            ItemKind.EQUIPMENT,
            coufouleux,
            dict(notice_hours=48, longest_hours=96, checklist="40 chaises", **office),
        ),
        (
            "affiches-a3",
            "Impression d'affiches (mairie)",
            ItemKind.COMMUNICATION,
            coufouleux,
            dict(
                description="Jusqu'à 30 affiches A3 couleur de votre événement, imprimées par la mairie.",
                notice_hours=168,
            ),
        ),
        (
            "bulletin-municipal",
            "Encart dans le bulletin municipal",
            ItemKind.COMMUNICATION,
            coufouleux,
            dict(
                description="Un quart de page dans le bulletin trimestriel. Envoyez le texte un mois avant."
            ),
        ),
    ]
    items = {}
    for slug, name, kind, commune, fields in rows:
        fields.setdefault("owner_kind", OwnerKind.COMMUNE)
        items[slug], _created = Item.objects.get_or_create(
            territory=territory,
            slug=slug,
            defaults={"name": name, "kind": kind, "commune": commune, **fields},
        )
    for slug, name, number, description in [
        ("perceuse", "Perceuse-visseuse", 2, "Avec un jeu de mèches bois et métal."),
        ("machine-a-coudre", "Machine à coudre", 12, "Pour ourlets et petites retouches ; notice fournie."),
        ("echelle", "Échelle 3 plans", 20, "6 mètres déployée. À transporter à deux."),
    ]:
        owner = _person(number)
        items[slug], _created = Item.objects.get_or_create(
            territory=territory,
            slug=slug,
            defaults={
                "name": name,
                "kind": ItemKind.OBJECT,
                "commune": owner.commune,
                "neighbourhood": owner.neighbourhood,
                "owner_kind": OwnerKind.RESIDENT,
                "owner_person": owner,
                "description": description,
                "longest_hours": 96,
            },
        )
    return items


def _book(item: Item, person: User, start, end, status, **fields) -> Booking:
    return Booking(
        territory=item.territory,
        item=item,
        borrower=person,
        starts_at=start,
        ends_at=end,
        blocked_until=end + item.buffer,
        status=status,
        created_at=min(start, timezone.now()) - datetime.timedelta(days=5),
        **fields,
    )


@transaction.atomic
def load(territory: Territory) -> None:
    if Item.objects.in_territory(territory).filter(slug=HALL).exists():
        return
    items = _items(territory)
    sophie, karim, claire, thomas = _person(3), _person(2), _person(12), _person(4)
    referent = User.objects.get(email=f"referent.81070@{DOMAIN}")
    repair = (
        Initiative.objects.in_territory(territory).filter(name="Repair Café des Coteaux (fictif)").first()
    )
    now = timezone.now()
    handed = {"decided_by": referent, "checked_out_at": now}
    Booking.objects.bulk_create(
        [
            _book(
                items["sono-portable"],
                thomas,
                _at(-20, 9),
                _at(-18, 17),
                BookingStatus.RETURNED,
                initiative=repair,
                checked_out_at=_at(-20, 9),
                returned_at=_at(-18, 17),
                checkout_checks="Enceinte\nMicro sans fil\nCâbles",
                return_checks="Enceinte\nMicro sans fil\nCâbles",
                return_note="Rendue propre",
                decided_by=referent,
            ),
            _book(items["tonnelle-3x6"], karim, _at(-1, 9), _at(2, 17), BookingStatus.CHECKED_OUT, **handed),
            _book(
                items["40-chaises"],
                sophie,
                _at(-6, 9),
                _at(-3, 17),
                BookingStatus.OVERDUE,
                overdue_reminded_at=_at(-2, 6),
                decided_by=referent,
                checked_out_at=_at(-6, 9),
            ),
            _book(
                items[HALL],
                thomas,
                _at(10, 14),
                _at(10, 23),
                BookingStatus.APPROVED,
                initiative=repair,
                purpose="Repair café géant",
                decided_by=referent,
                decided_at=now,
            ),
            _book(
                items[HALL],
                claire,
                _at(10, 18),
                _at(10, 22),
                BookingStatus.REFUSED,
                unavailable=True,
                refusal_reason="L'objet est déjà prêté à ce moment-là.",
            ),
            _book(
                items["salle-associative-de-rabastens"],
                claire,
                _at(6, 14),
                _at(6, 18),
                BookingStatus.REQUESTED,
                purpose="Atelier couture",
            ),
            _book(
                items["videoprojecteur"],
                sophie,
                _at(4, 9),
                _at(5, 17),
                BookingStatus.REQUESTED,
                purpose="Ciné-débat de quartier",
            ),
            _book(
                items["perceuse"],
                sophie,
                _at(3, 10),
                _at(4, 18),
                BookingStatus.REQUESTED,
                purpose="Fixer des étagères",
            ),
        ]
    )
    WaitingEntry.objects.create(
        territory=territory, item=items[HALL], person=claire, starts_at=_at(10, 18), ends_at=_at(10, 22)
    )
    SupportRequest.objects.create(
        territory=territory,
        item=items["affiches-a3"],
        requester=thomas,
        initiative=repair,
        what="20 affiches A3 du repair café géant",
        wanted_by=timezone.localdate() + datetime.timedelta(days=7),
        status=SupportStatus.REQUESTED,
    )
