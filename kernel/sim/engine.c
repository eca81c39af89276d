// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated engines. Each engine executes the command queue of the context
 * loaded on it (uapi/linux/gpuslice_vgpu.h) from a work item:
 *
 * - FILL, COPY and CHECKSUM really touch the framebuffer, in chunks with a
 *   preemption check between them;
 * - COMPUTE is a timing model: UNITS take UNITS * GPUSLICE_COMPUTE_UNIT_NS
 *   scaled by (SMs of the GPU / SMs of the context), timed by an hrtimer,
 *   so a busy GPU costs the host no CPU;
 * - a PREEMPT request stops compute at the next GPUSLICE_SIM_PREEMPT_NS
 *   boundary of engine time and memory commands at the next chunk; the
 *   context keeps its queue position and the rest of its work, and resumes
 *   where it stopped when it is loaded again.
 *
 * Every operand is checked against the context's framebuffer window; a bad
 * command faults that context only.
 *
 * A MIG layout (gpuslice_sim_mig_program()) gives each GPU instance a
 * compute engine of its own, so instances compute in parallel; the copy
 * engines stay shared and time-sliced. Contexts are then created inside
 * one instance and cannot reach beyond its SMs or framebuffer.
 */
#include <linux/crc32.h>
#include <linux/math64.h>
#include <linux/slab.h>

#include <linux/gpuslice_vgpu.h>

#include "gpuslice_sim.h"

#define GPUSLICE_SIM_QUEUE_MASK	(GPUSLICE_SIM_QUEUE_DW - 1)
/* Commands one work invocation runs before yielding to other engines. */
#define GPUSLICE_SIM_BUDGET	64

struct workqueue_struct *gpuslice_sim_wq;

static u64 cmd_u64(const u32 *cmd, unsigned int i)
{
	return cmd[i] | ((u64)cmd[i + 1] << 32);
}

static u32 gpuslice_sim_ctx_queued(const struct gpuslice_sim_ctx *ctx)
{
	return ctx->tail - ctx->head;
}

/* Word @i of the queue from the head on. */
static u32 gpuslice_sim_ctx_word(const struct gpuslice_sim_ctx *ctx, u32 i)
{
	return ctx->queue[(ctx->head + i) & GPUSLICE_SIM_QUEUE_MASK];
}

/* Called with the engine lock held; returns true if the line must rise. */
static bool __gpuslice_sim_engine_cause(struct gpuslice_sim_engine *eng,
					u32 cause)
{
	eng->intr_status |= cause;
	return eng->intr_mask & cause;
}

/*
 * Called with the engine lock held: charge the loaded context for engine
 * time up to now, so busy_ns is current whenever it signals a fence.
 */
static void __gpuslice_sim_engine_account(struct gpuslice_sim_engine *eng)
{
	ktime_t now;

	if (!(eng->status & GPUSLICE_ENG_STATUS_BUSY) || !eng->cur)
		return;
	now = ktime_get();
	atomic64_add(ktime_to_ns(ktime_sub(now, eng->busy_since)),
		     &eng->cur->hw.busy_ns);
	eng->busy_since = now;
}

/* Called with the engine lock held: the engine stops being busy. */
static void __gpuslice_sim_engine_unbusy(struct gpuslice_sim_engine *eng)
{
	__gpuslice_sim_engine_account(eng);
	eng->status &= ~GPUSLICE_ENG_STATUS_BUSY;
}

/*
 * Called with the engine lock held: fault @ctx, dropping its queued work.
 * Returns true if the line must rise.
 */
static bool __gpuslice_sim_ctx_fault(struct gpuslice_sim_engine *eng,
				     struct gpuslice_sim_ctx *ctx, u32 code)
{
	atomic_set(&ctx->hw.fault, code);
	atomic_or(GPUSLICE_HW_CTX_EV_FAULT, &ctx->hw.events);
	ctx->head = ctx->tail;
	ctx->compute_left_ns = 0;
	ctx->op_done = 0;
	eng->fault_ctx = ctx->hw.id;
	eng->fault_code = code;
	return __gpuslice_sim_engine_cause(eng, GPUSLICE_ENG_INTR_FAULT);
}

/* Called with the engine lock held: unload the context, keeping its state. */
static bool __gpuslice_sim_engine_save(struct gpuslice_sim_engine *eng)
{
	__gpuslice_sim_engine_unbusy(eng);
	eng->cur = NULL;
	eng->preempt_req = false;
	eng->status = 0;
	return __gpuslice_sim_engine_cause(eng, GPUSLICE_ENG_INTR_PREEMPTED);
}

