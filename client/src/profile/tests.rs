use super::*;

fn files(config: &str, credentials: &str) -> ProfileFiles {
    files_for(None, config, credentials)
}

fn files_for(profile: Option<&str>, config: &str, credentials: &str) -> ProfileFiles {
    let mut vars = vec![("HOME", "/home/me")];
    if let Some(profile) = profile {
        vars.push(("AWS_PROFILE", profile));
    }
    let env = Env::from_vars(vars).with_files([
        ("/home/me/.aws/config", config),
        ("/home/me/.aws/credentials", credentials),
    ]);
    ProfileFiles::load(&env).unwrap_or_else(|e| panic!("{e}"))
}

fn parse_error(text: &str) -> ProfileFileError {
    let mut files = ProfileFiles::empty();
    files
        .merge(FileKind::Config, Path::new("/cfg"), text)
        .unwrap_err()
}

#[test]
fn config_profiles_need_the_prefix_except_default() {
    let f = files_for(
        Some("dev"),
        "[default]\nregion = eu-west-1\n[profile dev]\nregion = us-east-2\n[prod]\nregion = x\n",
        "",
    );
    assert_eq!(f.selected_name(), "dev");
    assert!(f.is_explicit());
    assert_eq!(f.get("region"), Some("us-east-2"));
    assert_eq!(f.profiles["default"].get("region"), Some("eu-west-1"));
    // `[prod]` in the config file is not a profile.
    assert!(!f.profiles.contains_key("prod"));
    let f = files_for(Some("prod"), "[prod]\nregion = x\n", "");
    assert!(f.selected().is_none());
    let why = f.why_missing();
    assert!(
        why.contains("/home/me/.aws/config")
            && why.contains("/home/me/.aws/credentials")
            && why.contains("[profile prod]"),
        "{why}"
    );
}

#[test]
fn profile_default_replaces_default_in_the_config_file() {
    let f = files(
        "[default]\nregion = a\noutput = json\n[profile default]\nregion = b\n",
        "",
    );
    assert!(!f.is_explicit());
    assert_eq!(f.get("region"), Some("b"));
    // `[default]` is replaced as a whole, not merged.
    assert_eq!(f.get("output"), None);
}

#[test]
fn credentials_profiles_have_no_prefix() {
    let f = files_for(
        Some("dev"),
        "",
        "[dev]\naws_access_key_id = AKID\n[profile other]\naws_access_key_id = X\n",
    );
    assert_eq!(f.get("aws_access_key_id"), Some("AKID"));
    assert!(!f.profiles.contains_key("other"));
    let f = files_for(Some("other"), "", "[profile other]\nk = v\n");
    assert!(
        f.why_missing()
            .contains("credentials-file profiles are written [other]")
    );
}

#[test]
fn the_credentials_file_wins_property_by_property() {
    let f = files(
        "[default]\nregion = eu-west-1\naws_access_key_id = FROM_CONFIG\n",
        "[default]\naws_access_key_id = FROM_CREDENTIALS\n",
    );
    assert_eq!(f.get("aws_access_key_id"), Some("FROM_CREDENTIALS"));
    assert_eq!(f.get("region"), Some("eu-west-1"));
}

#[test]
fn comments_keys_and_duplicates() {
    let f = files(
        "# a comment\n; another\n[default] # header comment\n\
         Region = eu-west-1 ; inline\n\
         a = b#not-a-comment\n\
         c = d # comment\n\
         e = first\n\
         e = second\n\
         [default]\n\
         f = merged\n",
        "",
    );
    assert_eq!(f.get("region"), Some("eu-west-1"));
    assert_eq!(f.get("a"), Some("b#not-a-comment"));
    assert_eq!(f.get("c"), Some("d"));
    assert_eq!(f.get("e"), Some("second"));
    assert_eq!(f.get("f"), Some("merged"));
}

