//! The VM pool: concurrent runs on separate micro-VMs, without cross-talk.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyperlight_codeact::{FnTools, Pool, Sandbox, Value};

#[test]
fn concurrent_runs_overlap_and_do_not_see_each_other() {
    let spans: Arc<Mutex<Vec<(Instant, Instant)>>> = Arc::default();
    let recorded = spans.clone();
    let tools = FnTools::new().with("nap", move |_| {
        let start = Instant::now();
        std::thread::sleep(Duration::from_millis(200));
        recorded.lock().unwrap().push((start, Instant::now()));
        Ok(Value::None)
    });
    let pool = Arc::new(Sandbox::builder().tools(tools).max_vms(8).build_pool().unwrap());
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                // Each run sets a global, naps in a tool, and checks nobody changed its global.
                let code = format!("mine = {i}\ncall_tool('nap')\nprint(mine)");
                pool.run(&code).unwrap().stdout
            })
        })
        .collect();
    let outputs: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(outputs, (0..8).map(|i| format!("{i}\n")).collect::<Vec<_>>());
    // The tool calls ran at the same time: some two of them overlap.
    let spans = spans.lock().unwrap();
    assert_eq!(spans.len(), 8);
    let overlap = spans.iter().enumerate().any(|(i, a)| spans.iter().skip(i + 1).any(|b| a.0 < b.1 && b.0 < a.1));
    assert!(overlap, "no two runs overlapped");
    // And later runs reuse the VMs with fresh state.
    let r = pool.run("print('mine' in globals())").unwrap();
    assert_eq!(r.stdout, "False\n");
}

#[test]
fn a_pool_of_one_serialises_runs() {
    let pool = Arc::new(Sandbox::builder().max_vms(1).build_pool().unwrap());
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let p = pool.clone();
            std::thread::spawn(move || p.run(&format!("print({i})")).unwrap().stdout)
        })
        .collect();
    let mut out: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    out.sort();
    assert_eq!(out, vec!["0\n", "1\n", "2\n", "3\n"]);
    assert!(Sandbox::builder().max_vms(0).build_pool().is_err());
}

#[test]
fn every_vm_of_the_pool_keeps_the_policy() {
    // `meet` returns once three runs are inside it: the pool must run three at once.
    let barrier = Arc::new(std::sync::Barrier::new(3));
    let tools = FnTools::new().with("echo", |args| Ok(args.first().map_or(Value::None, |(_, v)| v.clone()))).with(
        "meet",
        move |_| {
            barrier.wait();
            Ok(Value::None)
        },
    );
    let first = Sandbox::builder()
        .tools(tools)
        .tool_policy(Arc::new(|_: &str, args: &[(String, Value)]| {
            if args.iter().any(|(_, v)| *v == Value::Int(13)) {
                Err("no 13".into())
            } else {
                Ok(())
            }
        }))
        .build()
        .unwrap();
    let pool = Arc::new(Pool::from_sandbox(first, 3).unwrap());
    for i in 0..5 {
        assert_eq!(pool.run(&format!("print(call_tool('echo', x={i}))")).unwrap().stdout, format!("{i}\n"));
    }
    // Serial runs each took a fresh VM; the pool never grew past its size.
    assert!(pool.created() <= 3, "{} VMs", pool.created());
    let code = "try:\n    call_tool('echo', x=13)\nexcept ToolError as e:\n    print(e)\ncall_tool('meet')";
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let pool = pool.clone();
            std::thread::spawn(move || pool.run(code).unwrap())
        })
        .collect();
    for h in handles {
        let r = h.join().unwrap();
        assert!(r.success(), "{r:?}");
        // Every VM, cloned or not, applies the policy.
        assert_eq!(r.stdout, "tool call \"echo\" denied by policy: no 13\n");
    }
    assert_eq!(pool.created(), 3);
}
