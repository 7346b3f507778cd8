"""The demo's coordination group: eight members, four past monthly meetings (agendas, attendance,
approved minutes, decisions, open and closed actions) and the next one planned; a to-do list,
documents and terms. Members are demo people of `entraide.people.demo`: the three referents, the
coordinator, and four residents given a coordinator role. Loading twice changes nothing."""

import datetime

from django.utils import timezone

from entraide.directory.models import Initiative
from entraide.people.demo import DOMAIN
from entraide.people.enums import RoleKind
from entraide.people.models import Role, User
from entraide.territories.models import Territory

from . import rules, services
from .enums import MeetingStatus, Rhythm
from .models import Action, AgendaItem, Attendance, Decision, Document, Meeting, Minutes, Term

PLACE = "Mairie de Coufouleux, salle du conseil"
VOLUNTEERS = (8, 12, 17, 24)  # Nadia K., Amélie C., Julien E., Lina O.

# Per past meeting, oldest first: (agenda items, minutes, decisions, actions (title, owner index, done))
MEETINGS = [
    (
        ["Tour de table de la rentrée", "Le tableau d'entraide à la mairie", "Café solidaire du mardi"],
        "Tour de table : chacun dit ce qu'il a vu d'entraide cet été. Le tableau papier est bien lu à "
        "la mairie, moins à la pharmacie. Le café solidaire reprend le mardi à 9 h.",
        ["Le tableau papier est aussi affiché à la médiathèque."],
        [("Afficher le tableau à la médiathèque", 0, True), ("Écrire la charte du groupe", 3, True)],
    ),
    (
        ["Charte du groupe", "Forum des associations", "Appel à projets léger"],
        "La charte proposée par Hélène est relue ensemble. Le forum de septembre a amené douze "
        "nouvelles personnes. L'appel à projets ouvre en janvier.",
        ["La charte est adoptée.", "Le jury de l'appel à projets compte deux habitant·e·s."],
        [
            ("Préparer le règlement de l'appel à projets", 3, True),
            ("Trouver deux habitant·e·s jurés", 4, False),
        ],
    ),
    (
        ["Repair café : bilan", "Isolement des aînés à Loupiac", "Communication"],
        "Le repair café a réparé 14 objets sur 19. Nora signale trois personnes âgées isolées à "
        "Loupiac : des visites sont proposées par la banque du temps.",
        ["Un article sur l'entraide dans le bulletin municipal de décembre."],
        [("Rédiger l'article du bulletin", 5, False), ("Organiser les visites à Loupiac", 2, True)],
    ),
    (
        ["Diagnostic partagé : premiers chiffres", "Fête des voisins", "Revue des rôles"],
        "Le diagnostic montre un manque d'aide au numérique à Rabastens. La fête des voisins est "
        "envisagée en juin. Les rôles seront revus à la prochaine réunion.",
        ["Un atelier numérique mensuel à Rabastens, avec Lina."],
        [
            ("Réserver la salle pour l'atelier numérique", 7, False),
            ("Sonder les quartiers pour la fête", 6, False),
        ],
    ),
]
NEXT_ITEMS = ["Atelier numérique : où en est-on ?", "Fête des voisins : date et lieu"]
TODO = [("Mettre à jour la liste des partenaires", 1, False), ("Commander des affiches", 5, True)]


def _person(email: str) -> User:
    return User.objects.get(email=f"{email}@{DOMAIN}")


def _second_tuesday(year: int, month: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 7)


def _dates(today: datetime.date) -> list[datetime.datetime]:
    """The second Tuesdays at 18:30: the four before today, then the next one."""
    zone = timezone.get_current_timezone()
    days = []
    year, month = today.year, today.month - 5
    while len(days) < 8:
        if month < 1:
            year, month = year - 1, month + 12
        if month > 12:
            year, month = year + 1, month - 12
        days.append(_second_tuesday(year, month))
        month += 1
    past = [d for d in days if d < today][-4:]
    following = next(d for d in days if d >= today)
    return [datetime.datetime.combine(d, datetime.time(18, 30), tzinfo=zone) for d in [*past, following]]


def _members(territory: Territory) -> list[User]:
    """The group, in the order the demo's meetings refer to them."""
    volunteers = [_person(f"habitant{n}") for n in VOLUNTEERS]
    for person in volunteers:
        Role.objects.get_or_create(user=person, territory=territory, kind=RoleKind.COORDINATOR)
    referents = [_person(f"referent.{insee}") for insee in ("81070", "81220", "81149")]
    return [referents[0], referents[1], referents[2], _person("coordination"), *volunteers]


