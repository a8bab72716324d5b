//! `call_tool` through real micro-VMs: values both ways, errors, policy and audit.

use std::sync::Arc;

use hyperlight_codeact::{
    BuiltinException, FnTools, Sandbox, SandboxBuilder, SandboxConfig, ToolException, ToolOutcome, Value,
};

fn arg<'a>(args: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    args.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn sandbox() -> Sandbox {
    builder().build().unwrap()
}

/// The sandbox's tools: echo, add (integers), fail.
fn builder() -> SandboxBuilder {
    let tools = FnTools::new()
        .with("echo", |args| Ok(Value::Dict(args.to_vec())))
        .with("add", |args| match (arg(args, "a"), arg(args, "b")) {
            (Some(Value::Int(a)), Some(Value::Int(b))) => Ok(Value::Int(a + b)),
            _ => Err("add needs integers a and b".into()),
        })
        .with("fail", |_| Err("ValueError: the warehouse is closed".into()));
    Sandbox::builder().tools(tools)
}

#[test]
fn values_round_trip_through_a_tool() {
    let mut sb = sandbox();
    let code = r#"
r = call_tool("echo", n=None, t=True, i=-7, big=2**100, neg=-(2**70), f=2.5, s="héllo", l=[1, (2, 3)],
              d={"k": {"nested": [None]}})
print(r["n"], r["t"], r["i"], r["big"], r["neg"], r["f"], r["s"], r["l"], r["d"])
print(call_tool("add", a=2, b=40))
"#;
    let r = sb.run(code).unwrap();
    assert_eq!(r.error(), None, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "None True -7 1267650600228229401496703205376 -1180591620717411303424 2.5 héllo [1, [2, 3]] {'k': {'nested': [None]}}\n42\n"
    );
    assert_eq!(r.tool_calls.len(), 2);
    assert_eq!(r.tool_calls[1].name, "add");
    assert_eq!(r.tool_calls[1].args, vec![("a".to_string(), Value::Int(2)), ("b".to_string(), Value::Int(40))]);
    assert_eq!(r.tool_calls[1].outcome, ToolOutcome::Ok);
}

#[test]
fn tool_errors_are_catchable_tool_errors_naming_the_tool() {
    let mut sb = sandbox();
    let r = sb
        .run("try:\n    call_tool('fail')\nexcept ToolError as e:\n    print('caught:', e)\ncall_tool('fail')")
        .unwrap();
    assert_eq!(r.stdout, "caught: tool \"fail\" failed: ValueError: the warehouse is closed\n");
    assert_eq!(r.exception.as_ref().unwrap().type_name, "ToolError");
    assert!(matches!(&r.tool_calls[0].outcome, ToolOutcome::Error(m) if m.contains("warehouse")));
}

#[test]
fn unknown_tools_list_the_registered_ones() {
    let mut sb = sandbox();
    let r = sb.run("call_tool('get_weather', city='Oslo')").unwrap();
    let e = r.exception.unwrap();
    assert_eq!(e.type_name, "ToolError");
    assert_eq!(e.message, "unknown tool \"get_weather\"; available tools: echo, add, fail");
}

#[test]
fn non_json_arguments_are_type_errors_naming_the_value() {
    let mut sb = sandbox();
    let r = sb.run("class Point: pass\ncall_tool('echo', p=Point())").unwrap();
    let e = r.exception.unwrap();
    assert_eq!(e.type_name, "TypeError");
    assert!(e.message.contains("Point is not a JSON-like value"), "{}", e.message);
    let r = sb.run("call_tool('echo', d={1: 'x'})").unwrap();
    assert!(r.exception.unwrap().message.contains("dict keys must be str, not int: 1"));
    assert!(r.tool_calls.is_empty(), "nothing reaches the host");
}

#[test]
fn policy_hook_denies_one_call_and_the_audit_shows_it() {
    let mut sb = builder()
        .tool_policy(Arc::new(|name: &str, args: &[(String, Value)]| {
            if name == "add" && arg(args, "a") == Some(&Value::Int(13)) {
                Err("13 is unlucky".to_string())
            } else {
                Ok(())
            }
        }))
        .build()
        .unwrap();
    let code = "out = []\nfor a in (1, 13, 2):\n    try:\n        out.append(call_tool('add', a=a, b=1))\n    except ToolError as e:\n        out.append(str(e))\nprint(out)";
    let r = sb.run(code).unwrap();
    assert_eq!(r.stdout, "[2, 'tool call \"add\" denied by policy: 13 is unlucky', 3]\n");
    let outcomes: Vec<_> = r.tool_calls.iter().map(|c| c.outcome.clone()).collect();
    assert_eq!(outcomes, vec![ToolOutcome::Ok, ToolOutcome::Denied("13 is unlucky".into()), ToolOutcome::Ok]);
}

#[test]
fn a_thousand_tool_calls_in_one_run() {
    let mut sb = sandbox();
    let r = sb.run("t = 0\nfor i in range(1000):\n    t = call_tool('add', a=t, b=i)\nprint(t)").unwrap();
    let failed: Vec<_> = r.tool_calls.iter().filter(|c| c.outcome != ToolOutcome::Ok).collect();
    assert_eq!(r.error(), None, "{} {:?}", r.stderr, failed.first());
    assert_eq!(r.stdout, "499500\n");
    assert_eq!(r.tool_calls.len(), 1000);
}

