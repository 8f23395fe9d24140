// memberlist-bench: N real HashiCorp memberlist instances in one process over an in-memory
// transport, with every duration of DefaultLANConfig() scaled down, and faults scripted in
// gossip-sim's `ev=` syntax. Prints one JSON object shaped like gossip-sim's report
// (false_suspicions, false_deaths, failures[]) plus the lateness of Go timers measured
// during the run. See docs/memberlist.md; bench/memberlist/run.sh builds and runs it.
//
// Build (GOPATH mode, memberlist 0.2.2 from Debian's golang-github-hashicorp-memberlist-dev):
//
//	GO111MODULE=off GOPATH=$(mktemp -d):/usr/share/gocode go build -o memberlist-bench .
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"os"
	"sort"
	"sync/atomic"
	"time"

	"github.com/hashicorp/memberlist"
)

type Report struct {
	Scenario        string         `json:"scenario"`
	Seed            int64          `json:"seed"`
	UntilMs         int64          `json:"until_ms"`
	Scale           float64        `json:"scale"`
	Config          map[string]any `json:"config"`
	Messages        map[string]any `json:"messages"`
	Failures        []Failure      `json:"failures"`
	FalseSuspicions map[string]any `json:"false_suspicions"`
	Probes          map[string]int `json:"probes"`
	FalseDeaths     map[string]any `json:"false_deaths"`
	Log             map[string]int `json:"log_lines"`
	TimerLateness   map[string]any `json:"timer_lateness"`
	JoinRealMs      int64          `json:"join_real_ms"`
}

