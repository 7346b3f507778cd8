"""The demo territory: Coufouleux with Rabastens and Loupiac, and their neighbourhoods."""

from .models import Neighbourhood, Territory
from .services import create_territory

DEMO_SLUG = "demo"
NEIGHBOURHOODS = {
    "81070": ["Centre-bourg", "La Gare", "Les Coteaux", "Hameau du Bois"],
    "81220": ["Centre historique", "Faubourg", "Les Berges"],
    "81149": ["Le Village", "Les Hauts"],
}


def load() -> Territory:
    territory = create_territory(
        name="Coufouleux et alentours",
        slug=DEMO_SLUG,
        insee_codes=list(NEIGHBOURHOODS),
        is_demo=True,
    )
    if not territory.contact_phone:
        territory.contact_phone = "05 00 00 00 00"
        territory.save(update_fields=["contact_phone"])
    for commune in territory.communes.all():
        for name in NEIGHBOURHOODS[commune.insee_code]:
            if not commune.neighbourhoods.filter(name=name).exists():
                Neighbourhood.objects.create(commune=commune, name=name)
    return territory
