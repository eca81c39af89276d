// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulator's test plane, netdevsim style, under
 * /sys/kernel/debug/gpuslice_sim/simN/ (Documentation/fault-injection.rst):
 *
 *   fail_vram_alloc	the next framebuffer page allocation fails
 *   fail_engine_cmd	the next command an engine executes faults
 *   raise_spurious_irq	write 1: raise the line with nothing pending
 *   raise_error_irq	write 1: set ERROR_STATUS and raise the line
 *   vram		the framebuffer, readable and writable at any offset
 *   vram_resident_bytes	host memory the framebuffer uses
 *   engines		engine and context state, as the hardware sees it
 *   mig		the programmed MIG layout, one GPU instance per line
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "gpuslice_sim.h"

static struct dentry *gpuslice_sim_debugfs_root;

static ssize_t gpuslice_sim_raise_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos, bool error)
{
	struct gpuslice_sim_dev *sdev = file->private_data;
	unsigned long flags;
	bool raise;
	int err;

	err = kstrtobool_from_user(ubuf, count, &raise);
	if (err)
		return err;
	if (!raise)
		return count;

	if (error) {
		spin_lock_irqsave(&sdev->lock, flags);
		sdev->error_status |= GPUSLICE_ERROR_INTERNAL;
		spin_unlock_irqrestore(&sdev->lock, flags);
		gpuslice_sim_irq_update(sdev);
	} else {
		gpuslice_sim_irq_raise(sdev);
	}
	return count;
}

static ssize_t gpuslice_sim_spurious_write(struct file *file,
					   const char __user *ubuf,
					   size_t count, loff_t *ppos)
{
	return gpuslice_sim_raise_write(file, ubuf, count, ppos, false);
}

static ssize_t gpuslice_sim_error_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	return gpuslice_sim_raise_write(file, ubuf, count, ppos, true);
}

static const struct file_operations gpuslice_sim_spurious_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = gpuslice_sim_spurious_write,
};

static const struct file_operations gpuslice_sim_error_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = gpuslice_sim_error_write,
};

/* Bounce through a page so a large read or write stays bounded. */
static ssize_t gpuslice_sim_vram_xfer(struct file *file, char __user *ubuf,
				      size_t count, loff_t *ppos, bool write)
{
	struct gpuslice_sim_dev *sdev = file->private_data;
	u64 size = (u64)sdev->model->memory_mib << 20;
	size_t done = 0;
	void *bounce;
	int err = 0;

	if (*ppos < 0 || *ppos >= size)
		return write ? -ENOSPC : 0;
	count = min_t(u64, count, size - *ppos);

	bounce = (void *)__get_free_page(GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

	while (done < count && !err) {
		size_t len = min_t(size_t, count - done, PAGE_SIZE);

		if (write) {
			if (copy_from_user(bounce, ubuf + done, len))
				err = -EFAULT;
			else
				err = gpuslice_sim_vram_rw(sdev, *ppos + done,
							   bounce, len, true);
		} else {
			err = gpuslice_sim_vram_rw(sdev, *ppos + done, bounce,
						   len, false);
			if (!err && copy_to_user(ubuf + done, bounce, len))
				err = -EFAULT;
		}
		if (!err)
			done += len;
	}

	free_page((unsigned long)bounce);
	*ppos += done;
	return done ? done : err;
}

static ssize_t gpuslice_sim_vram_read(struct file *file, char __user *ubuf,
				      size_t count, loff_t *ppos)
{
	return gpuslice_sim_vram_xfer(file, ubuf, count, ppos, false);
}

static ssize_t gpuslice_sim_vram_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	return gpuslice_sim_vram_xfer(file, (char __user *)ubuf, count, ppos,
				      true);
}

static const struct file_operations gpuslice_sim_vram_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = gpuslice_sim_vram_read,
	.write = gpuslice_sim_vram_write,
	.llseek = default_llseek,
};

