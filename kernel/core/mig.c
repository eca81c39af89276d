// SPDX-License-Identifier: GPL-2.0-only
/*
 * MIG layouts: a MIG-capable GPU split into GPU instances, each with its
 * profile's SMs, its memory slices and a compute engine of its own, so
 * instances compute in parallel while channels inside one cannot reach
 * another's framebuffer.
 *
 * The core checks a layout against the backend's profile table (the rules
 * of "nvidia-smi mig -cgi": placements, no overlap, compute slices,
 * per-profile maxima) and has the backend program it. Channels are then
 * created inside an instance; whole-GPU channels and time-sliced vGPUs
 * wait until the layout is cleared.
 */
#include <linux/bitops.h>
#include <linux/string.h>

#include "gpuslice.h"

/* Every profile must fit the GPU: slices, placements, SMs, memory. */
static bool gpuslice_mig_profile_valid(const struct gpuslice_hw_info *info,
				       const struct gpuslice_hw_mig_profile *p)
{
	u32 last_start;

	if (!p->name || !p->compute_slices ||
	    p->compute_slices > info->compute_slices || !p->memory_slices ||
	    p->memory_slices > info->memory_slices)
		return false;
	last_start = info->memory_slices - p->memory_slices;
	return p->placements && !(p->placements & ~GENMASK(last_start, 0)) &&
	       p->max_instances &&
	       p->max_instances <= hweight32(p->placements) &&
	       p->sm_count && p->sm_count <= info->sm_count &&
	       p->copy_engines <= info->copy_engines && p->memory_mib &&
	       ((u64)p->memory_mib << 20) <=
	       p->memory_slices * gpuslice_hw_mig_slice_bytes(info);
}

/**
 * gpuslice_mig_info_valid() - is what a backend reports about MIG usable?
 * @hw: the backend's GPU
 *
 * A MIG-capable GPU needs a profile table that fits it, a compute engine
 * for every instance a layout can have, and the mig_program operation.
 */
bool gpuslice_mig_info_valid(const struct gpuslice_hw *hw)
{
	const struct gpuslice_hw_info *info = &hw->info;
	u32 i;

	if (!info->mig_capable)
		return !info->num_mig_profiles;
	if (!hw->ops->mig_program || !info->mig_profiles ||
	    !info->num_mig_profiles || !info->compute_slices ||
	    info->compute_slices > GPUSLICE_MAX_GIS ||
	    !info->memory_slices || info->memory_slices > 32 ||
	    info->num_engines < info->copy_engines + info->compute_slices)
		return false;
	for (i = 0; i < info->num_mig_profiles; i++)
		if (!gpuslice_mig_profile_valid(info, &info->mig_profiles[i]))
			return false;
	return true;
}

/**
 * __gpuslice_mig_bounds() - what a channel in @gpu_instance may use
 * @gpu: the GPU, its lock held and its backend present
 * @gpu_instance: 0 for the whole GPU, N for GPU instance N of the layout
 * @bounds: filled in
 *
 * Return: 0, or -EINVAL for an instance that does not exist, including
 * the whole GPU while a layout splits it.
 */
int __gpuslice_mig_bounds(struct gpuslice_gpu *gpu, u32 gpu_instance,
			  struct gpuslice_mig_bounds *bounds)
{
	const struct gpuslice_hw_info *info = &gpu->hw->info;
	const struct gpuslice_hw_gpu_instance *gi;
	const struct gpuslice_hw_mig_profile *p;

	if (!gpu_instance) {
		if (gpu->num_gis)
			return -EINVAL;
		bounds->compute_engine = GPUSLICE_ENGINE_COMPUTE;
		bounds->sm_count = info->sm_count;
		bounds->vram_offset = 0;
		bounds->vram_size = (u64)info->memory_mib << 20;
		return 0;
	}
	if (gpu_instance > gpu->num_gis)
		return -EINVAL;
	gi = &gpu->gis[gpu_instance - 1];
	p = &info->mig_profiles[gi->profile];
	bounds->compute_engine = gpuslice_hw_gi_engine(info, gpu_instance - 1);
	bounds->sm_count = p->sm_count;
	bounds->vram_offset = gi->start * gpuslice_hw_mig_slice_bytes(info);
	bounds->vram_size = (u64)p->memory_mib << 20;
	return 0;
}

