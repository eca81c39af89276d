/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gpuslice core: private declarations shared by the core's files.
 */
#ifndef _GPUSLICE_CORE_H
#define _GPUSLICE_CORE_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/mutex.h>

#include "gpuslice_hw.h"

#define DRV_NAME		"gpuslice"
#define GPUSLICE_VERSION	"0.1.0"
#define GPUSLICE_MAX_GPUS	64

/**
 * struct gpuslice_gpu - the core's view of one physical GPU
 * @dev: class device gpuN; its release() frees this structure
 * @cdev: control node /dev/gpuslice/gpuN
 * @index: N
 * @lock: protects @hw and @mode
 * @hw: the backend's GPU; NULL once unregistered (open control files then
 *	get -ENODEV)
 * @mode: current personality
 */
struct gpuslice_gpu {
	struct device dev;
	struct cdev cdev;
	unsigned int index;

	struct mutex lock;	/* protects hw and mode */
	struct gpuslice_hw *hw;
	enum gpuslice_hw_mode mode;
};

static inline struct gpuslice_gpu *to_gpuslice_gpu(struct device *dev)
{
	return container_of(dev, struct gpuslice_gpu, dev);
}

extern struct class gpuslice_class;
extern const struct attribute_group *gpuslice_gpu_groups[];
extern const struct file_operations gpuslice_ctl_fops;

int gpuslice_gpu_init(void);
void gpuslice_gpu_exit(void);

#endif /* _GPUSLICE_CORE_H */
