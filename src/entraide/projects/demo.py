"""Demo micro-initiatives: the open call "Initiatives d'entraide 2027" (3 000 €, at most 500 € a
project) with six applications in every state (one by an informal group, one entered on paper),
last year's closed call with its results and two projects' diaries, three support requests,
two mentors, three guides and four funding lines.

Dates are placed around the day the demo is loaded. Running it again changes nothing: a call
whose title is already there is left as it is, and so is the rest.
"""

import datetime

from django.utils import timezone

from entraide.people.demo import DOMAIN
from entraide.people.enums import ConsentMethod
from entraide.people.models import User
from entraide.territories.models import Territory

from . import services
from .enums import FunderKind, FundingStatus, Holder, ProjectStatus, SupportStatus, SupportTopic
from .models import Call, DiaryEntry, FundingLine, Guide, Mentor, Payment, Project, SupportRequest

OPEN_CALL = "Initiatives d'entraide 2027"
CLOSED_CALL = "Initiatives d'entraide 2026"

GUIDES = [
    (
        "Lancer un café solidaire",
        "Un lieu, une date fixe, trois personnes motivées : c'est parti.",
        "## Trouver le lieu\n\nUne salle communale, un tiers-lieu, le local d'une association : "
        "demandez au référent, il connaît les salles prêtées.\n\n## Le premier café\n\n"
        "- Choisissez un jour et une heure **fixes** (le mardi matin, par exemple).\n"
        "- Prévoyez café, thé, et un cahier pour noter les coups de main proposés.\n"
        "- Annoncez-le sur le [tableau d'entraide](/tableau/) et dans le bulletin municipal.\n\n"
        "## Tenir dans la durée\n\nTournez entre plusieurs personnes pour ouvrir la salle.",
    ),
    (
        "Assurer un groupe informel",
        "Sans association, qui assure votre activité ?",
        "## Ce qui est couvert\n\nVotre assurance responsabilité civile couvre souvent les activités "
        "bénévoles ponctuelles : vérifiez votre contrat.\n\n## Pour une activité régulière\n\n"
        "1. Demandez à la mairie si la salle prêtée est assurée.\n"
        "2. Rapprochez-vous d'une association existante qui peut porter l'activité.\n"
        "3. Pensez à fonder une association si l'activité dure.",
    ),
    (
        "Fonder une association",
        "Les statuts, l'assemblée constitutive, la déclaration en ligne.",
        "## Les étapes\n\n1. Écrivez les statuts (des modèles existent sur "
        "[service-public.fr](https://www.service-public.fr/particuliers/vosdroits/F1119)).\n"
        "2. Réunissez une assemblée constitutive.\n3. Déclarez l'association en ligne.\n\n"
        "## Besoin d'aide ?\n\nDemandez un accompagnement : l'EVS vous aide gratuitement.",
    ),
]


def _person(number: int) -> User:
    return User.objects.get(email=f"habitant{number}@{DOMAIN}")


def _user(slug: str) -> User:
    return User.objects.get(email=f"{slug}@{DOMAIN}")


def _project(call: Call, applicant: User | None, title: str, amount: int, **fields) -> Project:
    commune = fields.pop("commune", None) or applicant.commune
    return Project(
        call=call,
        territory=call.territory,
        title=title,
        description=fields.pop("description", f"{title} : le projet en quelques lignes."),
        holder=fields.pop("holder", Holder.RESIDENT),
        members=fields.pop("members", ""),
        commune=commune,
        neighbourhood=fields.pop("neighbourhood", applicant.neighbourhood if applicant else None),
        when=fields.pop("when", "au printemps"),
        amount_asked=amount,
        mutual_aid=fields.pop("mutual_aid", "Les voisins se rencontrent et se rendent service."),
        contact=fields.pop("contact", "06 00 00 00 00"),
        applicant=applicant,
        **fields,
    )


