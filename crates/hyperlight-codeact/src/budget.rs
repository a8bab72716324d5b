//! The most host memory one run can make this process hold, whatever the guest does.
//!
//! Every per-run host resource is capped; this adds the caps up. The guest's own memory (its
//! heap and scratch pages, mapped by Hyperlight per VM, not per run) is not included: it is
//! `memory_mb` plus a fixed overhead and does not grow with what a run does.

use crate::system::{HOST_OP_MAX_BYTES, MAX_HOST_OPS};
use crate::tools::{AUDIT_EXTRA_RECORDS, AUDIT_RECORD_MAX_BYTES};
use crate::vm::QUEUE_BUFFER;
use crate::SandboxConfig;

impl SandboxConfig {
    /// Upper bound, in bytes, of the host heap one [`crate::Sandbox::run`] can make this
    /// process hold (at its peak, until the [`crate::ExecutionResult`] is dropped), whatever the
    /// code does. The sum of:
    ///
    /// - the tool-call audit: `max_tool_calls` + 100 refused calls + one summary record, each
    ///   at most 4 KiB (arguments are kept as a 256-byte, 16-value prefix);
    /// - the host-operation audit: 10,001 records of at most 1,280 bytes;
    /// - unread blobs: `max_read_bytes + http.max_response_bytes`, and one more read or response
    ///   in flight;
    /// - one guest message in flight, three times (the transport's copy, the decoded copy and
    ///   the reply): the guest-to-host buffer, `max(4 x max_output_bytes, 2 x
    ///   max_tool_payload_bytes)` plus framing;
    /// - one HTTP request body, twice (`http.max_request_bytes`);
    /// - the result: the files returned from `/output` (`max_output_total_bytes`), the names of
    ///   the at most 10,000 entries of `/output` looked at, and stdout, stderr, message and
    ///   traceback (`4 x max_output_bytes`).
    ///
    /// A tool abandoned at the deadline keeps its own thread (and what the tool holds) until
    /// it returns; that memory is the tool's, not bounded here.
    #[must_use]
    pub fn max_host_bytes_per_run(&self) -> u64 {
        let a = &self.access;
        let out = u64::from(self.max_output_bytes);
        let payload = u64::from(self.max_tool_payload_bytes);
        let audit = (u64::from(self.max_tool_calls) + AUDIT_EXTRA_RECORDS as u64 + 1) * AUDIT_RECORD_MAX_BYTES;
        let ops = (MAX_HOST_OPS as u64 + 1) * HOST_OP_MAX_BYTES;
        let blobs = a.max_read_bytes.saturating_add(a.http.max_response_bytes);
        let in_flight_read = a.max_read_bytes.max(a.http.max_response_bytes);
        let message = (4 * out).max(2 * payload) + 4 * QUEUE_BUFFER as u64;
        let http_body = 2 * a.http.max_request_bytes as u64;
        // The /output walk keeps a name (at most a 4 KiB path) per entry it looks at.
        let walk = crate::exec::output::OutputDir::MAX_ENTRIES as u64 * (4096 + 64);
        let result = a.max_output_total_bytes + 4 * out + walk;
        audit + ops + blobs + in_flight_read + 3 * message + http_body + result
    }
}
