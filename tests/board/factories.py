import datetime

import factory
from django.utils import timezone

from entraide.board.enums import PostKind
from entraide.board.models import Conversation, Message, Post, new_reference
from entraide.categories.models import Category

from ..factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["territory", "slug"]

    territory = factory.SubFactory("tests.factories.TerritoryFactory")
    slug = factory.Sequence(lambda n: f"categorie-{n}")
    name = factory.Sequence(lambda n: f"Catégorie {n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    author = factory.SubFactory(UserFactory)
    territory = factory.SelfAttribute("author.territory")
    commune = factory.SelfAttribute("author.commune")
    neighbourhood = factory.SelfAttribute("author.neighbourhood")
    category = factory.SubFactory(CategoryFactory, territory=factory.SelfAttribute("..territory"))
    kind = PostKind.REQUEST
    title = factory.Sequence(lambda n: f"Coup de main numéro {n}")
    body = "Quelques lignes."
    reference = factory.LazyFunction(lambda: new_reference(6))
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=28))

    class Params:
        offer = factory.Trait(kind=PostKind.OFFER)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    post = factory.SubFactory(PostFactory)
    replier = factory.SubFactory(UserFactory, commune=factory.SelfAttribute("..post.commune"))


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    sender = factory.SelfAttribute("conversation.replier")
    body = "Bonjour, je peux vous aider."
