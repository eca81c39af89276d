/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gpuslice core: private declarations shared by the core's files.
 */
#ifndef _GPUSLICE_CORE_H
#define _GPUSLICE_CORE_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/kref.h>
#include <linux/mdev.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <linux/gpuslice.h>

#include "gpuslice_hw.h"
#include "gpuslice_hw_regs.h"

#define DRV_NAME		"gpuslice"
#define GPUSLICE_VERSION	"0.1.0"
#define GPUSLICE_MAX_GPUS	64

struct gpuslice_channel;
struct gpuslice_vf;

#define GPUSLICE_MAX_TYPES	16

/**
 * struct gpuslice_vgpu_type - one entry of the vGPU type catalogue
 * @id: stable numeric id (mdev type gpuslice-<id>)
 * @name: e.g. "H100-4C"
 * @fb_mib: framebuffer
 * @max_equal: maximum instances in homogeneous (equal-size) mode
 * @max_mixed: maximum instances in heterogeneous (mixed-size) mode
 */
struct gpuslice_vgpu_type {
	u32 id;
	const char *name;
	u32 fb_mib;
	u32 max_equal;
	u32 max_mixed;
};

enum gpuslice_vgpu_mode {
	GPUSLICE_VGPU_HOMOGENEOUS,
	GPUSLICE_VGPU_HETEROGENEOUS,
};

/**
 * struct gpuslice_placement - where a vGPU's framebuffer went
 * @first: first slot (homogeneous) or unit (heterogeneous)
 * @count: slots or units taken
 * @offset: framebuffer offset in bytes
 * @size: framebuffer size in bytes
 */
struct gpuslice_placement {
	u32 first;
	u32 count;
	u64 offset;
	u64 size;
};

enum gpuslice_sched_policy {
	GPUSLICE_SCHED_BEST_EFFORT,
	GPUSLICE_SCHED_EQUAL_SHARE,
	GPUSLICE_SCHED_FIXED_SHARE,
};

/* Scheduler parameter ranges (NVIDIA's, see Documentation/scheduler.rst). */
#define GPUSLICE_SCHED_FREQ_MIN		63
#define GPUSLICE_SCHED_FREQ_MAX		960
#define GPUSLICE_SCHED_SLICE_MIN_US	1000
#define GPUSLICE_SCHED_SLICE_MAX_US	30000
#define GPUSLICE_SCHED_AVG_MIN		1
#define GPUSLICE_SCHED_AVG_MAX		60
#define GPUSLICE_SCHED_AVG_DEFAULT	33
#define GPUSLICE_SCHED_WEIGHT_MAX	100

/**
 * struct gpuslice_sched_params - a GPU's scheduler settings
 * @policy: best effort, equal share or fixed share
 * @frequency_hz: slices per second when @timeslice_us is 0; 0 for the
 *	default (480 Hz, or 960 Hz once a type allowing more than 8 vGPUs
 *	is in use)
 * @timeslice_us: an explicit slice, or 0
 * @averaging_factor: adaptive round robin's averaging factor
 */
struct gpuslice_sched_params {
	enum gpuslice_sched_policy policy;
	u32 frequency_hz;
	u32 timeslice_us;
	u32 averaging_factor;
};

/**
 * struct gpuslice_sched_entity - what the scheduler runs: a vGPU or a
 * bare-metal channel. Outlives the channels its owner creates for it, so
 * settings and statistics survive a reset. All fields: GPU lock.
 * @id: unique on its GPU, the entity in the scheduler log
 * @weight: 1..100; slices scale by @weight / @weight_default
 * @weight_default: the type's weight (100 / its maximum instances)
 * @max_instances: the type's maximum: fixed share gives 1 / this
 * @overshoot_ns: accrued overshoot adaptive round robin pays back
 * @runtime_ns: time in slices it ran in
 * @slices: slices it ran in
 * @preemptions: times it was preempted with work left
 * @wait_ns: time it had work but no engine
 * @wait_since: when it started waiting, if @waiting
 * @waiting: has work and is not running
 */