static void gpuslice_sim_engine_raise(struct gpuslice_sim_engine *eng,
				      bool raise)
{
	if (raise)
		gpuslice_sim_irq_update(eng->sdev);
}

/* Called with the engine lock held: start (or resume) a compute timer. */
static void __gpuslice_sim_compute_start(struct gpuslice_sim_engine *eng,
					 u64 duration_ns)
{
	eng->computing = true;
	eng->timer_preempt = false;
	eng->compute_start = ktime_get();
	eng->compute_end = ktime_add_ns(eng->compute_start, duration_ns);
	hrtimer_start(&eng->timer, eng->compute_end, HRTIMER_MODE_ABS);
}

static enum hrtimer_restart gpuslice_sim_engine_timer(struct hrtimer *timer)
{
	struct gpuslice_sim_engine *eng = container_of(timer,
						       struct gpuslice_sim_engine,
						       timer);
	struct gpuslice_sim_ctx *ctx;
	unsigned long flags;
	ktime_t now = ktime_get();

	spin_lock_irqsave(&eng->lock, flags);
	ctx = eng->cur;
	/* Stale: reset, or re-armed for a preemption boundary still ahead. */
	if (!eng->computing || !ctx || ktime_before(now, hrtimer_get_expires(timer))) {
		spin_unlock_irqrestore(&eng->lock, flags);
		return HRTIMER_NORESTART;
	}

	eng->computing = false;
	if (eng->timer_preempt && ktime_before(now, eng->compute_end)) {
		ctx->compute_left_ns = ktime_to_ns(ktime_sub(eng->compute_end, now));
	} else {
		ctx->compute_left_ns = 0;
		ctx->head += eng->compute_len;
	}
	spin_unlock_irqrestore(&eng->lock, flags);

	queue_work(gpuslice_sim_wq, &eng->work);
	return HRTIMER_NORESTART;
}

/* Translate a window range to a framebuffer range; false if it escapes. */
static bool gpuslice_sim_ctx_range(const struct gpuslice_sim_ctx *ctx,
				   u64 addr, u64 size, u64 *phys)
{
	if (size > ctx->vram_size || addr > ctx->vram_size - size)
		return false;
	*phys = ctx->vram_base + addr;
	return true;
}

/* Expected length of each opcode, 0 for unknown ones. */
static unsigned int gpuslice_sim_cmd_length(u32 opcode)
{
	switch (opcode) {
	case GPUSLICE_CMD_NOP:
		return 1;
	case GPUSLICE_CMD_FENCE:
		return 3;
	case GPUSLICE_CMD_FILL:
		return 6;
	case GPUSLICE_CMD_COPY:
	case GPUSLICE_CMD_CHECKSUM:
		return 7;
	case GPUSLICE_CMD_COMPUTE:
		return 2;
	default:
		return 0;
	}
}

/* Flags each opcode accepts. */
static u32 gpuslice_sim_cmd_flags(u32 opcode)
{
	switch (opcode) {
	case GPUSLICE_CMD_FENCE:
		return GPUSLICE_FENCE_IRQ;
	case GPUSLICE_CMD_FILL:
		return GPUSLICE_MEM_DST_SYSMEM;
	case GPUSLICE_CMD_COPY:
	case GPUSLICE_CMD_CHECKSUM:
		return GPUSLICE_MEM_SRC_SYSMEM | GPUSLICE_MEM_DST_SYSMEM;
	default:
		return 0;
	}
}

/* Structural checks of one command: 0 or a GPUSLICE_FAULT_* code. */
static u32 gpuslice_sim_cmd_check(struct gpuslice_sim_engine *eng,
				  const u32 *cmd)
{
	u32 op = GPUSLICE_CMD_OPCODE(cmd[0]);
	u32 flags = GPUSLICE_CMD_FLAGS(cmd[0]);
	unsigned int len = gpuslice_sim_cmd_length(op);

	if (!len || (flags & ~gpuslice_sim_cmd_flags(op)))
		return GPUSLICE_FAULT_BAD_OPCODE;
	if (GPUSLICE_CMD_LENGTH(cmd[0]) != len)
		return GPUSLICE_FAULT_BAD_LENGTH;
	if (op == GPUSLICE_CMD_COMPUTE &&
	    eng->class != GPUSLICE_ENGINE_CLASS_COMPUTE)
		return GPUSLICE_FAULT_WRONG_ENGINE;
	return 0;
}

/*
 * One side of a memory command: framebuffer (an offset already checked
 * against the context's window) or system memory (an IOVA the context's
 * DMA translates).
 */
struct gpuslice_sim_ep {
	bool sysmem;
	u64 addr;
};

