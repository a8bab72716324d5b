//! Concurrent tool calls (`acall_tool` under the guest's `asyncio`) through real micro-VMs:
//! overlap on the host's thread pool, errors, the audit in order of start, the in-flight cap,
//! and the run's deadline.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyperlight_codeact::{
    BuiltinException, Error, FnTools, Sandbox, SandboxConfig, ToolException, ToolOutcome, Value,
    MAX_TOOL_CALLS_IN_FLIGHT,
};

fn seconds(args: &[(String, Value)]) -> f64 {
    match args.iter().find(|(k, _)| k == "s").map(|(_, v)| v) {
        Some(Value::Float(f)) => *f,
        #[allow(clippy::cast_precision_loss, reason = "a few seconds")]
        Some(Value::Int(i)) => *i as f64,
        _ => 0.0,
    }
}

fn sandbox(config: SandboxConfig, finished: Arc<AtomicUsize>) -> Sandbox {
    let tools = FnTools::new()
        .with("nap", move |args| {
            std::thread::sleep(Duration::from_secs_f64(seconds(args)));
            finished.fetch_add(1, Ordering::SeqCst);
            Ok(Value::Dict(args.to_vec()))
        })
        .with("fail", |_| Err("ValueError: no such order".into()))
        .with_raising("raise", |_| Err(ToolException::new(BuiltinException::ValueError, "no such order").into()));
    Sandbox::builder().config(config).tools(tools).build().unwrap()
}

