"""Demo meetups: a weekly café solidaire in Coufouleux (Tuesday mornings), a monthly repair café in
Rabastens, the forum des associations of Loupiac in September, a smartphone workshop that is full
with a waiting list, a walk awaiting publication; past dates closed with attendance and feedback.

Dates are placed around the day the demo is loaded. Running it again changes nothing: a meetup
whose title is already there is left as it is.
"""

import datetime
import random

from django.utils import timezone

from entraide.directory.models import Initiative
from entraide.evaluation import services as evaluation
from entraide.people.demo import DOMAIN
from entraide.people.models import User
from entraide.territories.models import Territory

from . import recurrence, services
from .defaults import ensure_default_kinds
from .enums import RegistrationStatus, Repeat
from .feedback import KIND
from .models import Meetup, MeetupKind, Occurrence, Registration, TrustedOrganiser

CAFE = "Café solidaire du mardi"
REPAIR = "Repair café de Rabastens"
FORUM = "Forum des associations de Loupiac"
WORKSHOP = "Atelier smartphone : premiers pas"
WALK = "Balade le long du Tarn"

REPORTS = [
    "Une tablée bien remplie ; deux nouvelles venues du Hameau du Bois, raccompagnées en voiture.",
    "On a parlé jardin et recettes d’hiver. Jeanne a proposé un atelier tricot.",
    "Calme, mais chaleureux : trois personnes ont échangé leurs numéros pour des courses.",
    "Visite de l’épicerie solidaire voisine après le café.",
]


def _person(number: int) -> User:
    return User.objects.get(email=f"habitant{number}@{DOMAIN}")


def _referent(insee: str) -> User:
    return User.objects.get(email=f"referent.{insee}@{DOMAIN}")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


def _nth_weekday(year: int, month: int, weekday: int, rank: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (rank - 1))


def _initiative(territory: Territory, name: str) -> Initiative | None:
    return Initiative.objects.in_territory(territory).filter(name=name).first()


def _new(territory: Territory, title: str, kind: str, commune: str, **fields) -> Meetup | None:
    """An unsaved meetup, or None when the demo already has it."""
    if Meetup.objects.in_territory(territory).filter(title=title).exists():
        return None
    if fields.get("place") is None and not fields.get("address"):
        fields["address"] = "Salle des fêtes"  # a territory loaded without the directory's demo
    return Meetup(
        territory=territory,
        title=title,
        kind=MeetupKind.objects.in_territory(territory).get(slug=kind),
        commune=territory.communes.get(insee_code=commune),
        **fields,
    )


def _registered_in_the_past(occurrence: Occurrence, people: list[User], rng: random.Random) -> None:
    """Registrations of a date that is over (services.register refuses those, rightly)."""
    rows = [
        Registration(
            occurrence=occurrence,
            person=person,
            status=RegistrationStatus.CONFIRMED,
            created_at=occurrence.starts_at - datetime.timedelta(days=rng.randint(2, 12)),
            updated_at=occurrence.starts_at - datetime.timedelta(days=1),
            reminded_eve_at=occurrence.starts_at - datetime.timedelta(hours=18),
        )
        for person in people
    ]
    Registration.objects.bulk_create(rows)
    Occurrence.objects.filter(pk=occurrence.pk).update(taken=len(rows))


def _feedback(occurrence: Occurrence, people: list[User], rng: random.Random) -> None:
    for person in people:
        feedback = evaluation.give(
            person=person,
            kind=KIND,
            subject=occurrence.public_id,
            did_good=rng.random() < 0.85,
            met_someone_new=rng.random() < 0.5,
        )
        type(feedback).objects.filter(pk=feedback.pk).update(
            created_at=occurrence.ends_at + datetime.timedelta(hours=rng.randint(2, 40))
        )


