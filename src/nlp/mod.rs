//! Text-reading components that do not depend on the pipeline's stages.
//!
//! - [`ner`]: the learned entity tagger (PER/ORG/LOC/NORP/MISC spans over
//!   the tokens of a sentence), its training and its evaluation.

pub mod ner;
