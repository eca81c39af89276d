// SPDX-License-Identifier: GPL-2.0-only
/*
 * Core counters in /sys/kernel/debug/gpuslice/gpuN/:
 *
 *   irq_handled	interrupts with a cause
 *   irq_spurious	interrupts with nothing pending (IRQ_NONE)
 *   irq_errors	device error interrupts
 */
#include <linux/debugfs.h>

#include "gpuslice.h"

static struct dentry *gpuslice_debugfs_root;

static int gpuslice_atomic64_get(void *data, u64 *val)
{
	*val = atomic64_read(data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(gpuslice_atomic64_fops, gpuslice_atomic64_get, NULL,
			 "%llu\n");

void gpuslice_gpu_debugfs_init(struct gpuslice_gpu *gpu)
{
	struct dentry *dir;

	dir = debugfs_create_dir(dev_name(&gpu->dev), gpuslice_debugfs_root);
	gpu->debugfs = dir;
	debugfs_create_file_unsafe("irq_handled", 0400, dir, &gpu->irq_handled,
				   &gpuslice_atomic64_fops);
	debugfs_create_file_unsafe("irq_spurious", 0400, dir,
				   &gpu->irq_spurious, &gpuslice_atomic64_fops);
	debugfs_create_file_unsafe("irq_errors", 0400, dir, &gpu->irq_errors,
				   &gpuslice_atomic64_fops);
}

void gpuslice_gpu_debugfs_exit(struct gpuslice_gpu *gpu)
{
	debugfs_remove_recursive(gpu->debugfs);
}

void gpuslice_debugfs_init(void)
{
	gpuslice_debugfs_root = debugfs_create_dir(DRV_NAME, NULL);
}

void gpuslice_debugfs_exit(void)
{
	debugfs_remove_recursive(gpuslice_debugfs_root);
}
