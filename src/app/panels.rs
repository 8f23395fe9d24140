//! The panels' messages: banners, the guide, the why panel and its diagram, and the faults
//! on the selected member.

use super::{App, Msg};
use crate::browser;
use crate::model::Banner;
use crate::render::palette::DARK;
use gossip_sim::Action;

/// The scenario action of a fault button on member `sel`: `slow`, `fast`, `pause`, or
/// `cut>ID` / `cut-ID`; None when the link's other end is not an id.
fn fault_action(sel: u32, what: &str) -> Option<Action> {
    match what {
        "slow" => Some(Action::Slow(sel, 1200)),
        "fast" => Some(Action::Fast(sel)),
        "pause" => Some(Action::Pause(sel, 5000)),
        cut => {
            let rest = cut.strip_prefix("cut")?;
            let to = rest.get(1..)?.trim().parse().ok()?;
            Some(Action::Cut {
                from: sel,
                to,
                both: rest.starts_with('-'),
            })
        }
    }
}

impl App {
    /// Handles a panel's message; true when the address bar should follow.
    pub(super) fn panel_update(&mut self, msg: Msg) -> bool {
        let m = &mut self.model;
        match msg {
            Msg::Dismiss(i) => {
                if i < m.banners.len() {
                    m.banners.remove(i);
                }
                false
            }
            Msg::DismissAll => {
                m.banners.clear();
                false
            }
            Msg::Fault(what) => match m.selected.map(|sel| fault_action(sel, &what)) {
                Some(Some(action)) => self.both(|m| m.command(action.clone())),
                Some(None) => {
                    m.banners.push(Banner {
                        error: true,
                        text: format!(
                            "Not applied: '{what}' needs the id of the member at the other end of the link."
                        ),
                    });
                    false
                }
                None => false,
            },
            Msg::GuideToggle => {
                self.guide = !self.guide;
                browser::set_guide_seen();
                false
            }
            Msg::Why(member) => {
                if let Some(sel) = m.selected {
                    m.explain(sel, member, self.palette == DARK, &browser::now_ms);
                }
                false
            }
            Msg::WhyRefresh => {
                if let Some((o, mm)) = m.why.as_ref().map(|w| (w.observer, w.member)) {
                    m.explain(o, mm, self.palette == DARK, &browser::now_ms);
                }
                false
            }
            Msg::WhyClose => {
                m.why = None;
                false
            }
            Msg::Lanes(text) => {
                let lanes: Result<Vec<u32>, _> = text
                    .split([',', ' '])
                    .filter(|t| !t.is_empty())
                    .map(|t| t.trim().parse::<u32>())
                    .collect();
                match lanes {
                    Ok(l) if !l.is_empty() && l.len() <= 16 && l.iter().all(|&x| x < m.sim().node_count()) => {
                        m.custom_diagram(&l, 10_000_000, self.palette == DARK);
                    }
                    _ => m.banners.push(Banner {
                        error: true,
                        text: format!(
                            "Diagram not drawn: '{text}' is not 1 to 16 node ids below {}, comma-separated.",
                            m.sim().node_count()
                        ),
                    }),
                }
                false
            }
            _ => false,
        }
    }
}
