import datetime
import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.board.models import Exchange
from entraide.core import csv
from entraide.core.forms import posted, row_form, say_unplaced
from entraide.core.permissions import check_request
from entraide.people import rules as people_rules
from entraide.people.models import User
from entraide.territories.scoping import get_scoped_or_404

from . import figures, rules, services, statements
from .enums import AccountKind, AuditAction, ClaimStatus
from .formatting import format_minutes
from .forms import (
    AccountFilterForm,
    AdjustForm,
    AnswerForm,
    ClaimForm,
    ExchangeClaimForm,
    FreezeForm,
    GiftForm,
    GrantForm,
    PaperChequeForm,
    ReverseForm,
    SettleForm,
)
from .models import Account, AuditEvent, Claim, TimebankSettings, Transfer

DEFAULT_EXCHANGE_MINUTES = 90


def _form_error(form, error: services.TimebankError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _announce(request: HttpRequest, created: bool, message: str) -> None:
    """Say what a transfer form did; a replayed form recorded nothing new, and says so."""
    if created:
        messages.success(request, message)
    else:
        messages.info(request, _("This form had already been sent: it was recorded once, as shown here."))


def _claim_recorded(claim: Claim) -> str:
    return _("Recorded: %(name)s will be asked to confirm %(duration)s.") % {
        "name": claim.receiver.display_name,
        "duration": format_minutes(claim.minutes),
    }


# Member pages -----------------------------------------------------------------------------------


def _history_page(request: HttpRequest, account: Account):
    return Paginator(statements.statement_lines(account), 25).get_page(request.GET.get("page"))


def _totals(account: Account) -> dict[str, int]:
    """Hours of help given and received (not pool movements, corrections or reversed help)."""
    totals = account.entries.filter(
        transfer__kind__in=figures.HELP_KINDS, transfer__reversed_by__isnull=True
    ).aggregate(
        given=Sum("amount_minutes", filter=Q(amount_minutes__gt=0)),
        received=Sum("amount_minutes", filter=Q(amount_minutes__lt=0)),
    )
    return {"given": totals["given"] or 0, "received": -(totals["received"] or 0)}


def my_account(request: HttpRequest) -> HttpResponse:
    return _my_account_page(request)


def _exchange_claim_form(exchange: Exchange, data=None, failed=None) -> ExchangeClaimForm:
    """One exchange's "record it" form; its ids carry the exchange's key (several on the page)."""
    minutes = exchange.duration_minutes or DEFAULT_EXCHANGE_MINUTES
    initial = {"minutes": format_minutes(minutes), "idempotency_key": uuid.uuid4()}
    return row_form(ExchangeClaimForm, exchange.public_id, data, failed=failed, initial=initial)


def _dispute_form(claim: Claim, data=None, failed=None) -> AnswerForm:
    """One pending claim's "what is wrong?" form (several on a page: ids carry the claim's key)."""
    return row_form(AnswerForm, f"dispute-{claim.public_id}", data, failed=failed)


def _reject_form(claim: Claim, data=None, failed=None) -> AnswerForm:
    form = row_form(AnswerForm, f"reject-{claim.public_id}", data, failed=failed)
    form.fields["reason"].label = _("Or reject it (no hours move), because:")
    return form


def _my_account_page(request: HttpRequest, failed=None) -> HttpResponse:
    """The member's account page; after a failed form of one of its rows ("record it", "dispute"),
    with that form and its errors, tied to their field."""
    settings = TimebankSettings.for_territory(request.territory)
    account = Account.objects.filter(owner=request.user).first()
    context = {"account": account, "settings": settings, "failed": failed}
    if account is not None:
        claims = Claim.objects.in_territory(request.territory).select_related(
            "helper", "receiver", "entered_by"
        )
        to_answer = list(claims.filter(receiver=request.user, status=ClaimStatus.PENDING)[:50])
        for claim in to_answer:
            claim.dispute_form = _dispute_form(claim, failed=failed)
        context.update(
            page=_history_page(request, account),
            totals=_totals(account),
            to_answer=to_answer,
            # Help followed by both people until it is answered; a dispute's outcome stays too.
            my_claims=claims.filter(Q(helper=request.user) | Q(receiver=request.user))
            .exclude(receiver=request.user, status=ClaimStatus.PENDING)
            .filter(~Q(status=ClaimStatus.CONFIRMED) | Q(settled_minutes__isnull=False))[:50],
            exchanges=[
                (exchange, _exchange_claim_form(exchange, failed=failed))
                for exchange in _exchanges_to_record(request)
            ],
        )
    # A row no longer on the page (recorded or answered meanwhile): its errors at the top.
    say_unplaced(request, failed)
    return render(request, "timebank/account.html", context)


def _search(request: HttpRequest) -> str:
    return request.GET.get("qui", "").strip()[:60]


def _exchanges_to_record(request: HttpRequest) -> QuerySet[Exchange]:
    return (
        Exchange.objects.in_territory(request.territory)
        # Only people who joined the time bank can be asked to confirm hours.
        .filter(helper=request.user, time_claim__isnull=True, receiver__time_account__isnull=False)
        .select_related("receiver", "category")
        .order_by("-happened_on")[:20]
    )


@require_POST
def join(request: HttpRequest) -> HttpResponse:
    try:
        services.open_account(request.user)
    except services.TimebankError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your time account is open."))
    return redirect("timebank:account")


def record_claim(request: HttpRequest) -> HttpResponse:
    form = ClaimForm(
        posted(request), territory=request.territory, helper=request.user, search=_search(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claim, created = services.record_claim(
                helper=request.user,
                receiver=data["receiver"].owner,
                minutes=data["minutes"],
                happened_on=data["happened_on"],
                description=data["description"],
                category=data["category"],
                idempotency_key=data["idempotency_key"],
            )
        except services.TimebankError as error:
            _form_error(form, error)
        else:
            _announce(
                request,
                created,
                _claim_recorded(claim),
            )
            return redirect("timebank:account")
    context = {"form": form, "search": _search(request)}
    return render(request, "timebank/claim_form.html", context)


@require_POST
def claim_from_exchange(request: HttpRequest, public_id) -> HttpResponse:
    exchange = get_scoped_or_404(
        request, Exchange.objects.select_related("receiver", "category"), public_id=public_id
    )
    if exchange.helper_id != request.user.pk:
        raise Http404
    form = _exchange_claim_form(exchange, request.POST)
    if not form.is_valid():
        return _my_account_page(request, failed=form)
    try:
        claim, created = services.record_claim(
            helper=request.user,
            receiver=exchange.receiver,
            minutes=form.cleaned_data["minutes"] or exchange.duration_minutes or DEFAULT_EXCHANGE_MINUTES,
            happened_on=exchange.happened_on,
            description=exchange.category.name if exchange.category_id else _("Help"),
            category=exchange.category,
            exchange=exchange,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except services.TimebankError as error:
        _form_error(form, error)
        return _my_account_page(request, failed=form)
    else:
        _announce(
            request,
            created,
            _claim_recorded(claim),
        )
    return redirect("timebank:account")


def _answerable_claim(request: HttpRequest, public_id) -> Claim:
    claim = get_scoped_or_404(
        request, Claim.objects.select_related("receiver", "helper"), public_id=public_id
    )
    if not rules.can_answer_claim(request.user, request.territory, claim):
        raise Http404
    return claim


@dataclass(frozen=True)
class Step:
    """One step of a claim's history, for both people and the referents."""

    at: datetime.datetime
    label: str
    reason: str = ""


def claim_history(claim: Claim) -> list[Step]:
    """Recorded, disputed, settled or rejected (…), with dates and reasons: the claim's log."""
    events = AuditEvent.objects.filter(claim=claim).select_related("actor").order_by("created_at", "pk")
    steps = []
    for event in events:
        name = event.actor.display_name if event.actor_id else ""
        if event.action == AuditAction.CLAIM_RECORDED:
            label = _("Recorded by %(name)s") % {"name": name}
        elif event.action == AuditAction.CLAIM_DISPUTED:
            steps.append(Step(event.created_at, _("Disputed by %(name)s") % {"name": name}, event.detail))
            continue
        elif event.action == AuditAction.CLAIM_CONFIRMED:
            label = _("Confirmed by %(name)s: %(duration)s moved") % {
                "name": name,
                "duration": format_minutes(claim.paid_minutes),
            }
        elif event.action == AuditAction.CLAIM_AUTO_CONFIRMED:
            label = _("Confirmed automatically, without an answer: %(duration)s moved") % {
                "duration": format_minutes(claim.paid_minutes)
            }
        elif event.action == AuditAction.CLAIM_SETTLED:
            label = _("Settled by %(name)s, referent: %(duration)s moved") % {
                "name": name,
                "duration": format_minutes(claim.paid_minutes),
            }
            steps.append(Step(event.created_at, label, event.detail))
            continue
        elif event.action == AuditAction.CLAIM_REJECTED:
            label = _("Rejected by %(name)s, referent: no hours moved") % {"name": name}
            steps.append(Step(event.created_at, label, event.detail))
            continue
        elif event.action == AuditAction.CLAIM_CANCELLED:
            steps.append(Step(event.created_at, _("Cancelled"), event.detail))
            continue
        else:
            continue  # reminders and the like: not a step of the decision
        steps.append(Step(event.created_at, label))
    return steps


def _claim_page(request: HttpRequest, claim: Claim, failed=None) -> HttpResponse:
    """One claim's history and answers; after a refused answer sent from here, with its errors."""
    user, territory = request.user, request.territory
    can_answer = claim.status == ClaimStatus.PENDING and rules.can_answer_claim(user, territory, claim)
    can_settle = claim.status == ClaimStatus.DISPUTED and rules.can_settle_claim(user, territory, claim)
    claim.dispute_form = _dispute_form(claim, failed=failed) if can_answer else None
    settle_form = _settle_form(claim, failed=failed) if can_settle else None
    reject_form = _reject_form(claim, failed=failed) if can_settle else None
    say_unplaced(request, failed)
    context = {
        "claim": claim,
        "history": claim_history(claim),
        "can_answer": can_answer,
        "settle_form": settle_form,
        "reject_form": reject_form,
        "on_claim_page": True,
        "failed": failed,
    }
    return render(request, "timebank/claim.html", context)


# A claim's answers are sent from several pages (the account, the claim's own page, the desk's
# list): a refused one comes back on the page it was sent from, which the form's address says.
FROM_CLAIM_PAGE = "fiche"


def _answer_refused(request: HttpRequest, claim: Claim, form) -> HttpResponse:
    if request.GET.get("depuis") == FROM_CLAIM_PAGE:
        return _claim_page(request, claim, failed=form)
    if claim.receiver_id == request.user.pk:
        return _my_account_page(request, failed=form)
    return _desk_claims_page(request, failed=form)


def claim_detail(request: HttpRequest, public_id) -> HttpResponse:
    claim = get_scoped_or_404(
        request,
        Claim.objects.select_related("helper", "receiver", "entered_by", "answered_by", "category"),
        public_id=public_id,
    )
    if not rules.can_see_claim(request.user, request.territory, claim):
        raise Http404
    return _claim_page(request, claim)


def _back(request: HttpRequest, claim: Claim) -> HttpResponse:
    if claim.receiver_id == request.user.pk:
        return redirect("timebank:account")
    return redirect("timebank:desk_claims")


@require_POST
def confirm_claim(request: HttpRequest, public_id) -> HttpResponse:
    claim = get_scoped_or_404(
        request, Claim.objects.select_related("receiver", "helper"), public_id=public_id
    )
    if not rules.can_confirm_claim(request.user, request.territory, claim):
        raise Http404
    on_behalf = claim.receiver_id != request.user.pk
    try:
        services.confirm_claim(
            claim,
            by=request.user,
            entered_by=request.user if on_behalf else None,
        )
    except services.TimebankError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Confirmed: %(duration)s go to %(name)s.")
            % {"duration": format_minutes(claim.minutes), "name": claim.helper.display_name},
        )
    return _back(request, claim)


@require_POST
def dispute_claim(request: HttpRequest, public_id) -> HttpResponse:
    claim = _answerable_claim(request, public_id)
    on_behalf = claim.receiver_id != request.user.pk
    form = _dispute_form(claim, request.POST)
    if form.is_valid():
        try:
            services.dispute_claim(
                claim,
                by=request.user,
                reason=form.cleaned_data["reason"],
                entered_by=request.user if on_behalf else None,
            )
        except services.TimebankError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Disputed: the referent of your commune will look into it."))
            return _back(request, claim)
    return _answer_refused(request, claim, form)


def give(request: HttpRequest) -> HttpResponse:
    account = Account.objects.filter(owner=request.user).first()
    if account is None:
        return redirect("timebank:account")
    initial = {}
    if request.GET.get("fonds"):
        pool = Account.objects.in_territory(request.territory).filter(kind=AccountKind.POOL).first()
        initial = {"payee": pool.public_id if pool else None}
    form = GiftForm(
        posted(request),
        territory=request.territory,
        giver=request.user,
        initial=initial,
        search=_search(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.give(
                giver=request.user,
                payee=data["payee"],
                minutes=data["minutes"],
                description=data["description"],
                idempotency_key=data["idempotency_key"],
            )
        except services.TimebankError as error:
            _form_error(form, error)
        else:
            _announce(
                request,
                result.created,
                _("You gave %(duration)s to %(name)s.")
                % {
                    "duration": format_minutes(result.transfer.minutes),
                    "name": result.transfer.payee.label,
                },
            )
            return redirect("timebank:account")
    context = {"form": form, "account": account, "search": _search(request)}
    return render(request, "timebank/give_form.html", context)


def my_statement(request: HttpRequest, fmt: str) -> HttpResponse:
    account = Account.objects.filter(owner=request.user).first()
    if account is None:
        raise Http404
    return _statement(request, account, fmt)


def _statement(request: HttpRequest, account: Account, fmt: str) -> HttpResponse:
    if fmt == "csv":
        return statements.statement_csv(account)
    return statements.statement_pdf(request, account)


@login_not_required
def public_figures(request: HttpRequest) -> HttpResponse:
    data = figures.evaluation_figures(request.territory, public=True)
    return render(
        request,
        "timebank/figures.html",
        {"figures": data, "small_number": figures.SMALL_NUMBER, "public": True},
    )


# The referent's desk ----------------------------------------------------------------------------


def _desk_accounts(request: HttpRequest):
    return rules.accounts_looked_after(request.user, request.territory).select_related(
        "owner__commune", "owner__neighbourhood"
    )


def _filtered_accounts(request: HttpRequest):
    communes = people_rules.communes_looked_after(request.user, request.territory)
    form = AccountFilterForm(request.GET or None, communes=communes)
    accounts = _desk_accounts(request).order_by("kind", "owner__display_name", "name")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            accounts = accounts.filter(
                Q(owner__display_name__icontains=data["q"]) | Q(name__icontains=data["q"])
            )
        if data["commune"]:
            accounts = accounts.filter(owner__commune=data["commune"])
        state = data["state"]
        if state == "negative":
            accounts = accounts.filter(balance_minutes__lt=0)
        elif state == "positive":
            accounts = accounts.filter(balance_minutes__gt=0)
        elif state == "frozen":
            accounts = accounts.filter(is_frozen=True)
    return form, accounts


def _claims_waiting(request: HttpRequest, communes) -> QuerySet[Claim]:
    """Disputes, and assisted people's unanswered help, in the referent's communes; not their own."""
    return (
        Claim.objects.in_territory(request.territory)
        .filter(receiver__commune__in=communes)
        .filter(Q(status=ClaimStatus.DISPUTED) | Q(status=ClaimStatus.PENDING, receiver__is_assisted=True))
        .exclude(helper=request.user)
        .exclude(receiver=request.user)
    )


@check_request(rules.can_use_desk)
def desk_accounts(request: HttpRequest) -> HttpResponse:
    form, accounts = _filtered_accounts(request)
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    people_without = (
        User.objects.in_territory(request.territory)
        .residents()
        .filter(
            commune__in=people_rules.communes_looked_after(request.user, request.territory), is_assisted=True
        )
        .filter(time_account__isnull=True)
        .order_by("display_name")[:50]
    )
    claims_waiting = _claims_waiting(
        request, people_rules.communes_looked_after(request.user, request.territory)
    ).count()
    context = {
        "form": form,
        "page": page,
        "people_without": people_without,
        "claims_waiting": claims_waiting,
        "query": request.GET.urlencode(),
    }
    return render(request, "timebank/desk/accounts.html", context)


@check_request(rules.can_use_desk)
def desk_accounts_csv(request: HttpRequest) -> HttpResponse:
    _form, accounts = _filtered_accounts(request)
    header = [_("Account"), _("Commune"), _("Balance (minutes)"), _("Balance"), _("Frozen")]
    yes = _("yes")  # the rows are written after the view returns
    rows = (
        [
            account.label,
            account.owner.commune.name if account.owner_id and account.owner.commune_id else "",
            account.balance_minutes,
            format_minutes(account.balance_minutes),
            yes if account.is_frozen else "",
        ]
        for account in accounts.iterator(chunk_size=500)
    )
    return csv.csv_response("comptes-temps.csv", header, rows, stream=True)


def _desk_account(request: HttpRequest, public_id) -> Account:
    account = get_scoped_or_404(request, _desk_accounts(request), public_id=public_id)
    if not rules.can_manage_account(request.user, request.territory, account):
        raise Http404
    return account


# The account page holds both forms, each with a "reason": their ids must differ (a page's ids are unique).
FREEZE_IDS, ADJUST_IDS = "freeze-%s", "adjust-%s"


def _account_page(request, account, *, freeze_form=None, adjust_form=None, grant_form=None):
    context = {
        "account": account,
        "page": _history_page(request, account),
        "totals": _totals(account),
        "freeze_form": freeze_form
        or FreezeForm(initial={"frozen": "0" if account.is_frozen else "1"}, auto_id=FREEZE_IDS),
        "adjust_form": adjust_form or AdjustForm(auto_id=ADJUST_IDS),
        "grant_form": grant_form,
        "events": AuditEvent.objects.in_territory(request.territory)
        .filter(account=account)
        .select_related("actor")[:20],
    }
    return render(request, "timebank/desk/account.html", context)


@check_request(rules.can_use_desk)
def desk_account(request: HttpRequest, public_id) -> HttpResponse:
    return _account_page(request, _desk_account(request, public_id))


@check_request(rules.can_use_desk)
def desk_statement(request: HttpRequest, public_id, fmt: str) -> HttpResponse:
    return _statement(request, _desk_account(request, public_id), fmt)


@check_request(rules.can_use_desk)
@require_POST
def desk_freeze(request: HttpRequest, public_id) -> HttpResponse:
    account = _desk_account(request, public_id)
    form = FreezeForm(request.POST, auto_id=FREEZE_IDS)
    if form.is_valid():
        frozen = form.cleaned_data["frozen"]
        try:
            changed = services.set_frozen(
                account, by=request.user, frozen=frozen, reason=form.cleaned_data["reason"]
            )
        except services.TimebankError as error:
            _form_error(form, error)
            return _account_page(request, account, freeze_form=form)
        if not changed:
            messages.info(request, _("The account was already in that state: nothing changed."))
        else:
            messages.success(
                request, _("The account is frozen.") if frozen else _("The account is open again.")
            )
        return redirect("timebank:desk_account", public_id=account.public_id)
    return _account_page(request, account, freeze_form=form)


@check_request(rules.can_use_desk)
@require_POST
def desk_adjust(request: HttpRequest, public_id) -> HttpResponse:
    account = _desk_account(request, public_id)
    form = AdjustForm(request.POST, auto_id=ADJUST_IDS)
    if form.is_valid():
        data = form.cleaned_data
        minutes = data["minutes"] if data["direction"] == "add" else -data["minutes"]
        try:
            result = services.adjust(
                referent=request.user,
                account=account,
                minutes=minutes,
                reason=data["reason"],
                idempotency_key=data["idempotency_key"],
            )
        except services.TimebankError as error:
            _form_error(form, error)
        else:
            _announce(request, result.created, _("The adjustment is recorded."))
            return redirect("timebank:desk_account", public_id=account.public_id)
    return _account_page(request, account, adjust_form=form)


@check_request(rules.can_use_desk)
def desk_open_account(request: HttpRequest, public_id) -> HttpResponse:
    person = get_scoped_or_404(request, User.objects.all(), public_id=public_id)
    if not people_rules.can_act_for(request.user, request.territory, person):
        raise Http404
    if request.method != "POST":
        return redirect("timebank:desk_accounts")
    try:
        account = services.open_account(person, by=request.user)
    except services.TimebankError as error:
        messages.error(request, error.message)
        return redirect("timebank:desk_accounts")
    messages.success(request, _("The time account of %(name)s is open.") % {"name": person.display_name})
    return redirect("timebank:desk_account", public_id=account.public_id)


@check_request(rules.can_use_desk)
def desk_grant(request: HttpRequest) -> HttpResponse:
    pool = services.pool_for(request.territory)
    accounts = (
        _desk_accounts(request)
        .filter(kind=AccountKind.PERSON)
        .exclude(owner=request.user)
        .order_by("owner__display_name")
    )
    initial = {"payee": request.GET.get("compte")} if request.GET.get("compte") else {}
    form = GrantForm(posted(request), accounts=accounts, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.grant_from_pool(
                referent=request.user,
                payee=data["payee"],
                minutes=data["minutes"],
                reason=data["reason"],
                idempotency_key=data["idempotency_key"],
            )
        except services.TimebankError as error:
            _form_error(form, error)
        else:
            _announce(
                request,
                result.created,
                _("%(duration)s granted from the solidarity pool to %(name)s.")
                % {
                    "duration": format_minutes(result.transfer.minutes),
                    "name": result.transfer.payee.label,
                },
            )
            return redirect("timebank:desk_account", public_id=result.transfer.payee.public_id)
    return render(request, "timebank/desk/grant_form.html", {"form": form, "pool": pool})


@check_request(rules.can_use_desk)
def desk_paper_cheque(request: HttpRequest) -> HttpResponse:
    accounts = _desk_accounts(request).filter(kind=AccountKind.PERSON).order_by("owner__display_name")
    form = PaperChequeForm(
        posted(request), territory=request.territory, accounts=accounts, referent=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.record_paper_cheque(
                referent=request.user,
                helper=data["helper"].owner,
                receiver=data["receiver"].owner,
                minutes=data["minutes"],
                happened_on=data["happened_on"],
                description=data["description"],
                idempotency_key=data["idempotency_key"],
            )
        except services.TimebankError as error:
            _form_error(form, error)
        else:
            _announce(request, result.created, _("The paper time cheque is recorded."))
            return redirect("timebank:desk_account", public_id=result.transfer.payer.public_id)
    return render(request, "timebank/desk/paper_form.html", {"form": form})


@check_request(rules.can_use_desk)
def desk_reverse(request: HttpRequest, public_id) -> HttpResponse:
    original = get_scoped_or_404(
        request, Transfer.objects.select_related("payer__owner", "payee__owner"), public_id=public_id
    )
    if not rules.can_reverse(request.user, request.territory, original):
        raise Http404
    form = ReverseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.reverse(
                original=original,
                by=request.user,
                reason=form.cleaned_data["reason"],
                idempotency_key=form.cleaned_data["idempotency_key"],
                limit_exception=form.cleaned_data["limit_exception"],
            )
        except services.TimebankError as error:
            _form_error(form, error)
        else:
            _announce(request, result.created, _("The transfer is reversed."))
            account = original.payer if original.payer.kind == AccountKind.PERSON else original.payee
            return redirect("timebank:desk_account", public_id=account.public_id)
    return render(request, "timebank/desk/reverse_form.html", {"form": form, "original": original})


def _settle_form(claim: Claim, data=None, failed=None) -> SettleForm:
    """The settle form of one disputed claim (several on the desk's page: ids carry its key)."""
    initial = {"minutes": format_minutes(claim.minutes)}
    return row_form(SettleForm, claim.public_id, data, failed=failed, initial=initial)


@check_request(rules.can_use_desk)
def desk_claims(request: HttpRequest) -> HttpResponse:
    return _desk_claims_page(request)


def _desk_claims_page(request: HttpRequest, failed=None) -> HttpResponse:
    """Disputes to settle and help to answer for assisted persons; after a refused settlement,
    rejection or dispute sent from here, with that form and its errors, tied to their field."""
    communes = people_rules.communes_looked_after(request.user, request.territory)
    claims = (
        _claims_waiting(request, communes)
        .select_related("helper", "receiver", "entered_by")
        .order_by("created_at")
    )
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    disputes = [
        (claim, _settle_form(claim, failed=failed), _reject_form(claim, failed=failed))
        for claim in page
        if claim.status == ClaimStatus.DISPUTED
    ]
    waiting = [claim for claim in page if claim.status != ClaimStatus.DISPUTED]
    for claim in waiting:
        claim.dispute_form = _dispute_form(claim, failed=failed)
    say_unplaced(request, failed)
    context = {"page": page, "disputes": disputes, "waiting": waiting, "failed": failed}
    return render(request, "timebank/desk/claims.html", context)


@check_request(rules.can_use_desk)
@require_POST
def desk_settle_claim(request: HttpRequest, public_id) -> HttpResponse:
    claim = get_scoped_or_404(
        request,
        Claim.objects.select_related("helper", "receiver", "entered_by", "answered_by", "category"),
        public_id=public_id,
    )
    if not rules.can_settle_claim(request.user, request.territory, claim):
        raise Http404
    form = _settle_form(claim, request.POST)
    if form.is_valid():
        try:
            claim = services.settle_claim(
                claim,
                referent=request.user,
                minutes=form.cleaned_data["minutes"],
                reason=form.cleaned_data["reason"],
            )
        except services.TimebankError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Settled: %(duration)s go to %(name)s. Both people are told by email.")
                % {"duration": format_minutes(claim.paid_minutes), "name": claim.helper.display_name},
            )
            return redirect("timebank:desk_claims")
    return _answer_refused(request, claim, form)


@check_request(rules.can_use_desk)
@require_POST
def desk_reject_claim(request: HttpRequest, public_id) -> HttpResponse:
    claim = get_scoped_or_404(request, Claim.objects.select_related("receiver"), public_id=public_id)
    if not rules.can_settle_claim(request.user, request.territory, claim):
        raise Http404
    form = _reject_form(claim, request.POST)
    if form.is_valid():
        try:
            services.reject_claim(claim, referent=request.user, reason=form.cleaned_data["reason"])
        except services.TimebankError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("The recorded help is rejected; no hours moved. Both people are told by email.")
            )
            return redirect("timebank:desk_claims")
    return _answer_refused(request, claim, form)


@check_request(rules.can_use_desk)
def desk_log(request: HttpRequest) -> HttpResponse:
    events = (
        rules.events_looked_after(request.user, request.territory)
        .select_related("actor", "account__owner")
        .order_by("-created_at", "-pk")
    )
    action = request.GET.get("action")
    if action in AuditAction.values:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request, "timebank/desk/log.html", {"page": page, "actions": AuditAction.choices, "action": action}
    )


@check_request(rules.can_use_desk)
def desk_figures(request: HttpRequest) -> HttpResponse:
    data = figures.evaluation_figures(request.territory, public=False)
    return render(
        request,
        "timebank/figures.html",
        {"figures": data, "small_number": figures.SMALL_NUMBER, "public": False},
    )
