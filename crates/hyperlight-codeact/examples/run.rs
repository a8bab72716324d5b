//! Runs a Python snippet in a fresh micro-VM: `cargo run --example run -- 'print(6*7)'`.
use hyperlight_codeact::Sandbox;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let code = std::env::args().nth(1).unwrap_or_else(|| "print('hello from a micro-VM')".into());
    let mut sandbox = Sandbox::builder().build()?;
    let result = sandbox.run(&code)?;
    print!("{}", result.stdout);
    eprint!("{}", result.stderr);
    if let Some(e) = &result.exception {
        eprint!("{}", e.traceback);
    }
    std::process::exit(result.exit_code);
}
