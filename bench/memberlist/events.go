package main

// Scripted faults in gossip-sim's `ev=` syntax (a subset): TIME.crash.ID, TIME.slow.ID.DELAY,
// TIME.fast.ID, TIME.pause.ID.DURATION, TIME.cut.A>B, TIME.mend.A>B, with TIME and durations
// as whole `5s` or `1500ms`, so that run.sh gives both programs the same string.

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

type Event struct {
	At     time.Duration // simulated, from the start of the scenario
	Action string        // crash, slow, fast, pause, cut, mend
	Node   int
	Other  int           // cut/mend: the receiver
	Dur    time.Duration // slow: the delay; pause: the length
	Text   string
}

func parseDur(s string) (time.Duration, error) {
	var unit time.Duration
	var num string
	switch {
	case strings.HasSuffix(s, "ms"):
		unit, num = time.Millisecond, strings.TrimSuffix(s, "ms")
	case strings.HasSuffix(s, "s"):
		unit, num = time.Second, strings.TrimSuffix(s, "s")
	default:
		return 0, fmt.Errorf("%q: a duration is a whole 5s or 1500ms", s)
	}
	v, err := strconv.ParseUint(num, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%q: a duration is a whole 5s or 1500ms", s)
	}
	return time.Duration(v) * unit, nil
}

func parseEvents(s string, nodes int) ([]Event, error) {
	var out []Event
	if s == "" {
		return out, nil
	}
	for _, text := range strings.Split(s, ",") {
		f := strings.Split(text, ".")
		bad := func(why string) error { return fmt.Errorf("ev: event '%s': %s", text, why) }
		if len(f) < 3 {
			return nil, bad("expected TIME.ACTION.ARGS")
		}
		at, err := parseDur(f[0])
		if err != nil {
			return nil, bad(err.Error())
		}
		e := Event{At: at, Action: f[1], Text: text}
		id := func(s string) (int, error) {
			v, err := strconv.Atoi(s)
			if err != nil || v < 0 || v >= nodes {
				return 0, bad(fmt.Sprintf("node %q is not in 0..%d", s, nodes-1))
			}
			return v, nil
		}
		switch e.Action {
		case "crash", "fast":
			if len(f) != 3 {
				return nil, bad("expected TIME." + e.Action + ".ID")
			}
			if e.Node, err = id(f[2]); err != nil {
				return nil, err
			}
		case "slow", "pause":
			if len(f) != 4 {
				return nil, bad("expected TIME." + e.Action + ".ID.DURATION")
			}
			if e.Node, err = id(f[2]); err != nil {
				return nil, err
			}
			if e.Dur, err = parseDur(f[3]); err != nil || e.Dur == 0 {
				return nil, bad("the duration must be a whole 800ms or 2s above 0")
			}
		case "cut", "mend":
			ab := strings.Split(f[2], ">")
			if len(f) != 3 || len(ab) != 2 {
				return nil, bad("expected TIME." + e.Action + ".A>B (one way only here)")
			}
			if e.Node, err = id(ab[0]); err != nil {
				return nil, err
			}
			if e.Other, err = id(ab[1]); err != nil {
				return nil, err
			}
		default:
			return nil, bad("this bench knows crash, slow, fast, pause, cut, mend")
		}
		out = append(out, e)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At < out[j].At })
	return out, nil
}
