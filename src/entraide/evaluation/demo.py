"""Demo evaluation: a year of help recorded between residents with their one-click feedback,
the questionnaire answered in two six-month waves (online, and on paper through the referents),
and five stories of change, one chosen by the group for each of the last four quarters.

Running it again changes nothing: nothing is added once the territory has questionnaire answers.
"""

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from entraide.board.feedback import KIND as EXCHANGE
from entraide.board.models import Exchange
from entraide.people.demo import DOMAIN
from entraide.people.models import User
from entraide.territories.models import Territory

from . import services
from .models import Feedback, Story, SurveyAnswer, quarter_of, wave_of

SENTENCES = [
    "On a pris un café après, c’était bien.",
    "Je ne la connaissais pas, elle habite à deux rues.",
    "Ça m’a évité de prendre un taxi.",
    "Merci encore pour le coup de main !",
    "",
    "",
]

STORIES = [
    (
        "Je ne mange plus seule le mardi",
        "Depuis le café solidaire, je retrouve trois voisines tous les mardis. Avant, je ne parlais "
        "à personne de la semaine, sauf à la pharmacienne.",
        True,
    ),
    (
        "Mon fils a retrouvé l’envie d’aller à l’école",
        "Lucie l’aide pour ses devoirs le mercredi. Il a remonté ses notes et, surtout, il sourit en "
        "rentrant. Moi, je peux enfin souffler une heure.",
        True,
    ),
    (
        "J’ai osé demander",
        "Je n’aurais jamais demandé de l’aide à un voisin. Quand le référent a mis mon annonce pour "
        "les courses, trois personnes ont répondu. Je sais maintenant à qui demander.",
        False,
    ),
    (
        "Le jardin partagé de Rabastens",
        "Au repair café, on s’est rendu compte qu’on avait tous un bout de terrain inutilisé. On "
        "cultive ensemble maintenant, jeunes et anciens.",
        True,
    ),
    (
        "Des outils qui servent enfin",
        "Ma perceuse dormait au garage. Elle a déjà servi à six familles de Loupiac.",
        True,
    ),
]

WHY = [
    "Elle montre la solitude qui recule, ce pour quoi le programme existe.",
    "Un changement pour deux générations à la fois, et pour une mère seule.",
    "Savoir à qui demander : exactement ce que le diagnostic disait manquer.",
    "Jeunes et anciens ensemble autour d’un projet né d’une rencontre.",
]


def _residents(territory: Territory) -> list[User]:
    return list(
        User.objects.in_territory(territory)
        .filter(email__startswith="habitant", email__endswith=f"@{DOMAIN}")
        .select_related("commune")
        .order_by("pk")
    )


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _help_and_feedback(
    territory: Territory, people: list[User], today: datetime.date, rng: random.Random
) -> None:
    """About eight helps a month for a year, between residents of one commune, with feedback."""
    by_commune: dict[int, list[User]] = {}
    for person in people:
        by_commune.setdefault(person.commune_id, []).append(person)
    zone = timezone.get_current_timezone()
    for months in range(12, 0, -1):
        first = _months_ago(today, months)
        for _ in range(8):
            neighbours = rng.choice([group for group in by_commune.values() if len(group) >= 2])
            helper, receiver = rng.sample(neighbours, 2)
            day = first + datetime.timedelta(days=rng.randint(0, 27))
            exchange = Exchange.objects.create(
                territory=territory,
                helper=helper,
                receiver=receiver,
                helper_neighbourhood=helper.neighbourhood,
                receiver_neighbourhood=receiver.neighbourhood,
                happened_on=day,
                duration_minutes=rng.choice([30, 60, 90, 120]),
            )
            for person in (helper, receiver):
                if rng.random() < 0.7:
                    feedback = services.give(
                        person=person,
                        kind=EXCHANGE,
                        subject=exchange.public_id,
                        did_good=rng.random() < 0.9,
                        met_someone_new=rng.random() < 0.35,
                        sentence=rng.choice(SENTENCES),
                    )
                    given = datetime.datetime.combine(day, datetime.time(18), tzinfo=zone)
                    Feedback.objects.filter(pk=feedback.pk).update(created_at=given)


def _answer(territory, rng, *, wave_day, better: float, person=None, commune=None, referent=None):
    services.answer_survey(
        territory=territory,
        person=person,
        commune=commune,
        contacts=min(4, max(0, int(rng.gauss(1.6 + better, 1.1)))),
        knows_whom_to_ask="yes" if rng.random() < 0.45 + better / 3 else rng.choice(["no", "unsure"]),
        trust="most" if rng.random() < 0.35 + better / 5 else "careful",
        loneliness=min(5, max(1, int(rng.gauss(3 + better, 1.1)))),
        entered_by=referent,
        consent_given_on=wave_day if referent else None,
        on=wave_day,
    )


def _questionnaires(
    territory: Territory, people: list[User], today: datetime.date, rng: random.Random
) -> None:
    """Two waves: six months ago and now, a little better now; Sophie L. (habitant3) has not
    answered the current one yet, so the demo shows the invitation."""
    previous, current = wave_of(_months_ago(today, 6)), wave_of(today)
    for wave_day, better in ((previous + datetime.timedelta(days=20), 0.0), (today, 0.6)):
        for person in people:
            if person.email.startswith("habitant3@") and wave_day == today:
                continue
            if rng.random() < 0.85:
                _answer(territory, rng, wave_day=wave_day, better=better, person=person)
        # Paper questionnaires the referents entered, with the consent's date.
        for referent in (
            User.objects.in_territory(territory).filter(email__startswith="referent.").order_by("pk")
        ):
            for _ in range(4):
                _answer(
                    territory,
                    rng,
                    wave_day=wave_day,
                    better=better,
                    commune=referent.commune,
                    referent=referent,
                )
    assert current >= previous


def _stories(territory: Territory, people: list[User], today: datetime.date) -> None:
    referent = User.objects.in_territory(territory).filter(email__startswith="referent.81070").first()
    for index, (title, body, consent) in enumerate(STORIES):
        told_by = people[index * 3 % len(people)]
        story = services.tell_story(
            territory=territory,
            teller=None if index == 2 else told_by,
            entered_by=referent if index == 2 else None,
            commune=told_by.commune,
            title=title,
            body=body,
            consent=consent,
        )
        Story.objects.filter(pk=story.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=30 + 75 * (len(STORIES) - index))
        )
        if index < len(WHY):
            quarter = quarter_of(_months_ago(today, 3 * (len(WHY) - 1 - index)))
            story = services.choose_story(story, why=WHY[index], quarter=quarter)
            if consent:
                services.publish_story(story)


def load(territory: Territory) -> list[tuple[str, str]]:
    if SurveyAnswer.objects.in_territory(territory).exists():
        return []
    rng = random.Random(14)
    today = timezone.localdate()
    people = _residents(territory)
    if len(people) < 5:
        return []
    _help_and_feedback(territory, people, today, rng)
    _questionnaires(territory, people, today, rng)
    _stories(territory, people, today)
    assert not Story.objects.filter(~Q(consent_to_publish=True), published=True).exists()
    return []
