// SPDX-License-Identifier: GPL-2.0-only
/*
 * One simulated GPU: its hardware (framebuffer, engines, interrupt
 * controller), brought up when its sim bus device is probed and handed to
 * the core through the backend seam.
 */
#include <linux/string.h>
#include <linux/uuid.h>

#include "gpuslice_sim.h"

static const struct gpuslice_hw_ops gpuslice_sim_hw_ops = {
	.reg_read = gpuslice_sim_reg_read,
	.reg_write = gpuslice_sim_reg_write,
	.vram_page = gpuslice_sim_vram_page,
	.vram_scrub = gpuslice_sim_vram_scrub,
	.ctx_create = gpuslice_sim_ctx_create,
	.ctx_destroy = gpuslice_sim_ctx_destroy,
	.submit = gpuslice_sim_submit,
	.sriov_configure = gpuslice_sim_sriov_configure,
	.mig_program = gpuslice_sim_mig_program,
};

/*
 * Stable per simulated id, so scripts and tests can rely on it: a fixed
 * random prefix, the id in the last four bytes, RFC 4122 version 4 bits.
 */
static void gpuslice_sim_make_uuid(uuid_t *uuid, unsigned int id)
{
	static const u8 prefix[12] = { 0x7a, 0x3c, 0x51, 0x9e, 0x04, 0xd2,
				       0x4b, 0x8f, 0x9a, 0x61, 0x2e, 0x5c };
	__be32 be_id = cpu_to_be32(id);

	memcpy(uuid->b, prefix, sizeof(prefix));
	memcpy(&uuid->b[12], &be_id, sizeof(be_id));
	uuid->b[6] = (uuid->b[6] & 0x0f) | 0x40;
	uuid->b[8] = (uuid->b[8] & 0x3f) | 0x80;
}

static void gpuslice_sim_dev_fill_info(struct gpuslice_sim_dev *sdev)
{
	const struct gpuslice_sim_model *model = sdev->model;
	struct gpuslice_hw_info *info = &sdev->hw.info;

	info->model = model->name;
	info->board = model->board;
	info->vbios_version = model->vbios_version;
	gpuslice_sim_make_uuid(&info->uuid, sdev->id);
	info->sm_count = model->sm_count;
	info->memory_mib = model->memory_mib;
	info->copy_engines = model->copy_engines;
	info->decoders = model->decoders;
	info->compute_slices = GPUSLICE_SIM_COMPUTE_SLICES;
	info->memory_slices = GPUSLICE_SIM_MEMORY_SLICES;
	info->total_vfs = model->total_vfs;
	info->mig_capable = model->num_mig_profiles > 0;
	info->mig_profiles = model->mig_profiles;
	info->num_mig_profiles = model->num_mig_profiles;
	info->num_engines = sdev->num_engines;
	info->preempt_granularity_ns = GPUSLICE_SIM_PREEMPT_NS;
}

int gpuslice_sim_dev_probe(struct gpuslice_sim_dev *sdev)
{
	int err;

	spin_lock_init(&sdev->lock);
	gpuslice_sim_vram_init(sdev);

	err = gpuslice_sim_engines_init(sdev);
	if (err)
		goto err_vram_exit;

	err = gpuslice_sim_irq_init(sdev);
	if (err)
		goto err_engines_exit;

	sdev->hw.dev = &sdev->dev;
	sdev->hw.ops = &gpuslice_sim_hw_ops;
	gpuslice_sim_dev_fill_info(sdev);
	err = gpuslice_register_gpu(&sdev->hw);
	if (err)
		goto err_irq_exit;

	gpuslice_sim_dev_debugfs_init(sdev);
	return 0;

err_irq_exit:
	gpuslice_sim_irq_exit(sdev);
err_engines_exit:
	gpuslice_sim_engines_exit(sdev);
err_vram_exit:
	gpuslice_sim_vram_exit(sdev);
	return err;
}

void gpuslice_sim_dev_remove(struct gpuslice_sim_dev *sdev)
{
	gpuslice_sim_dev_debugfs_exit(sdev);
	gpuslice_unregister_gpu(&sdev->hw);
	gpuslice_sim_irq_exit(sdev);
	gpuslice_sim_engines_exit(sdev);
	gpuslice_sim_vram_exit(sdev);
}
