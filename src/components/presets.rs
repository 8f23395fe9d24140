//! One-click scenarios that teach.

use yew::prelude::*;

/// A named scenario.
pub struct Preset {
    /// Button label.
    pub name: &'static str,
    /// What to watch for.
    pub about: &'static str,
    /// The scenario query.
    pub query: &'static str,
}

/// Every preset.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "Classic gossip ring",
        about: "8 nodes on a ring, each gossiping its heartbeat table to one of its two neighbours every second. Node 3 crashes at 10 s: watch it turn suspect after t, then be removed after n·t more.",
        query: "ev=10s.crash.3",
    },
    Preset {
        name: "Ring isolation",
        about: "Both neighbours of node 3 crash at 10 s. Node 3 is alive but hears nothing: it suspects and removes everyone, and everyone removes it. The weakness of a degree-2 ring.",
        query: "ev=10s.crash.2,10s.crash.4",
    },
    Preset {
        name: "SWIM, lossy network",
        about: "32 SWIM members with 10% message loss. Indirect probes hide most losses; the suspicions that remain are refuted with a higher incarnation. Node 5 really crashes at 15 s.",
        query: "proto=swim&nodes=32&topo=full&loss=10&ev=15s.crash.5",
    },
    Preset {
        name: "Partition and heal",
        about: "16 SWIM members split in two at 10 s: each side declares the other dead and follows its own leader (split brain). The partition heals at 40 s.",
        query: "proto=swim&nodes=16&topo=full&ev=10s.partition.0-7,40s.heal",
    },
    Preset {
        name: "Leader failover",
        about: "Every node follows the lowest id it believes alive. Node 0 crashes at 8 s: watch the leader move to node 1 as the cluster detects it.",
        query: "proto=swim&nodes=12&topo=full&ev=8s.crash.0",
    },
    Preset {
        name: "Suspicion too short",
        about: "20% loss and a suspicion multiplier of 1: suspects have little time to refute, so live members are declared dead (false deaths).",
        query: "proto=swim&nodes=24&topo=full&n=1&loss=20",
    },
    Preset {
        name: "Gossip mesh with churn",
        about: "40 nodes on a random mesh: a crash, a join, a graceful leave and a recovery.",
        query: "nodes=40&topo=mesh&degree=4&t=5000&ev=5s.crash.3,8s.join,12s.leave.7,20s.recover.3",
    },
    Preset {
        name: "SWIM at scale",
        about: "500 members, knowing only ring neighbours at start: they learn the rest through dissemination. Node 123 crashes at 20 s.",
        query: "proto=swim&nodes=500&ev=20s.crash.123",
    },
];

/// Props of [`Presets`].
#[derive(Properties, PartialEq)]
pub struct PresetsProps {
    /// Load the preset at this index.
    pub on_pick: Callback<usize>,
}

/// The preset buttons.
#[function_component(Presets)]
pub fn presets(p: &PresetsProps) -> Html {
    html! {
        <nav class="presets" aria-label="Presets">
            { for PRESETS.iter().enumerate().map(|(i, preset)| html! {
                <button class="preset" title={preset.about} onclick={p.on_pick.reform(move |_| i)}>
                    { preset.name }
                </button>
            }) }
        </nav>
    }
}
