import factory

from entraide.diagnosis.enums import NeedSource, NeedState
from entraide.diagnosis.models import Need

from ..factories import CommuneFactory


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    commune = factory.SubFactory(CommuneFactory)
    territory = factory.SelfAttribute("commune.territory")
    category = factory.SubFactory(
        "tests.directory.factories.CategoryFactory", territory=factory.SelfAttribute("..territory")
    )
    description = "Des personnes âgées sans voiture pour aller au marché."
    people_count = 12
    source = NeedSource.SURVEY
    state = NeedState.RECORDED
