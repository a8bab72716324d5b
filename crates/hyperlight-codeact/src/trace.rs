//! `tracing` events (target `hyperlight_codeact`) for VM creation, runs, tool calls, policy
//! refusals and VM restores. Nothing is printed unless the embedder installs a subscriber (e.g.
//! `tracing_subscriber::fmt().with_env_filter("hyperlight_codeact=debug")`); with none, each
//! event costs one cached check.

use std::time::Duration;

use crate::tools::ToolOutcome;
use crate::{Error, ExecutionResult};

const TARGET: &str = "hyperlight_codeact";

pub(crate) fn created(elapsed: Duration, from_snapshot: bool) {
    tracing::debug!(
        target: TARGET,
        from_snapshot,
        elapsed_ms = elapsed.as_secs_f64() * 1e3,
        "micro-VM created"
    );
}

pub(crate) fn snapshot_loaded(path: &std::path::Path, elapsed: Duration) {
    tracing::debug!(
        target: TARGET,
        path = %path.display(),
        elapsed_ms = elapsed.as_secs_f64() * 1e3,
        "post-init snapshot loaded from disk"
    );
}

pub(crate) fn snapshot_saved(path: &std::path::Path) {
    tracing::debug!(target: TARGET, path = %path.display(), "post-init snapshot saved to disk");
}

pub(crate) fn snapshot_store_failed(what: &str, path: &std::path::Path, error: &str) {
    tracing::info!(target: TARGET, what, path = %path.display(), error, "snapshot store not used");
}

pub(crate) fn run_finished(code: &str, result: &Result<ExecutionResult, Error>, elapsed: Duration) {
    let elapsed_ms = elapsed.as_secs_f64() * 1e3;
    match result {
        Ok(r) => {
            tracing::debug!(
                target: TARGET,
                code_bytes = code.len(),
                exit_code = r.exit_code,
                exception = r.exception.as_ref().map(|e| e.type_name.as_str()),
                tool_calls = r.tool_calls.len(),
                host_ops = r.host_ops.len(),
                elapsed_ms,
                "run finished"
            );
            for call in &r.tool_calls {
                let duration_ms = call.duration.as_secs_f64() * 1e3;
                match &call.outcome {
                    ToolOutcome::Ok => tracing::debug!(target: TARGET, tool = %call.name, duration_ms, "tool call"),
                    ToolOutcome::Error(e) => {
                        tracing::debug!(target: TARGET, tool = %call.name, duration_ms, error = %e, "tool call failed");
                    }
                    ToolOutcome::Denied(why) => {
                        tracing::info!(target: TARGET, tool = %call.name, reason = %why, "tool call denied by policy");
                    }
                    ToolOutcome::Cancelled(why) => {
                        tracing::debug!(target: TARGET, tool = %call.name, reason = %why, "tool call cancelled");
                    }
                }
            }
            for op in r.host_ops.iter().filter(|o| o.error.is_some()) {
                tracing::info!(
                    target: TARGET,
                    op = %op.op,
                    on = %op.target,
                    error = op.error.as_deref().unwrap_or_default(),
                    "host operation refused or failed"
                );
            }
        }
        Err(e) => tracing::debug!(target: TARGET, code_bytes = code.len(), elapsed_ms, error = %e, "run failed"),
    }
}

pub(crate) fn restored(elapsed: Duration) {
    tracing::debug!(target: TARGET, elapsed_ms = elapsed.as_secs_f64() * 1e3, "VM restored to its post-init snapshot");
}
