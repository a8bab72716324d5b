//! Integration tests: every test starts a real micro-VM.

use std::time::Duration;

use hyperlight_codeact::{Error, Isolation, Sandbox};

fn sandbox() -> Sandbox {
    Sandbox::builder().build().expect("a micro-VM starts on this machine")
}

#[test]
fn runs_python_and_captures_stdout() {
    let mut sb = sandbox();
    let r = sb.run("import math\nprint(sum(i*i for i in range(10)), math.sqrt(2.0), 7/2)").unwrap();
    assert_eq!(r.stdout, "285 1.4142135623730951 3.5\n");
    assert!(r.success());
    assert_eq!(r.error(), None);
}

#[test]
fn uncaught_exception_reports_type_message_and_line() {
    let mut sb = sandbox();
    let r = sb.run("x = 1\ny = x / 0\n").unwrap();
    assert!(!r.success());
    assert_eq!(r.exit_code, 1);
    assert_eq!(r.error().as_deref(), Some("ZeroDivisionError: division by zero"));
    let tb = &r.exception.as_ref().unwrap().traceback;
    assert!(tb.contains("line 2"), "traceback points at the failing line: {tb}");
}

#[test]
fn state_does_not_survive_between_runs() {
    for isolation in [Isolation::ReuseVmTrusted, Isolation::FreshVm] {
        let mut sb = Sandbox::builder().isolation(isolation).build().unwrap();
        assert!(sb.run("leaked = 42").unwrap().success());
        let r = sb.run("print(leaked)").unwrap();
        assert_eq!(r.exception.as_ref().map(|e| e.type_name.as_str()), Some("NameError"), "mode {isolation:?}");
    }
}

#[test]
fn system_exit_sets_exit_code() {
    let mut sb = sandbox();
    let r = sb.run("import sys\nprint('bye')\nsys.exit(3)").unwrap();
    assert_eq!(r.exit_code, 3);
    assert_eq!(r.stdout, "bye\n");
}

#[test]
fn output_is_truncated_at_the_limit() {
    let mut sb = Sandbox::builder().max_output_bytes(100).build().unwrap();
    let r = sb.run("for i in range(1000):\n    print('x' * 50)").unwrap();
    assert!(r.output_truncated);
    assert_eq!(r.stdout.len(), 100);
}

#[test]
fn timeout_stops_a_runaway_guest_and_the_sandbox_recovers() {
    let mut sb = Sandbox::builder().timeout(Duration::from_millis(300)).build().unwrap();
    match sb.run("while True:\n    pass") {
        Err(Error::Timeout(t)) => assert_eq!(t, Duration::from_millis(300)),
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(sb.run("print('alive')").unwrap().stdout, "alive\n");
}

#[test]
fn many_runs_in_one_sandbox_all_succeed() {
    let mut sb = sandbox();
    for i in 0..200 {
        let r = sb.run(&format!("print({i} * 2)")).unwrap();
        assert_eq!(r.stdout, format!("{}\n", i * 2));
    }
}

#[test]
fn bad_configuration_is_rejected() {
    for cfg in [
        Sandbox::builder().memory_mb(0).into_config(),
        Sandbox::builder().timeout(Duration::ZERO).into_config(),
        Sandbox::builder().max_output_bytes(0).into_config(),
    ] {
        assert!(matches!(Sandbox::builder().config(cfg).build(), Err(Error::InvalidArgument(_))));
    }
}

#[test]
fn guest_cpu_faults_become_clean_errors_and_the_vm_is_restored() {
    let mut sb = sandbox();
    for (kind, expect) in [
        ("ud2", "#UD invalid opcode"),
        ("null_write", "access to unmapped memory"),
        ("wild_read", "access to unmapped memory [#PF page fault]"),
        ("stack_overflow", "address="),
        ("panic", "requested panic"),
    ] {
        match sb.crash_guest_for_tests(kind) {
            Err(Error::GuestCrash(msg)) => assert!(msg.contains(expect), "{kind}: {msg}"),
            other => panic!("{kind}: expected a guest crash, got {other:?}"),
        }
        let r = sb.run("print('still here')").unwrap();
        assert_eq!(r.stdout, "still here\n", "after {kind}");
    }
}

#[test]
fn memory_limit_is_a_catchable_memory_error() {
    let mut sb = Sandbox::builder().memory_mb(16).build().unwrap();
    let r = sb.run("try:\n    x = bytearray(10**10)\nexcept MemoryError:\n    print('MemoryError')").unwrap();
    assert_eq!(r.stdout, "MemoryError\n");
    let r = sb.run("x = [0] * (10**8)").unwrap();
    assert_eq!(r.exception.map(|e| e.type_name), Some("MemoryError".to_string()));
    assert!(sb.run("print(sum(range(10)))").unwrap().success());
}

#[test]
fn code_up_to_max_code_bytes_runs_and_longer_code_is_refused() {
    let mut sb = sandbox();
    let fits = |n: usize| format!("#{}\nprint('ok')\n", "x".repeat(n - 14));
    assert_eq!(sb.run(&fits(hyperlight_codeact::MAX_CODE_BYTES)).unwrap().stdout, "ok\n");
    let err = sb.run(&fits(hyperlight_codeact::MAX_CODE_BYTES + 1)).expect_err("too long");
    assert!(matches!(err, Error::InvalidArgument(ref m) if m.contains("at most")), "{err}");
    // The sandbox still serves runs.
    assert_eq!(sb.run("print(2)").unwrap().stdout, "2\n");
}
