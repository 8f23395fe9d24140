package main

// Counting from memberlist's own signals (memberlist 0.2.2 has no suspicion callback):
//   - deaths: an EventDelegate per instance; NotifyLeave(member) is memberlist's
//     alive/suspect -> dead (or left) transition at that observer.
//   - suspicions: memberlist counts every state change in go-metrics (msg.suspect,
//     msg.alive, msg.dead, under the observer's node lock). A metrics sink of ours turns
//     each into a wake-up of a poller that reads every live instance's Members() (which
//     waits for that lock) and records each (observer, member) pair that went from
//     not-suspect to suspect. A suspicion lasts at least a network round trip (the suspect
//     must hear of it and refute), far longer than a poll, so none is missed in practice;
//     a periodic poll backs the wake-ups up.
//     In 0.2.2 the Node that Members() returns does not carry the state: memberlist keeps it
//     in nodeState, which embeds Node as its first field and shadows Node.State with its own
//     (Node.State stays 0). The poller reads nodeState's State and Incarnation through the
//     Node pointer (see nodeStateMirror); checkMirror verifies the layout at start-up.
//   - first-hand suspicions: probeNode logs "Suspect X has failed, no acks received" and
//     then calls suspectNode in the same goroutine (the prober's probe ticker goroutine);
//     suspectNode increments msg.suspect only when it turns X from alive to suspect (not
//     when X is suspect already and the failure only confirms it, nor when X refuted at a
//     higher incarnation while the probe ran: probeNode suspects the incarnation it read at
//     the probe's start). The log line records (prober, X) for its goroutine; a msg.suspect
//     from that goroutine is then exactly one first-hand suspicion, counted on the spot.
//     (Until 2026-12-07 the line only marked the pair and the poller counted the pair's next
//     transition as first-hand; a line whose suspectNode changed nothing left the mark for a
//     later, heard, suspicion: `first_hand_log_mark` keeps that count for comparison.)

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	metrics "github.com/armon/go-metrics"
	"github.com/hashicorp/memberlist"
)

const (
	stAlive   = 0
	stSuspect = 1
	stDead    = 2
)

// nodeStateMirror has the layout of memberlist 0.2.2's unexported nodeState (state.go):
// Members() returns &nodeState.Node, the address of the whole nodeState.
type nodeStateMirror struct {
	memberlist.Node
	Incarnation uint32
	State       memberlist.NodeStateType
	StateChange time.Time
}

func mirror(n *memberlist.Node) *nodeStateMirror {
	return (*nodeStateMirror)(unsafe.Pointer(n))
}

// checkMirror fails unless every member of every instance reads as alive with a state
// change in the last `within` (right after the join, that is what the real layout gives).
func (o *Observer) checkMirror(within time.Duration) error {
	for i, ml := range o.list {
		for _, n := range ml.Members() {
			s := mirror(n)
			age := time.Since(s.StateChange)
			if s.State != memberlist.StateAlive || age < 0 || age > within {
				return fmt.Errorf("n%02d sees %s as state %d changed %v ago: memberlist's nodeState layout is not the one this bench reads", i, n.Name, s.State, age)
			}
		}
	}
	return nil
}

type Observer struct {
	scale float64
	names map[string]int
	n     int
	list  []*memberlist.Memberlist
	wake  chan struct{}
	Wakes int64

	mu       sync.Mutex
	start    time.Time // real start of the scenario; counting begins then
	counting bool
	crashed  []bool
	crashAt  []time.Duration
	faulty   []bool // paused or slowed at some point of the run
	state    [][]byte
	mark     [][]bool // a first-hand "Suspect X has failed" line not yet matched
	// pending: goroutine id -> (prober, target) of its last "Suspect X has failed" line
	pending map[uint64][2]int

	FalseSuspicions, FalseSuspicionsByFaulty, FalseSuspicionsOfFaulty int
	FalseDeaths                                                       int
	suspectPairs, deathPairs                                          map[[2]int]bool
	suspectAt, deadAt                                                 [][]time.Duration // [member][observer], -1 = never
	LogCounts                                                         map[string]int

	// [observer faulty][member faulty]: false suspicion events, and those first-hand
	// (exact, see the header); probes by faulty / healthy probers.
	EventsSplit, FirstHandSplit, DeathsSplit [2][2]int
	FirstHandLogMark                         int
	SuspectLines, FailedPings                [2]int // by faulty / healthy prober
	QuickAcks                                [2]int // probes acked before ProbeTimeout (PingDelegate)
}

