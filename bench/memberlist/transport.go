package main

// An in-memory network for many memberlist instances in one process: memberlist's
// NodeAwareTransport (packets and streams) over Go channels, net.Pipe and time.AfterFunc.
//
// All delays are given in simulated time and slept scaled (real = simulated × scale).
// Packets (memberlist's UDP) get a one-way latency, uniform in [mean/2, 3·mean/2) as in
// gossip-sim, and are lost with probability `loss`. Streams (memberlist's TCP: the
// fallback ping and push-pull) are reliable: each Write reaches the reader one latency
// later (the writer sleeps it, then writes into a net.Pipe, which honours deadlines).
// Faults, per member:
//   - crashed: memberlist.Shutdown() was called and every packet to or from it is dropped;
//     dials to it are refused.
//   - slow(D): it reads every packet and every stream write D late (CPU starvation); its
//     timers, which are memberlist's own, still fire on time.
//   - paused until T: nothing goes in or out. Incoming packets and stream connections wait
//     and are handed over in order at T; a goroutine of it that sends or dials blocks
//     until T (its timers keep running: see docs/memberlist.md).
//   - cut A>B: A's packets to B are lost and A's dials to B time out.

import (
	"errors"
	"fmt"
	"math/rand"
	"net"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/memberlist"
)

type Network struct {
	scale   float64       // real seconds per simulated second
	latency time.Duration // mean one-way latency, simulated
	loss    float64       // packet loss probability, 0..1

	mu     sync.Mutex
	rng    *rand.Rand
	nodes  []*Transport
	byAddr map[string]*Transport
	byName map[string]*Transport
	cuts   map[[2]int]bool

	sent, lost, delivered, dropped int64 // packets (atomic)
	streams                        int64
}

func NewNetwork(scale float64, latency time.Duration, loss float64, seed int64) *Network {
	return &Network{
		scale:   scale,
		latency: latency,
		loss:    loss,
		rng:     rand.New(rand.NewSource(seed)),
		byAddr:  map[string]*Transport{},
		byName:  map[string]*Transport{},
		cuts:    map[[2]int]bool{},
	}
}

// real converts a simulated duration to the real one slept.
func (n *Network) real(d time.Duration) time.Duration {
	return time.Duration(float64(d) * n.scale)
}

type Transport struct {
	net      *Network
	id       int
	name     string
	ip       net.IP
	port     int
	packetCh chan *memberlist.Packet
	streamCh chan net.Conn

	// guarded by net.mu
	crashed     bool
	slow        time.Duration // simulated
	pausedUntil time.Time     // real; zero when not paused
	held        []func()      // deliveries waiting for the pause to end
}

var _ memberlist.NodeAwareTransport = (*Transport)(nil)

func (n *Network) NewTransport(name string) *Transport {
	n.mu.Lock()
	defer n.mu.Unlock()
	id := len(n.nodes)
	t := &Transport{
		net:      n,
		id:       id,
		name:     name,
		ip:       net.IPv4(10, 0, byte(id/250), byte(id%250+1)),
		port:     7946,
		packetCh: make(chan *memberlist.Packet, 65536),
		streamCh: make(chan net.Conn, 1024),
	}
	n.nodes = append(n.nodes, t)
	n.byAddr[net.JoinHostPort(t.ip.String(), strconv.Itoa(t.port))] = t
	n.byName[name] = t
	return t
}

type addr string

func (a addr) Network() string { return "mem" }
func (a addr) String() string  { return string(a) }

func (t *Transport) addr() net.Addr {
	return addr(net.JoinHostPort(t.ip.String(), strconv.Itoa(t.port)))
}

func (t *Transport) FinalAdvertiseAddr(string, int) (net.IP, int, error) {
	return t.ip, t.port, nil
}

func (t *Transport) peer(a memberlist.Address) (*Transport, error) {
	t.net.mu.Lock()
	defer t.net.mu.Unlock()
	if a.Name != "" {
		if p, ok := t.net.byName[a.Name]; ok {
			return p, nil
		}
	}
	if p, ok := t.net.byAddr[a.Addr]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("no route to %s", a.String())
}

