// SPDX-License-Identifier: GPL-2.0-only
/*
 * Physical-GPU layer: gpuslice_register_gpu(), the gpuslice class with one
 * gpuN device per GPU, and its sysfs attributes.
 */
#include <linux/bitops.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "compat.h"
#include "gpuslice.h"

static dev_t gpuslice_devt;
static DEFINE_IDA(gpuslice_gpu_ida);

static const char * const gpuslice_mode_names[] = {
	[GPUSLICE_HW_MODE_COMPUTE] = "compute",
	[GPUSLICE_HW_MODE_GRAPHICS] = "graphics",
};

static char *gpuslice_devnode(GPUSLICE_CLASS_DEV_CONST struct device *dev,
			      umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "gpuslice/%s", dev_name(dev));
}

struct class gpuslice_class = {
	.name = "gpuslice",
	.devnode = gpuslice_devnode,
	.dev_groups = gpuslice_gpu_groups,
};

/*
 * Attributes that only read the backend's constant info. The device's
 * sysfs files are removed (and their readers drained) before the backend
 * goes away, so hw is valid here without taking the lock.
 */
#define GPUSLICE_INFO_ATTR(_name, _fmt, _expr)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	const struct gpuslice_hw_info *info =				\
		&to_gpuslice_gpu(dev)->hw->info;			\
									\
	return sysfs_emit(buf, _fmt "\n", _expr);			\
}									\
static DEVICE_ATTR_RO(_name)

GPUSLICE_INFO_ATTR(model, "%s", info->model);
GPUSLICE_INFO_ATTR(uuid, "GPU-%pUb", &info->uuid);
GPUSLICE_INFO_ATTR(sm_count, "%u", info->sm_count);
GPUSLICE_INFO_ATTR(memory_total_mib, "%u", info->memory_mib);
GPUSLICE_INFO_ATTR(copy_engines, "%u", info->copy_engines);
GPUSLICE_INFO_ATTR(decoders, "%u", info->decoders);
GPUSLICE_INFO_ATTR(vbios_version, "%s", info->vbios_version);
GPUSLICE_INFO_ATTR(mig_capable, "%d", info->mig_capable);

static ssize_t memory_used_mib_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	u64 used;

	mutex_lock(&gpu->lock);
	used = __gpuslice_types_used_mib(gpu);
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf, "%llu\n", used);
}
static DEVICE_ATTR_RO(memory_used_mib);

static ssize_t driver_version_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", GPUSLICE_VERSION);
}
static DEVICE_ATTR_RO(driver_version);

static ssize_t mode_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	enum gpuslice_hw_mode mode;

	mutex_lock(&gpu->lock);
	mode = gpu->mode;
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf, "%s\n", gpuslice_mode_names[mode]);
}

static ssize_t mode_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	int mode, err = 0;

	mode = sysfs_match_string(gpuslice_mode_names, buf);
	if (mode < 0) {
		dev_err(dev, "mode: expected 'compute' or 'graphics'\n");
		return -EINVAL;
	}

	mutex_lock(&gpu->lock);
	/*
	 * Like gpumodeswitch: only a GPU nobody shares changes personality,
	 * and MIG partitions exist only in compute mode.
	 */
	if (gpu->mode != mode && (gpu->num_vfs || gpu->num_gis))
		err = -EBUSY;
	else if (gpu->mode != mode && gpu->hw->ops->set_mode)
		err = gpu->hw->ops->set_mode(gpu->hw, mode);
	if (!err)
		gpu->mode = mode;
	mutex_unlock(&gpu->lock);

	return err ? err : count;
}
static DEVICE_ATTR_RW(mode);

static struct attribute *gpuslice_gpu_attrs[] = {
	&dev_attr_model.attr,
	&dev_attr_uuid.attr,
	&dev_attr_sm_count.attr,
	&dev_attr_memory_total_mib.attr,
	&dev_attr_memory_used_mib.attr,
	&dev_attr_copy_engines.attr,
	&dev_attr_decoders.attr,
	&dev_attr_vbios_version.attr,
	&dev_attr_driver_version.attr,
	&dev_attr_mode.attr,
	&dev_attr_mig_capable.attr,
	NULL
};