struct gpuslice_sched_entity {
	u32 id;
	u32 weight;
	u32 weight_default;
	u32 max_instances;
	u64 overshoot_ns;
	u64 runtime_ns;
	u64 slices;
	u64 preemptions;
	u64 wait_ns;
	ktime_t wait_since;
	bool waiting;
};

/**
 * struct gpuslice_engine - the core's scheduling state of one engine
 * @gpu: owner
 * @index: engine index in the register map
 * @work: reacts to interrupts and slice ends
 * @slice_timer: ends the current slice
 * @entities: channels on this engine, in round-robin order
 * @cur: channel loaded on the engine, or NULL
 * @slot: whose slice runs (an idle channel's under strict policies), NULL
 *	for none or an empty fixed-share slot
 * @in_slice: a slice is running (@slice_timer armed)
 * @preempting: a PREEMPT is outstanding
 * @slice_start: when the slice began
 * @slice_target_ns: how long it was given
 * @fixed_pos: position in the fixed-share round
 * @end_reason: why the slice being preempted ends
 * @preempted_at: when the last PREEMPTED interrupt arrived
 * @log: the last GPUSLICE_SCHED_LOG_LEN slices
 * @log_seq: sequence number of the newest entry
 *
 * Everything but @preempted_at is protected by the GPU's lock.
 */
struct gpuslice_engine {
	struct gpuslice_gpu *gpu;
	u32 index;
	struct work_struct work;
	struct hrtimer slice_timer;
	struct list_head entities;
	struct gpuslice_channel *cur;
	struct gpuslice_channel *slot;
	bool in_slice;
	bool preempting;
	ktime_t slice_start;
	u64 slice_target_ns;
	u32 fixed_pos;
	u32 end_reason;
	atomic64_t preempted_at;
	struct gpuslice_sched_log_entry *log;
	u64 log_seq;
};

/* Most GPU instances a MIG layout has (one per compute slice). */
#define GPUSLICE_MAX_GIS	8

/**
 * struct gpuslice_gpu - the core's view of one physical GPU
 * @dev: class device gpuN; its release() frees this structure
 * @cdev: control node /dev/gpuslice/gpuN
 * @index: N
 * @lock: protects @hw, @mode, @channels, the MIG layout and the engines'
 *	scheduling state
 * @hw: the backend's GPU; NULL once unregistered (open control files then
 *	get -ENODEV)
 * @mode: current personality
 * @channels: every live channel on the GPU
 * @engines: one per engine of the register map
 * @num_engines: entries in @engines
 * @fence_wq: woken on fence, idle and fault interrupts and on removal
 * @gis: the MIG layout's GPU instances, in creation order (their engines,
 *	SMs and framebuffer follow from these: __gpuslice_mig_bounds())
 * @num_gis: entries in @gis; 0 while the GPU is one whole partition
 * @sriov_lock: serialises enabling and disabling VFs
 * @vfs: the VF devices, @num_vfs of them (GPU lock)
 * @num_vfs: enabled VFs (GPU lock)
 * @vfs_changing: VFs are being disabled; no new vGPU (GPU lock)
 * @types: the vGPU type catalogue of this model
 * @nr_types: entries in @types
 * @vgpu_mode: homogeneous or heterogeneous (GPU lock)
 * @nr_vgpus: vGPUs on the GPU (GPU lock)
 * @type_count: vGPUs of each type (GPU lock)
 * @homog_type: the type in use in homogeneous mode (GPU lock)
 * @slots_used: homogeneous placement bitmap (GPU lock)
 * @units: 5120 MiB units of the framebuffer
 * @units_used: heterogeneous placement bitmap (GPU lock)
 * @sched: scheduler settings (GPU lock)
 * @sched_next_id: next scheduling entity id (GPU lock)
 * @sched_busy_ns: compute-engine time of channels that are gone (GPU lock)
 * @sched_switches: context switches (GPU lock)
 * @sched_cpu_ns: time the scheduler itself ran (GPU lock)
 * @sched_since: when the GPU was registered
 * @irq_handled: interrupts with a cause
 * @irq_spurious: interrupts with nothing pending
 * @irq_errors: device error interrupts
 * @debugfs: /sys/kernel/debug/gpuslice/gpuN
 */
