"""People: accounts, profiles, roles held per territory, and assisted persons.

A `User` is a resident of exactly one territory (superusers, who operate the
instance, may have none). Assisted persons are users without email or
password whom a referent represents, with their recorded consent.
"""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.territories.models import Commune, Neighbourhood, ScopedQuerySet, Territory

from .enums import AgeBracket, ConsentMethod, RoleKind


class UserQuerySet(ScopedQuerySet):
    def residents(self) -> "UserQuerySet":
        return self.filter(is_active=True, is_superuser=False)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email=None, password=None, **fields):
        email = self.normalize_email(email) or None
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("territory"),
    )
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    display_name = models.CharField(
        _("display name"),
        max_length=60,
        help_text=_("Shown to other residents, e.g. “Marie D.”. Your full name is not needed."),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("commune")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("neighbourhood"),
    )
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        help_text=_("Never shown publicly. Only the referents of your commune can see it."),
    )
    age_bracket = models.CharField(
        _("age bracket"),
        max_length=5,
        choices=AgeBracket.choices,
        blank=True,
        help_text=_("Optional. Never shown: only used for anonymous statistics between generations."),
    )
    presentation = models.TextField(_("a few words about me"), max_length=500, blank=True)
    can_help_with = models.TextField(_("what I like to do, what I can help with"), max_length=500, blank=True)
    listed_as_helper = models.BooleanField(
        _("List me on “Who can help?”"),
        default=False,
        help_text=_(
            "Other members of the territory, once logged in, will see your display name, your "
            "neighbourhood, the themes you tick and what you wrote above, and can write to you "
            "through the site's private messages. Never your phone or email. You can stop at any time."
        ),
    )
    help_categories = models.ManyToManyField(
        "categories.Category",
        blank=True,
        related_name="+",
        verbose_name=_("themes I can help with"),
    )
    language = models.CharField(
        _("language of my emails"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fr",
        help_text=_("The site's emails are written to you in this language."),
    )
    is_assisted = models.BooleanField(
        _("assisted person"),
        default=False,
        help_text=_("Has no login of their own; a referent acts on their behalf with their consent."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    inactivity_notice_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the person (or, for an assisted person, their referents) was told that the "
        "account, unused for the territory's retention period, would be anonymised (people.retention).",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(territory__isnull=False) | Q(is_superuser=True),
                name="user_has_territory_unless_superuser",
            ),
            models.CheckConstraint(
                condition=Q(is_assisted=False) | Q(territory__isnull=False),
                name="assisted_person_has_territory",
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "commune"]),
            # "Who can help?" lists only those who opted in, by name.
            models.Index(
                fields=["territory", "display_name"],
                condition=Q(listed_as_helper=True),
                name="people_helpers",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.email or str(self.public_id)

    def clean(self):
        super().clean()
        if self.neighbourhood_id and self.neighbourhood.commune_id != self.commune_id:
            raise ValidationError({"neighbourhood": _("This neighbourhood is not in the chosen commune.")})
        if self.commune_id and self.territory_id and self.commune.territory_id != self.territory_id:
            raise ValidationError({"commune": _("This commune is not part of this territory.")})

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def public_location(self) -> str:
        """Where this person is, as far as public pages ever go: the neighbourhood."""
        if self.neighbourhood_id:
            return str(self.neighbourhood)
        return self.commune.name if self.commune_id else ""


class Role(models.Model):
    """A role held in one territory. Being a resident needs no role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles", verbose_name=_("person")
    )
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("commune"),
        help_text=_("Required for a referent: the commune they look after."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=RoleKind.REFERENT) | Q(commune__isnull=False),
                name="referent_role_has_commune",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "commune"],
                condition=Q(commune__isnull=False),
                name="role_unique_per_commune",
            ),
            models.UniqueConstraint(
                fields=["user", "kind"], condition=Q(commune__isnull=True), name="role_unique"
            ),
        ]

    def __str__(self) -> str:
        if self.commune_id:
            return f"{self.get_kind_display()} ({self.commune.name})"
        return self.get_kind_display()

    def clean(self):
        if self.kind == RoleKind.REFERENT and not self.commune_id:
            raise ValidationError({"commune": _("A referent looks after one commune.")})
        if self.commune_id and self.commune.territory_id != self.territory_id:
            raise ValidationError({"commune": _("This commune is not part of this territory.")})
        if self.user_id and self.user.territory_id != self.territory_id:
            raise ValidationError({"user": _("This person lives in another territory.")})


class ConsentQuerySet(ScopedQuerySet):
    territory_path = "person__territory"


class Consent(models.Model):
    """An assisted person's consent to be represented, as the referent recorded it."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField(_("date of consent"))
    method = models.CharField(_("how it was given"), max_length=10, choices=ConsentMethod.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.person} ({self.given_on:%Y-%m-%d}, {self.get_method_display()})"


class ProxyAction(models.Model):
    """Something a referent did on behalf of an assisted person: "saisi par X pour Y"."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="+")
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proxy_actions_done"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proxy_actions"
    )
    summary = models.CharField(_("what was done"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("action on behalf")
        verbose_name_plural = _("actions on behalf")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(
            _("entered by %(referent)s for %(person)s: %(summary)s")
            % {"referent": self.referent, "person": self.person, "summary": self.summary}
        )