def _open_call(territory: Territory, today: datetime.date) -> None:
    referent, coordinator = _user("referent.81070"), _user("coordination")
    call = services.open_call(
        Call(
            title=OPEN_CALL,
            envelope=3000,
            max_per_project=500,
            opens_on=today - datetime.timedelta(days=20),
            closes_on=today + datetime.timedelta(days=40),
            funded="Des projets d'habitants, seuls, en groupe ou en association, qui aident les voisins "
            "à s'entraider : cafés, jardins partagés, ateliers de réparation, sorties, matériel à prêter.",
            questions="Qui participera ?\nQue financerez-vous avec cette somme ?",
        ),
        by=referent,
    )
    draft = _project(call, _person(5), "Soutien scolaire entre voisins", 200, when="le mercredi après-midi")
    services.save_application(draft, by=_person(5), submit=False)
    bikes = _project(call, _person(4), "Atelier vélo partagé", 450, when="un samedi par mois")
    services.save_application(bikes, by=_person(4), submit=True)
    services.decide(
        bikes,
        by=coordinator,
        status=ProjectStatus.REFUSED,
        statement="Non retenu : l'atelier vélo de Rabastens, financé l'an dernier, accueille déjà ce public.",
    )
    group = _project(
        call,
        _person(7),
        "Jardin partagé de la Gare",
        480,
        holder=Holder.GROUP,
        members="Odette F.\nJeanne M.\nPaul V.",
        when="de mars à octobre",
    )
    services.save_application(group, by=_person(7), submit=True)
    paper = _project(
        call,
        None,
        "Repas partagé des aînés",
        300,
        commune=referent.commune,
        applicant_name="Germaine V.",
        contact="05 00 00 00 99",
    )
    services.enter_on_paper(paper, by=referent, consent=ConsentMethod.DESK)
    accepted = services.save_application(
        _project(call, _person(12), "Cuisine solidaire du jeudi", 500), by=_person(12), submit=True
    )
    services.decide(
        accepted,
        by=coordinator,
        status=ProjectStatus.ACCEPTED,
        statement="Un projet simple qui réunit des voisins de tous âges autour de repas.",
        granted_amount=500,
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=200),
    )
    changes = services.save_application(
        _project(call, _person(6), "Permanence numérique au café", 400), by=_person(6), submit=True
    )
    services.decide(
        changes,
        by=coordinator,
        status=ProjectStatus.ACCEPTED_WITH_CHANGES,
        statement="Retenu avec 300 € : le matériel informatique sera prêté par la médiathèque.",
        granted_amount=300,
        starts_on=today + datetime.timedelta(days=45),
        ends_on=today + datetime.timedelta(days=240),
    )


