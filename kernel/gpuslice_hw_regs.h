/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * BAR0 register map of a gpuslice-compatible GPU: identification, the
 * free-running timestamp, the interrupt tree and one block per engine.
 * The core programs these through gpuslice_hw_ops.reg_read/reg_write; a
 * backend implements them with the side effects documented here.
 */
#ifndef _GPUSLICE_HW_REGS_H
#define _GPUSLICE_HW_REGS_H

#include <linux/bits.h>

#define GPUSLICE_REG_ID			0x0000	/* RO: GPUSLICE_HW_ID */
#define GPUSLICE_REG_REVISION		0x0004	/* RO: register map revision */
#define GPUSLICE_REG_NUM_ENGINES	0x0008	/* RO */
#define GPUSLICE_REG_TIMESTAMP_LO	0x0010	/* RO: ns; reading LO latches HI */
#define GPUSLICE_REG_TIMESTAMP_HI	0x0014	/* RO */
#define GPUSLICE_REG_SRIOV_NUM_VFS	0x0020	/* RO: enabled virtual functions */

#define GPUSLICE_HW_ID			0x47534c43	/* "GSLC" */
#define GPUSLICE_HW_REVISION		1

/*
 * Top of the interrupt tree. INTR_STATUS bit e is set while engine e has
 * an enabled cause pending; GPUSLICE_INTR_DEVICE_ERROR while ERROR_STATUS
 * is non-zero. The line is raised whenever a cause becomes pending and
 * INTR_ENABLE is set, and again after an acknowledge that leaves causes
 * pending.
 */
#define GPUSLICE_REG_INTR_STATUS	0x0100	/* RO */
#define GPUSLICE_REG_INTR_ENABLE	0x0104	/* RW: bit 0 master enable */
#define GPUSLICE_REG_ERROR_STATUS	0x0108	/* RW1C: device error causes */
#define GPUSLICE_INTR_DEVICE_ERROR	BIT(31)
#define GPUSLICE_ERROR_INTERNAL		BIT(0)

#define GPUSLICE_MAX_ENGINES		16
#define GPUSLICE_REG_ENGINE(e)		(0x1000 + (e) * 0x100)

/* Offsets inside an engine block. */
#define GPUSLICE_ENG_CLASS		0x00	/* RO: GPUSLICE_ENGINE_CLASS_* */
#define GPUSLICE_ENG_CTRL		0x04	/* WO: GPUSLICE_ENG_CTRL_* */
#define GPUSLICE_ENG_STATUS		0x08	/* RO: GPUSLICE_ENG_STATUS_* */
#define GPUSLICE_ENG_CTX		0x0c	/* RW: context id RUN loads */
#define GPUSLICE_ENG_DOORBELL		0x10	/* WO: context id with new work */
#define GPUSLICE_ENG_INTR_STATUS	0x14	/* RW1C: GPUSLICE_ENG_INTR_* */
#define GPUSLICE_ENG_INTR_MASK		0x18	/* RW: 1 enables a cause */
#define GPUSLICE_ENG_FAULT_CTX		0x1c	/* RO: context of the last fault */
#define GPUSLICE_ENG_FAULT_CODE		0x20	/* RO: GPUSLICE_FAULT_* */

#define GPUSLICE_ENGINE_CLASS_COMPUTE	0
#define GPUSLICE_ENGINE_CLASS_COPY	1

/* RUN: load ENG_CTX (restoring its saved state) and execute its queue. */
#define GPUSLICE_ENG_CTRL_RUN		BIT(0)
/* PREEMPT: stop at the next preemption boundary and save the context. */
#define GPUSLICE_ENG_CTRL_PREEMPT	BIT(1)
/* RESET: drop the loaded context at once, faulting its queued work. */
#define GPUSLICE_ENG_CTRL_RESET		BIT(2)

#define GPUSLICE_ENG_STATUS_BUSY	BIT(0)	/* a context is executing */
#define GPUSLICE_ENG_STATUS_LOADED	BIT(1)	/* a context is loaded */
#define GPUSLICE_ENG_STATUS_PREEMPTING	BIT(2)

#define GPUSLICE_ENG_INTR_FENCE		BIT(0)	/* an IRQ fence signalled */
#define GPUSLICE_ENG_INTR_IDLE		BIT(1)	/* loaded context ran dry */
#define GPUSLICE_ENG_INTR_PREEMPTED	BIT(2)	/* preemption completed */
#define GPUSLICE_ENG_INTR_FAULT		BIT(3)	/* a context faulted */
#define GPUSLICE_ENG_INTR_ALL		GENMASK(3, 0)

#endif /* _GPUSLICE_HW_REGS_H */
