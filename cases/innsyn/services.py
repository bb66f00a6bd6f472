"""Collect everything stored about one person in one kommune, for an innsyn under GDPR art. 15.

What is included (docs/innsyn.md): the person's own row; the households the person is søker or
ektefelle/partner/samboer in; the applications of those households and the ones the person is a child
on, with the child places; the cases of those applications with their history, the vedtak (fees,
calculation and the basis the parties received), the person's own tax data (fetched summert
skattegrunnlag, with the raw answer) and documented income; and the audit log of those cases — every
fetch and view of the tax data, every download and approval, by whom, when and why.

Never included: another kommune's rows (every query is bounded by the kommune), and another adult's
own tax-data rows (the other adult has their own right of access).
"""
import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from cases.identity import mask
from cases.models import (
    Application,
    AuditEvent,
    Case,
    Child,
    Decision,
    DocumentedIncome,
    Household,
    Municipality,
    Person,
    TaxBasis,
)
from cases.services import audit


@dataclass
class InnsynExport:
    found: bool
    data: dict


def _iso(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _name(user) -> str:
    if user is None:
        return "Systemet (bakgrunnsjobb)"
    return user.get_full_name() or user.get_username()


def collect(*, municipality: Municipality, person_id: str) -> InnsynExport:
    """Everything stored about the person with ``person_id`` in ``municipality`` (``found`` False when nothing)."""
    person = Person.objects.filter(person_id=person_id).first()
    if person is None:
        return InnsynExport(found=False, data={})
    households = list(Household.objects.filter(municipality=municipality)
                      .filter(Q(applicant=person) | Q(partner=person)))
    applications = list(Application.objects.filter(municipality=municipality)
                        .filter(Q(household__in=households) | Q(children__person=person)).distinct()
                        .select_related("household").order_by("received_date", "pk"))
    if not households and not applications:
        return InnsynExport(found=False, data={})
    children = list(Child.objects.filter(application__in=applications).order_by("application_id", "pk"))
    cases = list(Case.objects.filter(municipality=municipality, application__in=applications)
                 .select_related("application").prefetch_related("transitions__actor").order_by("pk"))
    decisions = list(Decision.objects.filter(case__in=cases).select_related("proposed_by", "approved_by", "case")
                     .prefetch_related("child_fees__child").order_by("case_id", "proposed_at"))
    tax = list(TaxBasis.objects.filter(case__in=cases, person=person).select_related("case").order_by("pk"))
    documented = list(DocumentedIncome.objects.filter(case__in=cases, person=person)
                      .select_related("case", "registered_by"))
    events = list(AuditEvent.objects.filter(municipality=municipality, case__in=cases)
                  .select_related("actor", "case").order_by("at", "pk"))
    saksnummer = {c.pk: c.saksnummer for c in cases}
    # Names live on each application (the shared Person row holds none): every name the kommune was given.
    names = sorted({h.name_of(person.pk) for h in households} |
                   {f"{ch.given_name} {ch.family_name}" for ch in children if ch.person_id == person.pk})
    data = {
        "innsyn": {"legal_basis": "personvernforordningen (GDPR) artikkel 15",
                   "municipality": {"name": municipality.name, "kommunenummer": municipality.kommunenummer,
                                    "organisasjonsnummer": municipality.organisasjonsnummer},
                   "generated_at": _iso(timezone.now())},
        "person": {"person_id": person.person_id, "birth_date": _iso(person.birth_date), "names": names},
        "households": [{
            "role": "søker" if h.applicant_id == person.pk else h.get_partner_relation_display(),
            "applicant": h.applicant_name, "partner": h.partner_name or None,
            "partner_relation": h.get_partner_relation_display(), "address": h.address, "email": h.email,
            "registered": _iso(h.created_at)} for h in households],
        "applications": [{
            "saksnummer": next((c.saksnummer for c in cases if c.application_id == a.pk), None),
            "service": a.get_service_display(), "period": a.period, "period_start": _iso(a.period_start),
            "period_end": _iso(a.period_end), "received": _iso(a.received_date), "channel": a.get_channel_display(),
            "children": [{"name": f"{ch.given_name} {ch.family_name}", "is_this_person": ch.person_id == person.pk,
                          "institution": ch.institution, "weekly_hours": str(ch.weekly_hours),
                          "monthly_price": str(ch.monthly_price), "sfo_trinn": ch.sfo_trinn}
                         for ch in children if ch.application_id == a.pk]} for a in applications],
        "cases": [{
            "saksnummer": c.saksnummer, "status": c.get_status_display(), "status_reason": c.status_reason,
            "registered": _iso(c.created_at),
            "history": [{"at": _iso(t.at), "from": t.get_from_status_display(), "to": t.get_to_status_display(),
                         "by": _name(t.actor), "reason": t.reason} for t in c.transitions.all()]} for c in cases],
        "decisions": [{
            "saksnummer": d.case.saksnummer, "status": d.get_status_display(), "valid_from": _iso(d.valid_from),
            "valid_to": _iso(d.valid_to), "household_income": d.household_income,
            "total_monthly_fee": d.total_monthly_fee, "proposed_by": _name(d.proposed_by),
            "proposed_at": _iso(d.proposed_at), "approved_by": _name(d.approved_by) if d.approved_by else None,
            "approved_at": _iso(d.approved_at), "sent_at": _iso(d.sent_at), "delivery_channel": d.delivery_channel,
            "child_fees": [{"child": f"{f.child.given_name} {f.child.family_name}", "monthly_fee": f.monthly_fee,
                            "free_core_hours": f.free_core_hours} for f in d.child_fees.all()],
            "warnings": d.warnings, "basis": d.inputs, "calculation": d.calculation} for d in decisions],
        "tax_data": [{
            "saksnummer": t.case.saksnummer, "income_year": t.income_year, "stadie": t.stadie,
            "status": t.get_status_display(), "outcome": t.get_outcome_display() if t.outcome else "",
            "personinntekt": t.personinntekt, "kapitalinntekt": t.kapitalinntekt,
            "counted_income": t.counted_income, "items": t.items, "unknown_items": t.unknown_items,
            "fetched_at": _iso(t.fetched_at), "skatteoppgjoersdato": _iso(t.skatteoppgjoersdato),
            "answer_from_skatteetaten": t.raw} for t in tax],
        "documented_income": [{
            "saksnummer": d.case.saksnummer, "yearly_income": d.yearly_income, "reason": d.reason,
            "documents": d.documents, "registered_by": _name(d.registered_by),
            "registered_at": _iso(d.registered_at)} for d in documented],
        "audit_log": [{
            "at": _iso(e.at), "saksnummer": saksnummer.get(e.case_id), "action": e.action,
            "action_label": e.get_action_display(), "by": _name(e.actor), "why": e.detail} for e in events],
    }
    return InnsynExport(found=True, data=data)


def innsyn_export_record(*, actor, municipality: Municipality, person_id: str, fmt: str, found: bool) -> None:
    """The export is itself audited (the fødselsnummer masked)."""
    outcome = "" if found else ", ingen opplysninger funnet"
    audit.audit_record(action="export", actor=actor, municipality=municipality,
                 detail=f"Innsyn (GDPR art. 15) for {mask(person_id)} som {fmt.upper()}{outcome}")
