// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated GPU's interrupt controller: one line per GPU, a real Linux
 * interrupt from a private irq_domain, so the core claims it with
 * request_irq() and it counts in /proc/interrupts.
 */
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>

#include "gpuslice_sim.h"

#define GPUSLICE_SIM_HWIRQ	0

/* Level semantics are modelled in the register file, so the chip has
 * nothing to mask.
 */
static void gpuslice_sim_irq_noop(struct irq_data *data)
{
}

static struct irq_chip gpuslice_sim_irq_chip = {
	.name = DRV_NAME,
	.irq_mask = gpuslice_sim_irq_noop,
	.irq_unmask = gpuslice_sim_irq_noop,
};

static int gpuslice_sim_irq_map(struct irq_domain *domain, unsigned int virq,
				irq_hw_number_t hw)
{
	irq_set_chip_data(virq, domain->host_data);
	irq_set_chip_and_handler(virq, &gpuslice_sim_irq_chip,
				 handle_simple_irq);
	/* Requestable, enabled on request, never probed. */
	irq_modify_status(virq, IRQ_NOREQUEST | IRQ_NOAUTOEN, IRQ_NOPROBE);
	return 0;
}

static const struct irq_domain_ops gpuslice_sim_irq_ops = {
	.map = gpuslice_sim_irq_map,
	.xlate = irq_domain_xlate_onecell,
};

/* The line fires: runs in hard interrupt context. */
static void gpuslice_sim_irq_work_fn(struct irq_work *work)
{
	struct gpuslice_sim_dev *sdev = container_of(work,
						     struct gpuslice_sim_dev,
						     irq_work);

	generic_handle_domain_irq_safe(sdev->irq_domain, GPUSLICE_SIM_HWIRQ);
}

/* Raise the line unconditionally (also used to inject spurious ones). */
void gpuslice_sim_irq_raise(struct gpuslice_sim_dev *sdev)
{
	irq_work_queue(&sdev->irq_work);
}

/* INTR_STATUS: engines with enabled causes pending, and device errors. */
u32 gpuslice_sim_irq_status(struct gpuslice_sim_dev *sdev)
{
	unsigned long flags;
	u32 status = 0;
	u32 e;

	for (e = 0; e < sdev->num_engines; e++)
		if (gpuslice_sim_engine_pending(&sdev->engines[e]))
			status |= BIT(e);

	spin_lock_irqsave(&sdev->lock, flags);
	if (sdev->error_status)
		status |= GPUSLICE_INTR_DEVICE_ERROR;
	spin_unlock_irqrestore(&sdev->lock, flags);
	return status;
}

/* Raise the line if interrupts are enabled and a cause is pending. */
void gpuslice_sim_irq_update(struct gpuslice_sim_dev *sdev)
{
	unsigned long flags;
	bool enabled;

	spin_lock_irqsave(&sdev->lock, flags);
	enabled = sdev->intr_enable;
	spin_unlock_irqrestore(&sdev->lock, flags);

	if (enabled && gpuslice_sim_irq_status(sdev))
		gpuslice_sim_irq_raise(sdev);
}

int gpuslice_sim_irq_init(struct gpuslice_sim_dev *sdev)
{
	int virq;

	init_irq_work(&sdev->irq_work, gpuslice_sim_irq_work_fn);

	sdev->irq_fwnode = irq_domain_alloc_named_fwnode(dev_name(&sdev->dev));
	if (!sdev->irq_fwnode)
		return -ENOMEM;

	sdev->irq_domain = irq_domain_create_linear(sdev->irq_fwnode, 1,
						    &gpuslice_sim_irq_ops, sdev);
	if (!sdev->irq_domain)
		goto err_free_fwnode;

	virq = irq_create_mapping(sdev->irq_domain, GPUSLICE_SIM_HWIRQ);
	if (!virq)
		goto err_domain_remove;

	sdev->hw.irq = virq;
	return 0;

err_domain_remove:
	irq_domain_remove(sdev->irq_domain);
err_free_fwnode:
	irq_domain_free_fwnode(sdev->irq_fwnode);
	return -ENOMEM;
}

void gpuslice_sim_irq_exit(struct gpuslice_sim_dev *sdev)
{
	irq_work_sync(&sdev->irq_work);
	irq_dispose_mapping(sdev->hw.irq);
	irq_domain_remove(sdev->irq_domain);
	irq_domain_free_fwnode(sdev->irq_fwnode);
}
