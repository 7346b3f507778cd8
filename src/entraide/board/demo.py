"""Demo board: about 40 plausible requests and offers, some in progress, some done, one from the desk."""

import datetime
import random
import re

from django.utils import timezone

from entraide.categories.models import Category
from entraide.people.demo import DOMAIN
from entraide.people.models import User
from entraide.people.services import record_proxy_action
from entraide.territories.models import Territory

from .enums import PostKind, PostStatus, When
from .models import REFERENCE_ALPHABET, Conversation, Exchange, ExchangeNote, Message, Post

R, OF = PostKind.REQUEST, PostKind.OFFER
OPEN, PROGRESS, DONE = PostStatus.OPEN, PostStatus.IN_PROGRESS, PostStatus.DONE

# (author number, kind, category, title, body, urgent, status, days ago, when)
POSTS = [
    (
        1,
        R,
        "courses",
        "Courses au marché de samedi",
        "Je ne peux plus porter les sacs. Quelqu'un pourrait m'accompagner au marché ?",
        False,
        OPEN,
        1,
        When.WEEKLY,
    ),
    (
        2,
        R,
        "transport",
        "Trajet pour une prise de sang à Gaillac",
        "Rendez-vous au laboratoire mardi matin à 9 h.",
        True,
        OPEN,
        0,
        When.DATE,
    ),
    (
        3,
        OF,
        "transport",
        "Covoiturage vers Toulouse le matin",
        "Je pars à 7 h 30 du lundi au vendredi, deux places libres.",
        False,
        OPEN,
        3,
        When.FLEXIBLE,
    ),
    (
        4,
        OF,
        "bricolage",
        "Petites réparations : étagères, robinets",
        "J'ai les outils, je peux passer le samedi.",
        False,
        OPEN,
        6,
        When.WEEKLY,
    ),
    (
        5,
        OF,
        "soutien-scolaire",
        "Aide aux devoirs en anglais (collège)",
        "Étudiante, je peux aider en anglais et en français.",
        False,
        OPEN,
        2,
        When.FLEXIBLE,
    ),
    (
        6,
        OF,
        "numerique",
        "Réglage de smartphone et tablette",
        "Photos, messages, applis : je vous montre, pas à pas.",
        False,
        OPEN,
        8,
        When.FLEXIBLE,
    ),
    (
        7,
        OF,
        "jardinage",
        "Plants de tomates à donner",
        "Une vingtaine de plants en trop, variétés anciennes.",
        False,
        OPEN,
        4,
        When.FLEXIBLE,
    ),
    (
        8,
        OF,
        "demarches",
        "Aide pour les papiers (CAF, impôts)",
        "Je peux aider à comprendre un courrier ou remplir un formulaire.",
        False,
        OPEN,
        10,
        When.FLEXIBLE,
    ),
    (
        9,
        OF,
        "visite",
        "Visites et promenades le jeudi",
        "Retraité, j'aime marcher et discuter.",
        False,
        OPEN,
        12,
        When.WEEKLY,
    ),
    (
        10,
        OF,
        "garde",
        "Garde ponctuelle le mercredi après-midi",
        "Maman de deux enfants, je peux en accueillir un ou deux de plus.",
        False,
        OPEN,
        5,
        When.WEEKLY,
    ),
    (
        12,
        OF,
        "cuisine",
        "Repas partagé au café associatif",
        "Je cuisine pour six, venez goûter et apporter un dessert.",
        False,
        OPEN,
        7,
        When.DATE,
    ),
    (
        13,
        R,
        "visite",
        "Quelqu'un pour lire le journal",
        "Ma vue baisse, j'aimerais qu'on me lise le journal une heure.",
        False,
        OPEN,
        9,
        When.WEEKLY,
    ),
    (
        14,
        OF,
        "pret",
        "Prêt de machine à coudre",
        "Machine simple, je montre comment s'en servir.",
        False,
        OPEN,
        11,
        When.FLEXIBLE,
    ),
    (
        15,
        OF,
        "bricolage",
        "Un coup de main pour un déménagement",
        "Costaud et disponible le week-end.",
        False,
        OPEN,
        2,
        When.FLEXIBLE,
    ),
    (
        16,
        R,
        "visite",
        "Lecture à voix haute pour mon mari",
        "Il aime les romans policiers.",
        False,
        OPEN,
        4,
        When.FLEXIBLE,
    ),
    (
        17,
        OF,
        "bricolage",
        "Réparation de vélos",
        "Crevaisons, freins, dérailleurs. Je prête aussi des vélos.",
        False,
        OPEN,
        1,
        When.FLEXIBLE,
    ),
    (
        18,
        OF,
        "soutien-scolaire",
        "Soutien en maths jusqu'à la 3e",
        "Une heure par semaine, à la médiathèque.",
        False,
        OPEN,
        13,
        When.WEEKLY,
    ),
    (
        19,
        OF,
        "jardinage",
        "Taille de haies",
        "J'ai un taille-haie, je peux venir avec.",
        False,
        OPEN,
        15,
        When.PERIOD,
    ),
    (
        20,
        OF,
        "langues",
        "Conversation en espagnol",
        "Pour débutants ou pour se remettre à niveau.",
        False,
        OPEN,
        6,
        When.FLEXIBLE,
    ),
    (
        21,
        R,
        "courses",
        "Courses à la pharmacie",
        "Je sors de l'hôpital, il me faudrait mes médicaments.",
        True,
        OPEN,
        0,
        When.FLEXIBLE,
    ),
    (
        22,
        OF,
        "pret",
        "Prêt d'outils : perceuse, escabeau",
        "À venir chercher à Loupiac.",
        False,
        OPEN,
        9,
        When.FLEXIBLE,
    ),
    (
        23,
        OF,
        "courses",
        "Je fais les courses le vendredi",
        "Je peux prendre votre liste en passant.",
        False,
        OPEN,
        3,
        When.WEEKLY,
    ),
    (
        24,
        OF,
        "numerique",
        "Démarches en ligne, pas à pas",
        "Ameli, impôts, ANTS : je vous accompagne.",
        False,
        OPEN,
        14,
        When.FLEXIBLE,
    ),
    (
        25,
        R,
        "bricolage",
        "Changer une ampoule au plafond",
        "Je n'ose plus monter sur l'escabeau.",
        False,
        OPEN,
        5,
        When.FLEXIBLE,
    ),
    (
        26,
        OF,
        "visite",
        "Promenade de chiens",
        "Je promène volontiers votre chien le soir.",
        False,
        OPEN,
        2,
        When.FLEXIBLE,
    ),
    (
        11,
        R,
        "soutien-scolaire",
        "Aide pour un exposé d'histoire",
        "Exposé sur la Révolution pour la semaine prochaine.",
        False,
        OPEN,
        1,
        When.FLEXIBLE,
    ),
    (
        3,
        R,
        "garde",
        "Garder ma fille mardi soir",
        "Réunion tardive, de 18 h à 20 h.",
        False,
        OPEN,
        1,
        When.DATE,
    ),
    (
        7,
        R,
        "transport",
        "Aller à la déchetterie",
        "Des branches à évacuer, j'ai une remorque mais plus de voiture.",
        False,
        OPEN,
        6,
        When.FLEXIBLE,
    ),
    (
        16,
        R,
        "numerique",
        "Installer une imprimante",
        "Elle ne veut pas se connecter au wifi.",
        False,
        OPEN,
        4,
        When.FLEXIBLE,
    ),
    (
        2,
        R,
        "jardinage",
        "Tondre la pelouse",
        "Le jardin est petit mais je ne peux plus pousser la tondeuse.",
        False,
        OPEN,
        3,
        When.PERIOD,
    ),
    # In progress
    (
        1,
        R,
        "numerique",
        "Apprendre à faire une visio avec mes petits-enfants",
        "Sur ma tablette.",
        False,
        PROGRESS,
        6,
        When.FLEXIBLE,
    ),
    (
        13,
        R,
        "transport",
        "Trajet au cimetière pour la Toussaint",
        "Aller-retour, une heure sur place.",
        False,
        PROGRESS,
        8,
        When.DATE,
    ),
    (
        25,
        R,
        "courses",
        "Courses lourdes une fois par mois",
        "Eau, lessive, croquettes.",
        False,
        PROGRESS,
        10,
        When.FLEXIBLE,
    ),
    (
        21,
        R,
        "visite",
        "Un café et une discussion",
        "Je me sens un peu seul depuis l'hiver.",
        False,
        PROGRESS,
        7,
        When.WEEKLY,
    ),
    # Done, with their exchanges
    (12, R, "bricolage", "Fixer une tringle à rideaux", "", False, DONE, 20, When.FLEXIBLE),
    (14, R, "numerique", "Récupérer mes photos du téléphone", "", False, DONE, 18, When.FLEXIBLE),
    (19, R, "demarches", "Remplir le dossier de retraite", "", False, DONE, 25, When.FLEXIBLE),
    (8, R, "jardinage", "Arroser pendant mes vacances", "", False, DONE, 30, When.PERIOD),
    (24, R, "transport", "Aller à la gare de Rabastens", "", False, DONE, 16, When.DATE),
]
# Who replied (resident number) to the posts in progress and done, in order.
HELPERS = [6, 9, 23, 26, 4, 6, 8, 19, 9]


