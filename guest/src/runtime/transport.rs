//! Guest side of Hyperlight 0.18's virtqueue transport, runnable at CPL3.
//!
//! `hyperlight-guest`'s own transport maps every received buffer at a fresh alias address,
//! which edits page tables (`mov cr3`, `invlpg`): privileged work that ring 3 cannot do and
//! that costs a trap per message on emulated ring 0. The aliases exist so that retained
//! buffers keep their address across snapshots, which this guest never needs. So this module
//! drives `hyperlight_common::virtq` directly with a [`ScratchMem`] that hands out the
//! buffers where they are: in the scratch window, whose address never changes. The message
//! protocol (framing, checkpoints, slot recovery after restore) is the one the 0.18 host
//! expects.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicU16, Ordering};

use flatbuffers::FlatBufferBuilder;
use hyperlight_common::flatbuffer_wrappers::function_call::{FunctionCall, FunctionCallType};
use hyperlight_common::flatbuffer_wrappers::function_types::{
    Bytes, FunctionCallResult, ParameterValue, ReturnType, ReturnValue,
};
use hyperlight_common::flatbuffer_wrappers::util::estimate_flatbuffer_capacity;
use hyperlight_common::layout::{QueueDims, TransportArena, SCRATCH_TOP_GVA};
use hyperlight_common::outb::OutBAction;
use hyperlight_common::transport::{
    Buf,
    size_prefix_payload_len, size_prefixed_len, EncodedMessage, ExternalValues, MailboxValue, MsgHeader, MsgKind,
    SIZE_PREFIX_LEN,
};
use hyperlight_common::virtq::{
    BufferLease, BufferMap, Layout, MemOps, Notifier, QueueStats, Segments, SendChain, SlotLayout, SlotPool, Token,
    UsedChain, VirtqError, VirtqProducer, G2H_LOWER_SLOT_COUNT, G2H_LOWER_SLOT_SIZE,
};
use hyperlight_common::vmem::PAGE_SIZE;

use super::layout::{meta, scratch_gpa_to_gva, Meta};

/// Transport failures; all of them end the call with a guest error.
pub type Result<T> = core::result::Result<T, String>;

fn err<E: core::fmt::Debug>(what: &'static str) -> impl FnOnce(E) -> String {
    move |e| format!("{what}: {e:?}")
}

/// Direct access to the scratch window. Ring 3 may touch it once the kernel has granted the
/// U bit (lazily, on first touch after each restore).
#[derive(Clone, Copy, Debug)]
pub struct ScratchMem {
    start: u64,
    end: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfScratch;

impl ScratchMem {
    fn ptr(&self, addr: u64, len: usize) -> core::result::Result<*mut u8, OutOfScratch> {
        let end = addr.checked_add(len as u64).ok_or(OutOfScratch)?;
        if addr < self.start || end > self.end {
            return Err(OutOfScratch);
        }
        Ok(addr as *mut u8)
    }
}

// SAFETY: every address is bounds-checked against the scratch window, which stays mapped for
// the guest's lifetime; descriptor ownership (enforced by the virtq code) keeps host and
// guest from using a buffer at the same time, and ring flags use aligned atomics.
unsafe impl MemOps for ScratchMem {
    type Error = OutOfScratch;

    fn read(&self, addr: u64, dst: &mut [u8]) -> core::result::Result<(), OutOfScratch> {
        let src = self.ptr(addr, dst.len())?;
        // SAFETY: in-bounds scratch; `dst` is guest heap memory, never scratch.
        unsafe { src.copy_to_nonoverlapping(dst.as_mut_ptr(), dst.len()) };
        Ok(())
    }

    fn write(&self, addr: u64, src: &[u8]) -> core::result::Result<(), OutOfScratch> {
        let dst = self.ptr(addr, src.len())?;
        // SAFETY: as in `read`.
        unsafe { src.as_ptr().copy_to_nonoverlapping(dst, src.len()) };
        Ok(())
    }

    fn load_acquire(&self, addr: u64) -> core::result::Result<u16, OutOfScratch> {
        Ok(self.atomic(addr)?.load(Ordering::Acquire))
    }

    fn store_release(&self, addr: u64, val: u16) -> core::result::Result<(), OutOfScratch> {
        self.atomic(addr)?.store(val, Ordering::Release);
        Ok(())
    }