// b2i is 1 for true: the index of a faulty side in the splits.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// goid is the id of the calling goroutine ("goroutine 123 [running]:" in its stack).
func goid() uint64 {
	var buf [64]byte
	n := runtime.Stack(buf[:], false)
	s := bytes.TrimPrefix(buf[:n], []byte("goroutine "))
	if i := bytes.IndexByte(s, ' '); i > 0 {
		if id, err := strconv.ParseUint(string(s[:i]), 10, 64); err == nil {
			return id
		}
	}
	return 0
}

func NewObserver(n int, scale float64) *Observer {
	o := &Observer{
		scale:        scale,
		names:        map[string]int{},
		n:            n,
		list:         make([]*memberlist.Memberlist, n),
		wake:         make(chan struct{}, 1),
		crashed:      make([]bool, n),
		crashAt:      make([]time.Duration, n),
		faulty:       make([]bool, n),
		state:        make([][]byte, n),
		mark:         make([][]bool, n),
		suspectPairs: map[[2]int]bool{},
		deathPairs:   map[[2]int]bool{},
		suspectAt:    make([][]time.Duration, n),
		deadAt:       make([][]time.Duration, n),
		LogCounts:    map[string]int{},
		pending:      map[uint64][2]int{},
	}
	for i := 0; i < n; i++ {
		o.state[i] = make([]byte, n)
		o.mark[i] = make([]bool, n)
		o.suspectAt[i] = make([]time.Duration, n)
		o.deadAt[i] = make([]time.Duration, n)
		for j := range o.suspectAt[i] {
			o.suspectAt[i][j] = -1
			o.deadAt[i][j] = -1
		}
	}
	return o
}

// now is the simulated time since the start of the scenario (must hold mu or not care).
func (o *Observer) now() time.Duration {
	return time.Duration(float64(time.Since(o.start)) / o.scale)
}

func (o *Observer) Start() {
	o.mu.Lock()
	o.start = time.Now()
	o.counting = true
	o.mu.Unlock()
}

func (o *Observer) MarkCrashed(id int) {
	o.mu.Lock()
	o.crashed[id] = true
	o.crashAt[id] = o.now()
	o.mu.Unlock()
}

func (o *Observer) MarkFaulty(id int) {
	o.mu.Lock()
	o.faulty[id] = true
	o.mu.Unlock()
}

// --- deaths: EventDelegate ----------------------------------------------------------------

type eventDelegate struct {
	o  *Observer
	id int
}

func (d eventDelegate) NotifyJoin(*memberlist.Node)   {}
func (d eventDelegate) NotifyUpdate(*memberlist.Node) {}
func (d eventDelegate) NotifyLeave(n *memberlist.Node) {
	o := d.o
	m, ok := o.names[n.Name]
	if !ok {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.state[d.id][m] = stDead
	if !o.counting || o.crashed[d.id] {
		return
	}
	t := o.now()
	if o.crashed[m] {
		if o.deadAt[m][d.id] < 0 {
			o.deadAt[m][d.id] = t
		}
		if o.suspectAt[m][d.id] < 0 {
			o.suspectAt[m][d.id] = t
		}
		return
	}
	o.FalseDeaths++
	o.DeathsSplit[b2i(o.faulty[d.id])][b2i(o.faulty[m])]++
	o.deathPairs[[2]int{d.id, m}] = true
}

// --- first-hand suspicions: the log -------------------------------------------------------

type logWriter struct {
	o  *Observer
	id int
}

var logKinds = []struct{ key, needle string }{
	{"suspect_first_hand", "] memberlist: Suspect "},
	{"failed_ping", "] memberlist: Failed ping: "},
	{"tcp_fallback_saved", "] memberlist: Was able to connect to "},
	{"tcp_fallback_failed", "] memberlist: Failed fallback ping"},
	{"marked_failed_by_timeout", "] memberlist: Marking "},
	{"refute_suspect", "] memberlist: Refuting a suspect message"},
	{"refute_dead", "] memberlist: Refuting a dead message"},
	{"push_pull_failed", "] memberlist: Push/Pull with "},
}

func (w logWriter) Write(p []byte) (int, error) {
	line := string(bytes.TrimSpace(p))
	o := w.o
	for _, k := range logKinds {
		if !strings.Contains(line, k.needle) {
			continue
		}
		o.mu.Lock()
		if o.counting {
			o.LogCounts[k.key]++
		}
		if k.key == "tcp_fallback_failed" {
			// the error, without addresses: why the stream ping failed
			why := line[strings.Index(line, k.needle)+len(k.needle):]
			why = strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return -1
				}
				return r
			}, why)
			if o.counting {
				o.LogCounts[k.key+why]++
			}
		}
		if k.key == "failed_ping" && o.counting {
			o.FailedPings[b2i(o.faulty[w.id])]++
		}
		if k.key == "suspect_first_hand" {
			rest := line[strings.Index(line, k.needle)+len(k.needle):]
			if i := strings.Index(rest, " has failed"); i > 0 {
				if m, ok := o.names[rest[:i]]; ok {
					o.mark[w.id][m] = true
					o.pending[goid()] = [2]int{w.id, m}
				}
			}
			if o.counting {
				o.SuspectLines[b2i(o.faulty[w.id])]++
			}
		}
		o.mu.Unlock()
		break
	}
	return len(p), nil
}

