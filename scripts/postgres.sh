#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster on 127.0.0.1, for the tests and the benchmark.
#
#   scripts/postgres.sh install            install postgresql-15 from Debian if it is missing
#   scripts/postgres.sh start DIR [--fast] init (if needed) and start a cluster in DIR on a free
#                                          port; prints its URL (postgres://…) on stdout's last line
#   scripts/postgres.sh stop DIR           stop the cluster in DIR (no error if it is not running)
#   scripts/postgres.sh url DIR            print the URL of the cluster in DIR
#
# --fast turns fsync off (tests only: a crash of the machine may lose the cluster, which is
# thrown away anyway). Without it the cluster is durable, as the benchmark needs.
#
# PostgreSQL refuses to run as root: when run as root, the cluster belongs to the `postgres`
# system user (created by the Debian package) and is run through runuser. It listens on
# 127.0.0.1 only, plus a Unix socket inside DIR.
#
# Messages go to stderr; a failure exits non-zero with the reason on stderr's last line.
set -euo pipefail

PG_VERSION=15
PG_USER_NAME=taizhang
PG_PASSWORD=taizhang
PG_DB_NAME=taizhang

log() { echo "postgres.sh: $*" >&2; }
die() { echo "postgres.sh: $*" >&2; exit 1; }

pg_bindir() {
    local d
    for d in "/usr/lib/postgresql/$PG_VERSION/bin" /usr/lib/postgresql/*/bin; do
        if [[ -x "$d/postgres" && -x "$d/initdb" && -x "$d/pg_ctl" ]]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

cmd_install() {
    if pg_bindir >/dev/null; then
        return 0
    fi
    command -v apt-get >/dev/null || die "no PostgreSQL binaries and no apt-get to install postgresql-$PG_VERSION"
    [[ $(id -u) -eq 0 ]] || die "no PostgreSQL binaries, and installing postgresql-$PG_VERSION needs root"
    log "installing postgresql-$PG_VERSION from Debian"
    if [[ -z "${TAIZHANG_APT_UPDATED:-}" ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || log "apt-get update failed"
        export TAIZHANG_APT_UPDATED=1
    fi
    # The Debian package would start its own cluster on port 5432; tell it not to.
    mkdir -p /etc/postgresql-common
    if [[ ! -e /etc/postgresql-common/createcluster.conf ]] || ! grep -q '^create_main_cluster' /etc/postgresql-common/createcluster.conf; then
        echo 'create_main_cluster = false' >>/etc/postgresql-common/createcluster.conf
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "postgresql-$PG_VERSION" "postgresql-client-$PG_VERSION" >&2 \
        || die "apt-get could not install postgresql-$PG_VERSION"
    pg_bindir >/dev/null || die "postgresql-$PG_VERSION installed but its binaries were not found"
}

# Run a command as the cluster's owner.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

cmd_url() {
    local dir=$1
    [[ -f "$dir/url" ]] || die "no cluster in $dir"
    cat "$dir/url"
}

cmd_start() {
    local dir=$1 fast=${2:-}
    local bin
    bin=$(pg_bindir) || die "postgresql-$PG_VERSION is not installed"
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/false postgres \
            || die "there is no postgres user to run PostgreSQL as, and useradd failed"
    fi
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ $(id -u) -eq 0 ]]; then
        chown postgres: "$dir"
        # The owner must be able to reach DIR through its parents.
        local p=$dir
        while [[ "$p" != "/" ]]; do
            p=$(dirname "$p")
            [[ -x "$p" ]] || break
            if ! runuser -u postgres -- test -x "$p"; then
                chmod o+x "$p" || true
            fi
        done
    fi
    local data="$dir/data"
    if [[ -f "$data/postmaster.pid" ]] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        log "cluster in $dir already running"
        cmd_url "$dir"
        return 0
    fi
    if [[ ! -f "$data/PG_VERSION" ]]; then
        rm -rf "$data"
        local pwfile="$dir/pwfile"
        echo "$PG_PASSWORD" >"$pwfile"
        [[ $(id -u) -eq 0 ]] && chown postgres: "$pwfile"
        as_owner "$bin/initdb" -D "$data" -U "$PG_USER_NAME" --pwfile="$pwfile" \
            --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || as_owner "$bin/initdb" -D "$data" -U "$PG_USER_NAME" --pwfile="$pwfile" \
                --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
            || { tail -n 20 "$dir/initdb.log" >&2; die "initdb failed"; }
        rm -f "$pwfile"
    fi
    local port
    port=$(free_port)
    local opts="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir"
    opts+=" -c max_connections=200 -c shared_buffers=256MB"
    # Extra server settings, e.g. for a profile:
    # TAIZHANG_PG_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
    opts+=" ${TAIZHANG_PG_OPTS:-}"
    if [[ "$fast" == "--fast" ]]; then
        opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -o "$opts" -w -t 60 start >&2 \
        || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
    if ! as_owner "$bin/psql" -h "$dir" -p "$port" -U "$PG_USER_NAME" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$PG_DB_NAME'" | grep -q 1; then
        as_owner "$bin/createdb" -h "$dir" -p "$port" -U "$PG_USER_NAME" "$PG_DB_NAME" \
            || die "createdb failed"
    fi
    local url="postgres://$PG_USER_NAME:$PG_PASSWORD@127.0.0.1:$port/$PG_DB_NAME"
    # Check the URL for real, over TCP with the password, as the server will use it.
    PGPASSWORD=$PG_PASSWORD "$bin/psql" "$url" -tAc 'SELECT 1' >/dev/null \
        || die "cannot connect to $url"
    echo "$url" >"$dir/url"
    log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') listening on 127.0.0.1:$port (cluster in $dir)"
    echo "$url"
}

cmd_stop() {
    local dir=$1
    local bin
    [[ -d "$dir/data" ]] || return 0
    bin=$(pg_bindir) || return 0
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 \
            || as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2 || true
    fi
}

case "${1:-}" in
    install) cmd_install ;;
    start) [[ $# -ge 2 ]] || die "usage: $0 start DIR [--fast]"; cmd_install; cmd_start "$2" "${3:-}" ;;
    stop) [[ $# -ge 2 ]] || die "usage: $0 stop DIR"; cmd_stop "$2" ;;
    url) [[ $# -ge 2 ]] || die "usage: $0 url DIR"; cmd_url "$2" ;;
    *) echo "usage: $0 install | start DIR [--fast] | stop DIR | url DIR" >&2; exit 2 ;;
esac
