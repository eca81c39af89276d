// SPDX-License-Identifier: GPL-2.0-only
/*
 * gpuslice core module: registry of physical GPUs that backends register.
 */
#include <linux/module.h>

#include "gpuslice.h"

static int __init gpuslice_init(void)
{
	int err;

	err = gpuslice_sched_param_init();
	if (err)
		return err;

	gpuslice_debugfs_init();
	err = gpuslice_gpu_init();
	if (err)
		goto err_debugfs_exit;

	err = mdev_register_driver(&gpuslice_mdev_driver);
	if (err)
		goto err_gpu_exit;

	err = gpuslice_vf_bus_init();
	if (err)
		goto err_mdev_unregister;
	return 0;

err_mdev_unregister:
	mdev_unregister_driver(&gpuslice_mdev_driver);
err_gpu_exit:
	gpuslice_gpu_exit();
err_debugfs_exit:
	gpuslice_debugfs_exit();
	return err;
}

static void __exit gpuslice_exit(void)
{
	gpuslice_vf_bus_exit();
	mdev_unregister_driver(&gpuslice_mdev_driver);
	gpuslice_gpu_exit();
	gpuslice_debugfs_exit();
}

module_init(gpuslice_init);
module_exit(gpuslice_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gpuslice: open GPU virtualization core");
MODULE_VERSION(GPUSLICE_VERSION);