#[test]
fn without_tools_call_tool_says_so() {
    let mut sb = Sandbox::builder().build().unwrap();
    let r = sb.run("call_tool('x')").unwrap();
    assert_eq!(r.exception.unwrap().message, "unknown tool \"x\": this sandbox has no tools");
}

#[test]
fn a_clone_from_the_snapshot_has_the_tools_and_fresh_state() {
    let mut sb = sandbox();
    assert!(sb.run("x = 1").unwrap().success());
    let mut clone = sb.try_clone().unwrap();
    let r =
        clone.run("print(call_tool('add', a=40, b=2))\ntry:\n    x\nexcept NameError:\n    print('fresh')").unwrap();
    assert_eq!(r.stdout, "42\nfresh\n", "{}", r.stderr);
    assert_eq!(r.tool_calls.len(), 1);
    // Both VMs stay usable and independent.
    assert_eq!(sb.run("print(call_tool('add', a=1, b=1))").unwrap().stdout, "2\n");
    assert_eq!(clone.run("print(2 + 2)").unwrap().stdout, "4\n");
}

#[test]
fn tool_calls_and_payloads_are_capped() {
    let tools = FnTools::new()
        .with("echo", |args| Ok(Value::Dict(args.to_vec())))
        .with("big", |_| Ok(Value::Str("x".repeat(8192))));
    let config = Sandbox::builder().max_tool_calls(5).max_tool_payload_bytes(4096).into_config();
    let mut sb = Sandbox::builder().config(config).tools(tools).build().unwrap();
    let r = sb.run("for i in range(10):\n    call_tool('echo', i=i)").unwrap();
    let e = r.exception.unwrap();
    assert_eq!(
        (e.type_name.as_str(), e.message.as_str()),
        ("ToolError", "tool call limit reached: at most 5 calls per run")
    );
    // The 5 calls that ran, then the refused one (refusals are audited too).
    assert_eq!(r.tool_calls.len(), 6);
    assert!(matches!(&r.tool_calls[5].outcome, ToolOutcome::Error(m) if m.contains("limit reached")));
    // The count is per run.
    assert!(sb.run("call_tool('echo', i=1)").unwrap().success());
    let r = sb.run("call_tool('echo', s='y' * 10000)").unwrap();
    assert!(r.exception.unwrap().message.starts_with("tool call arguments are "), "arguments over the cap");
    let r = sb.run("call_tool('big')").unwrap();
    assert!(r.exception.unwrap().message.starts_with("result of tool \"big\" is "), "result over the cap");
}

fn raising_sandbox(config: SandboxConfig) -> Sandbox {
    let tools = FnTools::new()
        .with_raising("get_weather", |args| match arg(args, "city") {
            Some(Value::Str(c)) if c == "Oslo" => Ok(Value::Int(12)),
            Some(Value::Str(c)) => {
                Err(ToolException::new(BuiltinException::ValueError, &format!("unknown city: {c}")).into())
            }
            _ => Err(ToolException::new(BuiltinException::TypeError, "city must be a str").into()),
        })
        .with_raising("lookup", |_| {
            let args = vec![Value::Str("x".into())];
            Err(ToolException { exception: BuiltinException::KeyError, args, message: "'x'".into() }.into())
        });
    Sandbox::builder().config(config).tools(tools).build().unwrap()
}

#[test]
fn tool_exceptions_arrive_as_their_own_builtin_type_and_args() {
    let mut sb = raising_sandbox(SandboxConfig::default());
    let code = r#"
try:
    call_tool("get_weather", city="Atlantis")
except ValueError as e:
    print(type(e).__name__, str(e), repr(e), e.args)
try:
    call_tool("lookup")
except LookupError as e:
    print(type(e).__name__, str(e), repr(e), e.args)
print(call_tool("get_weather", city="Oslo"))
call_tool("get_weather", city="Atlantis")
"#;
    let r = sb.run(code).unwrap();
    assert_eq!(
        r.stdout,
        "ValueError unknown city: Atlantis ValueError('unknown city: Atlantis') ('unknown city: Atlantis',)\n\
         KeyError 'x' KeyError('x') ('x',)\n12\n"
    );
    let e = r.exception.unwrap();
    assert_eq!((e.type_name.as_str(), e.message.as_str()), ("ValueError", "unknown city: Atlantis"));
    // The traceback names the tool in its last frame, then ends with CPython's last line.
    let lines: Vec<&str> = r.stderr.lines().collect();
    let tail = ["  File \"<tool>\", line 1, in get_weather", "ValueError: unknown city: Atlantis"];
    assert_eq!(lines[lines.len() - 2..], tail);
    let audit = "tool \"get_weather\" failed: ValueError: unknown city: Atlantis";
    assert_eq!(r.tool_calls[0].outcome, ToolOutcome::Error(audit.into()));
}

#[test]
fn tool_error_detail_off_keeps_the_type_and_hides_the_message() {
    let config = Sandbox::builder().tool_error_detail(false).into_config();
    let mut sb = raising_sandbox(config);
    let code = "try:\n    call_tool('get_weather', city='Atlantis')\nexcept ValueError as e:\n    print(e)";
    let r = sb.run(code).unwrap();
    assert_eq!(r.stdout, "tool \"get_weather\" failed (details withheld)\n");
    // The host's audit keeps what the tool said.
    assert!(matches!(&r.tool_calls[0].outcome, ToolOutcome::Error(m) if m.contains("Atlantis")));
}
