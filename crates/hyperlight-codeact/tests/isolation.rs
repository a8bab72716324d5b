//! Guest hardening (issue 12, items 4b-4e and the probe for item 5), each in a real micro-VM:
//! ring 3 cannot reach the kernel, the page tables or the host's stderr; a corrupted transport
//! fails only its own call; C static state does not cross runs; and a memory probe finds a
//! run's canary in a reused VM but nothing after a restore.

use std::time::{SystemTime, UNIX_EPOCH};

use hyperlight_codeact::{Error, FnTools, Isolation, Sandbox, Value};

fn sandbox() -> Sandbox {
    Sandbox::builder().build().expect("a micro-VM starts on this machine")
}

fn assert_next_run_succeeds(sb: &mut Sandbox, after: &str) {
    let r = sb.run("b = bytearray(10**6)\nprint(6 * 7, len(b), 'x' in globals())").unwrap();
    assert_eq!((r.success(), r.stdout.as_str()), (true, "42 1000000 False\n"), "after {after}");
}

/// Ring-3 code with arbitrary memory access (a hidden guest function standing in for a memory
/// bug) tries each protected thing; each attempt must end the call as a guest crash, and the
/// VM must be usable again.
#[test]
fn ring3_cannot_touch_page_tables_kernel_or_metadata() {
    let mut sb = sandbox();
    for (kind, expect) in [
        ("read_page_table", "ring-3 access to protected memory"),
        ("write_page_table", "ring-3 access to protected memory"),
        ("read_metadata", "ring-3 access to protected memory"),
        ("read_exception_stack", "ring-3 access to protected memory"),
        ("write_kernel_data", "access to memory outside the sandbox's regions"),
        ("read_kernel_text", "ring-3 access to supervisor-only memory"),
        ("write_text", "write to read-only memory"),
        ("exec_data", "execution of non-executable memory"),
        ("exec_heap", "execution of non-executable memory"),
        ("abort_port", "#GP general protection"),
    ] {
        match sb.crash_guest_for_tests(kind) {
            Err(Error::GuestCrash(msg)) => assert!(msg.contains(expect), "{kind}: {msg}"),
            other => panic!("{kind}: expected a guest crash, got {other:?}"),
        }
        assert_next_run_succeeds(&mut sb, kind);
    }
}

/// Ring 3 writing guest bytes (an ANSI escape included) to Hyperlight's debug port, which the
/// host would `eprint!` raw: the port is closed, the call is a guest crash, and nothing reaches
/// this process's stderr. Checked in a child process whose stderr is captured.
#[test]
fn debug_port_is_closed_and_nothing_reaches_stderr() {
    if std::env::var_os("HLC_DEBUG_PORT_CHILD").is_some() {
        let mut sb = sandbox();
        match sb.crash_guest_for_tests("debug_port") {
            Err(Error::GuestCrash(msg)) => assert!(msg.contains("#GP general protection"), "{msg}"),
            other => panic!("expected a guest crash, got {other:?}"),
        }
        assert_next_run_succeeds(&mut sb, "debug_port");
        println!("child-ok");
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "debug_port_is_closed_and_nothing_reaches_stderr", "--nocapture", "--test-threads=1"])
        .env("HLC_DEBUG_PORT_CHILD", "1")
        .output()
        .expect("runs the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stdout.contains("child-ok"), "child failed:\n{stdout}\n{stderr}");
    assert!(!stderr.contains("guest bytes") && !stderr.contains('\x1b'), "guest bytes reached stderr: {stderr:?}");
}

/// A guest that corrupts the virtqueue rings (garbage, descriptors pointing at the page tables
/// or outside memory with huge lengths, flags, the checkpoint mailbox) fails its own call with
/// a clean error, promptly; the next runs on the same Sandbox succeed.
#[test]
fn corrupted_rings_fail_only_the_call_that_corrupted_them() {
    let mut sb = sandbox();
    for kind in ["ring_garbage", "ring_addresses", "ring_flags", "mailbox", "ring_notify", "ring_chain"] {
        for _ in 0..3 {
            let started = std::time::Instant::now();
            let outcome = sb.crash_guest_for_tests(kind);
            assert!(outcome.is_err(), "{kind}: {outcome:?}");
            eprintln!("{kind}: {outcome:?}");
            assert!(started.elapsed().as_secs() < 20, "{kind}: the host took {:?}", started.elapsed());
            for _ in 0..3 {
                assert_next_run_succeeds(&mut sb, kind);
            }
        }
    }
}