/* Move @len bytes between an endpoint and @buf: 0 or a fault code. */
static u32 gpuslice_sim_ep_rw(struct gpuslice_sim_ctx *ctx,
			      const struct gpuslice_sim_ep *ep, u64 off,
			      void *buf, size_t len, bool write)
{
	if (ep->sysmem)
		return ctx->dma->rw(ctx->dma, ep->addr + off, buf, len, write) ?
		       GPUSLICE_FAULT_DMA : 0;
	return gpuslice_sim_vram_rw(ctx->engine->sdev, ep->addr + off, buf,
				    len, write) ? GPUSLICE_FAULT_NO_MEMORY : 0;
}

/* Decode and check a memory command's operands: 0 or a fault code. */
static u32 gpuslice_sim_mem_operands(struct gpuslice_sim_ctx *ctx,
				     const u32 *cmd, struct gpuslice_sim_ep *src,
				     struct gpuslice_sim_ep *dst, u64 *size)
{
	u32 op = GPUSLICE_CMD_OPCODE(cmd[0]);
	u32 flags = GPUSLICE_CMD_FLAGS(cmd[0]);
	u64 dst_len;

	src->sysmem = flags & GPUSLICE_MEM_SRC_SYSMEM;
	dst->sysmem = flags & GPUSLICE_MEM_DST_SYSMEM;
	switch (op) {
	case GPUSLICE_CMD_FILL:
		src->addr = 0;
		dst->addr = cmd_u64(cmd, 1);
		*size = cmd_u64(cmd, 3);
		dst_len = *size;
		break;
	case GPUSLICE_CMD_COPY:
		src->addr = cmd_u64(cmd, 1);
		dst->addr = cmd_u64(cmd, 3);
		*size = cmd_u64(cmd, 5);
		dst_len = *size;
		break;
	default: /* CHECKSUM */
		src->addr = cmd_u64(cmd, 1);
		*size = cmd_u64(cmd, 3);
		dst->addr = cmd_u64(cmd, 5);
		dst_len = 4;
		break;
	}

	if (*size > GPUSLICE_CMD_MAX_BYTES)
		return GPUSLICE_FAULT_OUT_OF_BOUNDS;
	if ((src->addr | dst->addr | *size) & 3)
		return GPUSLICE_FAULT_MISALIGNED;
	if ((src->sysmem || dst->sysmem) && !ctx->dma)
		return GPUSLICE_FAULT_DMA;
	if (op != GPUSLICE_CMD_FILL && !src->sysmem &&
	    !gpuslice_sim_ctx_range(ctx, src->addr, *size, &src->addr))
		return GPUSLICE_FAULT_OUT_OF_BOUNDS;
	if (!dst->sysmem &&
	    !gpuslice_sim_ctx_range(ctx, dst->addr, dst_len, &dst->addr))
		return GPUSLICE_FAULT_OUT_OF_BOUNDS;
	if (op == GPUSLICE_CMD_COPY && src->sysmem == dst->sysmem &&
	    src->addr < dst->addr + *size && dst->addr < src->addr + *size)
		return GPUSLICE_FAULT_OVERLAP;
	return 0;
}

/* Process [@off, @off + @len) of a FILL or COPY through @bounce. */
static u32 gpuslice_sim_mem_chunk(struct gpuslice_sim_ctx *ctx, const u32 *cmd,
				  const struct gpuslice_sim_ep *src,
				  const struct gpuslice_sim_ep *dst, u64 off,
				  u64 len, void *bounce)
{
	bool fill = GPUSLICE_CMD_OPCODE(cmd[0]) == GPUSLICE_CMD_FILL;
	u32 fault = 0;

	/* The framebuffer fills in place. */
	if (fill && !dst->sysmem)
		return gpuslice_sim_vram_fill(ctx->engine->sdev, dst->addr + off,
					      len, cmd[5]) ?
		       GPUSLICE_FAULT_NO_MEMORY : 0;

	if (fill)
		memset32(bounce, cmd[5], PAGE_SIZE / 4);
	while (len && !fault) {
		size_t piece = min_t(u64, len, PAGE_SIZE);

		if (!fill)
			fault = gpuslice_sim_ep_rw(ctx, src, off, bounce, piece,
						   false);
		if (!fault)
			fault = gpuslice_sim_ep_rw(ctx, dst, off, bounce, piece,
						   true);
		off += piece;
		len -= piece;
	}
	return fault;
}

