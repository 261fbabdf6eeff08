//! Hand-written inputs and realistic response bodies, and the deviation cases.

use differential::check::Report;

pub fn run(_rt: &tokio::runtime::Runtime, _report: &mut Report) {}
