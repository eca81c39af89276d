// SPDX-License-Identifier: GPL-2.0-only
/*
 * Channels: engine contexts that an open control node owns, for bare-metal
 * clients and tests (GPUSLICE_IOCTL_CHANNEL_* in uapi/linux/gpuslice.h).
 */
#include <linux/kref.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/gpuslice.h>

#include "gpuslice.h"

/* Channels one open file may hold. */
#define GPUSLICE_CHANNELS_PER_FILE	64

/**
 * struct gpuslice_ctl_file - an open control node
 * @gpu: the GPU (its device is referenced while the file is open)
 * @channels: channel id -> struct gpuslice_channel; the xarray's lock
 *	serialises ids, the GPU lock everything a channel points to
 */
struct gpuslice_ctl_file {
	struct gpuslice_gpu *gpu;
	struct xarray channels;
};

struct gpuslice_ctl_file *gpuslice_ctl_file_new(struct gpuslice_gpu *gpu)
{
	struct gpuslice_ctl_file *cfile;

	cfile = kzalloc(sizeof(*cfile), GFP_KERNEL);
	if (!cfile)
		return NULL;
	cfile->gpu = gpu;
	xa_init_flags(&cfile->channels, XA_FLAGS_ALLOC);
	return cfile;
}

struct gpuslice_gpu *gpuslice_ctl_file_gpu(struct gpuslice_ctl_file *cfile)
{
	return cfile->gpu;
}

/* Called with the GPU lock held: detach @chan from the hardware. */
static void __gpuslice_channel_detach(struct gpuslice_channel *chan)
{
	struct gpuslice_gpu *gpu = chan->gpu;
	struct gpuslice_hw_ctx *ctx;

	spin_lock(&chan->lock);
	ctx = chan->ctx;
	if (ctx) {
		chan->final_fence = atomic64_read(&ctx->fence);
		chan->final_busy_ns = atomic64_read(&ctx->busy_ns);
		chan->final_fault = atomic_read(&ctx->fault);
		chan->ctx = NULL;
	}
	spin_unlock(&chan->lock);
	if (!ctx)
		return;

	__gpuslice_engine_remove(chan->engine, chan);
	list_del_init(&chan->gpu_link);
	gpu->hw->ops->ctx_destroy(gpu->hw, ctx);
	/* The engine may have been running it; let the next one in. */
	__gpuslice_engine_schedule(chan->engine);
}

/* Called with the GPU lock held, at removal: every channel loses its GPU. */
void __gpuslice_channels_orphan(struct gpuslice_gpu *gpu)
{
	struct gpuslice_channel *chan, *tmp;

	list_for_each_entry_safe(chan, tmp, &gpu->channels, gpu_link)
		__gpuslice_channel_detach(chan);
}

static void gpuslice_channel_release(struct kref *ref)
{
	kfree(container_of(ref, struct gpuslice_channel, ref));
}

void gpuslice_channel_put(struct gpuslice_channel *chan)
{
	kref_put(&chan->ref, gpuslice_channel_release);
}

/* A reference to channel @id of @cfile, or NULL. */
static struct gpuslice_channel *
gpuslice_channel_get(struct gpuslice_ctl_file *cfile, u32 id)
{
	struct gpuslice_channel *chan;

	xa_lock(&cfile->channels);
	chan = xa_load(&cfile->channels, id);
	if (chan)
		kref_get(&chan->ref);
	xa_unlock(&cfile->channels);
	return chan;
}

/**
 * gpuslice_channel_del() - detach a channel from the GPU and drop a reference
 * @chan: a channel no longer reachable by new users (erased from its file)
 *
 * Its queued work is dropped; an engine running it is reset.
 */
void gpuslice_channel_del(struct gpuslice_channel *chan)
{
	struct gpuslice_gpu *gpu = chan->gpu;

	mutex_lock(&gpu->lock);
	__gpuslice_channel_detach(chan);
	mutex_unlock(&gpu->lock);
	gpuslice_channel_put(chan);
}

void gpuslice_ctl_file_del(struct gpuslice_ctl_file *cfile)
{
	struct gpuslice_channel *chan;
	unsigned long id;

	xa_for_each(&cfile->channels, id, chan) {
		xa_erase(&cfile->channels, id);
		gpuslice_channel_del(chan);
	}
	xa_destroy(&cfile->channels);
	kfree(cfile);
}

/*
 * Copy an argument structure in: at least @minsz bytes, argsz no smaller,
 * flags zero. Every structure here starts with argsz and flags.
 */
static int gpuslice_copy_arg(void *karg, void __user *arg, size_t minsz)
{
	u32 *head = karg;

	if (copy_from_user(karg, arg, minsz))
		return -EFAULT;
	if (head[0] < minsz || head[1])
		return -EINVAL;
	return 0;
}

