//! The run's key moments (issue 22): its first suspicion, and the refutation that answered it
//! (SWIM), read off the protocol milestones. The timeline labels them and the canvas marks
//! them where they happen for a while after (see `render::motion`).

use super::Model;
use gossip_protocol::{Micros, NodeId};
use gossip_sim::milestones::MarkerKind;

/// One key moment: when, about whom, and who acted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyMoment {
    /// Virtual time, µs.
    pub at: Micros,
    /// The member suspected, or the member that refuted.
    pub member: NodeId,
    /// Who suspected it (None for a refutation).
    pub by: Option<NodeId>,
}

/// The run's first suspicion and its refutation, once the run reached them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyMoments {
    /// The first time a member that every live member believed alive was suspected.
    pub first_suspicion: Option<KeyMoment>,
    /// The first time that member refuted after it (SWIM), before anyone declared it dead.
    pub refutation: Option<KeyMoment>,
}

impl Model {
    /// The run's key moments up to the furthest time reached. Milestones are kept in time
    /// order, so the search stops at the refutation, or at the suspect's death.
    pub fn key_moments(&self) -> KeyMoments {
        let mut out = KeyMoments::default();
        for m in &self.milestones.markers {
            let Some(member) = m.member else { continue };
            match (m.kind, out.first_suspicion) {
                (MarkerKind::Suspicion, None) => {
                    out.first_suspicion = Some(KeyMoment {
                        at: m.at,
                        member,
                        by: m.by,
                    })
                }
                (MarkerKind::Refutation, Some(s)) if s.member == member => {
                    out.refutation = Some(KeyMoment {
                        at: m.at,
                        member,
                        by: None,
                    });
                    break;
                }
                (MarkerKind::Death, Some(s)) if s.member == member => break,
                _ => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gossip_sim::NodeState;

    #[test]
    fn a_crash_under_gossip_has_a_first_suspicion_of_the_crashed_member_by_a_neighbour() {
        let mut m = Model::from_query("ev=8s.crash.3");
        m.run_to(8_000_000, &mut || false);
        assert_eq!(m.key_moments(), KeyMoments::default(), "nothing yet");
        m.run_to(30_000_000, &mut || false);
        let k = m.key_moments();
        let s = k.first_suspicion.expect("suspected by 30 s");
        assert_eq!(s.member, 3);
        assert!(matches!(s.by, Some(2 | 4)), "{s:?}: a ring neighbour");
        assert!(s.at > 8_000_000 && s.at < 30_000_000);
        assert_eq!(k.refutation, None, "gossip does not refute");
    }

    #[test]
    fn a_false_suspicion_under_swim_is_refuted_by_the_suspect_after_it() {
        let mut m = Model::from_query("proto=swim&nodes=16&topo=full&loss=10&seed=1");
        m.run_to(60_000_000, &mut || false);
        let k = m.key_moments();
        let s = k
            .first_suspicion
            .expect("a false suspicion within a minute at 10 % loss");
        assert_eq!(m.sim().state(s.member), NodeState::Up);
        let r = k.refutation.expect("the suspect refutes");
        assert_eq!(r.member, s.member);
        assert!(r.at >= s.at);
        // The same as the trace says: the first Refuted record of that member after it.
        let first = m
            .milestones
            .markers
            .iter()
            .find(|x| x.kind == MarkerKind::Refutation && x.member == Some(s.member))
            .map(|x| x.at);
        assert_eq!(first, Some(r.at));
    }
}
