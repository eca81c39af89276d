// SPDX-License-Identifier: GPL-2.0-only
/*
 * The time-slice scheduler (Documentation/scheduler.rst). Each engine
 * runs one scheduling entity (a vGPU or a bare-metal channel) at a time,
 * for slices of 1 / frequency (or an explicit time slice), scaled by the
 * entity's weight. At a slice's end the engine's context is preempted
 * through its registers, keeping its state, and the policy picks the next:
 *
 * best_effort   work-conserving round robin among entities with work; one
 *               that runs dry ends its slice early, one that wakes up runs
 *               next, idle ones cost nothing;
 * equal_share   strict round robin among all entities: each gets its slice
 *               in turn, and one with nothing to do keeps the engine idle
 *               for it rather than give it away;
 * fixed_share   strict round robin over max-instances slots of the type, so
 *               each entity gets 1 / max whatever its neighbours do.
 *
 * Under the strict policies adaptive round robin pays overshoot back: the
 * next slice is shortened by the accrued overshoot / averaging factor.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "gpuslice.h"

/* Shortest slice adaptive round robin leaves: the preemption granularity. */
#define GPUSLICE_SCHED_SLICE_FLOOR_NS	(100 * NSEC_PER_USEC)

struct workqueue_struct *gpuslice_wq;

/* Called with the GPU lock held: the slice length the settings give. */
u64 gpuslice_sched_base_ns(struct gpuslice_gpu *gpu)
{
	const struct gpuslice_sched_params *p = &gpu->sched;
	u32 freq = p->frequency_hz, t;

	if (p->timeslice_us)
		return (u64)p->timeslice_us * NSEC_PER_USEC;
	if (!freq) {
		/* NVIDIA's default: 960 Hz once a type allows more than 8. */
		freq = 480;
		for (t = 0; t < gpu->nr_types; t++)
			if (gpu->type_count[t] && gpu->types[t].max_equal > 8)
				freq = 960;
	}
	return NSEC_PER_SEC / freq;
}

/*
 * Called with the GPU lock held: accrue overshoot, capped at
 * averaging_factor slices so that one payback is at most one slice. A
 * stall of the whole machine (a VM descheduled mid-slice) would otherwise
 * leave a debt that starves the entity for minutes.
 */
static void __gpuslice_sched_accrue(struct gpuslice_gpu *gpu,
				    struct gpuslice_sched_entity *se, u64 over)
{
	u64 cap = gpuslice_sched_base_ns(gpu) * gpu->sched.averaging_factor;

	se->overshoot_ns = min(se->overshoot_ns + over, cap);
}

/* Called with the GPU lock held: settings changed, old debts are void. */
void __gpuslice_sched_forgive(struct gpuslice_gpu *gpu)
{
	struct gpuslice_channel *chan;

	list_for_each_entry(chan, &gpu->channels, gpu_link)
		chan->se->overshoot_ns = 0;
}

/* Called with the GPU lock held: @se's next slice, with ARR applied. */
static u64 __gpuslice_sched_target(struct gpuslice_engine *eng,
				   struct gpuslice_sched_entity *se)
{
	struct gpuslice_gpu *gpu = eng->gpu;
	u64 target = gpuslice_sched_base_ns(gpu);
	u64 pay;

	if (!se)
		return target;
	target = div_u64(target * se->weight, se->weight_default);
	if (gpu->sched.policy == GPUSLICE_SCHED_BEST_EFFORT || !se->overshoot_ns)
		return target;

	pay = div_u64(se->overshoot_ns, gpu->sched.averaging_factor);
	pay = min(pay, target > GPUSLICE_SCHED_SLICE_FLOOR_NS ?
		       target - GPUSLICE_SCHED_SLICE_FLOOR_NS : 0);
	se->overshoot_ns -= pay;
	return target - pay;
}

static void gpuslice_sched_wait_stop(struct gpuslice_sched_entity *se,
				     ktime_t now)
{
	if (!se->waiting)
		return;
	se->wait_ns += ktime_to_ns(ktime_sub(now, se->wait_since));
	se->waiting = false;
}

static void gpuslice_sched_wait_start(struct gpuslice_sched_entity *se,
				      ktime_t now)
{
	if (se->waiting)
		return;
	se->wait_since = now;
	se->waiting = true;
}

/*
 * When the context came off the engine: the PREEMPTED interrupt's time, or
 * @now if the interrupt has not been handled yet (the stamp is older than
 * the slice).
 */
static ktime_t gpuslice_sched_preempted_at(struct gpuslice_engine *eng,
					   ktime_t now)
{
	ktime_t at = ns_to_ktime(atomic64_read(&eng->preempted_at));

	return ktime_after(at, eng->slice_start) ? at : now;
}

