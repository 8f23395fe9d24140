//! The selected node's membership table, at any size: every row (only the visible ones are in
//! the page: virtual scrolling), a search box, sort by any column, live age and countdown
//! columns, and a *why?* button on each row.

use crate::vocab::{state_word, status_rank, status_word};
use gossip_protocol::Status;
use gossip_sim::{NodeState, Proto};
use std::rc::Rc;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

/// Row height in CSS px (the scroll arithmetic depends on it; the stylesheet sets it).
const ROW_PX: f64 = 24.0;
/// Height of the scrolling area, px.
const VIEW_PX: f64 = 288.0;
/// Rows drawn beyond the visible ones, each side.
const SLACK: usize = 6;

/// One row of the membership table, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// Member id.
    pub member: u32,
    /// Status as the selected node believes it.
    pub status: Status,
    /// Heartbeat counter (gossip) or incarnation (SWIM).
    pub counter: u64,
    /// Local timestamp (gossip) or time of last change (SWIM), ms.
    pub stamp_ms: f64,
    /// The belief differs from the truth.
    pub wrong: bool,
    /// The truth: what the member really is.
    pub truth: NodeState,
    /// Time since `stamp_ms`, ms.
    pub age_ms: f64,
    /// What happens next if nothing new arrives (`suspect in 3.2 s`), or empty.
    pub next: String,
}

/// Sortable columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Id,
    Status,
    Counter,
    Stamp,
    Age,
}

/// Props of [`MembersTable`].
#[derive(Properties, PartialEq)]
pub struct MembersTableProps {
    /// Protocol (column names).
    pub proto: Proto,
    /// Every row of the table.
    pub rows: Rc<Vec<TableRow>>,
    /// The member to scroll to (the canvas's selection), if any.
    #[prop_or_default]
    pub focus: Option<u32>,
    /// Ask why the selected node believes what it does about this member.
    pub on_why: Callback<u32>,
}

/// The table.
#[function_component(MembersTable)]
pub fn members_table(p: &MembersTableProps) -> Html {
    let query = use_state(String::new);
    let sort = use_state(|| (Col::Id, false));
    let scroll = use_state(|| 0.0f64);
    let wrap = use_node_ref();
    let on_query = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    let on_scroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            scroll.set(e.target_unchecked_into::<Element>().scroll_top() as f64);
        })
    };
    let rows = shown_rows(&p.rows, p.proto, &query, *sort);
    // Scroll the focused member into view when it changes.
    {
        let (wrap, rows_ids): (NodeRef, Vec<u32>) =
            (wrap.clone(), rows.iter().map(|r| r.member).collect());
        use_effect_with(p.focus, move |focus| {
            if let (Some(f), Some(el)) = (focus, wrap.cast::<Element>())
                && let Some(i) = rows_ids.iter().position(|m| m == f)
            {
                el.set_scroll_top(((i as f64 - 3.0).max(0.0) * ROW_PX) as i32);
            }
        });
    }
    // The window of rows drawn; a search can shrink the rows below the scroll position, so
    // both ends are clamped to what is there.
    let (first, last) = visible_rows(*scroll, rows.len());
    let header = |c: Col, label: &str| header_cell(&sort, c, label);
    let (counter, stamp) = match p.proto {
        Proto::Gossip => ("heartbeat", "heard (s)"),
        Proto::Swim => ("incarn.", "changed (s)"),
    };
    let shown = rows.len();
    html! {
        <div class="members-wrap">
            <label class="member-search">
                <span class="sr-only">{"Find a member"}</span>
                <input type="search" placeholder="find: id or status (suspect, dead…)" value={(*query).clone()}
                       oninput={on_query} aria-label="Find a member by id or status" />
                <span class="hint">{ format!("{shown} of {} rows", p.rows.len()) }</span>
            </label>
            <div class="table-wrap virtual" ref={wrap} onscroll={on_scroll}
                 style={format!("height:{VIEW_PX}px")}>
                <table class="members">
                    <caption class="sr-only">{"Membership table of the selected node"}</caption>
                    <thead><tr>
                        { header(Col::Id, "node") }
                        { header(Col::Status, "status") }
                        { header(Col::Counter, counter) }
                        { header(Col::Stamp, stamp) }
                        { header(Col::Age, "age (s)") }
                        <th scope="col">{"next"}</th>
                        <th scope="col"><span class="sr-only">{"why"}</span></th>
                    </tr></thead>
                    <tbody>
                        <tr class="spacer" style={format!("height:{}px", first as f64 * ROW_PX)}></tr>
                        { for rows[first..last].iter().map(|r| row(r, p.proto, p.focus, &p.on_why)) }
                        <tr class="spacer" style={format!("height:{}px", (shown - last) as f64 * ROW_PX)}></tr>
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// The rows a search `query` keeps (an id, or a word of the status or the truth), sorted by
/// `col` (`desc`: reversed), ties by member id.
fn shown_rows<'a>(
    rows: &'a [TableRow],
    proto: Proto,
    query: &str,
    (col, desc): (Col, bool),
) -> Vec<&'a TableRow> {
    let q = query.trim().to_ascii_lowercase();
    let mut rows: Vec<&TableRow> = rows
        .iter()
        .filter(|r| {
            q.is_empty()
                || r.member.to_string() == q
                || (q.parse::<u32>().is_err()
                    && (status_word(proto, r.status).contains(q.as_str())
                        || state_word(r.truth).contains(q.as_str())))
        })
        .collect();
    gossip_sim::sort::by(&mut rows, |a, b| {
        let o = match col {
            Col::Id => a.member.cmp(&b.member),
            Col::Status => status_rank(a.status)
                .cmp(&status_rank(b.status))
                .then(a.member.cmp(&b.member)),
            Col::Counter => a.counter.cmp(&b.counter).then(a.member.cmp(&b.member)),
            Col::Stamp | Col::Age => a
                .stamp_ms
                .total_cmp(&b.stamp_ms)
                .then(a.member.cmp(&b.member)),
        };
        if desc { o.reverse() } else { o }
    });
    rows
}