static int gpuslice_sim_resident_get(void *data, u64 *val)
{
	struct gpuslice_sim_dev *sdev = data;

	*val = atomic64_read(&sdev->vram_resident) << PAGE_SHIFT;
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(gpuslice_sim_resident_fops,
			 gpuslice_sim_resident_get, NULL, "%llu\n");

/* Engine state and each context's queue, as the hardware sees them. */
static int gpuslice_sim_engines_show(struct seq_file *m, void *data)
{
	struct gpuslice_sim_dev *sdev = m->private;
	struct gpuslice_sim_ctx *ctx;
	unsigned long id;
	u32 e;

	for (e = 0; e < sdev->num_engines; e++) {
		struct gpuslice_sim_engine *eng = &sdev->engines[e];

		spin_lock_irq(&eng->lock);
		seq_printf(m, "engine %u: cur %d status 0x%x intr 0x%x/0x%x computing %d preempt_req %d timer_preempt %d\n",
			   e, eng->cur ? (int)eng->cur->hw.id : -1, eng->status,
			   eng->intr_status, eng->intr_mask, eng->computing,
			   eng->preempt_req, eng->timer_preempt);
		spin_unlock_irq(&eng->lock);
	}
	xa_for_each(&sdev->contexts, id, ctx) {
		spin_lock_irq(&ctx->engine->lock);
		seq_printf(m, "ctx %lu engine %u: head %u tail %u compute_left %llu op_done %llu fault %d\n",
			   id, ctx->engine->index, ctx->head, ctx->tail,
			   ctx->compute_left_ns, ctx->op_done,
			   atomic_read(&ctx->hw.fault));
		spin_unlock_irq(&ctx->engine->lock);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gpuslice_sim_engines);

/* "GI PROFILE_ID ENGINE SM_COUNT VRAM_BASE VRAM_SIZE", bytes in hex. */
static int gpuslice_sim_mig_show(struct seq_file *m, void *data)
{
	struct gpuslice_sim_dev *sdev = m->private;
	const struct gpuslice_sim_gi *gi;
	u32 i;

	mutex_lock(&sdev->mig_lock);
	for (i = 0; i < sdev->num_gis; i++) {
		gi = &sdev->gis[i];
		seq_printf(m, "%u %u %u %u 0x%llx 0x%llx\n", i, gi->profile->id,
			   gi->engine, gi->profile->sm_count, gi->vram_base,
			   gi->vram_size);
	}
	mutex_unlock(&sdev->mig_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gpuslice_sim_mig);

void gpuslice_sim_dev_debugfs_init(struct gpuslice_sim_dev *sdev)
{
	struct dentry *dir;

	dir = debugfs_create_dir(dev_name(&sdev->dev),
				 gpuslice_sim_debugfs_root);
	sdev->debugfs = dir;
	debugfs_create_bool("fail_vram_alloc", 0600, dir,
			    &sdev->fail_vram_alloc);
	debugfs_create_bool("fail_engine_cmd", 0600, dir,
			    &sdev->fail_engine_cmd);
	debugfs_create_file("raise_spurious_irq", 0200, dir, sdev,
			    &gpuslice_sim_spurious_fops);
	debugfs_create_file("raise_error_irq", 0200, dir, sdev,
			    &gpuslice_sim_error_fops);
	debugfs_create_file_size("vram", 0600, dir, sdev,
				 &gpuslice_sim_vram_fops,
				 (u64)sdev->model->memory_mib << 20);
	debugfs_create_file_unsafe("vram_resident_bytes", 0400, dir, sdev,
				   &gpuslice_sim_resident_fops);
	debugfs_create_file("engines", 0400, dir, sdev,
			    &gpuslice_sim_engines_fops);
	debugfs_create_file("mig", 0400, dir, sdev, &gpuslice_sim_mig_fops);
}

void gpuslice_sim_dev_debugfs_exit(struct gpuslice_sim_dev *sdev)
{
	debugfs_remove_recursive(sdev->debugfs);
}

void gpuslice_sim_debugfs_init(void)
{
	gpuslice_sim_debugfs_root = debugfs_create_dir(DRV_NAME, NULL);
}

void gpuslice_sim_debugfs_exit(void)
{
	debugfs_remove_recursive(gpuslice_sim_debugfs_root);
}
