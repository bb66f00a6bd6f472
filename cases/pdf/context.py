"""The vedtak's template context: ``LetterData`` (structure) → sentences in the kommune's målform.

Every word comes from the målform's table (``cases.pdf.texts``), keyed on the rules engine's enums
(``RuleId``, ``ReasonCode``, ``Outcome``); nothing here reads the engine's prose notes. Amounts are
whole kroner (cut, never rounded up); the exact decimals stay in the case's calculation view.
"""
from decimal import Decimal

from cases.rules.outcome import Outcome, ReasonCode, RuleId

from . import legal
from .formatting import kr, long_date, number, short_date
from .letter_data import APPLICANT, LetterData
from .texts import Texts, letter_title, texts_for

HUNDRED = Decimal(100)
OUTCOME_KEYS = {Outcome.INNVILGET: "innvilget", Outcome.DELVIS: "delvis", Outcome.AVSLAG: "avslag"}
STEP_KEYS = {rule: f"step_{rule.value}" for rule in RuleId}
SAYS_PERCENT = {RuleId.SFO_SIBLING_DISCOUNT}


def full_period(period: str) -> str:
    """``2026/27`` → ``2026/2027``."""
    if len(period) == 7 and period[4] == "/":
        return f"{period[:4]}/{period[:2]}{period[5:]}"
    return period


class Parameters:
    """The parameter rows a decision used, by key and qualifier, in date order."""

    def __init__(self, rows):
        self.rows = sorted(rows, key=lambda row: row.valid_from)

    def all(self, key: str, qualifier: str | None = None) -> list:
        return [r for r in self.rows if r.key == key and (qualifier is None or r.qualifier == qualifier)]

    def first(self, key: str, qualifier: str | None = None) -> Decimal | None:
        rows = self.all(key, qualifier)
        return rows[0].value if rows else None


def _pct(value) -> str:
    return number(value) if value is not None else "–"


def _merged_segments(child_outcome) -> list:
    """The child's segments, adjacent ones with the same fee joined (a family sees price changes)."""
    groups: list[list] = []
    for segment in child_outcome.segments:
        if groups and groups[-1][-1].monthly_fee == segment.monthly_fee:
            groups[-1].append(segment)
        else:
            groups.append([segment])
    return groups


def _values(rule, granted, place, letter: LetterData, params: Parameters) -> dict:
    """The figures a sentence about ``rule`` may name, from the ``Granted`` record and the parameters."""
    qualifier = "sfo" if letter.service == "sfo" else ""
    values = {"name": place.name}
    if rule == RuleId.INCOME_CAP_6_PERCENT:
        values.update(percent=_pct(params.first("income_cap_percent", qualifier)),
                      months=_pct(params.first("payment_months", qualifier)))
    elif rule in (RuleId.SIBLING_DISCOUNT, RuleId.SFO_SIBLING_DISCOUNT):
        percent = granted.percent if granted.percent is not None else _discount(granted)
        values.update(percent=_pct(percent), rank=granted.child_number,
                      free_place=percent is not None and percent >= HUNDRED)
    elif rule in (RuleId.FREE_CORE_HOURS, RuleId.FREE_SFO_HOURS):
        free, hours = _hours(granted, place, letter, params)
        values.update(free=_pct(free), hours=_pct(hours))
    return values


def _rule_key(kind: str, rule, values: dict, service: str) -> str:
    """``granted_<rule>`` / ``explain_<rule>``, with the variants a sentence needs."""
    if rule == RuleId.PRICE_OF_PLACE:
        return f"{kind}_price_of_place_{'sfo' if service == 'sfo' else 'barnehage'}"
    if rule == RuleId.SIBLING_DISCOUNT and values.get("rank") is None:  # stored before the outcome had it
        return f"{kind}_sibling_discount_plain"
    if rule == RuleId.SIBLING_DISCOUNT and kind == "granted" and values.get("free_place"):
        return "granted_sibling_free"
    return f"{kind}_{rule.value}"


def _rule_sentence(t: Texts, kind: str, rule, granted, place, letter: LetterData, params: Parameters) -> str:
    """What a granted reduction gives (``kind="granted"``) or how a step is computed (``"explain"``);
    empty for a rule the table has no sentence for."""
    values = _values(rule, granted, place, letter, params)
    key = _rule_key(kind, rule, values, letter.service)
    return t.fill(key, **values) if key in t else ""