static const struct attribute_group gpuslice_gpu_group = {
	.attrs = gpuslice_gpu_attrs,
};

const struct attribute_group *gpuslice_gpu_groups[] = {
	&gpuslice_gpu_group,
	&gpuslice_sriov_group,
	&gpuslice_sched_group,
	NULL
};

static void gpuslice_gpu_release(struct device *dev)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);

	ida_free(&gpuslice_gpu_ida, gpu->index);
	mutex_destroy(&gpu->sriov_lock);
	mutex_destroy(&gpu->lock);
	kfree(gpu);
}

static bool gpuslice_hw_info_valid(const struct gpuslice_hw *hw)
{
	const struct gpuslice_hw_info *info = &hw->info;
	const struct gpuslice_hw_ops *ops = hw->ops;

	return hw->dev && ops && ops->reg_read && ops->reg_write &&
	       ops->vram_page && ops->vram_scrub && ops->ctx_create &&
	       ops->ctx_destroy && ops->submit && ops->sriov_configure &&
	       info->model && info->board &&
	       info->vbios_version && info->sm_count && info->memory_mib &&
	       gpuslice_mig_info_valid(hw);
}

/* Bring up the hardware side: engines, then the interrupt. */
static int gpuslice_gpu_hw_init(struct gpuslice_gpu *gpu)
{
	int err;

	err = gpuslice_engines_init(gpu);
	if (err)
		return err;

	/* A model without a catalogue registers, but offers no vGPU types. */
	if (gpuslice_types_init(gpu))
		dev_warn(&gpu->dev, "no vGPU types for model %s\n",
			 gpu->hw->info.model);

	err = request_irq(gpu->hw->irq, gpuslice_gpu_isr, 0,
			  dev_name(&gpu->dev), gpu);
	if (err)
		goto err_engines_exit;

	gpuslice_reg_write(gpu, GPUSLICE_REG_INTR_ENABLE, 1);
	return 0;

err_engines_exit:
	gpuslice_engines_exit(gpu);
	return err;
}

/*
 * The reverse: no interrupt after this, no engine running, every channel
 * detached, and the backend no longer referenced.
 */
static void gpuslice_gpu_hw_exit(struct gpuslice_gpu *gpu)
{
	struct gpuslice_hw *hw = gpu->hw;

	mutex_lock(&gpu->lock);
	gpuslice_reg_write(gpu, GPUSLICE_REG_INTR_ENABLE, 0);
	mutex_unlock(&gpu->lock);
	free_irq(hw->irq, gpu);

	mutex_lock(&gpu->lock);
	gpuslice_engines_stop(gpu);
	__gpuslice_channels_orphan(gpu);
	gpu->hw = NULL;
	mutex_unlock(&gpu->lock);

	gpuslice_engines_exit(gpu);
	wake_up_all(&gpu->fence_wq);
}

/**
 * gpuslice_register_gpu() - hand a physical GPU to the core
 * @hw: the backend's description; must stay valid until
 *	gpuslice_unregister_gpu() returns, and its interrupt must be ready
 *
 * Creates /sys/class/gpuslice/gpuN and /dev/gpuslice/gpuN, claims the
 * interrupt and enables it.
 *
 * Return: 0 or a negative errno.
 */
