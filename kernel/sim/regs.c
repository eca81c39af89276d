// SPDX-License-Identifier: GPL-2.0-only
/*
 * The BAR0 register file of the simulated GPU (gpuslice_hw_regs.h): the
 * only way the core reaches the device. Callable from any context.
 */
#include <linux/ktime.h>

#include "gpuslice_sim.h"

static u32 gpuslice_sim_timestamp_read(struct gpuslice_sim_dev *sdev,
				       bool high)
{
	/* The counter is ktime itself, so the HI half is always coherent. */
	u64 now = ktime_get_ns();

	return high ? upper_32_bits(now) : lower_32_bits(now);
}

/* The engine whose register block holds @offset, or NULL. */
static struct gpuslice_sim_engine *
gpuslice_sim_engine_at(struct gpuslice_sim_dev *sdev, u32 offset)
{
	u32 index;

	if (offset < GPUSLICE_REG_ENGINE(0))
		return NULL;
	index = (offset - GPUSLICE_REG_ENGINE(0)) / 0x100;
	return index < sdev->num_engines ? &sdev->engines[index] : NULL;
}

u32 gpuslice_sim_reg_read(struct gpuslice_hw *hw, u32 offset)
{
	struct gpuslice_sim_dev *sdev = hw_to_sim(hw);
	struct gpuslice_sim_engine *eng;
	unsigned long flags;
	u32 value = 0;

	eng = gpuslice_sim_engine_at(sdev, offset);
	if (eng)
		return gpuslice_sim_engine_reg_read(eng, offset & 0xff);

	switch (offset) {
	case GPUSLICE_REG_ID:
		return GPUSLICE_HW_ID;
	case GPUSLICE_REG_REVISION:
		return GPUSLICE_HW_REVISION;
	case GPUSLICE_REG_NUM_ENGINES:
		return sdev->num_engines;
	case GPUSLICE_REG_TIMESTAMP_LO:
		return gpuslice_sim_timestamp_read(sdev, false);
	case GPUSLICE_REG_TIMESTAMP_HI:
		return gpuslice_sim_timestamp_read(sdev, true);
	case GPUSLICE_REG_INTR_STATUS:
		return gpuslice_sim_irq_status(sdev);
	case GPUSLICE_REG_INTR_ENABLE:
		spin_lock_irqsave(&sdev->lock, flags);
		value = sdev->intr_enable;
		spin_unlock_irqrestore(&sdev->lock, flags);
		return value;
	case GPUSLICE_REG_ERROR_STATUS:
		spin_lock_irqsave(&sdev->lock, flags);
		value = sdev->error_status;
		spin_unlock_irqrestore(&sdev->lock, flags);
		return value;
	case GPUSLICE_REG_SRIOV_NUM_VFS:
		spin_lock_irqsave(&sdev->lock, flags);
		value = sdev->num_vfs;
		spin_unlock_irqrestore(&sdev->lock, flags);
		return value;
	default:
		/* Unimplemented registers read as zero, as on hardware. */
		return 0;
	}
}

void gpuslice_sim_reg_write(struct gpuslice_hw *hw, u32 offset, u32 value)
{
	struct gpuslice_sim_dev *sdev = hw_to_sim(hw);
	struct gpuslice_sim_engine *eng;
	unsigned long flags;

	eng = gpuslice_sim_engine_at(sdev, offset);
	if (eng) {
		gpuslice_sim_engine_reg_write(eng, offset & 0xff, value);
		return;
	}

	switch (offset) {
	case GPUSLICE_REG_INTR_ENABLE:
		spin_lock_irqsave(&sdev->lock, flags);
		sdev->intr_enable = value & 1;
		spin_unlock_irqrestore(&sdev->lock, flags);
		/* Enabling with causes pending raises the line. */
		gpuslice_sim_irq_update(sdev);
		break;
	case GPUSLICE_REG_ERROR_STATUS:
		/* Write one to clear. */
		spin_lock_irqsave(&sdev->lock, flags);
		sdev->error_status &= ~value;
		spin_unlock_irqrestore(&sdev->lock, flags);
		gpuslice_sim_irq_update(sdev);
		break;
	default:
		/* Read-only and unimplemented registers ignore writes. */
		break;
	}
}

/* The PF's SR-IOV capability: VFs appear only from zero, as on PCI. */
int gpuslice_sim_sriov_configure(struct gpuslice_hw *hw, u32 num_vfs)
{
	struct gpuslice_sim_dev *sdev = hw_to_sim(hw);
	int err = 0;

	if (num_vfs > sdev->model->total_vfs)
		return -ERANGE;
	spin_lock_irq(&sdev->lock);
	if (num_vfs && sdev->num_vfs)
		err = -EBUSY;
	else
		sdev->num_vfs = num_vfs;
	spin_unlock_irq(&sdev->lock);
	return err;
}
