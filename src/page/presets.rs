//! One-click scenarios that teach: their names, what to watch, their links, and the group
//! each is offered in (Learn / Failure modes / Compare / Scale).

/// The groups the presets are offered in, in the order the page shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// First runs: the protocols doing their job.
    Learn,
    /// What goes wrong: partitions, timeouts too short, cut links.
    FailureModes,
    /// Two settings side by side (A/B) or against a profile.
    Compare,
    /// Hundreds of members.
    Scale,
}

impl Group {
    /// Every group, in order.
    pub const ALL: [Group; 4] = [
        Group::Learn,
        Group::FailureModes,
        Group::Compare,
        Group::Scale,
    ];

    /// Its name on the page.
    pub fn label(self) -> &'static str {
        match self {
            Group::Learn => "Learn",
            Group::FailureModes => "Failure modes",
            Group::Compare => "Compare",
            Group::Scale => "Scale",
        }
    }

    /// Its presets, with their indices in [`PRESETS`].
    pub fn presets(self) -> impl Iterator<Item = (usize, &'static Preset)> {
        PRESETS
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.group == self)
    }
}

/// A named scenario.
pub struct Preset {
    /// Button label.
    pub name: &'static str,
    /// The group it is offered in.
    pub group: Group,
    /// What to watch for.
    pub about: &'static str,
    /// The scenario query.
    pub query: &'static str,
}

/// Every preset.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "Classic gossip ring",
        group: Group::Learn,
        about: "8 nodes on a ring, each sending its heartbeat table to one of its two neighbours every 500 ms. Node 3 crashes at 10 s: watch it turn suspect about t = 10 s later (~20 s), and removed by everyone n·t = 20 s after that (~45 s).",
        query: "ev=10s.crash.3",
    },
    Preset {
        name: "Ring isolation",
        group: Group::Learn,
        about: "Both neighbours of node 3 crash at 10 s. Node 3 is alive but hears nothing: it suspects and removes everyone, and everyone removes it. The weakness of a degree-2 ring.",
        query: "ev=10s.crash.2,10s.crash.4",
    },
    Preset {
        name: "SWIM, lossy network",
        group: Group::Learn,
        about: "32 SWIM members with 10% message loss. Indirect probes hide most losses; the suspicions that remain are refuted with a higher incarnation. Node 5 really crashes at 15 s.",
        query: "proto=swim&nodes=32&topo=full&loss=10&ev=15s.crash.5",
    },
    Preset {
        name: "Partition and heal",
        group: Group::FailureModes,
        about: "16 SWIM members split in two at 10 s: each side declares the other dead and follows its own leader (split brain). The partition heals at 40 s.",
        query: "proto=swim&nodes=16&topo=full&ev=10s.partition.0-7,40s.heal",
    },
    Preset {
        name: "Leader failover",
        group: Group::Learn,
        about: "Every node follows the lowest id it believes alive. Node 0 crashes at 8 s: watch the leader move to node 1 as the cluster detects it.",
        query: "proto=swim&nodes=12&topo=full&ev=8s.crash.0",
    },
    Preset {
        name: "Suspicion too short",
        group: Group::FailureModes,
        about: "20% loss and a suspicion multiplier of 1: suspects have little time to refute, so live members are declared dead (false deaths).",
        query: "proto=swim&nodes=24&topo=full&n=1&loss=20",
    },
    Preset {
        name: "Gossip mesh with churn",
        group: Group::Learn,
        about: "40 nodes on a random mesh (degree 4), each gossiping to 2 neighbours a period. Node 3 crashes at 15 s (first suspected ~25 s, removed by all ~56 s), node 40 joins at 25 s (known to all by ~31 s), node 7 leaves gracefully at 35 s, node 3 recovers at 60 s. No false suspicion on the way.",
        query: "nodes=40&topo=mesh&degree=4&fanout=2&ev=15s.crash.3,25s.join,35s.leave.7,60s.recover.3",
    },
    Preset {
        name: "t too short for a big ring",
        group: Group::FailureModes,
        about: "64 gossip members on a degree-2 ring with t = 3 s: a heartbeat takes many periods to go round a large ring, so live members are suspected and removed all the time (thousands of false suspicions in a minute), and node 5's real crash at 10 s is lost in the noise. Compare t = 10 s (the default).",
        query: "nodes=64&t=3000&ev=10s.crash.5",
    },
    Preset {
        name: "A/B: slow member, SWIM vs Lifeguard",
        group: Group::Compare,
        about: "32 SWIM members, memberlist's LAN profile; node 3 is slowed at 5 s (it reads every message 1.2 s late: CPU starvation), so acks reach it after its probe period and it accuses healthy members. A runs the profile without Lifeguard (lifeguard=off): about 2,100 false suspicions in the first minute and a split brain of about 2 s, but no false death, because gossip reaches the suspects and they refute. B is the profile as memberlist runs it, Lifeguard on: about 700 false suspicions, mostly thanks to the slow member's health multiplier, which stretches its probe period.",
        query: crate::compare::PRESET_SLOW_LIFEGUARD,
    },
    Preset {
        name: "WAN profile",
        group: Group::Compare,
        about: "memberlist's WAN profile: 5 s period, 3 s ack timeout, suspicion multiplier 6. Node 5 crashes at 20 s: first suspected at about 32 s and declared dead by all only at about 78 s (the LAN profile: about 21 s and 27 s). Slower, but it tolerates long round trips.",
        query: "proto=swim&profile=wan&nodes=32&topo=full&ev=20s.crash.5",
    },
    Preset {
        name: "One-way link cut",
        group: Group::FailureModes,
        about: "From 10 s to 40 s node 3's messages to node 5 are lost (5 still reaches 3). With no indirect probes (k = 0) node 3's probes of 5 fail, so 5 is suspected again and again and refutes (tens of false suspicions, one false death). Set k to 3: the ping-reqs go round the cut and nobody is suspected.",
        query: "proto=swim&nodes=16&topo=full&k=0&ev=10s.cut.3>5,40s.heal",
    },
    Preset {
        name: "A/B: phi accrual vs fixed t under jitter",
        group: Group::Compare,
        about: "32 gossip members, 300 ms mean latency (150–450 ms jitter) and 10% loss; node 5 crashes at 20 s. A, fixed t = 4 s: about 900 false suspicions by 80 s, node 5 first suspected 1.9 s after its crash. B, phi accrual (threshold 3), which learns each member's heartbeat rhythm: 4 false suspicions, but node 5 first suspected only 9.1 s after its crash.",
        query: crate::compare::PRESET_PHI_VS_FIXED,
    },
    Preset {
        name: "A/B: Scuttlebutt vs full tables, 500 members",
        group: Group::Scale,
        about: "500 gossip members on a full graph; node 5 crashes at 20 s. A pushes whole tables, B reconciles with Scuttlebutt (digest, then newer entries only, as chitchat). Here B costs more, about 55 kB against 20 kB per member per second: a member's only state is its heartbeat, so a digest is as large as the state. Detection is alike (first suspicion ~10 s after the crash, removal 33–36 s after).",
        query: crate::compare::PRESET_SCUTTLEBUTT,
    },
    Preset {
        name: "SWIM at scale",
        group: Group::Scale,
        about: "500 members, knowing only ring neighbours at start: they learn the rest through dissemination. Node 123 crashes at 20 s.",
        query: "proto=swim&nodes=500&ev=20s.crash.123",
    },
    Preset {
        name: "A/B: SWIM with and without indirect probes",
        group: Group::Compare,
        about: "Two runs of 32 SWIM members on a network that loses 15% of messages, same seed, node 5 crashing at 20 s. A asks k = 3 others to probe a member that missed its ack; B (k = 0) only probes directly. By 60 s, B has raised about 3.6× the false suspicions (5521 vs 1522 events) and 8× the false deaths (270 vs 34), and its members declare the real crash dead later (11.4 s after it vs 6.7 s). B sends less than half the messages (no ping-reqs) but about 1.5× the bytes: the suspicions it spreads ride on every message.",
        query: crate::compare::PRESET_INDIRECT_PROBES,
    },
    Preset {
        name: "A/B: gossip ring vs mesh, same crashes",
        group: Group::Compare,
        about: "32 heartbeat-gossip members, A on a ring, B on a random mesh of degree 4; same seed, node 3 crashes at 10 s and node 17 at 20 s. The two crashes cut the ring into two arcs that stop hearing each other: by 70 s every member of A has removed the live members of the other arc (442 false deaths; none on the mesh), and the mesh removes node 3 everywhere about 10 s sooner (42 s after the crash vs 53 s). Both send one message per member per period; the mesh's bytes are higher because its tables stay full.",
        query: crate::compare::PRESET_RING_VS_MESH,
    },
];

