"""Admin for kommuner, their makspris zones, staff users and their roles (memberships).

A kommune administrator changes their own kommune's settings (not its identity numbers), creates staff
users in their own kommune and gives or takes roles there. They never see or set ``is_staff``,
``is_superuser``, groups or permissions, and never change a user who also works for another kommune.
"""
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from cases import models as m
from cases.constants import Role
from cases.permissions import user_is_managed_by, users_visible_to

from .scoping import (
    ADD,
    ALL,
    CHANGE,
    DELETE,
    NOTHING,
    READ_ONLY,
    VIEW,
    RoleScopedMixin,
    ScopedAdmin,
    ScopedTabularInline,
    administered_ids,
    is_system_admin,
)

# Fields only the system administrator sees or sets on a user.
PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def grant_admin_access(membership: m.Membership) -> None:
    """The administrator role needs ``is_staff`` to open the admin (scoped to that kommune)."""
    if membership.role == Role.ADMINISTRATOR and not membership.user.is_staff:
        m.User.objects.filter(pk=membership.user_id).update(is_staff=True)


class ZoneInline(ScopedTabularInline):
    model = m.MunicipalityZone
    extra = 0
    # The makspris zone follows SSB's classification and sets the price ceiling: the operator keeps it.
    superuser_actions = ALL
    kommune_admin_actions = READ_ONLY


@admin.register(m.Municipality)
class MunicipalityAdmin(ScopedAdmin):
    municipality_path = "pk"
    superuser_actions = ALL
    kommune_admin_actions = frozenset({VIEW, CHANGE})
    list_display = ["name", "kommunenummer", "organisasjonsnummer", "requires_four_eyes", "sibling_order"]
    search_fields = ["name", "kommunenummer", "organisasjonsnummer"]
    inlines = [ZoneInline]

    def get_readonly_fields(self, request, obj=None):
        if is_system_admin(request):
            return ()
        # The identity numbers route tax-data requests (the organisasjonsnummer picks the integration).
        return ("kommunenummer", "organisasjonsnummer")


class MembershipInline(ScopedTabularInline):
    model = m.Membership
    municipality_path = "municipality"  # a user's roles in other kommuner stay hidden
    extra = 0
    superuser_actions = ALL
    kommune_admin_actions = ALL

    def _user_editable(self, request, obj) -> bool:
        """On a user who also works elsewhere (read-only to this administrator) the roles are read-only too."""
        return obj is None or is_system_admin(request) or user_is_managed_by(obj, administered_ids(request))

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._user_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._user_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._user_editable(request, obj)


class KommuneUserCreationForm(AdminUserCreationForm):
    """A kommune administrator's new user always gets a role in one of their kommuner (in the same save)."""

    municipality = forms.ModelChoiceField(label="kommune", queryset=m.Municipality.objects.none())
    role = forms.ChoiceField(label="rolle", choices=Role.choices)


@admin.register(m.User)
class UserAdmin(RoleScopedMixin, BaseUserAdmin):
    superuser_actions = ALL
    kommune_admin_actions = frozenset({VIEW, ADD, CHANGE})  # leavers are deactivated, not deleted
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active"]
    kommune_fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personalia", {"fields": ("first_name", "last_name", "email")}),
        ("Status", {"fields": ("is_active",)}),
        ("Datoer", {"fields": ("last_login", "date_joined")}),
    )

    def scope(self, request, qs):
        return qs.filter(pk__in=users_visible_to(administered_ids(request)).values("pk"))

    def in_scope(self, request, obj) -> bool:
        if obj is None or is_system_admin(request):
            return True
        return obj.pk is not None and self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_list_filter(self, request):
        return ["is_staff", "is_superuser", "is_active"] if is_system_admin(request) else self.list_filter

    def get_list_display(self, request):
        if is_system_admin(request):
            return [*self.list_display, "is_staff", "is_superuser"]
        return self.list_display

    def has_view_permission(self, request, obj=None):
        return self._may(request, VIEW) and (obj is None or self.in_scope(request, obj))

    def has_change_permission(self, request, obj=None):
        if not self._may(request, CHANGE):
            return False
        if obj is None or is_system_admin(request):
            return True
        return self.in_scope(request, obj) and user_is_managed_by(obj, administered_ids(request))

    def has_delete_permission(self, request, obj=None):
        return self._may(request, DELETE)

    def get_fieldsets(self, request, obj=None):
        if is_system_admin(request):
            return super().get_fieldsets(request, obj)
        if obj is None:
            return ((None, {"fields": ("username", "usable_password", "password1", "password2",
                                       "municipality", "role")}),)
        return self.kommune_fieldsets

    def get_readonly_fields(self, request, obj=None):
        return () if is_system_admin(request) else ("last_login", "date_joined")

    def get_form(self, request, obj=None, **kwargs):
        # The kommune fieldsets (above) leave out PRIVILEGE_FIELDS, so the form has no such field at all.
        if obj is None and not is_system_admin(request):
            kwargs["form"] = KommuneUserCreationForm
        form = super().get_form(request, obj, **kwargs)
        if not is_system_admin(request) and set(PRIVILEGE_FIELDS) & set(form.base_fields):
            raise PermissionDenied  # a fieldset change must never hand these to a kommune administrator
        if obj is None and not is_system_admin(request):
            form.base_fields["municipality"].queryset = m.Municipality.objects.filter(
                pk__in=administered_ids(request)
            )
        return form

    def get_inline_instances(self, request, obj=None):
        return [] if obj is None else super().get_inline_instances(request, obj)

    def save_model(self, request, obj, form, change):
        if not is_system_admin(request):
            if change and not user_is_managed_by(obj, administered_ids(request)):
                raise PermissionDenied
            # Defence in depth: whatever was posted, the privilege fields keep their stored values.
            stored = m.User.objects.filter(pk=obj.pk).first() if obj.pk else None
            obj.is_superuser = stored.is_superuser if stored else False
            obj.is_staff = stored.is_staff if stored else False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and "municipality" in form.cleaned_data:
            municipality = form.cleaned_data["municipality"]
            if municipality.pk not in administered_ids(request):
                raise PermissionDenied
            membership = m.Membership.objects.create(
                user=form.instance, municipality=municipality, role=form.cleaned_data["role"]
            )
            grant_admin_access(membership)

    def save_formset(self, request, form, formset, change):
        """The membership inline: every new, changed or deleted row must be in the user's kommuner."""
        instances = formset.save(commit=False)
        for instance in [*instances, *formset.deleted_objects]:
            if not is_system_admin(request) and instance.municipality_id not in administered_ids(request):
                raise PermissionDenied
        for instance in formset.deleted_objects:
            instance.delete()
        for instance in instances:
            instance.save()
            grant_admin_access(instance)
        formset.save_m2m()


@admin.register(m.Membership)
class MembershipAdmin(ScopedAdmin):
    municipality_path = "municipality"
    superuser_actions = ALL
    kommune_admin_actions = ALL
    list_display = ["user", "municipality", "role"]
    list_filter = ["role", ("municipality", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        grant_admin_access(obj)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(RoleScopedMixin, admin.ModelAdmin):
    """Django's groups carry model permissions, which the role table does not use: operator only."""

    municipality_path = None
    superuser_actions = ALL
    kommune_admin_actions = NOTHING
    search_fields = ["name"]
    filter_horizontal = ["permissions"]
