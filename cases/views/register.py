"""Register an application by hand (papirskjema or a digital form read by the caseworker).

The form checks each field; the intake service validates the whole application again (including whether
a child already has an active application for the period) and saves it in one transaction. Its
``FieldErrors`` are shown next to the field their key names; a registration that loses a race is refused
the same way (the service translates the database constraint).
"""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.views import View

from cases.forms import ApplicationForm, ChildFormSet, build_application_input, map_service_errors
from cases.forms.common import add_municipality_field, chosen_municipality
from cases.services.intake import FieldErrors, application_register

from .common import WorkableMunicipalitiesMixin

CHILD_PREFIX = "barn"


class RegisterApplicationView(LoginRequiredMixin, WorkableMunicipalitiesMixin, View):
    template_name = "cases/new.html"

    def render_page(self, request, form, formset, status=200):
        return render(request, self.template_name, {"form": form, "formset": formset}, status=status)

    def get(self, request):
        form = ApplicationForm()
        add_municipality_field(form, self.municipalities(request))
        return self.render_page(request, form, ChildFormSet(prefix=CHILD_PREFIX))

    def post(self, request):
        municipalities = self.municipalities(request)
        form = ApplicationForm(request.POST)
        add_municipality_field(form, municipalities)
        form_ok = form.is_valid()
        formset = ChildFormSet(request.POST, prefix=CHILD_PREFIX, service=form.cleaned_data.get("service"))
        if not (formset.is_valid() and form_ok):
            return self.render_page(request, form, formset, status=400)
        child_forms = formset.filled_forms()
        data = build_application_input(form, child_forms)
        try:
            case = application_register(municipality=chosen_municipality(form, municipalities), data=data,
                                        actor=request.user)
        except FieldErrors as exc:
            map_service_errors(exc, form, formset, child_forms)
            return self.render_page(request, form, formset, status=400)
        messages.success(request, f"Søknaden er registrert som sak {case.saksnummer}. Inntekt hentes nå.")
        return redirect("cases:detail", pk=case.pk)