// --- suspicions: a metrics sink that wakes the poller --------------------------------------

type wakeSink struct{ o *Observer }

func (s wakeSink) wakeOn(key []string) {
	if len(key) >= 2 && key[len(key)-2] == "msg" {
		if key[len(key)-1] == "suspect" {
			s.o.firstHand(goid())
		}
		switch key[len(key)-1] {
		case "suspect", "alive", "dead":
			select {
			case s.o.wake <- struct{}{}:
			default:
			}
		}
	}
}

// firstHand counts a first-hand suspicion if goroutine g logged "Suspect X has failed"
// last: its msg.suspect is that suspectNode turning X suspect (called under the prober's
// node lock; the lock order nodeLock -> o.mu is the one NotifyLeave and the logger use).
func (o *Observer) firstHand(g uint64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	pm, ok := o.pending[g]
	if !ok {
		return
	}
	delete(o.pending, g)
	p, m := pm[0], pm[1]
	if o.counting && !o.crashed[m] {
		o.FirstHandSplit[b2i(o.faulty[p])][b2i(o.faulty[m])]++
	}
}

// pingDelegate counts probes acked before ProbeTimeout (memberlist calls NotifyPingComplete
// only there); with the "Failed ping" lines it gives the probes each side started.
type pingDelegate struct {
	o  *Observer
	id int
}

func (d pingDelegate) AckPayload() []byte { return nil }
func (d pingDelegate) NotifyPingComplete(*memberlist.Node, time.Duration, []byte) {
	d.o.mu.Lock()
	if d.o.counting {
		d.o.QuickAcks[b2i(d.o.faulty[d.id])]++
	}
	d.o.mu.Unlock()
}

func (s wakeSink) SetGauge([]string, float32)                                       {}
func (s wakeSink) SetGaugeWithLabels([]string, float32, []metrics.Label)            {}
func (s wakeSink) EmitKey([]string, float32)                                        {}
func (s wakeSink) IncrCounter(key []string, _ float32)                              { s.wakeOn(key) }
func (s wakeSink) IncrCounterWithLabels(key []string, _ float32, _ []metrics.Label) { s.wakeOn(key) }
func (s wakeSink) AddSample([]string, float32)                                      {}
func (s wakeSink) AddSampleWithLabels([]string, float32, []metrics.Label)           {}

func (o *Observer) InstallMetrics() error {
	conf := metrics.DefaultConfig("bench")
	conf.EnableHostname = false
	conf.EnableHostnameLabel = false
	conf.EnableRuntimeMetrics = false
	conf.EnableServiceLabel = false
	_, err := metrics.NewGlobal(conf, wakeSink{o})
	return err
}

// RunPoller polls on every wake-up and every `every` (real) until stop closes.
func (o *Observer) RunPoller(every time.Duration, stop <-chan struct{}) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	suspect := make([]bool, o.n)
	for {
		select {
		case <-stop:
			return
		case <-o.wake:
			o.Wakes++
		case <-tick.C:
		}
		for obs := 0; obs < o.n; obs++ {
			o.mu.Lock()
			down := o.crashed[obs]
			o.mu.Unlock()
			if down || o.list[obs] == nil {
				continue
			}
			for i := range suspect {
				suspect[i] = false
			}
			for _, node := range o.list[obs].Members() {
				if mirror(node).State == memberlist.StateSuspect {
					if m, ok := o.names[node.Name]; ok {
						suspect[m] = true
					}
				}
			}
			o.mu.Lock()
			t := o.now()
			for m := 0; m < o.n; m++ {
				was := o.state[obs][m]
				if suspect[m] && was != stSuspect {
					o.state[obs][m] = stSuspect
					if o.counting {
						o.countSuspicion(obs, m, t)
					}
					o.mark[obs][m] = false
				} else if !suspect[m] {
					if was == stSuspect {
						o.state[obs][m] = stAlive
					}
				} else {
					o.mark[obs][m] = false // a first-hand line that only confirmed
				}
			}
			o.mu.Unlock()
		}
	}
}

