/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The backend seam: the only way the gpuslice core touches hardware.
 *
 * A backend (the simulator in sim/, or a real GPU driver) describes each
 * physical GPU in a struct gpuslice_hw and hands it to
 * gpuslice_register_gpu(). The core never includes backend headers and a
 * backend never reaches into core state; everything crosses through the
 * structures below and the register map in gpuslice_hw_regs.h.
 */
#ifndef _GPUSLICE_HW_H
#define _GPUSLICE_HW_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/types.h>
#include <linux/uuid.h>

struct device;
struct page;
struct gpuslice_hw;
struct gpuslice_gpu;

/* Bumped whenever struct gpuslice_hw_ops or gpuslice_hw_info change. */
#define GPUSLICE_HW_ABI_VERSION		5

enum gpuslice_hw_mode {
	GPUSLICE_HW_MODE_COMPUTE,
	GPUSLICE_HW_MODE_GRAPHICS,
};

/**
 * struct gpuslice_hw_mig_profile - a GPU-instance profile of a MIG-capable GPU
 * @id: NVIDIA's GPU-instance profile id, as ``nvidia-smi mig -lgip`` shows
 * @name: profile name, e.g. "3g.40gb"
 * @compute_slices: compute slices (sevenths of the SMs) an instance owns
 * @memory_slices: memory slices (eighths of the framebuffer) it owns
 * @placements: bit N set: an instance may start at memory slice N; it then
 *	spans memory slices N .. N + @memory_slices - 1
 * @max_instances: most instances of this profile at once
 * @sm_count: SMs of an instance
 * @copy_engines: copy engines of an instance
 * @memory_mib: framebuffer of an instance; at most @memory_slices slices
 *	(gpuslice_hw_mig_slice_bytes())
 */
struct gpuslice_hw_mig_profile {
	u32 id;
	const char *name;
	u32 compute_slices;
	u32 memory_slices;
	u32 placements;
	u32 max_instances;
	u32 sm_count;
	u32 copy_engines;
	u32 memory_mib;
};

/**
 * struct gpuslice_hw_info - what a backend reports about one physical GPU
 * @model: model name, e.g. "h100-80gb"
 * @board: board name as vGPU type names use it, e.g. "H100XM"
 * @vbios_version: firmware version string
 * @uuid: stable identity of this GPU
 * @sm_count: streaming multiprocessors of the whole GPU
 * @memory_mib: framebuffer size
 * @copy_engines: copy engines
 * @decoders: video decoders
 * @compute_slices: MIG compute slices (SMs are split in this many)
 * @memory_slices: MIG memory slices (framebuffer is split in this many)
 * @total_vfs: SR-IOV virtual functions the GPU can expose
 * @mig_capable: the GPU can be partitioned MIG-style
 * @mig_profiles: its GPU-instance profiles, in the order tools list them;
 *	NULL unless @mig_capable
 * @num_mig_profiles: entries in @mig_profiles
 * @num_engines: engines in the register map; engine 0 is the compute and
 *	graphics engine, 1..@copy_engines are copy engines, and a MIG-capable
 *	GPU has @compute_slices - 1 more compute engines after them, one for
 *	each GPU instance but the first (gpuslice_hw_gi_engine())
 * @preempt_granularity_ns: longest a PREEMPT request waits for a boundary
 */
struct gpuslice_hw_info {
	const char *model;
	const char *board;
	const char *vbios_version;
	uuid_t uuid;
	u32 sm_count;
	u32 memory_mib;
	u32 copy_engines;
	u32 decoders;
	u32 compute_slices;
	u32 memory_slices;
	u32 total_vfs;
	bool mig_capable;
	const struct gpuslice_hw_mig_profile *mig_profiles;
	u32 num_mig_profiles;
	u32 num_engines;
	u32 preempt_granularity_ns;
};

/**
 * struct gpuslice_hw_gpu_instance - one GPU instance of a MIG layout
 * @profile: index in gpuslice_hw_info.mig_profiles
 * @start: first memory slice, one of the profile's placements
 *
 * GPU instance k of a layout owns memory slices @start .. @start +
 * memory_slices - 1, of which its contexts may use the profile's
 * memory_mib from the first on, the profile's SMs, and compute engine
 * gpuslice_hw_gi_engine(info, k). Instances compute in parallel.
 */
struct gpuslice_hw_gpu_instance {
	u32 profile;
	u32 start;
};

/* Bytes of one MIG memory slice. */
static inline u64 gpuslice_hw_mig_slice_bytes(const struct gpuslice_hw_info *info)
{
	return (u64)(info->memory_mib / info->memory_slices) << 20;
}

/* Compute engine of GPU instance @gi (0-based) of a MIG layout. */
static inline u32 gpuslice_hw_gi_engine(const struct gpuslice_hw_info *info,
					u32 gi)
{
	return gi ? info->copy_engines + gi : 0;
}

/**
 * struct gpuslice_hw_dma - how an engine reaches a context's system memory
 * @rw: copy @len bytes between @buf and I/O virtual address @iova (a
 *	guest address for a vGPU); 0 or a negative errno if @iova is not
 *	mapped. Called from the engine in process context.
 */
struct gpuslice_hw_dma {
	int (*rw)(struct gpuslice_hw_dma *dma, u64 iova, void *buf, size_t len,
		  bool write);
};

