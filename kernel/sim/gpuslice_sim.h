/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gpuslice_sim: private declarations of the simulated GPU backend.
 */
#ifndef _GPUSLICE_SIM_H
#define _GPUSLICE_SIM_H

#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "gpuslice_hw.h"
#include "gpuslice_hw_regs.h"

#define DRV_NAME		"gpuslice_sim"
#define GPUSLICE_SIM_MAX_ID	255

/* Words a context's command queue holds (a power of two). */
#define GPUSLICE_SIM_QUEUE_DW	16384
/* Longest command the engines accept, in words. */
#define GPUSLICE_SIM_MAX_CMD_DW	16
/* Memory commands run in chunks of this many bytes between preemption
 * checks.
 */
#define GPUSLICE_SIM_CHUNK	SZ_1M
/* Compute preempts at multiples of this much engine time. */
#define GPUSLICE_SIM_PREEMPT_NS	(100 * NSEC_PER_USEC)
/* MIG geometry of every model: SMs in sevenths, framebuffer in eighths. */
#define GPUSLICE_SIM_COMPUTE_SLICES	7
#define GPUSLICE_SIM_MEMORY_SLICES	8

/**
 * struct gpuslice_sim_model - published geometry of one simulated board
 *
 * Models are data: every behaviour difference between boards comes from
 * these numbers (see Documentation/simulator.rst for their sources).
 */
struct gpuslice_sim_model {
	const char *name;
	const char *board;
	const char *vbios_version;
	u32 sm_count;
	u32 memory_mib;
	u32 copy_engines;
	u32 decoders;
	u32 total_vfs;
	const struct gpuslice_hw_mig_profile *mig_profiles;
	u32 num_mig_profiles;
};

struct gpuslice_sim_dev;

/**
 * struct gpuslice_sim_gi - a GPU instance as the hardware enforces it
 * @profile: its GPU-instance profile (SMs)
 * @engine: its compute engine
 * @vram_base: start of its framebuffer
 * @vram_size: framebuffer its contexts may use
 */
struct gpuslice_sim_gi {
	const struct gpuslice_hw_mig_profile *profile;
	u32 engine;
	u64 vram_base;
	u64 vram_size;
};

/**
 * struct gpuslice_sim_ctx - a context: its queue and saved engine state
 * @hw: the part the core reads (id, fence, fault, busy time)
 * @engine: the engine it runs on
 * @sm_count: SMs it owns (compute timing)
 * @vram_base: start of its framebuffer window
 * @vram_size: size of the window
 * @dma: how commands reach system memory, or NULL
 * @queue: command words, GPUSLICE_SIM_QUEUE_DW of them
 * @head: next word the engine executes (free-running, masked on access)
 * @tail: next word submit writes
 * @compute_left_ns: rest of a preempted COMPUTE
 * @op_done: bytes a preempted memory command already processed
 *
 * @queue through @op_done are protected by the engine's lock.
 */
struct gpuslice_sim_ctx {
	struct gpuslice_hw_ctx hw;
	struct gpuslice_sim_engine *engine;
	u32 sm_count;
	u64 vram_base;
	u64 vram_size;
	struct gpuslice_hw_dma *dma;

	u32 *queue;
	u32 head;
	u32 tail;
	u64 compute_left_ns;
	u64 op_done;
};

/**
 * struct gpuslice_sim_engine - one engine: a state machine that executes
 * the loaded context's queue from a work item, with an hrtimer timing the
 * compute model
 */
struct gpuslice_sim_engine {
	struct gpuslice_sim_dev *sdev;
	u32 index;
	u32 class;
	struct work_struct work;
	struct hrtimer timer;

	/* protects everything below and the queues of this engine's contexts */
	spinlock_t lock;
	struct gpuslice_sim_ctx *cur;
	u32 ctx_reg;
	u32 status;
	u32 intr_status;
	u32 intr_mask;
	u32 fault_ctx;
	u32 fault_code;
	bool preempt_req;
	bool computing;
	bool timer_preempt;
	u32 compute_len;
	ktime_t compute_start;
	ktime_t compute_end;
	ktime_t busy_since;
};

/**
 * struct gpuslice_sim_dev - one simulated GPU, a device on the sim bus
 * @dev: bus device simN
 * @id: N, chosen by whoever wrote new_device
 * @model: board geometry
 * @hw: what the core sees
 * @list: entry in the bus's device list
 * @probe_err: why probe failed, for new_device to report
 * @engines: engine 0 computes, 1..copy_engines copy, and the rest are the
 *	compute engines of GPU instances 1..6 (gpuslice_hw_gi_engine())
 * @num_engines: 1 + copy engines, + 6 on a MIG-capable model
 * @contexts: context id -> struct gpuslice_sim_ctx
 * @mig_lock: protects @gis and @num_gis, and orders context creation
 *	against a layout change
 * @gis: the programmed MIG layout
 * @num_gis: GPU instances in it; 0: the GPU is one whole partition
 * @vram: page index -> struct page, allocated on first write
 * @vram_resident: pages allocated
 * @irq_domain: the GPU's interrupt controller (one line, hwirq 0)
 * @irq_fwnode: its firmware node
 * @irq_work: raises the line from any context
 * @lock: protects @intr_enable, @error_status and @num_vfs
 * @intr_enable: INTR_ENABLE
 * @error_status: ERROR_STATUS
 * @num_vfs: SRIOV_NUM_VFS
 * @fail_vram_alloc: debugfs: fail the next framebuffer page allocation
 * @fail_engine_cmd: debugfs: fault the next command an engine executes
 * @debugfs: /sys/kernel/debug/gpuslice_sim/simN
 */
