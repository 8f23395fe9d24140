#!/usr/bin/env bash
# Side by side with foca 2.0 (a production Rust SWIM), one process per run:
#   ours: release gossip-sim 'proto=swim&topo=full&latency=5&nodes=N' --until 60s
#   foca: release bench/foca-compare N --until 60 --latency 5 (Config::new_lan(N), PostcardCodec)
# Full membership at start, ~5 ms one-way latency, no loss, 60 s of simulated time.
# Runs are taken in turn (ours, foca, ours, foca, ...) and the median of each side is printed
# with its ratio (ours / foca). Peak memory is /usr/bin/time's %M (peak RSS).
#
#   bash scripts/foca-compare.sh [NODES...]      default: 1000 5000
#   RUNS=3 bash scripts/foca-compare.sh 1000     runs per side and size (default 2)
#   JOBS=1: cargo build jobs (default 1: this machine is shared)
#
# bench/foca-compare is a workspace of its own: the main workspace's tests, clippy and fmt do
# not build it; only this script does.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
RUNS=${RUNS:-2}
JOBS=${JOBS:-1}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 5000)
command -v jq >/dev/null || { echo "needs jq" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (GNU time)" >&2; exit 2; }

cargo build --release --locked -j "$JOBS" -p gossip-sim --bin gossip-sim >&2
cargo build --release --locked -j "$JOBS" --manifest-path bench/foca-compare/Cargo.toml >&2
OURS=target/release/gossip-sim
FOCA=bench/foca-compare/target/release/foca-compare

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs "$@" under /usr/bin/time; prints its JSON with "time_wall_s" (whole process, from the
# clock in ns: %e has only 10 ms steps) and "time_peak_kb" (%M) added.
timed() {
  local start end wall peak
  start=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$tmp/time" "$@" >"$tmp/out"
  end=$(date +%s%N)
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
  read -r peak <"$tmp/time"
  jq -c --argjson w "$wall" --argjson m "$peak" '. + {time_wall_s: $w, time_peak_kb: $m}' "$tmp/out"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

for n in "${SIZES[@]}"; do
  for r in $(seq "$RUNS"); do
    echo "N=$n run $r/$RUNS: ours" >&2
    timed "$OURS" "proto=swim&topo=full&latency=5&nodes=$n" --until 60s >>"$tmp/ours-$n"
    # Our start-up alone (building the nodes and their tables; 1 ms of simulated time).
    timed "$OURS" "proto=swim&topo=full&latency=5&nodes=$n" --until 1ms >>"$tmp/ours0-$n"
    echo "N=$n run $r/$RUNS: foca" >&2
    timed "$FOCA" "$n" --until 60 --latency 5 >>"$tmp/foca-$n"
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
echo
echo "60 s simulated, full membership, latency 5 ms (uniform 2.5-7.5 ms), no loss; medians of $RUNS runs each, taken in turn."
echo "whole = the process's wall time; start-up: ours = a run to 1 ms, foca = apply_many of every member at every"
echo "instance (timed inside); run = whole - start-up. msg events/s = messages delivered (none dropped) per second of run."
echo "Ratios are ours / foca's (below 1: ours takes less time or memory; above 1: ours handles more messages a second)."
echo
echo "| nodes | whole: ours / foca | ratio | start-up: ours / foca | run: ours / foca | ratio | msgs per member-s: ours / foca | msg events/s: ours / foca | ratio | peak RSS: ours / foca | ratio |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${SIZES[@]}"; do
  o="$tmp/ours-$n" f="$tmp/foca-$n"
  ow=$(jq .time_wall_s "$o" | median)
  os=$(jq .time_wall_s "$tmp/ours0-$n" | median)
  fw=$(jq .time_wall_s "$f" | median)
  fs=$(jq .setup_wall_s "$f" | median)
  orun=$(calc %.4f "$ow - $os")
  frun=$(jq .run_wall_s "$f" | median)
  om=$(jq '(.messages.delivered + .messages.dropped)' "$o" | median)
  fm=$(jq .messages_delivered "$f" | median)
  oe=$(calc %.0f "$om / $orun")
  fe=$(calc %.0f "$fm / $frun")
  op=$(jq .time_peak_kb "$o" | median)
  fp=$(jq .time_peak_kb "$f" | median)
  printf '| %s | %.2f / %.2f s | %s | %.2f / %.2f s | %.2f / %.2f s | %s | %.2f / %.2f | %.2f / %.2f M | %s | %.0f / %.0f MB | %s |\n' \
    "$n" "$ow" "$fw" "$(ratio "$ow" "$fw")" "$os" "$fs" "$orun" "$frun" "$(ratio "$orun" "$frun")" \
    "$(calc %.3f "$om / $n / 60")" "$(calc %.3f "$fm / $n / 60")" \
    "$(calc %.3f "$oe / 1e6")" "$(calc %.3f "$fe / 1e6")" "$(ratio "$oe" "$fe")" \
    "$(calc %.1f "$op / 1024")" "$(calc %.1f "$fp / 1024")" "$(ratio "$op" "$fp")"
done
echo
echo "Checks (should be 0): foca [MemberDown notifications, errors]; ours [false suspicions, false deaths]:"
for n in "${SIZES[@]}"; do
  printf 'N=%s foca: %s  ours: %s\n' "$n" \
    "$(jq -c '[.member_down, .errors]' "$tmp/foca-$n" | tr '\n' ' ')" \
    "$(jq -c '[.false_suspicions.events, .false_deaths.events]' "$tmp/ours-$n" | tr '\n' ' ')"
done