    unsafe fn as_slice(&self, addr: u64, len: usize) -> core::result::Result<&[u8], OutOfScratch> {
        let ptr = self.ptr(addr, len)?;
        // SAFETY: the caller owns this descriptor range.
        Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
    }

    unsafe fn as_mut_slice(&self, addr: u64, len: usize) -> core::result::Result<&mut [u8], OutOfScratch> {
        let ptr = self.ptr(addr, len)?;
        // SAFETY: the caller owns this descriptor range exclusively.
        Ok(unsafe { core::slice::from_raw_parts_mut(ptr, len) })
    }
}

impl ScratchMem {
    fn atomic(&self, addr: u64) -> core::result::Result<&AtomicU16, OutOfScratch> {
        let ptr = self.ptr(addr, 2)?;
        if !(ptr as usize).is_multiple_of(2) {
            return Err(OutOfScratch);
        }
        // SAFETY: aligned, in-bounds, and only ever accessed atomically.
        Ok(unsafe { &*ptr.cast::<AtomicU16>() })
    }
}

/// A completed buffer, read in place. Holding the lease keeps the slot out of the pool.
pub struct InPlace {
    data: NonNull<u8>,
    len: usize,
    _lease: BufferLease,
}

// SAFETY: the guest has one vCPU; the slot is owned through the lease.
unsafe impl Send for InPlace {}

impl AsRef<[u8]> for InPlace {
    fn as_ref(&self) -> &[u8] {
        // SAFETY: the lease keeps `len` initialised bytes at `data` owned by us.
        unsafe { core::slice::from_raw_parts(self.data.as_ptr(), self.len) }
    }
}

impl BufferMap for ScratchMem {
    type Mapping = InPlace;

