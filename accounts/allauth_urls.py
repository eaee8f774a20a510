"""allauth's pages at Norwegian addresses, under allauth's own URL names (which its code reverses).

Only what Regionplan uses: no sign-up of one's own (invitations do that), no login by mailed
code, no passkeys. tests/test_accounts.py checks that every name allauth reverses is here.
"""

from allauth.account import views as account
from allauth.mfa.base import views as mfa
from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from allauth.socialaccount import views as social
from django.urls import path, re_path

from . import oidc
from .two_factor import password_first

urlpatterns = [
    path("logg-inn/", account.login, name="account_login"),
    path("logg-ut/", account.logout, name="account_logout"),
    path("konto/inaktiv/", account.account_inactive, name="account_inactive"),
    path("konto/registrer/", account.signup, name="account_signup"),
    path("konto/stadfest/", account.reauthenticate, name="account_reauthenticate"),
    path("konto/e-post/", account.email, name="account_email"),
    path(
        "konto/e-post/stadfest/",
        account.email_verification_sent,
        name="account_email_verification_sent",
    ),
    re_path(
        r"^konto/e-post/stadfest/(?P<key>[-:\w]+)/$",
        account.confirm_email,
        name="account_confirm_email",
    ),
    path("konto/passord/", account.password_change, name="account_change_password"),
    path("konto/passord/nytt/", account.password_set, name="account_set_password"),
    path("konto/passord/nullstill/", account.password_reset, name="account_reset_password"),
    path(
        "konto/passord/nullstill/sendt/",
        account.password_reset_done,
        name="account_reset_password_done",
    ),
    path(
        "konto/passord/nullstill/ferdig/",
        account.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    re_path(
        r"^konto/passord/nullstill/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path("konto/tofaktor/", mfa.index, name="mfa_index"),
    path("konto/tofaktor/kode/", mfa.authenticate, name="mfa_authenticate"),
    path("konto/tofaktor/stadfest/", mfa.reauthenticate, name="mfa_reauthenticate"),
    path("konto/tofaktor/app/", password_first(totp.activate_totp), name="mfa_activate_totp"),
    path("konto/tofaktor/app/slaa-av/", totp.deactivate_totp, name="mfa_deactivate_totp"),
    path(
        "konto/tofaktor/reservekodar/",
        recovery_codes.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path(
        "konto/tofaktor/reservekodar/nye/",
        recovery_codes.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "konto/tofaktor/reservekodar/last-ned/",
        recovery_codes.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
    path("konto/identitetar/", social.connections, name="socialaccount_connections"),
    path("konto/identitet/avbrote/", social.login_cancelled, name="socialaccount_login_cancelled"),
    path("konto/identitet/feil/", social.login_error, name="socialaccount_login_error"),
    path("konto/identitet/registrer/", social.signup, name="socialaccount_signup"),
    # The redirect URI to register at the provider: https://<host>/konto/oidc/<name>/login/callback/
    path("konto/oidc/<str:provider_id>/login/", oidc.login, name="openid_connect_login"),
    path(
        "konto/oidc/<str:provider_id>/login/callback/",
        oidc.callback,
        name="openid_connect_callback",
    ),
]