/* CHECKSUM: CRC-32 of the source, stored at the destination. */
static u32 gpuslice_sim_mem_checksum(struct gpuslice_sim_ctx *ctx,
				     const struct gpuslice_sim_ep *src,
				     const struct gpuslice_sim_ep *dst,
				     u64 size, void *bounce)
{
	u32 crc = ~0U, fault = 0;
	u64 off = 0;

	if (!src->sysmem) {
		if (gpuslice_sim_vram_crc32(ctx->engine->sdev, src->addr, size,
					    &crc))
			return GPUSLICE_FAULT_NO_MEMORY;
	} else {
		while (off < size && !fault) {
			size_t piece = min_t(u64, size - off, PAGE_SIZE);

			fault = gpuslice_sim_ep_rw(ctx, src, off, bounce, piece,
						   false);
			crc = crc32_le(crc, bounce, piece);
			off += piece;
		}
		crc = ~crc;
	}
	return fault ?: gpuslice_sim_ep_rw(ctx, dst, 0, &crc, 4, true);
}

/*
 * Run one memory command from byte @done on, a chunk at a time, until it
 * finishes or a preemption is requested. Returns 0 with *@done == size when
 * finished, 0 with less when preempted, or a GPUSLICE_FAULT_* code.
 */
static u32 gpuslice_sim_cmd_memory(struct gpuslice_sim_engine *eng,
				   struct gpuslice_sim_ctx *ctx,
				   const u32 *cmd, u64 *done)
{
	struct gpuslice_sim_ep src, dst;
	void *bounce;
	u32 fault;
	u64 size;

	fault = gpuslice_sim_mem_operands(ctx, cmd, &src, &dst, &size);
	if (fault)
		return fault;

	bounce = (void *)__get_free_page(GFP_KERNEL);
	if (!bounce)
		return GPUSLICE_FAULT_NO_MEMORY;

	if (GPUSLICE_CMD_OPCODE(cmd[0]) == GPUSLICE_CMD_CHECKSUM) {
		/* Bounded by the maximum size: runs unpreempted. */
		fault = gpuslice_sim_mem_checksum(ctx, &src, &dst, size, bounce);
		*done = size;
	}
	while (!fault && *done < size) {
		u64 len = min_t(u64, size - *done, GPUSLICE_SIM_CHUNK);

		fault = gpuslice_sim_mem_chunk(ctx, cmd, &src, &dst, *done, len,
					       bounce);
		*done += len;
		if (READ_ONCE(eng->preempt_req) || READ_ONCE(eng->cur) != ctx)
			break;
		cond_resched();
	}

	free_page((unsigned long)bounce);
	return fault;
}

static u64 gpuslice_sim_compute_ns(struct gpuslice_sim_engine *eng,
				   struct gpuslice_sim_ctx *ctx, u32 units)
{
	u64 ns = (u64)units * GPUSLICE_COMPUTE_UNIT_NS *
		 eng->sdev->model->sm_count;

	return div_u64(ns, ctx->sm_count);
}

/*
 * Execute the loaded context's queue. Returns when the queue runs dry, a
 * compute timer takes over, a preemption completes or the budget is spent.
 */
