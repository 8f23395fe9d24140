//! The A/B diff table: one row per measurement, the two runs' values, the better one marked.

use crate::compare::{DiffRow, Side};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`CompareTable`].
#[derive(Properties, PartialEq)]
pub struct CompareTableProps {
    /// The rows, as `compare::diff` computes them.
    pub rows: Rc<Vec<DiffRow>>,
    /// Short labels of A and B: the keys where they differ (`k=3`, `k=0`).
    pub labels: (AttrValue, AttrValue),
}

fn cell(text: &str, better: bool) -> Html {
    if better {
        html! {
            <td class="value better" title="better (lower)">
                { text }<span class="better-mark" aria-label="better">{ " ✓" }</span>
            </td>
        }
    } else {
        html! { <td class="value">{ text }</td> }
    }
}

/// See the module documentation.
#[function_component(CompareTable)]
pub fn compare_table(p: &CompareTableProps) -> Html {
    html! {
        <section class="compare-diff" aria-label="A/B comparison">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{ "so far (lower is better)" }</th>
                        <th scope="col" class="run-a">{ format!("A · {}", p.labels.0) }</th>
                        <th scope="col" class="run-b">{ format!("B · {}", p.labels.1) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for p.rows.iter().map(|r| html! {
                        <tr>
                            <th scope="row">{ &r.label }</th>
                            { cell(&r.a_text, r.better == Some(Side::A)) }
                            { cell(&r.b_text, r.better == Some(Side::B)) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
