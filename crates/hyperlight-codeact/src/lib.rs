//! hyperlight-codeact: run untrusted Python code blocks in Hyperlight micro-VMs.
//!
//! The guest is our own binary (a MicroPython interpreter on a small ring-0/ring-3 kernel),
//! embedded in this crate at build time. A [`Sandbox`] owns one micro-VM; each
//! [`Sandbox::run`] executes a code block with fresh Python state and returns an
//! [`ExecutionResult`].
//!
//! ```no_run
//! use hyperlight_codeact::Sandbox;
//! let mut sb = Sandbox::builder().build()?;
//! let r = sb.run("print(6 * 7)")?;
//! assert_eq!(r.stdout, "42\n");
//! # Ok::<(), hyperlight_codeact::Error>(())
//! ```

mod budget;
mod builder;
mod error;
pub mod exec;
pub mod guest;
pub mod hypervisor;
pub mod policy;
mod pool;
mod sandbox;
mod snapshot_store;
mod system;
pub mod tools;
mod trace;
mod vm;
mod watchdog;
mod worker;

pub use error::{Error, Result};
pub use exec::http::HttpLimits;
pub use hyperlight_codeact_protocol::{BuiltinException, GuestException, Value, MAX_VALUE_DEPTH};
pub use policy::fs::Mount;
pub use policy::net::{AllowedDomain, Method};
pub use pool::{Pool, PoolOptions, SnapshotOrigin, DEFAULT_MAX_VMS, DEFAULT_READY_VMS};
pub use sandbox::{out_of_range, CancelToken, ExecutionResult, Sandbox, SandboxBuilder, SandboxConfig};
pub use system::{HostAccess, HostOpRecord, OutputFile};
pub use tools::{
    FnTools, ToolCallRecord, ToolCancel, ToolDone, ToolException, ToolFailure, ToolHost, ToolOutcome, ToolPolicy,
    MAX_TOOL_CALLS_IN_FLIGHT,
};
pub use vm::{Isolation, PrepStats, MAX_CODE_BYTES};