def _hours(granted, place, letter: LetterData, params: Parameters) -> tuple:
    """(free hours, weekly hours counted) of a free-hours reduction; from the parameters and the place
    for a decision stored before the outcome carried them."""
    free, hours = granted.free_hours, granted.of_hours
    if free is None and granted.rule == RuleId.FREE_CORE_HOURS:
        free = params.first("kjernetid_free_hours")
    if free is None and granted.rule == RuleId.FREE_SFO_HOURS and place.trinn:
        free = params.first("sfo_free_hours", str(place.trinn))
    if hours is None and place.weekly_hours is not None:
        hours = place.weekly_hours
        if granted.rule == RuleId.FREE_CORE_HOURS and letter.full_time_hours:
            hours = min(hours, letter.full_time_hours)
    return free, hours


def _discount(granted) -> Decimal | None:
    if not granted.amount_before:
        return None
    return (1 - granted.amount_after / granted.amount_before) * HUNDRED


def _refused_line(t: Texts, refused, place, letter: LetterData, params: Parameters) -> str | None:
    if refused.reason == ReasonCode.INCOME_NOT_BELOW_CAP:
        qualifier = "sfo" if letter.service == "sfo" else ""
        return t.fill("refused_income_cap_6_percent", percent=_pct(params.first("income_cap_percent", qualifier)),
                      cap=kr(refused.limit))
    if refused.reason == ReasonCode.INCOME_NOT_BELOW_LIMIT:
        limit = refused.limit if refused.limit is not None else params.first("kjernetid_income_limit")
        return t.fill("refused_free_core_hours", income=kr(letter.household_income), limit=kr(limit))
    if refused.reason == ReasonCode.TRINN_NOT_COVERED:
        return t.fill("refused_income_cap_trinn", trinn=place.trinn or "–")
    return None


def _calculation(t: Texts, segment, place, letter: LetterData, params: Parameters) -> list[dict]:
    """The steps of one segment, each with the price after it (whole kroner)."""
    first_price = segment.granted[0].amount_before if segment.granted else place.price
    if first_price is None:
        first_price = segment.monthly_fee
    rows = [{"label": t["step_price_of_place"], "after": kr(first_price),
             "explanation": _rule_sentence(t, "explain", RuleId.PRICE_OF_PLACE, None, place, letter, params)}]
    for granted in segment.granted:
        rows.append({"label": t[STEP_KEYS.get(granted.rule, "step_other")], "after": kr(granted.amount_after),
                     "explanation": _rule_sentence(t, "explain", granted.rule, granted, place, letter, params)})
    return rows


def _child(t: Texts, place, child_outcome, letter: LetterData, params: Parameters) -> dict:
    groups = _merged_segments(child_outcome) if child_outcome else []
    fee_rows = [{"from": short_date(g[0].valid_from), "price": kr(g[0].monthly_fee)} for g in groups]
    granted = [line for g in (child_outcome.granted if child_outcome else ())
               if (line := _rule_sentence(t, "granted", g.rule, g, place, letter, params))]
    refused = [line for r in (child_outcome.refused if child_outcome else ()) if r.refuses
               if (line := _refused_line(t, r, place, letter, params))]
    info = [t.fill("not_yet_free_core_hours", name=place.name, date=short_date(r.applies_from))
            for r in (child_outcome.refused if child_outcome else ())
            if r.reason == ReasonCode.NOT_YET_ELIGIBLE_AGE and r.applies_from and r.applies_from <= letter.valid_to]
    outcome = child_outcome.outcome if child_outcome else Outcome.AVSLAG
    zero = bool(groups) and all(s.monthly_fee == 0 for g in groups for s in g)
    if zero and not any(g.rule == RuleId.FREE_PLACE_TILTAKSSONE for g in child_outcome.granted) and not any(
            g.rule == RuleId.SIBLING_DISCOUNT for g in child_outcome.granted):
        granted.append(t["granted_free_place"])
    place_key = "child_place_sfo" if letter.service == "sfo" and place.trinn else "child_place_barnehage"
    calculations = []
    for group in groups:
        calculations.append({
            "from": t.fill("calc_from", date=short_date(group[0].valid_from)),
            "steps": _calculation(t, group[0], place, letter, params),
            "new_price": t.fill("new_price", name=place.name, amount=kr(group[0].monthly_fee)),
        })
    return {
        "heading": t.fill("child_heading", name=place.name, birth_date=short_date(place.birth_date))
        if place.birth_date else place.name,
        "place": t.fill(place_key, institution=place.institution, trinn=place.trinn or "",
                        hours=number(place.weekly_hours)),
        "ordinary_price": t.fill("ordinary_price", price=kr(place.price)) if place.price is not None else "",
        "fees": fee_rows,
        "outcome": t.fill("child_outcome", name=place.name, outcome=t[f"outcome_word_{OUTCOME_KEYS[outcome]}"]),
        "granted": granted,
        "refused": refused,
        "refused_heading": t.fill("refused_heading", name=place.name),
        "info": info,
        "calculations": calculations,
        "several_periods": len(calculations) > 1,
    }


