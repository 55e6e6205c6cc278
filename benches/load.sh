#!/usr/bin/env bash
# Load figures for porthole against nginx on the same machine (SPEC section 9).
#
#   bash benches/load.sh           # full run, a few minutes
#   bash benches/load.sh --quick   # short run, under a minute once the release build exists
#
# porthole and nginx each run pinned to core 0, the load generator (wrk) to core 1.
# Everything listens on loopback only. Figures end the output, one `name: value` a line:
#   page_get_rps, nginx_static_rps, page_vs_nginx_ratio, page_p99_ms,
#   approvals_durable_per_s, approval_p99_ms, download_vs_nginx_ratio, idle_rss_mib
# Knobs (environment): PAGE_CONNS (16), APPROVE_CONNS (64), MILESTONES (50), KEEP_DIR=1.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h | --help)
      sed -n '2,12p' "$0"
      exit 0
      ;;
    *)
      echo "unknown argument: $arg" >&2
      exit 2
      ;;
  esac
done

if [ "$QUICK" = 1 ]; then
  WARM=1 RUN=3 APPROVE_RUN=3
else
  WARM=3 RUN=15 APPROVE_RUN=10
fi
PAGE_CONNS=${PAGE_CONNS:-16}
APPROVE_CONNS=${APPROVE_CONNS:-64}
DOWNLOAD_CONNS=${DOWNLOAD_CONNS:-4}
MILESTONES=${MILESTONES:-50}
# Enough pending approvals for the run at up to ~40,000 decisions/s; wrk stops early if
# they run out, so no request is ever a replay.
APPROVALS=$((APPROVE_RUN * 40000))

say() { echo "== $*" >&2; }

# --- what the run needs -----------------------------------------------------------------
need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  say "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ "$(nproc)" -lt 2 ]; then
  echo "load.sh needs two cores (server on core 0, load generator on core 1)" >&2
  exit 1
fi

say "building (release)"
cargo build --release --quiet --bin porthole --example load_seed
BIN=target/release/porthole
SEEDER=target/release/examples/load_seed

# --- clean up whatever we start, however we leave ----------------------------------------
WORK=$(mktemp -d -t porthole-load.XXXXXX)
PORTHOLE_PID=""
NGINX_PID=""
cleanup() {
  for pid in $PORTHOLE_PID $NGINX_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $PORTHOLE_PID $NGINX_PID; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "${KEEP_DIR:-0}" = 1 ]; then
    echo "kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# `name: value` from a wrk run's report.
field() { sed -n "s/^$1: //p" "$2" | tail -n 1; }

# wrk pinned to core 1; its report goes to $1.
load() {
  local out=$1
  shift
  timeout $((RUN + APPROVE_RUN + 60)) taskset -c 1 wrk -t1 --latency --timeout 10s "$@" >"$out" 2>&1 || {
    cat "$out" >&2
    return 1
  }
}

# --- seed and start porthole ---------------------------------------------------------------
say "seeding $MILESTONES milestones, $APPROVALS pending approvals"
DATA=$WORK/data
SEED=$WORK/seed
PORT=$(free_port)
export PORTHOLE__STORAGE__DATA_DIR=$DATA
export PORTHOLE__SERVER__LISTEN=127.0.0.1:$PORT
export PORTHOLE__SERVER__PUBLIC_URL=http://127.0.0.1:$PORT
export PORTHOLE__LIMITS__CLIENT_PER_MINUTE=1000000000
timeout 300 "$SEEDER" --data-dir "$DATA" --out "$SEED" --milestones "$MILESTONES" \
  --approvals "$APPROVALS" --download-mib 20 >&2

say "starting porthole on core 0"
taskset -c 0 "$BIN" serve >"$WORK/porthole.out" 2>"$WORK/porthole.log" &
PORTHOLE_PID=$!
for _ in $(seq 100); do
  grep -q "listening on" "$WORK/porthole.out" 2>/dev/null && break
  kill -0 "$PORTHOLE_PID" 2>/dev/null || { cat "$WORK/porthole.log" >&2; exit 1; }
  sleep 0.1
done
grep -q "listening on" "$WORK/porthole.out" || { echo "porthole did not start" >&2; exit 1; }
sleep 1
RSS_KB=$(awk '/^VmRSS:/ {print $2}' "/proc/$PORTHOLE_PID/status")
P=http://127.0.0.1:$PORT

