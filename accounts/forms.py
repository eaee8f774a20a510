from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from plans.models import Council, Membership, Role
from regionplan.lib.forms import LimitsShown
from regionplan.lib.text import reject_hidden_controls

from .councils import municipalities_text, parse_municipalities
from .models import Invitation

TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


class CouncilForm(LimitsShown, forms.ModelForm):
    """A council's settings; creating one also takes its address (slug) and, if given, the
    e-mail address of the secretariat head, who is invited to the secretariat."""

    municipalities = forms.CharField(
        label=_("Member municipalities"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One a line: the four-digit municipality number, then the name (3449 Sør-Aurdal)."
        ),
        max_length=5000,
    )

    class Meta:
        model = Council
        fields = [
            "name",
            "short_name",
            "slug",
            "language",
            "county",
            "municipalities",
            "secretariat_head_name",
            "secretariat_head_title",
            "require_two_factor",
        ]
        help_texts = {
            "slug": _(
                "The council's address in Regionplan, /valdres/: lower-case letters, digits and "
                "hyphens. Made from the short name if left empty; it cannot be changed later."
            ),
            "short_name": _("Used in menus and lists, e.g. “Valdres”."),
        }

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.creating = creating
        for name in ("name", "short_name", "secretariat_head_name", "secretariat_head_title"):
            self.fields[name].validators.append(reject_hidden_controls)
        if creating:
            self.fields["slug"].required = False
            self.fields["head_email"] = forms.EmailField(
                label=_("Secretariat head's e-mail address"),
                required=False,
                help_text=_("An invitation to the council's secretariat is sent here."),
            )
        else:
            del self.fields["slug"]
            self.initial["municipalities"] = municipalities_text(self.instance)

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if not slug:
            slug = slugify(self.data.get("short_name", "").translate(TRANSLITERATION))[:100]
        if not slug:
            raise ValidationError(_("Give the council an address."))
        try:
            match = resolve(f"/{slug}/")
        except Resolver404:
            match = None
        if match is None or match.view_name != "plans:council":
            raise ValidationError(
                _("“%(slug)s” is an address Regionplan uses itself; choose another.")
                % {"slug": slug}
            )
        if Council.objects.filter(slug=slug).exists():
            raise ValidationError(_("Another council has the address “%(slug)s”.") % {"slug": slug})
        return slug

    def clean_municipalities(self):
        return parse_municipalities(self.cleaned_data["municipalities"])

    def values(self):
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.cleaned_data and name != "municipalities"
        }


class InvitationForm(LimitsShown, forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.READER,
        widget=forms.RadioSelect,
        help_text=_(
            "Readers (the politicians) read all the council's plans, unpublished ones too. "
            "The secretariat also changes them and decides who has access."
        ),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.council = council

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        member = (
            Membership.objects.filter(council=self.council)
            .filter(user__emailaddress__email__iexact=email)
            .select_related("user")
            .first()
        )
        if member:
            raise ValidationError(
                _("%(email)s already has access as %(role)s. Change the role in the list instead.")
                % {"email": email, "role": member.get_role_display().lower()}
            )
        pending = Invitation.objects.pending().filter(council=self.council, email__iexact=email)
        if pending.exists():
            raise ValidationError(
                _(
                    "%(email)s has an invitation that has not been used yet. Send it again from "
                    "the list if it was lost."
                )
                % {"email": email}
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class NewPersonForm(LimitsShown, forms.Form):
    """Accepting an invitation without an account: name and a password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 8 characters, not only digits, and not a common password or one close "
            "to your name."
        ),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(reject_hidden_controls)

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            user = get_user_model()(
                username=self.email.split("@")[0],
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return data
