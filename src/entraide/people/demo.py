"""Demo people: fictitious residents of all ages, a referent per commune, a coordinator."""

import datetime
import random

from allauth.account.models import EmailAddress

from entraide.territories.models import Territory

from .enums import AgeBracket, ConsentMethod, RoleKind
from .models import Role, User

PASSWORD = "entraide-demo"  # noqa: S105 (fictitious demo accounts)
DOMAIN = "demo.entraide.invalid"

# (display name, INSEE code, age bracket, can help with)
RESIDENTS = [
    ("Jeanne M.", "81070", AgeBracket.FROM_75, "Tricot, recettes, écouter"),
    ("Marcel R.", "81070", AgeBracket.FROM_75, ""),
    ("Sophie L.", "81070", AgeBracket.FROM_30_TO_44, "Courses le samedi, covoiturage vers Toulouse"),
    ("Karim B.", "81070", AgeBracket.FROM_30_TO_44, "Bricolage, petites réparations"),
    ("Lucie P.", "81070", AgeBracket.FROM_18_TO_29, "Aide aux devoirs, anglais"),
    ("Thomas G.", "81070", AgeBracket.FROM_18_TO_29, "Informatique, smartphone"),
    ("Odette F.", "81070", AgeBracket.FROM_60_TO_74, "Jardinage, potager"),
    ("Nadia K.", "81070", AgeBracket.FROM_45_TO_59, "Démarches administratives"),
    ("Paul V.", "81070", AgeBracket.FROM_60_TO_74, "Transport, visites"),
    ("Inès D.", "81070", AgeBracket.FROM_30_TO_44, "Garde d'enfants ponctuelle"),
    ("Hugo T.", "81070", AgeBracket.UNDER_18, ""),
    ("Amélie C.", "81070", AgeBracket.FROM_45_TO_59, "Cuisine, repas partagés"),
    ("René S.", "81220", AgeBracket.FROM_75, ""),
    ("Claire N.", "81220", AgeBracket.FROM_30_TO_44, "Couture, prêt de machine à coudre"),
    ("Youssef A.", "81220", AgeBracket.FROM_18_TO_29, "Déménagements, port de charges"),
    ("Martine H.", "81220", AgeBracket.FROM_60_TO_74, "Lecture à voix haute, visites"),
    ("Julien E.", "81220", AgeBracket.FROM_45_TO_59, "Vélo, réparation"),
    ("Élodie R.", "81220", AgeBracket.FROM_30_TO_44, "Soutien scolaire en maths"),
    ("Gérard L.", "81220", AgeBracket.FROM_60_TO_74, "Jardinage, taille des haies"),
    ("Chloé M.", "81220", AgeBracket.FROM_18_TO_29, "Espagnol, conversation"),
    ("Simone B.", "81220", AgeBracket.FROM_75, ""),
    ("Antoine F.", "81149", AgeBracket.FROM_45_TO_59, "Bricolage, prêt d'outils"),
    ("Mireille G.", "81149", AgeBracket.FROM_60_TO_74, "Courses, pharmacie"),
    ("Lina O.", "81149", AgeBracket.FROM_30_TO_44, "Numérique, démarches en ligne"),
    ("Bernard P.", "81149", AgeBracket.FROM_75, ""),
    ("Zoé T.", "81149", AgeBracket.FROM_18_TO_29, "Promenade de chiens, visites"),
]
REFERENTS = {
    "81070": "Anne Référente (Coufouleux)",
    "81220": "Marc Référent (Rabastens)",
    "81149": "Nora Référente (Loupiac)",
}


def _email(slug: str) -> str:
    return f"{slug}@{DOMAIN}"


def _person(territory: Territory, email: str, name: str, insee: str, **extra) -> User:
    commune = territory.communes.get(insee_code=insee)
    user = User.objects.filter(email=email).first()
    if user is None:
        neighbourhoods = list(commune.neighbourhoods.all())
        rng = random.Random(email)
        user = User.objects.create_user(
            email=email,
            password=PASSWORD,
            territory=territory,
            display_name=name,
            commune=commune,
            neighbourhood=rng.choice(neighbourhoods) if neighbourhoods else None,
            **extra,
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def load(territory: Territory) -> list[tuple[str, str]]:
    """Create the demo people; return (what, email) pairs of the logins worth trying."""
    for index, (name, insee, age, help_with) in enumerate(RESIDENTS, start=1):
        _person(territory, _email(f"habitant{index}"), name, insee, age_bracket=age, can_help_with=help_with)
    logins = [("Habitante (Sophie L., Coufouleux)", _email("habitant3"))]
    for insee, name in REFERENTS.items():
        commune = territory.communes.get(insee_code=insee)
        email = _email(f"referent.{insee}")
        referent = _person(territory, email, name, insee, phone="05 00 00 00 0" + insee[-1])
        Role.objects.get_or_create(
            user=referent, territory=territory, kind=RoleKind.REFERENT, commune=commune
        )
        logins.append((f"Référent·e de {commune.name}", email))
    coordinator = _person(territory, _email("coordination"), "Hélène Coordinatrice", "81070")
    Role.objects.get_or_create(user=coordinator, territory=territory, kind=RoleKind.COORDINATOR)
    logins.append(("Coordinatrice", coordinator.email))
    admin = _person(territory, _email("admin"), "Administration de la démo", "81070")
    Role.objects.get_or_create(user=admin, territory=territory, kind=RoleKind.ADMINISTRATOR)
    logins.append(("Administrateur (accès /admin/)", admin.email))

    referent = User.objects.get(email=_email("referent.81070"))
    if not User.objects.filter(territory=territory, is_assisted=True).exists():
        from .services import create_assisted_person

        create_assisted_person(
            referent=referent,
            profile=User(
                display_name="Germaine V.",
                commune=referent.commune,
                phone="05 00 00 00 99",
                age_bracket=AgeBracket.FROM_75,
            ),
            consent_given_on=datetime.date(2026, 9, 15),
            consent_method=ConsentMethod.DESK,
        )
    return logins
