import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Feedback, Story, SurveyAnswer, quarter_of, wave_of


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


@transaction.atomic
def answer_survey(
    *,
    territory,
    person=None,
    commune=None,
    contacts: int,
    knows_whom_to_ask: str,
    trust: str,
    loneliness: int,
    entered_by=None,
    consent_given_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> SurveyAnswer:
    """Record one questionnaire, once per person and wave; on paper, with the consent recorded."""
    if entered_by is not None and consent_given_on is None:
        raise ValidationError(_("Record the date the person agreed to answer."))
    if person is not None and commune is None:
        commune = person.commune
    answer = SurveyAnswer(
        territory=territory,
        wave=wave_of(on or timezone.localdate()),
        person=person,
        commune=commune,
        contacts=contacts,
        knows_whom_to_ask=knows_whom_to_ask,
        trust=trust,
        loneliness=loneliness,
        entered_by=entered_by,
        consent_given_on=consent_given_on,
    )
    answer.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            answer.save()
    except IntegrityError:
        raise ValidationError(
            _("This questionnaire was already answered for this period. Thank you!")
        ) from None
    return answer


def answered(person, territory, on: datetime.date | None = None) -> bool:
    wave = wave_of(on or timezone.localdate())
    return SurveyAnswer.objects.in_territory(territory).filter(person=person, wave=wave).exists()


@transaction.atomic
def tell_story(
    *, territory, teller=None, entered_by=None, commune=None, title: str, body: str, consent: bool
) -> Story:
    if not body.strip():
        raise ValidationError(_("Tell what changed, in a few sentences."))
    if teller is not None and commune is None:
        commune = teller.commune
    return Story.objects.create(
        territory=territory,
        teller=teller,
        entered_by=entered_by,
        commune=commune,
        title=title.strip(),
        body=body.strip(),
        consent_to_publish=consent,
    )


@transaction.atomic
def choose_story(story: Story, *, why: str, quarter: datetime.date | None = None) -> Story:
    """The group's choice of the most significant change of a quarter, with why."""
    story = Story.objects.select_for_update().get(pk=story.pk)
    if not why.strip():
        raise ValidationError(_("Write why the group chose this story."))
    quarter = quarter_of(quarter or timezone.localdate())
    if (
        Story.objects.filter(territory_id=story.territory_id, chosen_for=quarter)
        .exclude(pk=story.pk)
        .exists()
    ):
        raise ValidationError(_("A story is already chosen for this quarter."))
    story.chosen_for, story.why_chosen = quarter, why.strip()
    story.save(update_fields=["chosen_for", "why_chosen"])
    return story


@transaction.atomic
def publish_story(story: Story, *, published: bool = True) -> Story:
    story = Story.objects.select_for_update().get(pk=story.pk)
    if published and not story.consent_to_publish:
        raise ValidationError(_("This story cannot be published: its teller did not agree."))
    story.published = published
    story.save(update_fields=["published"])
    return story
