import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from entraide.people.enums import RoleKind
from entraide.people.models import Role, User
from entraide.territories.models import Commune, Neighbourhood, Territory, TerritoryHost

PASSWORD = "un mot de passe solide 42"


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Territoire {n}")
    slug = factory.Sequence(lambda n: f"territoire-{n}")

    @factory.post_generation
    def hostnames(obj, create, extracted, **kwargs):
        """`hostnames="a.example.org"` (default: `<slug>.example.org`); "" for none."""
        if create and not obj.hosts.exists():
            names = f"{obj.slug}.example.org" if extracted is None else extracted
            for name in names.split():
                TerritoryHost.objects.create(territory=obj, name=name)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    territory = factory.SubFactory(TerritoryFactory)
    insee_code = factory.Sequence(lambda n: f"{90000 + n}")
    name = factory.Sequence(lambda n: f"Commune {n}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Quartier {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Personne {n}")
    commune = factory.SubFactory(CommuneFactory)
    territory = factory.SelfAttribute("commune.territory")
    neighbourhood = factory.SubFactory(NeighbourhoodFactory, commune=factory.SelfAttribute("..commune"))
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create and obj.email and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)

    class Params:
        assisted = factory.Trait(
            is_assisted=True,
            email=None,
            password=factory.LazyFunction(lambda: make_password(None)),
            verified=False,
        )


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    territory = factory.SelfAttribute("user.territory")
    kind = RoleKind.REFERENT
    commune = factory.SelfAttribute("user.commune")
