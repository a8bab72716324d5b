//! Concurrent tool calls (the guest's `acall_tool`/`asyncio`) of Python tools: an `async def`
//! tool runs as a task on the caller's event loop (`run_async`), else on the sandbox's private
//! loop, and hands its result to the bridge from a done-callback, so any number of them run at
//! once without holding a thread each; sync tools go back to the bridge's bounded thread pool.

use std::sync::{Arc, Mutex, PoisonError};

use hyperlight_codeact::{ToolCancel, ToolDone, ToolFailure, Value};
use pyo3::prelude::*;
use pyo3::types::{PyCFunction, PyDict, PyTuple};

use super::{entries_to_dict, returned, PyTools, CALLER_LOOP};

type DoneSlot = Arc<Mutex<Option<ToolDone>>>;

impl PyTools {
    /// `ToolHost::start` for Python tools.
    pub(super) fn start_concurrent(
        &self,
        name: &str,
        args: &[(String, Value)],
        done: ToolDone,
    ) -> Result<Option<ToolCancel>, ToolDone> {
        let Some((_, func)) = self.tools.iter().find(|(n, _)| n == name) else {
            return Err(done);
        };
        Python::attach(|py| {
            let is_async = py
                .import("inspect")
                .and_then(|m| m.call_method1("iscoroutinefunction", (func.bind(py),)))
                .and_then(|v| v.is_truthy())
                .unwrap_or(false);
            if !is_async {
                return Err(done);
            }
            let slot: DoneSlot = Arc::new(Mutex::new(Some(done)));
            let finish = |result: Result<Value, ToolFailure>| {
                if let Some(done) = slot.lock().unwrap_or_else(PoisonError::into_inner).take() {
                    done(result);
                }
            };
            match self.schedule(py, func.bind(py), args, &slot) {
                Ok(future) => {
                    let future = future.unbind();
                    let cancel: ToolCancel = Box::new(move || {
                        Python::attach(|py| {
                            // Cancels the task on its loop (thread-safe for this future).
                            let _ = future.bind(py).call_method0("cancel");
                        });
                    });
                    Ok(Some(cancel))
                }
                Err(e) => {
                    finish(returned(py, Err(e)));
                    Ok(None)
                }
            }
        })
    }

    /// Creates the coroutine, submits it to the loop and registers the callback that reports
    /// its outcome into `slot`.
    fn schedule<'py>(
        &self,
        py: Python<'py>,
        func: &Bound<'py, PyAny>,
        args: &[(String, Value)],
        slot: &DoneSlot,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kwargs = entries_to_dict(py, args)?;
        let coro = func.call((), Some(&kwargs))?;
        let caller = CALLER_LOOP.with(|c| c.borrow().as_ref().map(|l| l.clone_ref(py)));
        let event_loop = match caller {
            Some(l) => l,
            None => self.own_loop(py)?,
        };
        let future = py.import("asyncio")?.call_method1("run_coroutine_threadsafe", (coro, event_loop))?;
        let slot = slot.clone();
        let callback = PyCFunction::new_closure(
            py,
            None,
            None,
            move |a: &Bound<'_, PyTuple>, _kw: Option<&Bound<'_, PyDict>>| -> PyResult<()> {
                let py = a.py();
                // The task's own exception (from `result()`) reaches the guest as `call_tool`'s does.
                let result = returned(py, a.get_item(0).and_then(|f| f.call_method0("result")));
                if let Some(done) = slot.lock().unwrap_or_else(PoisonError::into_inner).take() {
                    done(result);
                }
                Ok(())
            },
        )?;
        future.call_method1("add_done_callback", (callback,))?;
        Ok(future)
    }
}