// waitIfPaused blocks the calling goroutine of a paused member until its pause ends.
func (t *Transport) waitIfPaused() {
	for {
		t.net.mu.Lock()
		until := t.pausedUntil
		t.net.mu.Unlock()
		d := time.Until(until)
		if until.IsZero() || d <= 0 {
			return
		}
		time.Sleep(d)
	}
}

// sample draws a one-way latency (simulated), uniform in [mean/2, 3*mean/2).
func (n *Network) sample() time.Duration {
	if n.latency <= 0 {
		return 0
	}
	n.mu.Lock()
	f := n.rng.Float64()
	n.mu.Unlock()
	return time.Duration(float64(n.latency) * (0.5 + f))
}

func (t *Transport) WriteTo(b []byte, a string) (time.Time, error) {
	return t.WriteToAddress(b, memberlist.Address{Addr: a})
}

func (t *Transport) WriteToAddress(b []byte, a memberlist.Address) (time.Time, error) {
	t.waitIfPaused()
	now := time.Now()
	dst, err := t.peer(a)
	if err != nil {
		return now, err
	}
	atomic.AddInt64(&t.net.sent, 1)
	n := t.net
	n.mu.Lock()
	drop := t.crashed || dst.crashed || n.cuts[[2]int{t.id, dst.id}]
	if !drop && n.loss > 0 && n.rng.Float64() < n.loss {
		drop = true
	}
	slow := dst.slow
	n.mu.Unlock()
	if drop {
		atomic.AddInt64(&n.lost, 1)
		return now, nil // UDP: the sender never knows
	}
	buf := make([]byte, len(b))
	copy(buf, b)
	from := t.addr()
	delay := n.real(n.sample() + slow)
	time.AfterFunc(delay, func() {
		dst.arrive(func() {
			select {
			case dst.packetCh <- &memberlist.Packet{Buf: buf, From: from, Timestamp: time.Now()}:
				atomic.AddInt64(&n.delivered, 1)
			default:
				atomic.AddInt64(&n.dropped, 1) // receive buffer full
			}
		})
	})
	return now, nil
}

// arrive runs deliver now, or at the end of a pause, or never if the member is down.
func (t *Transport) arrive(deliver func()) {
	t.net.mu.Lock()
	if t.crashed {
		t.net.mu.Unlock()
		atomic.AddInt64(&t.net.lost, 1)
		return
	}
	if !t.pausedUntil.IsZero() {
		t.held = append(t.held, deliver)
		t.net.mu.Unlock()
		return
	}
	t.net.mu.Unlock()
	deliver()
}

func (t *Transport) PacketCh() <-chan *memberlist.Packet { return t.packetCh }
func (t *Transport) StreamCh() <-chan net.Conn           { return t.streamCh }
func (t *Transport) Shutdown() error                     { return nil }

func (t *Transport) IngestPacket(conn net.Conn, a net.Addr, now time.Time, shouldClose bool) error {
	return errors.New("IngestPacket is not supported by the in-memory transport")
}

func (t *Transport) IngestStream(conn net.Conn) error {
	t.streamCh <- conn
	return nil
}

func (t *Transport) DialTimeout(a string, timeout time.Duration) (net.Conn, error) {
	return t.DialAddressTimeout(memberlist.Address{Addr: a}, timeout)
}

func dialError(a memberlist.Address, msg string) error {
	return &net.OpError{Op: "dial", Net: "tcp", Addr: addr(a.Addr), Err: errors.New(msg)}
}