static void gpuslice_sim_engine_work(struct work_struct *work)
{
	struct gpuslice_sim_engine *eng = container_of(work,
						       struct gpuslice_sim_engine,
						       work);
	struct gpuslice_sim_dev *sdev = eng->sdev;
	u32 cmd[GPUSLICE_SIM_MAX_CMD_DW];
	unsigned int budget = GPUSLICE_SIM_BUDGET;
	struct gpuslice_sim_ctx *ctx;
	bool raise = false;
	u32 queued, len, fault, i;
	u64 done;

	for (;;) {
		spin_lock_irq(&eng->lock);
		ctx = eng->cur;
		if (!ctx || eng->computing)
			goto out_unlock;
		if (eng->preempt_req) {
			raise |= __gpuslice_sim_engine_save(eng);
			goto out_unlock;
		}
		if (ctx->compute_left_ns) {
			__gpuslice_sim_compute_start(eng, ctx->compute_left_ns);
			goto out_unlock;
		}

		queued = gpuslice_sim_ctx_queued(ctx);
		len = queued ? GPUSLICE_CMD_LENGTH(gpuslice_sim_ctx_word(ctx, 0)) : 0;
		if (queued && (!len || len > GPUSLICE_SIM_MAX_CMD_DW)) {
			raise |= __gpuslice_sim_ctx_fault(eng, ctx,
							  GPUSLICE_FAULT_BAD_LENGTH);
			spin_unlock_irq(&eng->lock);
			continue;
		}
		/* Dry, or the rest of a command has not been submitted yet. */
		if (!queued || len > queued) {
			if (eng->status & GPUSLICE_ENG_STATUS_BUSY) {
				__gpuslice_sim_engine_unbusy(eng);
				raise |= __gpuslice_sim_engine_cause(eng,
								     GPUSLICE_ENG_INTR_IDLE);
			}
			goto out_unlock;
		}
		for (i = 0; i < len; i++)
			cmd[i] = gpuslice_sim_ctx_word(ctx, i);
		done = ctx->op_done;
		spin_unlock_irq(&eng->lock);

		fault = gpuslice_sim_cmd_check(eng, cmd);
		if (!fault && READ_ONCE(sdev->fail_engine_cmd)) {
			WRITE_ONCE(sdev->fail_engine_cmd, false);
			fault = GPUSLICE_FAULT_INJECTED;
		}
		if (!fault) {
			switch (GPUSLICE_CMD_OPCODE(cmd[0])) {
			case GPUSLICE_CMD_FILL:
			case GPUSLICE_CMD_COPY:
			case GPUSLICE_CMD_CHECKSUM:
				fault = gpuslice_sim_cmd_memory(eng, ctx, cmd,
								&done);
				break;
			default:
				break;
			}
		}

		spin_lock_irq(&eng->lock);
		if (eng->cur != ctx) {
			/* Reset while executing: the result is discarded. */
			spin_unlock_irq(&eng->lock);
			continue;
		}
		if (fault) {
			raise |= __gpuslice_sim_ctx_fault(eng, ctx, fault);
			spin_unlock_irq(&eng->lock);
			continue;
		}

		switch (GPUSLICE_CMD_OPCODE(cmd[0])) {
		case GPUSLICE_CMD_COMPUTE:
			eng->compute_len = len;
			__gpuslice_sim_compute_start(eng,
						     gpuslice_sim_compute_ns(eng, ctx, cmd[1]));
			goto out_unlock;
		case GPUSLICE_CMD_FENCE:
			__gpuslice_sim_engine_account(eng);
			atomic64_set(&ctx->hw.fence, cmd_u64(cmd, 1));
			if (GPUSLICE_CMD_FLAGS(cmd[0]) & GPUSLICE_FENCE_IRQ) {
				atomic_or(GPUSLICE_HW_CTX_EV_FENCE,
					  &ctx->hw.events);
				raise |= __gpuslice_sim_engine_cause(eng,
								     GPUSLICE_ENG_INTR_FENCE);
			}
			break;
		case GPUSLICE_CMD_FILL:
		case GPUSLICE_CMD_COPY:
			if (done < cmd_u64(cmd, GPUSLICE_CMD_OPCODE(cmd[0]) ==
					   GPUSLICE_CMD_FILL ? 3 : 5)) {
				/* Preempted mid-command: resume from here. */
				ctx->op_done = done;
				spin_unlock_irq(&eng->lock);
				continue;
			}
			break;
		default:
			break;
		}
		ctx->op_done = 0;
		ctx->head += len;
		spin_unlock_irq(&eng->lock);

		gpuslice_sim_engine_raise(eng, raise);
		raise = false;
		if (!--budget) {
			queue_work(gpuslice_sim_wq, &eng->work);
			return;
		}
		cond_resched();
	}

out_unlock:
	spin_unlock_irq(&eng->lock);
	gpuslice_sim_engine_raise(eng, raise);
}

/* Enabled causes pending on @eng (INTR_STATUS aggregation). */
u32 gpuslice_sim_engine_pending(struct gpuslice_sim_engine *eng)
{
	unsigned long flags;
	u32 pending;

	spin_lock_irqsave(&eng->lock, flags);
	pending = eng->intr_status & eng->intr_mask;
	spin_unlock_irqrestore(&eng->lock, flags);
	return pending;
}

u32 gpuslice_sim_engine_reg_read(struct gpuslice_sim_engine *eng, u32 reg)
{
	unsigned long flags;
	u32 value;

	spin_lock_irqsave(&eng->lock, flags);
	switch (reg) {
	case GPUSLICE_ENG_CLASS:
		value = eng->class;
		break;
	case GPUSLICE_ENG_STATUS:
		value = eng->status;
		break;
	case GPUSLICE_ENG_CTX:
		value = eng->ctx_reg;
		break;
	case GPUSLICE_ENG_INTR_STATUS:
		value = eng->intr_status;
		break;
	case GPUSLICE_ENG_INTR_MASK:
		value = eng->intr_mask;
		break;
	case GPUSLICE_ENG_FAULT_CTX:
		value = eng->fault_ctx;
		break;
	case GPUSLICE_ENG_FAULT_CODE:
		value = eng->fault_code;
		break;
	default:
		value = 0;
		break;
	}
	spin_unlock_irqrestore(&eng->lock, flags);
	return value;
}