def _totals(letter: LetterData) -> list[dict]:
    """The household's total per month from each date a child's fee changes (several children only)."""
    outcome = letter.outcome
    if len(outcome.children) < 2:
        return []
    rows, last = [], None
    for day in outcome.change_dates:
        fees = [child.fee_on(day) for child in outcome.children]
        total = sum(fee for fee in fees if fee is not None)
        if total != last:
            rows.append({"from": short_date(day), "price": kr(total)})
            last = total
    return rows


def _source(t: Texts, adult) -> str:
    if adult.documented:
        return t["source_documented"]
    stadie = t[f"stadie_{adult.stadie}"] if adult.stadie in ("oppgjoer", "fastsatt", "utkast") else t["stadie_other"]
    if adult.fetched_at:
        return t.fill("source_tax", stadie=stadie, year=adult.income_year or "–", fetched=short_date(adult.fetched_at))
    return t.fill("source_tax_no_date", stadie=stadie, year=adult.income_year or "–")


def _household(t: Texts, letter: LetterData) -> dict:
    role_word = {APPLICANT: t["applicant"]}
    income_rows = [{
        "name": adult.name,
        "personinntekt": "–" if adult.documented else kr(adult.personinntekt),
        "kapitalinntekt": "–" if adult.documented else kr(adult.kapitalinntekt),
        "counted": kr(adult.counted),
        "source": _source(t, adult),
        "role": role_word.get(adult.role, ""),
    } for adult in letter.adults]
    if letter.partner:
        relation = letter.partner_relation if letter.partner_relation in (
            "ektefelle", "registrert_partner", "samboer") else "samboer"
        text = t.fill("household_two", applicant=letter.applicant, partner=letter.partner,
                      reason=t[f"reason_{relation}"])
    else:
        text = t.fill("household_one", applicant=letter.applicant)
    documented = []
    for adult in letter.adults:
        if adult.documented:
            documented.append({
                "person": t.fill("assessment_person", name=adult.name, amount=kr(adult.counted)),
                "documents": t.fill("assessment_documents", documents=adult.documents) if adult.documents else "",
                "reason": t.fill("assessment_reason", reason=adult.reason) if adult.reason else "",
            })
    return {"text": text, "income_rows": income_rows, "documented": documented}


def _summary(t: Texts, letter: LetterData, params: Parameters) -> list[tuple[str, str]]:
    """Household-level figures behind the steps, whole kroner; a parameter that changes gets a row per date."""
    income = letter.household_income
    rows = [(t["calc_income"], kr(income))]
    sfo = letter.service == "sfo"
    if not sfo:
        makspris = params.all("makspris", letter.zone) if letter.zone else params.all("makspris")
        for position, row in enumerate(makspris):
            label = t["calc_makspris"]
            if position:
                label = f"{label} ({t.fill('calc_from', date=short_date(row.valid_from)).lower()})"
            rows.append((label, kr(row.value)))
    qualifier = "sfo" if sfo else ""
    share, months = params.first("income_cap_percent", qualifier), params.first("payment_months", qualifier)
    if income is not None and share is not None and months:
        yearly = income * share / HUNDRED
        rows.append((t.fill("calc_cap_year", percent=number(share)), kr(yearly)))
        rows.append((t.fill("calc_cap_month", months=number(months)), kr(yearly / months)))
    if not sfo:
        for position, row in enumerate(params.all("kjernetid_income_limit")):
            label = t["calc_kjernetid_limit"]
            if position:
                label = f"{label} ({t.fill('calc_from', date=short_date(row.valid_from)).lower()})"
            rows.append((label, kr(row.value)))
    return rows


def _change(t: Texts, letter: LetterData) -> dict | None:
    """The change section of an endringsvedtak: why, from when, and per child the price before and from the
    date (``None`` for a vedtak that replaces nothing)."""
    change = letter.change
    if change is None:
        return None
    day = short_date(change.change_date)
    lead = t.fill("change_lead", replaced=short_date(change.replaced_date), date=day) if change.replaced_date \
        else t.fill("change_lead_no_date", date=day)
    what_key = f"change_what_{change.kind}"
    rows = [{"name": row.name,
             "old": kr(row.old_fee) if row.old_fee is not None else t["change_no_place"],
             "new": kr(row.new_fee) if row.new_fee is not None else t["change_place_ended"]}
            for row in change.rows]
    return {"lead": lead, "reason": t.fill("change_reason", what=t[what_key]) if what_key in t else "",
            "col_new": t.fill("change_col_new", date=day), "rows": rows}


