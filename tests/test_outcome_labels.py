"""One label table per language for every rule id, reason code, outcome and act; no engine tokens leak."""
import re
from datetime import date
from decimal import Decimal

import pytest

from cases import outcome_labels as labels
from cases.rules.outcome import Act, Granted, LegalBasis, Outcome, ReasonCode, Refused, RuleId

NYNORSK_FORBIDDEN = re.compile(r"\b(ikke|fra|hvis|uken|nådd skolestart av)\b")


@pytest.mark.parametrize("lang", labels.LANGUAGES)
def test_every_code_has_a_label_in_every_language(lang):
    for table, enum in ((labels.RULE_LABELS, RuleId), (labels.REASON_LABELS, ReasonCode),
                        (labels.OUTCOME_LABELS, Outcome), (labels.ACT_LABELS, Act)):
        assert set(table[lang]) == set(enum), (lang, enum)
        assert all("_" not in text for text in table[lang].values())


def test_nynorsk_labels_use_no_bokmaal_forms():
    texts = [*labels.RULE_LABELS["nn"].values(), *labels.REASON_LABELS["nn"].values(),
             *labels.OUTCOME_LABELS["nn"].values(), *labels.PARAMETER_LABELS["nn"].values()]
    assert not [t for t in texts if NYNORSK_FORBIDDEN.search(t)]


def test_tiltakssonen_is_innvilget_in_every_language():
    assert labels.outcome_label(Outcome.INNVILGET, "nb") == "Innvilget"
    assert labels.outcome_label(Outcome.INNVILGET, "nn") == "Innvilga"
    assert labels.rule_label(RuleId.FREE_PLACE_TILTAKSSONE, "nn") == "Gratis barnehage i tiltakssona"


def test_refused_text_in_whole_kroner_and_dated():
    refused = Refused(RuleId.FREE_CORE_HOURS, ReasonCode.INCOME_NOT_BELOW_LIMIT, limit=Decimal("642700"))
    assert labels.refused_text(refused) == (
        "Gratis kjernetid (20 timer i uken): Inntekten er ikke lavere enn inntektsgrensen "
        "(grensen er 642\u00a0700\u00a0kr)")
    later = Refused(RuleId.FREE_CORE_HOURS, ReasonCode.NOT_YET_ELIGIBLE_AGE, applies_from=date(2025, 8, 1))
    assert labels.refused_text(later, "nn").endswith("(gjeld frå og med 01.08.2025)")
    cap = Refused(RuleId.INCOME_CAP_6_PERCENT, ReasonCode.INCOME_NOT_BELOW_CAP, limit=Decimal("4909.0909"))
    assert "4\u00a0909\u00a0kr" in labels.refused_text(cap) and "," not in labels.refused_text(cap).split("(")[1]


def test_granted_text_and_basis_label():
    hours = Granted(RuleId.FREE_CORE_HOURS, (), Decimal(2000), Decimal(1024), free_hours=Decimal(20),
                    of_hours=Decimal("37.5"))
    assert labels.granted_text(hours) == "Gratis kjernetid (20 timer i uken): 20 av 37,5 timer"
    assert labels.granted_text(hours, "en").endswith("20 of 37.5 hours")
    basis = (LegalBasis(Act.FORSKRIFT_FORELDREBETALING, "§ 3b"), LegalBasis(Act.BARNEHAGELOVEN, "§ 20"))
    assert labels.basis_label(basis) == "forskrift om foreldrebetaling i barnehager § 3b, jf. barnehageloven § 20"
    assert labels.basis_label(basis, "nn") == "forskrift om foreldrebetaling i barnehagar § 3b, jf. barnehagelova § 20"
