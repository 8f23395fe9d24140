//! The selected node: its actions and its membership table; and the cluster-wide actions
//! (join, partition, heal).

use crate::components::draft_input::DraftInput;
use crate::components::members_table::{MembersTable, TableRow};
use crate::page::{
    DEFAULT_PAUSE_MS, DEFAULT_SLOW_DELAY_MS, Fault, PAUSE_CHOICES_MS, SLOW_DELAY_CHOICES_MS,
    SLOW_FOR_CHOICES_MS, span_words,
};
use crate::vocab::{counter_word, state_word};
use gossip_sim::{NodeState, Proto};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

/// Props of [`NodePanel`].
#[derive(Properties, PartialEq)]
pub struct NodePanelProps {
    /// Protocol.
    pub proto: Proto,
    /// The selected node.
    pub selected: Option<u32>,
    /// What the selected node really is.
    pub state: NodeState,
    /// Own heartbeat or incarnation.
    pub counter: Option<u64>,
    /// Leader it follows.
    pub leader: Option<u32>,
    /// Every row of the table.
    pub rows: std::rc::Rc<Vec<TableRow>>,
    /// The member the why panel is about (scrolled to and marked).
    #[prop_or_default]
    pub focus: Option<u32>,
    /// Ask why the selected node believes what it does about a member.
    pub on_why: Callback<u32>,
    /// A fault on the selected node.
    pub on_fault: Callback<Fault>,
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

/// The node panel: heading with the id box, the selected node's facts and actions, the
/// cluster-wide actions and the membership table.
#[function_component(NodePanel)]
pub fn node_panel(p: &NodePanelProps) -> Html {
    let up = p.state == NodeState::Up;
    html! {
        <section class="panel node-panel" aria-label="Selected node">
            <NodeHeading selected={p.selected} node_count={p.node_count}
                         on_select={p.on_select.clone()} />
            if p.selected.is_some() {
                <p class="node-facts">
                    <span class={classes!("state", state_word(p.state))}>{ state_word(p.state) }</span>
                    if let Some(c) = p.counter { <span>{ format!("{} {c}", counter_word(p.proto)) }</span> }
                    if let Some(l) = p.leader { <span>{ format!("follows leader {l}") }</span> }
                </p>
                <div class="actions">
                    <button onclick={p.on_crash.reform(|_| ())} title="Crash it (it loses its state), or recover it (C)"
                            aria-keyshortcuts="c">
                        { if up { "✕ Crash" } else { "↻ Recover" } }
                    </button>
                    <button onclick={p.on_leave.reform(|_| ())} disabled={!up}
                            title="Leave gracefully: it announces its departure">{"Leave"}</button>
                </div>
                <FaultActions {up} on_fault={p.on_fault.clone()} />
            } else {
                <p class="hint">{"Click a node on the canvas to see the cluster through its eyes."}</p>
            }
            <ClusterActions on_join={p.on_join.clone()} on_split={p.on_split.clone()}
                            on_partition={p.on_partition.clone()} on_heal={p.on_heal.clone()} />
            if p.selected.is_some() && !p.rows.is_empty() {
                { member_table(p) }
            }
        </section>
    }
}

/// Props of [`NodeHeading`].
#[derive(Properties, PartialEq)]
pub struct NodeHeadingProps {
    /// The selected node.
    pub selected: Option<u32>,
    /// Number of node ids.
    pub node_count: u32,
    /// Select a node by id (None clears).
    pub on_select: Callback<Option<u32>>,
}

/// "Node N" and the box to type an id into. The box owns its draft: a refresh never clears
/// what is being typed; a valid id is selected after a pause, on Enter or on blur.
#[function_component(NodeHeading)]
pub fn node_heading(p: &NodeHeadingProps) -> Html {
    let on_commit = use_callback(p.on_select.clone(), |v: String, on_select| {
        on_select.emit(v.trim().parse().ok())
    });
    let value = p.selected.map(|s| s.to_string()).unwrap_or_default();
    html! {
        // The heading's accessible name is just the heading: the id box sits beside it.
        <div class="node-heading">
            <h2>
                { match p.selected {
                    Some(id) => format!("Node {id}"),
                    None => "No node selected".to_string(),
                } }
            </h2>
            <label class="pick" title="Select a node by id (or click it on the canvas)">
                <DraftInput value={value} {on_commit} min={0} max={u64::from(p.node_count.saturating_sub(1))}
                            placeholder="id" label="Select node id" />
            </label>
        </div>
    }
}

/// Props of [`ClusterActions`].
#[derive(Properties, PartialEq)]
pub struct ClusterActionsProps {
    /// A new node joins.
    pub on_join: Callback<()>,
    /// Split the cluster in two halves.
    pub on_split: Callback<()>,
    /// Partition with groups like `0-3.4-7`.
    pub on_partition: Callback<String>,
    /// End every partition.
    pub on_heal: Callback<()>,
}

/// Join, split, heal, and the partition groups box. The groups text lives in this
/// component's state (updated on every keystroke), and is read when Partition is clicked or
/// Enter is pressed in the box.
#[function_component(ClusterActions)]
pub fn cluster_actions(p: &ClusterActionsProps) -> Html {
    let groups = use_state(String::new);
    let oninput = {
        let groups = groups.clone();
        Callback::from(move |e: InputEvent| {
            groups.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let partition = {
        let (groups, cb) = (groups.clone(), p.on_partition.clone());
        Callback::from(move |_: MouseEvent| cb.emit((*groups).clone()))
    };
    let onkeydown = {
        let (groups, cb) = (groups.clone(), p.on_partition.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                cb.emit((*groups).clone());
            }
        })
    };
    html! {
        <>
            <div class="actions">
                <button onclick={p.on_join.reform(|_| ())} title="A new node joins with the next free id (J)"
                        aria-keyshortcuts="j">{"+ Join node"}</button>
                <button onclick={p.on_split.reform(|_| ())} title="Partition the cluster into two halves">{"✂ Split in two"}</button>
                <button onclick={p.on_heal.reform(|_| ())} title="End every partition (H)" aria-keyshortcuts="h">{"Heal"}</button>
            </div>
            <div class="actions partition">
                <label>
                    <span>{"groups"}</span>
                    <input type="text" placeholder="0-3.4-7" value={(*groups).clone()} {oninput} {onkeydown}
                           aria-label="Partition groups: dot-separated id ranges; ids in no range form one more group" />
                </label>
                <button onclick={partition} title="Partition into these groups">{"Partition"}</button>
            </div>
        </>
    }
}

/// The selected node's membership table (every row, virtualised).
fn member_table(p: &NodePanelProps) -> Html {
    html! {
        <MembersTable proto={p.proto} rows={p.rows.clone()} focus={p.focus} on_why={p.on_why.clone()} />
    }
}

/// Props of [`FaultActions`].
#[derive(Properties, PartialEq)]
pub struct FaultActionsProps {
    /// The selected node runs.
    pub up: bool,
    /// See [`NodePanelProps::on_fault`].
    pub on_fault: Callback<Fault>,
}

/// Faults production sees, on the selected node: slow it (by how much, for how long), pause
/// it (for how long), cut one of its links. The spans are chosen in selects beside the buttons
/// (their state, kept while the panel lives); the buttons say what they will do.
#[function_component(FaultActions)]
pub fn fault_actions(p: &FaultActionsProps) -> Html {
    let target = use_state(String::new);
    let pause_ms = use_state(|| DEFAULT_PAUSE_MS);
    let delay_ms = use_state(|| DEFAULT_SLOW_DELAY_MS);
    let for_ms = use_state(|| None::<u64>);
    let on_target = {
        let target = target.clone();
        Callback::from(move |e: InputEvent| {
            target.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let fault = |f: Fault| p.on_fault.reform(move |_| f.clone());
    let cut = |both: bool| {
        let (on_fault, target) = (p.on_fault.clone(), target.clone());
        Callback::from(move |_| {
            on_fault.emit(Fault::Cut {
                to: target.trim().to_string(),
                both,
            })
        })
    };
    let slow = Fault::Slow {
        delay_ms: *delay_ms,
        for_ms: *for_ms,
    };
    let slow_title = slow_title(*delay_ms, *for_ms);
    let pause_title = format!(
        "Pause it for {} (a GC pause): it handles nothing, then everything at once, with its state",
        span_words(*pause_ms)
    );
    html! {
        <div class="actions faults" role="group" aria-label="Faults on the selected node">
            <span class="fault">
                <button onclick={fault(slow)} disabled={!p.up} title={slow_title}>
                    { format!("Slow {}", span_words(*delay_ms)) }</button>
                <select aria-label="How late a slowed member reads each message"
                        title="How late it reads each message" onchange={choose(&delay_ms)}>
                    { span_options(&SLOW_DELAY_CHOICES_MS, *delay_ms) }
                </select>
                <select aria-label="How long the slowdown lasts" title="How long the slowdown lasts"
                        onchange={choose_for(&for_ms)}>
                    { for SLOW_FOR_CHOICES_MS.iter().map(|&f| html! {
                        <option value={f.map_or(String::new(), |ms| ms.to_string())} selected={f == *for_ms}>
                            { f.map_or("until Fast".to_string(), |ms| format!("for {}", span_words(ms))) }
                        </option>
                    }) }
                </select>
            </span>
            <button onclick={fault(Fault::Fast)} disabled={!p.up} title="Full speed again">{"Fast"}</button>
            <span class="fault">
                <button onclick={fault(Fault::Pause { ms: *pause_ms })} disabled={!p.up} title={pause_title}>
                    { format!("Pause {}", span_words(*pause_ms)) }</button>
                <select aria-label="How long a pause lasts" title="How long the pause lasts"
                        onchange={choose(&pause_ms)}>
                    { span_options(&PAUSE_CHOICES_MS, *pause_ms) }
                </select>
            </span>
            <label class="cut">
                <span>{"link to"}</span>
                <input type="number" min="0" placeholder="id" value={(*target).clone()} oninput={on_target}
                       aria-label="The other end of the link to cut" />
            </label>
            <button onclick={cut(false)} disabled={!p.up} title="Cut the link one way: its messages to that member are lost">{"cut →"}</button>
            <button onclick={cut(true)} disabled={!p.up} title="Cut the link both ways (Heal repairs every cut)">{"cut ⇄"}</button>
        </div>
    }
}

/// What the Slow button does, in words.
fn slow_title(delay_ms: u64, for_ms: Option<u64>) -> String {
    let how_long = for_ms.map_or_else(
        || "until Fast".to_string(),
        |f| format!("for {}", span_words(f)),
    );
    format!(
        "Slow it: it reads every message {} late (CPU starvation) {how_long}; its timers fire on time",
        span_words(delay_ms)
    )
}

/// A select's options: each span of `choices` in words, `chosen` selected.
fn span_options(choices: &[u64], chosen: u64) -> Html {
    choices
        .iter()
        .map(|&ms| {
            html! { <option value={ms.to_string()} selected={ms == chosen}>{ span_words(ms) }</option> }
        })
        .collect()
}

/// A select's change sets `state` to the chosen span, ms (the options' values are numbers).
fn choose(state: &UseStateHandle<u64>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        if let Ok(ms) = e
            .target_unchecked_into::<HtmlSelectElement>()
            .value()
            .parse()
        {
            state.set(ms);
        }
    })
}

/// The slowdown's span select: an empty value is until Fast.
fn choose_for(state: &UseStateHandle<Option<u64>>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| {
        state.set(
            e.target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .ok(),
        );
    })
}