/* Called with the engine lock held: ENG_CTRL.RUN. */
static bool __gpuslice_sim_engine_run(struct gpuslice_sim_engine *eng)
{
	struct gpuslice_sim_ctx *ctx;

	ctx = xa_load(&eng->sdev->contexts, eng->ctx_reg);
	if (!ctx || ctx->engine != eng || atomic_read(&ctx->hw.fault))
		return false;
	/* Another context must be preempted first. */
	if (eng->cur && eng->cur != ctx)
		return false;

	eng->cur = ctx;
	eng->status |= GPUSLICE_ENG_STATUS_LOADED;
	if (!(eng->status & GPUSLICE_ENG_STATUS_BUSY)) {
		eng->status |= GPUSLICE_ENG_STATUS_BUSY;
		eng->busy_since = ktime_get();
	}
	return true;
}

/* Called with the engine lock held: ENG_CTRL.PREEMPT. */
static bool __gpuslice_sim_engine_preempt(struct gpuslice_sim_engine *eng)
{
	ktime_t now, boundary;
	u64 elapsed;

	if (!eng->cur)
		return __gpuslice_sim_engine_cause(eng,
						   GPUSLICE_ENG_INTR_PREEMPTED);

	eng->preempt_req = true;
	eng->status |= GPUSLICE_ENG_STATUS_PREEMPTING;
	if (eng->computing) {
		now = ktime_get();
		elapsed = ktime_to_ns(ktime_sub(now, eng->compute_start));
		boundary = ktime_add_ns(eng->compute_start,
					roundup(elapsed + 1, GPUSLICE_SIM_PREEMPT_NS));
		if (ktime_before(boundary, eng->compute_end)) {
			eng->timer_preempt = true;
			hrtimer_start(&eng->timer, boundary, HRTIMER_MODE_ABS);
		}
		return false;
	}
	queue_work(gpuslice_sim_wq, &eng->work);
	return false;
}

/* Called with the engine lock held: ENG_CTRL.RESET. */
static bool __gpuslice_sim_engine_reset(struct gpuslice_sim_engine *eng)
{
	struct gpuslice_sim_ctx *ctx = eng->cur;
	bool raise = false;

	eng->computing = false;
	hrtimer_try_to_cancel(&eng->timer);
	if (ctx) {
		__gpuslice_sim_engine_unbusy(eng);
		if (gpuslice_sim_ctx_queued(ctx) || ctx->compute_left_ns)
			raise = __gpuslice_sim_ctx_fault(eng, ctx,
							 GPUSLICE_FAULT_RESET);
	}
	eng->cur = NULL;
	eng->preempt_req = false;
	eng->status = 0;
	return raise;
}

void gpuslice_sim_engine_reg_write(struct gpuslice_sim_engine *eng, u32 reg,
				   u32 value)
{
	unsigned long flags;
	bool raise = false;

	spin_lock_irqsave(&eng->lock, flags);
	switch (reg) {
	case GPUSLICE_ENG_CTRL:
		if (value & GPUSLICE_ENG_CTRL_RESET) {
			raise = __gpuslice_sim_engine_reset(eng);
			break;
		}
		if ((value & GPUSLICE_ENG_CTRL_RUN) &&
		    __gpuslice_sim_engine_run(eng))
			queue_work(gpuslice_sim_wq, &eng->work);
		if (value & GPUSLICE_ENG_CTRL_PREEMPT)
			raise = __gpuslice_sim_engine_preempt(eng);
		break;
	case GPUSLICE_ENG_CTX:
		eng->ctx_reg = value;
		break;
	case GPUSLICE_ENG_DOORBELL:
		/* New work for the loaded context wakes an idle engine. */
		if (eng->cur && eng->cur->hw.id == value && !eng->preempt_req) {
			if (!(eng->status & GPUSLICE_ENG_STATUS_BUSY)) {
				eng->status |= GPUSLICE_ENG_STATUS_BUSY;
				eng->busy_since = ktime_get();
			}
			queue_work(gpuslice_sim_wq, &eng->work);
		}
		break;
	case GPUSLICE_ENG_INTR_STATUS:
		eng->intr_status &= ~value;
		/* Causes left pending raise the line again (level). */
		raise = eng->intr_status & eng->intr_mask;
		break;
	case GPUSLICE_ENG_INTR_MASK:
		eng->intr_mask = value & GPUSLICE_ENG_INTR_ALL;
		raise = eng->intr_status & eng->intr_mask;
		break;
	default:
		break;
	}
	spin_unlock_irqrestore(&eng->lock, flags);
	gpuslice_sim_engine_raise(eng, raise);
}

/* Is @engine one of the copy engines? */
static bool gpuslice_sim_is_copy_engine(struct gpuslice_sim_dev *sdev,
					u32 engine)
{
	return engine >= 1 && engine <= sdev->model->copy_engines;
}