func (t *Transport) DialAddressTimeout(a memberlist.Address, timeout time.Duration) (net.Conn, error) {
	t.waitIfPaused()
	dst, err := t.peer(a)
	if err != nil {
		return nil, err
	}
	n := t.net
	n.mu.Lock()
	refused := t.crashed || dst.crashed
	cut := n.cuts[[2]int{t.id, dst.id}] || n.cuts[[2]int{dst.id, t.id}]
	n.mu.Unlock()
	if refused {
		return nil, dialError(a, "connection refused")
	}
	if cut {
		time.Sleep(timeout)
		return nil, dialError(a, "i/o timeout")
	}
	atomic.AddInt64(&n.streams, 1)
	mine, theirs := net.Pipe()
	// The SYN takes one latency (plus the receiver's slowness to accept); connect returns
	// after a round trip.
	up := n.sample()
	time.AfterFunc(n.real(up+dst.slowNow()), func() {
		dst.arrive(func() { dst.streamCh <- &delayConn{Conn: theirs, to: t} })
	})
	rtt := up + n.sample()
	if n.real(rtt) > timeout {
		time.Sleep(timeout)
		mine.Close()
		return nil, dialError(a, "i/o timeout")
	}
	time.Sleep(n.real(rtt))
	return &delayConn{Conn: mine, to: dst}, nil
}

func (t *Transport) slowNow() time.Duration {
	t.net.mu.Lock()
	defer t.net.mu.Unlock()
	return t.slow
}

// delayConn is one end of a stream: each Write reaches `to` one latency (plus `to`'s
// slowness) later. The writer sleeps that long, then writes into the pipe; a deadline that
// passes meanwhile makes the write fail as it would on a socket.
type delayConn struct {
	net.Conn
	to *Transport
}

func (c *delayConn) Write(b []byte) (int, error) {
	n := c.to.net
	time.Sleep(n.real(n.sample() + c.to.slowNow()))
	return c.Conn.Write(b)
}

// --- faults -----------------------------------------------------------------------------

func (n *Network) Crash(id int) {
	n.mu.Lock()
	n.nodes[id].crashed = true
	n.nodes[id].held = nil
	n.mu.Unlock()
}

func (n *Network) SetSlow(id int, d time.Duration) {
	n.mu.Lock()
	n.nodes[id].slow = d
	n.mu.Unlock()
}

// Pause freezes member id for d (simulated) from now.
func (n *Network) Pause(id int, d time.Duration) {
	t := n.nodes[id]
	n.mu.Lock()
	t.pausedUntil = time.Now().Add(n.real(d))
	n.mu.Unlock()
	time.AfterFunc(n.real(d), func() {
		n.mu.Lock()
		held := t.held
		t.held = nil
		t.pausedUntil = time.Time{}
		n.mu.Unlock()
		for _, deliver := range held {
			deliver()
		}
	})
}

func (n *Network) Cut(a, b int, on bool) {
	n.mu.Lock()
	if on {
		n.cuts[[2]int{a, b}] = true
	} else {
		delete(n.cuts, [2]int{a, b})
	}
	n.mu.Unlock()
}

// IsPaused reports whether member id is paused now.
func (n *Network) IsPaused(id int) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return !n.nodes[id].pausedUntil.IsZero()
}

// --- timer lateness ---------------------------------------------------------------------

// LatenessProbe sleeps in steps of `step` towards absolute deadlines and records how late
// each wake-up is: the same kind of lateness memberlist's own timers suffer.
type LatenessProbe struct {
	mu      sync.Mutex
	samples []time.Duration
	stop    chan struct{}
}

func StartLatenessProbe(step time.Duration) *LatenessProbe {
	p := &LatenessProbe{stop: make(chan struct{})}
	go func() {
		next := time.Now()
		for {
			next = next.Add(step)
			timer := time.NewTimer(time.Until(next))
			select {
			case <-p.stop:
				timer.Stop()
				return
			case now := <-timer.C:
				late := now.Sub(next)
				p.mu.Lock()
				p.samples = append(p.samples, late)
				p.mu.Unlock()
				if late > step {
					next = now // do not try to catch up after a long stall
				}
			}
		}
	}()
	return p
}

// Percentiles returns the p50, p99, p99.9 and maximum lateness.
func (p *LatenessProbe) Percentiles() (p50, p99, p999, max time.Duration, count int) {
	close(p.stop)
	p.mu.Lock()
	s := append([]time.Duration(nil), p.samples...)
	p.mu.Unlock()
	if len(s) == 0 {
		return
	}
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(q float64) time.Duration { return s[int(q*float64(len(s)-1))] }
	return at(0.5), at(0.99), at(0.999), s[len(s)-1], len(s)
}