/* Called with the GPU lock held: close the running slice and log it. */
static void __gpuslice_sched_end_slice(struct gpuslice_engine *eng, ktime_t end,
				       u32 reason)
{
	struct gpuslice_channel *owner = eng->slot;
	struct gpuslice_sched_log_entry *e;
	u64 ran, target = eng->slice_target_ns;

	if (!eng->in_slice)
		return;
	hrtimer_try_to_cancel(&eng->slice_timer);
	ran = ktime_after(end, eng->slice_start) ?
	      ktime_to_ns(ktime_sub(end, eng->slice_start)) : 0;

	if (owner) {
		owner->se->runtime_ns += ran;
		owner->se->slices++;
		if (ran > target &&
		    eng->gpu->sched.policy != GPUSLICE_SCHED_BEST_EFFORT)
			__gpuslice_sched_accrue(eng->gpu, owner->se,
						ran - target);
	}

	e = &eng->log[eng->log_seq % GPUSLICE_SCHED_LOG_LEN];
	e->seq = ++eng->log_seq;
	e->timestamp_ns = ktime_to_ns(end);
	e->entity = owner ? owner->se->id : 0;
	e->reason = reason;
	e->target_ns = target;
	e->ran_ns = ran;

	eng->in_slice = false;
	eng->slot = NULL;
}

/* Fixed share: the type's maximum instances, or more if more exist. */
static u32 __gpuslice_sched_fixed_slots(struct gpuslice_engine *eng)
{
	struct gpuslice_channel *chan;
	u32 n = 0, slots = 1;

	list_for_each_entry(chan, &eng->entities, run_link) {
		n++;
		slots = max(slots, chan->se->max_instances);
	}
	return max(slots, n);
}

/* The first entity from the round-robin head that has work, or NULL. */
static struct gpuslice_channel *
__gpuslice_sched_first_pending(struct gpuslice_engine *eng)
{
	struct gpuslice_channel *chan;

	list_for_each_entry(chan, &eng->entities, run_link)
		if (chan->pending)
			return chan;
	return NULL;
}

/*
 * Called with the GPU lock held: who gets the next slice. Returns false
 * when the engine should park (nobody has work); otherwise *@next is the
 * entity, or NULL for an empty fixed-share slot. Has no side effects.
 */
static bool __gpuslice_sched_pick(struct gpuslice_engine *eng,
				  struct gpuslice_channel **next)
{
	struct gpuslice_gpu *gpu = eng->gpu;
	struct gpuslice_channel *chan;
	u32 n = 0;

	*next = __gpuslice_sched_first_pending(eng);
	if (!*next)
		return false;

	switch (gpu->sched.policy) {
	case GPUSLICE_SCHED_BEST_EFFORT:
		return true;
	case GPUSLICE_SCHED_EQUAL_SHARE:
		*next = list_first_entry(&eng->entities, struct gpuslice_channel,
					 run_link);
		return true;
	case GPUSLICE_SCHED_FIXED_SHARE:
		list_for_each_entry(chan, &eng->entities, run_link)
			n++;
		/* Positions past the entities are the empty slots. */
		*next = eng->fixed_pos < n ?
			list_first_entry(&eng->entities, struct gpuslice_channel,
					 run_link) : NULL;
		return true;
	}
	return false;
}

/* Called with the GPU lock held and the engine free: load @next. */
static void __gpuslice_sched_run(struct gpuslice_engine *eng,
				 struct gpuslice_channel *next, ktime_t now)
{
	u32 status;

	gpuslice_eng_write(eng, GPUSLICE_ENG_CTX, next->ctx->id);
	gpuslice_eng_write(eng, GPUSLICE_ENG_CTRL, GPUSLICE_ENG_CTRL_RUN);
	status = gpuslice_eng_read(eng, GPUSLICE_ENG_STATUS);
	if (!(status & GPUSLICE_ENG_STATUS_LOADED)) {
		/* Refused: the context faulted. It has no work any more. */
		next->pending = false;
		gpuslice_sched_wait_stop(next->se, now);
		return;
	}
	eng->gpu->sched_switches++;
	eng->cur = next;
	gpuslice_sched_wait_stop(next->se, now);
}

/*
 * Called with the GPU lock held, the engine free or loaded with @next:
 * begin @next's slice (NULL: an empty fixed-share slot).
 */
