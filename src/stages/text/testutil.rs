//! Helpers for the text stage's unit tests.

/// The char offset (Unicode scalar values) of the first `needle` in `hay`.
///
/// # Panics
/// If `needle` is not in `hay`.
pub(super) fn char_pos(hay: &str, needle: &str) -> usize {
    hay[..hay.find(needle).expect("needle in text")]
        .chars()
        .count()
}
