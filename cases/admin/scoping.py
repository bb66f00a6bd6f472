"""The role table of docs/security.md, enforced for every admin class of the project.

Who may do what in the Django admin is decided here, by role, and never by Django's model permissions:

- **system administrator** (``is_superuser``, the vendor's operator): the actions in ``superuser_actions``;
- **kommune administrator** (``is_staff`` and the ``administrator`` role in one or more kommuner): the
  actions in ``kommune_admin_actions``, on rows of those kommuner only;
- everyone else (saksbehandler, godkjenner, a staff user without the administrator role): nothing.

So a kommune administrator needs no per-model permission, and a permission given by mistake (or by an
attacker with the user admin) opens nothing. Every foreign-key and many-to-many choice in every form
is limited to what the related model's admin shows this user, which is also the validation on save:
a posted id outside that set is a form error ("Velg et gyldig valg") and nothing is saved. As a last
guard, ``save_model``/``save_formset`` refuse an object outside the user's kommuner.

``municipality_path`` is the lookup from the model to its kommune (``None``: a global table, the same
for every kommune). A model whose scope is not a plain path (users, persons) overrides ``scope``.
"""
from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied

from cases.permissions import administered_municipality_ids

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = frozenset({VIEW, ADD, CHANGE, DELETE})
READ_ONLY = frozenset({VIEW})
NOTHING = frozenset()


def administered_ids(request) -> list[int]:
    """The kommuner the request's user administers (cached on the request)."""
    if not hasattr(request, "_administered_ids"):
        request._administered_ids = administered_municipality_ids(request.user)
    return request._administered_ids


def is_system_admin(request) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.is_superuser)


def may(request, action: str, *, superuser_actions, kommune_admin_actions) -> bool:
    """The role table's answer for one action (no object): see the module docstring."""
    if is_system_admin(request):
        return action in superuser_actions
    return bool(administered_ids(request)) and action in kommune_admin_actions


def _value_at(obj, path: str):
    """``obj`` followed along a ``__`` lookup path to the related id (``case__municipality`` → id)."""
    *parents, last = path.split("__")
    for name in parents:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    if last == "pk":
        return obj.pk
    return getattr(obj, f"{last}_id", None) if hasattr(obj, f"{last}_id") else getattr(obj, last, None)


class RoleScopedMixin:
    """Mixed into ModelAdmin and InlineModelAdmin: permissions by role, rows and choices by kommune."""

    municipality_path: str | None = "municipality"
    superuser_actions: frozenset = ALL
    kommune_admin_actions: frozenset = READ_ONLY

    # --- rows ----------------------------------------------------------------------------------
    def scope(self, request, qs):
        """Rows a kommune administrator may see (superusers see every row)."""
        if self.municipality_path is None:
            return qs
        return qs.filter(**{f"{self.municipality_path}__in": administered_ids(request)})

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if is_system_admin(request):
            return qs
        if not administered_ids(request):
            return qs.none()
        return self.scope(request, qs)

    def in_scope(self, request, obj) -> bool:
        """Is ``obj`` in the user's kommuner, as stored and (for a form being saved) as changed?"""
        if obj is None or is_system_admin(request) or self.municipality_path is None:
            return True
        if obj.pk is not None and not self.get_queryset(request).filter(pk=obj.pk).exists():
            return False
        return _value_at(obj, self.municipality_path) in administered_ids(request)

    # --- permissions (the role table) ------------------------------------------------------------
    def _may(self, request, action: str) -> bool:
        return may(request, action, superuser_actions=self.superuser_actions,
                   kommune_admin_actions=self.kommune_admin_actions)

    def has_module_permission(self, request):
        return self._may(request, VIEW) or self._may(request, CHANGE)

    def has_view_permission(self, request, obj=None):
        return self._may(request, VIEW) or self.has_change_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._may(request, ADD)

    def has_change_permission(self, request, obj=None):
        return self._may(request, CHANGE)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, DELETE)

    # --- filters in the URL ------------------------------------------------------------------------
    def lookup_allowed(self, lookup, value, request=None):
        """No filter on a fødselsnummer: ``?person_id__startswith=0101`` would reveal it digit by digit
        (and put it in a URL). Refused lookups answer 400 (DisallowedModelAdminLookup)."""
        if "person_id" in lookup.split("__"):
            return False
        return super().lookup_allowed(lookup, value, request)

    # --- choices ---------------------------------------------------------------------------------
    def _limit(self, db_field, request, kwargs):
        if is_system_admin(request) or "queryset" in kwargs:
            return
        related = self.admin_site._registry.get(db_field.remote_field.model)
        if related is None:
            kwargs["queryset"] = db_field.remote_field.model._default_manager.none()
        else:
            kwargs["queryset"] = related.get_queryset(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdmin(RoleScopedMixin, admin.ModelAdmin):
    """A ModelAdmin under the role table. Set ``municipality_path`` and the two action sets."""

    def has_change_permission(self, request, obj=None):
        return self._may(request, CHANGE) and (obj is None or self.in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        return self._may(request, DELETE) and (obj is None or self.in_scope(request, obj))

    def has_view_permission(self, request, obj=None):
        allowed = self._may(request, VIEW) or self._may(request, CHANGE)
        return allowed and (obj is None or self.in_scope(request, obj))

    def save_model(self, request, obj, form, change):
        if not self.in_scope(request, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        inline = getattr(formset, "scoped_inline", None)
        instances = formset.save(commit=False)
        if inline is not None:
            for instance in instances:
                if not inline.in_scope(request, instance):
                    raise PermissionDenied
        for instance in formset.deleted_objects:
            if inline is not None and not inline.in_scope(request, instance):
                raise PermissionDenied
            instance.delete()
        for instance in instances:
            instance.save()
        formset.save_m2m()

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if isinstance(inline, RoleScopedMixin):
                formset.scoped_inline = inline
            yield formset, inline


class ReadOnlyAdmin(ScopedAdmin):
    """Rows the workflow writes (intake, proposal, approval, fetch): shown, never added, changed or deleted
    in the admin, by anyone. The admin is not a second way around the workflow's rules."""

    superuser_actions = READ_ONLY
    kommune_admin_actions = READ_ONLY
    actions = None


class GlobalTableAdmin(ScopedAdmin):
    """A table shared by every kommune: only the system administrator changes it; kommune admins read it."""

    municipality_path = None
    superuser_actions = ALL
    kommune_admin_actions = READ_ONLY


class ScopedInline(RoleScopedMixin):
    """Base for inlines: the same role table; rows are those of the parent (already scoped) and, with a
    ``municipality_path``, of the user's kommuner (a user's memberships elsewhere stay hidden)."""

    municipality_path = None


class ScopedTabularInline(ScopedInline, admin.TabularInline):
    pass


class ReadOnlyTabularInline(ScopedTabularInline):
    superuser_actions = READ_ONLY
    kommune_admin_actions = READ_ONLY
    extra = 0
    can_delete = False
