//! Which hypervisor this machine offers, in words a user can act on.

use std::fmt;
use std::fs::OpenOptions;
use std::path::Path;

/// The kind of hypervisor found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HypervisorKind {
    /// Hardware KVM (VMX/SVM).
    Kvm,
    /// KVM provided by PVM (pagetable-based nested virtualisation, `kvm_pvm`): guest ring 0 is
    /// emulated, ring 3 is native. Our guest runs its work in ring 3, so it is fast here too.
    PvmKvm,
    /// Microsoft Hypervisor (`/dev/mshv`).
    Mshv,
    /// Nothing usable.
    None,
}

impl fmt::Display for HypervisorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Kvm => "KVM",
            Self::PvmKvm => "PVM-backed KVM",
            Self::Mshv => "MSHV",
            Self::None => "none",
        })
    }
}

/// What [`detect`] found, with the problem and fix when nothing is usable.
#[derive(Debug, Clone)]
pub struct HypervisorInfo {
    pub kind: HypervisorKind,
    /// The device node used (`/dev/kvm`, `/dev/mshv`), if any.
    pub device: Option<&'static str>,
    /// Why no hypervisor is usable, when `kind` is `None`.
    pub problem: Option<String>,
    /// What to do about it, when `kind` is `None`.
    pub fix: Option<String>,
}

impl HypervisorInfo {
    /// True when a micro-VM can be attempted.
    #[must_use]
    pub fn usable(&self) -> bool {
        self.kind != HypervisorKind::None
    }
}

fn openable(dev: &str) -> std::io::Result<()> {
    OpenOptions::new().read(true).write(true).open(dev).map(|_| ())
}

/// Looks for a usable hypervisor device.
#[must_use]
pub fn detect() -> HypervisorInfo {
    const KVM: &str = "/dev/kvm";
    // hyperlight-host is built with its `kvm` feature only: /dev/mshv cannot run our VMs.
    let (problem, fix) = if Path::new(KVM).exists() {
        match openable(KVM) {
            Ok(()) => {
                let kind = if Path::new("/sys/module/kvm_pvm").exists() {
                    HypervisorKind::PvmKvm
                } else {
                    HypervisorKind::Kvm
                };
                return HypervisorInfo { kind, device: Some(KVM), problem: None, fix: None };
            }
            Err(e) => (
                format!("{KVM} exists but cannot be opened ({e})"),
                "give this user read/write access to the device (e.g. add it to the 'kvm' group, then log in again)"
                    .to_string(),
            ),
        }
    } else {
        let mshv = if Path::new("/dev/mshv").exists() {
            " (/dev/mshv exists, but this build supports KVM only: hyperlight-host without `mshv3`)"
        } else {
            ""
        };
        (
            format!("{KVM} does not exist{mshv}"),
            "run on a Linux host or VM with KVM enabled (load kvm_intel/kvm_amd, or enable nested \
             virtualisation for this VM)"
                .to_string(),
        )
    };
    HypervisorInfo { kind: HypervisorKind::None, device: None, problem: Some(problem), fix: Some(fix) }
}