/// The first words of a preset's text, up to about `max` characters, cut at a word (with "…"
/// when cut): what its menu shows under the name.
pub fn gist(about: &str, max: usize) -> String {
    let first = about.split(". ").next().unwrap_or(about);
    if first.chars().count() <= max {
        return first.trim_end_matches('.').to_string();
    }
    let cut: String = first.chars().take(max).collect();
    let words = cut.rsplit_once(' ').map_or(cut.as_str(), |(w, _)| w);
    format!("{}…", words.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_offers_presets_and_every_preset_is_in_one_group_in_table_order() {
        let mut seen = Vec::new();
        for g in Group::ALL {
            let mine: Vec<usize> = g.presets().map(|(i, _)| i).collect();
            assert!(!mine.is_empty(), "{g:?} is empty");
            assert!(mine.windows(2).all(|w| w[0] < w[1]));
            seen.extend(mine);
        }
        seen.sort_unstable();
        assert_eq!(seen, (0..PRESETS.len()).collect::<Vec<_>>());
        assert!(
            Group::Compare
                .presets()
                .all(|(_, p)| !p.name.starts_with("A/B") || p.query.contains("b."))
        );
    }

    #[test]
    fn a_gist_is_the_first_sentence_cut_at_a_word() {
        assert_eq!(
            gist("Both neighbours crash. Node 3 is alone.", 80),
            "Both neighbours crash"
        );
        assert_eq!(gist("one two three four", 9), "one two…");
        for p in PRESETS {
            assert!(gist(p.about, 90).chars().count() <= 91, "{}", p.name);
        }
    }
}
