//! The repository README shows the producer example; it must be the one `cargo test`
//! compiles as this crate's doc-test (`producer/README.md`).

#[test]
fn the_repository_readme_shows_the_compiled_example() {
    let ours = include_str!("../README.md");
    let root = include_str!("../../README.md");
    let start = ours
        .find("```rust,no_run\n")
        .expect("the crate README has the example");
    let len = ours[start + 3..]
        .find("```")
        .expect("the example block ends")
        + 6;
    let example = &ours[start..start + len];
    assert!(example.contains("Producer::with_config"), "{example}");
    assert!(
        root.contains(example),
        "README.md does not show producer/README.md's example as it is:\n{example}"
    );
}