struct gpuslice_gpu {
	struct device dev;
	struct cdev cdev;
	unsigned int index;

	struct mutex lock;	/* protects hw, mode, channels, gis, runlists */
	struct gpuslice_hw *hw;
	enum gpuslice_hw_mode mode;
	struct list_head channels;

	struct gpuslice_engine *engines;
	u32 num_engines;
	wait_queue_head_t fence_wq;

	struct gpuslice_hw_gpu_instance gis[GPUSLICE_MAX_GIS];
	u32 num_gis;

	struct mutex sriov_lock;	/* serialises VF enable and disable */
	struct gpuslice_vf **vfs;
	u32 num_vfs;
	bool vfs_changing;

	const struct gpuslice_vgpu_type *types;
	u32 nr_types;
	enum gpuslice_vgpu_mode vgpu_mode;
	u32 nr_vgpus;
	u32 type_count[GPUSLICE_MAX_TYPES];
	u32 homog_type;
	unsigned long slots_used;
	u32 units;
	unsigned long units_used;

	struct gpuslice_sched_params sched;
	u32 sched_next_id;
	u64 sched_busy_ns;
	u64 sched_switches;
	u64 sched_cpu_ns;
	ktime_t sched_since;

	atomic64_t irq_handled;
	atomic64_t irq_spurious;
	atomic64_t irq_errors;
	struct dentry *debugfs;
};

/**
 * struct gpuslice_channel - a context on one engine, owned by an open file
 * @gpu: the GPU (its owner holds a reference to it)
 * @engine: where it runs
 * @notify: called in process context when the context reports
 *	GPUSLICE_HW_CTX_EV_* events, from the engine work (GPU lock held) or
 *	from gpuslice_channel_sync() (the caller's locks), each event once;
 *	two calls may run at the same time and must not sleep on locks the
 *	owner holds around channel calls
 * @priv: for @notify
 * @ref: held by the file's table and by ioctls using the channel
 * @id: id within its file
 * @gpu_link: entry in gpu->channels (GPU lock)
 * @run_link: entry in the engine's entities (GPU lock)
 * @pending: submitted work the engine may not have drained (GPU lock)
 * @se: its scheduling entity (the owner's, or @own_se)
 * @own_se: the entity of a bare-metal channel
 * @lock: protects @ctx and the final_* copies against removal
 * @ctx: the backend context; NULL once the GPU is gone
 * @final_fence: fence value when the GPU went away
 * @final_busy_ns: engine time when the GPU went away
 * @final_fault: fault when the GPU went away
 */
struct gpuslice_channel {
	struct gpuslice_gpu *gpu;
	struct gpuslice_engine *engine;
	void (*notify)(struct gpuslice_channel *chan, u32 events);
	void *priv;
	struct kref ref;
	u32 id;
	struct list_head gpu_link;
	struct list_head run_link;
	bool pending;
	struct gpuslice_sched_entity *se;
	struct gpuslice_sched_entity own_se;

	spinlock_t lock;	/* protects ctx and the final_* copies */
	struct gpuslice_hw_ctx *ctx;
	u64 final_fence;
	u64 final_busy_ns;
	u32 final_fault;
};

/**
 * struct gpuslice_mtype - an mdev type of one VF (never shared: the mdev
 * core embeds a kobject in it)
 * @mtype: what the mdev core sees
 * @index: the type's index in gpu->types
 * @sysfs_name: "<id>", so the directory is gpuslice-<id>
 */
struct gpuslice_mtype {
	struct mdev_type mtype;
	u32 index;
	char sysfs_name[12];
};

/**
 * struct gpuslice_vf - an SR-IOV virtual function: device gpuN-vfM on the
 * gpuslice bus and an mdev parent holding at most one vGPU
 * @dev: the device; its release() frees the types
 * @gpu: the physical GPU (the device's parent)
 * @index: M
 * @probe_err: why probe failed
 * @parent: mdev parent state
 * @mtypes: this VF's type objects, one per catalogue entry
 * @mtype_ptrs: the array mdev_register_parent() takes
 * @vgpu: the vGPU on this VF, or NULL (GPU lock)
 */
