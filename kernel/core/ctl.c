// SPDX-License-Identifier: GPL-2.0-only
/*
 * Control node /dev/gpuslice/gpuN: the ioctls of uapi/linux/gpuslice.h.
 */
#include <linux/fs.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/gpuslice.h>

#include "gpuslice.h"

static int gpuslice_ctl_open(struct inode *inode, struct file *file)
{
	struct gpuslice_gpu *gpu = container_of(inode->i_cdev,
						struct gpuslice_gpu, cdev);
	struct gpuslice_ctl_file *cfile;

	cfile = gpuslice_ctl_file_new(gpu);
	if (!cfile)
		return -ENOMEM;
	get_device(&gpu->dev);
	file->private_data = cfile;
	return nonseekable_open(inode, file);
}

static int gpuslice_ctl_release(struct inode *inode, struct file *file)
{
	struct gpuslice_ctl_file *cfile = file->private_data;
	struct gpuslice_gpu *gpu = gpuslice_ctl_file_gpu(cfile);

	gpuslice_ctl_file_del(cfile);
	put_device(&gpu->dev);
	return 0;
}

static long gpuslice_ctl_gpu_info(struct gpuslice_gpu *gpu,
				  void __user *arg)
{
	const size_t minsz = offsetofend(struct gpuslice_gpu_info, uuid);
	const struct gpuslice_hw_info *hw_info;
	struct gpuslice_gpu_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.flags || info.reserved0)
		return -EINVAL;

	memset(&info, 0, sizeof(info));
	info.argsz = minsz;

	mutex_lock(&gpu->lock);
	if (!gpu->hw) {
		mutex_unlock(&gpu->lock);
		return -ENODEV;
	}
	hw_info = &gpu->hw->info;
	info.api_version = GPUSLICE_API_VERSION;
	info.index = gpu->index;
	info.sm_count = hw_info->sm_count;
	info.copy_engines = hw_info->copy_engines;
	info.decoders = hw_info->decoders;
	info.mode = gpu->mode == GPUSLICE_HW_MODE_GRAPHICS ?
		    GPUSLICE_GPU_MODE_GRAPHICS : GPUSLICE_GPU_MODE_COMPUTE;
	info.caps = hw_info->mig_capable ? GPUSLICE_GPU_CAP_MIG : 0;
	info.memory_total_mib = hw_info->memory_mib;
	info.memory_used_mib = 0;
	strscpy(info.model, hw_info->model, sizeof(info.model));
	snprintf(info.uuid, sizeof(info.uuid), "GPU-%pUb", &hw_info->uuid);
	mutex_unlock(&gpu->lock);

	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long gpuslice_ctl_ioctl(struct file *file, unsigned int cmd,
			       unsigned long arg)
{
	struct gpuslice_ctl_file *cfile = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case GPUSLICE_IOCTL_GPU_INFO:
		return gpuslice_ctl_gpu_info(gpuslice_ctl_file_gpu(cfile), uarg);
	case GPUSLICE_IOCTL_CHANNEL_CREATE:
		return gpuslice_channel_create_ioctl(cfile, uarg);
	case GPUSLICE_IOCTL_CHANNEL_DESTROY:
		return gpuslice_channel_destroy_ioctl(cfile, uarg);
	case GPUSLICE_IOCTL_SUBMIT:
		return gpuslice_submit_ioctl(cfile, uarg);
	case GPUSLICE_IOCTL_WAIT:
		return gpuslice_wait_ioctl(cfile, uarg);
	case GPUSLICE_IOCTL_SCHED_LOG:
		return gpuslice_sched_log_ioctl(gpuslice_ctl_file_gpu(cfile), uarg);
	default:
		return -ENOTTY;
	}
}

const struct file_operations gpuslice_ctl_fops = {
	.owner = THIS_MODULE,
	.open = gpuslice_ctl_open,
	.release = gpuslice_ctl_release,
	.unlocked_ioctl = gpuslice_ctl_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};