/// A sortable column's header: a button that sorts by it, ascending first, then descending.
fn header_cell(sort: &UseStateHandle<(Col, bool)>, c: Col, label: &str) -> Html {
    let (mark, aria) = match (**sort == (c, false), **sort == (c, true)) {
        (true, _) => (" ▲", "ascending"),
        (_, true) => (" ▼", "descending"),
        _ => ("", "none"),
    };
    let onclick = {
        let sort = sort.clone();
        Callback::from(move |_| {
            let (cur, d) = *sort;
            sort.set((c, cur == c && !d));
        })
    };
    html! { <th scope="col" aria-sort={aria}><button class="th" {onclick}>{ label }{ mark }</button></th> }
}

/// The rows to draw, `first..last`, for a scroll offset in px over `len` rows.
fn visible_rows(scroll: f64, len: usize) -> (usize, usize) {
    let first = ((scroll.max(0.0) / ROW_PX) as usize)
        .saturating_sub(SLACK)
        .min(len);
    let last = (first + (VIEW_PX / ROW_PX) as usize + 2 * SLACK).min(len);
    (first, last)
}

fn row(r: &TableRow, proto: Proto, focus: Option<u32>, on_why: &Callback<u32>) -> Html {
    let member = r.member;
    let (status, truth) = (status_word(proto, r.status), state_word(r.truth));
    let why = on_why.reform(move |_| member);
    html! {
        <tr key={r.member} data-member={r.member.to_string()}
            class={classes!(r.wrong.then_some("wrong"), (focus == Some(r.member)).then_some("focus"))}
            title={if r.wrong { format!("differs from the truth: {truth}") } else { String::new() }}>
            <td>{ r.member }</td>
            <td class={classes!("st", status)}>{ status }
                if r.wrong { <span class="truth">{ format!(" (really {truth})") }</span> }
            </td>
            <td>{ r.counter }</td>
            <td>{ format!("{:.3}", r.stamp_ms / 1000.0) }</td>
            <td>{ format!("{:.1}", r.age_ms / 1000.0) }</td>
            <td class="next">{ &r.next }</td>
            <td><button class="why" onclick={why} title={format!("Why does this node believe node {member} is {status}?")}>{"why?"}</button></td>
        </tr>
    }
}
