"""Who may do what, for every URL of the project. A new view without a rule here fails."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from budgets.models import BudgetLine
from plans.models import (
    Council,
    County,
    CountyMembership,
    CountyRelation,
    Membership,
    Plan,
)
from revisions.models import Proposal, Revision
from rounds.models import InputRound, Invitation

pytestmark = pytest.mark.django_db

ROLES = {
    "anonymous": None,
    "reader": "hallingdal-politikar",
    "secretariat": "hallingdal-sekretariat",
    "other secretariat": "nord-gudbrandsdal-sekretariat",
    "superuser": "admin",
    # Innlandet's staff: Hallingdal, whose URLs the matrix walks, is not in their county.
    "county reader": "innlandet-fylke",
    # Buskerud's staff, once Hallingdal lets its county read all its plans (set up per test).
    "county reader, agreed": "buskerud-fylke",
}

# What each view is: its rule decides the expected answer for every role and method.
RULES = {
    "accessibility": "public",
    "healthz": "public",
    "plans:council_list": "public",
    "plans:council": "public",
    "plans:council_search": "public",
    "accounts:profile": "own account",
    "accounts:landing": "own account",
    "accounts:invitation": "own account",
    "accounts:council_create": "superuser form",
    "accounts:members": "council secretariat page",
    "accounts:council_changes": "council secretariat page",
    "accounts:council_settings": "council secretariat form",
    "accounts:member_remove": "council secretariat form",
    "accounts:invite": "council secretariat action",
    "accounts:member_role": "council secretariat action",
    "accounts:invitation_withdraw": "council secretariat action",
    "accounts:invitation_resend": "council secretariat action",
    "publishing:publish": "publish",
    "budgets:budget_start": "other council's secretariat form",
    "plans:plan": "plan",
    "measures:detail": "plan",
    "plans:plan_changes": "plan",
    "plans:plan_export": "plan",
    "renderings:status": "plan, prepared file",
    "reports:list": "plan",
    "budgets:budget": "other council's budget",
    "budgets:budget_export": "other council's budget",
    "budgets:budget_finalise": "other council's budget, edit",
    "budgets:budget_roll_over": "other council's budget, edit",
    "budgets:item_edit": "other council's budget, edit",
    "budgets:item_row": "other council's budget, edit",
    "budgets:item_add": "other council's budget, edit",
    "budgets:item_move": "other council's budget, edit",
    "budgets:item_archive": "other council's budget, edit",
    "budgets:item_restore": "other council's budget, edit",
    "budgets:group_add": "other council's budget, edit",
    "budgets:budget_reopen": "other council's budget, edit",
    "budgets:budget_changes": "other council's budget, members",
    "importing:start": "council import",
    "importing:template": "council import",
    "importing:preview": "council import",
    "reports:pdf": "plan",
    "reports:archive": "plan",
    "reports:detail": "report",
    "reports:add": "edit form",
    "reports:finalise": "confirmed action",
    "reports:new_version": "edit action",
    "plans:plan_quality": "secretariat page",
    "measures:status_round": "secretariat page",
    "measures:row": "secretariat page",
    "measures:edit": "edit form",
    "plans:goal_edit": "edit form",
    "plans:focus_area_edit": "edit form",
    "plans:plan_intro_edit": "edit form",
    "measures:add": "edit form",
    "plans:goal_add": "edit form",
    "plans:focus_area_add": "edit form",
    "plans:plan_renumber": "edit form",
    "measures:status": "edit action",
    "measures:archive": "asked action",
    "measures:restore": "edit action",
    "measures:move": "edit action",
    "plans:goal_move": "edit action",
    "plans:focus_area_move": "edit action",
    "measures:themes": "edit action",
    "counties:county_list": "public",
    "counties:county": "public",
    "counties:search": "public",
    "counties:theme": "public",
    "opendata:docs": "public",
    "opendata:index": "public",
    "opendata:openapi": "public",
    "opendata:counties": "public",
    "opendata:councils": "public",
    "opendata:council": "public",
    "opendata:plans": "public",
    "opendata:catalogue_ttl": "public",
    "opendata:catalogue_jsonld": "public",
    "opendata:council_feed": "public",
    "opendata:plan": "open data",
    "opendata:plan_measures": "open data",
    "opendata:plan_status_history": "open data",
    "opendata:plan_feed": "open data",
    # The municipalities' input round (rounds/): the council's work, a personal link to answer.
    "rounds:list": "members page",
    "rounds:results": "members page",
    "rounds:results_pdf": "members page",
    "rounds:open": "edit form",
    "rounds:detail": "secretariat page",
    "rounds:close": "round confirmed action",
    "rounds:letter": "edit form",
    "rounds:invitation_email": "edit action",
    "rounds:answer": "personal link",
    "revisions:list": "members page",
    "revisions:detail": "members page",
    "revisions:changes": "members page",
    "revisions:changes_pdf": "members page",
    "revisions:start": "edit action",
    "revisions:proposal_add": "edit form",
    "revisions:proposal_edit": "edit form",
    "revisions:proposal_withdraw": "edit action",
    "revisions:import_round": "edit action",
    "revisions:adopt": "edit form",
    "strategies:strategy": "plan",
    "strategies:financing_edit": "edit form",
    "strategies:plan_links": "edit form",
    # Responsible parties and status requests (owners/).
    "owners:parties": "public",
    "owners:party": "public",
    "owners:party_export": "public",
    "owners:party_add": "council secretariat form",
    "owners:party_edit": "council secretariat form",
    "owners:matching": "edit form",
    "owners:requests": "secretariat page",
    "owners:request_add": "edit form",
    "owners:request": "status request",
    "owners:request_close": "status request action",
    "owners:decide": "status request action",
    "owners:mail_resend": "status request action",
    "owners:answer": "personal link",
}
# allauth's pages (accounts/allauth_urls.py) and one's own account pages depend only on being
# signed in: (anonymous GET, anonymous POST, signed-in GET, signed-in POST). The demo users have
# no two-factor and signed in long ago (force_login), so two-factor pages answer 404 or send
# them to confirm their password first.
ACCOUNT = {
    "account_login": (200, 200, 302, 302),  # a POST gets the form again; signed in: onwards
    "account_logout": (302, 302, 200, 302),  # GET asks first
    "account_signup": (200, 200, 302, 302),  # "nobody signs up on their own"
    "account_inactive": (200, 405, 200, 405),
    "account_reset_password": (200, 200, 200, 200),
    "account_reset_password_done": (200, 405, 200, 405),
    "account_reset_password_from_key": (200, 200, 200, 200),  # "the link does not work"
    "account_reset_password_from_key_done": (200, 405, 200, 405),
    "account_confirm_email": (200, 404, 200, 404),  # an unknown key
    "account_email_verification_sent": (200, 405, 200, 405),
    "socialaccount_login_cancelled": (200, 405, 200, 405),
    "socialaccount_login_error": (401, 405, 401, 405),
    "openid_connect_login": (404, 404, 404, 404),  # no such provider
    "openid_connect_callback": (404, 404, 404, 404),
    "socialaccount_signup": (302, 302, 302, 302),  # only within a provider's sign-in
    "accounts:invitation": (404, 404, 404, 404),  # an unknown token
    "account_change_password": (302, 302, 200, 200),
    "account_set_password": (302, 302, 302, 302),  # they have a password: change it instead
    "account_email": (302, 302, 200, 302),
    "account_reauthenticate": (302, 302, 200, 200),
    "accounts:profile": (302, 405, 200, 405),
    "accounts:landing": (302, 405, 302, 405),  # the demo people are in one council each
    "mfa_index": (302, 302, 200, 405),
    "mfa_activate_totp": (302, 302, 302, 302),  # confirm the password first
    "mfa_authenticate": (302, 302, 302, 302),  # only within a sign-in
    "mfa_reauthenticate": (302, 302, 302, 302),
    "mfa_deactivate_totp": (302, 302, 404, 404),  # nothing to turn off
    "mfa_view_recovery_codes": (302, 302, 404, 405),
    "mfa_download_recovery_codes": (302, 302, 404, 404),
    "mfa_generate_recovery_codes": (302, 302, 302, 302),
    "socialaccount_connections": (302, 302, 200, 200),
}
for account_page in ACCOUNT:
    RULES.setdefault(account_page, "account")

# Third-party URLs with their own protection.
SKIPPED_PREFIXES = ("admin:", "set_language")

LOGIN = 302
# Budget buttons: POST only, and back to the budget.
BUDGET_ACTIONS = {
    "budgets:budget_finalise",
    "budgets:budget_reopen",
    "budgets:item_move",
    "budgets:item_archive",
    "budgets:item_restore",
}
# What a successful POST with an empty form answers: invalid form, or a redirect back.
EMPTY_POST = {
    "measures:status": 400,
    "measures:archive": 302,
    "measures:restore": 302,
    "measures:move": 302,
    "plans:goal_move": 302,
    "plans:focus_area_move": 302,
    "reports:finalise": 409,  # sak 03-26 is final already
    "reports:new_version": 302,
    "measures:themes": 302,  # no themes chosen: a valid answer, nothing to change
    "accounts:invite": 400,
    "accounts:member_role": 302,  # "choose a role", back to the list
    "accounts:invitation_withdraw": 404,  # no such invitation
    "accounts:invitation_resend": 404,
    "rounds:invitation_email": 302,  # an empty address: no mail, back to the round
    "revisions:start": 302,  # to the revision under way
    "revisions:import_round": 302,  # back to the draft, with what was added or why not
    "revisions:proposal_withdraw": 302,  # no version sent: back to the proposal, nothing done
}


def expected(name, role, method, published):
    rule = RULES[name]
    member = role in ("reader", "secretariat", "superuser")
    # A county's staff read the plans of councils that agreed to it, as members do, but see no
    # internal notes or draft budgets and edit nothing.
    can_see = published or member or role == "county reader, agreed"
    editor = role in ("secretariat", "superuser")
    hidden = 404  # what a plan one may not see answers
    if rule == "public":
        return 200 if method == "GET" else 405
    if rule == "personal link":  # an input round's link, signed: the matrix's token is no link
        return 404
    if rule == "open data":  # published data only, whoever asks
        if method != "GET":
            return 405
        return 200 if published else 404
    if rule in ("account", "own account"):
        answers = ACCOUNT[name]
        return answers[(role != "anonymous") * 2 + (method == "POST")]
    if rule == "superuser form":  # creating a council
        if role == "anonymous":
            return LOGIN
        if role != "superuser":
            return 403
        return 200 if method == "GET" else 400
    if rule.startswith("council secretariat"):  # Hallingdal's; councils are public, so 403
        if rule == "council secretariat page" and method != "GET":
            return 405
        if rule == "council secretariat action" and method == "GET":
            return 405
        if role == "anonymous":
            return LOGIN
        if not editor or role == "other secretariat":
            return 403
        if rule == "council secretariat action":
            return EMPTY_POST[name]
        if name == "accounts:member_remove":
            return 200 if method == "GET" else 302
        return 200 if method == "GET" else 400
    if rule == "other council's secretariat form":  # Lillehammer-regionen's
        if role == "anonymous":
            return LOGIN
        if role != "superuser":
            return 403
        return 200 if method == "GET" else 400
    if rule == "publish":
        if role == "anonymous":
            return LOGIN
        if not can_see:
            return hidden
        if not editor:
            return 403
        return 200 if method == "GET" else 302  # an empty form: "choose", back again
    # Lillehammer's 2026 budget, a draft: only the council's own people (none of the Hallingdal
    # roles) may see it, whether its plan is published or not (tests/test_budgets.py has the
    # public, finalised case).
    if rule == "other council's budget":
        if method != "GET":
            return 405
        return 200 if role == "superuser" else hidden
    if rule == "council import":  # Hallingdal's secretariat only; the upload id is unknown
        if name == "importing:template" and method == "POST":
            return 405
        if role == "anonymous":
            return LOGIN
        if not editor:
            return 403
        if name == "importing:preview":
            return 404
        return 200 if method == "GET" else 400
    if rule == "other council's budget, members":  # the audit trail: Lillehammer's own people
        if role == "anonymous":
            return LOGIN
        if method != "GET":
            return 405
        if role != "superuser":
            return hidden
        return 200
    if rule == "other council's budget, edit":  # Lillehammer's: only the superuser may edit
        if name == "budgets:item_row" and method == "POST":
            return 405
        if role == "anonymous":
            return LOGIN
        if name in BUDGET_ACTIONS and method == "GET":
            return 405
        if role != "superuser":
            return hidden
        if name in BUDGET_ACTIONS:
            return 302
        if name in ("budgets:item_edit", "budgets:item_add", "budgets:group_add"):
            return 200 if method == "GET" else 400  # an empty form is invalid
        return 200 if method == "GET" else 302  # an empty form: a draft with nothing carried
    if rule == "personal link":  # no account needed; an unknown token opens nothing
        return 404
    if rule.startswith("status request"):  # Hallingdal's secretariat; the request id is unknown
        if method == ("GET" if rule.endswith("action") else "POST"):
            return 405
        if role == "anonymous":
            return LOGIN
        if not can_see:
            return hidden
        return 404 if editor else 403
    if rule == "plan":
        if method != "GET":
            return 405
        return 200 if can_see else hidden
    if rule == "plan, prepared file":  # waiting for a plan's file; POST asks for it again
        if not can_see:
            return hidden
        return 200 if method == "GET" else 303  # See Other: back to the waiting page
    if rule == "report":  # readable like the plan; a POST edits a draft
        if not can_see:
            return hidden
        if method == "GET":
            return 200
        if role == "anonymous":
            return LOGIN
        return 409 if editor else 403  # sak 03-26 is final: it can no longer be changed
    if rule in ("secretariat page", "members page") and method != "GET":
        return 405
    if role == "anonymous":
        return LOGIN
    if rule == "members page":  # the council's own people, readers too; never county readers
        if not can_see:
            return hidden
        return 200 if member else 403
    if rule == "round confirmed action":  # GET asks first; POST closes the round, back to it
        if not can_see:
            return hidden
        if not editor:
            return 403
        return 200 if method == "GET" else 302
    if rule == "secretariat page":
        return 200 if editor else (403 if can_see else hidden)
    if rule == "members page":  # a revision: the council's own people, never a county's staff
        return 200 if member else (403 if can_see else hidden)
    if rule == "edit form":
        if not can_see:
            return hidden
        if not editor:
            return 403
        return 200 if method == "GET" else 400
    if rule == "confirmed action":  # GET asks first; sak 03-26 is final: back to it
        if not can_see:
            return hidden
        if not editor:
            return 403
        return 302 if method == "GET" else EMPTY_POST[name]
    if rule == "asked action":  # GET asks first (a page); the POST does it and goes back
        if not can_see:
            return hidden
        if not editor:
            return 403
        return 200 if method == "GET" else EMPTY_POST[name]
    if rule == "edit action":
        if method == "GET":
            return 405
        if not can_see:
            return hidden
        if not editor:
            return 403
        return EMPTY_POST[name]
    raise AssertionError(rule)


def buskerud_reader_with_hallingdal_sharing():
    """A reader on Buskerud's staff, and Hallingdal's decision to let its county read all its
    plans (the demo records no relation between them)."""
    buskerud = County.objects.get(slug="buskerud")
    # With a password, like the other demo users (allauth's account pages differ without one).
    user = get_user_model().objects.create_user("buskerud-fylke", password="demo")
    CountyMembership.objects.create(user=user, county=buskerud)
    CountyRelation.objects.create(
        council=Council.objects.get(slug="hallingdal"),
        county=buskerud,
        kind=CountyRelation.Kind.NOT_MEMBER,
        since=datetime.date(2026, 1, 1),
        shares_plans=True,
    )


def hallingdal_input_round():
    """An open input round on Hallingdal's Regionplan (the demo has none), made when a URL
    needs one."""
    plan = Plan.objects.get(council__slug="hallingdal", slug="regionplan")
    deadline = datetime.date.today() + datetime.timedelta(days=14)
    input_round = InputRound.objects.create(plan=plan, title="Innspel", deadline=deadline)
    for municipality in plan.council.municipalities.all():
        Invitation.objects.create(
            round=input_round,
            municipality=municipality,
            name=municipality.name,
            number=municipality.number,
        )
    return input_round.pk


def project_patterns(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from project_patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name, entry


def all_names():
    return sorted({name for name, _ in project_patterns() if not name.startswith(SKIPPED_PREFIXES)})


def test_every_url_has_a_rule():
    missing = [name for name in all_names() if name not in RULES]
    assert not missing, f"add a permission rule for: {missing}"


def hallingdal_revision(measure):
    """A draft revision of Hallingdal's plan with one proposal, for the revision URLs."""
    revision = Revision.objects.filter(plan__slug="regionplan", state="draft").first()
    if revision is None:
        plan = Plan.objects.get(council__slug="hallingdal", slug="regionplan")
        revision = Revision.objects.create(plan=plan, title=plan.title)
        Proposal.objects.create(
            revision=revision,
            kind="keep",
            level="measure",
            measure=measure,
            reason="Test",
            source="secretariat",
        )
    return revision


