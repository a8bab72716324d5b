//! [`SandboxBuilder`]: how a [`Sandbox`] or a [`Pool`] is configured. Everything a sandbox is
//! made with is given here, once; [`SandboxBuilder::build`] and [`SandboxBuilder::build_pool`]
//! check it all before any VM starts, and nothing changes afterwards.

use std::sync::Arc;
use std::time::Duration;

use crate::pool::{validate, Pool, PoolOptions, DEFAULT_READY_VMS};
use crate::sandbox::{Sandbox, SandboxConfig};
use crate::system::HostAccess;
use crate::tools::{ToolHost, ToolPolicy};
use crate::vm::Isolation;
use crate::{Error, Result};

/// Builds a [`Sandbox`] or a [`Pool`]; start with [`Sandbox::builder`]. Every setting has the
/// default [`SandboxConfig::default`] gives.
///
/// ```no_run
/// use std::time::Duration;
/// use hyperlight_codeact::{FnTools, Sandbox, Value};
/// let tools = FnTools::new().with("add", |args| match args {
///     [(_, Value::Int(a)), (_, Value::Int(b))] => Ok(Value::Int(a + b)),
///     _ => Err("add(a, b) takes two ints".into()),
/// });
/// let mut sb = Sandbox::builder().tools(tools).timeout(Duration::from_secs(5)).memory_mb(32).build()?;
/// assert_eq!(sb.run("print(call_tool('add', a=1, b=2))")?.stdout, "3\n");
/// # Ok::<(), hyperlight_codeact::Error>(())
/// ```
#[must_use]
#[derive(Clone, Default)]
pub struct SandboxBuilder {
    config: SandboxConfig,
    tools: Option<Arc<dyn ToolHost>>,
    tool_policy: Option<ToolPolicy>,
    pool: PoolOptions,
}

impl SandboxBuilder {
    /// The whole configuration at once (replacing any setting made before).
    pub fn config(mut self, config: SandboxConfig) -> Self {
        self.config = config;
        self
    }

    /// Wall-clock limit for one run ([`SandboxConfig::timeout`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Guest heap in MiB ([`SandboxConfig::memory_mb`]).
    pub fn memory_mb(mut self, memory_mb: u32) -> Self {
        self.config.memory_mb = memory_mb;
        self
    }

    /// How runs are isolated from each other ([`SandboxConfig::isolation`]).
    pub fn isolation(mut self, isolation: Isolation) -> Self {
        self.config.isolation = isolation;
        self
    }

    /// Bytes of stdout and of stderr kept per run ([`SandboxConfig::max_output_bytes`]).
    pub fn max_output_bytes(mut self, bytes: u32) -> Self {
        self.config.max_output_bytes = bytes;
        self
    }

    /// `call_tool` calls allowed per run ([`SandboxConfig::max_tool_calls`]).
    pub fn max_tool_calls(mut self, calls: u32) -> Self {
        self.config.max_tool_calls = calls;
        self
    }

    /// Largest encoded tool call and result ([`SandboxConfig::max_tool_payload_bytes`]).
    pub fn max_tool_payload_bytes(mut self, bytes: u32) -> Self {
        self.config.max_tool_payload_bytes = bytes;
        self
    }

    /// File mounts, the network allow-list and `/output` ([`SandboxConfig::access`]).
    pub fn access(mut self, access: HostAccess) -> Self {
        self.config.access = access;
        self
    }

    /// Whether a tool's exception reaches the guest with its own message
    /// ([`SandboxConfig::tool_error_detail`]).
    pub fn tool_error_detail(mut self, detail: bool) -> Self {
        self.config.tool_error_detail = detail;
        self
    }

    /// The tools the code reaches through `call_tool(name, **kwargs)`.
    pub fn tools(self, tools: impl ToolHost + 'static) -> Self {
        self.shared_tools(Arc::new(tools))
    }

    /// Like [`SandboxBuilder::tools`], for tools already shared.
    pub fn shared_tools(mut self, tools: Arc<dyn ToolHost>) -> Self {
        self.tools = Some(tools);
        self
    }

    /// The hook checked before every tool call (default: every call is allowed).
    pub fn tool_policy(mut self, policy: ToolPolicy) -> Self {
        self.tool_policy = Some(policy);
        self
    }

    /// For [`SandboxBuilder::build_pool`]: most VMs alive at once ([`PoolOptions::max_vms`]).
    pub fn max_vms(mut self, max_vms: usize) -> Self {
        self.pool.max_vms = max_vms;
        self
    }