def _closed_call(territory: Territory, today: datetime.date) -> None:
    referent, coordinator = _user("referent.81070"), _user("coordination")
    call = services.open_call(
        Call(
            title=CLOSED_CALL,
            envelope=2000,
            max_per_project=500,
            opens_on=today - datetime.timedelta(days=300),
            closes_on=today - datetime.timedelta(days=240),
            funded="Des projets d'habitants qui aident les voisins à s'entraider.",
        ),
        by=referent,
    )
    decided_on = today - datetime.timedelta(days=230)
    outcomes = [
        (
            _person(14),
            "Prêt de machines à coudre",
            350,
            ProjectStatus.ACCEPTED,
            "Un prêt utile et déjà demandé.",
        ),
        (_person(17), "Réparation de vélos à Rabastens", 400, ProjectStatus.ACCEPTED, "Des vélos pour tous."),
        (
            _person(22),
            "Fête des voisins de Loupiac",
            500,
            ProjectStatus.REFUSED,
            "Déjà financée par la commune.",
        ),
    ]
    funded = []
    for applicant, title, amount, status, statement in outcomes:
        project = _project(call, applicant, title, amount)
        project.status = ProjectStatus.SUBMITTED
        project.submitted_at = timezone.now() - datetime.timedelta(days=250)
        project.slug = services._free_slug(Project, project, title, "projet")
        project.save()
        decided = services.decide(
            project,
            by=coordinator,
            status=status,
            statement=statement,
            granted_amount=amount if status == ProjectStatus.ACCEPTED else None,
            starts_on=decided_on + datetime.timedelta(days=14) if status == ProjectStatus.ACCEPTED else None,
            ends_on=decided_on + datetime.timedelta(days=180) if status == ProjectStatus.ACCEPTED else None,
        )
        Project.objects.filter(pk=decided.pk).update(decided_at=timezone.now() - datetime.timedelta(days=230))
        if status == ProjectStatus.ACCEPTED:
            funded.append(decided)
    sewing, bikes = funded
    for project, share in ((sewing, 350), (bikes, 200)):
        Payment.objects.create(
            project=project,
            paid_on=decided_on + datetime.timedelta(days=20),
            amount=share,
            recorded_by=referent,
        )
    DiaryEntry.objects.bulk_create(
        [
            DiaryEntry(
                project=sewing,
                written_on=decided_on + datetime.timedelta(days=40),
                milestone="Trois machines achetées",
                percent_done=50,
                author=sewing.applicant,
            ),
            DiaryEntry(
                project=sewing,
                written_on=decided_on + datetime.timedelta(days=150),
                milestone="Bilan",
                percent_done=100,
                final=True,
                participants=23,
                note="Les machines ont été prêtées 41 fois ; un atelier retouches a lieu le samedi.",
                author=sewing.applicant,
            ),
            DiaryEntry(
                project=bikes,
                written_on=decided_on + datetime.timedelta(days=60),
                milestone="Premier atelier",
                percent_done=40,
                note="Douze vélos réparés, dont quatre donnés à des jeunes du village.",
                author=bikes.applicant,
            ),
        ]
    )
    FundingLine.objects.bulk_create(
        [
            FundingLine(
                territory=territory,
                funder_kind=FunderKind.AGGLOMERATION,
                funder="Communauté d'agglomération, fonds d'initiatives locales",
                amount_asked=2000,
                amount_obtained=1500,
                asked_on=today - datetime.timedelta(days=330),
                answered_on=today - datetime.timedelta(days=280),
                status=FundingStatus.OBTAINED,
            ),
            FundingLine(
                territory=territory,
                funder_kind=FunderKind.CAF,
                funder="CAF du Tarn, animation de la vie sociale",
                project=sewing,
                amount_asked=300,
                amount_obtained=300,
                asked_on=today - datetime.timedelta(days=200),
                answered_on=today - datetime.timedelta(days=150),
                status=FundingStatus.OBTAINED,
            ),
            FundingLine(
                territory=territory,
                funder_kind=FunderKind.DEPARTMENT,
                funder="Département du Tarn, appel « Lien social »",
                amount_asked=2500,
                asked_on=today - datetime.timedelta(days=30),
                status=FundingStatus.ASKED,
            ),
            FundingLine(
                territory=territory,
                funder_kind=FunderKind.FOUNDATION,
                funder="Fondation de France, appel « Vivre ensemble »",
                amount_asked=1500,
                asked_on=today - datetime.timedelta(days=120),
                answered_on=today - datetime.timedelta(days=60),
                status=FundingStatus.REFUSED,
            ),
        ]
    )


def _support(territory: Territory) -> None:
    referent = _user("referent.81070")
    facilitator, _ = Mentor.objects.get_or_create(
        territory=territory, person=_person(8), defaults={"offer": "Animation de réunions, EVS"}
    )
    Mentor.objects.get_or_create(
        territory=territory, person=_person(12), defaults={"offer": "Communication, recherche de salles"}
    )
    services.ask_support(
        SupportRequest(
            topic=SupportTopic.ASSOCIATION, description="Nous voulons créer une association de jardiniers."
        ),
        by=_person(7),
    )
    followed = services.ask_support(
        SupportRequest(
            topic=SupportTopic.MEETING, description="Comment animer notre première réunion de quartier ?"
        ),
        by=_person(3),
    )
    services.follow_support(followed, by=referent, mentor=facilitator, note="Confié à Nadia.", done=False)
    done = services.ask_support(
        SupportRequest(
            topic=SupportTopic.ROOM, description="Une salle pour l'atelier vélo, un samedi par mois."
        ),
        by=_person(4),
    )
    services.follow_support(
        done, by=referent, mentor=None, note="La salle des fêtes est prêtée le 1er samedi.", done=True
    )
    assert SupportRequest.objects.in_territory(territory).filter(status=SupportStatus.DONE).exists()


def load(territory: Territory) -> None:
    if Call.objects.in_territory(territory).filter(title=OPEN_CALL).exists():
        return
    today = timezone.localdate()
    referent = _user("referent.81070")
    _closed_call(territory, today)
    _open_call(territory, today)
    _support(territory)
    for title, summary, body in GUIDES:
        services.save_guide(Guide(title=title, summary=summary, body=body), by=referent)
