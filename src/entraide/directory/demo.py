"""Demo initiatives: about 25 clearly fictitious entries across the demo communes."""

import datetime

from django.db import transaction
from django.utils import timezone

from entraide.categories.models import Category
from entraide.core.search import normalize
from entraide.people.models import User
from entraide.territories.models import Territory

from .enums import Audience, InitiativeKind, InitiativeStatus, Publication
from .models import Holder, Initiative, Service

A, C, P, B, T, N = (
    InitiativeKind.ASSOCIATION,
    InitiativeKind.COLLECTIVE,
    InitiativeKind.PUBLIC_SERVICE,
    InitiativeKind.BUSINESS,
    InitiativeKind.THIRD_PLACE,
    InitiativeKind.NEIGHBOURING,
)

# (name, kind, INSEE, neighbourhood or None, themes, audience, description,
#  public place (address, lat, lon) or None, opening hours, phone, services)
ENTRIES = [
    (
        "Épicerie solidaire des Trois Ponts (fictive)",
        A,
        "81070",
        "Centre-bourg",
        ["courses", "cuisine"],
        Audience.EVERYONE,
        "Épicerie à petits prix et colis d’urgence, tenue par des bénévoles.",
        ("2 place de la Mairie", 43.8170, 1.7335),
        "Tu,Fr 14:00-18:00",
        "05 00 00 10 01",
        [
            ("Épicerie solidaire", "Produits du quotidien à petit prix.", "aide-materielle", "payant"),
            (
                "Colis d’urgence",
                "Un colis alimentaire en cas de coup dur, sur orientation du CCAS.",
                "aide-materielle",
                "gratuit",
            ),
        ],
    ),
    (
        "CCAS de Coufouleux (démo)",
        P,
        "81070",
        None,
        ["demarches", "sante"],
        Audience.EVERYONE,
        "Le centre communal d’action sociale accompagne les habitants dans leurs démarches.",
        ("1 place de la Mairie", 43.8168, 1.7330),
        "Mo-Fr 09:00-12:00",
        "05 00 00 10 02",
        [("Accueil social", "Écoute et orientation, sur rendez-vous.", "accompagnement", "gratuit")],
    ),
    (
        "Repair Café des Coteaux (fictif)",
        C,
        "81070",
        "Les Coteaux",
        ["bricolage", "pret"],
        Audience.EVERYONE,
        "Un samedi par mois, on répare ensemble petits appareils, vélos et vêtements.",
        ("Salle des fêtes, chemin des Vignes", 43.8201, 1.7402),
        "Sa[1] 09:30-12:30",
        "",
        [("Atelier de réparation", "Apportez ce qui est cassé, on cherche ensemble.", "atelier", "gratuit")],
    ),
    (
        "Les Jardins Partagés de la Gare (fictifs)",
        C,
        "81070",
        "La Gare",
        ["jardinage"],
        Audience.EVERYONE,
        "Un potager partagé où chacun jardine quand il veut, et des trocs de graines au printemps.",
        None,
        "quand il fait beau",
        "",
        [],
    ),
    (
        "Covoiturage Solidaire du Tarn (démo)",
        A,
        "81070",
        None,
        ["transport"],
        Audience.SENIORS,
        "Des conducteurs bénévoles emmènent aux rendez-vous médicaux ceux qui n’ont pas de voiture.",
        None,
        "Mo-Fr 09:00-17:00",
        "05 00 00 10 04",
        [("Transport accompagné", "Réservation 48 h à l’avance par téléphone.", "accompagnement", "gratuit")],
    ),
    (
        "Atelier Numérique pour Tous (fictif)",
        A,
        "81070",
        "Centre-bourg",
        ["numerique", "demarches"],
        Audience.SENIORS,
        "Aide à l’usage du smartphone, de l’ordinateur et des démarches en ligne.",
        ("Médiathèque, 5 rue des Écoles", 43.8173, 1.7341),
        "We 14:00-17:00",
        "",
        [("Permanence numérique", "Venez avec votre appareil et vos questions.", "atelier", "gratuit")],
    ),
    (
        "Le Tiers-Lieu du Moulin (fictif)",
        T,
        "81070",
        "Hameau du Bois",
        ["visite", "pret", "bricolage"],
        Audience.EVERYONE,
        "Un lieu ouvert pour se retrouver, emprunter des outils et monter des projets.",
        ("Le Moulin, route du Bois", 43.8105, 1.7451),
        "We-Sa 10:00-18:00",
        "05 00 00 10 06",
        [
            (
                "Prêt d’outils",
                "Une outilthèque de 200 outils, avec une adhésion libre.",
                "aide-materielle",
                "gratuit",
            ),
            ("Café du jeudi", "Un café convivial chaque jeudi après-midi.", "atelier", "gratuit"),
        ],
    ),
    (
        "Club des Aînés du Bourg (fictif)",
        A,
        "81070",
        "Centre-bourg",
        ["visite"],
        Audience.SENIORS,
        "Goûters, jeux et sorties pour rompre l’isolement des plus âgés.",
        None,
        "Th 14:00-18:00",
        "",
        [],
    ),
    (
        "Boulangerie Au Bon Pain Fictif",
        B,
        "81070",
        "La Gare",
        ["courses"],
        Audience.SENIORS,
        "Livre le pain aux personnes qui ne peuvent pas se déplacer, le samedi matin.",
        ("12 avenue de la Gare", 43.8152, 1.7298),
        "Tu-Sa 07:00-13:00",
        "05 00 00 10 08",
        [],
    ),
    (
        "Parents Solidaires (collectif fictif)",
        C,
        "81070",
        "Les Coteaux",
        ["garde", "soutien-scolaire"],
        Audience.FAMILIES,
        "Des parents se relaient pour garder les enfants et aider aux devoirs.",
        None,
        "",
        "",
        [],
    ),
    (
        "Aide aux Devoirs de la Gare (fictive)",
        A,
        "81070",
        "La Gare",
        ["soutien-scolaire"],
        Audience.YOUTH,
        "Accompagnement scolaire des élèves du CP à la 3e, par des bénévoles.",
        ("Maison des associations, rue du Quai", 43.8160, 1.7310),
        "Mo,Tu,Th 16:30-18:30",
        "",
        [],
    ),
    (
        "Secours Fictif de Rabastens",
        A,
        "81220",
        "Centre historique",
        ["courses", "demarches"],
        Audience.EVERYONE,
        "Vestiaire, aide alimentaire et accompagnement dans les démarches.",
        ("8 rue du Cloître", 43.8231, 1.7240),
        "Mo,Th 14:00-17:00",
        "05 00 00 20 01",
        [
            ("Vestiaire", "Vêtements à petit prix pour toute la famille.", "aide-materielle", "payant"),
            ("Aide alimentaire", "Sur orientation d’un travailleur social.", "aide-materielle", "gratuit"),
        ],
    ),
    (
        "Espace de Vie Sociale Les Berges (démo)",
        P,
        "81220",
        "Les Berges",
        ["visite", "numerique", "langues"],
        Audience.EVERYONE,
        "L’espace de vie sociale propose des ateliers, des sorties et un accueil pour tous.",
        ("Quai des Berges", 43.8219, 1.7268),
        "Mo-Fr 09:00-12:00,14:00-18:00; PH off",
        "05 00 00 20 02",
        [
            ("Ateliers de français", "Conversation et écrit, tous niveaux.", "atelier", "gratuit"),
            ("Sorties familles", "Des sorties à petit prix pendant les vacances.", "atelier", "payant"),
        ],
    ),
    (
        "Vélos en Partage Rabastinois (fictif)",
        C,
        "81220",
        "Faubourg",
        ["transport", "bricolage"],
        Audience.EVERYONE,
        "Prêt de vélos et entraide pour les réparer.",
        None,
        "Sa 10:00-12:00",
        "",
        [],
    ),
    (
        "Chorale Intergénérationnelle (fictive)",
        A,
        "81220",
        "Centre historique",
        ["visite"],
        Audience.EVERYONE,
        "Chanter ensemble, de 8 à 88 ans, une fois par semaine.",
        None,
        "We 18:30-20:00",
        "",
        [],
    ),
    (
        "Conversations Espagnoles (collectif fictif)",
        C,
        "81220",
        "Faubourg",
        ["langues"],
        Audience.EVERYONE,
        "Des habitants hispanophones et des curieux se retrouvent pour parler espagnol.",
        None,
        "le premier vendredi du mois",
        "",
        [],
    ),
    (
        "Pharmacie Fictive des Berges",
        B,
        "81220",
        "Les Berges",
        ["sante", "courses"],
        Audience.SENIORS,
        "Dépose les médicaments aux personnes qui ne peuvent pas se déplacer.",
        ("3 quai des Berges", 43.8215, 1.7275),
        "Mo-Sa 09:00-19:00",
        "05 00 00 20 06",
        [],
    ),
    (
        "Jardin des Possibles (fictif)",
        A,
        "81220",
        "Les Berges",
        ["jardinage", "cuisine"],
        Audience.FAMILIES,
        "Un jardin pédagogique et des repas partagés avec les récoltes.",
        None,
        "",
        "",
        [],
    ),
    (
        "Les Voisins du Village (collectif fictif)",
        C,
        "81149",
        "Le Village",
        ["visite", "courses"],
        Audience.SENIORS,
        "Des voisins passent voir les plus isolés et font quelques courses.",
        None,
        "",
        "",
        [],
    ),
    (
        "Mairie de Loupiac, permanence démarches (démo)",
        P,
        "81149",
        None,
        ["demarches", "numerique"],
        Audience.EVERYONE,
        "Une permanence pour être aidé dans ses démarches administratives et en ligne.",
        ("Place de l’Église", 43.8272, 1.7761),
        "Tu 09:00-12:00",
        "05 00 00 30 02",
        [],
    ),
    (
        "Amicale des Hauts (fictive)",
        A,
        "81149",
        "Les Hauts",
        ["visite", "pret"],
        Audience.EVERYONE,
        "Fêtes de hameau, prêt de tables et de barnums.",
        None,
        "",
        "",
        [],
    ),
    (
        "Cuisine Partagée de Loupiac (fictive)",
        C,
        "81149",
        "Le Village",
        ["cuisine"],
        Audience.EVERYONE,
        "Cuisiner à plusieurs une fois par mois et partager le repas.",
        None,
        "Su[1] 11:00-15:00",
        "",
        [],
    ),
    (
        "Navette Solidaire Intercommunale (démo)",
        N,
        "81220",
        None,
        ["transport"],
        Audience.SENIORS,
        "Le service de la commune voisine qui conduit au marché et à l’hôpital.",
        None,
        "Mo-Fr 08:00-18:00",
        "05 00 00 20 09",
        [("Navette du marché", "Le samedi matin, sur inscription.", "accompagnement", "gratuit")],
    ),
    (
        "Bibliothèque de Rue (collectif fictif)",
        C,
        "81070",
        "Les Coteaux",
        ["soutien-scolaire", "langues"],
        Audience.FAMILIES,
        "Lectures d’histoires en plein air pour les enfants et leurs parents.",
        None,
        "",
        "",
        [],
    ),
    (
        "Gardiennage Entre Voisins (fictif)",
        C,
        "81149",
        "Les Hauts",
        ["garde"],
        Audience.FAMILIES,
        "Des parents s’échangent des heures de garde, sans argent.",
        None,
        "",
        "",
        [],
    ),
]
STALE = {"Club des Aînés du Bourg (fictif)", "Chorale Intergénérationnelle (fictive)"}
DORMANT = {"Conversations Espagnoles (collectif fictif)"}
PROPOSED = {"Gardiennage Entre Voisins (fictif)"}
HOLDERS = {"Repair Café des Coteaux (fictif)": "habitant4@demo.entraide.invalid"}


