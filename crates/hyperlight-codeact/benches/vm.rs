//! Criterion benches of the micro-VM (`cargo bench -p hyperlight-codeact --bench vm`).
//!
//! Named by operation and size: cold `Sandbox` creation, a `print(1)` run in each isolation
//! mode, one run making N calls to a trivial Rust tool, and a CPU-bound loop. After the
//! criterion groups, a plain step measures resident memory per VM.
//!
//! Sample counts and measurement times are kept small so the whole bench finishes in a few
//! minutes on a 2-core machine; widen them locally for tighter confidence intervals.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, SamplingMode, Throughput};
use hyperlight_codeact::{FnTools, Isolation, Sandbox, Value};

fn sandbox(fresh_vm_per_run: bool) -> Sandbox {
    let isolation = if fresh_vm_per_run { Isolation::FreshVm } else { Isolation::ReuseVmTrusted };
    Sandbox::builder().isolation(isolation).build().expect("sandbox")
}

/// Warms a sandbox: the first runs touch heap and stack pages for the first time.
fn warm(sb: &mut Sandbox, code: &str) {
    for _ in 0..5 {
        assert!(sb.run(code).expect("run").success());
    }
}

fn bench_create(c: &mut Criterion) {
    let mut g = c.benchmark_group("create");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    // The sandbox is dropped outside the timed region.
    g.bench_function("sandbox_create_cold", |b| {
        b.iter_batched(|| (), |()| sandbox(false), BatchSize::PerIteration);
    });
    // A new VM from an existing sandbox's post-init snapshot: no guest load, no init.
    let parent = sandbox(false);
    g.bench_function("vm_from_snapshot", |b| {
        b.iter_batched(|| (), |()| parent.try_clone().expect("clone"), BatchSize::PerIteration);
    });
    g.finish();
}

fn bench_run_print(c: &mut Criterion) {
    let mut g = c.benchmark_group("run");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for (name, fresh) in [("run_print_interpreter_reset", false), ("run_print_fresh_vm", true)] {
        let mut sb = sandbox(fresh);
        warm(&mut sb, "print(1)");
        g.bench_function(name, |b| {
            b.iter(|| {
                let r = sb.run(black_box("print(1)")).expect("run");
                debug_assert_eq!(r.stdout, "1\n");
                r
            });
        });
    }
    g.finish();
}

fn bench_call_tool(c: &mut Criterion) {
    let tools = FnTools::new().with("noop", |_| Ok(Value::None));
    let mut sb = Sandbox::builder().tools(tools).build().expect("sandbox");
    let mut g = c.benchmark_group("call_tool");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    for n in [1usize, 100, 1000] {
        let code = format!("for i in range({n}):\n    call_tool('noop', i=i)");
        warm(&mut sb, &code);
        g.throughput(Throughput::Elements(n as u64));
        if n >= 1000 {
            g.sampling_mode(SamplingMode::Flat);
        }
        g.bench_function(format!("call_tool_{n}_calls"), |b| {
            b.iter(|| {
                let r = sb.run(black_box(&code)).expect("run");
                assert_eq!(r.tool_calls.len(), n);
                r
            });
        });
    }
    g.finish();
}

fn bench_cpu(c: &mut Criterion) {
    let mut sb = sandbox(false);
    let code = "print(sum(i*i for i in range(10**6)))";
    let r = sb.run(code).expect("run");
    assert_eq!(r.stdout.trim(), "333332833333500000");
    let mut g = c.benchmark_group("cpu");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    g.bench_function("cpu_sum_squares_1e6", |b| b.iter(|| sb.run(black_box(code)).expect("run")));
    g.finish();
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Resident memory each live VM adds, after one `print(1)` run: RSS of the process with 8
/// sandboxes alive minus RSS before creating them, divided by 8. This only measures; pooling
/// and capping live VMs is the limits/concurrency issue's work.
fn memory_per_vm() {
    const VMS: u64 = 8;
    let before = rss_kib();
    let mut vms: Vec<Sandbox> = (0..VMS).map(|_| sandbox(false)).collect();
    for sb in &mut vms {
        assert_eq!(sb.run("print(1)").expect("run").stdout, "1\n");
    }
    let after = rss_kib();
    println!(
        "memory_per_vm_kib: {} (VmRSS {before} KiB -> {after} KiB with {VMS} VMs)",
        after.saturating_sub(before) / VMS
    );
    drop(vms);
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_create(&mut c);
    bench_run_print(&mut c);
    bench_call_tool(&mut c);
    bench_cpu(&mut c);
    c.final_summary();
    memory_per_vm();
}
