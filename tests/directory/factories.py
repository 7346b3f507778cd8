import factory

from entraide.categories.models import Category
from entraide.directory.enums import InitiativeKind, Publication
from entraide.directory.models import Holder, Initiative, Service

from ..factories import CommuneFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["territory", "slug"]

    territory = factory.SubFactory("tests.factories.TerritoryFactory")
    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    di_thematiques = factory.LazyFunction(lambda: ["remobilisation--lien-social"])


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    commune = factory.SubFactory(CommuneFactory)
    territory = factory.SelfAttribute("commune.territory")
    name = factory.Sequence(lambda n: f"Initiative fictive {n}")
    slug = factory.Sequence(lambda n: f"initiative-fictive-{n}")
    kind = InitiativeKind.ASSOCIATION
    description = "Une association fictive qui aide les habitants."
    publication = Publication.PUBLISHED

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)
        if create:
            from entraide.directory.services import refresh_search_text

            refresh_search_text(obj)

    class Params:
        proposed = factory.Trait(publication=Publication.PROPOSED)
        public_place = factory.Trait(
            has_public_place=True, address="1 place de la Mairie", latitude="43.80410", longitude="1.63250"
        )


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    initiative = factory.SubFactory(InitiativeFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "Un service fictif pour les habitants."


class HolderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holder

    initiative = factory.SubFactory(InitiativeFactory)
    user = factory.SubFactory("tests.factories.UserFactory")
    confirmed = True
