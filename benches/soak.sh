#!/usr/bin/env bash
# Soak: mixed load against a seeded release server for a while, watching memory and latency.
#
#   bash benches/soak.sh [--minutes N]    # default 10
#
# 90% project page GETs, 8% downloads of a 4 MiB file, 2% approval POSTs (each a different
# pending approval: no replays), from wrk on core 1 against porthole pinned to core 0 (as in
# load.sh). Every 10 s: resident memory, requests/s and p99 latency of that 10 s, as a table
# on stderr. Ends with `name: value` lines: soak_rss_start_mib (after the first 10 s),
# soak_rss_end_mib,
# soak_rss_drift_pct, soak_p99_first_minute_ms, soak_p99_last_minute_ms (the worst 10 s
# p99 of that minute) and soak_errors (non-2xx/303 answers and socket errors).
# Knobs (environment): SOAK_CONNS (16), KEEP_DIR=1, PORTHOLE_BIN (another build to measure).
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=10
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes)
      MINUTES=${2:?--minutes needs a number}
      shift 2
      ;;
    -h | --help)
      sed -n '2,14p' "$0"
      exit 0
      ;;
    *)
      echo "unknown argument: $1" >&2
      exit 2
      ;;
  esac
done
case "$MINUTES" in '' | *[!0-9]* | 0)
  echo "--minutes wants a positive whole number" >&2
  exit 2
  ;;
esac
CONNS=${SOAK_CONNS:-16}
STEP=10
STEPS=$((MINUTES * 60 / STEP))
# 2% of up to ~20,000 requests/s; when they run out, the POST slots become page GETs.
APPROVALS=$((MINUTES * 60 * 400))

# shellcheck source=benches/lib.sh
. benches/lib.sh
need_tools wrk taskset curl
build_release
make_workdir soak
start_porthole 50 "$APPROVALS" 4
sleep 1

PAGE=$(cat "$SEED/page_path")
DL=$(cat "$SEED/download_path")
USED=0
ERRORS=0
P99S=()
RSS_IDLE=$(rss_kb "$PORTHOLE_PID")
RSS_START=""
say "soaking for $MINUTES min, $CONNS connections"
printf '%6s %9s %9s %9s %7s\n' t_s rss_mib rps p99_ms errors >&2
for i in $(seq "$STEPS"); do
  out=$WORK/step
  timeout $((STEP + 30)) taskset -c 1 wrk -t1 -c "$CONNS" -d "${STEP}s" --latency --timeout 10s \
    -s benches/soak.lua "$P" -- "$PAGE" "$DL" "$SEED/approvals.tsv" "$USED" >"$out" 2>&1 || {
    cat "$out" >&2
    exit 1
  }
  USED=$((USED + $(field decided "$out")))
  errs=$(($(field bad "$out") + $(field socket_errors "$out")))
  ERRORS=$((ERRORS + errs))
  p99=$(awk -v us="$(field p99_us "$out")" 'BEGIN { printf "%.2f", us / 1000 }')
  P99S+=("$p99")
  # Drift is counted from the first sample under load, not from idle: caches and
  # connection buffers filling once is not a leak.
  [ -n "$RSS_START" ] || RSS_START=$(rss_kb "$PORTHOLE_PID")
  printf '%6d %9s %9.0f %9s %7d\n' $((i * STEP)) "$(mib "$(rss_kb "$PORTHOLE_PID")")" \
    "$(field rps "$out")" "$p99" "$errs" >&2
done
RSS_END=$(rss_kb "$PORTHOLE_PID")

# The worst 10 s p99 among the first (last) minute's samples.
per_minute=$((60 / STEP))
worst() { printf '%s\n' "$@" | sort -g | tail -n 1; }
FIRST=$(worst "${P99S[@]:0:per_minute}")
LAST=$(worst "${P99S[@]: -per_minute}")
echo "soak_approvals_decided: $USED"
echo "soak_rss_idle_mib: $(mib "$RSS_IDLE")"
echo "soak_rss_start_mib: $(mib "$RSS_START")"
echo "soak_rss_end_mib: $(mib "$RSS_END")"
echo "soak_rss_drift_pct: $(awk -v a="$RSS_START" -v b="$RSS_END" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')"
echo "soak_p99_first_minute_ms: $FIRST"
echo "soak_p99_last_minute_ms: $LAST"
echo "soak_errors: $ERRORS"
