# Shared helpers for bin/start and bin/test (sourced, not run).

PYTHON_BIN=${PYTHON_BIN:-$(command -v python3.11 || command -v python3)}

ensure_venv() {  # $1 = "test" installs the locked test tools too (requirements/test.txt), else requirements/base.txt
  if [ ! -x .venv/bin/python ]; then
    echo "== creating .venv with $PYTHON_BIN"
    "$PYTHON_BIN" -m venv .venv
    .venv/bin/pip install -q --upgrade pip
  fi
  local lock=requirements/base.txt
  if [ "$1" = "test" ]; then lock=requirements/test.txt; fi
  local stamp=".venv/.installed-$1"
  if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "== installing Python packages from $lock (exact versions, checked by hash)"
    .venv/bin/pip install -q --require-hashes -r "$lock"
    .venv/bin/pip install -q --no-deps -e .
    touch "$stamp"
  fi
}

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "!! please install Debian packages: $*" >&2; return 1
  fi
  if [ -z "${_APT_UPDATED:-}" ]; then apt-get update -qq; _APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_system_packages() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  ldconfig -p | grep -q libpango-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
  ldconfig -p | grep -q libharfbuzz-subset || missing+=(libharfbuzz-subset0)
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  command -v msgfmt >/dev/null || missing+=(gettext)  # compilemessages (the parents' portal catalogues)
  if [ ${#missing[@]} -gt 0 ]; then echo "== installing ${missing[*]}"; apt_install "${missing[@]}"; fi
}

ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "== starting PostgreSQL"
    if ! command -v pg_ctlcluster >/dev/null; then apt_install postgresql; fi
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -1)" main start
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
}

ensure_redis() {
  if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    echo "== starting Redis"
    command -v redis-server >/dev/null || apt_install redis-server
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
}

ensure_weasyprint_libraries() {  # the system libraries WeasyPrint renders the vedtak with (Pango, HarfBuzz)
  local missing=()
  ldconfig -p | grep -q libpango-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
  ldconfig -p | grep -q libharfbuzz-subset || missing+=(libharfbuzz-subset0)
  if [ ${#missing[@]} -gt 0 ]; then echo "== installing ${missing[*]} (WeasyPrint)"; apt_install "${missing[@]}"; fi
}

port_is_free() {  # $1 = TCP port on 127.0.0.1; true when nothing listens there and it can be bound
  "$PYTHON_BIN" - "$1" <<'PY'
import socket, sys
port = int(sys.argv[1])
with socket.socket() as probe:
    probe.settimeout(0.5)
    if probe.connect_ex(("127.0.0.1", port)) == 0:
        sys.exit(1)  # something answers there
with socket.socket() as server:
    try:
        server.bind(("127.0.0.1", port))
    except OSError:
        sys.exit(1)
PY
}
