"""People and access: the profile, invitations, a council's members, settings and history,
creating a council. Every view checks on the server who may do it."""

import logging
from smtplib import SMTPException

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plans.access import get_council, get_secretariat_council
from plans.models import CouncilChange, Membership, Role
from regionplan.lib.forms import since_filter

from . import councils, invitations
from . import members as people
from .forms import CouncilForm, InvitationForm, NewPersonForm, RoleForm
from .landing import places_of
from .models import Invitation

logger = logging.getLogger(__name__)
MAIL_ERRORS = (SMTPException, OSError)


@require_GET
@login_required
def profile(request):
    user = request.user
    memberships = Membership.objects.filter(user=user).select_related("council")
    return render(
        request,
        "accounts/profile.html",
        {
            "emails": EmailAddress.objects.filter(user=user),
            "has_totp": Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists(),
            "identities": user.socialaccount_set.all(),
            "memberships": memberships,
            "has_password": user.has_usable_password(),
        },
    )


def mail_failed(request, error):
    logger.warning("Invitation mail not sent: %s", error)
    messages.error(
        request,
        _(
            "The invitation could not be sent: the mail server did not accept it. Nothing was "
            "saved; try again in a while, or tell the administrator if it goes on."
        ),
    )


@login_required
def council_create(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = CouncilForm(request.POST or None, creating=True)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                council, invitation = councils.create_council(
                    form.values(),
                    form.cleaned_data["municipalities"],
                    user=request.user,
                    head_email=form.cleaned_data.get("head_email", ""),
                    request=request,
                )
            except MAIL_ERRORS as error:
                mail_failed(request, error)
                status = 502
            else:
                messages.success(request, _("%(name)s is created.") % {"name": council.name})
                if invitation:
                    messages.success(
                        request,
                        _("An invitation to the secretariat is sent to %(email)s.")
                        % {"email": invitation.email},
                    )
                return redirect("accounts:members", council.slug)
        else:
            status = 400
    return render(request, "accounts/council_form.html", {"form": form}, status=status)


@login_required
def council_settings(request, council):
    council = get_secretariat_council(request, council)
    form = CouncilForm(request.POST or None, instance=council)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            changed = councils.update_council(
                council, form.values(), form.cleaned_data["municipalities"], user=request.user
            )
            if changed:
                messages.success(request, _("The council's settings are saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("accounts:council_settings", council.slug)
        status = 400
        council.refresh_from_db()
    return render(
        request,
        "accounts/council_form.html",
        {"form": form, "council": council},
        status=status,
    )


@require_GET
@login_required
def council_changes(request, council):
    council = get_secretariat_council(request, council)
    form, since, moment = since_filter(request)
    changes = CouncilChange.objects.filter(council=council).select_related("changed_by")
    if moment:
        changes = changes.filter(changed_at__gte=moment)
    return render(
        request,
        "accounts/council_changes.html",
        {"council": council, "changes": changes[:500], "form": form, "since": since},
    )


def members_page(request, council, invite_form=None, status=200):
    return render(
        request,
        "accounts/members.html",
        {
            "council": council,
            "members": people.members(council),
            "pending": Invitation.objects.pending()
            .filter(council=council)
            .select_related("invited_by"),
            "form": invite_form or InvitationForm(council=council),
            "roles": Role.choices,
        },
        status=status,
    )


@require_GET
@login_required
def members(request, council):
    return members_page(request, get_secretariat_council(request, council))


@require_POST
@login_required
def invite(request, council):
    council = get_secretariat_council(request, council)
    form = InvitationForm(request.POST, council=council)
    if not form.is_valid():
        return members_page(request, council, form, status=400)
    try:
        invitation = invitations.invite(
            council,
            form.cleaned_data["email"],
            form.cleaned_data["role"],
            user=request.user,
            request=request,
        )
    except MAIL_ERRORS as error:
        mail_failed(request, error)
        return members_page(request, council, form, status=502)
    messages.success(
        request,
        _("The invitation is sent to %(email)s. The link works once, for 7 days.")
        % {"email": invitation.email},
    )
    return redirect("accounts:members", council.slug)


def council_membership(council, pk):
    return get_object_or_404(Membership.objects.select_related("user"), council=council, pk=pk)


def own_last_role(request):
    messages.error(
        request,
        _(
            "You are the council's only secretariat member, so you cannot take away your own "
            "secretariat role. Invite someone else to the secretariat first."
        ),
    )


@require_POST
@login_required
def member_role(request, council, membership):
    council = get_secretariat_council(request, council)
    membership = council_membership(council, membership)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("accounts:members", council.slug)
    try:
        changed = people.change_role(membership, form.cleaned_data["role"], user=request.user)
    except people.OwnLastSecretariatRole:
        own_last_role(request)
    else:
        messages.success(
            request,
            _("%(person)s is now %(role)s.")
            % {
                "person": invitations.person_label(changed.user),
                "role": changed.get_role_display().lower(),
            },
        )
    return redirect("accounts:members", council.slug)


@login_required
def member_remove(request, council, membership):
    council = get_secretariat_council(request, council)
    membership = council_membership(council, membership)
    if request.method == "POST":
        try:
            people.remove(membership, user=request.user)
        except people.OwnLastSecretariatRole:
            own_last_role(request)
        else:
            messages.success(
                request,
                _("%(person)s no longer has access to %(council)s.")
                % {"person": invitations.person_label(membership.user), "council": council.name},
            )
        if membership.user_id == request.user.pk and not request.user.is_superuser:
            return redirect(council.get_absolute_url())
        return redirect("accounts:members", council.slug)
    return render(
        request,
        "accounts/member_remove.html",
        {
            "council": council,
            "membership": membership,
            "person": invitations.person_label(membership.user),
            "is_self": membership.user_id == request.user.pk,
        },
    )


def council_invitation(council, pk):
    return get_object_or_404(Invitation, council=council, pk=pk)


@require_POST
@login_required
def invitation_withdraw(request, council, invitation):
    council = get_secretariat_council(request, council)
    invitation = council_invitation(council, invitation)
    try:
        invitations.withdraw(invitation, user=request.user)
    except invitations.InvitationUnusable:
        messages.error(request, _("The invitation was already used or withdrawn."))
    else:
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
        )
    return redirect("accounts:members", council.slug)


@require_POST
@login_required
def invitation_resend(request, council, invitation):
    council = get_secretariat_council(request, council)
    invitation = council_invitation(council, invitation)
    try:
        invitations.send_again(invitation, user=request.user, request=request)
    except invitations.InvitationUnusable:
        messages.error(request, _("The invitation was already used or withdrawn."))
    except MAIL_ERRORS as error:
        mail_failed(request, error)
    else:
        messages.success(
            request,
            _("A new invitation is sent to %(email)s; the old link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("accounts:members", council.slug)


def invitation(request, token):
    """The link in the invitation mail: accept it as the person signed in, or as a new person
    with a password (or an identity provider), or sign in first if the address has an account."""
    found = invitations.find(token)
    if found is None:
        return render(request, "accounts/invitation_unusable.html", {"reason": ""}, status=404)
    get_council(request, found.council.slug)  # the council's language form
    if not found.is_pending:
        reason = (
            "accepted" if found.accepted_at else "withdrawn" if found.withdrawn_at else "expired"
        )
        if (
            reason == "accepted"
            and request.user.is_authenticated
            and found.accepted_by_id == request.user.pk
        ):
            return redirect(found.council.get_absolute_url())
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"invitation": found, "reason": invitations.REASONS[reason]()},
            status=410,
        )
    existing = (
        get_user_model().objects.filter(emailaddress__email__iexact=found.email).first()
        or get_user_model().objects.filter(email__iexact=found.email).first()
    )
    context = {"invitation": found, "council": found.council, "existing": existing}
    if request.user.is_authenticated:
        if request.method == "POST":
            return accept_as(request, found, request.user)
        return render(request, "accounts/invitation.html", context)
    if existing:
        return render(request, "accounts/invitation.html", context)
    form = NewPersonForm(request.POST or None, email=found.email)
    if request.method == "POST" and form.is_valid():
        return accept_as_new_person(request, found, form)
    context.update(
        form=form,
        providers=get_social_adapter(request).list_providers(request),
    )
    return render(
        request,
        "accounts/invitation.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def accept_as(request, invitation, user):
    try:
        membership = invitations.accept(invitation, user)
    except invitations.InvitationUnusable as error:
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"invitation": invitation, "reason": invitations.REASONS[error.reason]()},
            status=410,
        )
    except invitations.EmailBelongsToSomeoneElse:
        messages.error(
            request,
            _(
                "The invitation was sent to %(email)s, which belongs to another account. Sign "
                "out and sign in with that account to accept it."
            )
            % {"email": invitation.email},
        )
        return redirect("accounts:invitation", request.resolver_match.kwargs["token"])
    messages.success(
        request,
        _("Welcome to %(council)s. You have access as %(role)s.")
        % {"council": membership.council.name, "role": membership.get_role_display().lower()},
    )
    return redirect(membership.council.get_absolute_url())


def accept_as_new_person(request, invitation, form):
    with transaction.atomic():
        user = get_user_model()(
            email=invitation.email,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
        )
        user.username = get_account_adapter(request).generate_unique_username(
            [invitation.email.split("@")[0], user.first_name, user.last_name, "person"]
        )
        user.set_password(form.cleaned_data["password1"])
        user.save()
        try:
            membership = invitations.accept(invitation, user)
        except invitations.InvitationUnusable as error:
            transaction.set_rollback(True)
            return render(
                request,
                "accounts/invitation_unusable.html",
                {"invitation": invitation, "reason": invitations.REASONS[error.reason]()},
                status=410,
            )
    messages.success(
        request,
        _(
            "Welcome to %(council)s. You have access as %(role)s. Sign in with %(email)s or "
            "the username %(username)s next time."
        )
        % {
            "council": membership.council.name,
            "role": membership.get_role_display().lower(),
            "email": invitation.email,
            "username": user.username,
        },
    )
    response = perform_login(
        request, user, email_verification="none", redirect_url=membership.council.get_absolute_url()
    )
    # They typed the password just now: that counts as having confirmed it (turning on
    # two-factor asks for a recent password).
    record_authentication(request, user, "password", email=invitation.email, reauthenticated=True)
    return response


@require_GET
@login_required
def landing(request):
    """After signing in: straight to one's only council (or county), a choice among several,
    and the list of every council for anyone else."""
    places = places_of(request.user)
    if len(places) == 1:
        return redirect(places[0].url)
    if not places:
        return redirect("plans:council_list")
    return render(request, "accounts/landing.html", {"places": places})