def url_for(name, pattern, measure):
    revision = hallingdal_revision(measure) if name.startswith("revisions:") else None
    args = {
        "council": "lillehammer-regionen" if name.startswith("budgets:") else "hallingdal",
        "year": 2026,
        "plan": "regionplan",
        "measure": measure.pk,
        "goal": measure.goal_id,
        "area": measure.goal.focus_area_id,
        "fmt": "xlsx",
        "item": "03-26",
        "kind": "line",
        "token": "6f1c9a52-4c4e-4d0e-9a53-2f3f4b5e6a7b",
        "pk": BudgetLine.objects.filter(title="Cyberland").values_list("pk", flat=True).first(),
        "county": "innlandet",
        "theme": "samferdsel",
        # People and access: the reader's membership; keys and invitations nobody has.
        "membership": Membership.objects.get(user__username="hallingdal-politikar").pk,
        "invitation": 999999,
        "key": "an-unknown-key",
        "uidb36": "1",
        "provider_id": "unknown",
        "round": hallingdal_input_round,
        # Gol's invitation in the round just made for "round" (the arguments go in URL order).
        "member": lambda: Invitation.objects.filter(name="Gol").latest("pk").pk,
        "revision": revision.pk if revision else None,
        "proposal": revision.proposals.get().pk if revision else None,
        # owners/: a demo party; requests, proposals and mails nobody has (tests/test_owners.py
        # checks real ones).
        "party": "gol",
        "request_id": 999999,
        "proposal_id": 999999,
        "mail_id": 999999,
    }
    names = pattern.pattern.converters or pattern.pattern.regex.groupindex
    kwargs = {key: args[key]() if callable(args[key]) else args[key] for key in names}
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("published", [True, False], ids=["published", "unpublished"])
@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("name", all_names())
def test_permission_matrix(client, login, measure, name, role, published):
    Plan.objects.update(published=published)
    if role == "county reader, agreed":
        buskerud_reader_with_hallingdal_sharing()
    if ROLES[role]:
        client = login(ROLES[role])
    pattern = dict(project_patterns())[name]
    url = url_for(name, pattern, measure)
    for method in ("GET", "POST"):
        response = getattr(client, method.lower())(url)
        want = expected(name, role, method, published)
        assert response.status_code == want, f"{method} {url} as {role}: {response.status_code}"
        if want == LOGIN and role == "anonymous" and RULES[name] != "account":
            assert response["Location"].startswith(reverse("account_login"))
