//! The selected node: its actions and its membership table; and the cluster-wide actions
//! (join, partition, heal).

use gossip_sim::Proto;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// One row of the membership table, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// Member id.
    pub member: u32,
    /// Status as the selected node believes it.
    pub status: &'static str,
    /// Heartbeat counter (gossip) or incarnation (SWIM).
    pub counter: u64,
    /// Local timestamp (gossip) or time of last change (SWIM), ms.
    pub stamp_ms: f64,
    /// The belief differs from the truth.
    pub wrong: bool,
    /// The truth, e.g. "crashed".
    pub truth: &'static str,
}

/// Props of [`NodePanel`].
#[derive(Properties, PartialEq)]
pub struct NodePanelProps {
    /// Protocol.
    pub proto: Proto,
    /// The selected node.
    pub selected: Option<u32>,
    /// "up", "crashed" or "left".
    pub state: &'static str,
    /// Own heartbeat or incarnation.
    pub counter: Option<u64>,
    /// Leader it follows.
    pub leader: Option<u32>,
    /// Table rows (possibly truncated).
    pub rows: Vec<TableRow>,
    /// Rows in the full table.
    pub total_rows: usize,
    /// Number of node ids.
    pub node_count: u32,
    /// Crash or recover the selected node.
    pub on_crash: Callback<()>,
    /// The selected node leaves.
    pub on_leave: Callback<()>,
    /// A new node joins.
    pub on_join: Callback<()>,
    /// Split the cluster in two halves.
    pub on_split: Callback<()>,
    /// Partition with groups like `0-3.4-7`.
    pub on_partition: Callback<String>,
    /// End every partition.
    pub on_heal: Callback<()>,
    /// Select a node by id (None clears).
    pub on_select: Callback<Option<u32>>,
}

/// The node panel.
#[function_component(NodePanel)]
pub fn node_panel(p: &NodePanelProps) -> Html {
    let groups = use_state(String::new);
    let on_groups = {
        let groups = groups.clone();
        Callback::from(move |e: Event| {
            let i: HtmlInputElement = e.target_unchecked_into();
            groups.set(i.value());
        })
    };
    let partition = {
        let groups = groups.clone();
        let cb = p.on_partition.clone();
        Callback::from(move |_| cb.emit((*groups).clone()))
    };
    let on_select = p.on_select.clone();
    let select = Callback::from(move |e: Event| {
        let i: HtmlInputElement = e.target_unchecked_into();
        on_select.emit(i.value().trim().parse().ok());
    });
    let (counter_name, stamp_name) = match p.proto {
        Proto::Gossip => ("heartbeat", "local timestamp (s)"),
        Proto::Swim => ("incarnation", "last change (s)"),
    };
    html! {
        <section class="panel node-panel" aria-label="Selected node">
            <h2>
                { match p.selected {
                    Some(id) => format!("Node {id}"),
                    None => "No node selected".to_string(),
                } }
                <label class="pick" title="Select a node by id (or click it on the canvas)">
                    <span class="sr-only">{"Select node id"}</span>
                    <input type="number" min="0" max={p.node_count.saturating_sub(1).to_string()}
                           placeholder="id" aria-label="Select node id" onchange={select}
                           value={p.selected.map(|s| s.to_string()).unwrap_or_default()} />
                </label>
            </h2>
            if let Some(_id) = p.selected {
                <p class="node-facts">
                    <span class={classes!("state", p.state)}>{ p.state }</span>
                    if let Some(c) = p.counter { <span>{ format!("{counter_name} {c}") }</span> }
                    if let Some(l) = p.leader { <span>{ format!("follows leader {l}") }</span> }
                </p>
                <div class="actions">
                    <button onclick={p.on_crash.reform(|_| ())} title="Crash it (it loses its state), or recover it (C)"
                            aria-keyshortcuts="c">
                        { if p.state == "up" { "✕ Crash" } else { "↻ Recover" } }
                    </button>
                    <button onclick={p.on_leave.reform(|_| ())} disabled={p.state != "up"}
                            title="Leave gracefully: it announces its departure">{"Leave"}</button>
                </div>
            } else {
                <p class="hint">{"Click a node on the canvas to see the cluster through its eyes."}</p>
            }
            <div class="actions">
                <button onclick={p.on_join.reform(|_| ())} title="A new node joins with the next free id (J)"
                        aria-keyshortcuts="j">{"+ Join node"}</button>
                <button onclick={p.on_split.reform(|_| ())} title="Partition the cluster into two halves">{"✂ Split in two"}</button>
                <button onclick={p.on_heal.reform(|_| ())} title="End every partition (H)" aria-keyshortcuts="h">{"Heal"}</button>
            </div>
            <div class="actions partition">
                <label>
                    <span>{"groups"}</span>
                    <input type="text" placeholder="0-3.4-7" value={(*groups).clone()} onchange={on_groups}
                           aria-label="Partition groups: dot-separated id ranges; ids in no range form one more group" />
                </label>
                <button onclick={partition} title="Partition into these groups">{"Partition"}</button>
            </div>
            if p.selected.is_some() && !p.rows.is_empty() {
                <div class="table-wrap">
                    <table class="members" aria-label="Membership table of the selected node">
                        <thead><tr>
                            <th scope="col">{"node id"}</th>
                            <th scope="col">{"status"}</th>
                            <th scope="col">{ counter_name }</th>
                            <th scope="col">{ stamp_name }</th>
                        </tr></thead>
                        <tbody>
                            { for p.rows.iter().map(|r| html! {
                                <tr class={classes!(r.wrong.then_some("wrong"))}
                                    title={if r.wrong { format!("differs from the truth: {}", r.truth) } else { String::new() }}>
                                    <td>{ r.member }</td>
                                    <td class={classes!("st", r.status)}>{ r.status }
                                        if r.wrong { <span class="truth">{ format!(" (really {})", r.truth) }</span> }
                                    </td>
                                    <td>{ r.counter }</td>
                                    <td>{ format!("{:.3}", r.stamp_ms / 1000.0) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    if p.total_rows > p.rows.len() {
                        <p class="hint">{ format!("Showing {} of {} rows (those that differ from the truth first).", p.rows.len(), p.total_rows) }</p>
                    }
                </div>
            }
        </section>
    }
}
