"""The "Réparation" category, added to the defaults after the first territories were created: each
territory that already has its categories gets it (at the end of its list), unless it has one of
that short name. A territory without categories gets them all when it is set up
(territories.services.create_territory)."""

from django.db import migrations

SLUG = "reparation"
NAME = "Réparation"
NOTE = (
    'Réparez avec la personne, appareil débranché ; ni gaz ni installation électrique du logement. '
    'Pas d’argent entre habitants : l’entraide est gratuite.'
)


def add_repair_category(apps, schema_editor):
    Category = apps.get_model("categories", "Category")
    Territory = apps.get_model("territories", "Territory")
    for territory in Territory.objects.filter(categories__isnull=False).distinct():
        categories = Category.objects.filter(territory=territory)
        if categories.filter(slug=SLUG).exists():
            continue
        last = categories.order_by("-position").values_list("position", flat=True).first() or 0
        Category.objects.create(territory=territory, slug=SLUG, name=NAME, safety_note=NOTE, position=last + 1)


class Migration(migrations.Migration):
    dependencies = [("categories", "0001_initial"), ("territories", "0001_initial")]

    operations = [migrations.RunPython(add_repair_category, migrations.RunPython.noop)]