#[test]
fn gathered_calls_overlap_and_are_audited_in_order_of_start() {
    let mut sb = sandbox(SandboxConfig::default(), Arc::default());
    let code = r#"
import asyncio, time
async def main():
    return await asyncio.gather(*(acall_tool("nap", s=0.2, i=i) for i in range(10)))
t = time.monotonic()
r = asyncio.run(main())
elapsed = time.monotonic() - t
print([x["i"] for x in r])
print(elapsed)
"#;
    let started = Instant::now();
    let r = sb.run(code).unwrap();
    let run = started.elapsed();
    assert_eq!(r.error(), None, "{}", r.stderr);
    let (ids, elapsed) = r.stdout.split_once('\n').unwrap();
    assert_eq!(ids, "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
    let elapsed: f64 = elapsed.trim().parse().unwrap();
    println!("10 gathered 0.2 s calls took {elapsed:.3} s in the guest ({run:?} for the whole run)");
    assert!(elapsed < 0.4, "took {elapsed} s");
    // The whole run includes taking a prepared VM; generous.
    assert!(run < Duration::from_secs(2), "run took {run:?}");
    assert_eq!(r.tool_calls.len(), 10);
    for (i, c) in r.tool_calls.iter().enumerate() {
        assert_eq!(c.args[1], ("i".to_string(), Value::Int(i64::try_from(i).unwrap())));
        assert_eq!(c.outcome, ToolOutcome::Ok);
        assert!(c.duration >= Duration::from_millis(190), "{:?}", c.duration);
    }
}

#[test]
fn a_failing_call_raises_tool_error_in_its_awaiter() {
    let mut sb = sandbox(SandboxConfig::default(), Arc::default());
    let code = r#"
import asyncio
async def main():
    r = await asyncio.gather(acall_tool("nap", s=0), acall_tool("fail"), return_exceptions=True)
    print(r[0], type(r[1]).__name__, r[1])
    try:
        await asyncio.gather(acall_tool("nap", s=0.05), acall_tool("fail"))
    except ToolError as e:
        print("caught", e)
asyncio.run(main())
"#;
    let r = sb.run(code).unwrap();
    assert_eq!(r.error(), None, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "{'s': 0} ToolError tool \"fail\" failed: ValueError: no such order\ncaught tool \"fail\" failed: ValueError: no such order\n"
    );
    assert!(matches!(&r.tool_calls[1].outcome, ToolOutcome::Error(m) if m.contains("no such order")));
}

#[test]
fn a_tool_exception_raises_its_own_type_in_its_awaiter_unless_detail_is_withheld() {
    let code = r#"
import asyncio
async def main():
    r = await asyncio.gather(acall_tool("nap", s=0), acall_tool("raise"), return_exceptions=True)
    print(r[0], repr(r[1]))
    try:
        await acall_tool("raise")
    except ValueError as e:
        print("caught", e.args)
asyncio.run(main())
"#;
    let mut sb = sandbox(SandboxConfig::default(), Arc::default());
    let r = sb.run(code).unwrap();
    assert_eq!(r.error(), None, "{}", r.stderr);
    assert_eq!(r.stdout, "{'s': 0} ValueError('no such order')\ncaught ('no such order',)\n");
    let config = Sandbox::builder().tool_error_detail(false).into_config();
    let mut sb = sandbox(config, Arc::default());
    let r = sb.run(code).unwrap();
    assert_eq!(r.error(), None, "{}", r.stderr);
    let withheld = "tool \"raise\" failed (details withheld)";
    assert_eq!(r.stdout, format!("{{'s': 0}} ValueError('{withheld}')\ncaught ('{withheld}',)\n"));
    // The audit keeps the full message.
    assert!(matches!(&r.tool_calls[1].outcome, ToolOutcome::Error(m) if m.contains("no such order")));
}

#[test]
fn calls_beyond_the_in_flight_cap_are_refused_clearly() {
    let mut sb = sandbox(SandboxConfig::default(), Arc::default());
    let code = format!(
        r#"
import asyncio
async def main():
    r = await asyncio.gather(*(acall_tool("nap", s=0.5) for i in range({})), return_exceptions=True)
    errors = [e for e in r if isinstance(e, ToolError)]
    print(len(r) - len(errors), len(errors), errors[0])
asyncio.run(main())
"#,
        MAX_TOOL_CALLS_IN_FLIGHT + 2
    );
    let r = sb.run(&code).unwrap();
    assert_eq!(r.error(), None, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(&format!("{MAX_TOOL_CALLS_IN_FLIGHT} 2 too many tool calls in flight")),
        "{}",
        r.stdout
    );
}

#[test]
fn the_deadline_ends_a_run_waiting_on_calls_and_abandons_them() {
    let finished = Arc::new(AtomicUsize::new(0));
    let config = Sandbox::builder().timeout(Duration::from_millis(500)).into_config();
    let mut sb = sandbox(config, finished.clone());
    let code = r#"
import asyncio
async def main():
    await asyncio.gather(*(acall_tool("nap", s=3) for i in range(20)))
asyncio.run(main())
"#;
    let started = Instant::now();
    let err = sb.run(code).unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    // The next run starts clean: no result of the abandoned calls reaches it.
    let r = sb
        .run("import asyncio\nasync def m():\n    return await acall_tool('nap', s=0)\nprint(asyncio.run(m()))")
        .unwrap();
    assert_eq!(r.error(), None, "{}", r.stderr);
    assert_eq!(r.stdout, "{'s': 0}\n");
    assert_eq!(r.tool_calls.len(), 1);
}

#[test]
fn a_cancelled_awaiter_cancels_its_call_on_the_host() {
    let mut sb = sandbox(SandboxConfig::default(), Arc::default());
    let code = r#"
import asyncio
async def main():
    try:
        await asyncio.wait_for(acall_tool("nap", s=2), 0.1)
    except TimeoutError:
        print("timed out")
    print(await acall_tool("nap", s=0, i=1))
asyncio.run(main())
"#;
    let started = Instant::now();
    let r = sb.run(code).unwrap();
    assert_eq!(r.error(), None, "{}", r.stderr);
    assert_eq!(r.stdout, "timed out\n{'s': 0, 'i': 1}\n");
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(r.tool_calls[0].outcome, ToolOutcome::Cancelled("cancelled by the program".into()));
    assert!(r.tool_calls[0].duration < Duration::from_secs(1));
    assert_eq!(r.tool_calls[1].outcome, ToolOutcome::Ok);
}

#[test]
fn sleep_is_host_side_and_bounded_by_the_deadline() {
    let config = Sandbox::builder().timeout(Duration::from_millis(400)).into_config();
    let mut sb = sandbox(config, Arc::default());
    let r = sb
        .run("import asyncio\nasync def m():\n    await asyncio.sleep(0.05)\n    return 1\nprint(asyncio.run(m()))")
        .unwrap();
    assert_eq!(r.stdout, "1\n", "{}", r.stderr);
    let started = Instant::now();
    let err = sb.run("import asyncio\nasyncio.run(asyncio.sleep(100))").unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}