def _user(number: int) -> User:
    return User.objects.get(email=f"habitant{number}@{DOMAIN}")


def _reference(index: int) -> str:
    rng = random.Random(f"demo-post-{index}")
    return "B-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(4))


WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def named_weekday(text: str) -> int | None:
    """The first day of the week a post's words name ("mardi soir" → 1), so that "when" agrees."""
    found = [
        (match.start(), day)
        for day, name in enumerate(WEEKDAYS)
        if (match := re.search(rf"\b{name}\b", text))
    ]
    return min(found)[1] if found else None


def _when(kind: str, today: datetime.date, index: int, text: str = "") -> dict:
    weekday = named_weekday(text.lower())
    if kind == When.DATE:
        day = today + datetime.timedelta(days=2 + index % 10)
        if weekday is not None:  # the next such day, at least two days ahead
            day = today + datetime.timedelta(days=2 + (weekday - today.weekday() - 2) % 7)
        return {"when_date": day}
    if kind == When.PERIOD:
        start = today + datetime.timedelta(days=3)
        return {"when_date": start, "when_until": start + datetime.timedelta(days=14)}
    if kind == When.WEEKLY:
        return {"when_weekday": index % 7 if weekday is None else weekday}
    return {}


def load(territory: Territory) -> None:
    if Post.objects.in_territory(territory).exists():
        return None
    categories = {c.slug: c for c in Category.objects.in_territory(territory)}
    now = timezone.now()
    today = timezone.localdate()
    helpers = iter(HELPERS)
    for index, (number, kind, slug, title, body, urgent, status, days_ago, when) in enumerate(POSTS):
        author = _user(number)
        created = now - datetime.timedelta(days=days_ago, hours=index)
        post = Post(
            reference=_reference(index),
            territory=territory,
            kind=kind,
            title=title,
            body=body,
            category=categories[slug],
            commune=author.commune,
            neighbourhood=author.neighbourhood,
            when=when,
            urgent=urgent,
            status=status,
            author=author,
            created_at=created,
            expires_at=created + datetime.timedelta(days=28),
            **_when(when, today, index, f"{title} {body}"),
        )
        post.save()
        if status in (PROGRESS, DONE):
            _conversation(post, _user(next(helpers)), created, accepted=True, done=status == DONE)
    _desk_request(territory, categories, now, today)
    return None


