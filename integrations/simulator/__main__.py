"""Command line: ``python -m integrations.simulator {init,serve,create-certificate,register-client,
delegate,grant,generate-persons}``. Every command except ``serve`` prints one JSON object."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from . import statedir
from .faults import SSG_FAULT_KINDS, TOKEN_FAULT_KINDS, Config, ConfigError, updated
from .generate import generate_persons
from .persons import DataError, load_store
from .registry import SSG_LEGACY_SCOPE, SSG_SCOPE
from .server import SimulatorServer
from .state import App


def _kinds(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m integrations.simulator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create the test PKI and client registry (idempotent)")
    p.add_argument("--state-dir", type=Path, required=True)
    p.add_argument(
        "--orgno",
        action="append",
        help="kommune orgno (repeatable); default " + " ".join(statedir.DEFAULT_KOMMUNER),
    )
    p.add_argument("--vendor", default=statedir.DEFAULT_VENDOR, help="leverandør orgno")
    p.add_argument("--password", default=statedir.DEFAULT_PASSWORD, help="PKCS#12 password")

    p = sub.add_parser("serve", help="run the simulator")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8800, help="0 = any free port (see DIR/serve.json)")
    p.add_argument("--state-dir", type=Path, default=Path("var/simulator"))
    p.add_argument("--init", action="store_true", help="run init first if DIR/clients.json is missing")
    p.add_argument("--public-url", help="base URL clients use, if not http://HOST:PORT")
    p.add_argument("--data", type=Path, action="append", default=[], help="extra persons file (repeatable)")
    p.add_argument("--no-builtin-data", action="store_true", help="do not load the built-in persons.json")
    p.add_argument("--latency-ms", type=int, default=0)
    p.add_argument("--token-latency-ms", type=int, default=0)
    p.add_argument("--fault-rate", type=float, default=0.0)
    p.add_argument("--fault-kinds", type=_kinds, help=f"comma list of {','.join(SSG_FAULT_KINDS)}")
    p.add_argument("--token-fault-rate", type=float, default=0.0)
    p.add_argument("--token-fault-kinds", type=_kinds, help=f"comma list of {','.join(TOKEN_FAULT_KINDS)}")
    p.add_argument("--stall-ms", type=int, default=30_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--clock-offset-s", type=float, default=0.0)
    p.add_argument("--token-lifetime", type=int, help="override every client's access_token_lifetime")
    p.add_argument("--token-aud", choices=["unspecified"], help='emit aud "unspecified" in access tokens')
    p.add_argument("--grant-max-lifetime", type=int, choices=[120, 180], default=120)
    p.add_argument("--max-income-year", type=int, default=2025)
    p.add_argument("--concurrency-limit", type=int, default=5)
    p.add_argument("--svarut-step-s", type=float, default=2.0, help="seconds per SvarUt status step")
    p.add_argument("--quiet", action="store_true", help="no request log")

    p = sub.add_parser("create-certificate", help="issue a virksomhetssertifikat-like PKCS#12")
    p.add_argument("--ca-dir", type=Path, required=True, help="state dir or its ca/ (CAs created if absent)")
    p.add_argument("--orgno", required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--password", default=statedir.DEFAULT_PASSWORD)
    p.add_argument("--env", choices=["test", "prod"], default="test")
    p.add_argument("--days", type=int, default=1095)
    p.add_argument("--valid-from", type=dt.datetime.fromisoformat, help="ISO date/time (UTC if naive)")
    p.add_argument(
        "--orgno-field", choices=["both", "organizationIdentifier", "serialNumber"], default="both"
    )
    p.add_argument("--name", help="organisation name in the subject")

    p = sub.add_parser("register-client", help="add a Maskinporten client to clients.json")
    p.add_argument("--state-dir", type=Path, required=True)
    p.add_argument("--client-id", required=True)
    p.add_argument("--orgno", required=True)
    p.add_argument("--scope", action="append", help=f"default {SSG_SCOPE} and {SSG_LEGACY_SCOPE}")
    p.add_argument("--generate-key", action="store_true", help="key-based client: write DIR/<id>-key.pem")
    p.add_argument("--jwk", type=Path, help="key-based client: register this public JWK file")
    p.add_argument("--kid")
    p.add_argument("--lifetime", type=int, default=120, help="access_token_lifetime")
    p.add_argument("--key-expires-at", type=float, help="epoch seconds; later grants get MP-121")
    p.add_argument("--replace", action="store_true")

    p = sub.add_parser("delegate", help="Altinn delegation consumer → supplier")
    p.add_argument("--state-dir", type=Path, required=True)
    p.add_argument("--consumer", required=True)
    p.add_argument("--supplier", required=True)
    p.add_argument("--scope", action="append")

    p = sub.add_parser("grant", help="Skatteetaten grants a consumer the scope and rettighetspakke")
    p.add_argument("--state-dir", type=Path, required=True)
    p.add_argument("--consumer", required=True)
    p.add_argument("--scope", action="append")
    p.add_argument("--rettighetspakke", default="kommuneforeldrebetaling")
    p.add_argument("--scope-only", action="store_true", help="grant the scope but no rettighetspakke")
    p.add_argument("--stadie", action="append", help="default oppgjoer and utkast")

    p = sub.add_parser("generate-persons", help="write a large synthetic persons file")
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--first-year", type=int, default=2022)
    p.add_argument("--last-year", type=int, default=2025)
    return parser


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _serve(args: argparse.Namespace) -> int:
    state_dir: Path = args.state_dir
    if not (state_dir / "clients.json").exists():
        if not args.init:
            print(
                f"{state_dir}/clients.json is missing: run 'init --state-dir {state_dir}' or add --init",
                file=sys.stderr,
            )
            return 2
        statedir.init_state(state_dir=state_dir)
    changes: dict[str, Any] = {
        "latency_ms": args.latency_ms,
        "token_latency_ms": args.token_latency_ms,
        "fault_rate": args.fault_rate,
        "token_fault_rate": args.token_fault_rate,
        "stall_ms": args.stall_ms,
        "seed": args.seed,
        "clock_offset_s": args.clock_offset_s,
        "token_lifetime": args.token_lifetime,
        "token_aud": args.token_aud,
        "grant_max_lifetime": args.grant_max_lifetime,
        "max_income_year": args.max_income_year,
        "concurrency_limit": args.concurrency_limit,
        "svarut_step_s": args.svarut_step_s,
    }
    if args.fault_kinds is not None:
        changes["fault_kinds"] = args.fault_kinds
    if args.token_fault_kinds is not None:
        changes["token_fault_kinds"] = args.token_fault_kinds
    try:
        config = updated(Config(), changes)
        persons = load_store(args.data, builtin=not args.no_builtin_data)
    except (ConfigError, DataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s simulator %(message)s",
    )
    server = SimulatorServer((args.host, args.port))
    port = server.server_address[1]
    host = "127.0.0.1" if args.host in ("0.0.0.0", "", "::") else args.host  # noqa: S104 - only compared
    base_url = args.public_url or f"http://{host}:{port}"
    server.app = App(state_dir=state_dir, base_url=base_url, persons=persons, config=config)
    info = {**server.app.health(), "port": port, "base_url": server.app.base_url}
    ready = state_dir / "serve.json"
    ready.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    signal.signal(signal.SIGTERM, _stop)
    print(json.dumps(info), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        ready.unlink(missing_ok=True)
    return 0


def _run(args: argparse.Namespace) -> Any:
    if args.command == "init":
        return statedir.init_state(
            state_dir=args.state_dir, orgnos=args.orgno, vendor=args.vendor, password=args.password
        )
    if args.command == "create-certificate":
        valid_from = args.valid_from
        if valid_from is not None and valid_from.tzinfo is None:
            valid_from = valid_from.replace(tzinfo=dt.UTC)
        return statedir.create_certificate(
            ca_dir=args.ca_dir,
            orgno=args.orgno,
            out=args.out,
            password=args.password,
            env=args.env,
            days=args.days,
            valid_from=valid_from,
            orgno_fields=args.orgno_field,
            name=args.name,
        )
    if args.command == "register-client":
        jwk = json.loads(args.jwk.read_text(encoding="utf-8")) if args.jwk else None
        return statedir.register_client(
            state_dir=args.state_dir,
            client_id=args.client_id,
            orgno=args.orgno,
            scopes=args.scope,
            generate_key=args.generate_key,
            kid=args.kid,
            jwk=jwk,
            lifetime=args.lifetime,
            key_expires_at=args.key_expires_at,
            replace=args.replace,
        )
    if args.command == "delegate":
        return statedir.delegate(
            state_dir=args.state_dir, consumer=args.consumer, supplier=args.supplier, scopes=args.scope
        )
    if args.command == "grant":
        return statedir.grant(
            state_dir=args.state_dir,
            consumer=args.consumer,
            scopes=args.scope,
            rettighetspakke=None if args.scope_only else args.rettighetspakke,
            stadier=args.stadie,
        )
    if args.command == "generate-persons":
        return generate_persons(
            count=args.count, out=args.out, seed=args.seed, years=range(args.first_year, args.last_year + 1)
        )
    raise AssertionError(args.command)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    try:
        result = _run(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