/* The layout rules; logs why a layout breaks one. */
static int gpuslice_mig_layout_check(struct gpuslice_gpu *gpu,
				     const struct gpuslice_hw_gpu_instance *gis,
				     u32 count)
{
	const struct gpuslice_hw_info *info = &gpu->hw->info;
	const struct gpuslice_hw_mig_profile *p;
	u32 i, j, same, mask, memory = 0, compute = 0;

	if (count > info->compute_slices) {
		dev_err_ratelimited(&gpu->dev, "mig: at most %u GPU instances\n",
				    info->compute_slices);
		return -EINVAL;
	}
	for (i = 0; i < count; i++) {
		if (gis[i].profile >= info->num_mig_profiles)
			return -EINVAL;
		p = &info->mig_profiles[gis[i].profile];
		if (gis[i].start >= info->memory_slices ||
		    !(p->placements & BIT(gis[i].start))) {
			dev_err_ratelimited(&gpu->dev, "mig: profile %u (%s) cannot start at memory slice %u\n",
					    p->id, p->name, gis[i].start);
			return -EINVAL;
		}
		mask = GENMASK(gis[i].start + p->memory_slices - 1,
			       gis[i].start);
		if (memory & mask) {
			dev_err_ratelimited(&gpu->dev, "mig: profile %u (%s) at memory slice %u overlaps another GPU instance\n",
					    p->id, p->name, gis[i].start);
			return -EINVAL;
		}
		memory |= mask;
		compute += p->compute_slices;
		if (compute > info->compute_slices) {
			dev_err_ratelimited(&gpu->dev, "mig: the GPU instances need more than %u compute slices\n",
					    info->compute_slices);
			return -EINVAL;
		}
		for (same = 0, j = 0; j <= i; j++)
			same += gis[j].profile == gis[i].profile;
		if (same > p->max_instances) {
			dev_err_ratelimited(&gpu->dev, "mig: at most %u GPU instances of profile %u (%s)\n",
					    p->max_instances, p->id, p->name);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * gpuslice_mig_program() - split the GPU into GPU instances, or rejoin it
 * @gpu: the GPU
 * @gis: the instances, in the order they are numbered (from 1)
 * @count: how many; 0 makes the GPU one whole partition again
 *
 * Return: 0; -EOPNOTSUPP if the GPU is not MIG-capable; -EINVAL for a
 * layout that breaks the profile table's rules; -EBUSY in graphics mode
 * or while channels or vGPUs exist; -ENODEV once the GPU is gone; or the
 * backend's error. On error the previous layout stays.
 */
int gpuslice_mig_program(struct gpuslice_gpu *gpu,
			 const struct gpuslice_hw_gpu_instance *gis, u32 count)
{
	const struct gpuslice_hw_info *info;
	int err;

	mutex_lock(&gpu->lock);
	if (!gpu->hw) {
		err = -ENODEV;
		goto out_unlock;
	}
	info = &gpu->hw->info;
	if (!info->mig_capable) {
		err = -EOPNOTSUPP;
		goto out_unlock;
	}
	if (gpu->mode != GPUSLICE_HW_MODE_COMPUTE ||
	    !list_empty(&gpu->channels) || gpu->nr_vgpus) {
		dev_err_ratelimited(&gpu->dev, "mig: the GPU must be in compute mode with no channel and no vGPU\n");
		err = -EBUSY;
		goto out_unlock;
	}
	err = gpuslice_mig_layout_check(gpu, gis, count);
	if (err)
		goto out_unlock;
	err = gpu->hw->ops->mig_program(gpu->hw, gis, count);
	if (err)
		goto out_unlock;

	memcpy(gpu->gis, gis, count * sizeof(*gis));
	gpu->num_gis = count;
out_unlock:
	mutex_unlock(&gpu->lock);
	return err;
}
