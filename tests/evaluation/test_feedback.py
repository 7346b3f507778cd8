"""The generic feedback: one click, once per person and subject, only for those who may give it."""

import uuid

import pytest

from entraide.evaluation import kinds, privacy
from entraide.evaluation.models import Feedback

pytestmark = pytest.mark.django_db

SUBJECT = uuid.uuid4()


@pytest.fixture(autouse=True)
def test_kind(resident):
    kinds.register(
        kinds.Kind(
            "test",
            "un essai",
            can_give=lambda user, territory, subject: user.pk == resident.pk and subject == SUBJECT,
            url=lambda territory, subject: "/rencontres/",
        )
    )
    yield
    kinds.REGISTRY.pop("test")


def test_it_records_one_click_feedback_and_only_once(client_for, resident):
    client = client_for(resident)
    data = {"kind": "test", "subject": SUBJECT, "did_good": "yes", "met_someone_new": "no", "next": "/"}
    response = client.post("/retour/", data)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert (feedback.did_good, feedback.met_someone_new, feedback.person) == (True, False, resident)
    client.post("/retour/", data | {"did_good": "no"})
    assert Feedback.objects.count() == 1
    assert Feedback.objects.get().did_good is True


def test_it_refuses_an_empty_answer_with_a_french_message(client_for, resident):
    response = client_for(resident).post("/retour/", {"kind": "test", "subject": SUBJECT})
    assert response.status_code == 400
    assert "Répondez à une question ou écrivez une phrase." in response.text
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("subject", [str(uuid.uuid4()), "pas-un-uuid", ""])
def test_it_answers_404_to_other_subjects_and_hostile_keys(client_for, resident, subject):
    response = client_for(resident).post("/retour/", {"kind": "test", "subject": subject, "did_good": "yes"})
    assert response.status_code == 404


def test_it_answers_404_to_someone_who_did_not_take_part(client_for, neighbour):
    response = client_for(neighbour).post("/retour/", {"kind": "test", "subject": SUBJECT, "did_good": "yes"})
    assert response.status_code == 404
    assert client_for(neighbour).get(f"/retour/?kind=test&subject={SUBJECT}").status_code == 404


def test_the_form_works_without_javascript_on_its_own_page(client_for, resident):
    response = client_for(resident).get(f"/retour/?kind=test&subject={SUBJECT}")
    assert response.status_code == 200
    assert "Cela vous a-t-il fait du bien" in response.text or "fait du bien" in response.text


def test_erasure_keeps_the_anonymous_answers_and_drops_the_sentence(client_for, resident):
    client_for(resident).post(
        "/retour/", {"kind": "test", "subject": SUBJECT, "did_good": "yes", "sentence": "Sophie L. était là"}
    )
    assert privacy.export(resident)["feedback"][0]["sentence"] == "Sophie L. était là"
    privacy.erase(resident)
    feedback = Feedback.objects.get()
    assert (feedback.person, feedback.sentence, feedback.did_good) == (None, "", True)