    unsafe fn map_buffer(&self, lease: BufferLease, written: usize) -> core::result::Result<InPlace, OutOfScratch> {
        let alloc = lease.allocation();
        let ptr = self.ptr(alloc.addr, written.max(1))?;
        if written as u64 > u64::from(alloc.len) {
            return Err(OutOfScratch);
        }
        // SAFETY: `ptr` is in scratch and therefore non-null.
        Ok(InPlace { data: unsafe { NonNull::new_unchecked(ptr) }, len: written, _lease: lease })
    }
}

/// Exits to the host (`out 109`) so it processes the guest-to-host queue.
#[derive(Clone, Copy)]
pub struct OutNotifier;

impl OutNotifier {
    /// Exits to the host now (also used by test-only probes).
    pub fn notify_now(&self) {
        // SAFETY: port 109 is allowed for ring 3 by the TSS I/O bitmap.
        unsafe {
            core::arch::asm!("out dx, eax", in("dx") OutBAction::VirtqNotify as u16, in("eax") 0u32,
                options(nostack, preserves_flags));
        }
    }
}

impl Notifier for OutNotifier {
    fn notify(&self, _stats: QueueStats) {
        // SAFETY: port 109 is allowed for ring 3 by the TSS I/O bitmap.
        unsafe {
            core::arch::asm!("out dx, eax", in("dx") OutBAction::VirtqNotify as u16, in("eax") 0u32,
                options(nostack, preserves_flags));
        }
    }
}

/// Host-to-guest buffers are consumed when the host enters the guest; nothing to notify.
#[derive(Clone, Copy)]
pub struct NoNotifier;

impl Notifier for NoNotifier {
    fn notify(&self, _stats: QueueStats) {}
}

/// What the host asked this guest call to do.
pub enum Dispatch {
    /// Run a guest function; reply with the correlation id.
    Call(u32, FunctionCall),
    /// Bring the transport into its canonical state before the host snapshots memory.
    Checkpoint,
}

/// How much reply space a guest-to-host request reserves.
#[derive(Clone, Copy)]
enum Reply {
    None,
    Bounded(usize),
    Available,
}

pub struct Transport {
    g2h: VirtqProducer<ScratchMem, OutNotifier>,
    h2g: VirtqProducer<ScratchMem, NoNotifier>,
    mem: ScratchMem,
    h2g_slot_size: usize,
    mailbox: *mut u64,
    next_cid: u32,
}

fn queue(size: Meta, pages: Meta, bufsz: Meta) -> Result<(QueueDims, usize)> {
    let dims = QueueDims::new(meta(size) as usize, meta(pages) as usize).ok_or("invalid queue dimensions")?;
    let bufsz = meta(bufsz) as usize;
    if bufsz == 0 {
        return Err("zero queue buffer size".into());
    }
    Ok((dims, bufsz))
}

impl Transport {
    /// Builds both producers over the host-assigned transport arena in scratch.
    pub fn new() -> Result<Self> {
        let (g2h_dims, g2h_bufsz) = queue(Meta::G2hQueueSize, Meta::G2hPoolPages, Meta::G2hBufferSize)?;
        let (h2g_dims, h2g_bufsz) = queue(Meta::H2gQueueSize, Meta::H2gPoolPages, Meta::H2gBufferSize)?;
        let arena =
            TransportArena::new(meta(Meta::TransportArenaGpa), g2h_dims, h2g_dims).ok_or("invalid transport arena")?;
        // Ring 3 may touch only the arena (kernel.c, arena_bounds): check that the kernel's
        // formula for its extent still matches the pinned Hyperlight's layout.
        let arena_gva = scratch_gpa_to_gva(arena.base_addr());
        let descs = u64::from(g2h_dims.size().get()) + u64::from(h2g_dims.size().get());
        let ring_span = (16 * descs + 32).next_multiple_of(PAGE_SIZE as u64);
        if arena.g2h_pool_addr() - arena.base_addr() != ring_span
            || arena.h2g_pool_addr() + h2g_dims.pool_len() as u64
                != arena.base_addr() + ring_span + ((g2h_dims.pool_pages().get() + h2g_dims.pool_pages().get()) * PAGE_SIZE) as u64
        {
            return Err("transport arena layout differs from the kernel's (kernel.c arena_bounds)".into());
        }
        let arena_end = scratch_gpa_to_gva(arena.h2g_pool_addr() + h2g_dims.pool_len() as u64);
        if meta(Meta::ScratchSize) == 0 || arena_end > SCRATCH_TOP_GVA as u64 {
            return Err("transport arena outside the scratch window".into());
        }
        let mem = ScratchMem { start: arena_gva, end: arena_end };

        let g2h_pool_gva = scratch_gpa_to_gva(arena.g2h_pool_addr());
        let g2h_pages = g2h_dims.pool_pages().get();
        let lower = SlotLayout::new(g2h_pool_gva, G2H_LOWER_SLOT_SIZE, G2H_LOWER_SLOT_COUNT).map_err(err("G2H pool"))?;
        let upper_len = (g2h_pages * PAGE_SIZE)
            .checked_sub(G2H_LOWER_SLOT_COUNT * G2H_LOWER_SLOT_SIZE)
            .ok_or("G2H pool too small")?;
        let upper = SlotLayout::new(lower.end_addr(), g2h_bufsz, upper_len / g2h_bufsz).map_err(err("G2H pool"))?;
        let g2h_pool = SlotPool::new_tiered(lower, upper).map_err(err("G2H pool"))?;

        let h2g_pool_gva = scratch_gpa_to_gva(arena.h2g_pool_addr());
        let h2g_count = h2g_dims.pool_pages().get() * PAGE_SIZE / h2g_bufsz;
        let h2g_pool = SlotPool::new(SlotLayout::new(h2g_pool_gva, h2g_bufsz, h2g_count).map_err(err("H2G pool"))?)
            .map_err(err("H2G pool"))?;

        // SAFETY: the rings lie in the host-assigned arena, which this guest owns exclusively.
        let g2h_layout = unsafe { Layout::from_base(scratch_gpa_to_gva(arena.g2h_ring_addr()), g2h_dims.size()) }
            .map_err(err("G2H ring"))?;
        // SAFETY: as above; the H2G ring is disjoint from the G2H ring.
        let h2g_layout = unsafe { Layout::from_base(scratch_gpa_to_gva(arena.h2g_ring_addr()), h2g_dims.size()) }
            .map_err(err("H2G ring"))?;

        let mut t = Self {
            g2h: VirtqProducer::new(g2h_layout, mem, OutNotifier, g2h_pool),
            h2g: VirtqProducer::new(h2g_layout, mem, NoNotifier, h2g_pool),
            mem,
            h2g_slot_size: h2g_bufsz,
            mailbox: scratch_gpa_to_gva(arena.mbx_addr()) as *mut u64,
            next_cid: 1,
        };
        t.prefill_h2g()?;
        Ok(t)
    }

