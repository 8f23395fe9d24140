//! The lessons, as data. Every number in a text is a `{placeholder}` filled from the run
//! (see [`super::figures`]); the prose around them says only what the protocol does.

use super::{Act, Check, Event, Lesson, Moment, Step};
use gossip_protocol::MsgKind;

/// Lesson 1's run: the article's heartbeat gossip, 8 members on a ring of two neighbours,
/// fanout 1, t = 10 s, n = 2 (every key written, so that a change of defaults does not
/// change the lesson).
const RING: &str = "proto=gossip&nodes=8&topo=ring&degree=2&fanout=1&period=500&t=10000&n=2&seed=1";

/// Lessons 3's run: SWIM on a lossy network, no crash.
const LOSSY_SWIM: &str = "proto=swim&nodes=16&topo=full&loss=10&seed=1";

/// Lesson 4's run: SWIM on a lossy network, node 5 crashes at 40 s.
const SUSPICION: &str = "proto=swim&nodes=16&topo=full&loss=10&seed=1&ev=40s.crash.5";

/// Lesson 2's run: heartbeat gossip on a full graph of 32, fanout 1; the reader adds members.
const SPREAD: &str = "proto=gossip&nodes=32&topo=full&fanout=1&period=500&t=10000&n=2&seed=1";

/// Lesson 2's larger run: the same with 256 members, one of which joins at 10 s.
const SPREAD_LARGE: &str =
    "proto=gossip&nodes=256&topo=full&fanout=1&period=500&t=10000&n=2&seed=1&ev=10s.join";

/// Lesson 5's run: 16 SWIM members, no loss; the reader partitions and heals.
const SPLIT: &str = "proto=swim&nodes=16&topo=full&seed=1";

/// Lesson 6's first run: 32 SWIM members, no loss, node 3 slowed by 1.2 s at 5 s (Lifeguard
/// off: the reader turns it on).
const SLOW: &str = "proto=swim&nodes=32&topo=full&lifeguard=off&seed=1&ev=5s.slow.3.1200ms";

/// Lesson 6's second run: heartbeat gossip on a jittery, lossy network with a fixed `t`; node
/// 5 crashes at 20 s (the reader switches to phi accrual).
const JITTER: &str =
    "proto=gossip&nodes=32&topo=full&t=4000&loss=10&latency=300&seed=1&ev=20s.crash.5";

const HEARTBEATS: &[Step] = &[
    Step {
        scenario: RING,
        moment: Moment::At(6_000),
        select: Some(3),
        highlight: Some(MsgKind::Heartbeat),
        text: "Eight members sit on a ring, {degree} neighbours each. Every {period} a member \
               adds 1 to its own heartbeat counter and sends its whole table to {fanout} \
               neighbour. Node 3 is selected: its heartbeat table is in the side panel, one row \
               per member with its status, heartbeat counter and the local time that counter \
               last rose. At {now} node 3's own counter is {counter(3)}; its row for node 7, \
               across the ring, says {row_counter(3,7)}, news {news_age(3,7)} old.",
        act: Act::PlayOn,
    },
    Step {
        scenario: RING,
        moment: Moment::At(8_000),
        select: Some(3),
        highlight: None,
        text: "Two numbers decide who is dead. A member that sees no fresher heartbeat of \
               another for t = {t} suspects it (amber); if the silence lasts a further \
               n·t = {nt}, it removes it (red). News crosses this ring in a few periods: node \
               3's news of node 7 is now {news_age(3,7)} old, well inside t.",
        act: Act::PlayOn,
    },
    Step {
        scenario: RING,
        moment: Moment::At(10_000),
        select: Some(2),
        highlight: None,
        text: "Now isolate node 3: crash both its neighbours, node 2 and node 4. Select each \
               one (click it on the canvas, or type its id in the node box) and press Crash, \
               or the C key. Next unlocks when both are down.",
        act: Act::Ask(Check::Crashed(&[2, 4])),
    },
    Step {
        scenario: RING,
        moment: Moment::When(Event::SuspicionBy(3)),
        select: Some(3),
        highlight: None,
        text: "Node 3 is still running, but since its neighbours crashed at {crashed_at(2)} no \
               heartbeat reaches it. At {when_suspects(3)} it suspected node \
               {whom_suspects(3)}, at its first check once t = {t} had passed since node 3 last \
               saw that counter rise. The rest of the ring is cut off from node 3 too.",
        act: Act::PlayOn,
    },
    Step {
        scenario: RING,
        moment: Moment::When(Event::RemovedEveryone(3)),
        select: Some(3),
        highlight: None,
        text: "Node 3 suspected every member in turn: {suspicions_by(3)}. After a further \
               n·t = {nt} of silence it removed each: {removals_by(3)}. Its table now lists \
               every other member as removed: it is alone.",
        act: Act::PlayOn,
    },
    Step {
        scenario: RING,
        moment: Moment::When(Event::RemovedByAllLive(3)),
        select: Some(0),
        highlight: None,
        text: "And everyone removed node 3: {removals_of(3)}. Both sides are alive and each \
               believes the other dead: two crashes cut a ring of degree {degree}. More \
               neighbours, or gossip to random members, make such a cut far less likely.",
        act: Act::PlayOn,
    },
];