struct gpuslice_vf {
	struct device dev;
	struct gpuslice_gpu *gpu;
	u32 index;
	int probe_err;
	struct mdev_parent parent;
	struct gpuslice_mtype *mtypes;
	struct mdev_type **mtype_ptrs;
	struct gpuslice_vgpu *vgpu;
};

static inline struct gpuslice_gpu *to_gpuslice_gpu(struct device *dev)
{
	return container_of(dev, struct gpuslice_gpu, dev);
}

static inline u32 gpuslice_reg_read(struct gpuslice_gpu *gpu, u32 offset)
{
	return gpu->hw->ops->reg_read(gpu->hw, offset);
}

static inline void gpuslice_reg_write(struct gpuslice_gpu *gpu, u32 offset,
				      u32 value)
{
	gpu->hw->ops->reg_write(gpu->hw, offset, value);
}

static inline u32 gpuslice_eng_read(struct gpuslice_engine *eng, u32 reg)
{
	return gpuslice_reg_read(eng->gpu, GPUSLICE_REG_ENGINE(eng->index) + reg);
}

static inline void gpuslice_eng_write(struct gpuslice_engine *eng, u32 reg,
				      u32 value)
{
	gpuslice_reg_write(eng->gpu, GPUSLICE_REG_ENGINE(eng->index) + reg,
			   value);
}

extern struct class gpuslice_class;
extern const struct attribute_group *gpuslice_gpu_groups[];
extern const struct file_operations gpuslice_ctl_fops;
extern struct workqueue_struct *gpuslice_wq;

/* gpu.c */
int gpuslice_gpu_init(void);
void gpuslice_gpu_exit(void);

/* irq.c */
irqreturn_t gpuslice_gpu_isr(int irq, void *data);

/* sched.c */
int gpuslice_engines_init(struct gpuslice_gpu *gpu);
void gpuslice_engines_exit(struct gpuslice_gpu *gpu);
void gpuslice_engines_stop(struct gpuslice_gpu *gpu);
void __gpuslice_engine_schedule(struct gpuslice_engine *eng);
void __gpuslice_engine_notify(struct gpuslice_engine *eng);
void __gpuslice_engine_add(struct gpuslice_engine *eng,
			   struct gpuslice_channel *chan);
void __gpuslice_engine_submitted(struct gpuslice_engine *eng,
				 struct gpuslice_channel *chan);
void __gpuslice_engine_remove(struct gpuslice_engine *eng,
			      struct gpuslice_channel *chan);
void __gpuslice_sched_entity_init(struct gpuslice_gpu *gpu,
				  struct gpuslice_sched_entity *se,
				  u32 max_instances);
void gpuslice_sched_params_init(struct gpuslice_gpu *gpu);
u64 gpuslice_sched_base_ns(struct gpuslice_gpu *gpu);
void __gpuslice_sched_forgive(struct gpuslice_gpu *gpu);
int gpuslice_sched_param_init(void);
long gpuslice_sched_log_ioctl(struct gpuslice_gpu *gpu, void __user *arg);
extern const struct attribute_group gpuslice_sched_group;

/* channel.c */
/**
 * struct gpuslice_channel_params - what gpuslice_channel_new() creates
 * @engine: GPUSLICE_ENGINE_COMPUTE or a copy engine
 * @gpu_instance: 0, or N to run inside GPU instance N of the MIG layout
 *	(then the compute engine is the instance's, and SMs and window are
 *	within the instance)
 * @sm_count: SMs on the compute engine, 0 for all
 * @vram_offset: start of the framebuffer window
 * @vram_size: its size, 0 for the rest of the framebuffer
 * @dma: system memory access for GPUSLICE_MEM_*_SYSMEM commands, or NULL
 * @notify: event callback (see struct gpuslice_channel), or NULL
 * @priv: for @notify
 * @se: scheduling entity the owner keeps, or NULL for the channel's own
 *	(weight 100, whole-GPU share)
 */