@transaction.atomic
def load(territory: Territory) -> None:
    from .services import refresh_search_text, unique_slug

    communes = {c.insee_code: c for c in territory.communes.prefetch_related("neighbourhoods")}
    categories = {c.slug: c for c in Category.objects.in_territory(territory)}
    existing = set(Initiative.objects.in_territory(territory).values_list("name", flat=True))
    today = timezone.localdate()
    for name, kind, insee, quarter, themes, audience, description, place, hours, phone, services in ENTRIES:
        if name in existing or insee not in communes:
            continue
        commune = communes[insee]
        neighbourhood = next((n for n in commune.neighbourhoods.all() if n.name == quarter), None)
        initiative = Initiative(
            territory=territory,
            name=name,
            slug=unique_slug(territory, name),
            kind=kind,
            description=description,
            audience=audience,
            commune=commune,
            neighbourhood=neighbourhood,
            opening_hours=hours,
            contact_phone=phone,
            contact_email=f"contact@{normalize(name).split()[0]}.example.org" if phone else "",
            status=InitiativeStatus.DORMANT if name in DORMANT else InitiativeStatus.ACTIVE,
            publication=Publication.PROPOSED if name in PROPOSED else Publication.PUBLISHED,
            last_checked_on=today - datetime.timedelta(days=420) if name in STALE else today,
        )
        if place:
            initiative.has_public_place = True
            initiative.address, initiative.latitude, initiative.longitude = place
            initiative.postal_code = (commune.postal_codes or "").split(" ")[0][:5]
        initiative.save()
        initiative.categories.set([categories[t] for t in themes if t in categories])
        for s_name, s_description, s_type, s_fee in services:
            Service.objects.create(
                initiative=initiative, name=s_name, description=s_description, service_type=s_type, fee=s_fee
            )
        refresh_search_text(initiative)
    for name, email in HOLDERS.items():
        initiative = Initiative.objects.in_territory(territory).filter(name=name).first()
        user = User.objects.filter(email=email, territory=territory).first()
        if initiative and user:
            Holder.objects.get_or_create(initiative=initiative, user=user, defaults={"confirmed": True})
    return None