const PROBING: &[Step] = &[
    Step {
        scenario: LOSSY_SWIM,
        moment: Moment::At(5_000),
        select: Some(0),
        highlight: Some(MsgKind::Ping),
        text: "SWIM sends no tables of heartbeats. Every period ({period}) each member pings \
               one other member and waits t = {t} for its ack. With no ack it asks k = {k} \
               other members to ping the target for it (ping-req), and suspects the target \
               only if no ack comes by the end of the period. This network loses {loss} of \
               messages: by {now} the {nodes} members sent {sent(ping)} pings and \
               {sent(ping_req)} ping-reqs.",
        act: Act::PlayOn,
    },
    Step {
        scenario: LOSSY_SWIM,
        moment: Moment::At(60_000),
        select: Some(0),
        highlight: Some(MsgKind::PingReq),
        text: "A minute on, {sent(ping_req)} ping-reqs have covered for lost pings and acks. \
               Nobody crashed, yet live members were suspected {false_suspicions} times \
               (and declared dead {false_deaths} times): each time a ping or its ack and \
               every indirect path were lost. Lesson 4 shows how a suspect clears its name.",
        act: Act::PlayOn,
    },
    Step {
        scenario: LOSSY_SWIM,
        moment: Moment::Stay,
        select: Some(0),
        highlight: Some(MsgKind::PingReq),
        text: "Take the indirect probes away: set k to 0 in the settings (the k field), then \
               press Next. One lost ping or ack will then be enough for a suspicion.",
        act: Act::Ask(Check::Key("k", 0)),
    },
    Step {
        scenario: LOSSY_SWIM,
        moment: Moment::At(120_000),
        select: Some(0),
        highlight: None,
        text: "With k = {k}, live members were suspected {fs_since} times in the {since_prev} \
               from {prev_at} to {now}, against {fs_prev} times in the {prev_at} before, with \
               ping-req. Indirect probes are what keep a lossy network's suspicions rare.",
        act: Act::PlayOn,
    },
];

