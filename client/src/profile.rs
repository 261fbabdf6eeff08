//! The shared `config` and `credentials` files (`~/.aws/config`, `~/.aws/credentials`), read
//! as the AWS SDKs read them.
//!
//! Rules (the SDKs' shared-file format):
//! - `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` move the files (a leading `~` is the
//!   home directory); `AWS_PROFILE` picks the profile, `default` otherwise. A missing file is
//!   an empty one.
//! - In the config file a profile is `[profile name]`, or `[default]`; `[profile default]`
//!   replaces `[default]`. In the credentials file it is `[name]`; `[profile name]` there is
//!   ignored. `[services name]` and `[sso-session name]` are config-file sections of their own.
//! - Both files are merged per profile, property by property; the credentials file wins.
//! - `#` and `;` start a comment line; after a value they start a comment only when preceded
//!   by whitespace (in a section header, always). Keys are case-insensitive.
//! - A line starting with whitespace continues the previous property. After a property with
//!   an empty value, such lines are `key = value` sub-properties (the `services` sections).
//! - Profile names and keys outside `[A-Za-z0-9_-/.%@:+]` are ignored, as the SDKs do.
//!
//! Errors name the file and line but never quote the line (it may hold a secret).

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::Env;

/// Variable that moves the config file.
pub(crate) const CONFIG_FILE_VAR: &str = "AWS_CONFIG_FILE";
/// Variable that moves the credentials file.
pub(crate) const CREDENTIALS_FILE_VAR: &str = "AWS_SHARED_CREDENTIALS_FILE";
/// Variable that picks the profile.
pub(crate) const PROFILE_VAR: &str = "AWS_PROFILE";
/// The largest shared file read: far above any real one, and a bound for a path that points
/// somewhere it shouldn't (a device, a log file).
pub(crate) const MAX_FILE_BYTES: usize = 4 << 20;

const WHITESPACE: [char; 2] = [' ', '\t'];
const DEFAULT: &str = "default";

/// Which of the two shared files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FileKind {
    Config,
    Credentials,
}

impl FileKind {
    fn default_path(self) -> &'static str {
        match self {
            Self::Config => "~/.aws/config",
            Self::Credentials => "~/.aws/credentials",
        }
    }

    fn variable(self) -> &'static str {
        match self {
            Self::Config => CONFIG_FILE_VAR,
            Self::Credentials => CREDENTIALS_FILE_VAR,
        }
    }
}

/// A shared file that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFileError {
    path: PathBuf,
    line: Option<usize>,
    message: String,
}