/**
 * struct gpuslice_hw_ctx_params - what a new engine context may use
 * @engine: engine index it runs on
 * @gpu_instance: 0 while no MIG layout is programmed; with one, k + 1 for
 *	GPU instance k, and then @engine must be that instance's compute
 *	engine or a copy engine, the window must lie in its memory and
 *	@sm_count must not exceed its SMs
 * @sm_count: SMs it owns on a compute engine (1..sm_count of the GPU);
 *	compute runs proportionally slower with fewer
 * @vram_base: start of its framebuffer window
 * @vram_size: size of the window; command addresses are window offsets
 * @dma: system memory the context may address with the GPUSLICE_MEM_*_SYSMEM
 *	flags, or NULL (such commands then fault with GPUSLICE_FAULT_DMA)
 */
struct gpuslice_hw_ctx_params {
	u32 engine;
	u32 gpu_instance;
	u32 sm_count;
	u64 vram_base;
	u64 vram_size;
	struct gpuslice_hw_dma *dma;
};

/* gpuslice_hw_ctx.events: what happened to the context since last read. */
#define GPUSLICE_HW_CTX_EV_FENCE	BIT(0)	/* a FENCE with IRQ signalled */
#define GPUSLICE_HW_CTX_EV_FAULT	BIT(1)	/* the context faulted */

/**
 * struct gpuslice_hw_ctx - the part of a backend's context the core reads
 * @id: the id ENG_CTX and ENG_DOORBELL take
 * @fence: last fence value the context signalled
 * @fault: GPUSLICE_FAULT_* once the context faulted, else 0; a faulted
 *	context executes nothing more
 * @busy_ns: engine time the context has consumed
 * @events: GPUSLICE_HW_CTX_EV_* bits, set before the engine raises the
 *	matching interrupt cause; the core takes them with atomic_xchg()
 *
 * The backend writes @fence, @fault and @busy_ns; the core only reads them.
 */
struct gpuslice_hw_ctx {
	u32 id;
	atomic64_t fence;
	atomic_t fault;
	atomic64_t busy_ns;
	atomic_t events;
};

/**
 * struct gpuslice_hw_ops - operations a backend implements
 * @reg_read: read a 32-bit register of BAR0 (gpuslice_hw_regs.h). Any
 *	context, including hard interrupt context.
 * @reg_write: write a 32-bit register, with its side effects. Any context.
 * @vram_page: the host page backing framebuffer byte @offset, allocated on
 *	first use when @alloc; NULL if unallocated and !@alloc, ERR_PTR on
 *	failure. Process context.
 * @vram_scrub: zero @size bytes of framebuffer from @offset (page aligned),
 *	releasing what backs them; no context may be using the range.
 * @ctx_create: a new context on an engine, or ERR_PTR. Process context.
 * @ctx_destroy: free a context that no engine has loaded.
 * @submit: append @ndw command words to @ctx's queue and ring the
 *	engine's doorbell. Returns -ENOSPC when the queue is full and -EIO
 *	when the context has faulted. Process context.
 * @set_mode: switch between compute and graphics personality, with no vGPU
 *	and no VF present. Optional.
 * @sriov_configure: enable @num_vfs virtual functions in hardware, or
 *	disable them all with 0. The core has checked @num_vfs against
 *	total_vfs and enables only from 0. Returns 0 or a negative errno.
 * @mig_program: partition the GPU into the @count GPU instances of @gis,
 *	or make it one whole GPU again with 0. No context exists; the core
 *	has checked the layout against mig_profiles (placements, overlap,
 *	compute slices, maxima). Returns 0 or a negative errno, and on error
 *	the previous layout stays. Required when mig_capable.
 *
 * Contexts are loaded, preempted and reset through the engine registers.
 */
struct gpuslice_hw_ops {
	u32 (*reg_read)(struct gpuslice_hw *hw, u32 offset);
	void (*reg_write)(struct gpuslice_hw *hw, u32 offset, u32 value);
	struct page *(*vram_page)(struct gpuslice_hw *hw, u64 offset,
				  bool alloc);
	void (*vram_scrub)(struct gpuslice_hw *hw, u64 offset, u64 size);
	struct gpuslice_hw_ctx *(*ctx_create)(struct gpuslice_hw *hw,
					      const struct gpuslice_hw_ctx_params *params);
	void (*ctx_destroy)(struct gpuslice_hw *hw, struct gpuslice_hw_ctx *ctx);
	int (*submit)(struct gpuslice_hw *hw, struct gpuslice_hw_ctx *ctx,
		      const u32 *cmds, size_t ndw);
	int (*set_mode)(struct gpuslice_hw *hw, enum gpuslice_hw_mode mode);
	int (*sriov_configure)(struct gpuslice_hw *hw, u32 num_vfs);
	int (*mig_program)(struct gpuslice_hw *hw,
			   const struct gpuslice_hw_gpu_instance *gis,
			   u32 count);
};

/**
 * struct gpuslice_hw - one physical GPU as a backend hands it to the core
 * @dev: the backend's device; the core's gpuN device becomes its child
 * @ops: backend operations
 * @info: identity and geometry, constant while registered
 * @irq: the Linux interrupt the GPU raises (the core request_irq()s it)
 * @gpu: the core's object, set by gpuslice_register_gpu(); backend must not
 *	dereference it
 */
struct gpuslice_hw {
	struct device *dev;
	const struct gpuslice_hw_ops *ops;
	struct gpuslice_hw_info info;
	unsigned int irq;
	struct gpuslice_gpu *gpu;
};

int gpuslice_register_gpu(struct gpuslice_hw *hw);
void gpuslice_unregister_gpu(struct gpuslice_hw *hw);

#endif /* _GPUSLICE_HW_H */