/*
 * Called with the MIG lock held: may a context with @params exist? Under
 * a MIG layout the hardware confines it to one GPU instance's engine,
 * SMs and framebuffer; without one, the instances' engines have no SMs.
 */
static bool gpuslice_sim_ctx_params_ok(struct gpuslice_sim_dev *sdev,
				       const struct gpuslice_hw_ctx_params *params)
{
	u64 vram_size = (u64)sdev->model->memory_mib << 20;
	const struct gpuslice_sim_gi *gi;

	if (params->engine >= sdev->num_engines || !params->sm_count ||
	    params->sm_count > sdev->model->sm_count ||
	    params->vram_size > vram_size ||
	    params->vram_base > vram_size - params->vram_size)
		return false;
	if (!sdev->num_gis)
		return !params->gpu_instance &&
		       (!params->engine ||
			gpuslice_sim_is_copy_engine(sdev, params->engine));
	if (!params->gpu_instance || params->gpu_instance > sdev->num_gis)
		return false;
	gi = &sdev->gis[params->gpu_instance - 1];
	return (params->engine == gi->engine ||
		gpuslice_sim_is_copy_engine(sdev, params->engine)) &&
	       params->sm_count <= gi->profile->sm_count &&
	       params->vram_base >= gi->vram_base &&
	       params->vram_size <= gi->vram_size &&
	       params->vram_base - gi->vram_base <=
	       gi->vram_size - params->vram_size;
}

struct gpuslice_hw_ctx *
gpuslice_sim_ctx_create(struct gpuslice_hw *hw,
			const struct gpuslice_hw_ctx_params *params)
{
	struct gpuslice_sim_dev *sdev = hw_to_sim(hw);
	struct gpuslice_sim_ctx *ctx;
	int err;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	ctx->queue = kvmalloc_array(GPUSLICE_SIM_QUEUE_DW, sizeof(u32),
				    GFP_KERNEL);
	if (!ctx->queue) {
		err = -ENOMEM;
		goto err_free_ctx;
	}

	ctx->sm_count = params->sm_count;
	ctx->vram_base = params->vram_base;
	ctx->vram_size = params->vram_size;
	ctx->dma = params->dma;
	atomic64_set(&ctx->hw.fence, 0);
	atomic_set(&ctx->hw.events, 0);
	atomic_set(&ctx->hw.fault, 0);
	atomic64_set(&ctx->hw.busy_ns, 0);

	mutex_lock(&sdev->mig_lock);
	err = -EINVAL;
	if (gpuslice_sim_ctx_params_ok(sdev, params)) {
		ctx->engine = &sdev->engines[params->engine];
		err = xa_alloc(&sdev->contexts, &ctx->hw.id, ctx, xa_limit_31b,
			       GFP_KERNEL);
	}
	mutex_unlock(&sdev->mig_lock);
	if (err)
		goto err_free_queue;
	return &ctx->hw;

err_free_queue:
	kvfree(ctx->queue);
err_free_ctx:
	kfree(ctx);
	return ERR_PTR(err);
}

void gpuslice_sim_ctx_destroy(struct gpuslice_hw *hw,
			      struct gpuslice_hw_ctx *hw_ctx)
{
	struct gpuslice_sim_ctx *ctx = container_of(hw_ctx,
						    struct gpuslice_sim_ctx,
						    hw);
	struct gpuslice_sim_engine *eng = ctx->engine;

	spin_lock_irq(&eng->lock);
	/* The core unloads contexts first; if it did not, reset the engine. */
	if (eng->cur == ctx) {
		dev_warn_ratelimited(&eng->sdev->dev,
				     "engine %u: destroying loaded context %u\n",
				     eng->index, ctx->hw.id);
		__gpuslice_sim_engine_reset(eng);
	}
	spin_unlock_irq(&eng->lock);

	xa_erase(&hw_to_sim(hw)->contexts, ctx->hw.id);
	/*
	 * An execution that started before the unload may still use ctx. The
	 * engine's timer is not ctx's: it times whichever context is loaded,
	 * and cancelling it here would strand that context's compute.
	 */
	flush_work(&eng->work);
	kvfree(ctx->queue);
	kfree(ctx);
}