static void __gpuslice_sched_start_slice(struct gpuslice_engine *eng,
					 struct gpuslice_channel *next,
					 ktime_t now)
{
	if (eng->gpu->sched.policy == GPUSLICE_SCHED_FIXED_SHARE)
		eng->fixed_pos = (eng->fixed_pos + 1) %
				 __gpuslice_sched_fixed_slots(eng);
	/* Round robin: the entity served goes to the back. */
	if (next)
		list_move_tail(&next->run_link, &eng->entities);

	eng->slot = next;
	eng->in_slice = true;
	eng->slice_start = now;
	eng->slice_target_ns = __gpuslice_sched_target(eng, next ? next->se : NULL);
	hrtimer_start(&eng->slice_timer,
		      ktime_add_ns(now, eng->slice_target_ns), HRTIMER_MODE_ABS);

	/* Strict policies keep an idle entity's slot idle. */
	if (next && next->pending && eng->cur != next)
		__gpuslice_sched_run(eng, next, now);
}

/*
 * Called with the GPU lock held: move the engine on from what its status
 * register says and the clock. Runs after every submit, interrupt, slice
 * end and removal. A slice ends when its context is off the engine, so
 * the time it overran (the preemption latency) counts against it.
 */
void __gpuslice_engine_schedule(struct gpuslice_engine *eng)
{
	struct gpuslice_gpu *gpu = eng->gpu;
	struct gpuslice_channel *cur = eng->cur, *next;
	ktime_t now = ktime_get(), t0 = now;
	u32 status, reason = GPUSLICE_SCHED_END_EXPIRED;
	bool park;

	if (!gpu->hw)
		return;

	status = gpuslice_eng_read(eng, GPUSLICE_ENG_STATUS);
	if (cur && !(status & GPUSLICE_ENG_STATUS_LOADED)) {
		/* Preempted: unloaded, with its state saved. */
		if (eng->preempting && cur->pending) {
			cur->se->preemptions++;
			gpuslice_sched_wait_start(cur->se, now);
		}
		eng->cur = NULL;
		cur = NULL;
		if (eng->preempting && eng->in_slice)
			__gpuslice_sched_end_slice(eng,
						   gpuslice_sched_preempted_at(eng, now),
						   eng->end_reason);
		eng->preempting = false;
	}
	if (eng->preempting)
		goto out;
	/* Loaded and not busy: it drained (submit rings under the lock). */
	if (cur && !(status & GPUSLICE_ENG_STATUS_BUSY))
		cur->pending = false;

	if (eng->in_slice) {
		if (ktime_before(now, ktime_add_ns(eng->slice_start,
						   eng->slice_target_ns))) {
			if (gpu->sched.policy != GPUSLICE_SCHED_BEST_EFFORT ||
			    !eng->slot || eng->slot->pending) {
				/* An idle entity's own slot: new work runs now. */
				if (eng->slot && eng->slot->pending && !cur)
					__gpuslice_sched_run(eng, eng->slot, now);
				goto out;
			}
			reason = GPUSLICE_SCHED_END_DRAINED;
		}
	}

	park = !__gpuslice_sched_pick(eng, &next);
	if (!park && cur && cur != next) {
		/* Take the engine back first; PREEMPTED brings us here again. */
		eng->preempting = true;
		eng->end_reason = reason;
		gpuslice_eng_write(eng, GPUSLICE_ENG_CTRL,
				   GPUSLICE_ENG_CTRL_PREEMPT);
		goto out;
	}
	__gpuslice_sched_end_slice(eng, now, reason);
	/* Nobody has work: an idle context may stay loaded. */
	if (!park)
		__gpuslice_sched_start_slice(eng, next, now);

out:
	gpu->sched_cpu_ns += ktime_to_ns(ktime_sub(ktime_get(), t0));
}

/*
 * GPUSLICE_IOCTL_SCHED_LOG: the entries after since_seq, oldest first,
 * copied under the GPU lock and handed out after it.
 */