impl ProfileFileError {
    fn at(path: &Path, line: usize, message: &str) -> Self {
        Self {
            path: path.to_path_buf(),
            line: Some(line),
            message: message.to_owned(),
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The line (1-based), for a syntax error.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for ProfileFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {line}: {}", self.path.display(), self.message),
            None => write!(f, "cannot read {}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ProfileFileError {}

/// One profile: its properties, keys lowercased.
#[derive(Clone, Default)]
pub(crate) struct Profile {
    properties: HashMap<String, String>,
}

impl Profile {
    /// The value of `key`; `None` when absent (an empty value counts as absent).
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keys only: values include secret keys.
        let mut keys: Vec<&String> = self.properties.keys().collect();
        keys.sort();
        f.debug_struct("Profile").field("keys", &keys).finish()
    }
}

/// Both shared files, merged, and which profile is selected.
#[derive(Clone, Debug)]
pub(crate) struct ProfileFiles {
    selected: String,
    explicit: bool,
    profiles: HashMap<String, Profile>,
    /// `[services name]` sections: section name -> service key -> sub-properties.
    services: HashMap<String, HashMap<String, HashMap<String, String>>>,
    /// The paths read (whether or not the files exist), config first.
    paths: Vec<PathBuf>,
    /// Section headers that were skipped, each with why (for "profile not found" hints).
    skipped: Vec<String>,
}

impl ProfileFiles {
    /// Reads both files from where `env` says.
    pub(crate) fn load(env: &Env) -> Result<Self, crate::ConfigError> {
        let selected = env.var(PROFILE_VAR)?;
        let mut files = Self {
            explicit: selected.is_some(),
            selected: selected.unwrap_or_else(|| DEFAULT.to_owned()),
            profiles: HashMap::new(),
            services: HashMap::new(),
            paths: Vec::new(),
            skipped: Vec::new(),
        };
        for kind in [FileKind::Config, FileKind::Credentials] {
            let path = env
                .path_var(kind.variable())
                .unwrap_or_else(|| PathBuf::from(kind.default_path()));
            let path = env.expand_home(&path);
            let text = match env.read_file(&path, MAX_FILE_BYTES) {
                Ok(bytes) => String::from_utf8(bytes).map_err(|_| ProfileFileError {
                    path: path.clone(),
                    line: None,
                    message: "not valid UTF-8".to_owned(),
                })?,
                Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
                Err(e) => {
                    return Err(ProfileFileError {
                        path,
                        line: None,
                        message: e.to_string(),
                    }
                    .into());
                }
            };
            // A byte-order mark (some Windows editors write one) is not part of the text.
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            files.merge(kind, &path, text)?;
            files.paths.push(path);
        }
        Ok(files)
    }

    /// Parses `text` (the file at `path`) and merges it in; later files win.
    pub(crate) fn merge(
        &mut self,
        kind: FileKind,
        path: &Path,
        text: &str,
    ) -> Result<(), ProfileFileError> {
        let sections = parse(path, text)?;
        let has_prefixed_default = kind == FileKind::Config
            && sections.iter().any(|s| {
                matches!(&s.header, Header::Profile { name, prefixed: true } if name == DEFAULT)
            });
        for section in sections {
            let name = match (section.header, kind) {
                (Header::Profile { name, prefixed }, FileKind::Config) => {
                    if !prefixed && name != DEFAULT {
                        self.skipped.push(format!(
                            "[{name}] in {} (config-file profiles are written \
                             [profile {name}])",
                            path.display()
                        ));
                        continue;
                    }
                    if !prefixed && has_prefixed_default {
                        continue;
                    }
                    name
                }
                (Header::Profile { name, prefixed }, FileKind::Credentials) => {
                    if prefixed {
                        self.skipped.push(format!(
                            "[profile {name}] in {} (credentials-file profiles are written \
                             [{name}])",
                            path.display()
                        ));
                        continue;
                    }
                    name
                }
                (Header::Services(name), FileKind::Config) => {
                    let services = self.services.entry(name).or_default();
                    for (service, value) in section.properties {
                        let entry = services.entry(service).or_default();
                        entry.extend(value.subproperties);
                    }
                    continue;
                }
                _ => continue,
            };
            if !valid_identifier(&name) {
                self.skipped.push(format!(
                    "[{name}] in {} (a profile name is made of letters, digits and _-/.%@:+)",
                    path.display()
                ));
                continue;
            }
            let profile = self.profiles.entry(name).or_default();
            for (key, value) in section.properties {
                profile.properties.insert(key, value.text);
            }
        }
        Ok(())
    }
}

impl ProfileFiles {
    /// No files at all, profile `default` (for configurations that read no files).
    #[cfg(test)]
    pub(crate) fn empty() -> Self {
        Self {
            selected: DEFAULT.to_owned(),
            explicit: false,
            profiles: HashMap::new(),
            services: HashMap::new(),
            paths: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// The name of the selected profile.
    pub(crate) fn selected_name(&self) -> &str {
        &self.selected
    }

    /// Whether `AWS_PROFILE` chose the profile (so its absence is an error, not a default).
    pub(crate) fn is_explicit(&self) -> bool {
        self.explicit
    }

    /// The selected profile, if the files define it.
    pub(crate) fn selected(&self) -> Option<&Profile> {
        self.profiles.get(&self.selected)
    }

    /// The profile called `name`, if the files define it.
    pub(crate) fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// A property of the selected profile.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.selected().and_then(|p| p.get(key))
    }

    /// `key` of service `service_key` in the `[services name]` section the selected profile's
    /// `services` property names.
    pub(crate) fn service_property(&self, service_key: &str, key: &str) -> Option<&str> {
        let section = self.services.get(self.get("services")?)?;
        section
            .get(service_key)?
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// Why the selected profile is missing: the files read, and sections that were skipped.
    pub(crate) fn why_missing(&self) -> String {
        let mut text = format!(
            "profile `{}` is in neither {}",
            self.selected,
            self.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" nor ")
        );
        for skipped in &self.skipped {
            text.push_str("; skipped ");
            text.push_str(skipped);
        }
        text
    }
}

/// A section header.
#[derive(Debug, PartialEq, Eq)]
enum Header {
    Profile { name: String, prefixed: bool },
    Services(String),
    SsoSession,
}

#[derive(Debug, Default)]
struct Value {
    text: String,
    subproperties: HashMap<String, String>,
}

#[derive(Debug)]
struct Section {
    header: Header,
    properties: Vec<(String, Value)>,
}

/// Parses one file into its sections, in order.
fn parse(path: &Path, text: &str) -> Result<Vec<Section>, ProfileFileError> {
    let mut sections: Vec<Section> = Vec::new();
    // Whether the last property had an empty value, so indented lines are sub-properties.
    let mut nested = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let error = |message: &str| ProfileFileError::at(path, number, message);
        if line.trim_matches(WHITESPACE).is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if line.starts_with('[') {
            let line = strip_comment(line, false);
            let name = line
                .strip_prefix('[')
                .and_then(|l| l.strip_suffix(']'))
                .ok_or_else(|| error("a section header must end with `]`"))?;
            let header = header(name.trim_matches(WHITESPACE));
            nested = false;
            sections.push(Section {
                header,
                properties: Vec::new(),
            });
            continue;
        }
        let Some(section) = sections.last_mut() else {
            return Err(error(
                "a property must follow a section header ([default], [profile name])",
            ));
        };
        if line.starts_with(WHITESPACE) {
            let Some((_, value)) = section.properties.last_mut() else {
                return Err(error("an indented line must continue a property"));
            };
            if nested {
                let (key, sub) = property(line).map_err(&error)?;
                if valid_identifier(&key) {
                    value.subproperties.insert(key, sub.to_owned());
                }
            }
            value.text.push('\n');
            value.text.push_str(line.trim_matches(WHITESPACE));
            continue;
        }
        let (key, text) = property(line).map_err(&error)?;
        nested = text.is_empty();
        // Invalid keys are kept until the end, so that their continuation lines don't
        // attach to the property before them.
        section.properties.push((
            key,
            Value {
                text: text.to_owned(),
                subproperties: HashMap::new(),
            },
        ));
    }
    // Drop invalid keys; of duplicates the last wins.
    for section in &mut sections {
        let mut last = HashMap::new();
        for (index, (key, _)) in section.properties.iter().enumerate() {
            last.insert(key.clone(), index);
        }
        let mut index = 0;
        section.properties.retain(|(key, _)| {
            let keep = last.get(key) == Some(&index) && valid_identifier(key);
            index += 1;
            keep
        });
    }
    Ok(sections)
}

fn header(name: &str) -> Header {
    let prefixed = |prefix: &str| {
        name.strip_prefix(prefix)
            .filter(|rest| rest.starts_with(WHITESPACE))
            .map(|rest| rest.trim_matches(WHITESPACE).to_owned())
    };
    if let Some(name) = prefixed("profile") {
        Header::Profile {
            name,
            prefixed: true,
        }
    } else if let Some(name) = prefixed("services") {
        Header::Services(name)
    } else if prefixed("sso-session").is_some() {
        Header::SsoSession
    } else {
        Header::Profile {
            name: name.to_owned(),
            prefixed: false,
        }
    }
}

/// `key = value`, with the key lowercased and an inline comment removed.
fn property(line: &str) -> Result<(String, &str), &'static str> {
    let line = strip_comment(line, true);
    let (key, value) = line
        .split_once('=')
        .ok_or("expected `key = value` (no `=` found)")?;
    let key = key.trim_matches(WHITESPACE);
    if key.is_empty() {
        return Err("a property has no name before `=`");
    }
    Ok((key.to_ascii_lowercase(), value.trim_matches(WHITESPACE)))
}

/// `line` trimmed, without a trailing comment. In values a comment starts only after
/// whitespace, so `a=b#c` keeps `#c`.
fn strip_comment(line: &str, needs_whitespace: bool) -> &str {
    let line = line.trim_matches(WHITESPACE);
    let mut after_whitespace = false;
    for (index, ch) in line.char_indices() {
        if (ch == '#' || ch == ';') && (after_whitespace || !needs_whitespace) {
            return line.get(..index).unwrap_or(line).trim_matches(WHITESPACE);
        }
        after_whitespace = WHITESPACE.contains(&ch);
    }
    line
}

fn valid_identifier(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-/.%@:+".contains(c))
}

#[cfg(test)]
mod tests;