int gpuslice_sim_submit(struct gpuslice_hw *hw, struct gpuslice_hw_ctx *hw_ctx,
			const u32 *cmds, size_t ndw)
{
	struct gpuslice_sim_ctx *ctx = container_of(hw_ctx,
						    struct gpuslice_sim_ctx,
						    hw);
	struct gpuslice_sim_engine *eng = ctx->engine;
	size_t i;

	spin_lock_irq(&eng->lock);
	if (atomic_read(&ctx->hw.fault)) {
		spin_unlock_irq(&eng->lock);
		return -EIO;
	}
	if (ndw > GPUSLICE_SIM_QUEUE_DW - gpuslice_sim_ctx_queued(ctx)) {
		spin_unlock_irq(&eng->lock);
		return -ENOSPC;
	}
	for (i = 0; i < ndw; i++)
		ctx->queue[(ctx->tail + i) & GPUSLICE_SIM_QUEUE_MASK] = cmds[i];
	ctx->tail += ndw;
	spin_unlock_irq(&eng->lock);

	gpuslice_sim_engine_reg_write(eng, GPUSLICE_ENG_DOORBELL, ctx->hw.id);
	return 0;
}

/*
 * Program a MIG layout: each GPU instance gets its profile's SMs, its
 * memory slices and a compute engine of its own. The core has checked the
 * layout against the profile table; the hardware still refuses anything
 * that would leave a context outside its instance.
 */
int gpuslice_sim_mig_program(struct gpuslice_hw *hw,
			     const struct gpuslice_hw_gpu_instance *gis,
			     u32 count)
{
	struct gpuslice_sim_dev *sdev = hw_to_sim(hw);
	u64 slice = gpuslice_hw_mig_slice_bytes(&hw->info);
	const struct gpuslice_hw_mig_profile *p;
	int err = 0;
	u32 i;

	if (count > ARRAY_SIZE(sdev->gis))
		return -EINVAL;
	for (i = 0; i < count; i++)
		if (gis[i].profile >= sdev->model->num_mig_profiles ||
		    gis[i].start >= GPUSLICE_SIM_MEMORY_SLICES)
			return -EINVAL;

	mutex_lock(&sdev->mig_lock);
	if (!xa_empty(&sdev->contexts)) {
		err = -EBUSY;
		goto out_unlock;
	}
	for (i = 0; i < count; i++) {
		p = &sdev->model->mig_profiles[gis[i].profile];
		sdev->gis[i].profile = p;
		sdev->gis[i].engine = gpuslice_hw_gi_engine(&hw->info, i);
		sdev->gis[i].vram_base = gis[i].start * slice;
		sdev->gis[i].vram_size = (u64)p->memory_mib << 20;
	}
	sdev->num_gis = count;
out_unlock:
	mutex_unlock(&sdev->mig_lock);
	return err;
}

int gpuslice_sim_engines_init(struct gpuslice_sim_dev *sdev)
{
	u32 e;

	sdev->num_engines = 1 + sdev->model->copy_engines;
	if (sdev->model->num_mig_profiles)
		sdev->num_engines += GPUSLICE_SIM_COMPUTE_SLICES - 1;
	if (sdev->num_engines > GPUSLICE_MAX_ENGINES)
		return -EINVAL;
	sdev->engines = kcalloc(sdev->num_engines, sizeof(*sdev->engines),
				GFP_KERNEL);
	if (!sdev->engines)
		return -ENOMEM;

	mutex_init(&sdev->mig_lock);
	sdev->num_gis = 0;
	xa_init_flags(&sdev->contexts, XA_FLAGS_ALLOC);
	for (e = 0; e < sdev->num_engines; e++) {
		struct gpuslice_sim_engine *eng = &sdev->engines[e];

		eng->sdev = sdev;
		eng->index = e;
		eng->class = gpuslice_sim_is_copy_engine(sdev, e) ?
			     GPUSLICE_ENGINE_CLASS_COPY :
			     GPUSLICE_ENGINE_CLASS_COMPUTE;
		spin_lock_init(&eng->lock);
		INIT_WORK(&eng->work, gpuslice_sim_engine_work);
		hrtimer_init(&eng->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
		eng->timer.function = gpuslice_sim_engine_timer;
	}
	return 0;
}

/* Every context is gone (the core destroyed them before unregistering). */
void gpuslice_sim_engines_exit(struct gpuslice_sim_dev *sdev)
{
	u32 e;

	for (e = 0; e < sdev->num_engines; e++) {
		struct gpuslice_sim_engine *eng = &sdev->engines[e];

		spin_lock_irq(&eng->lock);
		__gpuslice_sim_engine_reset(eng);
		spin_unlock_irq(&eng->lock);
		hrtimer_cancel(&eng->timer);
		cancel_work_sync(&eng->work);
	}
	WARN_ON_ONCE(!xa_empty(&sdev->contexts));
	xa_destroy(&sdev->contexts);
	mutex_destroy(&sdev->mig_lock);
	kfree(sdev->engines);
}
