//! `cargo xtask bench-report`: reads the results of the last `cargo bench` (criterion's
//! `estimates.json` under `bench/target/criterion/`) and of the last `cargo xtask footprint`
//! (`bench/target/footprint/summary.txt`), prints the tables with ratios, and writes the
//! chart `docs/benchmarks.svg`.

use std::fmt::Write as _;
use std::path::Path;

/// A criterion estimate: median time per iteration (thread CPU time, wall time for codegen), in nanoseconds.
fn median_ns(criterion: &Path, id: &str) -> Result<f64, String> {
    let path = criterion.join(id).join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e} (run `cargo bench` in bench/ first)",
            path.display()
        )
    })?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    json.pointer("/median/point_estimate")
        .and_then(serde_json::Value::as_f64)
        .ok_or_else(|| format!("{}: no median/point_estimate", path.display()))
}

fn time(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.1} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.1} µs", ns / 1e3)
    } else {
        format!("{ns:.0} ns")
    }
}

/// `key: value` lines of the footprint summary.
fn footprint_value(summary: &str, key: &str) -> Option<f64> {
    summary.lines().find_map(|l| {
        l.strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(": "))
            .and_then(|v| v.trim().parse().ok())
    })
}

pub fn run(root: &Path) -> Result<(), String> {
    let criterion = root.join("bench/target/criterion");
    let get = |id: &str| median_ns(&criterion, id);
    let mut out = String::new();

    let codegen = get("codegen/firehose")?;
    let ser = get("serialize/ours")?;
    let floor = get("serialize/base64_floor")?;
    let _ = writeln!(
        out,
        "| benchmark (median; thread CPU time, codegen wall time) | ours | reference | ratio | target |"
    );
    let _ = writeln!(out, "| --- | --- | --- | --- | --- |");
    let _ = writeln!(
        out,
        "| codegen: Firehose model to formatted files | {} | | | ≤ 100 ms |",
        time(codegen)
    );
    let _ = writeln!(
        out,
        "| PutRecordBatch 500 × 1,000 B to body bytes vs base64 floor | {} | {} | {:.2} | ≤ 1.5 |",
        time(ser),
        time(floor),
        ser / floor
    );
    let mut ratios = Vec::new();
    for (call, sha) in [
        ("PutRecordBatch", Some("parts/sha256_body_PutRecordBatch")),
        ("DescribeDeliveryStream", None),
    ] {
        let ours = get(&format!("{call}/ours"))?;
        let sdk = get(&format!("{call}/aws_sdk"))?;
        let _ = writeln!(
            out,
            "| {call}, one call: ours vs aws-sdk-firehose | {} | {} | {:.3} | ≤ 0.333 |",
            time(ours),
            time(sdk),
            ours / sdk
        );
        ratios.push((format!("{call}, CPU per call"), ours / sdk, Some(1.0 / 3.0)));
        if let Some(sha) = sha {
            let sha = get(sha)?;
            let _ = writeln!(
                out,
                "| {call}, one call minus the SHA-256 of the body ({}) both pay | {} | {} | {:.3} | |",
                time(sha),
                time(ours - sha),
                time(sdk - sha),
                (ours - sha) / (sdk - sha)
            );
            ratios.push((
                format!("{call}, CPU minus SHA-256 floor"),
                (ours - sha) / (sdk - sha),
                None,
            ));
        }
    }
    for (what, id) in [
        (
            "parse DescribeDeliveryStream response (4.9 KB)",
            "parse/DescribeDeliveryStream",
        ),
        (
            "parse PutRecordBatch response (500 entries)",
            "parse/PutRecordBatch",
        ),
        (
            "SigV4 sign PutRecordBatch request",
            "parts/sign_PutRecordBatch",
        ),
        (
            "SHA-256 of the PutRecordBatch body",
            "parts/sha256_body_PutRecordBatch",
        ),
        (
            "SigV4 sign DescribeDeliveryStream request",
            "parts/sign_DescribeDeliveryStream",
        ),
    ] {
        let _ = writeln!(out, "| {what} | {} | | | |", time(get(id)?));
    }

    let summary_path = root.join("bench/target/footprint/summary.txt");
    let summary = std::fs::read_to_string(&summary_path).map_err(|e| {
        format!(
            "{}: {e} (run `cargo xtask footprint` first)",
            summary_path.display()
        )
    })?;
    let _ = writeln!(out, "\n{summary}");
    for (label, key, target) in [
        ("clean debug build", "build-ratio", Some(0.25)),
        ("clean release build", "release-build-ratio", None),
        ("stripped release binary", "binary-ratio", Some(1.0 / 3.0)),
    ] {
        let value = footprint_value(&summary, key)
            .ok_or_else(|| format!("{}: no `{key}`", summary_path.display()))?;
        ratios.push((label.to_owned(), value, target));
    }
    print!("{out}");

    let svg = chart(&ratios);
    let svg_path = root.join("docs/benchmarks.svg");
    std::fs::write(&svg_path, svg).map_err(|e| format!("{}: {e}", svg_path.display()))?;
    println!("wrote {}", svg_path.display());
    Ok(())
}

/// A horizontal bar per ratio (ours / aws-sdk-firehose), with the target as a red tick.
fn chart(ratios: &[(String, f64, Option<f64>)]) -> String {
    const LEFT: f64 = 300.0;
    const WIDTH: f64 = 360.0; // ratio 1.0
    const ROW: f64 = 34.0;
    const TOP: f64 = 50.0;
    let height = TOP + ROW * ratios.len() as f64 + 40.0;
    let total = LEFT + WIDTH + 80.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="{height}" font-family="sans-serif" font-size="13">"#
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="10" y="22" font-size="15" font-weight="bold">ours ÷ aws-sdk-firehose (shorter is better; red tick = target)</text>"#
    );
    for (i, (label, value, target)) in ratios.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let w = (value.clamp(0.0, 1.2) * WIDTH).max(1.0);
        let met = target.is_none_or(|t| *value <= t);
        let color = if met { "#4a8f4a" } else { "#c9873a" };
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            LEFT - 8.0,
            y + 17.0,
            escape(label)
        );
        let _ = writeln!(
            s,
            r#"<rect x="{LEFT}" y="{}" width="{w:.1}" height="22" fill="{color}"/>"#,
            y + 2.0
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{}">{value:.2}</text>"#,
            LEFT + w + 6.0,
            y + 17.0
        );
        if let Some(t) = target {
            let x = LEFT + t * WIDTH;
            let _ = writeln!(
                s,
                r#"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{}" stroke="red" stroke-width="2"/>"#,
                y - 1.0,
                y + 27.0
            );
        }
    }
    let axis_y = TOP + ROW * ratios.len() as f64 + 4.0;
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let x = LEFT + tick * WIDTH;
        let _ = writeln!(
            s,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{axis_y}" stroke="#bbb" stroke-dasharray="2,3"/>"##,
            TOP - 4.0
        );
        let _ = writeln!(
            s,
            r#"<text x="{x}" y="{}" text-anchor="middle">{tick}</text>"#,
            axis_y + 16.0
        );
    }
    s.push_str("</svg>\n");
    s
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