# --- nginx serving the very same bytes -------------------------------------------------------
NPORT=$(free_port)
WWW=$WORK/www
mkdir -p "$WWW" "$WORK/nginx"
chmod 755 "$WORK" "$WWW"
curl -sf -o "$WWW/page.html" "$P$(cat "$SEED/page_path")"
cp "$(cat "$SEED/download_blob")" "$WWW/download.bin"
chmod 644 "$WWW"/*
cat >"$WORK/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 100000000;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  types { text/html html; application/octet-stream bin; }
  server {
    listen 127.0.0.1:$NPORT;
    root $WWW;
  }
}
EOF
say "starting nginx on core 0"
taskset -c 0 "$NGINX" -e "$WORK/nginx/error.log" -p "$WORK/nginx" -c "$WORK/nginx.conf" &
NGINX_PID=$!
N=http://127.0.0.1:$NPORT
for _ in $(seq 100); do
  curl -sf -o /dev/null "$N/page.html" && break
  sleep 0.1
done
curl -sf -o /dev/null "$N/page.html" || { echo "nginx did not start" >&2; exit 1; }

# --- project page: porthole vs nginx static --------------------------------------------------
PAGE=$P$(cat "$SEED/page_path")
say "page GETs, $PAGE_CONNS connections, ${RUN}s each"
load "$WORK/warm" -c "$PAGE_CONNS" -d "${WARM}s" -s benches/report.lua "$PAGE"
load "$WORK/page" -c "$PAGE_CONNS" -d "${RUN}s" -s benches/report.lua "$PAGE"
load "$WORK/warm" -c "$PAGE_CONNS" -d "${WARM}s" -s benches/report.lua "$N/page.html"
load "$WORK/nginx_page" -c "$PAGE_CONNS" -d "${RUN}s" -s benches/report.lua "$N/page.html"
for f in page nginx_page; do
  if [ "$(field errors "$WORK/$f")" != 0 ]; then
    echo "$f: some requests failed" >&2
    cat "$WORK/$f" >&2
    exit 1
  fi
done

# --- a 20 MiB download: porthole vs nginx sendfile ------------------------------------------
DL=$P$(cat "$SEED/download_path")
say "20 MiB downloads, $DOWNLOAD_CONNS connections, ${RUN}s each"
load "$WORK/warm" -c "$DOWNLOAD_CONNS" -d "${WARM}s" -s benches/report.lua "$DL"
load "$WORK/dl" -c "$DOWNLOAD_CONNS" -d "${RUN}s" -s benches/report.lua "$DL"
load "$WORK/warm" -c "$DOWNLOAD_CONNS" -d "${WARM}s" -s benches/report.lua "$N/download.bin"
load "$WORK/nginx_dl" -c "$DOWNLOAD_CONNS" -d "${RUN}s" -s benches/report.lua "$N/download.bin"

# --- durable approvals: every request decides a different pending approval -----------------
TOKEN=$(cat "$SEED/staff_token")
decided() {
  curl -sf -H "Authorization: Bearer $TOKEN" "$P/api/v1/metrics/approvals" |
    grep -o '"decided":[0-9]*' | head -n 1 | cut -d: -f2
}
BEFORE=$(decided)
say "approval POSTs, $APPROVE_CONNS connections, up to ${APPROVE_RUN}s"
load "$WORK/approve" -c "$APPROVE_CONNS" -d "${APPROVE_RUN}s" -s benches/approve.lua "$P" -- "$SEED/approvals.tsv"
AFTER=$(decided)
RECORDED=$((AFTER - BEFORE))
ACKED=$(field approve_303 "$WORK/approve")
if [ "$(field approve_other "$WORK/approve")" != 0 ] || [ "$RECORDED" -lt 1 ]; then
  echo "approvals: $ACKED acknowledged, $RECORDED recorded, $(field approve_other "$WORK/approve") refused" >&2
  cat "$WORK/approve" >&2
  exit 1
fi

# A request sent as wrk ran out of approvals may be a replay: count only what was recorded.
DURABLE=$((ACKED < RECORDED ? ACKED : RECORDED))

# --- figures ----------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
PAGE_RPS=$(field rps "$WORK/page")
NGINX_RPS=$(field rps "$WORK/nginx_page")
APPROVE_US=$(field approve_duration_us "$WORK/approve")
{
  echo "page_bytes: $(wc -c <"$WWW/page.html")"
  echo "nginx_static_p99_ms: $(ms "$(field p99_us "$WORK/nginx_page")")"
  echo "download_rps: $(field rps "$WORK/dl")"
  echo "nginx_download_rps: $(field rps "$WORK/nginx_dl")"
  echo "approvals_acknowledged: $ACKED"
} >&2
echo "page_get_rps: $(printf '%.0f' "$PAGE_RPS")"
echo "nginx_static_rps: $(printf '%.0f' "$NGINX_RPS")"
echo "page_vs_nginx_ratio: $(ratio "$PAGE_RPS" "$NGINX_RPS")"
echo "page_p99_ms: $(ms "$(field p99_us "$WORK/page")")"
echo "approvals_durable_per_s: $(awk -v n="$DURABLE" -v us="$APPROVE_US" 'BEGIN { printf "%.0f", n / (us / 1e6) }')"
echo "approval_p99_ms: $(ms "$(field approve_p99_us "$WORK/approve")")"
echo "download_vs_nginx_ratio: $(ratio "$(field rps "$WORK/dl")" "$(field rps "$WORK/nginx_dl")")"
echo "idle_rss_mib: $(awk -v kb="$RSS_KB" 'BEGIN { printf "%.1f", kb / 1024 }')"
