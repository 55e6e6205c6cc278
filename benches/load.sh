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
# Extra figures (page_bytes, download_1gib_rss_growth_mib, ...) come just before them,
# among them the page with `Accept-Encoding: gzip` (as every browser sends it) against nginx
# `gzip_static` serving the same gzip bytes: page_gzip_rps, nginx_gzip_static_rps,
# page_gzip_vs_nginx_ratio; and `baseline_sanity`, which names any nginx run whose p99 is
# over 10x its median (a stalled baseline flatters the ratios).
#
# nginx runs in the best configuration found for these files: sendfile and tcp_nodelay on,
# tcp_nopush off (with it on, each answer waited on the client's 40 ms delayed ACK: p99
# ~42 ms), open_file_cache on (no open/stat per request), access log off.
# Knobs (environment): PAGE_CONNS (16), APPROVE_CONNS (64), MILESTONES (50), BIG_MIB (1024),
# KEEP_DIR=1, PORTHOLE_BIN (another build to measure).
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h | --help)
      sed -n '2,22p' "$0"
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
BIG_MIB=${BIG_MIB:-1024}
# Enough pending approvals for the run at up to ~40,000 decisions/s; wrk stops early if
# they run out, so no request is ever a replay.
APPROVALS=$((APPROVE_RUN * 40000))

# shellcheck source=benches/lib.sh
. benches/lib.sh
need_tools nginx wrk taskset curl
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
build_release
make_workdir load

# wrk pinned to core 1; its report goes to $1.
load() {
  local out=$1
  shift
  timeout $((RUN + APPROVE_RUN + 60)) taskset -c 1 wrk -t1 --latency --timeout 10s "$@" >"$out" 2>&1 || {
    cat "$out" >&2
    return 1
  }
}

start_porthole "$MILESTONES" "$APPROVALS" 20
sleep 1
RSS_KB=$(rss_kb "$PORTHOLE_PID")

# --- nginx serving the very same bytes -------------------------------------------------------
NPORT=$(free_port)
WWW=$WORK/www
mkdir -p "$WWW" "$WORK/nginx"
chmod 755 "$WORK" "$WWW"
curl -sf -o "$WWW/page.html" "$P$(cat "$SEED/page_path")"
# The very gzip bytes porthole sends a browser, for gzip_static.
curl -sf -H 'Accept-Encoding: gzip' -o "$WWW/page.html.gz" "$P$(cat "$SEED/page_path")"
gzip -t "$WWW/page.html.gz" || { echo "porthole did not answer gzip" >&2; exit 1; }
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
  tcp_nopush off;
  tcp_nodelay on;
  open_file_cache max=64 inactive=600s;
  open_file_cache_valid 600s;
  gzip off;
  gzip_static on;
  gzip_vary on;
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
BG_PIDS+=($!)
N=http://127.0.0.1:$NPORT
for _ in $(seq 100); do
  curl -sf -o /dev/null "$N/page.html" && break
  sleep 0.1
done
curl -sf -o /dev/null "$N/page.html" || { echo "nginx did not start" >&2; exit 1; }
curl -sf -D - -o /dev/null -H 'Accept-Encoding: gzip' "$N/page.html" | grep -qi '^content-encoding: gzip' ||
  { echo "nginx does not serve page.html.gz (gzip_static)" >&2; exit 1; }

# --- project page: porthole vs nginx static --------------------------------------------------
PAGE=$P$(cat "$SEED/page_path")
say "page GETs, $PAGE_CONNS connections, ${RUN}s each"
load "$WORK/warm" -c "$PAGE_CONNS" -d "${WARM}s" -s benches/report.lua "$PAGE"
load "$WORK/page" -c "$PAGE_CONNS" -d "${RUN}s" -s benches/report.lua "$PAGE"
load "$WORK/warm" -c "$PAGE_CONNS" -d "${WARM}s" -s benches/report.lua "$N/page.html"
load "$WORK/nginx_page" -c "$PAGE_CONNS" -d "${RUN}s" -s benches/report.lua "$N/page.html"