/**
 * gpuslice_channel_new() - a new channel: a context on one engine
 * @gpu: the GPU
 * @params: engine, GPU instance, SMs, framebuffer window (size 0: to the
 *	end of the GPU or the instance), optional DMA and event notification
 *
 * Return: the channel, holding one reference, or an ERR_PTR: -EINVAL for
 * an unknown engine or GPU instance, too many SMs or a window outside the
 * framebuffer, -ENODEV once the GPU is gone.
 */
struct gpuslice_channel *
gpuslice_channel_new(struct gpuslice_gpu *gpu,
		     const struct gpuslice_channel_params *params)
{
	struct gpuslice_hw_ctx_params hw_params = {};
	struct gpuslice_mig_bounds bounds;
	struct gpuslice_channel *chan;
	struct gpuslice_hw_ctx *ctx;
	int err;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return ERR_PTR(-ENOMEM);
	chan->gpu = gpu;
	chan->notify = params->notify;
	chan->priv = params->priv;
	kref_init(&chan->ref);
	spin_lock_init(&chan->lock);
	INIT_LIST_HEAD(&chan->gpu_link);
	INIT_LIST_HEAD(&chan->run_link);

	mutex_lock(&gpu->lock);
	if (!gpu->hw) {
		err = -ENODEV;
		goto err_unlock;
	}
	err = __gpuslice_mig_bounds(gpu, params->gpu_instance, &bounds);
	if (err)
		goto err_unlock;
	err = -EINVAL;
	if (params->engine > gpu->hw->info.copy_engines ||
	    params->sm_count > bounds.sm_count ||
	    params->vram_offset >= bounds.vram_size ||
	    params->vram_size > bounds.vram_size - params->vram_offset)
		goto err_unlock;

	hw_params.engine = params->engine ?: bounds.compute_engine;
	hw_params.gpu_instance = params->gpu_instance;
	hw_params.sm_count = params->sm_count ?: bounds.sm_count;
	hw_params.vram_base = bounds.vram_offset + params->vram_offset;
	hw_params.vram_size = params->vram_size ?:
			      bounds.vram_size - params->vram_offset;
	hw_params.dma = params->dma;
	ctx = gpu->hw->ops->ctx_create(gpu->hw, &hw_params);
	if (IS_ERR(ctx)) {
		err = PTR_ERR(ctx);
		goto err_unlock;
	}
	chan->ctx = ctx;
	chan->engine = &gpu->engines[hw_params.engine];
	chan->se = params->se;
	if (!chan->se) {
		chan->se = &chan->own_se;
		__gpuslice_sched_entity_init(gpu, chan->se, 1);
	}
	list_add_tail(&chan->gpu_link, &gpu->channels);
	__gpuslice_engine_add(chan->engine, chan);
	mutex_unlock(&gpu->lock);
	return chan;

err_unlock:
	mutex_unlock(&gpu->lock);
	kfree(chan);
	return ERR_PTR(err);
}

/**
 * gpuslice_channel_submit() - queue command words on a channel
 * @chan: the channel
 * @cmds: command words (uapi/linux/gpuslice_vgpu.h)
 * @ndw: how many
 *
 * Return: 0, -EAGAIN when the channel's queue is full, -EIO once it
 * faulted, -ENODEV once the GPU is gone.
 */
int gpuslice_channel_submit(struct gpuslice_channel *chan, const u32 *cmds,
			    u32 ndw)
{
	struct gpuslice_gpu *gpu = chan->gpu;
	int err;

	mutex_lock(&gpu->lock);
	if (!gpu->hw || !chan->ctx) {
		err = -ENODEV;
	} else {
		err = gpu->hw->ops->submit(gpu->hw, chan->ctx, cmds, ndw);
		if (err == -ENOSPC)
			err = -EAGAIN;
		if (!err)
			__gpuslice_engine_submitted(chan->engine, chan);
	}
	mutex_unlock(&gpu->lock);
	return err;
}

long gpuslice_channel_create_ioctl(struct gpuslice_ctl_file *cfile,
				   void __user *arg)
{
	const size_t minsz = offsetofend(struct gpuslice_channel_create,
					 gpu_instance);
	struct gpuslice_channel_params params = {};
	struct gpuslice_channel_create create;
	struct gpuslice_channel *chan;
	int err;

	err = gpuslice_copy_arg(&create, arg, minsz);
	if (err)
		return err;
	params.engine = create.engine;
	params.gpu_instance = create.gpu_instance;
	params.sm_count = create.sm_count;
	params.vram_offset = create.vram_offset;
	params.vram_size = create.vram_size;
	chan = gpuslice_channel_new(cfile->gpu, &params);
	if (IS_ERR(chan))
		return PTR_ERR(chan);

	/* Published complete: other ioctls on the file may use it from here. */
	err = xa_alloc(&cfile->channels, &chan->id, chan,
		       XA_LIMIT(0, GPUSLICE_CHANNELS_PER_FILE - 1), GFP_KERNEL);
	if (err) {
		gpuslice_channel_del(chan);
		return err == -EBUSY ? -ENOSPC : err;
	}

	create.channel = chan->id;
	if (copy_to_user(arg, &create, minsz)) {
		if (xa_cmpxchg(&cfile->channels, create.channel, chan, NULL,
			       GFP_KERNEL) == chan)
			gpuslice_channel_del(chan);
		return -EFAULT;
	}
	return 0;
}

