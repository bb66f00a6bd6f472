"""get_tax_basis over real HTTP against the simulator: every outcome and every failure mode.

Configuration comes from integration.md's environment variables (fixture ``env_config``).
"""
import datetime as dt
import logging

import pytest
from django.core.cache import cache

from integrations import conf
from integrations.errors import (
    MaskinportenError,
    MaskinportenUnavailable,
    NotConfiguredError,
    SkatteetatenAccessDenied,
    SkatteetatenRequestError,
    SkatteetatenUnavailable,
)
from integrations.service import (
    Outcome,
    PermanentIntegrationError,
    TransientIntegrationError,
    get_tax_basis,
)
from tests.integrations.conftest import (
    ALL_PERSONS,
    DELETED_2024,
    FOUND,
    NO_DATA_2024,
    SKJERMET,
    UNKNOWN,
    UTKAST_ONLY,
    forget_tokens,
    in_threads,
)
from tests.support.simulator import DEMO_KOMMUNE, OTHER_KOMMUNE

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def fetch(person, year=2024, **kw):
    return get_tax_basis(orgno=DEMO_KOMMUNE, person_id=person, income_year=year, purpose="test", **kw)


def test_found_in_oppgjoer_with_classification(env_config, sim):
    result = fetch(FOUND)
    assert result.outcome is Outcome.FOUND
    assert (result.inntektsaar, result.stadie) == (2024, "oppgjoer")
    assert result.skatteoppgjoersdato == dt.date(2025, 6, 18)
    assert result.ajourholdstidspunkt == dt.datetime(2025, 6, 18, 5, 12, 44, 123000, tzinfo=dt.UTC)
    assert result.skjermet is False
    assert result.personinntekt == 500000 + 10000  # wages + Svalbard wages
    assert result.kapitalinntekt == 12000  # beloep sent as a string
    assert result.counted_income == 522000
    assert [i.teknisk_navn for i in result.unknown_items] == ["nyPostSomIngenTabellKjenner"]
    assert len(result.items) == 5
    assert result.raw["grunnlag"][0]["beloep"] == 500000  # the raw body, for the case record
    assert result.tried == ("2024/oppgjoer:200",)
    assert sim.stats()["ssg_calls"] == 1


def test_utkast_when_there_is_no_oppgjoer(env_config, sim):
    result = fetch(UTKAST_ONLY)
    assert (result.outcome, result.stadie) == (Outcome.FOUND, "utkast")
    assert result.skatteoppgjoersdato is None
    assert result.personinntekt == 250000
    assert result.tried == ("2024/oppgjoer:SSG-008", "2024/utkast:200")


def test_no_data_in_either_stadie(env_config, sim):
    result = fetch(NO_DATA_2024)
    assert (result.outcome, result.kode, result.inntektsaar) == (Outcome.NO_DATA, "SSG-008", 2024)
    assert result.korrelasjonsid
    assert result.tried == ("2024/oppgjoer:SSG-008", "2024/utkast:SSG-008")


def test_walk_back_to_the_newest_year_with_data(env_config, sim):
    result = fetch(NO_DATA_2024, max_years_back=2)
    assert (result.outcome, result.inntektsaar, result.stadie) == (Outcome.FOUND, 2023, "oppgjoer")
    assert result.kapitalinntekt == 7000


def test_walk_back_passes_a_year_skatteetaten_does_not_offer(env_config, sim):
    sim.configure(max_income_year=2024)
    result = fetch(FOUND, year=2025, max_years_back=1)
    assert (result.outcome, result.inntektsaar) == (Outcome.FOUND, 2024)
    assert result.tried[0] == "2025/oppgjoer:SSG-006"


def test_person_unknown_stops_at_once(env_config, sim):
    result = fetch(UNKNOWN, max_years_back=3)
    assert (result.outcome, result.kode) == (Outcome.PERSON_UNKNOWN, "SSG-007")
    assert sim.stats()["ssg_calls"] == 1


def test_year_not_available(env_config, sim):
    result = fetch(FOUND, year=2030)
    assert (result.outcome, result.kode, result.inntektsaar) == (Outcome.YEAR_UNAVAILABLE, "SSG-006", 2030)


def test_deleted(env_config, sim):
    result = fetch(DELETED_2024)
    assert (result.outcome, result.kode, result.stadie) == (Outcome.DELETED, "SSG-011", "oppgjoer")


def test_skjermet_is_its_own_outcome(env_config, sim):
    result = fetch(SKJERMET)
    assert result.outcome is Outcome.SKJERMET and result.skjermet is True
    assert result.items == () and result.counted_income == 0 and not result.has_income_data


