// SPDX-License-Identifier: GPL-2.0-only
/*
 * The gpuslice_sim bus: /sys/bus/gpuslice_sim/{new_device,del_device}
 * create and destroy simulated GPUs, in the manner of netdevsim.
 */
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "gpuslice_sim.h"

static DEFINE_IDA(gpuslice_sim_ida);
static LIST_HEAD(gpuslice_sim_devs);
/* protects gpuslice_sim_devs and gpuslice_sim_bus_enabled */
static DEFINE_MUTEX(gpuslice_sim_devs_lock);
/* new devices are refused (-EBUSY) before init and during module exit */
static bool gpuslice_sim_bus_enabled;

static void gpuslice_sim_new_device_usage(const char *why)
{
	char models[96];

	gpuslice_sim_models_print(models, sizeof(models));
	pr_err(DRV_NAME ": new_device: %s; expected \"ID MODEL\" with ID 0-%u and MODEL one of %s\n",
	       why, GPUSLICE_SIM_MAX_ID, models);
}

/*
 * Split "ID REST" into a validated id and the rest, trimmed. @line is
 * modified in place.
 */
static int gpuslice_sim_parse_id(char *line, unsigned int *id, char **rest)
{
	char *p = strim(line);
	char *id_str = strsep(&p, " \t");

	if (kstrtouint(id_str, 10, id))
		return -EINVAL;
	*rest = p ? strim(p) : NULL;
	return 0;
}

static void gpuslice_sim_dev_release(struct device *dev)
{
	struct gpuslice_sim_dev *sdev = to_gpuslice_sim_dev(dev);

	ida_free(&gpuslice_sim_ida, sdev->id);
	kfree(sdev);
}

static const struct device_type gpuslice_sim_dev_type = {
	.name = "gpuslice_sim",
	.release = gpuslice_sim_dev_release,
};

static int gpuslice_sim_bus_probe(struct device *dev)
{
	struct gpuslice_sim_dev *sdev = to_gpuslice_sim_dev(dev);

	sdev->probe_err = gpuslice_sim_dev_probe(sdev);
	return sdev->probe_err;
}

static void gpuslice_sim_bus_remove(struct device *dev)
{
	gpuslice_sim_dev_remove(to_gpuslice_sim_dev(dev));
}

static struct bus_type gpuslice_sim_bus;

static struct device_driver gpuslice_sim_driver = {
	.name = DRV_NAME,
	.bus = &gpuslice_sim_bus,
	.owner = THIS_MODULE,
	.suppress_bind_attrs = true,
};

/* Called with gpuslice_sim_devs_lock held. */
static int __gpuslice_sim_bus_dev_new(unsigned int id,
				      const struct gpuslice_sim_model *model)
{
	struct gpuslice_sim_dev *sdev;
	int err;

	sdev = kzalloc(sizeof(*sdev), GFP_KERNEL);
	if (!sdev)
		return -ENOMEM;

	err = ida_alloc_range(&gpuslice_sim_ida, id, id, GFP_KERNEL);
	if (err < 0) {
		kfree(sdev);
		return err == -ENOSPC ? -EEXIST : err;
	}

	sdev->id = id;
	sdev->model = model;
	sdev->probe_err = -ENODEV;
	sdev->dev.bus = &gpuslice_sim_bus;
	sdev->dev.type = &gpuslice_sim_dev_type;
	sdev->dev.id = id;
	err = dev_set_name(&sdev->dev, "sim%u", id);
	if (err) {
		ida_free(&gpuslice_sim_ida, id);
		kfree(sdev);
		return err;
	}

	/* Probes synchronously; the release callback frees sdev from here. */
	err = device_register(&sdev->dev);
	if (err) {
		put_device(&sdev->dev);
		return err;
	}
	if (sdev->probe_err) {
		err = sdev->probe_err;
		device_unregister(&sdev->dev);
		return err;
	}

	list_add_tail(&sdev->list, &gpuslice_sim_devs);
	return 0;
}

