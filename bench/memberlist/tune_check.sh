#!/usr/bin/env bash
# A `gossip-sim tune` answer checked against HashiCorp memberlist 0.2.2 (docs/memberlist.md,
# "A tune answer checked against memberlist"): which suspicion multiplier n (memberlist's
# SuspicionMult) keeps members paused for up to 10 s alive and still has every member see a
# crash dead within 16 s at the 95th percentile. Runs the tune question in gossip-sim, then
# memberlist-bench for each setting in NS (one run at a time), and prints tune's goal metrics
# with tune's 95 % bounds from both programs' reports (bench/memberlist/goals.py).
#
#   bench/memberlist/tune_check.sh          # the runs of 2026-12-07: n=5 seeds 1-2, n=6 1-8, n=7 1-5
#   NS="6" SEEDS6="9 10" OUT=/tmp/mlt bench/memberlist/tune_check.sh   # add two runs to an OUT
#
# Environment: NS (settings of n to run in memberlist, default "5 6 7"; NS="" the sim only); SEEDS5, SEEDS6,
# SEEDS7 (their memberlist seeds; other settings take ML_SEEDS, default "1 2 3"); SCALE
# (default 0.5: 300 simulated s take 150 real ones); ML_NICE (default -10, needs root; empty:
# no nice); STAGGER=1 (memberlist-bench -stagger, reports named mlst.*); OUT (default a new
# temporary directory; runs already in it are kept). Takes about 160 s a memberlist run.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
NS="${NS-5 6 7}"
seeds_for() {
  case "$1" in
    5) echo "${SEEDS5:-1 2}" ;;
    6) echo "${SEEDS6:-1 2 3 4 5 6 7 8}" ;;
    7) echo "${SEEDS7:-1 2 3 4 5}" ;;
    *) echo "${ML_SEEDS:-1 2 3}" ;;
  esac
}
tag=ml
stagger=
if [ "${STAGGER:-0}" = 1 ]; then tag=mlst; stagger=-stagger; fi
SCALE="${SCALE:-0.5}"
ML_NICE="${ML_NICE--10}"
OUT="${OUT:-$(mktemp -d /tmp/memberlist-tune.XXXXXX)}"
mkdir -p "$OUT"

# 12 crashes 10 s apart (their detection is over before the first pause), then pauses of
# 4, 6, 8 s and four of 10 s, each of a member of its own.
EV='10s.crash.11,20s.crash.12,30s.crash.13,40s.crash.14,50s.crash.15,60s.crash.16,70s.crash.17,80s.crash.18,90s.crash.19,100s.crash.20,110s.crash.21,120s.crash.22,140s.pause.31.4s,160s.pause.32.6s,180s.pause.33.8s,200s.pause.34.10s,225s.pause.35.10s,250s.pause.36.10s,275s.pause.37.10s'
BASE="proto=swim&profile=lan&nodes=64&topo=full&latency=50&ev=$EV"

echo "building memberlist-bench (GOPATH mode) and gossip-sim ..." >&2
mkdir -p "$OUT/gopath"
(cd "$here" && GO111MODULE=off GOPATH="$OUT/gopath:/usr/share/gocode" GOFLAGS= \
  go build -o "$OUT/memberlist-bench" .)
(cd "$root" && cargo build --release -q -p gossip-sim --bin gossip-sim)
sim="$root/target/release/gossip-sim"

"$sim" tune "$BASE" --vary n=3..8 --goal 'all_dead_p95<=16s' \
  --goal 'false_deaths_per_member_day<=5' --minimize bytes_per_member_s --seeds 8 \
  --until 300s > "$OUT/tune.json"
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["answer"])' "$OUT/tune.json"

for n in $NS; do
  for seed in $(seeds_for "$n"); do
    f="$OUT/$tag.n$n.$seed.json"
    [ -s "$f" ] && continue
    echo "memberlist n=$n seed $seed ($(date +%T)) ..." >&2
    ${ML_NICE:+nice -n "$ML_NICE"} "$OUT/memberlist-bench" -nodes 64 -until 300s \
      -scale "$SCALE" -latency 50ms -seed "$seed" -suspicion-mult "$n" $stagger -ev "$EV" \
      > "$f.tmp" 2> "$f.err"
    mv "$f.tmp" "$f"
  done
  echo "memberlist n=$n: $(python3 "$here/goals.py" 64 300 "$OUT/$tag.n$n".*.json)"
done
echo "raw JSON: $OUT" >&2