    /// After a restore the host rebuilt the rings; reclaim the slots our pools still think
    /// are in flight. `restored` is the host's flag (ZF at the dispatch entry, set after every
    /// restore and for a VM made from a snapshot), which is what bumps the generation.
    pub fn refresh(&mut self, restored: bool) -> Result<()> {
        if restored {
            // SAFETY: the host restored memory with canonical rings; no host access can
            // happen while the guest runs.
            unsafe {
                self.g2h.reclaim_slots().map_err(err("G2H slot recovery"))?;
                self.h2g.reclaim_slots().map_err(err("H2G slot recovery"))?;
            }
        }
        Ok(())
    }

    /// The arena ring 3 may touch: [start, end) in the scratch window.
    pub fn arena(&self) -> (u64, u64) {
        (self.mem.start, self.mem.end)
    }

    /// Receives the host's request for this call.
    pub fn recv_dispatch(&mut self) -> Result<Dispatch> {
        self.g2h.reclaim().map_err(err("G2H reclaim"))?;
        let mut payload = self.next_h2g_segments()?;
        let header = payload.split_to(MsgHeader::SIZE).ok_or("H2G message without header")?.into_bytes();
        let header = MsgHeader::from_bytes(&header).ok_or("H2G message with invalid header")?;
        match header.kind {
            MsgKind::SnapshotCheckpoint => return Ok(Dispatch::Checkpoint),
            MsgKind::Request if header.cid != 0 => {}
            _ => return Err("H2G message with invalid framing".into()),
        }
        let total = usize::try_from(header.payload_len).map_err(err("H2G length"))?;
        let mut received = payload.len();
        if received > total {
            return Err("H2G payload longer than declared".into());
        }
        while received < total {
            let more = self.next_h2g_segments()?;
            if more.is_empty() {
                return Err("empty H2G continuation".into());
            }
            received += more.len();
            if received > total {
                return Err("H2G payload longer than declared".into());
            }
            payload.append(more);
        }
        let (control, mut externals) = split_control(payload)?;
        let call = FunctionCall::decode(&control, &mut externals).map_err(err("decode guest call"))?;
        Ok(Dispatch::Call(header.cid, call))
    }

    fn next_h2g_segments(&mut self) -> Result<Segments> {
        match self.h2g.poll().map_err(err("H2G poll"))? {
            Some(UsedChain::Data(_, segments)) => Ok(segments),
            Some(UsedChain::Ack(_)) => Err("H2G buffer was ack-only".into()),
            None => Err("H2G: no request from the host".into()),
        }
    }

    /// Sends a guest function's result; the host reads it after the call halts.
    pub fn send_result(&mut self, cid: u32, result: FunctionCallResult) -> Result<()> {
        self.g2h.reclaim().map_err(err("G2H reclaim"))?;
        {
            let mut builder = FlatBufferBuilder::new();
            let mut externals = ExternalValues::new();
            let control = result.encode(&mut builder, &mut externals).map_err(err("encode result"))?;
            let msg = EncodedMessage::new(MsgKind::Response, cid, control, externals).ok_or("result too large")?;
            let chain = self.build_chain(&msg, Reply::None).map_err(err("G2H result"))?;
            let mut batch = self.g2h.batch();
            batch.submit(chain).map_err(err("G2H result submit"))?;
            batch.finish_without_notify();
        }
        drop(result);
        self.prefill_h2g()
    }

    /// Calls a host function and waits for its reply.
    pub fn call_host(&mut self, name: &str, params: Vec<ParameterValue>, ret: ReturnType) -> Result<ReturnValue> {
        let capacity = estimate_flatbuffer_capacity(name, &params);
        let call = FunctionCall::new(name.into(), Some(params), FunctionCallType::Host, ret);
        let mut builder = FlatBufferBuilder::with_capacity(capacity);
        let mut externals = ExternalValues::new();
        let control = call.encode(&mut builder, &mut externals).map_err(err("encode host call"))?;
        let cid = self.next_cid;
        self.next_cid = self.next_cid.wrapping_add(1).max(1);
        let msg = EncodedMessage::new(MsgKind::Request, cid, control, externals).ok_or("host call too large")?;
        let reply = match ret {
            ReturnType::String | ReturnType::VecBytes | ReturnType::ByteChunks => Reply::Available,
            _ => Reply::Bounded(G2H_LOWER_SLOT_SIZE),
        };
        let token = match self.send(&msg, reply) {
            Ok(t) => t,
            Err(e) if e.is_transient() => {
                self.g2h.notify_backpressure();
                self.g2h.reclaim().map_err(err("G2H reclaim"))?;
                self.send(&msg, reply).map_err(err("G2H send"))?
            }
            Err(e) => return Err(format!("G2H send: {e:?}")),
        };
        let segments = loop {
            match self.g2h.poll().map_err(err("G2H poll"))? {
                Some(UsedChain::Data(t, segments)) if t == token => break segments,
                Some(UsedChain::Data(..)) => return Err("G2H: reply for an unknown request".into()),
                Some(UsedChain::Ack(_)) => {}
                None => return Err("G2H: the host sent no reply".into()),
            }
        };
        let mut segments = segments;
        let header = segments.split_to(MsgHeader::SIZE).ok_or("reply without header")?.into_bytes();
        let header = MsgHeader::from_bytes(&header).ok_or("reply with invalid header")?;
        if header.kind != MsgKind::Response || header.cid != cid {
            return Err("reply does not match the request".into());
        }
        if usize::try_from(header.payload_len).ok() != Some(segments.len()) {
            return Err("reply length mismatch".into());
        }
        let (control, mut externals) = split_control(segments)?;
        let result = FunctionCallResult::decode(&control, &mut externals).map_err(err("decode host reply"))?;
        result.into_inner().map_err(|e| e.message)
    }

