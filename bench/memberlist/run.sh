#!/usr/bin/env bash
# Differential bench: HashiCorp memberlist 0.2.2 (64 real instances, in-memory transport,
# DefaultLANConfig with every duration x SCALE) against gossip-sim on the same scenarios.
# Prints one table: scenario | variant | figure | memberlist | gossip-sim | ratio.
# A benchmark, not a test: it takes about (runs x (DURATION x SCALE + 5 s)), one run at a
# time, and its timers are real: keep the machine quiet (the table reports timer lateness).
#
#   bench/memberlist/run.sh                      # everything (about 40 min at the defaults)
#   SCENARIOS="loss10 crash" VARIANTS=lan SEEDS=1 bench/memberlist/run.sh
#
# Needs: apt-get install -y golang-go golang-github-hashicorp-memberlist-dev ; cargo; python3.
# Environment: SEEDS (memberlist seeds per cell, default 2), SIM_SEEDS (default 4),
# ML_SEEDS (a list of memberlist seeds to run instead, e.g. "3 4" to add two to an OUT),
# DURATION (simulated seconds, default 300), SCALE (default 0.2), SCENARIOS, VARIANTS,
# OUT (a directory for the raw JSON, default a new temporary one), SIM_ONLY=1 (run only
# gossip-sim, keeping the memberlist runs already in OUT; it still builds gossip-sim with
# `cargo build --release` in this checkout, and tries the Go build, whose failure it ignores), ML_NICE (run memberlist-bench
# under `nice -n ML_NICE`, e.g. -10 as root, so that its real-time timers wait less for the
# other work on the machine).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
SEEDS="${SEEDS:-2}"
SIM_SEEDS="${SIM_SEEDS:-4}"
DURATION="${DURATION:-300}"
SCALE="${SCALE:-0.2}"
SCENARIOS="${SCENARIOS:-loss1 loss5 loss10 slow pause crash}"
VARIANTS="${VARIANTS:-lan notcp notcp-nolg}"
OUT="${OUT:-$(mktemp -d /tmp/memberlist-bench.XXXXXX)}"
mkdir -p "$OUT"

# --- the scenarios: one line each, used by both programs ---------------------------------
scenario_loss() { case "$1" in loss1) echo 1 ;; loss5) echo 5 ;; loss10) echo 10 ;; *) echo 0 ;; esac; }
scenario_ev() {
  case "$1" in
    slow) echo '10s.slow.1.1200ms,10s.slow.2.1200ms,10s.slow.3.1200ms' ;;
    pause) echo '60s.pause.7.2s,120s.pause.7.5s,180s.pause.7.10s,240s.pause.7.20s' ;;
    crash) echo '60s.crash.5,120s.crash.17,180s.crash.33,240s.crash.49' ;;
    *) echo '' ;;
  esac
}

# --- the variants -------------------------------------------------------------------------
# memberlist: flags of memberlist-bench.
ml_flags() {
  case "$1" in
    lan) echo '' ;;                                   # DefaultLANConfig as it is
    notcp) echo '-tcp-pings=false' ;;                 # DisableTcpPings = true
    notcp-nolg) echo '-tcp-pings=false -awareness-max 1 -suspicion-max-mult 1' ;;
    *) echo "unknown variant $1" >&2; exit 2 ;;
  esac
}
# gossip-sim: THE ONE PLACE FOR THE SIM'S KEY NAMES. `profile=lan` runs what memberlist
# runs (Lifeguard, the TCP fallback ping, gossip to suspects and to the dead for 30 s);
# `-awareness-max 1 -suspicion-max-mult 1` turn off Lifeguard's two multipliers in memberlist,
# which is `lifeguard=buddy.nack` here.
SIM_BASE='proto=swim&nodes=64&topo=full'
sim_keys() {
  case "$1" in
    lan)        echo 'profile=lan' ;;
    notcp)      echo 'profile=lan&tcp_ping=off' ;;
    notcp-nolg) echo 'profile=lan&tcp_ping=off&lifeguard=buddy.nack' ;;
  esac
}

# --- build --------------------------------------------------------------------------------
echo "building memberlist-bench (GOPATH mode) and gossip-sim ..." >&2
gopath="$OUT/gopath"
mkdir -p "$gopath"
(cd "$here" && GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOFLAGS= \
  go build -o "$OUT/memberlist-bench" .) || [ "${SIM_ONLY:-0}" = 1 ]
(cd "$root" && cargo build --release -q -p gossip-sim --bin gossip-sim)
sim="$root/target/release/gossip-sim"

# --- run ----------------------------------------------------------------------------------
for sc in $SCENARIOS; do
  loss="$(scenario_loss "$sc")"
  ev="$(scenario_ev "$sc")"
  for v in $VARIANTS; do
    for seed in ${ML_SEEDS:-$(seq 1 "$SEEDS")}; do
      [ "${SIM_ONLY:-0}" = 1 ] && break
      f="$OUT/ml.$sc.$v.$seed.json"
      echo "memberlist $sc $v seed $seed ($(date +%T)) ..." >&2
      # shellcheck disable=SC2046
      if ! ${ML_NICE:+nice -n "$ML_NICE"} "$OUT/memberlist-bench" -nodes 64 -until "${DURATION}s" -scale "$SCALE" \
          -loss "$loss" -seed "$seed" -ev "$ev" $(ml_flags "$v") > "$f" 2> "$f.err"; then
        echo "{\"error\": $(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read().strip()[-200:]))' "$f.err")}" > "$f"
      fi
    done
    for seed in $(seq 1 "$SIM_SEEDS"); do
      f="$OUT/sim.$sc.$v.$seed.json"
      q="$SIM_BASE&$(sim_keys "$v")&loss=$loss&seed=$seed"
      [ -n "$ev" ] && q="$q&ev=$ev"
      if ! "$sim" "$q" --until "${DURATION}s" > "$f" 2> "$f.err"; then
        echo "{\"error\": $(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read().strip()[:200]))' "$f.err")}" > "$f"
      fi
    done
  done
done

# --- the table ----------------------------------------------------------------------------
python3 "$here/table.py" "$OUT" "$SCENARIOS" "$VARIANTS"
echo "raw JSON: $OUT" >&2
