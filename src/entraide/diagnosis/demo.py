"""Demo needs (20, fictitious) and a first snapshot of the diagnosis."""

import datetime

from django.db import transaction

from entraide.categories.models import Category
from entraide.directory.enums import Audience
from entraide.directory.models import Initiative
from entraide.territories.models import Territory

from . import table
from .enums import NeedSource, NeedStatus
from .models import Need, Snapshot

S, W, F, B = NeedSource.SURVEY, NeedSource.WORKSHOP, NeedSource.FIELD, NeedSource.BOARD
# (description, theme, INSEE, neighbourhood or None, audience, people, source, status, answered by)
NEEDS = [
    (
        "Personnes âgées sans voiture pour aller au marché le samedi.",
        "transport",
        "81070",
        "Hameau du Bois",
        Audience.SENIORS,
        14,
        S,
        NeedStatus.PARTLY,
        ["Navette Solidaire Intercommunale (démo)"],
    ),
    (
        "Aide pour remplir les dossiers de retraite en ligne.",
        "demarches",
        "81070",
        "Centre-bourg",
        Audience.SENIORS,
        9,
        F,
        NeedStatus.COVERED,
        ["Atelier Numérique pour Tous (fictif)"],
    ),
    (
        "Garde d’enfants tôt le matin pour les parents qui travaillent à Toulouse.",
        "garde",
        "81070",
        "La Gare",
        Audience.FAMILIES,
        11,
        W,
        NeedStatus.UNCOVERED,
        [],
    ),
    (
        "Petits travaux chez des personnes âgées (ampoules, étagères).",
        "bricolage",
        "81070",
        "Les Coteaux",
        Audience.SENIORS,
        7,
        B,
        NeedStatus.PARTLY,
        ["Repair Café des Coteaux (fictif)"],
    ),
    (
        "Visites aux personnes isolées du hameau.",
        "visite",
        "81070",
        "Hameau du Bois",
        Audience.SENIORS,
        6,
        F,
        NeedStatus.UNCOVERED,
        [],
    ),
    (
        "Apprendre à utiliser un smartphone.",
        "numerique",
        "81070",
        None,
        Audience.SENIORS,
        25,
        S,
        NeedStatus.COVERED,
        ["Atelier Numérique pour Tous (fictif)"],
    ),
    (
        "Soutien scolaire en mathématiques au collège.",
        "soutien-scolaire",
        "81070",
        "Les Coteaux",
        Audience.YOUTH,
        8,
        W,
        NeedStatus.PARTLY,
        ["Aide aux Devoirs de la Gare (fictive)"],
    ),
    (
        "Courses pour des personnes qui sortent de l’hôpital.",
        "courses",
        "81070",
        None,
        Audience.EVERYONE,
        5,
        F,
        NeedStatus.UNCOVERED,
        [],
    ),
    (
        "Jardiner quand on ne peut plus s’occuper de son potager.",
        "jardinage",
        "81070",
        "Les Coteaux",
        Audience.SENIORS,
        4,
        B,
        NeedStatus.UNCOVERED,
        [],
    ),
    (
        "Transport vers l’hôpital de Lavaur.",
        "transport",
        "81220",
        None,
        Audience.SENIORS,
        18,
        S,
        NeedStatus.PARTLY,
        ["Covoiturage Solidaire du Tarn (démo)"],
    ),
    (
        "Cours de français pour des familles arrivées récemment.",
        "langues",
        "81220",
        "Les Berges",
        Audience.EXILED,
        12,
        F,
        NeedStatus.COVERED,
        ["Espace de Vie Sociale Les Berges (démo)"],
    ),
    (
        "Accompagnement aux rendez-vous médicaux.",
        "sante",
        "81220",
        "Centre historique",
        Audience.SENIORS,
        10,
        W,
        NeedStatus.UNCOVERED,
        [],
    ),
    (
        "Repas partagés pour les personnes seules le dimanche.",
        "cuisine",
        "81220",
        "Faubourg",
        Audience.SENIORS,
        15,
        S,
        NeedStatus.UNCOVERED,
        [],
    ),
    (
        "Réparer son vélo pour aller travailler.",
        "bricolage",
        "81220",
        "Faubourg",
        Audience.EVERYONE,
        6,
        B,
        NeedStatus.COVERED,
        ["Vélos en Partage Rabastinois (fictif)"],
    ),
    (
        "Aide aux démarches pour la carte grise.",
        "demarches",
        "81220",
        None,
        Audience.EVERYONE,
        9,
        F,
        NeedStatus.PARTLY,
        ["Secours Fictif de Rabastens"],
    ),
    (
        "Garde ponctuelle pendant un rendez-vous.",
        "garde",
        "81220",
        "Les Berges",
        Audience.FAMILIES,
        3,
        B,
        NeedStatus.UNCOVERED,
        [],
    ),
    (
        "Courses pour les habitants des Hauts sans voiture.",
        "courses",
        "81149",
        "Les Hauts",
        Audience.SENIORS,
        8,
        S,
        NeedStatus.PARTLY,
        ["Les Voisins du Village (collectif fictif)"],
    ),
    (
        "Connexion internet et aide en ligne au village.",
        "numerique",
        "81149",
        "Le Village",
        Audience.EVERYONE,
        7,
        W,
        NeedStatus.PARTLY,
        ["Mairie de Loupiac, permanence démarches (démo)"],
    ),
    (
        "Transport des jeunes vers le lycée le mercredi.",
        "transport",
        "81149",
        None,
        Audience.YOUTH,
        12,
        S,
        NeedStatus.UNCOVERED,
        [],
    ),
    (
        "Prêt de matériel pour les fêtes de quartier.",
        "pret",
        "81149",
        "Les Hauts",
        Audience.EVERYONE,
        20,
        W,
        NeedStatus.COVERED,
        ["Amicale des Hauts (fictive)"],
    ),
]
FIRST_SNAPSHOT = "Diagnostic de mars 2026 (démo)"


@transaction.atomic
def load(territory: Territory) -> None:
    if Need.objects.in_territory(territory).exists():
        return None
    communes = {c.insee_code: c for c in territory.communes.prefetch_related("neighbourhoods")}
    categories = {c.slug: c for c in Category.objects.in_territory(territory)}
    created = []
    for description, theme, insee, quarter, audience, people, source, status, answers in NEEDS:
        if insee not in communes or theme not in categories:
            continue
        commune = communes[insee]
        need = Need.objects.create(
            territory=territory,
            description=description,
            category=categories[theme],
            commune=commune,
            neighbourhood=next((n for n in commune.neighbourhoods.all() if n.name == quarter), None),
            audience=audience,
            people_count=people,
            source=source,
            heard_on=datetime.date(2026, 3, 1),
        )
        created.append((need, status, answers))
    # The first snapshot: before anything was linked, so that the comparison shows progress.
    if not Snapshot.objects.in_territory(territory).filter(title=FIRST_SNAPSHOT).exists():
        Snapshot.objects.create(
            territory=territory,
            title=FIRST_SNAPSHOT,
            taken_on=datetime.date(2026, 3, 31),
            data=table.collect(territory),
        )
    initiatives = {i.name: i for i in Initiative.objects.in_territory(territory)}
    for need, status, answers in created:
        need.answered_by.set([initiatives[name] for name in answers if name in initiatives])
        need.status = status
        need.save(update_fields=["status"])
    return None