const SUSPICIONS: &[Step] = &[
    Step {
        scenario: SUSPICION,
        moment: Moment::When(Event::FalseSuspicion),
        select: None,
        highlight: None,
        text: "At {last_suspected_at} node {last_suspecter} suspected node {last_suspect}, \
               which is alive: a ping or its ack was lost, and so were the indirect probes. A \
               suspect is not dead yet. The suspicion spreads by gossip, and the suspect has \
               a suspicion timeout (n = {n} times the period, longer in a larger cluster) to \
               answer.",
        act: Act::PlayOn,
    },
    Step {
        scenario: SUSPICION,
        moment: Moment::When(Event::Refutation),
        select: None,
        highlight: None,
        text: "At {refuted_at} node {refuter} heard the rumour about itself and refuted it: \
               it raised its incarnation to {incarnation} and gossiped \"alive, incarnation \
               {incarnation}\", which overrides any suspicion of a lower incarnation.",
        act: Act::PlayOn,
    },
    Step {
        scenario: SUSPICION,
        moment: Moment::When(Event::DeathOf(5)),
        select: Some(5),
        highlight: None,
        text: "Node 5 really crashed at {crashed_at(5)}, and nobody can refute for it. Node \
               {who_suspected(5)} suspected it at {when_suspected(5)}; when a suspicion \
               timed out, node {who_declared_dead(5)} declared it dead at {when_dead(5)}, and \
               the others learn it by gossip.",
        act: Act::PlayOn,
    },
    Step {
        scenario: SUSPICION,
        moment: Moment::Stay,
        select: None,
        highlight: None,
        text: "Now make the suspicion timeout too short: set n to 1 in the settings, then \
               press Next. A suspect will have a single period or so to hear the rumour and \
               refute it.",
        act: Act::Ask(Check::Key("n", 1)),
    },
    Step {
        scenario: SUSPICION,
        moment: Moment::At(150_000),
        select: None,
        highlight: None,
        text: "With n = {n}, live members were declared dead {fd_since} times in the \
               {since_prev} from {prev_at} to {now}, against {fd_prev} times before. Those \
               members were fine: their refutation came too late. A longer timeout costs \
               slower detection of real crashes; Lifeguard (lesson 6) makes it adapt.",
        act: Act::PlayOn,
    },
];

const SPREADING: &[Step] = &[
    Step {
        scenario: SPREAD,
        moment: Moment::At(5_000),
        select: None,
        highlight: Some(MsgKind::Heartbeat),
        text: "{nodes} members gossip on a full graph: every {period} each one sends its \
               whole heartbeat table to {fanout} member picked at random. News, such as a new \
               member, spreads like an infection: whoever has heard it passes it on, so while \
               few know, their number doubles every round, and the last few are reached by \
               chance. Add a member: press + Join node in the node panel (or the J key). \
               Next unlocks when it has joined.",
        act: Act::Ask(Check::Members(33)),
    },
    Step {
        scenario: SPREAD,
        moment: Moment::When(Event::KnownByAll(32)),
        select: Some(32),
        highlight: None,
        text: "Node 32 joined at {joined_at(32)}. At the end of each period after that, this \
               many members listed it: {spread_curve(32)}. All {members} did at \
               {known_by_all_at(32)}, {spread_periods(32)} periods after the join. Push gossip \
               in lock-step rounds needs about log₂N + ln N = {log2n_lnn} rounds for N = \
               {members}: log₂N while the news doubles, ln N to find the last few. These \
               members do not send in lock-step: each passes news on at its own next send, \
               before a whole period has gone by.",
        act: Act::PlayOn,
    },
    Step {
        scenario: SPREAD,
        moment: Moment::Stay,
        select: None,
        highlight: None,
        text: "More talk, faster news: set fanout to 3 in the settings (it applies live), then \
               press + Join node again. Next unlocks when the second member has joined.",
        act: Act::Ask(Check::All(&[
            Check::Key("fanout", 3),
            Check::JoinedSince("fanout"),
        ])),
    },
    Step {
        scenario: SPREAD,
        moment: Moment::When(Event::LatestKnownByAll),
        select: Some(33),
        highlight: None,
        text: "With fanout {fanout}, node {last_joiner} was listed by all {members} members \
               {spread_periods(last)} periods after its join ({spread_curve(last)}, period by \
               period), against {spread_periods(32)} periods for node 32 with fanout 1. For \
               fanout f the rounds are about log_(f+1) N + ln N / f = {push_rounds}: the news \
               grows (f+1)-fold a round, and the last few are found f times sooner. The price: \
               each member now sends {fanout} tables a period.",
        act: Act::PlayOn,
    },
    Step {
        scenario: SPREAD_LARGE,
        moment: Moment::When(Event::KnownByAll(256)),
        select: Some(256),
        highlight: None,
        text: "A larger cluster, fanout {fanout} again: {nodes} members, and node 256 joined at \
               {joined_at(256)}. All {members} members listed it after {spread_periods(256)} \
               periods ({spread_curve(256)}). log₂N + ln N = {log2n_lnn} rounds for N = \
               {members}: the time grows with the logarithm of N, while each member still \
               sends {fanout} message a period. That is why gossip scales (here each message \
               carries the whole table, which does grow with N).",
        act: Act::PlayOn,
    },
];

