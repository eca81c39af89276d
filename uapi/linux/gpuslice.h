/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * gpuslice control ABI: ioctls on /dev/gpuslice/gpuN.
 *
 * Every argument structure starts with argsz (the size userspace passed)
 * and flags. The kernel reads and writes at most argsz bytes, fails with
 * -EINVAL when argsz is smaller than the structure's first published size,
 * and fails with -EINVAL when flags or any reserved field is non-zero.
 * Fields are only ever appended, so a newer kernel accepts an older
 * binary and vice versa.
 */
#ifndef _UAPI_LINUX_GPUSLICE_H
#define _UAPI_LINUX_GPUSLICE_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define GPUSLICE_API_VERSION		1

#define GPUSLICE_IOCTL_TYPE		'G'
#define GPUSLICE_IOCTL_BASE		0x40

#define GPUSLICE_MODEL_LEN		32
#define GPUSLICE_UUID_LEN		48

/* enum gpuslice_gpu_mode: values of gpuslice_gpu_info.mode */
#define GPUSLICE_GPU_MODE_COMPUTE	0
#define GPUSLICE_GPU_MODE_GRAPHICS	1

/* gpuslice_gpu_info.caps */
#define GPUSLICE_GPU_CAP_MIG		_BITUL(0)

/**
 * struct gpuslice_gpu_info - identity and geometry of one physical GPU
 * @argsz:		in: size of this structure as known to userspace
 * @flags:		in: must be zero
 * @api_version:	out: GPUSLICE_API_VERSION of the running module
 * @index:		out: N of /dev/gpuslice/gpuN
 * @sm_count:		out: streaming multiprocessors
 * @copy_engines:	out: copy (DMA) engines
 * @decoders:		out: video decoders
 * @mode:		out: GPUSLICE_GPU_MODE_*
 * @caps:		out: GPUSLICE_GPU_CAP_*
 * @reserved0:		must be zero
 * @memory_total_mib:	out: framebuffer size
 * @memory_used_mib:	out: framebuffer handed out to vGPUs and partitions
 * @model:		out: NUL-terminated model name, e.g. "h100-80gb"
 * @uuid:		out: NUL-terminated "GPU-<uuid>"
 *
 * Returned by GPUSLICE_IOCTL_GPU_INFO.
 */
struct gpuslice_gpu_info {
	__u32 argsz;
	__u32 flags;
	__u32 api_version;
	__u32 index;
	__u32 sm_count;
	__u32 copy_engines;
	__u32 decoders;
	__u32 mode;
	__u32 caps;
	__u32 reserved0;
	__u64 memory_total_mib;
	__u64 memory_used_mib;
	char model[GPUSLICE_MODEL_LEN];
	char uuid[GPUSLICE_UUID_LEN];
};

#define GPUSLICE_IOCTL_GPU_INFO \
	_IOWR(GPUSLICE_IOCTL_TYPE, GPUSLICE_IOCTL_BASE + 0, struct gpuslice_gpu_info)

/*
 * Channels: a context on one engine of the GPU, owned by the open file,
 * for bare-metal clients and tests. Work is a command stream in the format
 * of uapi/linux/gpuslice_vgpu.h; it runs when the engine's runlist reaches
 * the channel. Closing the file destroys its channels.
 */

/* gpuslice_channel_create.engine: 0 computes, 1..copy_engines copy. */
#define GPUSLICE_ENGINE_COMPUTE		0

/**
 * struct gpuslice_channel_create - GPUSLICE_IOCTL_CHANNEL_CREATE
 * @argsz:	in: size of this structure
 * @flags:	in: must be zero
 * @engine:	in: engine index (GPUSLICE_ENGINE_COMPUTE or a copy engine)
 * @sm_count:	in: SMs the channel owns on the compute engine, 0 for all;
 *		compute runs proportionally slower with fewer
 * @vram_offset: in: start of the framebuffer window its commands address
 * @vram_size:	in: size of the window, 0 for the rest of the framebuffer
 * @channel:	out: channel id, for the other channel ioctls
 * @gpu_instance: in: 0 on a GPU without a MIG layout; on one with a
 *		layout, N (from 1) to create the channel inside GPU instance
 *		N: GPUSLICE_ENGINE_COMPUTE is then that instance's compute
 *		engine, @sm_count 0 means all of its SMs, and @vram_offset
 *		and @vram_size address its framebuffer
 *
 * Fails with EINVAL for an unknown engine, too many SMs, a window outside
 * the framebuffer, or a @gpu_instance that does not exist (including 0 on
 * a GPU with a MIG layout: it has no whole-GPU channels).
 */
struct gpuslice_channel_create {
	__u32 argsz;
	__u32 flags;
	__u32 engine;
	__u32 sm_count;
	__u64 vram_offset;
	__u64 vram_size;
	__u32 channel;
	__u32 gpu_instance;
};

/**
 * struct gpuslice_channel_destroy - GPUSLICE_IOCTL_CHANNEL_DESTROY
 * @argsz:	in: size of this structure
 * @flags:	in: must be zero
 * @channel:	in: channel id; its queued work is dropped
 * @reserved0:	must be zero
 */
struct gpuslice_channel_destroy {
	__u32 argsz;
	__u32 flags;
	__u32 channel;
	__u32 reserved0;
};