int gpuslice_register_gpu(struct gpuslice_hw *hw)
{
	struct gpuslice_gpu *gpu;
	int index, err;

	if (!hw || !gpuslice_hw_info_valid(hw))
		return -EINVAL;

	gpu = kzalloc(sizeof(*gpu), GFP_KERNEL);
	if (!gpu)
		return -ENOMEM;

	index = ida_alloc_max(&gpuslice_gpu_ida, GPUSLICE_MAX_GPUS - 1,
			      GFP_KERNEL);
	if (index < 0) {
		kfree(gpu);
		return index;
	}

	gpu->index = index;
	gpu->hw = hw;
	gpu->mode = GPUSLICE_HW_MODE_COMPUTE;
	mutex_init(&gpu->lock);
	mutex_init(&gpu->sriov_lock);
	INIT_LIST_HEAD(&gpu->channels);
	gpuslice_sched_params_init(gpu);
	init_waitqueue_head(&gpu->fence_wq);

	/* From here on the release callback frees everything above. */
	device_initialize(&gpu->dev);
	gpu->dev.class = &gpuslice_class;
	gpu->dev.parent = hw->dev;
	gpu->dev.devt = MKDEV(MAJOR(gpuslice_devt), index);
	gpu->dev.release = gpuslice_gpu_release;
	err = dev_set_name(&gpu->dev, "gpu%d", index);
	if (err)
		goto err_put_device;

	err = gpuslice_gpu_hw_init(gpu);
	if (err)
		goto err_put_device;

	cdev_init(&gpu->cdev, &gpuslice_ctl_fops);
	gpu->cdev.owner = THIS_MODULE;
	err = cdev_device_add(&gpu->cdev, &gpu->dev);
	if (err)
		goto err_hw_exit;

	gpuslice_gpu_debugfs_init(gpu);
	hw->gpu = gpu;
	dev_info(&gpu->dev, "%s (%s): %u SMs, %u MiB, %u engines\n",
		 hw->info.model, dev_name(hw->dev), hw->info.sm_count,
		 hw->info.memory_mib, gpu->num_engines);
	return 0;

err_hw_exit:
	gpuslice_gpu_hw_exit(gpu);
err_put_device:
	put_device(&gpu->dev);
	return err;
}
EXPORT_SYMBOL_GPL(gpuslice_register_gpu);

/**
 * gpuslice_unregister_gpu() - take a physical GPU away from the core
 * @hw: as passed to gpuslice_register_gpu()
 *
 * Disables the VFs (removing every vGPU, which waits for VFIO users to
 * close), removes the sysfs directory and the control node, stops the engines
 * (work in flight is dropped; its waiters get -ENODEV) and releases the
 * interrupt. Files still open on the node keep the core's object alive;
 * the backend's @hw is not touched after this returns.
 */
void gpuslice_unregister_gpu(struct gpuslice_hw *hw)
{
	struct gpuslice_gpu *gpu = hw->gpu;

	/* VFs first: removing a vGPU waits for its VFIO user to let go. */
	gpuslice_sriov_exit(gpu);
	gpuslice_gpu_debugfs_exit(gpu);
	cdev_device_del(&gpu->cdev, &gpu->dev);
	gpuslice_gpu_hw_exit(gpu);
	hw->gpu = NULL;
	put_device(&gpu->dev);
}
EXPORT_SYMBOL_GPL(gpuslice_unregister_gpu);

int gpuslice_gpu_init(void)
{
	int err;

	err = alloc_chrdev_region(&gpuslice_devt, 0, GPUSLICE_MAX_GPUS,
				  DRV_NAME);
	if (err)
		return err;

	err = class_register(&gpuslice_class);
	if (err)
		goto err_unregister_chrdev;

	/* Engine scheduling events; ordered per engine by the work items. */
	gpuslice_wq = alloc_workqueue(DRV_NAME, WQ_UNBOUND, 0);
	if (!gpuslice_wq) {
		err = -ENOMEM;
		goto err_class_unregister;
	}
	return 0;

err_class_unregister:
	class_unregister(&gpuslice_class);
err_unregister_chrdev:
	unregister_chrdev_region(gpuslice_devt, GPUSLICE_MAX_GPUS);
	return err;
}

void gpuslice_gpu_exit(void)
{
	destroy_workqueue(gpuslice_wq);
	class_unregister(&gpuslice_class);
	unregister_chrdev_region(gpuslice_devt, GPUSLICE_MAX_GPUS);
}