def _title(t: Texts, letter: LetterData) -> str:
    kind = letter.change.decision_kind if letter.change else "ordinary"
    return letter_title(t, kind=kind, service=letter.service)


def letter_context(letter: LetterData, *, draft: bool) -> dict:
    """Everything ``vedtak/vedtak.typ`` needs (through ``cases.pdf.typst_document``), as display-ready values
    in the kommune's målform."""
    t = texts_for(letter.kommune.malform)
    outcome = letter.outcome
    params = Parameters(outcome.parameters)
    places = {place.child_id: place for place in letter.children}
    children = []
    for place in letter.children:
        children.append(_child(t, place, outcome.child(place.child_id), letter, params))
    fvl = legal.fvl_references(letter.letter_date, t)
    kommune = letter.kommune
    where = (t.fill("appeal_where_address", address=kommune.address) if kommune.address else "") + (
        t.fill("appeal_where_email", email=kommune.email) if kommune.email else "")
    sfo = letter.service == "sfo"
    year_key = "year_sfo" if sfo else "year_barnehage"
    title = _title(t, letter)
    opphor = letter.change is not None and letter.change.decision_kind == "opphor"
    period_text = t.fill(year_key, period=full_period(letter.period))
    household = _household(t, letter)
    overall = OUTCOME_KEYS[outcome.outcome] if outcome.children else "avslag"
    statutes = legal.statutory_bases(letter.service, letter.valid_from, letter.valid_to, t)
    return {
        "t": t,
        "lang": t.malform,
        "draft": draft,
        "is_sfo": sfo,
        "title": title,
        "period_text": period_text,
        "letter_date": long_date(letter.letter_date),
        "saksnummer": letter.saksnummer,
        "your_ref": t["renewal_ref_value"] if letter.is_renewal else t.fill(
            "your_ref_value", date=short_date(letter.received)),
        "kommune": kommune,
        "applicant": letter.applicant,
        "partner": letter.partner,
        "address": letter.address,
        "confidential": t.fill("confidential", taushetsplikt=fvl["taushetsplikt"]),
        "conclusion": t.fill("opphor_conclusion", date=short_date(letter.valid_from)) if opphor
        else t[f"outcome_{overall}"],
        "decision_lead": t["opphor_lead"] if opphor else t.fill("decision_lead", valid_to=short_date(letter.valid_to)),
        "change": _change(t, letter),
        "children": children,
        "totals": _totals(letter),
        "total_heading": t.fill("total_heading", count=len(children)),
        "statutory_bases": statutes,
        "rules_text": [] if sfo else [t["hjemmel_barnehage"], t[legal.sibling_rule_key(letter.valid_from)]],
        "facts_lead": t["facts_lead_renewal"] if letter.is_renewal else t.fill(
            "facts_lead", date=short_date(letter.received)),
        "household": household,
        "income_total": kr(letter.household_income),
        "siblings": t.fill("siblings", names=", ".join(p.name for p in places.values()))
        if not sfo and len(children) > 1 else "",
        "summary": _summary(t, letter, params),
        "duration": t.fill("duration", valid_from=short_date(letter.valid_from), valid_to=long_date(letter.valid_to)),
        "next_year": t["next_year_sfo" if sfo else "next_year_barnehage"],
        "report_changes": t.fill("report_changes", omgjoring=fvl["omgjoring"]),
        "appeal_deadline": t.fill("appeal_deadline", klagefrist=fvl["klagefrist"]),
        "appeal_send": t.fill("appeal_send", unit=kommune.unit, kommune=kommune.name, where=where,
                              klageinstans=kommune.klageinstans),
        "appeal_innsyn": t.fill("appeal_innsyn", innsyn=fvl["innsyn"]),
        "appeal_attachment": t.fill("appeal_attachment", attachment=t["attachment_title"]),
        "contact": _contact(t, kommune, letter.saksnummer),
        "saksbehandler": letter.saksbehandler,
        "approver": letter.approver,
        "draft_warnings": list(letter.warnings) if draft else [],
    }


def _contact(t: Texts, kommune, saksnummer: str | None = None):
    phone = t.fill("contact_phone", phone=kommune.phone) if kommune.phone else ""
    email = t.fill("contact_email", email=kommune.email) if kommune.email else ""
    if phone and email:
        email = t["contact_or"] + email
    if saksnummer is None:
        return t.fill("att_contact", phone=phone, email=email)
    return t.fill("contact", phone=phone, email=email, saksnummer=saksnummer)
