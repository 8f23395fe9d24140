//! The lessons, as data. Every number in a text is a `{placeholder}` filled from the run
//! (see [`super::figures`]); the prose around them says only what the protocol does.

use super::{Act, Check, Event, Lesson, Moment, Step};

/// Lesson 1's run: the article's heartbeat gossip, 8 members on a ring of two neighbours,
/// fanout 1, t = 10 s, n = 2 (every key written, so that a change of defaults does not
/// change the lesson).
const RING: &str = "proto=gossip&nodes=8&topo=ring&degree=2&fanout=1&period=500&t=10000&n=2&seed=1";

/// Lessons 3's run: SWIM on a lossy network, no crash.
const LOSSY_SWIM: &str = "proto=swim&nodes=16&topo=full&loss=10&seed=1";

/// Lesson 4's run: SWIM on a lossy network, node 5 crashes at 40 s.
const SUSPICION: &str = "proto=swim&nodes=16&topo=full&loss=10&seed=1&ev=40s.crash.5";

const HEARTBEATS: &[Step] = &[
    Step {
        scenario: RING,
        moment: Moment::At(6_000),
        select: Some(3),
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
        text: "Now isolate node 3: crash both its neighbours, node 2 and node 4. Select each \
               one (click it on the canvas, or type its id in the node box) and press Crash, \
               or the C key. Next unlocks when both are down.",
        act: Act::Ask(Check::Crashed(&[2, 4])),
    },
    Step {
        scenario: RING,
        moment: Moment::When(Event::SuspicionBy(3)),
        select: Some(3),
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
        text: "Node 3 suspected every member in turn: {suspicions_by(3)}. After a further \
               n·t = {nt} of silence it removed each: {removals_by(3)}. Its table now lists \
               every other member as removed: it is alone.",
        act: Act::PlayOn,
    },
    Step {
        scenario: RING,
        moment: Moment::When(Event::RemovedByAllLive(3)),
        select: Some(0),
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
        text: "Take the indirect probes away: set k to 0 in the settings (the k field), then \
               press Next. One lost ping or ack will then be enough for a suspicion.",
        act: Act::Ask(Check::Key("k", 0)),
    },
    Step {
        scenario: LOSSY_SWIM,
        moment: Moment::At(120_000),
        select: Some(0),
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
        text: "At {refuted_at} node {refuter} heard the rumour about itself and refuted it: \
               it raised its incarnation to {incarnation} and gossiped \"alive, incarnation \
               {incarnation}\", which overrides any suspicion of a lower incarnation.",
        act: Act::PlayOn,
    },
    Step {
        scenario: SUSPICION,
        moment: Moment::When(Event::DeathOf(5)),
        select: Some(5),
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
        text: "Now make the suspicion timeout too short: set n to 1 in the settings, then \
               press Next. A suspect will have a single period or so to hear the rumour and \
               refute it.",
        act: Act::Ask(Check::Key("n", 1)),
    },
    Step {
        scenario: SUSPICION,
        moment: Moment::At(150_000),
        select: None,
        text: "With n = {n}, live members were declared dead {fd_since} times in the \
               {since_prev} from {prev_at} to {now}, against {fd_prev} times before. Those \
               members were fine: their refutation came too late. A longer timeout costs \
               slower detection of real crashes; Lifeguard (lesson 6) makes it adapt.",
        act: Act::PlayOn,
    },
];

/// Every lesson, in the order of the ones written so far.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        number: 1,
        slug: "heartbeats",
        title: "Heartbeats and the table",
        steps: HEARTBEATS,
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
];
