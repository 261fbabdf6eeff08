//! The whole generator on the Firehose model: load and validate the JSON AST, build the IR,
//! emit every file and format it with prettyplease (writing to disk is not timed).
//!
//! Wall time, unlike the other groups: the generator emits and formats files on two threads,
//! so the calling thread's CPU time would miss half the work. The target is a wall time.

use compare::firehose_model_path;
use criterion::{Criterion, criterion_group, criterion_main};
use smithy_codegen::CrateConfig;
use smithy_model::Model;

fn codegen(c: &mut Criterion) {
    let path = firehose_model_path();
    let config = CrateConfig {
        package: "firehose".into(),
        service: Some("com.amazonaws.firehose#Firehose_20150804".into()),
        ..CrateConfig::default()
    };
    let mut group = c.benchmark_group("codegen");
    group.sample_size(20);
    group.bench_function("firehose", |b| {
        b.iter(|| {
            let model = Model::load(&path).unwrap();
            let generated = smithy_codegen::generate(&model, &config).unwrap();
            assert!(generated.files.len() > 3);
            generated
        })
    });
    group.finish();
}

criterion_group!(benches, codegen);
criterion_main!(benches);