func main() {
	nodes := flag.Int("nodes", 64, "members, all started and joined before the scenario begins")
	until := flag.Duration("until", 300*time.Second, "simulated length of the scenario")
	scale := flag.Float64("scale", 0.2, "real seconds per simulated second: every duration of DefaultLANConfig() and of the network is multiplied by it")
	latency := flag.Duration("latency", 50*time.Millisecond, "mean one-way packet latency (simulated), uniform in [mean/2, 3*mean/2) as gossip-sim")
	loss := flag.Float64("loss", 0, "UDP packet loss, percent (streams are reliable)")
	seed := flag.Int64("seed", 1, "seed of the network's draws (memberlist's own are not seeded)")
	tcpPings := flag.Bool("tcp-pings", true, "memberlist's TCP fallback ping (false sets DisableTcpPings)")
	awareness := flag.Int("awareness-max", 8, "AwarenessMaxMultiplier (1 disables Lifeguard's local health multiplier)")
	suspMax := flag.Int("suspicion-max-mult", 6, "SuspicionMaxTimeoutMult (1 disables Lifeguard's dynamic suspicion timeout)")
	suspMult := flag.Int("suspicion-mult", 4, "SuspicionMult (gossip-sim's n): a suspicion times out after at least SuspicionMult x log10(N) probe intervals")
	evs := flag.String("ev", "", "faults in gossip-sim's ev syntax: TIME.crash.ID, TIME.slow.ID.DELAY, TIME.fast.ID, TIME.pause.ID.DUR, TIME.cut.A>B, TIME.mend.A>B")
	stagger := flag.Bool("stagger", false, "create the members a random fraction of ProbeInterval apart: memberlist 0.2.2 starts its probe and gossip tickers when a member is created and its random stagger only delays their reader, so members created in one loop probe in step (every crash is first suspected at the same phase of the second)")
	verbose := flag.Bool("v", false, "progress on stderr")
	flag.Parse()

	if *nodes < 2 || *scale <= 0 || *loss < 0 || *loss > 100 || *awareness < 1 || *suspMax < 1 || *suspMult < 1 {
		fmt.Fprintln(os.Stderr, "nodes >= 2, scale > 0, loss in 0..=100, awareness-max >= 1, suspicion-max-mult >= 1, suspicion-mult >= 1")
		os.Exit(2)
	}
	events, err := parseEvents(*evs, *nodes)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	progress := func(format string, a ...any) {
		if *verbose {
			fmt.Fprintf(os.Stderr, format+"\n", a...)
		}
	}

	// The members join over a lossless network; the loss starts with the scenario.
	network := NewNetwork(*scale, *latency, 0, *seed)
	obs := NewObserver(*nodes, *scale)
	if err := obs.InstallMetrics(); err != nil {
		log.Fatal(err)
	}
	sc := func(d time.Duration) time.Duration { return time.Duration(float64(d) * *scale) }

	var base *memberlist.Config
	staggerRng := rand.New(rand.NewSource(*seed))
	createStart := time.Now()
	for i := 0; i < *nodes; i++ {
		if *stagger && i > 0 {
			time.Sleep(time.Duration(staggerRng.Int63n(int64(sc(memberlist.DefaultLANConfig().ProbeInterval)))))
		}
		name := fmt.Sprintf("n%02d", i)
		obs.names[name] = i
		c := memberlist.DefaultLANConfig()
		c.Name = name
		c.Transport = network.NewTransport(name)
		c.Events = eventDelegate{obs, i}
		c.Ping = pingDelegate{obs, i}
		c.Logger = log.New(logWriter{obs, i}, "", 0)
		c.TCPTimeout = sc(c.TCPTimeout)
		c.PushPullInterval = sc(c.PushPullInterval)
		c.ProbeInterval = sc(c.ProbeInterval)
		c.ProbeTimeout = sc(c.ProbeTimeout)
		c.GossipInterval = sc(c.GossipInterval)
		c.GossipToTheDeadTime = sc(c.GossipToTheDeadTime)
		c.DeadNodeReclaimTime = sc(c.DeadNodeReclaimTime)
		c.DisableTcpPings = !*tcpPings
		c.AwarenessMaxMultiplier = *awareness
		c.SuspicionMaxTimeoutMult = *suspMax
		c.SuspicionMult = *suspMult
		if i == 0 {
			base = c
		}
		ml, err := memberlist.Create(c)
		if err != nil {
			log.Fatalf("create %s: %v", name, err)
		}
		obs.list[i] = ml
	}

	// Join, then wait until every member lists all as alive.
	joinStart := time.Now()
	// Join through member 0, one at a time (memberlist's Join is a push-pull with it).
	seedAddr := fmt.Sprintf("%s:%d", network.nodes[0].ip, network.nodes[0].port)
	for i := 1; i < *nodes; i++ {
		if _, err := obs.list[i].Join([]string{seedAddr}); err != nil {
			log.Fatalf("join n%02d: %v", i, err)
		}
	}
	stopPoll := make(chan struct{})
	go obs.RunPoller(sc(250*time.Millisecond), stopPoll)
	for {
		ok := true
		for _, ml := range obs.list {
			alive := 0
			for _, n := range ml.Members() {
				if mirror(n).State == memberlist.StateAlive {
					alive++
				}
			}
			ok = ok && alive == *nodes
		}
		if ok {
			break
		}
		if time.Since(joinStart) > 60*time.Second {
			log.Fatal("the cluster did not converge within 60 s (real) of joining")
		}
		time.Sleep(10 * time.Millisecond)
	}
	joinMs := time.Since(joinStart).Milliseconds()
	// (every entry changed state since its member was created: with -stagger that is well
	// before the join)
	if err := obs.checkMirror(time.Since(createStart) + time.Second); err != nil {
		log.Fatal(err)
	}
	progress("joined %d members in %d ms (real)", *nodes, joinMs)

	probe := StartLatenessProbe(5 * time.Millisecond)
	network.mu.Lock()
	network.loss = *loss / 100
	network.mu.Unlock()
	atomic.StoreInt64(&network.sent, 0)
	atomic.StoreInt64(&network.lost, 0)
	atomic.StoreInt64(&network.delivered, 0)
	atomic.StoreInt64(&network.streams, 0)
	obs.Start()
	start := time.Now()
	for _, e := range events {
		e := e
		time.AfterFunc(sc(e.At), func() {
			progress("%s", e.Text)
			switch e.Action {
			case "crash":
				obs.MarkCrashed(e.Node)
				network.Crash(e.Node)
				go obs.list[e.Node].Shutdown()
			case "slow":
				obs.MarkFaulty(e.Node)
				network.SetSlow(e.Node, e.Dur)
			case "fast":
				network.SetSlow(e.Node, 0)
			case "pause":
				obs.MarkFaulty(e.Node)
				network.Pause(e.Node, e.Dur)
			case "cut":
				network.Cut(e.Node, e.Other, true)
			case "mend":
				network.Cut(e.Node, e.Other, false)
			}
		})
	}
	time.Sleep(time.Until(start.Add(sc(*until))))
	obs.mu.Lock()
	obs.counting = false
	obs.mu.Unlock()
	p50, p99, p999, pmax, count := probe.Percentiles()
	close(stopPoll)

	realMs := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	simMs := func(d time.Duration) float64 { return realMs(d) / *scale }
	obs.mu.Lock()
	pairs := func(m map[[2]int]bool) int { return len(m) }
	firstHand, firstHandByFaulty := obs.FirstHand()
	logs := map[string]int{}
	for k, v := range obs.LogCounts {
		logs[k] = v
	}
	faulty := []int{}
	for i, f := range obs.faulty {
		if f {
			faulty = append(faulty, i)
		}
	}
	sort.Ints(faulty)
	rep := Report{
		Scenario: fmt.Sprintf("nodes=%d&loss=%g&latency=%d&seed=%d&ev=%s", *nodes, *loss, latency.Milliseconds(), *seed, *evs),
		Seed:     *seed,
		UntilMs:  until.Milliseconds(),
		Scale:    *scale,
		Config: map[string]any{
			"memberlist":                 "0.2.2 (Debian golang-github-hashicorp-memberlist-dev)",
			"profile":                    "DefaultLANConfig, every duration x scale",
			"probe_interval_ms":          base.ProbeInterval.Milliseconds(),
			"disable_tcp_pings":          base.DisableTcpPings,
			"awareness_max_multiplier":   base.AwarenessMaxMultiplier,
			"suspicion_max_timeout_mult": base.SuspicionMaxTimeoutMult,
			"suspicion_mult":             base.SuspicionMult,
			"stagger":                    *stagger,
		},
		Messages: map[string]any{
			"packets_sent":      network.sent,
			"packets_lost":      network.lost,
			"packets_delivered": network.delivered,
			"packets_overflow":  network.dropped,
			"streams":           network.streams,
			"poller_wakes":      obs.Wakes,
		},
		FalseSuspicions: map[string]any{
			"events":               obs.FalseSuspicions,
			"first_hand":           firstHand,
			"first_hand_log_mark":  obs.FirstHandLogMark,
			"by_faulty":            obs.FalseSuspicionsByFaulty,
			"of_faulty":            obs.FalseSuspicionsOfFaulty,
			"first_hand_by_faulty": firstHandByFaulty,
			"pairs":                pairs(obs.suspectPairs),
			"split":                obs.Split(),
		},
		// Probes started = acked before ProbeTimeout + "Failed ping" lines; of those, the
		// failed ones logged "Suspect X has failed" (whether or not X turned suspect).
		Probes: map[string]int{
			"quick_acks_by_healthy":    obs.QuickAcks[0],
			"quick_acks_by_faulty":     obs.QuickAcks[1],
			"failed_pings_by_healthy":  obs.FailedPings[0],
			"failed_pings_by_faulty":   obs.FailedPings[1],
			"suspect_lines_by_healthy": obs.SuspectLines[0],
			"suspect_lines_by_faulty":  obs.SuspectLines[1],
		},
		FalseDeaths: map[string]any{"events": obs.FalseDeaths, "pairs": pairs(obs.deathPairs), "split": obs.DeathSplit()},
		Log:         logs,
		TimerLateness: map[string]any{
			"samples":      count,
			"step_real_ms": 5,
			"p50_real_ms":  realMs(p50),
			"p99_real_ms":  realMs(p99),
			"p999_real_ms": realMs(p999),
			"max_real_ms":  realMs(pmax),
			"p99_sim_ms":   simMs(p99),
			"max_sim_ms":   simMs(pmax),
		},
		JoinRealMs: joinMs,
	}
	obs.mu.Unlock()
	rep.Failures = obs.Failures()
	if rep.Failures == nil {
		rep.Failures = []Failure{}
	}
	out, _ := json.Marshal(rep)
	fmt.Println(string(out))
	os.Exit(0) // do not wait for 64 memberlists to shut down
}
