// SPDX-License-Identifier: GPL-2.0-only
/*
 * Core counters in /sys/kernel/debug/gpuslice/gpuN/:
 *
 *   irq_handled	interrupts with a cause
 *   irq_spurious	interrupts with nothing pending (IRQ_NONE)
 *   irq_errors	device error interrupts
 *   sched_state	each engine's scheduler state and entities
 *   mig_profiles	the GPU-instance profiles its backend reports
 *   mig_instances	the MIG layout; write "ID:START[,ID:START...]" (profile
 *			ids, start memory slices) to program one, "none"
 *			to make the GPU whole again
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "gpuslice.h"

static struct dentry *gpuslice_debugfs_root;

static int gpuslice_atomic64_get(void *data, u64 *val)
{
	*val = atomic64_read(data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(gpuslice_atomic64_fops, gpuslice_atomic64_get, NULL,
			 "%llu\n");

/* The scheduler's state of every engine, for people and bug reports. */
static int gpuslice_sched_state_show(struct seq_file *m, void *data)
{
	struct gpuslice_gpu *gpu = m->private;
	struct gpuslice_channel *chan;
	u32 e;

	mutex_lock(&gpu->lock);
	for (e = 0; gpu->hw && e < gpu->num_engines; e++) {
		struct gpuslice_engine *eng = &gpu->engines[e];

		if (list_empty(&eng->entities))
			continue;
		seq_printf(m, "engine %u: status 0x%x cur %u slot %u in_slice %d preempting %d target %llu\n",
			   e, gpuslice_eng_read(eng, GPUSLICE_ENG_STATUS),
			   eng->cur ? eng->cur->se->id : 0,
			   eng->slot ? eng->slot->se->id : 0, eng->in_slice,
			   eng->preempting, eng->slice_target_ns);
		list_for_each_entry(chan, &eng->entities, run_link)
			seq_printf(m, "  entity %u ctx %u pending %d waiting %d slices %llu fence %lld\n",
				   chan->se->id, chan->ctx->id, chan->pending,
				   chan->se->waiting, chan->se->slices,
				   (s64)atomic64_read(&chan->ctx->fence));
	}
	mutex_unlock(&gpu->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gpuslice_sched_state);

/*
 * One line per profile, "nvidia-smi mig -lgipp" placements:
 * ID NAME COMPUTE_SLICES MEMORY_SLICES {STARTS}:SIZE MAX SMS CES MEMORY_MIB
 */
static int gpuslice_mig_profiles_show(struct seq_file *m, void *data)
{
	const struct gpuslice_hw_info *info = m->private;
	const struct gpuslice_hw_mig_profile *p;
	unsigned long starts;
	unsigned int bit;
	u32 i;

	seq_puts(m, "# id name compute_slices memory_slices placements max_instances sm_count copy_engines memory_mib\n");
	for (i = 0; i < info->num_mig_profiles; i++) {
		p = &info->mig_profiles[i];
		starts = p->placements;
		seq_printf(m, "%u %s %u %u {", p->id, p->name,
			   p->compute_slices, p->memory_slices);
		for_each_set_bit(bit, &starts, BITS_PER_TYPE(u32))
			seq_printf(m, "%s%u", bit == __ffs(starts) ? "" : ",",
				   bit);
		seq_printf(m, "}:%u %u %u %u %u\n", p->memory_slices,
			   p->max_instances, p->sm_count, p->copy_engines,
			   p->memory_mib);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(gpuslice_mig_profiles);

/*
 * One line per GPU instance, numbered from 1 as channels address them:
 * GI PROFILE_ID NAME START ENGINE SM_COUNT MEMORY_OFFSET_MIB MEMORY_MIB
 */
static int gpuslice_mig_instances_show(struct seq_file *m, void *data)
{
	struct gpuslice_gpu *gpu = m->private;
	const struct gpuslice_hw_mig_profile *p;
	struct gpuslice_mig_bounds b;
	u32 n;

	seq_puts(m, "# gi profile_id name start engine sm_count memory_offset_mib memory_mib\n");
	mutex_lock(&gpu->lock);
	for (n = 1; n <= gpu->num_gis; n++) {
		p = &gpu->hw->info.mig_profiles[gpu->gis[n - 1].profile];
		__gpuslice_mig_bounds(gpu, n, &b);
		seq_printf(m, "%u %u %s %u %u %u %llu %llu\n", n, p->id,
			   p->name, gpu->gis[n - 1].start, b.compute_engine,
			   b.sm_count, b.vram_offset >> 20, b.vram_size >> 20);
	}
	mutex_unlock(&gpu->lock);
	return 0;
}

static int gpuslice_mig_instances_open(struct inode *inode, struct file *file)
{
	return single_open(file, gpuslice_mig_instances_show,
			   inode->i_private);
}

/* "ID:START" -> an instance; -EINVAL for bad syntax or an unknown id. */
static int gpuslice_mig_parse_one(const struct gpuslice_hw_info *info,
				  char *tok, struct gpuslice_hw_gpu_instance *gi)
{
	char *colon = strchr(tok, ':');
	u32 id, i;

	if (!colon)
		return -EINVAL;
	*colon = '\0';
	if (kstrtou32(tok, 10, &id) || kstrtou32(colon + 1, 10, &gi->start))
		return -EINVAL;
	for (i = 0; i < info->num_mig_profiles; i++) {
		if (info->mig_profiles[i].id == id) {
			gi->profile = i;
			return 0;
		}
	}
	return -EINVAL;
}

static ssize_t gpuslice_mig_instances_write(struct file *file,
					    const char __user *ubuf,
					    size_t count, loff_t *ppos)
{
	struct gpuslice_gpu *gpu = file_inode(file)->i_private;
	struct gpuslice_hw_gpu_instance gis[GPUSLICE_MAX_GIS];
	char *buf, *line, *tok;
	u32 n = 0;
	int err = 0;

	if (count > 256)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	line = strim(buf);
	if (strcmp(line, "none")) {
		while (!err && (tok = strsep(&line, ","))) {
			if (n == GPUSLICE_MAX_GIS)
				err = -EINVAL;
			else
				err = gpuslice_mig_parse_one(&gpu->hw->info,
							     strim(tok),
							     &gis[n++]);
		}
		if (err)
			dev_err_ratelimited(&gpu->dev, "mig_instances: expected \"none\" or \"ID:START[,ID:START...]\" with the profile ids of mig_profiles\n");
	}
	kfree(buf);
	if (!err)
		err = gpuslice_mig_program(gpu, gis, n);
	return err ? err : count;
}

static const struct file_operations gpuslice_mig_instances_fops = {
	.owner = THIS_MODULE,
	.open = gpuslice_mig_instances_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = gpuslice_mig_instances_write,
};

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
	debugfs_create_file("sched_state", 0400, dir, gpu,
			    &gpuslice_sched_state_fops);
	debugfs_create_file("mig_profiles", 0400, dir, &gpu->hw->info,
			    &gpuslice_mig_profiles_fops);
	debugfs_create_file("mig_instances", 0600, dir, gpu,
			    &gpuslice_mig_instances_fops);
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