def _cafe(territory: Territory, today: datetime.date, rng: random.Random) -> None:
    tuesday = today - datetime.timedelta(days=(today.weekday() - 1) % 7 or 7)  # the last Tuesday before today
    first = tuesday - datetime.timedelta(weeks=9)
    start = _at(first, 9, 30)
    meetup = _new(
        territory,
        CAFE,
        "cafe-solidaire",
        "81070",
        description=(
            "Un café, des biscuits faits maison et le temps de se parler. Venez seul ou accompagné : "
            "on ne se connaît pas forcément, c’est le principe."
        ),
        place=_initiative(territory, "Le Tiers-Lieu du Moulin (fictif)"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        rrule=recurrence.build(Repeat.WEEKLY, start),
        step_free=True,
        transport_offered=True,
        what_to_bring="Rien, ou un gâteau si le cœur vous en dit.",
        for_whom="Tout le monde, en particulier les personnes qui se sentent seules.",
    )
    if meetup is None:
        return
    referent = _referent("81070")
    services.announce(meetup, by=referent, organisers=[_person(12)])
    past = list(Occurrence.objects.filter(meetup=meetup, starts_at__lt=timezone.now()).order_by("starts_at"))
    # Every past Tuesday is closed but the last one: the referent's desk shows it to close.
    for index, occurrence in enumerate(past[:-1]):
        present = rng.randint(7, 16)
        services.close(
            occurrence,
            by=referent,
            present=present,
            first_timers=rng.randint(0, 3),
            report=REPORTS[index % len(REPORTS)] if index % 2 == 0 else "",
        )
    coming = Occurrence.objects.filter(meetup=meetup, starts_at__gte=timezone.now()).order_by("starts_at")
    holiday = coming[3]
    services.cancel_date(meetup, timezone.localtime(holiday.starts_at).date(), by=referent)


def _repair_cafe(territory: Territory, today: datetime.date, rng: random.Random) -> None:
    month = (today.replace(day=1) - datetime.timedelta(days=80)).replace(day=1)
    start = _at(_nth_weekday(month.year, month.month, 5, 1), 9, 30)
    meetup = _new(
        territory,
        REPAIR,
        "repair-cafe",
        "81220",
        description=(
            "Le premier samedi du mois, des bénévoles aident à réparer petit électroménager, vélos, "
            "vêtements et jouets. Inscrivez-vous en disant ce que vous apportez : on prévoit les outils."
        ),
        place=_initiative(territory, "Espace de Vie Sociale Les Berges (démo)"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        rrule=recurrence.build(Repeat.MONTHLY, start),
        step_free=True,
        hearing_loop=True,
        what_to_bring="L’objet à réparer, et ses pièces si vous les avez.",
        for_whom="Tout le monde.",
        registration_required=True,
        capacity=20,
        guests_allowed=1,
    )
    if meetup is None:
        return
    julien = _person(17)
    TrustedOrganiser.objects.get_or_create(
        territory=territory, person=julien, defaults={"granted_by": _referent("81220")}
    )
    services.announce(meetup, by=julien, organisers=[_person(14)])
    people = [_person(n) for n in (13, 15, 16, 18, 19, 20, 21, 3, 4, 22)]
    now = timezone.now()
    for occurrence in Occurrence.objects.filter(meetup=meetup, ends_at__lt=now).order_by("starts_at"):
        came = rng.sample(people, rng.randint(5, 8))
        _registered_in_the_past(occurrence, came, rng)
        services.close(
            occurrence,
            by=julien,
            present=len(came) + rng.randint(2, 6),
            first_timers=rng.randint(1, 4),
            report="Une vingtaine d’objets passés sur la table ; deux tiers repartent réparés.",
        )
        _feedback(occurrence, came[: len(came) - 2], rng)
    upcoming = Occurrence.objects.filter(meetup=meetup, starts_at__gte=now).order_by("starts_at").first()
    for person in people[:4]:
        services.register(upcoming, person, guests=1 if person == people[0] else 0)


def _forum(territory: Territory, today: datetime.date) -> None:
    day = _nth_weekday(today.year, 9, 5, 2)
    if day <= today + datetime.timedelta(days=2):
        day = _nth_weekday(today.year + 1, 9, 5, 2)
    meetup = _new(
        territory,
        FORUM,
        "forum",
        "81149",
        description=(
            "Toutes les associations du territoire sur leurs stands : sport, culture, solidarité. "
            "Le moment de l’année pour rencontrer celles et ceux qui font vivre les villages."
        ),
        address="Salle polyvalente, place de l’Église",
        organiser_initiative=_initiative(territory, "Mairie de Loupiac, permanence démarches (démo)"),
        starts_at=_at(day, 10),
        ends_at=_at(day, 17),
        step_free=True,
        transport_offered=True,
        for_whom="Tout le monde : habitants, nouveaux arrivants, associations.",
    )
    if meetup is not None:
        services.announce(meetup, by=_referent("81149"), organisers=[_person(24)])


def _workshop(territory: Territory, today: datetime.date) -> None:
    day = today + datetime.timedelta(days=2)
    day += datetime.timedelta(days=(3 - day.weekday()) % 7)  # a Thursday, at least two days ahead
    meetup = _new(
        territory,
        WORKSHOP,
        "atelier",
        "81070",
        description=(
            "Appeler en visio, envoyer une photo, ne plus avoir peur des mises à jour : six places, "
            "un accompagnateur pour deux personnes."
        ),
        place=_initiative(territory, "Le Tiers-Lieu du Moulin (fictif)"),
        organiser_initiative=_initiative(territory, "Atelier Numérique pour Tous (fictif)"),
        starts_at=_at(day, 14),
        ends_at=_at(day, 16),
        step_free=True,
        what_to_bring="Votre téléphone chargé, et vos codes si vous les retrouvez.",
        for_whom="Les personnes qui débutent avec un smartphone.",
        registration_required=True,
        capacity=6,
    )
    if meetup is None:
        return
    referent = _referent("81070")
    # Proposed by a resident, published by the referent.
    meetup = services.announce(meetup, by=_person(6))
    services.publish(meetup, by=referent)
    occurrence = Occurrence.objects.get(meetup=meetup)
    for number in (1, 2, 7, 9, 23):
        services.register(occurrence, _person(number))
    germaine = User.objects.filter(territory=territory, is_assisted=True, display_name="Germaine V.").first()
    if germaine is not None:
        services.register(occurrence, germaine, entered_by=referent)
    else:
        services.register(occurrence, _person(10))
    for number in (8, 16):  # full: these two wait, in this order
        services.register(occurrence, _person(number))


def _walk(territory: Territory, today: datetime.date) -> None:
    day = today + datetime.timedelta(days=12)
    day += datetime.timedelta(days=(6 - day.weekday()) % 7)  # a Sunday
    meetup = _new(
        territory,
        WALK,
        "sortie",
        "81149",
        description="Une heure et demie de marche tranquille, retour par le village. Chiens bienvenus.",
        address="Départ devant la mairie",
        starts_at=_at(day, 14, 30),
        ends_at=_at(day, 16),
        what_to_bring="De bonnes chaussures.",
    )
    if meetup is not None:
        services.announce(meetup, by=_person(26))  # a proposal: the referent of Loupiac publishes it


def load(territory: Territory) -> None:
    ensure_default_kinds(territory)
    today = timezone.localdate()
    rng = random.Random(11)
    _cafe(territory, today, rng)
    _repair_cafe(territory, today, rng)
    _forum(territory, today)
    _workshop(territory, today)
    _walk(territory, today)
    return None