def _conversation(
    post: Post, replier: User, created, *, accepted: bool, done: bool, entered_by: User | None = None
) -> Conversation:
    replied = created + datetime.timedelta(hours=5)
    conversation = Conversation.objects.create(
        post=post,
        replier=replier,
        created_at=replied,
        last_message_at=replied + datetime.timedelta(hours=2),
        accepted_at=replied + datetime.timedelta(hours=2) if accepted else None,
    )
    Message.objects.create(
        conversation=conversation,
        sender=replier,
        body="Bonjour, je peux vous aider. Quand vous arrange-t-il ?",
        created_at=replied,
    )
    Message.objects.create(
        conversation=conversation,
        sender=post.author,
        body="Merci beaucoup ! Je vous propose samedi en fin de matinée.",
        created_at=replied + datetime.timedelta(hours=2),
        entered_by=entered_by,
    )
    Post.objects.filter(pk=post.pk).update(first_reply_at=replied)
    if done:
        helper, receiver = (replier, post.author) if post.is_request else (post.author, replier)
        exchange = Exchange.objects.create(
            territory=post.territory,
            post=post,
            helper=helper,
            receiver=receiver,
            category=post.category,
            helper_neighbourhood=helper.neighbourhood,
            receiver_neighbourhood=receiver.neighbourhood,
            happened_on=(created + datetime.timedelta(days=3)).date(),
            duration_minutes=60,
        )
        ExchangeNote.objects.create(
            exchange=exchange, author=receiver, body="Très gentil, ponctuel. On a pris un café après."
        )
    return conversation


def _desk_request(territory: Territory, categories, now, today) -> None:
    germaine = (
        User.objects.in_territory(territory).filter(is_assisted=True, display_name="Germaine V.").first()
    )
    referent = User.objects.filter(email=f"referent.81070@{DOMAIN}").first()
    if germaine is None or referent is None:
        return
    post = Post(
        reference=_reference(999),
        territory=territory,
        kind=PostKind.REQUEST,
        title="Accompagnement chez l'ophtalmologiste à Lavaur",
        body="Rendez-vous un jeudi matin ; Germaine ne conduit plus. Appel reçu à la mairie.",
        category=categories["transport"],
        commune=germaine.commune,
        neighbourhood=germaine.neighbourhood,
        when=When.DATE,
        **_when(When.DATE, today + datetime.timedelta(days=7), 0, "jeudi"),
        author=germaine,
        entered_by=referent,
        created_at=now - datetime.timedelta(days=2),
        expires_at=now + datetime.timedelta(days=26),
    )
    post.save()
    record_proxy_action(referent, germaine, f"annonce {post.reference} publiée")
    _conversation(post, _user(9), post.created_at, accepted=False, done=False, entered_by=referent)
