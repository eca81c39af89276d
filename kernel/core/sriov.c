// SPDX-License-Identifier: GPL-2.0-only
/*
 * SR-IOV: /sys/class/gpuslice/gpuN/{sriov_totalvfs,sriov_numvfs} with PCI
 * semantics, and the virtual functions themselves: devices gpuN-vfM on the
 * gpuslice bus, each an mdev parent (/sys/class/mdev_bus/gpuN-vfM) that
 * holds one vGPU, as in NVIDIA's SR-IOV design. Also vgpu_mode.
 */
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "gpuslice.h"

static const char * const gpuslice_vgpu_mode_names[] = {
	[GPUSLICE_VGPU_HOMOGENEOUS] = "homogeneous",
	[GPUSLICE_VGPU_HETEROGENEOUS] = "heterogeneous",
};

static struct gpuslice_vf *to_gpuslice_vf(struct device *dev)
{
	return container_of(dev, struct gpuslice_vf, dev);
}

static int gpuslice_vf_bus_probe(struct device *dev)
{
	struct gpuslice_vf *vf = to_gpuslice_vf(dev);
	struct gpuslice_gpu *gpu = vf->gpu;
	u32 t, n = gpu->nr_types;

	vf->mtypes = kcalloc(n, sizeof(*vf->mtypes), GFP_KERNEL);
	vf->mtype_ptrs = kcalloc(n, sizeof(*vf->mtype_ptrs), GFP_KERNEL);
	if (!vf->mtypes || !vf->mtype_ptrs) {
		vf->probe_err = -ENOMEM;
		return vf->probe_err;
	}

	for (t = 0; t < n; t++) {
		struct gpuslice_mtype *mt = &vf->mtypes[t];

		mt->index = t;
		snprintf(mt->sysfs_name, sizeof(mt->sysfs_name), "%u",
			 gpu->types[t].id);
		mt->mtype.sysfs_name = mt->sysfs_name;
		mt->mtype.pretty_name = gpu->types[t].name;
		vf->mtype_ptrs[t] = &mt->mtype;
	}

	/* The bound driver's name makes the directories gpuslice-<id>. */
	vf->probe_err = mdev_register_parent(&vf->parent, dev,
					     &gpuslice_mdev_driver,
					     vf->mtype_ptrs, n);
	return vf->probe_err;
}

static void gpuslice_vf_bus_remove(struct device *dev)
{
	mdev_unregister_parent(&to_gpuslice_vf(dev)->parent);
}

static struct bus_type gpuslice_vf_bus = {
	.name = DRV_NAME,
	.probe = gpuslice_vf_bus_probe,
	.remove = gpuslice_vf_bus_remove,
};

static struct device_driver gpuslice_vf_driver = {
	.name = DRV_NAME,
	.bus = &gpuslice_vf_bus,
	.owner = THIS_MODULE,
	.suppress_bind_attrs = true,
};

/* Each type kobject pins the VF device, so the types outlive their users. */
static void gpuslice_vf_release(struct device *dev)
{
	struct gpuslice_vf *vf = to_gpuslice_vf(dev);

	kfree(vf->mtype_ptrs);
	kfree(vf->mtypes);
	kfree(vf);
}

static struct gpuslice_vf *gpuslice_vf_new(struct gpuslice_gpu *gpu, u32 index)
{
	struct gpuslice_vf *vf;
	int err;

	vf = kzalloc(sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return ERR_PTR(-ENOMEM);
	vf->gpu = gpu;
	vf->index = index;
	vf->probe_err = -ENODEV;

	device_initialize(&vf->dev);
	vf->dev.bus = &gpuslice_vf_bus;
	vf->dev.parent = &gpu->dev;
	vf->dev.release = gpuslice_vf_release;
	err = dev_set_name(&vf->dev, "%s-vf%u", dev_name(&gpu->dev), index);
	if (!err)
		err = device_add(&vf->dev);
	if (err) {
		put_device(&vf->dev);
		return ERR_PTR(err);
	}
	/* Probed synchronously: a VF without its mdev parent is no use. */
	if (vf->probe_err) {
		err = vf->probe_err;
		device_unregister(&vf->dev);
		return ERR_PTR(err);
	}
	return vf;
}

/* Called with sriov_lock held: unregister every VF (and so its vGPU). */
static void gpuslice_sriov_remove_vfs(struct gpuslice_gpu *gpu,
				      struct gpuslice_vf **vfs, u32 n)
{
	u32 i;

