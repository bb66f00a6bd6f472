"""The password login form: Norwegian messages, and the production rule that password login is for the
break-glass system administrator only while an identity provider is in use (settings.PASSWORD_LOGIN)."""
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.labels import REFUSAL_TEXT
from accounts.policy import Refusal, password_login_allowed


class StaffAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Feil brukernavn eller passord. Prøv igjen.",
        "inactive": "Brukeren er deaktivert.",
        Refusal.PASSWORD_LOGIN_NOT_ALLOWED.value: REFUSAL_TEXT[Refusal.PASSWORD_LOGIN_NOT_ALLOWED],
    }

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if not password_login_allowed(user):
            code = Refusal.PASSWORD_LOGIN_NOT_ALLOWED.value
            raise forms.ValidationError(self.error_messages[code], code=code)
