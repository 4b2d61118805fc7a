//! The configuration layers and how they are read: TOML text, the deep
//! merge of one layer over another, dotted keys (`--set`) and the
//! `NEWSEVENTS__…` environment variables (see the parent module's docs).

use super::{ConfigError, ENV_PREFIX};

pub(super) fn parse_layer(text: &str, layer: &str) -> Result<toml::Table, ConfigError> {
    text.parse::<toml::Table>().map_err(|e| ConfigError::Parse {
        layer: layer.to_string(),
        message: e.to_string(),
    })
}

/// Deep-merges `over` into `base`: tables merge key by key, anything else replaces.
pub(super) fn merge(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(key, v);
            }
        }
    }
}

/// Splits a dotted key the way TOML does (`a.b."c.d"` → `a`, `b`, `c.d`).
/// Below `kafka.consumer.librdkafka` / `kafka.producer.librdkafka` the rest
/// is one librdkafka property even when unquoted, since librdkafka names
/// never nest: `kafka.producer.librdkafka.message.timeout.ms` works too.
///
/// # Errors
/// [`ConfigError::Parse`] for an empty segment or an unterminated quote.
pub fn key_path(key: &str) -> Result<Vec<String>, ConfigError> {
    let bad = |why: &str| ConfigError::Parse {
        layer: "command line".into(),
        message: format!("key `{key}`: {why}"),
    };
    let mut path = Vec::new();
    let mut rest = key.trim();
    loop {
        let (segment, tail) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').ok_or_else(|| bad("unterminated quote"))?;
            (quoted[..end].to_string(), quoted[end + 1..].trim_start())
        } else if let Some(quoted) = rest.strip_prefix('\'') {
            let end = quoted.find('\'').ok_or_else(|| bad("unterminated quote"))?;
            (quoted[..end].to_string(), quoted[end + 1..].trim_start())
        } else {
            let end = rest.find('.').unwrap_or(rest.len());
            let bare = rest[..end].trim();
            if bare.is_empty() {
                return Err(bad("empty key segment"));
            }
            (bare.to_string(), &rest[end..])
        };
        path.push(segment);
        if path.len() == 3
            && path[0] == "kafka"
            && matches!(path[1].as_str(), "consumer" | "producer")
            && path[2] == "librdkafka"
        {
            let property = tail.strip_prefix('.').map(str::trim).unwrap_or_default();
            if !property.is_empty() {
                let property = property
                    .strip_prefix('"')
                    .and_then(|p| p.strip_suffix('"'))
                    .unwrap_or(property);
                path.push(property.to_string());
            }
            return Ok(path);
        }
        if tail.is_empty() {
            return Ok(path);
        }
        rest = tail
            .strip_prefix('.')
            .ok_or_else(|| bad("expected `.` between key segments"))?
            .trim_start();
    }
}

/// Parses one `--set KEY=VALUE`: `KEY` in TOML dotted-key syntax (see
/// [`key_path`]), `VALUE` as a TOML value, or a plain string when it is not
/// one (`--set kafka.group_id=news` needs no quotes).
///
/// # Errors
/// [`ConfigError::Parse`] when there is no `=` or the key is malformed.
pub fn parse_set(kv: &str) -> Result<(String, toml::Value), ConfigError> {
    // The key may quote a `=`; split at the first `=` outside quotes.
    let mut quote = None;
    let split = kv.char_indices().find_map(|(i, c)| {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '=') => return Some(i),
            _ => {}
        }
        None
    });
    let Some(i) = split else {
        return Err(ConfigError::Parse {
            layer: "command line".into(),
            message: format!("--set `{kv}`: expected KEY=VALUE"),
        });
    };
    let (key, value) = (kv[..i].trim(), &kv[i + 1..]);
    key_path(key)?;
    Ok((key.to_string(), parse_env_value(value)))
}

pub(super) fn set_path(table: &mut toml::Table, path: &[String], value: toml::Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut cur = table;
    for p in parents {
        let entry = cur
            .entry(p.clone())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        cur = entry.as_table_mut().expect("just made a table");
    }
    cur.insert(last.clone(), value);
}

/// Builds a layer from `NEWSEVENTS__…` variables (see the module docs).
pub(super) fn env_layer(env: impl IntoIterator<Item = (String, String)>) -> toml::Table {
    let mut table = toml::Table::new();
    for (name, value) in env {
        let Some(rest) = name.strip_prefix(ENV_PREFIX) else {
            continue;
        };
        let mut path: Vec<String> = rest.split("__").map(|s| s.to_ascii_lowercase()).collect();
        let is_client_property = path.len() == 4 && path[0] == "kafka" && path[2] == "librdkafka";
        let parsed = if is_client_property {
            path[3] = path[3].replace('_', ".");
            toml::Value::String(value)
        } else {
            parse_env_value(&value)
        };
        set_path(&mut table, &path, parsed);
    }
    table
}

fn parse_env_value(value: &str) -> toml::Value {
    format!("v = {value}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(value.to_string()))
}