long gpuslice_sched_log_ioctl(struct gpuslice_gpu *gpu, void __user *arg)
{
	const size_t minsz = offsetofend(struct gpuslice_sched_log, dropped);
	struct gpuslice_sched_log_entry *buf;
	struct gpuslice_sched_log req;
	struct gpuslice_engine *eng;
	u64 first, oldest, seq;
	u32 n = 0;
	int err = 0;

	if (copy_from_user(&req, arg, minsz))
		return -EFAULT;
	if (req.argsz < minsz || req.flags || req.reserved0 ||
	    !req.max_entries || req.max_entries > GPUSLICE_SCHED_LOG_LEN)
		return -EINVAL;

	buf = kvcalloc(req.max_entries, sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	mutex_lock(&gpu->lock);
	if (!gpu->hw) {
		err = -ENODEV;
	} else if (req.engine >= gpu->num_engines) {
		err = -EINVAL;
	} else {
		eng = &gpu->engines[req.engine];
		oldest = eng->log_seq > GPUSLICE_SCHED_LOG_LEN ?
			 eng->log_seq - GPUSLICE_SCHED_LOG_LEN + 1 : 1;
		first = max(req.since_seq + 1, oldest);
		req.dropped = first - (req.since_seq + 1);
		for (seq = first; seq <= eng->log_seq && n < req.max_entries;
		     seq++)
			buf[n++] = eng->log[(seq - 1) % GPUSLICE_SCHED_LOG_LEN];
		req.count = n;
		req.next_seq = n ? buf[n - 1].seq : max(req.since_seq, first - 1);
	}
	mutex_unlock(&gpu->lock);

	if (!err && (copy_to_user(u64_to_user_ptr(req.entries), buf,
				  (size_t)n * sizeof(*buf)) ||
		     copy_to_user(arg, &req, minsz)))
		err = -EFAULT;
	kvfree(buf);
	return err;
}

/* Called with the GPU lock held: a new channel joins the engine. */
void __gpuslice_engine_add(struct gpuslice_engine *eng,
			   struct gpuslice_channel *chan)
{
	list_add_tail(&chan->run_link, &eng->entities);
}

/* Called with the GPU lock held: @chan has new work. */
void __gpuslice_engine_submitted(struct gpuslice_engine *eng,
				 struct gpuslice_channel *chan)
{
	bool woke = !chan->pending;

	chan->pending = true;
	if (eng->cur != chan)
		gpuslice_sched_wait_start(chan->se, ktime_get());
	/* Best effort: a vGPU that wakes up runs next. */
	if (woke && eng->cur != chan &&
	    eng->gpu->sched.policy == GPUSLICE_SCHED_BEST_EFFORT)
		list_move(&chan->run_link, &eng->entities);
	__gpuslice_engine_schedule(eng);
}

/* Called with the GPU lock held: take @chan off the engine for good. */
void __gpuslice_engine_remove(struct gpuslice_engine *eng,
			      struct gpuslice_channel *chan)
{
	ktime_t now = ktime_get();

	if (eng->slot == chan)
		__gpuslice_sched_end_slice(eng, now, GPUSLICE_SCHED_END_REMOVED);
	if (eng->cur == chan) {
		gpuslice_eng_write(eng, GPUSLICE_ENG_CTRL,
				   GPUSLICE_ENG_CTRL_RESET);
		eng->cur = NULL;
		eng->preempting = false;
	}
	gpuslice_sched_wait_stop(chan->se, now);
	chan->pending = false;
	/* Detach saved the context's final busy time before clearing it. */
	if (eng->index == 0)
		eng->gpu->sched_busy_ns += chan->final_busy_ns;
	list_del_init(&chan->run_link);
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

/* Called with the GPU lock held: a fresh entity with a type's defaults. */
void __gpuslice_sched_entity_init(struct gpuslice_gpu *gpu,
				  struct gpuslice_sched_entity *se,
				  u32 max_instances)
{
	memset(se, 0, sizeof(*se));
	se->id = ++gpu->sched_next_id;
	se->max_instances = max(max_instances, 1U);
	se->weight_default = max(GPUSLICE_SCHED_WEIGHT_MAX / se->max_instances,
				 1U);
	se->weight = se->weight_default;
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

		eng->log = kcalloc(GPUSLICE_SCHED_LOG_LEN, sizeof(*eng->log),
				   GFP_KERNEL);
		if (!eng->log)
			goto err_free_logs;
		eng->gpu = gpu;
		eng->index = e;
		INIT_WORK(&eng->work, gpuslice_engine_work);
		hrtimer_init(&eng->slice_timer, CLOCK_MONOTONIC,
			     HRTIMER_MODE_ABS);
		eng->slice_timer.function = gpuslice_engine_slice_end;
		INIT_LIST_HEAD(&eng->entities);
		gpuslice_eng_write(eng, GPUSLICE_ENG_INTR_MASK,
				   GPUSLICE_ENG_INTR_ALL);
	}
	return 0;

err_free_logs:
	while (e--)
		kfree(gpu->engines[e].log);
	kfree(gpu->engines);
	gpu->engines = NULL;
	return -ENOMEM;
}

/* Called with the GPU lock held: stop every engine and forget its state. */
void gpuslice_engines_stop(struct gpuslice_gpu *gpu)
{
	ktime_t now = ktime_get();
	u32 e;

	for (e = 0; e < gpu->num_engines; e++) {
		struct gpuslice_engine *eng = &gpu->engines[e];

		__gpuslice_sched_end_slice(eng, now, GPUSLICE_SCHED_END_RESET);
		gpuslice_eng_write(eng, GPUSLICE_ENG_CTRL,
				   GPUSLICE_ENG_CTRL_RESET);
		gpuslice_eng_write(eng, GPUSLICE_ENG_INTR_MASK, 0);
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
		kfree(gpu->engines[e].log);
	}
	kfree(gpu->engines);
	gpu->engines = NULL;
}
