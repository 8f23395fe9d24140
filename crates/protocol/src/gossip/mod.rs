//! Heartbeat-style gossip (van Renesse, Minsky, Hayden 1998). Work in progress.
