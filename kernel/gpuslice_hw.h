/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The backend seam: the only way the gpuslice core touches hardware.
 *
 * A backend (the simulator in sim/, or a real GPU driver) describes each
 * physical GPU in a struct gpuslice_hw and hands it to
 * gpuslice_register_gpu(). The core never includes backend headers and a
 * backend never reaches into core state; everything crosses through the
 * structures below.
 */
#ifndef _GPUSLICE_HW_H
#define _GPUSLICE_HW_H

#include <linux/types.h>
#include <linux/uuid.h>

struct device;
struct gpuslice_hw;
struct gpuslice_gpu;

/* Bumped whenever struct gpuslice_hw_ops or gpuslice_hw_info change. */
#define GPUSLICE_HW_ABI_VERSION		1

enum gpuslice_hw_mode {
	GPUSLICE_HW_MODE_COMPUTE,
	GPUSLICE_HW_MODE_GRAPHICS,
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
};

/**
 * struct gpuslice_hw_ops - operations a backend implements
 * @set_mode: switch the GPU between compute and graphics personality.
 *	Called with no vGPU and no VF present. Optional: without it the mode
 *	is a core-side setting only. Returns 0 or a negative errno.
 *
 * Callbacks are called in process context and may sleep unless noted.
 */
struct gpuslice_hw_ops {
	int (*set_mode)(struct gpuslice_hw *hw, enum gpuslice_hw_mode mode);
};

/**
 * struct gpuslice_hw - one physical GPU as a backend hands it to the core
 * @dev: the backend's device; the core's gpuN device becomes its child
 * @ops: backend operations
 * @info: identity and geometry, constant while registered
 * @gpu: the core's object, set by gpuslice_register_gpu(); backend must not
 *	dereference it
 */
struct gpuslice_hw {
	struct device *dev;
	const struct gpuslice_hw_ops *ops;
	struct gpuslice_hw_info info;
	struct gpuslice_gpu *gpu;
};

int gpuslice_register_gpu(struct gpuslice_hw *hw);
void gpuslice_unregister_gpu(struct gpuslice_hw *hw);

#endif /* _GPUSLICE_HW_H */