/* Most command words one GPUSLICE_IOCTL_SUBMIT takes. */
#define GPUSLICE_SUBMIT_MAX_DW		4096

/**
 * struct gpuslice_submit - GPUSLICE_IOCTL_SUBMIT
 * @argsz:	in: size of this structure
 * @flags:	in: must be zero
 * @channel:	in: channel id
 * @ndw:	in: number of 32-bit command words, 1..GPUSLICE_SUBMIT_MAX_DW
 * @cmds:	in: user pointer to the command words
 *
 * Fails with EAGAIN when the channel's queue is full (wait and retry) and
 * EIO once the channel has faulted.
 */
struct gpuslice_submit {
	__u32 argsz;
	__u32 flags;
	__u32 channel;
	__u32 ndw;
	__u64 cmds;
};

/**
 * struct gpuslice_wait - GPUSLICE_IOCTL_WAIT
 * @argsz:	in: size of this structure
 * @flags:	in: must be zero
 * @channel:	in: channel id
 * @timeout_ms:	in: how long to wait at most
 * @fence:	in: wait until the channel's fence reaches this value
 * @completed:	out: the channel's fence value
 * @busy_ns:	out: engine time the channel has used
 * @fault:	out: GPUSLICE_FAULT_* once the channel faulted, else 0
 * @reserved0:	must be zero
 *
 * Returns 0 once the fence is reached, ENODEV once the GPU is gone, EIO if
 * the channel faulted and ETIMEDOUT after @timeout_ms (the outputs are
 * filled in all four cases), and EINTR on a signal.
 */
struct gpuslice_wait {
	__u32 argsz;
	__u32 flags;
	__u32 channel;
	__u32 timeout_ms;
	__u64 fence;
	__u64 completed;
	__u64 busy_ns;
	__u32 fault;
	__u32 reserved0;
};

/**
 * struct gpuslice_sched_log_entry - one slice in the scheduler log
 * @seq:	sequence number, from 1, per engine
 * @timestamp_ns: when the slice ended (CLOCK_MONOTONIC)
 * @entity:	the scheduling entity (a vGPU's gpuslice/sched_id), 0 for an
 *		empty fixed-share slot
 * @reason:	GPUSLICE_SCHED_END_*
 * @target_ns:	the slice it was given
 * @ran_ns:	how long it lasted
 */
struct gpuslice_sched_log_entry {
	__u64 seq;
	__u64 timestamp_ns;
	__u32 entity;
	__u32 reason;
	__u64 target_ns;
	__u64 ran_ns;
};

#define GPUSLICE_SCHED_END_EXPIRED	1	/* its time was up */
#define GPUSLICE_SCHED_END_DRAINED	2	/* best effort: ran out of work */
#define GPUSLICE_SCHED_END_REMOVED	3	/* the entity went away */
#define GPUSLICE_SCHED_END_RESET	4	/* the engine was stopped */

/* Entries each engine's log keeps. */
#define GPUSLICE_SCHED_LOG_LEN		1024

/**
 * struct gpuslice_sched_log - GPUSLICE_IOCTL_SCHED_LOG
 * @argsz:	in: size of this structure
 * @flags:	in: must be zero
 * @engine:	in: engine index
 * @max_entries: in: room at @entries, 1..GPUSLICE_SCHED_LOG_LEN
 * @since_seq:	in: return entries after this sequence number (0: all kept)
 * @entries:	in: user pointer to @max_entries struct gpuslice_sched_log_entry
 * @count:	out: entries written, oldest first
 * @reserved0:	must be zero
 * @next_seq:	out: pass as @since_seq next time
 * @dropped:	out: entries after @since_seq the log no longer holds
 *
 * A reader that passes next_seq back loses nothing as long as it reads
 * before GPUSLICE_SCHED_LOG_LEN slices pass (about a second at 960 Hz).
 */
struct gpuslice_sched_log {
	__u32 argsz;
	__u32 flags;
	__u32 engine;
	__u32 max_entries;
	__u64 since_seq;
	__u64 entries;
	__u32 count;
	__u32 reserved0;
	__u64 next_seq;
	__u64 dropped;
};

#define GPUSLICE_IOCTL_CHANNEL_CREATE \
	_IOWR(GPUSLICE_IOCTL_TYPE, GPUSLICE_IOCTL_BASE + 1, struct gpuslice_channel_create)
#define GPUSLICE_IOCTL_CHANNEL_DESTROY \
	_IOW(GPUSLICE_IOCTL_TYPE, GPUSLICE_IOCTL_BASE + 2, struct gpuslice_channel_destroy)
#define GPUSLICE_IOCTL_SUBMIT \
	_IOW(GPUSLICE_IOCTL_TYPE, GPUSLICE_IOCTL_BASE + 3, struct gpuslice_submit)
#define GPUSLICE_IOCTL_WAIT \
	_IOWR(GPUSLICE_IOCTL_TYPE, GPUSLICE_IOCTL_BASE + 4, struct gpuslice_wait)
#define GPUSLICE_IOCTL_SCHED_LOG \
	_IOWR(GPUSLICE_IOCTL_TYPE, GPUSLICE_IOCTL_BASE + 5, struct gpuslice_sched_log)

#endif /* _UAPI_LINUX_GPUSLICE_H */
