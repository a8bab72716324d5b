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
    let mut problems = Vec::new();
    for (dev, kind) in [("/dev/kvm", HypervisorKind::Kvm), ("/dev/mshv", HypervisorKind::Mshv)] {
        if !Path::new(dev).exists() {
            continue;
        }
        match openable(dev) {
            Ok(()) => {
                let kind = if kind == HypervisorKind::Kvm && Path::new("/sys/module/kvm_pvm").exists() {
                    HypervisorKind::PvmKvm
                } else {
                    kind
                };
                return HypervisorInfo { kind, device: Some(dev), problem: None, fix: None };
            }
            Err(e) => problems.push(format!("{dev} exists but cannot be opened ({e})")),
        }
    }
    let (problem, fix) = if problems.is_empty() {
        (
            "neither /dev/kvm nor /dev/mshv exists".to_string(),
            "run on a Linux host or VM with KVM enabled (load kvm_intel/kvm_amd, or enable nested \
             virtualisation for this VM), or on Azure Linux with MSHV"
                .to_string(),
        )
    } else {
        (
            problems.join("; "),
            "give this user read/write access to the device (e.g. add it to the 'kvm' group, then log in again)"
                .to_string(),
        )
    };
    HypervisorInfo { kind: HypervisorKind::None, device: None, problem: Some(problem), fix: Some(fix) }
}
