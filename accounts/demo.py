"""Quick-start staff login: the «demo» identity provider pointing at the simulator's OIDC provider, and the
demo users' login identities. Used by seed_demo when DEMO_OIDC_ISSUER is set (bin/start sets it)."""
import os

from accounts.models import IdentityProvider, StaffIdentity

DEMO_SLUG = "demo"
DEMO_CLIENT_ID = "skattedeling-demo"
DEMO_SECRET_VAR = "SKATTEDELING_SECRET_DEMO_OIDC"
# The simulator's test users' stable ``oid`` (integrations/simulator/oidc.py TEST_USERS; a test keeps them equal).
DEMO_OIDS = {
    "saksbehandler": "0b6f1c52-3d1e-4a55-9a51-5a4b5e000001",
    "godkjenner": "0b6f1c52-3d1e-4a55-9a51-5a4b5e000002",
    "admin": "0b6f1c52-3d1e-4a55-9a51-5a4b5e000003",
}


def seed_demo_provider(*, municipality, users) -> IdentityProvider | None:
    """Create or update the demo provider and map ``users`` (by username) to the simulator's test users."""
    issuer = os.environ.get("DEMO_OIDC_ISSUER", "").rstrip("/")
    if not issuer:
        return None
    provider, _ = IdentityProvider.objects.update_or_create(
        slug=DEMO_SLUG,
        defaults={"name": f"{municipality.name} (simulert IdP)", "issuer": issuer, "client_id": DEMO_CLIENT_ID,
                  "client_secret_env_var": DEMO_SECRET_VAR, "subject_claim": "oid", "enabled": True},
    )
    provider.municipalities.add(municipality)
    for user in users:
        if user.username in DEMO_OIDS:
            StaffIdentity.objects.get_or_create(issuer=issuer, subject=DEMO_OIDS[user.username],
                                                defaults={"user": user})
    return provider