/// C modules' static state (the `random` C module's generator) is the same at the start of
/// every run, in the reuse mode too: one run's draws cannot be seen by the next.
#[test]
fn c_module_static_state_does_not_cross_runs() {
    for isolation in [Isolation::ReuseVmTrusted, Isolation::FreshVm] {
        let mut sb = Sandbox::builder().isolation(isolation).build().unwrap();
        let code = "import urandom\nprint([urandom.getrandbits(16) for _ in range(4)])";
        let first = sb.run(code).unwrap();
        assert!(first.success(), "{first:?}");
        for draws in [1, 1000, 7] {
            // A run that advances the generator; the next run must not see where it stopped.
            assert!(sb
                .run(&format!("import urandom\nfor _ in range({draws}): urandom.getrandbits(32)"))
                .unwrap()
                .success());
            assert_eq!(sb.run(code).unwrap().stdout, first.stdout, "mode {isolation:?}");
        }
    }
}

fn canary() -> String {
    let t = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    format!("CANARY{:x}{:x}", t.wrapping_mul(0x9e37_79b9_7f4a_7c15), std::process::id())
}

fn canary_sandbox(isolation: Isolation, c: &str) -> Sandbox {
    let reply = format!("{c}-tool");
    let tools = FnTools::new().with("lookup", move |_| Ok(Value::Str(reply.clone())));
    Sandbox::builder().isolation(isolation).tools(tools).build().unwrap()
}

fn canary_run(c: &str) -> String {
    format!("secret = '{c}-global'\nr = call_tool('lookup')\nprint('{c}-stdout')\nb = bytearray(b'{c}-bytes')\nprint(len(r))")
}

/// The probe for item 5: a run writes a random canary into globals, a tool result, stdout and a
/// bytearray. Scanning the SAME VM without a restore (trusted reuse) finds each, which proves the
/// probe sees those places; after a restore it finds nothing.
#[test]
fn memory_probe_finds_a_runs_canary_until_the_vm_is_restored() {
    let c = canary();
    let mut sb = canary_sandbox(Isolation::ReuseVmTrusted, &c);
    // Nothing before the run.
    assert_eq!(sb.scan_for_tests(c.as_bytes()).unwrap(), Vec::<u64>::new());
    assert_next_run_succeeds(&mut sb, "a clean scan");

    let r = sb.run(&canary_run(&c)).unwrap();
    assert!(r.success(), "{r:?}");
    for what in ["-global", "-tool", "-stdout", "-bytes"] {
        let needle = format!("{c}{what}");
        let hits = sb.scan_for_tests(needle.as_bytes()).unwrap();
        assert!(!hits.is_empty(), "the probe does not see the run's {what} in the reused VM");
    }

    // A restore (here after a guest fault) and the VM holds no byte of it.
    assert!(sb.crash_guest_for_tests("ud2").is_err());
    assert_eq!(sb.scan_for_tests(c.as_bytes()).unwrap(), Vec::<u64>::new(), "after a restore");
    assert_next_run_succeeds(&mut sb, "the last scan");
}

/// Item 5 itself, with the default isolation: the VM the next use gets holds no byte of the
/// previous run's canary (after a successful run, after a failed one, with several VMs).
#[test]
fn a_fresh_vm_holds_no_byte_of_the_previous_run() {
    let c = canary();
    let mut sb = canary_sandbox(Isolation::FreshVm, &c);
    for round in 0..3 {
        let r = sb.run(&canary_run(&c)).unwrap();
        assert!(r.success(), "{r:?}");
        assert_eq!(sb.scan_for_tests(c.as_bytes()).unwrap(), Vec::<u64>::new(), "round {round} after a run");
        let failing = format!("x = '{c}-failing'\nraise ValueError(x)");
        assert!(!sb.run(&failing).unwrap().success());
        assert_eq!(sb.scan_for_tests(c.as_bytes()).unwrap(), Vec::<u64>::new(), "round {round} after a failed run");
    }
}