func (o *Observer) countSuspicion(obs, m int, t time.Duration) {
	if o.crashed[m] {
		if o.suspectAt[m][obs] < 0 {
			o.suspectAt[m][obs] = t
		}
		return
	}
	o.FalseSuspicions++
	o.EventsSplit[b2i(o.faulty[obs])][b2i(o.faulty[m])]++
	if o.mark[obs][m] {
		o.FirstHandLogMark++
	}
	if o.faulty[obs] {
		o.FalseSuspicionsByFaulty++
	}
	if o.faulty[m] {
		o.FalseSuspicionsOfFaulty++
	}
	o.suspectPairs[[2]int{obs, m}] = true
}

// Split is the false suspicions by who suspected whom: "faulty" is a member slowed or
// paused at some point of the run (before the suspicion), "healthy" any other; the key is
// OBSERVER_of_MEMBER, as gossip-sim's `false_suspicions.split`.
func (o *Observer) Split() map[string]map[string]int {
	name := [2]string{"healthy", "faulty"}
	out := map[string]map[string]int{}
	for by := 0; by < 2; by++ {
		for of := 0; of < 2; of++ {
			out[name[by]+"_of_"+name[of]] = map[string]int{
				"events":     o.EventsSplit[by][of],
				"first_hand": o.FirstHandSplit[by][of],
			}
		}
	}
	return out
}

// DeathSplit is the false deaths by who declared whom, keyed as Split.
func (o *Observer) DeathSplit() map[string]int {
	name := [2]string{"healthy", "faulty"}
	out := map[string]int{}
	for by := 0; by < 2; by++ {
		for of := 0; of < 2; of++ {
			out[name[by]+"_of_"+name[of]] = o.DeathsSplit[by][of]
		}
	}
	return out
}

// FirstHand is the exact first-hand count (see the header), total and by faulty probers.
func (o *Observer) FirstHand() (total, byFaulty int) {
	for by := 0; by < 2; by++ {
		for of := 0; of < 2; of++ {
			total += o.FirstHandSplit[by][of]
		}
	}
	return total, o.FirstHandSplit[1][0] + o.FirstHandSplit[1][1]
}

// Failure is one crash with its detection times (simulated ms from the scenario's start,
// like gossip-sim's `failures[]`).
type Failure struct {
	Node         int    `json:"node"`
	AtMs         int64  `json:"at_ms"`
	FirstSuspect *int64 `json:"first_suspect_ms"`
	AllSuspect   *int64 `json:"all_suspect_ms"`
	AllDead      *int64 `json:"all_dead_ms"`
}

func msPtr(d time.Duration) *int64 {
	if d < 0 {
		return nil
	}
	v := int64(d / time.Millisecond)
	return &v
}

// Failures computes, for every crashed member, when the first live member suspected it and
// when every member live then had it suspect (or dead) / dead.
func (o *Observer) Failures() []Failure {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []Failure
	for m := 0; m < o.n; m++ {
		if !o.crashed[m] {
			continue
		}
		f := Failure{Node: m, AtMs: int64(o.crashAt[m] / time.Millisecond)}
		first := time.Duration(-1)
		for obs := 0; obs < o.n; obs++ {
			if s := o.suspectAt[m][obs]; s >= 0 && (first < 0 || s < first) {
				first = s
			}
		}
		f.FirstSuspect = msPtr(first)
		f.AllSuspect = msPtr(o.allBy(m, o.suspectAt[m]))
		f.AllDead = msPtr(o.allBy(m, o.deadAt[m]))
		out = append(out, f)
	}
	return out
}

// allBy is the first time t >= the crash of m at which every member up at t (not m, not
// crashed by t) has a time in `at` at or before t; -1 if never.
func (o *Observer) allBy(m int, at []time.Duration) time.Duration {
	cands := []time.Duration{o.crashAt[m]}
	for obs := 0; obs < o.n; obs++ {
		if at[obs] >= 0 {
			cands = append(cands, at[obs])
		}
		if obs != m && o.crashed[obs] && o.crashAt[obs] >= o.crashAt[m] {
			cands = append(cands, o.crashAt[obs])
		}
	}
	best := time.Duration(-1)
	for _, t := range cands {
		if t < o.crashAt[m] || (best >= 0 && t >= best) {
			continue
		}
		ok := true
		for obs := 0; obs < o.n && ok; obs++ {
			if obs == m || (o.crashed[obs] && o.crashAt[obs] <= t) {
				continue
			}
			ok = at[obs] >= 0 && at[obs] <= t
		}
		if ok {
			best = t
		}
	}
	return best
}
