/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gpuslice_sim: private declarations of the simulated GPU backend.
 */
#ifndef _GPUSLICE_SIM_H
#define _GPUSLICE_SIM_H

#include <linux/device.h>
#include <linux/list.h>

#include "gpuslice_hw.h"

#define DRV_NAME		"gpuslice_sim"
#define GPUSLICE_SIM_MAX_ID	255

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
};

/**
 * struct gpuslice_sim_dev - one simulated GPU, a device on the sim bus
 * @dev: bus device simN
 * @id: N, chosen by whoever wrote new_device
 * @model: board geometry
 * @hw: what the core sees
 * @list: entry in the bus's device list
 * @probe_err: why probe failed, for new_device to report
 */
struct gpuslice_sim_dev {
	struct device dev;
	unsigned int id;
	const struct gpuslice_sim_model *model;
	struct gpuslice_hw hw;
	struct list_head list;
	int probe_err;
};

static inline struct gpuslice_sim_dev *to_gpuslice_sim_dev(struct device *dev)
{
	return container_of(dev, struct gpuslice_sim_dev, dev);
}

const struct gpuslice_sim_model *gpuslice_sim_model_find(const char *name);
int gpuslice_sim_models_print(char *buf, size_t size);

int gpuslice_sim_dev_probe(struct gpuslice_sim_dev *sdev);
void gpuslice_sim_dev_remove(struct gpuslice_sim_dev *sdev);

int gpuslice_sim_bus_init(void);
void gpuslice_sim_bus_exit(void);
int gpuslice_sim_bus_dev_new(unsigned int id, const char *model_name);

#endif /* _GPUSLICE_SIM_H */