struct gpuslice_sim_dev {
	struct device dev;
	unsigned int id;
	const struct gpuslice_sim_model *model;
	struct gpuslice_hw hw;
	struct list_head list;
	int probe_err;

	struct gpuslice_sim_engine *engines;
	u32 num_engines;
	struct xarray contexts;

	struct mutex mig_lock;	/* protects gis, num_gis */
	struct gpuslice_sim_gi gis[GPUSLICE_SIM_COMPUTE_SLICES];
	u32 num_gis;

	struct xarray vram;
	atomic64_t vram_resident;

	struct irq_domain *irq_domain;
	struct fwnode_handle *irq_fwnode;
	struct irq_work irq_work;

	spinlock_t lock;	/* protects intr_enable, error_status, num_vfs */
	bool intr_enable;
	u32 error_status;
	u32 num_vfs;

	bool fail_vram_alloc;
	bool fail_engine_cmd;
	struct dentry *debugfs;
};

static inline struct gpuslice_sim_dev *to_gpuslice_sim_dev(struct device *dev)
{
	return container_of(dev, struct gpuslice_sim_dev, dev);
}

static inline struct gpuslice_sim_dev *hw_to_sim(struct gpuslice_hw *hw)
{
	return container_of(hw, struct gpuslice_sim_dev, hw);
}

extern struct workqueue_struct *gpuslice_sim_wq;

/* models.c */
const struct gpuslice_sim_model *gpuslice_sim_model_find(const char *name);
int gpuslice_sim_models_print(char *buf, size_t size);

/* dev.c */
int gpuslice_sim_dev_probe(struct gpuslice_sim_dev *sdev);
void gpuslice_sim_dev_remove(struct gpuslice_sim_dev *sdev);

/* bus.c */
int gpuslice_sim_bus_init(void);
void gpuslice_sim_bus_exit(void);
int gpuslice_sim_bus_dev_new(unsigned int id, const char *model_name);

/* irq.c */
int gpuslice_sim_irq_init(struct gpuslice_sim_dev *sdev);
void gpuslice_sim_irq_exit(struct gpuslice_sim_dev *sdev);
void gpuslice_sim_irq_raise(struct gpuslice_sim_dev *sdev);
void gpuslice_sim_irq_update(struct gpuslice_sim_dev *sdev);
u32 gpuslice_sim_irq_status(struct gpuslice_sim_dev *sdev);

/* regs.c */
u32 gpuslice_sim_reg_read(struct gpuslice_hw *hw, u32 offset);
void gpuslice_sim_reg_write(struct gpuslice_hw *hw, u32 offset, u32 value);
int gpuslice_sim_sriov_configure(struct gpuslice_hw *hw, u32 num_vfs);

/* vram.c */
void gpuslice_sim_vram_init(struct gpuslice_sim_dev *sdev);
void gpuslice_sim_vram_exit(struct gpuslice_sim_dev *sdev);
struct page *gpuslice_sim_vram_page(struct gpuslice_hw *hw, u64 offset,
				    bool alloc);
int gpuslice_sim_vram_fill(struct gpuslice_sim_dev *sdev, u64 dst, u64 size,
			   u32 pattern);
int gpuslice_sim_vram_crc32(struct gpuslice_sim_dev *sdev, u64 src, u64 size,
			    u32 *crc);
int gpuslice_sim_vram_rw(struct gpuslice_sim_dev *sdev, u64 offset,
			 void *buf, size_t len, bool write);
void gpuslice_sim_vram_scrub(struct gpuslice_hw *hw, u64 offset, u64 size);

/* engine.c */
int gpuslice_sim_engines_init(struct gpuslice_sim_dev *sdev);
void gpuslice_sim_engines_exit(struct gpuslice_sim_dev *sdev);
u32 gpuslice_sim_engine_reg_read(struct gpuslice_sim_engine *eng, u32 reg);
void gpuslice_sim_engine_reg_write(struct gpuslice_sim_engine *eng, u32 reg,
				   u32 value);
u32 gpuslice_sim_engine_pending(struct gpuslice_sim_engine *eng);
struct gpuslice_hw_ctx *
gpuslice_sim_ctx_create(struct gpuslice_hw *hw,
			const struct gpuslice_hw_ctx_params *params);
void gpuslice_sim_ctx_destroy(struct gpuslice_hw *hw,
			      struct gpuslice_hw_ctx *hw_ctx);
int gpuslice_sim_submit(struct gpuslice_hw *hw, struct gpuslice_hw_ctx *hw_ctx,
			const u32 *cmds, size_t ndw);
int gpuslice_sim_mig_program(struct gpuslice_hw *hw,
			     const struct gpuslice_hw_gpu_instance *gis,
			     u32 count);

/* debugfs.c */
void gpuslice_sim_debugfs_init(void);
void gpuslice_sim_debugfs_exit(void);
void gpuslice_sim_dev_debugfs_init(struct gpuslice_sim_dev *sdev);
void gpuslice_sim_dev_debugfs_exit(struct gpuslice_sim_dev *sdev);

#endif /* _GPUSLICE_SIM_H */
