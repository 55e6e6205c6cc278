# Shared by benches/load.sh and benches/soak.sh (sourced, not run): tools, build, a work
# dir cleaned up on exit, and a seeded porthole pinned to core 0.

say() { echo "== $*" >&2; }

# Install what is missing from Debian: `need_tools wrk curl taskset [nginx]`.
need_tools() {
  local need=() tool
  for tool in "$@"; do
    case "$tool" in
      nginx) command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light) ;;
      taskset) command -v taskset >/dev/null 2>&1 || need+=(util-linux) ;;
      *) command -v "$tool" >/dev/null 2>&1 || need+=("$tool") ;;
    esac
  done
  if [ ${#need[@]} -gt 0 ]; then
    say "installing: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ "$(nproc)" -lt 2 ]; then
    echo "needs two cores (server on core 0, load generator on core 1)" >&2
    exit 1
  fi
}

# PORTHOLE_BIN=path measures that binary instead of this tree's (an older build, to compare
# two builds on the same machine in turn); the seeder is always this tree's.
build_release() {
  say "building (release)"
  cargo build --release --quiet --bin porthole --example load_seed
  BIN=${PORTHOLE_BIN:-target/release/porthole}
  SEEDER=target/release/examples/load_seed
  [ -x "$BIN" ] || { echo "no binary at $BIN" >&2; exit 1; }
}

# A temp work dir, and the processes to stop on exit (add pids to BG_PIDS).
BG_PIDS=()
make_workdir() {
  WORK=$(mktemp -d -t "porthole-$1.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}
cleanup() {
  local pid
  for pid in "${BG_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BG_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "${KEEP_DIR:-0}" = 1 ]; then
    echo "kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}

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

# Resident memory of a process, in KiB.
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# Seed a data dir and start porthole on core 0:
#   start_porthole MILESTONES APPROVALS DOWNLOAD_MIB
# Sets DATA, SEED (the seeder's output dir), P (base URL), PORTHOLE_PID.
start_porthole() {
  say "seeding $1 milestones, $2 pending approvals, a $3 MiB download"
  DATA=$WORK/data
  SEED=$WORK/seed
  local port
  port=$(free_port)
  export PORTHOLE__STORAGE__DATA_DIR=$DATA
  export PORTHOLE__SERVER__LISTEN=127.0.0.1:$port
  export PORTHOLE__SERVER__PUBLIC_URL=http://127.0.0.1:$port
  export PORTHOLE__LIMITS__CLIENT_PER_MINUTE=1000000000
  # Room for the 1 GiB file whose download is watched.
  export PORTHOLE__LIMITS__MAX_UPLOAD_BYTES=$((4 * 1024 * 1024 * 1024))
  timeout 300 "$SEEDER" --data-dir "$DATA" --out "$SEED" --milestones "$1" \
    --approvals "$2" --download-mib "$3" >&2

  say "starting porthole on core 0"
  taskset -c 0 "$BIN" serve >"$WORK/porthole.out" 2>"$WORK/porthole.log" &
  PORTHOLE_PID=$!
  BG_PIDS+=("$PORTHOLE_PID")
  for _ in $(seq 100); do
    grep -q "listening on" "$WORK/porthole.out" 2>/dev/null && break
    kill -0 "$PORTHOLE_PID" 2>/dev/null || { cat "$WORK/porthole.log" >&2; exit 1; }
    sleep 0.1
  done
  grep -q "listening on" "$WORK/porthole.out" || { echo "porthole did not start" >&2; exit 1; }
  P=http://127.0.0.1:$port
}

# Upload a file of MIB zero bytes as a new client-visible file of the seeded project and
# print its download path.
upload_big_file() {
  local mib=$1 project token file_id
  project=$(sed 's|.*/projects/||' "$SEED/page_path")
  token=$(cat "$SEED/staff_token")
  truncate -s "${mib}M" "$WORK/big.bin"
  file_id=$(curl -sf -H "Authorization: Bearer $token" -F name=big.bin -F "file=@$WORK/big.bin" \
    "$P/api/v1/projects/$project/files" | grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
  rm -f "$WORK/big.bin"
  [ -n "$file_id" ] || { echo "upload of the big file failed" >&2; exit 1; }
  echo "$(cat "$SEED/overview_path")/files/$file_id/1"
}

# Peak VmRSS (KiB) of PID while running the rest of the arguments as a command.
peak_rss_during() {
  local pid=$1 peak cur
  shift
  peak=$(rss_kb "$pid")
  "$@" &
  local job=$!
  while kill -0 "$job" 2>/dev/null; do
    cur=$(rss_kb "$pid")
    [ "$cur" -gt "$peak" ] && peak=$cur
    sleep 0.05
  done
  wait "$job"
  echo "$peak"
}
