//! Every confidence weight of the events stage, in one place. The values
//! are priors set by hand (no training data): a dictionary pattern that
//! names the roles is the strongest evidence, a default verb code next, an
//! action noun weakest; each way the dyad had to be guessed costs a little.

/// Confidence weights, each 0.0..=1.0 (penalties subtracted).
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// A dictionary pattern matched and its `$`/`+` markers gave the roles.
    pub pattern_with_roles: f64,
    /// A dictionary pattern matched; the roles came from word order.
    pub pattern: f64,
    /// The verb's default code; roles from word order.
    pub verb: f64,
    /// An action noun.
    pub noun: f64,
    /// The source was borrowed from another clause.
    pub borrowed_source: f64,
    /// The target is a place standing for its country.
    pub place_target: f64,
    /// One member of a compound actor phrase.
    pub compound: f64,
    /// Reported speech.
    pub reported: f64,
    /// Added per further sentence reporting the same event.
    pub per_mention: f64,
    /// Ceiling.
    pub max: f64,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            pattern_with_roles: 0.8,
            pattern: 0.7,
            verb: 0.6,
            noun: 0.45,
            borrowed_source: 0.1,
            place_target: 0.1,
            compound: 0.05,
            reported: 0.05,
            per_mention: 0.05,
            max: 0.95,
        }
    }
}
