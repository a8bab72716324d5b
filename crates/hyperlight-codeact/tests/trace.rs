//! The `tracing` events (target `hyperlight_codeact`) of a sandbox's life, through a real
//! micro-VM, caught by a minimal subscriber installed for the process (VMs are restored and
//! prepared on the pool's own threads). One test in this binary: the subscriber is global.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyperlight_codeact::{FnTools, Sandbox, Value};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, meta: &Metadata<'_>) -> bool {
        meta.target() == "hyperlight_codeact"
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut line = Line(format!("{}", event.metadata().level()));
        event.record(&mut line);
        self.0.lock().unwrap().push(line.0);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn creation_runs_tool_calls_denials_and_restores_are_traced() {
    let recorder = Recorder::default();
    let lines = recorder.0.clone();
    tracing::subscriber::set_global_default(recorder).unwrap();
    let tools = FnTools::new().with("add", |args| match (&args[0].1, &args[1].1) {
        (Value::Int(a), Value::Int(b)) => Ok(Value::Int(a + b)),
        _ => Err("ints".into()),
    });
    let mut sb = Sandbox::builder()
        .tools(tools)
        .tool_policy(Arc::new(|_name: &str, args: &[(String, Value)]| {
            if args.iter().any(|(_, v)| *v == Value::Int(13)) {
                Err("13 is unlucky".to_string())
            } else {
                Ok(())
            }
        }))
        .build()
        .unwrap();
    let r = sb.run("print(call_tool('add', a=1, b=2))").unwrap();
    assert_eq!(r.stdout, "3\n");
    let r = sb.run("try:\n    call_tool('add', a=13, b=0)\nexcept ToolError:\n    print('no')").unwrap();
    assert_eq!(r.stdout, "no\n");
    let has = |level: Level, needle: &str| {
        lines.lock().unwrap().iter().any(|l| l.starts_with(level.as_str()) && l.contains(needle))
    };
    // A used VM is restored before its next use, on the pool's thread: wait for it (bounded).
    let deadline = Instant::now() + Duration::from_secs(20);
    while !has(Level::DEBUG, "message=VM restored to its post-init snapshot") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let all = lines.lock().unwrap().clone();
    assert!(has(Level::DEBUG, "message=micro-VM created"), "{all:#?}");
    assert!(has(Level::DEBUG, "message=run finished"), "{all:#?}");
    assert!(has(Level::DEBUG, "message=tool call tool=add"), "{all:#?}");
    assert!(has(Level::INFO, "message=tool call denied by policy tool=add reason=13 is unlucky"), "{all:#?}");
    assert!(has(Level::DEBUG, "message=VM restored to its post-init snapshot"), "{all:#?}");
}
