import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Feedback


@transaction.atomic
def give(
    *,
    person,
    kind: str,
    subject: uuid.UUID,
    did_good: bool | None,
    met_someone_new: bool | None,
    sentence: str = "",
) -> Feedback:
    """Record a person's feedback, once per subject."""
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                territory=person.territory,
                person=person,
                kind=kind,
                subject=subject,
                did_good=did_good,
                met_someone_new=met_someone_new,
                sentence=sentence,
            )
    except IntegrityError:
        raise ValidationError(_("You have already given your feedback on this. Thank you!")) from None


def given(person, kind: str, subject) -> bool:
    if not person.is_authenticated:
        return False
    return Feedback.objects.filter(person=person, kind=kind, subject=subject).exists()