long gpuslice_channel_destroy_ioctl(struct gpuslice_ctl_file *cfile,
				    void __user *arg)
{
	const size_t minsz = offsetofend(struct gpuslice_channel_destroy,
					 reserved0);
	struct gpuslice_channel_destroy destroy;
	struct gpuslice_channel *chan;
	int err;

	err = gpuslice_copy_arg(&destroy, arg, minsz);
	if (err)
		return err;
	if (destroy.reserved0)
		return -EINVAL;

	chan = xa_erase(&cfile->channels, destroy.channel);
	if (!chan)
		return -ENOENT;
	gpuslice_channel_del(chan);
	return 0;
}

long gpuslice_submit_ioctl(struct gpuslice_ctl_file *cfile, void __user *arg)
{
	const size_t minsz = offsetofend(struct gpuslice_submit, cmds);
	struct gpuslice_channel *chan;
	struct gpuslice_submit submit;
	u32 *cmds;
	int err;

	err = gpuslice_copy_arg(&submit, arg, minsz);
	if (err)
		return err;
	if (!submit.ndw || submit.ndw > GPUSLICE_SUBMIT_MAX_DW)
		return -EINVAL;

	cmds = memdup_user(u64_to_user_ptr(submit.cmds),
			   (size_t)submit.ndw * sizeof(u32));
	if (IS_ERR(cmds))
		return PTR_ERR(cmds);

	chan = gpuslice_channel_get(cfile, submit.channel);
	if (chan) {
		err = gpuslice_channel_submit(chan, cmds, submit.ndw);
		gpuslice_channel_put(chan);
	} else {
		err = -ENOENT;
	}
	kfree(cmds);
	return err;
}

/**
 * gpuslice_channel_state() - snapshot of a channel's progress
 * @chan: the channel
 * @fence: its fence value
 * @busy_ns: engine time it used
 * @fault: GPUSLICE_FAULT_* or 0
 *
 * Return: false once its GPU is gone (the values are then final).
 */
bool gpuslice_channel_state(struct gpuslice_channel *chan, u64 *fence,
			    u64 *busy_ns, u32 *fault)
{
	bool alive;

	spin_lock(&chan->lock);
	alive = chan->ctx;
	if (alive) {
		*fence = atomic64_read(&chan->ctx->fence);
		*busy_ns = atomic64_read(&chan->ctx->busy_ns);
		*fault = atomic_read(&chan->ctx->fault);
	} else {
		*fence = chan->final_fence;
		*busy_ns = chan->final_busy_ns;
		*fault = chan->final_fault;
	}
	spin_unlock(&chan->lock);
	return alive;
}

/**
 * gpuslice_channel_sync() - deliver a channel's pending events now
 * @chan: the channel, kept alive by the caller
 *
 * The engine work passes context events to @notify some time after the
 * interrupt. A reader that wants its counters exact at this moment takes
 * the channel's pending events itself; nothing else on the GPU waits.
 */
void gpuslice_channel_sync(struct gpuslice_channel *chan)
{
	u32 events = 0;

	spin_lock(&chan->lock);
	if (chan->ctx)
		events = atomic_xchg(&chan->ctx->events, 0);
	spin_unlock(&chan->lock);
	if (events && chan->notify)
		chan->notify(chan, events);
}

static bool gpuslice_channel_done(struct gpuslice_channel *chan,
				  struct gpuslice_wait *wait, bool *alive)
{
	*alive = gpuslice_channel_state(chan, &wait->completed,
					&wait->busy_ns, &wait->fault);
	return !*alive || wait->fault || wait->completed >= wait->fence;
}

long gpuslice_wait_ioctl(struct gpuslice_ctl_file *cfile, void __user *arg)
{
	const size_t minsz = offsetofend(struct gpuslice_wait, reserved0);
	struct gpuslice_gpu *gpu = cfile->gpu;
	struct gpuslice_channel *chan;
	struct gpuslice_wait wait;
	bool alive = true;
	long left;
	int err;

	err = gpuslice_copy_arg(&wait, arg, minsz);
	if (err)
		return err;
	if (wait.reserved0)
		return -EINVAL;

	chan = gpuslice_channel_get(cfile, wait.channel);
	if (!chan)
		return -ENOENT;

	left = wait_event_interruptible_timeout(gpu->fence_wq,
						gpuslice_channel_done(chan, &wait, &alive),
						msecs_to_jiffies(wait.timeout_ms));
	gpuslice_channel_done(chan, &wait, &alive);
	gpuslice_channel_put(chan);
	if (left < 0)
		return left;

	if (copy_to_user(arg, &wait, minsz))
		return -EFAULT;
	if (wait.completed >= wait.fence)
		return 0;
	/* Removal resets the engines; report the removal, not the reset. */
	if (!alive)
		return -ENODEV;
	return wait.fault ? -EIO : -ETIMEDOUT;
}