int gpuslice_sim_bus_dev_new(unsigned int id, const char *model_name)
{
	const struct gpuslice_sim_model *model;
	int err;

	if (id > GPUSLICE_SIM_MAX_ID) {
		gpuslice_sim_new_device_usage("ID out of range");
		return -EINVAL;
	}
	model = gpuslice_sim_model_find(model_name);
	if (!model) {
		gpuslice_sim_new_device_usage("unknown MODEL");
		return -EINVAL;
	}

	mutex_lock(&gpuslice_sim_devs_lock);
	if (gpuslice_sim_bus_enabled)
		err = __gpuslice_sim_bus_dev_new(id, model);
	else
		err = -EBUSY;
	mutex_unlock(&gpuslice_sim_devs_lock);

	if (err == -EEXIST)
		pr_err(DRV_NAME ": new_device: id %u is in use\n", id);
	else if (err)
		pr_err(DRV_NAME ": new_device: creating sim%u failed: %d\n",
		       id, err);
	return err;
}

static ssize_t new_device_store(GPUSLICE_BUS_CONST struct bus_type *bus,
				const char *buf, size_t count)
{
	char line[64], *model;
	unsigned int id;
	int err;

	if (count >= sizeof(line)) {
		gpuslice_sim_new_device_usage("line too long");
		return -EINVAL;
	}
	memcpy(line, buf, count);
	line[count] = '\0';

	if (gpuslice_sim_parse_id(line, &id, &model) || !model || !*model ||
	    strpbrk(model, " \t")) {
		gpuslice_sim_new_device_usage("malformed line");
		return -EINVAL;
	}

	err = gpuslice_sim_bus_dev_new(id, model);
	return err ? err : count;
}
static BUS_ATTR_WO(new_device);

static ssize_t del_device_store(GPUSLICE_BUS_CONST struct bus_type *bus,
				const char *buf, size_t count)
{
	struct gpuslice_sim_dev *sdev, *found = NULL;
	char line[32], *rest;
	unsigned int id;

	if (count >= sizeof(line))
		return -EINVAL;
	memcpy(line, buf, count);
	line[count] = '\0';
	if (gpuslice_sim_parse_id(line, &id, &rest) || (rest && *rest)) {
		pr_err(DRV_NAME ": del_device: expected \"ID\"\n");
		return -EINVAL;
	}

	mutex_lock(&gpuslice_sim_devs_lock);
	list_for_each_entry(sdev, &gpuslice_sim_devs, list) {
		if (sdev->id == id) {
			found = sdev;
			list_del(&sdev->list);
			device_unregister(&sdev->dev);
			break;
		}
	}
	mutex_unlock(&gpuslice_sim_devs_lock);

	return found ? count : -ENOENT;
}
static BUS_ATTR_WO(del_device);

static struct attribute *gpuslice_sim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	NULL
};
ATTRIBUTE_GROUPS(gpuslice_sim_bus);

static struct bus_type gpuslice_sim_bus = {
	.name = DRV_NAME,
	.dev_name = "sim",
	.bus_groups = gpuslice_sim_bus_groups,
	.probe = gpuslice_sim_bus_probe,
	.remove = gpuslice_sim_bus_remove,
};

int gpuslice_sim_bus_init(void)
{
	int err;

	err = bus_register(&gpuslice_sim_bus);
	if (err)
		return err;

	err = driver_register(&gpuslice_sim_driver);
	if (err)
		goto err_bus_unregister;

	mutex_lock(&gpuslice_sim_devs_lock);
	gpuslice_sim_bus_enabled = true;
	mutex_unlock(&gpuslice_sim_devs_lock);
	return 0;

err_bus_unregister:
	bus_unregister(&gpuslice_sim_bus);
	return err;
}

void gpuslice_sim_bus_exit(void)
{
	struct gpuslice_sim_dev *sdev, *tmp;

	mutex_lock(&gpuslice_sim_devs_lock);
	gpuslice_sim_bus_enabled = false;
	list_for_each_entry_safe(sdev, tmp, &gpuslice_sim_devs, list) {
		list_del(&sdev->list);
		device_unregister(&sdev->dev);
	}
	mutex_unlock(&gpuslice_sim_devs_lock);

	driver_unregister(&gpuslice_sim_driver);
	bus_unregister(&gpuslice_sim_bus);
}