def test_access_denied_without_the_rettighetspakke(env_config, sim):
    orgno = "974760673"
    sim.cli("register-client", "--state-dir", str(sim.state_dir), "--client-id", "uten-pakke", "--orgno", orgno)
    sim.cli("grant", "--state-dir", str(sim.state_dir), "--consumer", orgno, "--scope-only")
    env_config.MASKINPORTEN_CLIENT_ID = "uten-pakke"
    env_config.MASKINPORTEN_CERTIFICATE = str(sim.p12_path(orgno))
    forget_tokens(conf.from_environment())
    with pytest.raises(SkatteetatenAccessDenied) as info:
        get_tax_basis(orgno=orgno, person_id=FOUND, income_year=2024)
    assert isinstance(info.value, PermanentIntegrationError)
    assert info.value.code == "SSG-005" and info.value.korrelasjonsid
    assert info.value.korrelasjonsid in str(info.value)
    assert FOUND not in str(info.value)
    assert sim.stats()["ssg_calls"] == 1  # no retry, no fallback to utkast


def test_a_rejected_cached_token_is_renewed_once(env_config, sim):
    config = conf.resolve(DEMO_KOMMUNE)
    cache.set(config.token_cache_key, {"token": "stale", "renew_at": 4e9, "expires_at": 4e9}, 60)
    result = fetch(FOUND)
    assert result.outcome is Outcome.FOUND
    stats = sim.stats()
    assert stats["ssg_responses_by_status"].get("401") == 1
    assert stats["token_requests"]["issued"] == 1


def test_5xx_is_retried_then_transient(env_config, sim):
    sim.configure(fault_rate=1.0, fault_kinds=["das-003"])
    with pytest.raises(SkatteetatenUnavailable) as info:
        fetch(FOUND)
    assert isinstance(info.value, TransientIntegrationError)
    assert info.value.korrelasjonsid  # the last DAS-003's
    assert sim.stats()["ssg_calls"] == 3


def test_a_dropped_connection_is_retried_then_transient(env_config, sim):
    sim.configure(fault_rate=1.0, fault_kinds=["disconnect"])
    with pytest.raises(SkatteetatenUnavailable):
        fetch(FOUND)
    assert sim.stats()["faults_by_kind"]["disconnect"] == 3


def test_a_stalled_call_times_out_and_is_transient(env_config, sim):
    env_config.INTEGRATIONS_HTTP_TIMEOUT_S = 0.3
    env_config.INTEGRATIONS_RETRY_ATTEMPTS = 2
    sim.configure(fault_rate=1.0, fault_kinds=["stall"], stall_ms=1500)
    with pytest.raises(SkatteetatenUnavailable) as info:
        fetch(FOUND)
    assert "Timeout" in str(info.value)


def test_a_transient_failure_then_success(env_config, sim):
    sim.configure(fault_rate=0.5, fault_kinds=["ssg-002"], seed=seed_failing_first_call_only())
    assert fetch(FOUND).outcome is Outcome.FOUND
    stats = sim.stats()
    assert stats["faults_injected"] == 1 and stats["ssg_calls"] == 2


def seed_failing_first_call_only():
    """The simulator draws faults from Random(f"{seed}|{key}|{n}") (documented in its faults.py)."""
    import random

    key = f"ssg|oppgjoer/kommuneforeldrebetaling/2024/{FOUND}"
    for seed in range(10_000):
        first, second = (random.Random(f"{seed}|{key}|{n}").random() for n in (0, 1))
        if first < 0.5 <= second:
            return seed
    raise AssertionError("no seed found")


def test_429_is_waited_out(env_config, sim):
    env_config.INTEGRATIONS_RATE_LIMIT_BASE_DELAY_S = 0.5  # waits ≥ 0.25, 0.5, 1, 2 s: room for 3 × 150 ms
    sim.configure(concurrency_limit=1, latency_ms=150)
    results = in_threads(3, lambda: fetch(FOUND).outcome)
    assert results == [Outcome.FOUND] * 3
    assert sim.stats()["rejected_429"] >= 1


def test_plain_gateway_404_is_a_configuration_error(env_config, sim):
    sim.configure(fault_rate=1.0, fault_kinds=["gateway-404"])
    with pytest.raises(SkatteetatenRequestError) as info:
        fetch(FOUND)
    assert "grunnadressen" in str(info.value)
    assert sim.stats()["ssg_calls"] == 1


def test_wrong_base_url_is_a_configuration_error(env_config, sim):
    env_config.SKATTEETATEN_SSG_URL = sim.ssg_base_url + "/ekstra"
    with pytest.raises(SkatteetatenRequestError) as info:
        fetch(FOUND)
    assert info.value.code == "SSG-003"


