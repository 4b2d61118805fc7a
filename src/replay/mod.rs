//! Replay tool (see issue 9): re-feeds topic ranges and archives.