const PARTITIONS: &[Step] = &[
    Step {
        scenario: SPLIT,
        moment: Moment::At(8_000),
        select: None,
        highlight: None,
        text: "{nodes} SWIM members, no loss. Each one follows a leader: the lowest id it \
               believes alive (♛ on the canvas). All follow node {leaders}. Cut the network \
               in two: press ✂ Split in two in the node panel. Next unlocks when the \
               partition is in force.",
        act: Act::Ask(Check::Partitioned),
    },
    Step {
        scenario: SPLIT,
        moment: Moment::When(Event::SidesLead),
        select: Some(8),
        highlight: None,
        text: "Partitioned at {partitioned_at} into {sides}. Probes across the cut fail, so \
               each side suspects the members of the other, and a member follows the lowest \
               id it holds alive and does not suspect: once it suspects its leader, it follows \
               the next. By {now} each side follows a leader of its own: nodes {leaders}. More \
               than one leader since {split_since}: split brain, {split_brain} so far. When a \
               suspicion times out the suspect is declared dead, and each side becomes sure \
               the other died: {false_deaths} false deaths so far (one per observer and \
               member).",
        act: Act::PlayOn,
    },
    Step {
        scenario: SPLIT,
        moment: Moment::Stay,
        select: None,
        highlight: None,
        text: "Heal the network: press Heal in the node panel (or the H key). Next unlocks \
               when the partition is gone.",
        act: Act::Ask(Check::Healed),
    },
    Step {
        scenario: SPLIT,
        moment: Moment::When(Event::OneLeader),
        select: None,
        highlight: None,
        text: "Healed at {healed_at}. Messages cross again, and with them each side's \
               verdicts: a member that hears another was declared dead marks it dead too, so \
               false deaths went from {fd_prev} at the heal to {false_deaths} by {now}. A \
               member that hears it is suspected or declared dead refutes with a higher \
               incarnation (node {refuter} went to incarnation {incarnation} at \
               {refuted_at}). By {now} all {members} members follow node {leaders} again: the \
               split brain lasted {split_brain} in all, and whatever two leaders decided in \
               that time, the cluster now has to reconcile. Members still red must yet be \
               heard alive.",
        act: Act::PlayOn,
    },
    Step {
        scenario: SPLIT,
        moment: Moment::When(Event::AllAlive),
        select: None,
        highlight: None,
        text: "By {now}, {since_prev} after the leaders agreed, every member holds every other \
               alive: the views have cleared. In all the partition cost {false_deaths} false \
               deaths (one per observer and member) and {false_suspicions} false suspicions.",
        act: Act::PlayOn,
    },
];

