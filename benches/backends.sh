#!/usr/bin/env bash
# redb against PostgreSQL in one run (SPEC 16): the same seeded records, the same load.
#
#   bash benches/backends.sh            # a few minutes
#   bash benches/backends.sh --quick    # shorter runs
#
# One data dir is seeded (examples/load_seed), then carried into a throwaway PostgreSQL
# cluster with `porthole migrate --from-redb`, so both servers start from identical
# records, keys and pending approvals. Each server runs in turn on core 0 (PostgreSQL
# too, beside it), wrk on core 1. Figures end the output, one `name: value` a line:
#   redb_page_rps, postgres_page_rps, page_postgres_vs_redb_ratio (an approval page, gzip),
#   redb_decisions_per_s, postgres_decisions_per_s, decisions_postgres_vs_redb_ratio,
#   and the p99 of each.
# Knobs (environment): PAGE_CONNS (16), APPROVE_CONNS (64), MILESTONES (50), KEEP_DIR=1.
set -euo pipefail
cd "$(dirname "$0")/.."

RUN=10 WARM=2
[ "${1:-}" = --quick ] && RUN=4 WARM=1
PAGE_CONNS=${PAGE_CONNS:-16}
APPROVE_CONNS=${APPROVE_CONNS:-64}
MILESTONES=${MILESTONES:-50}
APPROVALS=$((RUN * 8000))

# shellcheck source=benches/lib.sh
. benches/lib.sh
need_tools wrk taskset curl
PG_BIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)")
[ -x "$PG_BIN/initdb" ] || { echo "needs PostgreSQL's server (apt-get install postgresql)" >&2; exit 1; }
build_release
make_workdir backends

load() {
  local out=$1
  shift
  timeout $((RUN + 60)) taskset -c 1 wrk -t1 --latency --timeout 10s "$@" >"$out" 2>&1 || {
    cat "$out" >&2
    return 1
  }
}

# --- a throwaway cluster, as an unprivileged user when we are root ---------------------------
PG_DIR=$WORK/pg
mkdir -p "$PG_DIR/sock"
AS=()
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$WORK"
  chown -R postgres "$PG_DIR"
  AS=(runuser -u postgres --)
fi
"${AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
PG_PORT=$(free_port)
# Durable as it ships (fsync on): decisions are acknowledged after their commit.
"${AS[@]}" taskset -c 0 "$PG_BIN/postgres" -D "$PG_DIR/data" -p "$PG_PORT" -k "$PG_DIR/sock" \
  -c listen_addresses=127.0.0.1 -c max_connections=200 >"$WORK/postgres.log" 2>&1 &
BG_PIDS+=("$!")
for _ in $(seq 100); do
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.2
done
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -q \
  -c 'CREATE ROLE porthole LOGIN' -c 'CREATE DATABASE porthole OWNER porthole'

# --- one seed, carried into PostgreSQL --------------------------------------------------------
DATA=$WORK/data
SEED=$WORK/seed
PORT=$(free_port)
export PORTHOLE__SERVER__LISTEN=127.0.0.1:$PORT
export PORTHOLE__SERVER__PUBLIC_URL=http://127.0.0.1:$PORT
export PORTHOLE__LIMITS__CLIENT_PER_MINUTE=1000000000
say "seeding $MILESTONES milestones and $APPROVALS pending approvals"
timeout 600 "$SEEDER" --data-dir "$DATA" --out "$SEED" --milestones "$MILESTONES" \
  --approvals "$APPROVALS" --download-mib 1 >&2
PG_ENV=(
  PORTHOLE__STORAGE__BACKEND=postgres
  "PORTHOLE__STORAGE__POSTGRES_URL=postgres://porthole@127.0.0.1:$PG_PORT/porthole"
  "PORTHOLE__KEYS__MASTER_KEY=$(head -c 32 /dev/urandom | base64)"
  "PORTHOLE__STORAGE__DATA_DIR=$WORK/pgdata"
)
say "porthole migrate --from-redb"
env "${PG_ENV[@]}" "$BIN" migrate --from-redb "$DATA" >&2

# The page a client opens from a mail: one pending approval (the seed puts every pending
# approval in one project, which makes its project and overview pages unrepresentative).
PAGE=$(head -n 1 "$SEED/approvals.tsv" | cut -f1)

# --- the same load on each ----------------------------------------------------------------------
run_on() {
  local name=$1 pid
  shift
  env "$@" taskset -c 0 "$BIN" serve >"$WORK/$name.out" 2>"$WORK/$name.log" &
  pid=$!
  BG_PIDS+=("$pid")
  for _ in $(seq 100); do
    grep -q "listening on" "$WORK/$name.out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/$name.log" >&2; exit 1; }
    sleep 0.1
  done
  local base=http://127.0.0.1:$PORT
  say "$name: approval page GETs (gzip), $PAGE_CONNS connections, ${RUN}s"
  load "$WORK/warm" -c "$PAGE_CONNS" -d "${WARM}s" -s benches/report.lua -H 'Accept-Encoding: gzip' "$base$PAGE"
  load "$WORK/${name}_page" -c "$PAGE_CONNS" -d "${RUN}s" -s benches/report.lua -H 'Accept-Encoding: gzip' "$base$PAGE"
  say "$name: approval POSTs, $APPROVE_CONNS connections, up to ${RUN}s"
  load "$WORK/${name}_approve" -c "$APPROVE_CONNS" -d "${RUN}s" -s benches/approve.lua "$base" -- "$SEED/approvals.tsv"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}
run_on redb "PORTHOLE__STORAGE__DATA_DIR=$DATA"
run_on postgres "${PG_ENV[@]}"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
per_s() { awk -v n="$(field approve_303 "$1")" -v us="$(field approve_duration_us "$1")" 'BEGIN { printf "%.0f", (us > 0 ? n / (us / 1e6) : 0) }'; }
for f in redb_page postgres_page; do
  [ "$(field errors "$WORK/$f")" = 0 ] || { echo "$f: some requests failed" >&2; cat "$WORK/$f" >&2; exit 1; }
done
for f in redb_approve postgres_approve; do
  [ "$(field approve_other "$WORK/$f")" = 0 ] || { echo "$f: refused decisions" >&2; cat "$WORK/$f" >&2; exit 1; }
done
REDB_PAGE=$(field rps "$WORK/redb_page")
PG_PAGE=$(field rps "$WORK/postgres_page")
REDB_DEC=$(per_s "$WORK/redb_approve")
PG_DEC=$(per_s "$WORK/postgres_approve")
echo "redb_page_p99_ms: $(ms "$(field p99_us "$WORK/redb_page")")"
echo "postgres_page_p99_ms: $(ms "$(field p99_us "$WORK/postgres_page")")"
echo "redb_decision_p99_ms: $(ms "$(field approve_p99_us "$WORK/redb_approve")")"
echo "postgres_decision_p99_ms: $(ms "$(field approve_p99_us "$WORK/postgres_approve")")"
echo "redb_page_rps: $(printf '%.0f' "$REDB_PAGE")"
echo "postgres_page_rps: $(printf '%.0f' "$PG_PAGE")"
echo "page_postgres_vs_redb_ratio: $(ratio "$PG_PAGE" "$REDB_PAGE")"
echo "redb_decisions_per_s: $REDB_DEC"
echo "postgres_decisions_per_s: $PG_DEC"
echo "decisions_postgres_vs_redb_ratio: $(ratio "$PG_DEC" "$REDB_DEC")"
