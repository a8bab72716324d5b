//! The embedded guest binary and what is known about it.

/// The guest ELF, built by build.rs (or taken from `HYPERLIGHT_CODEACT_GUEST`).
pub static GUEST_BINARY: &[u8] = include_bytes!(env!("HLC_GUEST_PATH"));

/// Version of the guest crate the binary was built from.
pub const GUEST_VERSION: &str = env!("HLC_GUEST_VERSION");

/// SHA-256 of [`GUEST_BINARY`], hex.
pub const GUEST_SHA256: &str = env!("HLC_GUEST_SHA256");

/// What the guest's `Version` function must return for this host to accept it.
pub static GUEST_VERSION_STRING: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{GUEST_VERSION}/protocol-{}", hyperlight_codeact_protocol::PROTOCOL_VERSION));

/// Facts about the embedded guest, for `doctor` and logs.
#[derive(Debug, Clone)]
pub struct GuestInfo {
    pub version: &'static str,
    pub sha256: &'static str,
    pub size_bytes: usize,
}

/// Describes the embedded guest.
#[must_use]
pub fn info() -> GuestInfo {
    GuestInfo { version: GUEST_VERSION, sha256: GUEST_SHA256, size_bytes: GUEST_BINARY.len() }
}