const PRODUCTION: &[Step] = &[
    Step {
        scenario: SLOW,
        moment: Moment::At(10_000),
        select: Some(3),
        highlight: None,
        text: "Production failures are rarely clean crashes. {nodes} SWIM members, no loss; at \
               {slowed_at(3)} node 3 was slowed: it reads every message {slow_delay(3)} late, \
               as a member starved of CPU would, while its timers fire on time. The acks to \
               its probes arrive, but it reads them after its ack timeout t = {t}, so it \
               suspects members that are healthy.",
        act: Act::PlayOn,
    },
    Step {
        scenario: SLOW,
        moment: Moment::At(60_000),
        select: Some(3),
        highlight: None,
        text: "By {now} node 3 had suspected healthy members {fs_faulty_healthy} times, \
               {fs_faulty_healthy_first_hand} of them after its own failed probes. Its \
               rumours spread: healthy members suspected healthy ones \
               {fs_healthy_healthy} times. In all {false_suspicions} false suspicions and \
               {false_deaths} false deaths, {fd_healthy} of them of healthy members: under \
               plain SWIM one slow member's accusations kill healthy ones.",
        act: Act::PlayOn,
    },
    Step {
        scenario: SLOW,
        moment: Moment::Stay,
        select: Some(3),
        highlight: None,
        text: "Lifeguard (Dadgar et al. 2017, as memberlist runs it): a member that misses \
               acks trusts itself less and waits longer for them; a suspicion starts with a \
               long timeout that shortens only as other members confirm it; a suspect hears \
               of it on the next ping and refutes sooner. Type on in the Lifeguard field of \
               the settings and press Enter: the run restarts from 0 s with the same seed.",
        act: Act::Ask(Check::Is("lifeguard", "on")),
    },
    Step {
        scenario: SLOW,
        moment: Moment::At(60_000),
        select: Some(3),
        highlight: None,
        text: "With Lifeguard {lifeguard}, by {now}: {false_suspicions} false suspicions and \
               {false_deaths} false deaths ({fd_healthy} of healthy members), against \
               {fs_prev} and {fd_prev} without it. Node 3 accused healthy members \
               {fs_faulty_healthy} times: as its health score rose it waited longer for acks. \
               Healthy members suspected healthy ones {fs_healthy_healthy} times, and the \
               suspects refuted before their longer timeouts ran out.",
        act: Act::PlayOn,
    },
    Step {
        scenario: JITTER,
        moment: Moment::At(80_000),
        select: Some(5),
        highlight: None,
        text: "Heartbeat gossip has the same trade-off in its fixed t. {nodes} members, each \
               message delayed {latency} on average (from half to one and a half times that) \
               and {loss} lost; t = {t}. By {now}: {false_suspicions} false suspicions, each \
               time late or lost heartbeats let t pass. Node 5, which crashed at \
               {crashed_at(5)}, was first suspected {detect_delay(5)} after its crash.",
        act: Act::PlayOn,
    },
    Step {
        scenario: JITTER,
        moment: Moment::Stay,
        select: Some(5),
        highlight: None,
        text: "Phi accrual (Hayashibara et al. 2004; Cassandra, Akka and chitchat run it) \
               replaces t: each member learns the gaps between another's heartbeats and \
               suspects it when φ, how unlikely the silence is given those gaps, passes a \
               threshold. Choose phi in the detector menu of the settings: the run restarts.",
        act: Act::Ask(Check::Is("detector", "phi")),
    },
    Step {
        scenario: JITTER,
        moment: Moment::At(80_000),
        select: Some(5),
        highlight: None,
        text: "With phi accrual and its threshold φ > {phi}: {false_suspicions} false \
               suspicions by {now}, against {fs_prev} with a fixed t, but node 5 was first \
               suspected only {detect_delay(5)} after its crash. A lower threshold detects \
               sooner for more false suspicions: set φ threshold to 3 in the settings and press Enter.",
        act: Act::Ask(Check::Key("phi", 3)),
    },
    Step {
        scenario: JITTER,
        moment: Moment::At(80_000),
        select: Some(5),
        highlight: None,
        text: "With φ > {phi}: {false_suspicions} false suspicions by {now}, against {fs_prev} \
               at the threshold before, and node 5 first suspected {detect_delay(5)} after \
               its crash. A failure detector is a choice of how long silence must last; phi \
               makes that wait follow each member's own rhythm on this network.",
        act: Act::PlayOn,
    },
];

/// Every lesson, in the order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        number: 1,
        slug: "heartbeats",
        title: "Heartbeats and the table",
        steps: HEARTBEATS,
    },
    Lesson {
        number: 2,
        slug: "spread",
        title: "Why gossip scales",
        steps: SPREADING,
    },
    Lesson {
        number: 3,
        slug: "probing",
        title: "Probing instead of heartbeats",
        steps: PROBING,
    },
    Lesson {
        number: 4,
        slug: "suspicion",
        title: "Suspicion and incarnations",
        steps: SUSPICIONS,
    },
    Lesson {
        number: 5,
        slug: "partitions",
        title: "Partitions, leaders and split brain",
        steps: PARTITIONS,
    },
    Lesson {
        number: 6,
        slug: "production",
        title: "Production: slow members, Lifeguard and phi",
        steps: PRODUCTION,
    },
];
