import datetime

from django.utils import timezone

from entraide.projects import services
from entraide.projects.enums import Holder, ProjectStatus
from entraide.projects.models import Call, Project


def make_call(
    referent, *, title="Initiatives d'entraide 2027", envelope=3000, most=500, days_left=30, **fields
):
    today = timezone.localdate()
    call = Call(
        title=title,
        envelope=envelope,
        max_per_project=most,
        opens_on=fields.pop("opens_on", today - datetime.timedelta(days=10)),
        closes_on=fields.pop("closes_on", today + datetime.timedelta(days=days_left)),
        funded="Des projets d'habitants qui aident les voisins à s'entraider.",
        questions="Qui participera ?\nQue financerez-vous ?",
        **fields,
    )
    return services.open_call(call, by=referent)


def make_project(
    call, applicant, *, title="Café des voisins", amount=400, status=ProjectStatus.SUBMITTED, **fields
):
    project = Project(
        call=call,
        territory=call.territory,
        title=title,
        description="Un café tous les samedis.",
        holder=fields.pop("holder", Holder.RESIDENT),
        commune=fields.pop("commune", applicant.commune),
        when="le samedi matin",
        amount_asked=amount,
        mutual_aid="Les voisins se rencontrent et s'entraident.",
        contact="06 12 34 56 78",
        applicant=applicant,
        **fields,
    )
    return services.save_application(project, by=applicant, submit=status != ProjectStatus.DRAFT)


def accept(project, by, amount, statement="Un beau projet de voisinage."):
    today = datetime.date.today()
    return services.decide(
        project,
        by=by,
        status=ProjectStatus.ACCEPTED,
        statement=statement,
        granted_amount=amount,
        starts_on=today + datetime.timedelta(days=14),
        ends_on=today + datetime.timedelta(days=120),
    )