    /// Resets both queues to the canonical state the host snapshots.
    pub fn prepare_snapshot(&mut self) -> Result<()> {
        // SAFETY: the mailbox is a host-initialised u64 in scratch, owned by this guest.
        unsafe { self.mailbox.write_volatile(MailboxValue::CheckpointPending.raw()) };
        self.g2h.reclaim().map_err(err("G2H reclaim"))?;
        // SAFETY: the host's consumers are stopped for the checkpoint until it resets them.
        unsafe {
            self.g2h.reset().map_err(err("G2H reset"))?;
            self.h2g.reset().map_err(err("H2G reset"))?;
        }
        self.prefill_h2g()?;
        // SAFETY: as above.
        unsafe { self.mailbox.write_volatile(MailboxValue::CheckpointComplete.raw()) };
        Ok(())
    }

    /// Posts one writable host-to-guest buffer per free slot.
    fn prefill_h2g(&mut self) -> Result<()> {
        let mut batch = self.h2g.batch();
        loop {
            let chain = match batch.chain().writable(self.h2g_slot_size).build() {
                Ok(c) => c,
                Err(e) if e.is_transient() => break,
                Err(e) => return Err(format!("H2G prefill: {e:?}")),
            };
            match batch.submit(chain) {
                Ok(_) => {}
                Err(e) if e.is_transient() => break,
                Err(e) => return Err(format!("H2G prefill: {e:?}")),
            }
        }
        batch.finish_without_notify();
        Ok(())
    }

    fn send(&mut self, msg: &EncodedMessage<'_>, reply: Reply) -> core::result::Result<Token, VirtqError> {
        let chain = self.build_chain(msg, reply)?;
        self.g2h.submit(chain)
    }

    fn build_chain(&self, msg: &EncodedMessage<'_>, reply: Reply) -> core::result::Result<SendChain<ScratchMem>, VirtqError> {
        let seg = self.g2h.preferred_segment_len();
        let mut builder = self.g2h.chain();
        // Large page-multiple external values travel in their own readable region.
        let ext = msg.external_len();
        if ext != 0 && ext.is_multiple_of(seg) {
            builder = builder.readable(msg.prefix_len()).readable(ext);
        } else {
            builder = builder.readable(msg.total_len());
        }
        builder = match reply {
            Reply::None => builder,
            Reply::Bounded(cap) => builder.writable(cap),
            Reply::Available => builder.writable(seg).writable_avail(),
        };
        let mut chain = builder.build()?;
        for chunk in msg.chunks() {
            chain.write_all(chunk)?;
        }
        Ok(chain)
    }
}

/// Splits a size-prefixed flatbuffer (control) from the external values that follow it.
fn split_control(mut segments: Segments) -> Result<(Bytes, Segments)> {
    let mut prefix = [0u8; SIZE_PREFIX_LEN];
    segments.as_buf().try_copy_to_slice(&mut prefix).map_err(err("message size prefix"))?;
    let len = size_prefix_payload_len(&prefix).ok_or("invalid size prefix")?;
    let control_len = size_prefixed_len(len).ok_or("control length overflow")?;
    let control = segments.split_to(control_len).ok_or("truncated control data")?.into_bytes();
    Ok((control, segments))
}
