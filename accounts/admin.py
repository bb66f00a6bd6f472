"""Admin for staff login. Identity providers are the operator's (superusers only). A kommune administrator
may pre-register login identities for users of their own kommune(s), for the providers serving them,
and set their kommune's login policy (require MFA); every choice is limited and validated on save."""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q

from accounts.models import IdentityProvider, MunicipalityLoginPolicy, StaffIdentity
from cases.constants import Role
from cases.models import Municipality, User
from cases.permissions import municipality_ids


def _admin_kommuner(request) -> list[int]:
    return municipality_ids(request.user, Role.ADMINISTRATOR)


class _KommuneAdminAccess(admin.ModelAdmin):
    """Superusers: everything. Staff with the administrator role: their own kommuner (get_queryset)."""

    def _allowed(self, request) -> bool:
        return request.user.is_active and (request.user.is_superuser
                                            or (request.user.is_staff and bool(_admin_kommuner(request))))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    has_add_permission = has_view_permission

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "issuer", "subject_claim", "require_mfa", "enabled"]
    filter_horizontal = ["municipalities"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission


class StaffIdentityForm(forms.ModelForm):
    issuer = forms.ChoiceField(label="identitetsleverandør")

    class Meta:
        model = StaffIdentity
        fields = ["user", "issuer", "subject"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        providers = IdentityProvider.objects.all()
        users = User.objects.all()
        if not request.user.is_superuser:
            kommuner = _admin_kommuner(request)
            providers = providers.filter(Q(municipalities__in=kommuner) | Q(municipalities__isnull=True)).distinct()
            users = users.filter(memberships__municipality__in=kommuner, is_superuser=False).distinct()
        self.fields["user"].queryset = users.order_by("username")
        self.fields["issuer"].choices = [(p.issuer, f"{p.name} ({p.issuer})") for p in providers]

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not self.fields["user"].queryset.filter(pk=user.pk).exists():
            raise ValidationError("Du kan bare registrere innlogging for brukere i din egen kommune.")
        return user


@admin.register(StaffIdentity)
class StaffIdentityAdmin(_KommuneAdminAccess):
    form = StaffIdentityForm
    list_display = ["user", "issuer", "subject", "last_login_at"]
    search_fields = ["user__username", "subject"]
    readonly_fields = ["last_login_at"]

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class BoundForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return BoundForm

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("user")
        if request.user.is_superuser:
            return qs
        return qs.filter(user__memberships__municipality__in=_admin_kommuner(request),
                         user__is_superuser=False).distinct()


@admin.register(MunicipalityLoginPolicy)
class MunicipalityLoginPolicyAdmin(_KommuneAdminAccess):
    list_display = ["municipality", "require_mfa"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(municipality__in=_admin_kommuner(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality" and not request.user.is_superuser:
            kwargs["queryset"] = Municipality.objects.filter(pk__in=_admin_kommuner(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class _OperatorOnly:
    """django-axes' own admin pages (lockouts, login log) are for the system administrator only: rights come
    from the role table in docs/security.md, never from Django model permissions a staff user was given."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self.has_module_permission(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request) and super().has_delete_permission(request, obj)


def _restrict_axes_admin() -> None:
    """Re-register axes' admins (registered before this app: INSTALLED_APPS order) behind ``_OperatorOnly``."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        if admin.site.is_registered(model):
            original = type(admin.site.get_model_admin(model))
            admin.site.unregister(model)
            admin.site.register(model, type(f"Operator{original.__name__}", (_OperatorOnly, original), {}))


_restrict_axes_admin()
