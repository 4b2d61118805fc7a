//! Builds the stage chain from the settings, one thread per stage.

use anyhow::anyhow;

use crate::article::Versions;
use crate::config::Settings;
use crate::stages::Chain;

/// Builds the stage chain named in `settings.stages`, each stage from its
/// section ([`crate::stages::build`]), loading shared tables once; returns
/// it with the dictionary versions for the output records.
///
/// # Errors
/// If the order breaks a stage's declared read, or a dictionary, lexicon
/// table or gazetteer cannot be loaded.
pub fn build_chain(settings: &Settings) -> anyhow::Result<(Chain, Versions)> {
    crate::stages::check_order(&settings.stages).map_err(|e| anyhow!("pipeline.stages: {e}"))?;
    let configs = crate::stages::StageConfigs {
        text: &settings.text,
        entities: &settings.entities,
        actors: &settings.actors,
        locations: &settings.locations,
        events: &settings.events,
    };
    let resources = crate::stages::Resources::new(&configs);
    let mut stages = Vec::with_capacity(settings.stages.len());
    let mut dictionaries = std::collections::BTreeMap::new();
    // Stages load their data independently (the shared lexicon loads once,
    // behind a lock in `Resources`), so they are built on one thread each:
    // start-up is then about the slowest stage's load, not the sum.
    let built: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = settings
            .stages
            .iter()
            .map(|name| {
                let (configs, resources) = (&configs, &resources);
                std::thread::Builder::new()
                    .name(format!("build-{name}"))
                    .spawn_scoped(scope, move || {
                        crate::stages::build(name, configs, resources)
                    })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(e) => Err(crate::stages::BuildError::load(
                    "a stage (its build thread could not start)",
                    e,
                )),
            })
            .collect()
    });
    for built in built {
        let built = built?;
        dictionaries.extend(built.versions);
        stages.push(built.stage);
    }
    Ok((
        Chain::new(stages),
        Versions {
            processor: env!("CARGO_PKG_VERSION").to_string(),
            dictionaries,
        },
    ))
}
