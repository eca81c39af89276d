// SPDX-License-Identifier: GPL-2.0-only
/*
 * The GPU's interrupt handler: walks the interrupt tree of
 * gpuslice_hw_regs.h, acknowledges every cause, wakes fence waiters and
 * hands scheduling events to the engine work.
 */
#include <linux/interrupt.h>

#include <linux/gpuslice_vgpu.h>

#include "gpuslice.h"

static void gpuslice_engine_isr(struct gpuslice_engine *eng)
{
	struct gpuslice_gpu *gpu = eng->gpu;
	u32 causes;

	causes = gpuslice_eng_read(eng, GPUSLICE_ENG_INTR_STATUS);
	gpuslice_eng_write(eng, GPUSLICE_ENG_INTR_STATUS, causes);
	/* When the slice being preempted really ended. */
	if (causes & GPUSLICE_ENG_INTR_PREEMPTED)
		atomic64_set(&eng->preempted_at, ktime_get_ns());

	if (causes & GPUSLICE_ENG_INTR_FAULT)
		dev_info_ratelimited(&gpu->dev,
				     "engine %u: context %u faulted (code %u)\n",
				     eng->index,
				     gpuslice_eng_read(eng, GPUSLICE_ENG_FAULT_CTX),
				     gpuslice_eng_read(eng, GPUSLICE_ENG_FAULT_CODE));
	/* Scheduling decisions and event delivery happen in process context. */
	if (causes)
		queue_work(gpuslice_wq, &eng->work);
}

irqreturn_t gpuslice_gpu_isr(int irq, void *data)
{
	struct gpuslice_gpu *gpu = data;
	unsigned long engines;
	u32 status, errors, e;

	status = gpuslice_reg_read(gpu, GPUSLICE_REG_INTR_STATUS);
	if (!status) {
		atomic64_inc(&gpu->irq_spurious);
		return IRQ_NONE;
	}
	atomic64_inc(&gpu->irq_handled);

	if (status & GPUSLICE_INTR_DEVICE_ERROR) {
		errors = gpuslice_reg_read(gpu, GPUSLICE_REG_ERROR_STATUS);
		gpuslice_reg_write(gpu, GPUSLICE_REG_ERROR_STATUS, errors);
		atomic64_inc(&gpu->irq_errors);
		dev_err_ratelimited(&gpu->dev, "device error 0x%08x\n", errors);
	}

	engines = status & ~GPUSLICE_INTR_DEVICE_ERROR;
	for_each_set_bit(e, &engines, gpu->num_engines)
		gpuslice_engine_isr(&gpu->engines[e]);

	wake_up_all(&gpu->fence_wq);
	return IRQ_HANDLED;
}
