// SPDX-License-Identifier: GPL-2.0-only
/*
 * gpuslice core module: registry of physical GPUs that backends register.
 */
#include <linux/module.h>

#include "gpuslice.h"

static int __init gpuslice_init(void)
{
	int err;

	gpuslice_debugfs_init();
	err = gpuslice_gpu_init();
	if (err)
		gpuslice_debugfs_exit();
	return err;
}

static void __exit gpuslice_exit(void)
{
	gpuslice_gpu_exit();
	gpuslice_debugfs_exit();
}

module_init(gpuslice_init);
module_exit(gpuslice_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gpuslice: open GPU virtualization core");
MODULE_VERSION(GPUSLICE_VERSION);