    /// For [`SandboxBuilder::build_pool`]: VMs kept ready ([`PoolOptions::ready_vms`]).
    pub fn ready_vms(mut self, ready_vms: usize) -> Self {
        self.pool.ready_vms = ready_vms;
        self
    }

    /// For [`SandboxBuilder::build_pool`]: both pool sizes at once.
    pub fn pool_options(mut self, options: PoolOptions) -> Self {
        self.pool = options;
        self
    }

    /// The configuration as set so far (to keep, or to start another builder from).
    #[must_use]
    pub fn into_config(self) -> SandboxConfig {
        self.config
    }

    /// Checks every setting, as `build_pool` does first (`build` checks all but the pool sizes,
    /// which it does not use).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the first setting out of range.
    pub fn validate(&self) -> Result<()> {
        validate(&self.config)?;
        if self.pool.max_vms == 0 {
            return Err(Error::InvalidArgument("the pool needs at least one VM (max_vms >= 1)".into()));
        }
        Ok(())
    }

    /// A [`Sandbox`]: one run at a time (the pool sizes are for [`SandboxBuilder::build_pool`]).
    /// The first sandbox of a process with a given memory and output layout loads the guest and
    /// runs its init (tens of milliseconds); later ones start from the process's cached
    /// post-init snapshot.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] for a bad setting (before any VM starts);
    /// [`Error::NoHypervisor`] when no hypervisor is usable; [`Error::Hyperlight`] when the VM
    /// cannot be created.
    pub fn build(self) -> Result<Sandbox> {
        // One run at a time: a VM running, plus the ready ones.
        let options = PoolOptions::new(1 + DEFAULT_READY_VMS, DEFAULT_READY_VMS);
        validate(&self.config)?;
        Ok(Sandbox::from_pool(self.pool_with(options)?))
    }

    /// A [`Pool`] running up to [`SandboxBuilder::max_vms`] code blocks at once.
    ///
    /// # Errors
    /// As [`SandboxBuilder::build`].
    pub fn build_pool(self) -> Result<Pool> {
        self.validate()?;
        let options = self.pool;
        self.pool_with(options)
    }

    fn pool_with(self, options: PoolOptions) -> Result<Pool> {
        let pool = Pool::with_options(self.config, self.tools, options)?;
        pool.set_tool_policy(self.tool_policy);
        Ok(pool)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_checked_before_any_vm_starts() {
        assert!(SandboxBuilder::default().validate().is_ok());
        for (builder, name) in [
            (Sandbox::builder().memory_mb(0), "memory_mb"),
            (Sandbox::builder().timeout(Duration::ZERO), "timeout"),
            (Sandbox::builder().max_output_bytes(0), "max_output_bytes"),
            (Sandbox::builder().max_tool_payload_bytes(10), "max_tool_payload_bytes"),
            (Sandbox::builder().max_vms(0), "max_vms"),
        ] {
            let Err(Error::InvalidArgument(message)) = builder.validate() else { panic!("{name} was accepted") };
            assert!(message.contains(name), "{message}");
        }
        // build() refuses the same configurations, without creating a VM.
        assert!(matches!(Sandbox::builder().memory_mb(0).build(), Err(Error::InvalidArgument(_))));
        assert!(matches!(Sandbox::builder().max_vms(0).build_pool(), Err(Error::InvalidArgument(_))));
    }

    #[test]
    fn the_setters_fill_the_config() {
        let access = HostAccess { output_dir: false, ..HostAccess::default() };
        let c = Sandbox::builder()
            .timeout(Duration::from_secs(3))
            .memory_mb(32)
            .isolation(Isolation::ReuseVmTrusted)
            .max_output_bytes(4096)
            .max_tool_calls(7)
            .max_tool_payload_bytes(2048)
            .access(access)
            .tool_error_detail(false)
            .into_config();
        assert_eq!(c.timeout, Duration::from_secs(3));
        assert_eq!((c.memory_mb, c.max_output_bytes, c.max_tool_calls, c.max_tool_payload_bytes), (32, 4096, 7, 2048));
        assert_eq!(c.isolation, Isolation::ReuseVmTrusted);
        assert!(!c.access.output_dir && !c.tool_error_detail);
        // config() replaces everything set before it.
        assert_eq!(Sandbox::builder().memory_mb(32).config(SandboxConfig::default()).into_config().memory_mb, 64);
    }
}