struct gpuslice_channel_params {
	u32 engine;
	u32 gpu_instance;
	u32 sm_count;
	u64 vram_offset;
	u64 vram_size;
	struct gpuslice_hw_dma *dma;
	void (*notify)(struct gpuslice_channel *chan, u32 events);
	void *priv;
	struct gpuslice_sched_entity *se;
};

struct gpuslice_channel *
gpuslice_channel_new(struct gpuslice_gpu *gpu,
		     const struct gpuslice_channel_params *params);
void gpuslice_channel_del(struct gpuslice_channel *chan);
void gpuslice_channel_put(struct gpuslice_channel *chan);
int gpuslice_channel_submit(struct gpuslice_channel *chan, const u32 *cmds,
			    u32 ndw);
bool gpuslice_channel_state(struct gpuslice_channel *chan, u64 *fence,
			    u64 *busy_ns, u32 *fault);
void gpuslice_channel_sync(struct gpuslice_channel *chan);
struct gpuslice_ctl_file;
struct gpuslice_ctl_file *gpuslice_ctl_file_new(struct gpuslice_gpu *gpu);
void gpuslice_ctl_file_del(struct gpuslice_ctl_file *cfile);
struct gpuslice_gpu *gpuslice_ctl_file_gpu(struct gpuslice_ctl_file *cfile);
long gpuslice_channel_create_ioctl(struct gpuslice_ctl_file *cfile,
				   void __user *arg);
long gpuslice_channel_destroy_ioctl(struct gpuslice_ctl_file *cfile,
				    void __user *arg);
long gpuslice_submit_ioctl(struct gpuslice_ctl_file *cfile, void __user *arg);
long gpuslice_wait_ioctl(struct gpuslice_ctl_file *cfile, void __user *arg);
void __gpuslice_channels_orphan(struct gpuslice_gpu *gpu);

/* types.c */
int gpuslice_types_init(struct gpuslice_gpu *gpu);
u32 __gpuslice_type_available(struct gpuslice_gpu *gpu, u32 t);
int __gpuslice_type_place(struct gpuslice_gpu *gpu, u32 t,
			  struct gpuslice_placement *place);
void __gpuslice_type_unplace(struct gpuslice_gpu *gpu, u32 t,
			     const struct gpuslice_placement *place);
u64 __gpuslice_types_used_mib(struct gpuslice_gpu *gpu);

/* sriov.c */
extern const struct attribute_group gpuslice_sriov_group;
int gpuslice_vf_bus_init(void);
void gpuslice_vf_bus_exit(void);
void gpuslice_sriov_exit(struct gpuslice_gpu *gpu);

/* vgpu.c */
struct gpuslice_vgpu;
extern struct mdev_driver gpuslice_mdev_driver;

/* mig.c */
/**
 * struct gpuslice_mig_bounds - what a channel may use: the whole GPU, or
 * one GPU instance of a MIG layout
 * @compute_engine: engine GPUSLICE_ENGINE_COMPUTE means
 * @sm_count: SMs
 * @vram_offset: start of the framebuffer
 * @vram_size: size of the framebuffer
 */
struct gpuslice_mig_bounds {
	u32 compute_engine;
	u32 sm_count;
	u64 vram_offset;
	u64 vram_size;
};

int __gpuslice_mig_bounds(struct gpuslice_gpu *gpu, u32 gpu_instance,
			  struct gpuslice_mig_bounds *bounds);
int gpuslice_mig_program(struct gpuslice_gpu *gpu,
			 const struct gpuslice_hw_gpu_instance *gis, u32 count);
bool gpuslice_mig_info_valid(const struct gpuslice_hw *hw);

/* debugfs.c */
void gpuslice_debugfs_init(void);
void gpuslice_debugfs_exit(void);
void gpuslice_gpu_debugfs_init(struct gpuslice_gpu *gpu);
void gpuslice_gpu_debugfs_exit(struct gpuslice_gpu *gpu);

#endif /* _GPUSLICE_CORE_H */
