//! What a node is, as the canvas shows it: the model decides a node's look, the renderer
//! only colours it.

/// How a node looks on the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Look {
    /// Everyone who knows it believes it alive.
    Alive,
    /// Suspected by some live node.
    Suspected,
    /// Declared dead (SWIM) or removed (gossip) by some live node.
    Dead,
    /// Left gracefully.
    Left,
    /// Up, knows others, but believes none of them alive.
    Isolated,
    /// Not in the selected node's table.
    Unknown,
}

impl Look {
    /// Legend entries, in order.
    pub const ALL: [Look; 6] = [
        Look::Alive,
        Look::Suspected,
        Look::Dead,
        Look::Isolated,
        Look::Left,
        Look::Unknown,
    ];
}