def _terms(territory: Territory, today: datetime.date) -> None:
    initiative = Initiative.objects.in_territory(territory).order_by("pk").first()
    for index, role in enumerate(
        Role.objects.in_territory(territory)
        .filter(kind__in=(RoleKind.COORDINATOR, RoleKind.REFERENT), user__email__endswith=DOMAIN)
        .order_by("pk")
    ):
        Term.objects.get_or_create(
            role=role,
            defaults={
                "territory": territory,
                "ends_on": datetime.date(today.year + 1 + index % 2, 6, 30),
                # Two reviews are due, to show what the group sees.
                "review_on": today - datetime.timedelta(days=10)
                if index < 2
                else today.replace(day=1) + datetime.timedelta(days=200 + 20 * index),
                "represents": initiative if role.user.email == f"habitant{VOLUNTEERS[3]}@{DOMAIN}" else None,
            },
        )


def _meeting(territory: Territory, starts_at, facilitator: User, status: str) -> Meeting:
    return Meeting.objects.create(
        territory=territory,
        starts_at=starts_at,
        place=PLACE,
        facilitator=facilitator,
        rhythm=Rhythm.MONTHLY,
        status=status,
        agenda_sent_at=starts_at - datetime.timedelta(days=3) if status == MeetingStatus.HELD else None,
    )


def load(territory: Territory) -> None:
    if not territory.communes.filter(insee_code="81070").exists():
        return
    today = timezone.localdate()
    members = _members(territory)
    _terms(territory, today)
    if Meeting.objects.in_territory(territory).exists():
        return
    dates = _dates(today)
    in_turn = list(rules.members(territory))  # the facilitator rotates in the group's order
    for number, (starts_at, (items, text, decisions, actions)) in enumerate(
        zip(dates, MEETINGS, strict=False)
    ):
        facilitator = in_turn[number % len(in_turn)]
        meeting = _meeting(territory, starts_at, facilitator, MeetingStatus.HELD)
        for offset, title in enumerate(items):
            AgendaItem.objects.create(
                meeting=meeting,
                title=title,
                proposed_by=members[(number + offset * 3) % len(members)],
                created_at=starts_at - datetime.timedelta(days=10 - offset),
            )
        present = [m for index, m in enumerate(members) if (index + number) % 4 != 0]
        Attendance.objects.bulk_create([Attendance(meeting=meeting, person=p) for p in present])
        Minutes.objects.create(
            meeting=meeting,
            text=text,
            written_by=facilitator,
            updated_at=starts_at + datetime.timedelta(hours=2),
            approved_at=starts_at + datetime.timedelta(days=2),
            approved_by=facilitator,
        )
        for decision in decisions:
            Decision.objects.create(meeting=meeting, text=decision, created_at=starts_at)
        for title, owner, done in actions:
            Action.objects.create(
                territory=territory,
                meeting=meeting,
                title=title,
                owner=members[owner],
                due_on=(starts_at + datetime.timedelta(days=25)).date(),
                done_at=starts_at + datetime.timedelta(days=12) if done else None,
                created_by=facilitator,
                created_at=starts_at,
            )
    following = _meeting(
        territory, dates[4], services.next_in_turn(territory, after=in_turn[3]), MeetingStatus.PLANNED
    )
    for offset, title in enumerate(NEXT_ITEMS):
        AgendaItem.objects.create(meeting=following, title=title, proposed_by=members[offset + 4])
    for title, owner, done in TODO:
        Action.objects.create(
            territory=territory,
            title=title,
            owner=members[owner],
            due_on=today + datetime.timedelta(days=20),
            done_at=timezone.now() if done else None,
            created_by=members[3],
        )
    Document.objects.create(
        territory=territory,
        title="Charte du groupe de coordination",
        text="Le groupe se réunit le deuxième mardi du mois. L'animation tourne à chaque réunion. "
        "Chaque rôle a un mandat d'un an, revu chaque année. Les décisions sont prises au consentement.",
        added_by=members[3],
    )
    Document.objects.create(
        territory=territory,
        title="Contacts des partenaires",
        text="CCAS de Coufouleux : 05 63 00 00 10\nEVS Les Tilleuls : 05 63 00 00 20\n"
        "Association Repair café : contact@repair.example.org",
        added_by=members[0],
    )
    Document.objects.create(
        territory=territory,
        title="Diagnostic partagé (page du site)",
        url="https://entraide.example.org/diagnostic/",
        added_by=members[3],
    )
