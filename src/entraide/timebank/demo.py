"""Demo time bank: accounts for most residents, a funded pool, a few months of help,
two pending claims and one reversal. Running it again changes nothing."""

import datetime
import random
import uuid

from django.utils import timezone

from entraide.categories.models import Category
from entraide.people.enums import RoleKind
from entraide.people.models import Role, User
from entraide.territories.models import Territory

from . import rules, services
from .models import Account, Claim, Transfer

NAMESPACE = uuid.UUID("a7f1c2d4-5e6b-4f70-8a91-b2c3d4e5f607")
WITHOUT_ACCOUNT = {"Hugo T.", "Simone B.", "Bernard P."}  # not everyone joins
HELP = [
    ("courses", "Courses au supermarché"),
    ("transport", "Conduite chez le médecin"),
    ("bricolage", "Étagère fixée"),
    ("jardinage", "Potager désherbé"),
    ("numerique", "Réglage du smartphone"),
    ("demarches", "Dossier de retraite"),
    ("visite", "Visite et café"),
    ("soutien-scolaire", "Devoirs de maths"),
]


def _key(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


def load(territory: Territory) -> None:
    residents = list(User.objects.in_territory(territory).residents().order_by("pk"))
    referents = {
        r.commune_id: r.user
        for r in Role.objects.in_territory(territory).filter(kind=RoleKind.REFERENT).select_related("user")
    }
    members = []
    for person in residents:
        if person.display_name in WITHOUT_ACCOUNT:
            continue
        if person.is_assisted:
            services.open_account(person, by=referents.get(person.commune_id))
        else:
            services.open_account(person)
        members.append(person)
    pool = services.pool_for(territory)
    if Transfer.objects.in_territory(territory).filter(kind="claim").exists():
        return None  # the demo ledger is already there

    rng = random.Random(4)
    accounts = {a.owner_id: a for a in Account.objects.in_territory(territory).people()}
    helpers = [p for p in members if not p.is_assisted]
    categories = {c.slug: c for c in Category.objects.in_territory(territory)}
    today = timezone.localdate()

    for index, donor in enumerate(helpers[:5]):
        services.give(
            giver=donor,
            payee=pool,
            minutes=120,
            description="Pour le fonds",
            idempotency_key=_key("don", index),
        )

    for index in range(60):
        helper, receiver = rng.sample(members, 2)
        if helper.is_assisted:
            helper, receiver = receiver, helper
        slug, what = rng.choice(HELP)
        happened_on = today - datetime.timedelta(days=rng.randint(3, 120))
        try:
            claim, _ = services.record_claim(
                helper=helper,
                receiver=receiver,
                minutes=rng.choice([30, 60, 60, 90, 120, 150]),
                happened_on=happened_on,
                description=what,
                category=categories.get(slug),
                idempotency_key=_key("aide", index),
            )
            # Recorded on the day of the help, as people do (and not 60 at once, which the
            # per-helper limit of entraide.core.throttle would refuse).
            recorded_at = timezone.make_aware(datetime.datetime.combine(happened_on, datetime.time(18)))
            Claim.objects.filter(pk=claim.pk).update(created_at=recorded_at)
            referent = referents.get(receiver.commune_id) if receiver.is_assisted else None
            services.confirm_claim(claim, by=referent or receiver, entered_by=referent)
        except services.TimebankError:
            Claim.objects.filter(idempotency_key=_key("aide", index), status="pending").update(
                status="rejected"
            )
            continue

    assisted = [p for p in members if p.is_assisted]
    for person in assisted:
        referent = referents.get(person.commune_id)
        if referent:
            services.grant_from_pool(
                referent=referent,
                payee=accounts[person.pk],
                minutes=180,
                reason="Personne isolée, ne peut pas rendre d'heures",
                idempotency_key=_key("fonds", person.pk),
            )

    # Two claims waiting for an answer, one of them by an assisted person (through the referent).
    waiting = [(helpers[2], helpers[0]), (helpers[3], assisted[0] if assisted else helpers[6])]
    for index, (helper, receiver) in enumerate(waiting):
        services.record_claim(
            helper=helper,
            receiver=receiver,
            minutes=90,
            happened_on=today - datetime.timedelta(days=2 + index),
            description="Courses et pharmacie" if index == 0 else "Taille de la haie",
            category=categories.get("courses" if index == 0 else "jardinage"),
            idempotency_key=_key("en-attente", index),
        )

    # One mistake, reversed by a referent of both people's commune (never one of them).
    for mistaken in Transfer.objects.in_territory(territory).filter(kind="claim").order_by("pk"):
        referent = referents.get(mistaken.payer.owner.commune_id)
        if referent and rules.can_reverse(referent, territory, mistaken):
            services.reverse(
                original=mistaken, by=referent, reason="Saisie en double", idempotency_key=_key("annulation")
            )
            break
    return None
