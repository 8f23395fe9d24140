//! The page's words for the protocols' states: what a status, a node's state or a death is
//! called on screen. Props and models carry the typed values (`Status`, `NodeState`, `Proto`);
//! a view turns one into text here, so that a word is spelled in one place.

use gossip_protocol::Status;
use gossip_sim::{NodeState, Proto};

/// A member's status as one node believes it: gossip's dead member is `removed` (it leaves
/// the table), SWIM's is `dead`.
pub fn status_word(proto: Proto, status: Status) -> &'static str {
    match (status, proto) {
        (Status::Alive, _) => "alive",
        (Status::Suspect, _) => "suspect",
        (Status::Dead, Proto::Gossip) => "removed",
        (Status::Dead, Proto::Swim) => "dead",
        (Status::Left, _) => "left",
        (Status::Unknown, _) => "unknown",
    }
}

/// The protocol's word for a dead member: `removed` (gossip) or `dead` (SWIM).
pub fn dead_word(proto: Proto) -> &'static str {
    status_word(proto, Status::Dead)
}

/// The plural of a wrongful death: `removals` (gossip) or `deaths` (SWIM).
pub fn deaths_word(proto: Proto) -> &'static str {
    match proto {
        Proto::Gossip => "removals",
        Proto::Swim => "deaths",
    }
}

/// The protocol's name for a member's own counter: gossip's `heartbeat`, SWIM's
/// `incarnation`.
pub fn counter_word(proto: Proto) -> &'static str {
    match proto {
        Proto::Gossip => "heartbeat",
        Proto::Swim => "incarnation",
    }
}

/// What a node really is: `up`, `crashed` or `left`.
pub fn state_word(state: NodeState) -> &'static str {
    match state {
        NodeState::Up => "up",
        NodeState::Crashed => "crashed",
        NodeState::Left => "left",
    }
}

/// The order of statuses when a table is sorted by status: the dead first, then the
/// suspects, those who left, the alive, and the unknown last.
pub fn status_rank(status: Status) -> u8 {
    match status {
        Status::Dead => 0,
        Status::Suspect => 1,
        Status::Left => 2,
        Status::Alive => 3,
        Status::Unknown => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_member_is_removed_under_gossip_and_dead_under_swim() {
        assert_eq!(status_word(Proto::Gossip, Status::Dead), "removed");
        assert_eq!(status_word(Proto::Swim, Status::Dead), "dead");
        assert_eq!(dead_word(Proto::Gossip), "removed");
        assert_eq!(deaths_word(Proto::Swim), "deaths");
        assert_eq!(status_word(Proto::Swim, Status::Suspect), "suspect");
    }

    #[test]
    fn the_dead_sort_first_and_the_unknown_last() {
        let mut s = [
            Status::Unknown,
            Status::Alive,
            Status::Left,
            Status::Suspect,
            Status::Dead,
        ];
        s.sort_by_key(|&x| status_rank(x));
        assert_eq!(s[0], Status::Dead);
        assert_eq!(s[4], Status::Unknown);
    }
}
