// SPDX-License-Identifier: GPL-2.0-only
/*
 * Engine runlists: plain round robin. Each engine runs one channel at a
 * time; a channel with work waits on the engine's runlist. The loaded
 * channel is preempted (keeping its state) when it runs dry or, while
 * others wait, when its GPUSLICE_TIMESLICE_NS slice ends; it then goes to
 * the back of the runlist if it still has work. The time-slice scheduler
 * replaces this policy.
 */
#include <linux/slab.h>

#include "gpuslice.h"

struct workqueue_struct *gpuslice_wq;

/*
 * Called with the GPU lock held: move the engine to its next state from
 * what its status register says.
 */
void __gpuslice_engine_schedule(struct gpuslice_engine *eng)
{
	struct gpuslice_channel *chan = eng->cur;
	u32 status;

	if (!eng->gpu->hw)
		return;

	status = gpuslice_eng_read(eng, GPUSLICE_ENG_STATUS);
	if (chan && !(status & GPUSLICE_ENG_STATUS_LOADED)) {
		/* Preempted, reset or faulted: unloaded with its state. */
		eng->cur = NULL;
		eng->preempting = false;
		if (chan->pending && !atomic_read(&chan->ctx->fault))
			__gpuslice_engine_enqueue(eng, chan);
		chan = NULL;
	}

	if (chan) {
		if (list_empty(&eng->runlist) || eng->preempting)
			return;
		if (status & GPUSLICE_ENG_STATUS_BUSY) {
			/* Others wait: the slice bounds how long they do. */
			if (ktime_before(ktime_get(), eng->slice_end)) {
				hrtimer_start(&eng->slice_timer, eng->slice_end,
					      HRTIMER_MODE_ABS);
				return;
			}
		} else {
			/* Drained; submit rings the doorbell under the lock. */
			chan->pending = false;
		}
		eng->preempting = true;
		gpuslice_eng_write(eng, GPUSLICE_ENG_CTRL,
				   GPUSLICE_ENG_CTRL_PREEMPT);
		return;
	}

	while ((chan = list_first_entry_or_null(&eng->runlist,
						struct gpuslice_channel,
						run_link))) {
		list_del_init(&chan->run_link);
		chan->queued = false;
		gpuslice_eng_write(eng, GPUSLICE_ENG_CTX, chan->ctx->id);
		gpuslice_eng_write(eng, GPUSLICE_ENG_CTRL, GPUSLICE_ENG_CTRL_RUN);
		status = gpuslice_eng_read(eng, GPUSLICE_ENG_STATUS);
		if (status & GPUSLICE_ENG_STATUS_LOADED) {
			eng->cur = chan;
			eng->slice_end = ktime_add_ns(ktime_get(),
						      GPUSLICE_TIMESLICE_NS);
			if (!list_empty(&eng->runlist))
				hrtimer_start(&eng->slice_timer, eng->slice_end,
					      HRTIMER_MODE_ABS);
			return;
		}
		/* Refused (the context faulted meanwhile): try the next. */
	}
}

/* Called with the GPU lock held: @chan has work for the engine. */
void __gpuslice_engine_enqueue(struct gpuslice_engine *eng,
			       struct gpuslice_channel *chan)
{
	if (eng->cur == chan || chan->queued)
		return;
	list_add_tail(&chan->run_link, &eng->runlist);
	chan->queued = true;
}

/* Called with the GPU lock held: take @chan off the engine for good. */
void __gpuslice_engine_remove(struct gpuslice_engine *eng,
			      struct gpuslice_channel *chan)
{
	if (chan->queued) {
		list_del_init(&chan->run_link);
		chan->queued = false;
	}
	if (eng->cur == chan) {
		gpuslice_eng_write(eng, GPUSLICE_ENG_CTRL,
				   GPUSLICE_ENG_CTRL_RESET);
		eng->cur = NULL;
		eng->preempting = false;
	}
}

/* Called with the GPU lock held: pass context events to channel owners. */
void __gpuslice_engine_notify(struct gpuslice_engine *eng)
{
	struct gpuslice_channel *chan;
	u32 events;

	list_for_each_entry(chan, &eng->gpu->channels, gpu_link) {
		if (chan->engine != eng || !chan->notify)
			continue;
		events = atomic_xchg(&chan->ctx->events, 0);
		if (events)
			chan->notify(chan, events);
	}
}

static enum hrtimer_restart gpuslice_engine_slice_end(struct hrtimer *timer)
{
	struct gpuslice_engine *eng = container_of(timer, struct gpuslice_engine,
						   slice_timer);

	queue_work(gpuslice_wq, &eng->work);
	return HRTIMER_NORESTART;
}

static void gpuslice_engine_work(struct work_struct *work)
{
	struct gpuslice_engine *eng = container_of(work, struct gpuslice_engine,
						   work);
	struct gpuslice_gpu *gpu = eng->gpu;

	mutex_lock(&gpu->lock);
	if (gpu->hw) {
		__gpuslice_engine_notify(eng);
		__gpuslice_engine_schedule(eng);
	}
	mutex_unlock(&gpu->lock);
}

int gpuslice_engines_init(struct gpuslice_gpu *gpu)
{
	u32 e, n = gpu->hw->info.num_engines;

	if (!n || n > GPUSLICE_MAX_ENGINES ||
	    gpuslice_reg_read(gpu, GPUSLICE_REG_ID) != GPUSLICE_HW_ID ||
	    gpuslice_reg_read(gpu, GPUSLICE_REG_NUM_ENGINES) != n)
		return -ENODEV;

	gpu->engines = kcalloc(n, sizeof(*gpu->engines), GFP_KERNEL);
	if (!gpu->engines)
		return -ENOMEM;
	gpu->num_engines = n;

	for (e = 0; e < n; e++) {
		struct gpuslice_engine *eng = &gpu->engines[e];

		eng->gpu = gpu;
		eng->index = e;
		INIT_WORK(&eng->work, gpuslice_engine_work);
		hrtimer_init(&eng->slice_timer, CLOCK_MONOTONIC,
			     HRTIMER_MODE_ABS);
		eng->slice_timer.function = gpuslice_engine_slice_end;
		INIT_LIST_HEAD(&eng->runlist);
		gpuslice_eng_write(eng, GPUSLICE_ENG_INTR_MASK,
				   GPUSLICE_ENG_INTR_ALL);
	}
	return 0;
}

/* Called with the GPU lock held: stop every engine and forget its state. */
void gpuslice_engines_stop(struct gpuslice_gpu *gpu)
{
	u32 e;

	for (e = 0; e < gpu->num_engines; e++) {
		struct gpuslice_engine *eng = &gpu->engines[e];
		struct gpuslice_channel *chan, *tmp;

		gpuslice_eng_write(eng, GPUSLICE_ENG_CTRL,
				   GPUSLICE_ENG_CTRL_RESET);
		gpuslice_eng_write(eng, GPUSLICE_ENG_INTR_MASK, 0);
		list_for_each_entry_safe(chan, tmp, &eng->runlist, run_link) {
			list_del_init(&chan->run_link);
			chan->queued = false;
		}
		eng->cur = NULL;
		eng->preempting = false;
	}
}

/* After gpuslice_engines_stop() and with the interrupt freed. */
void gpuslice_engines_exit(struct gpuslice_gpu *gpu)
{
	u32 e;

	for (e = 0; e < gpu->num_engines; e++) {
		hrtimer_cancel(&gpu->engines[e].slice_timer);
		cancel_work_sync(&gpu->engines[e].work);
	}
	kfree(gpu->engines);
	gpu->engines = NULL;
}
