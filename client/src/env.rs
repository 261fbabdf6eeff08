//! Where settings come from: environment variables and files, either the process's own or
//! given ones (tests, or a program that configures clients from its own settings).

use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::ConfigError;

/// Environment variables and files that [`Config::from_env_with`](crate::Config::from_env_with)
/// and the default credentials chain read.
///
/// [`Env::process`] is the real thing. [`Env::from_vars`] takes the variables from a list, so
/// nothing reads or changes the process environment (`HOME` in the list is the home
/// directory); [`with_files`](Env::with_files) also replaces the file system with a list of
/// files. Clones share the data.
///
/// An empty variable counts as unset. `Debug` shows no values.
#[derive(Clone)]
pub struct Env {
    inner: Arc<Inner>,
}

struct Inner {
    vars: Vars,
    files: Files,
}

enum Vars {
    Process,
    Given(HashMap<String, OsString>),
}

enum Files {
    Real,
    Given(HashMap<PathBuf, Vec<u8>>),
}

impl Env {
    /// The process environment and the real file system.
    pub fn process() -> Self {
        Self::new(Vars::Process, Files::Real)
    }

    /// These variables (and no others) and the real file system.
    pub fn from_vars<I, K, V>(vars: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<OsString>,
    {
        let vars = vars
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Self::new(Vars::Given(vars), Files::Real)
    }

    /// The same variables, and a file system that holds only these files (path, contents).
    pub fn with_files<I, P, C>(self, files: I) -> Self
    where
        I: IntoIterator<Item = (P, C)>,
        P: Into<PathBuf>,
        C: Into<Vec<u8>>,
    {
        let files = files
            .into_iter()
            .map(|(p, c)| (p.into(), c.into()))
            .collect();
        let vars = match &self.inner.vars {
            Vars::Process => Vars::Process,
            Vars::Given(vars) => Vars::Given(vars.clone()),
        };
        Self::new(vars, Files::Given(files))
    }

    fn new(vars: Vars, files: Files) -> Self {
        Self {
            inner: Arc::new(Inner { vars, files }),
        }
    }

    fn lookup(&self, name: &str) -> Option<OsString> {
        let value = match &self.inner.vars {
            Vars::Process => std::env::var_os(name),
            Vars::Given(vars) => vars.get(name).cloned(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// The variable `name` as text; `None` when unset or empty.
    pub(crate) fn var(&self, name: &'static str) -> Result<Option<String>, ConfigError> {
        self.var_named(name)
            .map_err(|()| ConfigError::InvalidEnv { name })
    }

    /// [`var`](Self::var) for a name made at run time; `Err(())` when it is not Unicode.
    pub(crate) fn var_named(&self, name: &str) -> Result<Option<String>, ()> {
        self.lookup(name)
            .map(|value| value.into_string().map_err(|_| ()))
            .transpose()
    }

    /// The variable `name` as a path.
    pub(crate) fn path_var(&self, name: &str) -> Option<PathBuf> {
        self.lookup(name).map(PathBuf::from)
    }

    /// The home directory: `HOME`; on Windows also `USERPROFILE`, then `HOMEDRIVE` +
    /// `HOMEPATH` (the AWS SDKs' order).
    pub(crate) fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = self.path_var("HOME") {
            return Some(home);
        }
        if cfg!(windows) {
            if let Some(profile) = self.path_var("USERPROFILE") {
                return Some(profile);
            }
            if let (Some(drive), Some(path)) = (self.lookup("HOMEDRIVE"), self.lookup("HOMEPATH")) {
                let mut home = drive;
                home.push(path);
                return Some(PathBuf::from(home));
            }
        }
        None
    }

    /// `path` with a leading `~` component replaced by the home directory (left as it is
    /// when there is none).
    pub(crate) fn expand_home(&self, path: &Path) -> PathBuf {
        let mut components = path.components();
        match components.next() {
            Some(std::path::Component::Normal(first)) if first == "~" => match self.home_dir() {
                Some(home) => home.join(components.as_path()),
                None => path.to_path_buf(),
            },
            _ => path.to_path_buf(),
        }
    }

    /// Reads the file at `path`, refusing one larger than `limit` bytes (so a path such as
    /// `/dev/zero` can't exhaust memory).
    pub(crate) fn read_file(&self, path: &Path, limit: usize) -> io::Result<Vec<u8>> {
        let too_large = || {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("larger than {limit} bytes"),
            )
        };
        match &self.inner.files {
            Files::Real => {
                let file = std::fs::File::open(path)?;
                let mut contents = Vec::new();
                let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
                file.take(cap).read_to_end(&mut contents)?;
                if contents.len() > limit {
                    return Err(too_large());
                }
                Ok(contents)
            }
            Files::Given(files) => match files.get(path) {
                Some(contents) if contents.len() > limit => Err(too_large()),
                Some(contents) => Ok(contents.clone()),
                None => Err(io::Error::from(io::ErrorKind::NotFound)),
            },
        }
    }
}

impl Default for Env {
    fn default() -> Self {
        Self::process()
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Env");
        match &self.inner.vars {
            Vars::Process => s.field("vars", &"process"),
            Vars::Given(vars) => s.field("vars", &format_args!("{} given", vars.len())),
        };
        match &self.inner.files {
            Files::Real => s.field("files", &"real"),
            Files::Given(files) => s.field("files", &format_args!("{} given", files.len())),
        };
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn given_vars_hide_the_process_and_empty_is_unset() {
        let env = Env::from_vars([("AWS_REGION", "eu-west-1"), ("AWS_PROFILE", "")]);
        assert_eq!(env.var("AWS_REGION").unwrap().as_deref(), Some("eu-west-1"));
        assert_eq!(env.var("AWS_PROFILE").unwrap(), None);
        // PATH is set in any test process, but not in the given list.
        assert_eq!(env.var("PATH").unwrap(), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_non_unicode_variable_is_an_error_naming_it() {
        use std::os::unix::ffi::OsStringExt;
        let env = Env::from_vars([("AWS_REGION", OsString::from_vec(vec![0xff]))]);
        assert_eq!(
            env.var("AWS_REGION"),
            Err(ConfigError::InvalidEnv { name: "AWS_REGION" })
        );
    }

    #[test]
    fn home_expansion() {
        let env = Env::from_vars([("HOME", "/home/me")]);
        assert_eq!(
            env.expand_home(Path::new("~/.aws/config")),
            Path::new("/home/me/.aws/config")
        );
        assert_eq!(env.expand_home(Path::new("~")), Path::new("/home/me"));
        // Only a whole `~` component is the home directory.
        assert_eq!(env.expand_home(Path::new("~aws/x")), Path::new("~aws/x"));
        assert_eq!(env.expand_home(Path::new("/etc/x")), Path::new("/etc/x"));
        let homeless = Env::from_vars::<_, String, String>([]);
        assert_eq!(
            homeless.expand_home(Path::new("~/.aws/config")),
            Path::new("~/.aws/config")
        );
    }

    #[test]
    fn given_files_and_the_size_limit() {
        let env = Env::from_vars::<_, String, String>([])
            .with_files([("/a", b"12345".to_vec()), ("/b", b"1".to_vec())]);
        assert_eq!(env.read_file(Path::new("/a"), 5).unwrap(), b"12345");
        let err = env.read_file(Path::new("/a"), 4).unwrap_err();
        assert!(err.to_string().contains("larger than 4 bytes"), "{err}");
        assert_eq!(
            env.read_file(Path::new("/c"), 5).unwrap_err().kind(),
            io::ErrorKind::NotFound
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_real_file_stops_at_the_limit() {
        let env = Env::from_vars::<_, String, String>([]);
        let err = env.read_file(Path::new("/dev/zero"), 1024).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }

    #[test]
    fn debug_shows_no_values() {
        let env = Env::from_vars([("AWS_SECRET_ACCESS_KEY", "very-secret")])
            .with_files([("/f", "secret-file")]);
        let text = format!("{env:?}");
        assert!(
            !text.contains("very-secret") && !text.contains("secret-file"),
            "{text}"
        );
        assert!(text.contains("1 given"), "{text}");
    }
}
