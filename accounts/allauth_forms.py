"""allauth's forms with our own labels (in our catalogues: allauth has no nynorsk), no
placeholders repeating the labels, and the error texts the adapters show.

Configured in settings (ACCOUNT_FORMS, MFA_FORMS); the error messages are the adapters'
(accounts/adapters.py).
"""

from allauth.account import forms as account
from allauth.mfa.base import forms as mfa
from allauth.mfa.recovery_codes import forms as recovery_codes
from allauth.mfa.totp import forms as totp
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

PASSWORD = _("Password")
NEW_PASSWORD = _("New password")
AGAIN = _("New password again")
CODE = _("Code from the app, or a recovery code")

# Raised inside allauth's forms; here so our catalogues carry them in nynorsk and bokmål.
gettext_noop("You must type the same password each time.")


class OurLabels:
    labels = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            if name in self.fields:
                self.fields[name].label = label
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class LoginForm(OurLabels, account.LoginForm):
    labels = {"login": _("Username or e-mail address"), "password": PASSWORD}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].help_text = ""


class ChangePasswordForm(OurLabels, account.ChangePasswordForm):
    labels = {"oldpassword": _("Current password"), "password1": NEW_PASSWORD, "password2": AGAIN}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].help_text = ""


class SetPasswordForm(OurLabels, account.SetPasswordForm):
    labels = {"password1": NEW_PASSWORD, "password2": AGAIN}


class ResetPasswordForm(OurLabels, account.ResetPasswordForm):
    labels = {"email": _("E-mail address")}


class ResetPasswordKeyForm(OurLabels, account.ResetPasswordKeyForm):
    labels = {"password1": NEW_PASSWORD, "password2": AGAIN}


class AddEmailForm(OurLabels, account.AddEmailForm):
    labels = {"email": _("E-mail address")}


class ReauthenticateForm(OurLabels, account.ReauthenticateForm):
    labels = {"password": PASSWORD}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class AuthenticateForm(OurLabels, mfa.AuthenticateForm):
    labels = {"code": CODE}


class MFAReauthenticateForm(OurLabels, mfa.ReauthenticateForm):
    labels = {"code": CODE}


class ActivateTOTPForm(OurLabels, totp.ActivateTOTPForm):
    labels = {"code": _("The six-digit code the app shows now")}


class DeactivateTOTPForm(OurLabels, totp.DeactivateTOTPForm):
    pass


class GenerateRecoveryCodesForm(OurLabels, recovery_codes.GenerateRecoveryCodesForm):
    pass