def test_unreachable_skatteetaten_is_transient(env_config, sim):
    env_config.SKATTEETATEN_SSG_URL = "http://127.0.0.1:9/skatteetaten/v2"  # discard port: refused
    with pytest.raises(SkatteetatenUnavailable):
        fetch(FOUND)


def test_unknown_client_gives_maskinporten_error_with_trace_id(env_config, sim):
    env_config.MASKINPORTEN_CLIENT_ID = "finnes-ikke"
    forget_tokens(conf.from_environment())
    with pytest.raises(MaskinportenError) as info:
        fetch(FOUND)
    assert info.value.code.startswith("MP-") and info.value.trace_id
    assert info.value.trace_id in str(info.value)
    assert sim.stats()["ssg_calls"] == 0


def test_scope_not_registered_gives_invalid_scope(env_config, sim):
    env_config.MASKINPORTEN_SCOPE = "skatteetaten:noeannet"
    forget_tokens(conf.from_environment())
    with pytest.raises(MaskinportenError) as info:
        fetch(FOUND)
    assert info.value.error == "invalid_scope" and info.value.trace_id


def test_maskinporten_5xx_is_retried_with_fresh_grants_then_transient(env_config, sim):
    sim.configure(token_fault_rate=1.0, token_fault_kinds=["mp-503"])
    with pytest.raises(MaskinportenUnavailable):
        fetch(FOUND)
    assert sim.stats()["token_requests"]["total"] == 3


def test_maskinporten_5xx_then_success_reuses_nothing(env_config, sim):
    import random

    client_id = env_config.MASKINPORTEN_CLIENT_ID
    seed = next(s for s in range(10_000)
                if random.Random(f"{s}|token|{client_id}|0").random() < 0.5
                <= random.Random(f"{s}|token|{client_id}|1").random())
    sim.configure(token_fault_rate=0.5, token_fault_kinds=["mp-500"], seed=seed)
    assert fetch(FOUND).outcome is Outcome.FOUND
    tokens = sim.stats()["token_requests"]
    assert tokens["total"] == 2 and tokens["issued"] == 1  # the second grant was new (a reused jti fails)


def test_registered_key_instead_of_certificate(env_config, sim):
    client = sim.client(DEMO_KOMMUNE, key_based=True)
    env_config.MASKINPORTEN_CLIENT_ID = client["client_id"]
    env_config.MASKINPORTEN_CERTIFICATE = ""
    env_config.MASKINPORTEN_KEY = client["key_file"]
    env_config.MASKINPORTEN_KID = client["jwks"][0]["kid"]
    forget_tokens(conf.from_environment())
    assert fetch(FOUND).outcome is Outcome.FOUND


def test_vendor_with_consumer_org(vendor_env, sim):
    result = get_tax_basis(orgno=OTHER_KOMMUNE, person_id=FOUND, income_year=2024)
    assert result.outcome is Outcome.FOUND
    stats = sim.stats()
    assert stats["token_requests"]["by_consumer_org"] == {OTHER_KOMMUNE: 1}
    assert stats["ssg_calls_by_org"] == {OTHER_KOMMUNE: 1}


def test_vendor_without_delegation_is_refused_by_maskinporten(vendor_env, sim):
    vendor_env.MASKINPORTEN_CONSUMER_ORG = "974760673"
    forget_tokens(conf.from_environment())
    with pytest.raises(MaskinportenError) as info:
        get_tax_basis(orgno="974760673", person_id=FOUND, income_year=2024)
    assert info.value.status == 403 and info.value.trace_id


def test_not_configured(no_env_config):
    with pytest.raises(NotConfiguredError):
        get_tax_basis(orgno=DEMO_KOMMUNE, person_id=FOUND, income_year=2024)


def test_person_id_must_be_eleven_digits_and_is_never_sent(env_config, sim):
    with pytest.raises(ValueError):
        fetch("1234")
    assert sim.stats()["ssg_calls"] == 0


def test_no_log_line_contains_a_full_person_id(env_config, sim, caplog):
    with caplog.at_level(logging.DEBUG):
        for person in ALL_PERSONS:
            fetch(person)
        sim.configure(fault_rate=1.0, fault_kinds=["das-003"])
        with pytest.raises(TransientIntegrationError):
            fetch(FOUND)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "148394*****" in text  # the masked form is what we log
    for person in ALL_PERSONS:
        assert person not in text


def test_an_issuer_without_trailing_slash_is_a_configuration_error(env_config, sim):
    env_config.MASKINPORTEN_ISSUER = sim.issuer.rstrip("/")
    with pytest.raises(NotConfiguredError) as info:
        fetch(FOUND)
    assert "'/'" in str(info.value) and sim.stats()["token_requests"]["total"] == 0
