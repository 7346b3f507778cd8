"""The categories every new territory starts with (from the glossary).

Names and safety notes are French content, editable per territory in the admin.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy

from entraide.territories.models import Territory

from .models import Category

NO_MONEY = "Pas d’argent entre habitants : l’entraide est gratuite."
MEET_PUBLIC = "Pour une première rencontre, retrouvez-vous dans un lieu public."

# (slug, name, safety note, data·inclusion thematiques)
DEFAULTS = [
    ("courses", "Courses", NO_MONEY, ["equipement-et-alimentation--alimentation"]),
    (
        "transport",
        "Transport",
        "Conduire quelqu’un : vérifiez que votre assurance auto couvre les passagers. "
        "Pas de participation aux frais imposée.",
        ["mobilite--mobilite-douce-partagee-collective"],
    ),
    ("bricolage", "Bricolage", "Pas de travaux dangereux (électricité, toiture) sans professionnel.", []),
    (
        "reparation",
        "Réparation",
        "Réparez avec la personne, appareil débranché ; ni gaz ni installation électrique du logement. "
        + NO_MONEY,
        [],
    ),
    ("jardinage", "Jardinage", NO_MONEY, []),
    (
        "numerique",
        "Numérique",
        "Ne demandez ni ne donnez jamais de mot de passe ou de code bancaire.",
        ["numerique--maitriser-les-fondamentaux-du-numerique", "numerique--acceder-a-des-services-en-ligne"],
    ),
    (
        "demarches",
        "Démarches",
        "Aidez à remplir, sans signer à la place de la personne.",
        ["difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"],
    ),
    ("visite", "Visite et convivialité", MEET_PUBLIC, ["remobilisation--lien-social"]),
    (
        "garde",
        "Garde d’enfants",
        "Une garde ponctuelle entre voisins, pas un emploi. Rencontrez d’abord les parents.",
        ["famille--garde-denfants"],
    ),
    ("cuisine", "Cuisine et repas", "Signalez les allergies.", ["equipement-et-alimentation--alimentation"]),
    ("pret", "Prêt d’objet", "Convenez ensemble de la date de retour.", []),
    ("langues", "Langues", MEET_PUBLIC, ["lecture-ecriture-calcul--maitriser-le-francais"]),
    (
        "soutien-scolaire",
        "Soutien scolaire",
        "Avec l’accord des parents, de préférence dans un lieu public ou en leur présence.",
        ["famille--soutien-a-la-parentalite-et-a-leducation"],
    ),
    (
        "sante",
        "Accompagnement santé",
        "Aucun acte médical ni conseil de traitement : accompagner, pas soigner.",
        ["sante--acces-aux-soins"],
    ),
    ("autre", "Autre", MEET_PUBLIC, []),
]


# The default names as translatable text, so that a reader in another language sees them in theirs
# (the French catalogue gives back the names above). A renamed or custom category shows as typed.
TRANSLATED_NAMES = {
    "courses": ("Courses", gettext_lazy("Shopping")),
    "transport": ("Transport", gettext_lazy("Transport")),
    "bricolage": ("Bricolage", gettext_lazy("DIY and repairs")),
    "reparation": ("Réparation", gettext_lazy("Repairs (bike, clothes, small appliances…)")),
    "jardinage": ("Jardinage", gettext_lazy("Gardening")),
    "numerique": ("Numérique", gettext_lazy("Computers and phones")),
    "demarches": ("Démarches", gettext_lazy("Paperwork")),
    "visite": ("Visite et convivialité", gettext_lazy("Visits and company")),
    "garde": ("Garde d’enfants", gettext_lazy("Childcare")),
    "cuisine": ("Cuisine et repas", gettext_lazy("Cooking and meals")),
    "pret": ("Prêt d’objet", gettext_lazy("Lending things")),
    "langues": ("Langues", gettext_lazy("Languages")),
    "soutien-scolaire": ("Soutien scolaire", gettext_lazy("Homework help")),
    "sante": ("Accompagnement santé", gettext_lazy("Going along to health appointments")),
    "autre": ("Autre", gettext_lazy("Other")),
}


def display_name(slug: str, name: str) -> str:
    french, translated = TRANSLATED_NAMES.get(slug, (None, None))
    return str(translated) if name == french else name


@transaction.atomic
def ensure_default_categories(territory: Territory) -> None:
    """Create the default categories a territory lacks; never overwrite its edits."""
    existing = set(Category.objects.in_territory(territory).values_list("slug", flat=True))
    Category.objects.bulk_create(
        Category(
            territory=territory, slug=slug, name=name, safety_note=note, di_thematiques=themes, position=i
        )
        for i, (slug, name, note, themes) in enumerate(DEFAULTS)
        if slug not in existing
    )


# Every new territory starts with these (territories.services.create_territory).
ensure_defaults = ensure_default_categories
