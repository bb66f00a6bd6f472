"""Register an application by hand (papirskjema or a digital form read by the caseworker).

The form checks each field; the intake service validates the whole application again and saves it
in one transaction. Its errors (e.g. a child who already has an active application for the period)
are shown next to the field they concern.
"""
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views import View

from cases.forms import ApplicationForm, ChildFormSet, build_application_input, map_service_errors
from cases.forms.common import add_municipality_field, chosen_municipality
from cases.selectors import active_child_person_ids
from cases.services.intake import DUPLICATE_CHILD_MESSAGE, application_register

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
        taken = active_child_person_ids([c.person.person_id for c in data.children], data.service, data.period)
        for child_form in child_forms:
            if child_form.cleaned_data["person_id"] in taken:
                child_form.add_error("person_id", DUPLICATE_CHILD_MESSAGE.replace("Et av barna", "Barnet"))
        if taken:
            return self.render_page(request, form, formset, status=400)
        try:
            case = application_register(municipality=chosen_municipality(form, municipalities), data=data,
                                        user=request.user)
        except ValidationError as exc:
            map_service_errors(exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages},
                               form, formset, child_forms)
            return self.render_page(request, form, formset, status=400)
        messages.success(request, f"Søknaden er registrert som sak {case.saksnummer}. Inntekt hentes nå.")
        return redirect("cases:detail", pk=case.pk)