#[test]
fn continuation_lines_and_sub_properties() {
    let f = files(
        "[default]\n\
         long = first\n  second\n\tthird\n\
         services = local\n\
         bad key = x\n  continued\n\
         [services local]\n\
         firehose =\n  endpoint_url = http://localhost:4566 # comment\n  other = 1\n\
         Kinesis =\n  ENDPOINT_URL = http://localhost:4567\n",
        "",
    );
    assert_eq!(f.get("long"), Some("first\nsecond\nthird"));
    // An invalid key is dropped, and so is its continuation line.
    assert_eq!(f.get("bad key"), None);
    assert_eq!(f.get("services"), Some("local"));
    assert_eq!(
        f.service_property("firehose", "endpoint_url"),
        Some("http://localhost:4566")
    );
    assert_eq!(
        f.service_property("kinesis", "endpoint_url"),
        Some("http://localhost:4567")
    );
    assert_eq!(f.service_property("s3", "endpoint_url"), None);
}

#[test]
fn syntax_errors_name_the_file_and_line_but_not_the_text() {
    for (text, line, message) in [
        (
            "aws_secret_access_key = SECRET\n",
            1,
            "must follow a section header",
        ),
        ("[default]\nSECRET\n", 2, "no `=` found"),
        ("[default]\n= SECRET\n", 2, "no name"),
        ("\n[default\n", 2, "must end with `]`"),
        ("[default]\n  SECRET = x\n", 2, "must continue a property"),
        ("[default]\nservices =\n  SECRET\n", 3, "no `=` found"),
    ] {
        let error = parse_error(text);
        assert_eq!(error.line(), Some(line), "{text:?}");
        assert_eq!(error.path(), Path::new("/cfg"));
        let shown = error.to_string();
        assert!(shown.contains(message), "{shown}");
        assert!(shown.starts_with(&format!("/cfg line {line}: ")), "{shown}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }
}

#[test]
fn files_move_with_variables_and_missing_files_are_empty() {
    let env = Env::from_vars([
        ("HOME", "/home/me"),
        ("AWS_CONFIG_FILE", "~/elsewhere/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/etc/aws-credentials"),
    ])
    .with_files([
        (
            "/home/me/elsewhere/config",
            "[default]\nregion = ap-south-1\n",
        ),
        (
            "/home/me/.aws/credentials",
            "[default]\naws_access_key_id = IGNORED\n",
        ),
    ]);
    let f = ProfileFiles::load(&env).unwrap();
    assert_eq!(f.get("region"), Some("ap-south-1"));
    // The credentials file was moved to a path that doesn't exist: empty, not an error.
    assert_eq!(f.get("aws_access_key_id"), None);
    assert_eq!(
        f.paths,
        [
            PathBuf::from("/home/me/elsewhere/config"),
            PathBuf::from("/etc/aws-credentials")
        ]
    );
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let f = files("\u{feff}[default]\r\nregion = eu-west-1\r\n", "");
    assert_eq!(f.get("region"), Some("eu-west-1"));
}

#[test]
fn unreadable_files_are_errors() {
    let env =
        Env::from_vars([("HOME", "/h")]).with_files([("/h/.aws/config", vec![b'[', 0xff, b']'])]);
    let error = ProfileFiles::load(&env).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot read /h/.aws/config: not valid UTF-8"
    );
    let env = Env::from_vars([("HOME", "/h")])
        .with_files([("/h/.aws/credentials", vec![b'#'; MAX_FILE_BYTES + 1])]);
    let error = ProfileFiles::load(&env).unwrap_err().to_string();
    assert!(
        error.contains("/h/.aws/credentials") && error.contains("larger than"),
        "{error}"
    );
}

#[test]
fn debug_shows_keys_not_values() {
    let f = files("", "[default]\naws_secret_access_key = VERY-SECRET\n");
    let text = format!("{f:?}");
    assert!(!text.contains("VERY-SECRET"), "{text}");
    assert!(text.contains("aws_secret_access_key"), "{text}");
}