# --- the same page as a browser asks for it: gzip, against nginx gzip_static -----------------
GZ=(-H 'Accept-Encoding: gzip')
say "page GETs with Accept-Encoding: gzip, $PAGE_CONNS connections, ${RUN}s each"
load "$WORK/warm" -c "$PAGE_CONNS" -d "${WARM}s" -s benches/report.lua "${GZ[@]}" "$PAGE"
load "$WORK/page_gz" -c "$PAGE_CONNS" -d "${RUN}s" -s benches/report.lua "${GZ[@]}" "$PAGE"
load "$WORK/warm" -c "$PAGE_CONNS" -d "${WARM}s" -s benches/report.lua "${GZ[@]}" "$N/page.html"
load "$WORK/nginx_gz" -c "$PAGE_CONNS" -d "${RUN}s" -s benches/report.lua "${GZ[@]}" "$N/page.html"
for f in page nginx_page page_gz nginx_gz; do
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

# --- resident memory while one client downloads a 1 GiB file ----------------------------------
say "RSS while downloading a ${BIG_MIB} MiB file"
BIG=$P$(upload_big_file "$BIG_MIB")
sleep 0.5
BIG_BEFORE_KB=$(rss_kb "$PORTHOLE_PID")
BIG_PEAK_KB=$(peak_rss_during "$PORTHOLE_PID" curl -sf -o /dev/null "$BIG")

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
PAGE_GZ_RPS=$(field rps "$WORK/page_gz")
NGINX_GZ_RPS=$(field rps "$WORK/nginx_gz")
# A baseline whose p99 is over 10x its median stalled somewhere: its figures flatter us.
sanity() {
  local bad="" f p50 p99
  for f in nginx_page nginx_gz nginx_dl; do
    p50=$(field p50_us "$WORK/$f")
    p99=$(field p99_us "$WORK/$f")
    if [ "$p99" -gt $((10 * (p50 > 0 ? p50 : 1))) ]; then
      bad="$bad $f(p50 $(ms "$p50") ms, p99 $(ms "$p99") ms)"
    fi
  done
  echo "${bad:- ok}" | sed 's/^ //'
}
# Extra figures first, so that the eight SPEC lines stay the last eight.
echo "page_bytes: $(wc -c <"$WWW/page.html")"
echo "page_gzip_bytes: $(wc -c <"$WWW/page.html.gz")"
echo "nginx_static_p99_ms: $(ms "$(field p99_us "$WORK/nginx_page")")"
echo "page_gzip_p99_ms: $(ms "$(field p99_us "$WORK/page_gz")")"
echo "nginx_gzip_static_p99_ms: $(ms "$(field p99_us "$WORK/nginx_gz")")"
echo "page_gzip_rps: $(printf '%.0f' "$PAGE_GZ_RPS")"
echo "nginx_gzip_static_rps: $(printf '%.0f' "$NGINX_GZ_RPS")"
echo "page_gzip_vs_nginx_ratio: $(ratio "$PAGE_GZ_RPS" "$NGINX_GZ_RPS")"
echo "baseline_sanity: $(sanity)"
echo "download_rps: $(field rps "$WORK/dl")"
echo "nginx_download_rps: $(field rps "$WORK/nginx_dl")"
echo "approvals_acknowledged: $ACKED"
echo "download_1gib_rss_growth_mib: $(mib $((BIG_PEAK_KB - BIG_BEFORE_KB)))"
echo "rss_after_run_mib: $(mib "$(rss_kb "$PORTHOLE_PID")")"
echo "page_get_rps: $(printf '%.0f' "$PAGE_RPS")"
echo "nginx_static_rps: $(printf '%.0f' "$NGINX_RPS")"
echo "page_vs_nginx_ratio: $(ratio "$PAGE_RPS" "$NGINX_RPS")"
echo "page_p99_ms: $(ms "$(field p99_us "$WORK/page")")"
echo "approvals_durable_per_s: $(awk -v n="$DURABLE" -v us="$APPROVE_US" 'BEGIN { printf "%.0f", n / (us / 1e6) }')"
echo "approval_p99_ms: $(ms "$(field approve_p99_us "$WORK/approve")")"
echo "download_vs_nginx_ratio: $(ratio "$(field rps "$WORK/dl")" "$(field rps "$WORK/nginx_dl")")"
echo "idle_rss_mib: $(mib "$RSS_KB")"