	/* Removing a vGPU waits for its VFIO user to let go. */
	for (i = 0; i < n; i++)
		if (!IS_ERR_OR_NULL(vfs[i]))
			device_unregister(&vfs[i]->dev);
	kfree(vfs);
}

/* Called with sriov_lock held. */
static int gpuslice_sriov_enable(struct gpuslice_gpu *gpu, u32 n)
{
	struct gpuslice_vf **vfs;
	int err = 0;
	u32 i;

	mutex_lock(&gpu->lock);
	if (n > gpu->hw->info.total_vfs)
		err = -ERANGE;
	else if (gpu->num_vfs && gpu->num_vfs != n)
		err = -EBUSY;
	mutex_unlock(&gpu->lock);
	if (err || gpu->num_vfs == n)
		return err;

	vfs = kcalloc(n, sizeof(*vfs), GFP_KERNEL);
	if (!vfs)
		return -ENOMEM;

	err = gpu->hw->ops->sriov_configure(gpu->hw, n);
	/* The hardware must report what it enabled. */
	if (!err && gpuslice_reg_read(gpu, GPUSLICE_REG_SRIOV_NUM_VFS) != n) {
		gpu->hw->ops->sriov_configure(gpu->hw, 0);
		err = -EIO;
	}
	if (err) {
		kfree(vfs);
		return err;
	}

	/* Published first: udev may create vGPUs as soon as a VF appears. */
	mutex_lock(&gpu->lock);
	gpu->vfs = vfs;
	gpu->num_vfs = n;
	mutex_unlock(&gpu->lock);

	for (i = 0; i < n; i++) {
		vfs[i] = gpuslice_vf_new(gpu, i);
		if (IS_ERR(vfs[i])) {
			err = PTR_ERR(vfs[i]);
			dev_err(&gpu->dev, "enabling VF %u failed: %d\n", i, err);
			break;
		}
	}
	if (!err)
		return 0;

	mutex_lock(&gpu->lock);
	gpu->vfs_changing = true;
	mutex_unlock(&gpu->lock);
	gpuslice_sriov_remove_vfs(gpu, vfs, i);
	gpu->hw->ops->sriov_configure(gpu->hw, 0);
	mutex_lock(&gpu->lock);
	gpu->vfs = NULL;
	gpu->num_vfs = 0;
	gpu->vfs_changing = false;
	mutex_unlock(&gpu->lock);
	return err;
}

/* Called with sriov_lock held; @force for GPU removal. */
static int gpuslice_sriov_disable(struct gpuslice_gpu *gpu, bool force)
{
	struct gpuslice_vf **vfs;
	u32 n;

	mutex_lock(&gpu->lock);
	if (gpu->nr_vgpus && !force) {
		mutex_unlock(&gpu->lock);
		return -EBUSY;
	}
	vfs = gpu->vfs;
	n = gpu->num_vfs;
	gpu->vfs_changing = true;
	mutex_unlock(&gpu->lock);

	gpuslice_sriov_remove_vfs(gpu, vfs, n);
	if (n)
		gpu->hw->ops->sriov_configure(gpu->hw, 0);

	mutex_lock(&gpu->lock);
	gpu->vfs = NULL;
	gpu->num_vfs = 0;
	gpu->vfs_changing = false;
	mutex_unlock(&gpu->lock);
	return 0;
}

/* GPU removal: VFs go, and with them every vGPU. */
void gpuslice_sriov_exit(struct gpuslice_gpu *gpu)
{
	mutex_lock(&gpu->sriov_lock);
	gpuslice_sriov_disable(gpu, true);
	mutex_unlock(&gpu->sriov_lock);
}

static ssize_t sriov_totalvfs_show(struct device *dev,
				   struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_gpuslice_gpu(dev)->hw->info.total_vfs);
}
static DEVICE_ATTR_RO(sriov_totalvfs);

static ssize_t sriov_numvfs_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	u32 n;

	mutex_lock(&gpu->lock);
	n = gpu->num_vfs;
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf, "%u\n", n);
}

static ssize_t sriov_numvfs_store(struct device *dev,
				  struct device_attribute *attr,
				  const char *buf, size_t count)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	u32 n;
	int err;

	if (kstrtou32(buf, 10, &n))
		return -EINVAL;

	mutex_lock(&gpu->sriov_lock);
	if (n)
		err = gpuslice_sriov_enable(gpu, n);
	else
		err = gpuslice_sriov_disable(gpu, false);
	mutex_unlock(&gpu->sriov_lock);

	return err ? err : count;
}
static DEVICE_ATTR_RW(sriov_numvfs);

static ssize_t vgpu_mode_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	enum gpuslice_vgpu_mode mode;

	mutex_lock(&gpu->lock);
	mode = gpu->vgpu_mode;
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf, "%s\n", gpuslice_vgpu_mode_names[mode]);
}

static ssize_t vgpu_mode_store(struct device *dev,
			       struct device_attribute *attr, const char *buf,
			       size_t count)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	int mode, err = 0;

	mode = sysfs_match_string(gpuslice_vgpu_mode_names, buf);
	if (mode < 0)
		return -EINVAL;

	mutex_lock(&gpu->lock);
	if (gpu->nr_vgpus && gpu->vgpu_mode != mode)
		err = -EBUSY;
	/* NVIDIA's fixed share does not mix sizes either. */
	else if (mode == GPUSLICE_VGPU_HETEROGENEOUS &&
		 gpu->sched.policy == GPUSLICE_SCHED_FIXED_SHARE)
		err = -EBUSY;
	else
		gpu->vgpu_mode = mode;
	mutex_unlock(&gpu->lock);
	return err ? err : count;
}
static DEVICE_ATTR_RW(vgpu_mode);

static struct attribute *gpuslice_sriov_attrs[] = {
	&dev_attr_sriov_totalvfs.attr,
	&dev_attr_sriov_numvfs.attr,
	&dev_attr_vgpu_mode.attr,
	NULL
};

const struct attribute_group gpuslice_sriov_group = {
	.attrs = gpuslice_sriov_attrs,
};

int gpuslice_vf_bus_init(void)
{
	int err;

	err = bus_register(&gpuslice_vf_bus);
	if (err)
		return err;
	err = driver_register(&gpuslice_vf_driver);
	if (err)
		bus_unregister(&gpuslice_vf_bus);
	return err;
}

void gpuslice_vf_bus_exit(void)
{
	driver_unregister(&gpuslice_vf_driver);
	bus_unregister(&gpuslice_vf_bus);
}
