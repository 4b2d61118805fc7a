//! The four rules of the `actors` stage, strongest evidence first, each
//! named as the output's `source` names it: [`dictionary`], [`agent`],
//! [`title_pattern`], [`name_pattern`].

pub(super) mod agent;
pub(super) mod dictionary;
pub(super) mod name_pattern;
pub(super) mod title_pattern;
