// SPDX-License-Identifier: GPL-2.0-only
/*
 * gpuslice_sim: a simulated GPU that plugs into the gpuslice core through
 * the backend seam, so the whole stack runs on machines without a GPU.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "gpuslice_sim.h"

static char *devices;
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices,
		 "Simulated GPUs to create at load: comma-separated models, given ids 0, 1, ... (e.g. h100-80gb,a100-40gb)");

static int gpuslice_sim_create_param_devices(void)
{
	char *list, *cursor, *name;
	unsigned int id = 0;
	int err = 0;

	if (!devices || !*devices)
		return 0;

	list = kstrdup(devices, GFP_KERNEL);
	if (!list)
		return -ENOMEM;

	cursor = list;
	while ((name = strsep(&cursor, ",")) != NULL) {
		name = strim(name);
		if (!*name)
			continue;
		err = gpuslice_sim_bus_dev_new(id++, name);
		if (err) {
			pr_err(DRV_NAME ": devices=: cannot create '%s'\n",
			       name);
			break;
		}
	}

	kfree(list);
	return err;
}

static int __init gpuslice_sim_init(void)
{
	int err;

	/* Engines execute here; unbound, so engines of a GPU run in parallel. */
	gpuslice_sim_wq = alloc_workqueue(DRV_NAME, WQ_UNBOUND, 0);
	if (!gpuslice_sim_wq)
		return -ENOMEM;

	gpuslice_sim_debugfs_init();

	err = gpuslice_sim_bus_init();
	if (err)
		goto err_debugfs_exit;

	err = gpuslice_sim_create_param_devices();
	if (err)
		goto err_bus_exit;
	return 0;

err_bus_exit:
	gpuslice_sim_bus_exit();
err_debugfs_exit:
	gpuslice_sim_debugfs_exit();
	destroy_workqueue(gpuslice_sim_wq);
	return err;
}

static void __exit gpuslice_sim_exit(void)
{
	gpuslice_sim_bus_exit();
	gpuslice_sim_debugfs_exit();
	destroy_workqueue(gpuslice_sim_wq);
}

module_init(gpuslice_sim_init);
module_exit(gpuslice_sim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("gpuslice: simulated GPU backend");
MODULE_SOFTDEP("pre: gpuslice");
