// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPUs: the mdev driver and, per vGPU, a VFIO PCI device with an emulated
 * IOMMU that presents the virtual device of uapi/linux/gpuslice_vgpu.h:
 *
 * - config space with an MSI capability, so QEMU's vfio-pci uses MSI;
 * - BAR0: trapped registers (identification, interrupts, fence, error, the
 *   command ring, a doorbell and a mailbox to the manager);
 * - BAR1: the vGPU's own framebuffer pages, mappable;
 * - MSI and request interrupts through eventfds.
 *
 * The guest's commands reach the engine through the vGPU's channel (its
 * scheduler entity); guest memory is reached only through vfio_dma_rw().
 */
#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/highmem.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include <linux/gpuslice.h>
#include <linux/gpuslice_vgpu.h>

#include "compat.h"
#include "gpuslice.h"

#define GPUSLICE_VGPU_CONFIG_SIZE	256
#define GPUSLICE_VGPU_MSI_CAP		0x40
#define GPUSLICE_VGPU_OFFSET_SHIFT	40
#define GPUSLICE_VGPU_OFFSET(index)	((u64)(index) << GPUSLICE_VGPU_OFFSET_SHIFT)
#define GPUSLICE_VGPU_INDEX(off)	((off) >> GPUSLICE_VGPU_OFFSET_SHIFT)
#define GPUSLICE_VGPU_OFFSET_MASK	(GPUSLICE_VGPU_OFFSET(1) - 1)
/* Ring words fetched per DMA read. */
#define GPUSLICE_VGPU_FETCH_DW		4096

enum gpuslice_vgpu_state {
	GPUSLICE_VGPU_CREATED,
	GPUSLICE_VGPU_OPEN,
};

/**
 * struct gpuslice_vgpu - one vGPU
 * @vdev: the VFIO device (first: vfio_alloc_device() requires it)
 * @gpu: the physical GPU
 * @hw: its backend, valid for the vGPU's whole life (GPU removal removes
 *	vGPUs first and waits for their users); BAR1 paths use it without
 *	the GPU lock, which must not nest inside mmap_lock
 * @vf: the VF it occupies
 * @t: index of its type in gpu->types
 * @place: its framebuffer
 * @dma: guest memory access for the engine (vfio_dma_rw())
 * @se: its scheduling entity (GPU lock)
 * @retry_work: fetches the ring again after the channel queue was full
 * @lock: protects the emulated device state below
 * @state: created or open
 * @chan: its channel, while open
 * @fetch_buf: ring words on their way to the channel
 * @config: PCI config space
 * @ring_base: RING_BASE
 * @ring_size: RING_SIZE
 * @ring_head: RING_HEAD
 * @ring_tail: RING_TAIL
 * @fence_hi: FENCE_HI latched by the last FENCE_LO read
 * @mbox_arg: MBOX_ARG
 * @mbox_status: MBOX_STATUS
 * @mbox_data: MBOX_DATA
 * @irq_lock: protects the interrupt state and eventfds below
 * @intr_status: INTR_STATUS
 * @intr_mask: INTR_MASK
 * @error: ERROR
 * @msi_trigger: MSI eventfd
 * @req_trigger: request eventfd
 * @fences: IRQ fences signalled
 * @faults: faults
 */
struct gpuslice_vgpu {
	struct vfio_device vdev;
	struct gpuslice_gpu *gpu;
	struct gpuslice_hw *hw;
	struct gpuslice_vf *vf;
	u32 t;
	struct gpuslice_placement place;
	struct gpuslice_hw_dma dma;
	struct gpuslice_sched_entity se;
	struct delayed_work retry_work;

	struct mutex lock;	/* protects the emulated device state */
	enum gpuslice_vgpu_state state;
	struct gpuslice_channel *chan;
	u32 *fetch_buf;
	u8 config[GPUSLICE_VGPU_CONFIG_SIZE];
	u64 ring_base;
	u32 ring_size;
	u32 ring_head;
	u32 ring_tail;
	u32 fence_hi;
	u32 mbox_arg;
	s32 mbox_status;
	u32 mbox_data[8];

	spinlock_t irq_lock;	/* protects interrupt state and eventfds */
	u32 intr_status;
	u32 intr_mask;
	u32 error;
	struct eventfd_ctx *msi_trigger;
	struct eventfd_ctx *req_trigger;

	atomic64_t fences;
	atomic64_t faults;
};

static struct gpuslice_vgpu *vdev_to_vgpu(struct vfio_device *vdev)
{
	return container_of(vdev, struct gpuslice_vgpu, vdev);
}

static const struct gpuslice_vgpu_type *vgpu_type(struct gpuslice_vgpu *vg)
{
	return &vg->gpu->types[vg->t];
}

/* BAR1 is sized to the framebuffer rounded up to a power of two. */
static u64 gpuslice_vgpu_bar1_size(struct gpuslice_vgpu *vg)
{
	return roundup_pow_of_two(vg->place.size);
}

/* Interrupts */

/* Called with irq_lock held. */
static void __gpuslice_vgpu_signal(struct eventfd_ctx *trigger)
{
	if (trigger)
		gpuslice_eventfd_signal(trigger);
}

/* Called with irq_lock held. */
static void __gpuslice_vgpu_raise(struct gpuslice_vgpu *vg, u32 cause)
{
	vg->intr_status |= cause;
	if (vg->intr_mask & cause)
		__gpuslice_vgpu_signal(vg->msi_trigger);
}

static void gpuslice_vgpu_raise(struct gpuslice_vgpu *vg, u32 cause)
{
	unsigned long flags;

	spin_lock_irqsave(&vg->irq_lock, flags);
	__gpuslice_vgpu_raise(vg, cause);
	spin_unlock_irqrestore(&vg->irq_lock, flags);
}

/*
 * The vGPU stops executing until reset, and tells its user why. ERROR,
 * the fault count and INTR_STATUS change in one irq_lock section, so a
 * user who sees ERROR set also sees the error interrupt pending.
 */
static void gpuslice_vgpu_fault(struct gpuslice_vgpu *vg, u32 code)
{
	unsigned long flags;
	bool first;

	spin_lock_irqsave(&vg->irq_lock, flags);
	first = !vg->error;
	if (first) {
		vg->error = code;
		atomic64_inc(&vg->faults);
		__gpuslice_vgpu_raise(vg, GPUSLICE_VGPU_INTR_ERROR);
	}
	spin_unlock_irqrestore(&vg->irq_lock, flags);

	if (first)
		dev_info_ratelimited(vg->vdev.dev, "faulted (code %u)\n", code);
}

/* Channel events (see struct gpuslice_channel: may run concurrently). */
static void gpuslice_vgpu_notify(struct gpuslice_channel *chan, u32 events)
{
	struct gpuslice_vgpu *vg = chan->priv;
	u64 fence, busy;
	u32 fault;

	if (events & GPUSLICE_HW_CTX_EV_FENCE) {
		atomic64_inc(&vg->fences);
		gpuslice_vgpu_raise(vg, GPUSLICE_VGPU_INTR_FENCE);
	}
	if (events & GPUSLICE_HW_CTX_EV_FAULT) {
		gpuslice_channel_state(chan, &fence, &busy, &fault);
		gpuslice_vgpu_fault(vg, fault ?: GPUSLICE_FAULT_RESET);
	}
}

static int gpuslice_vgpu_dma_rw(struct gpuslice_hw_dma *dma, u64 iova,
				void *buf, size_t len, bool write)
{
	struct gpuslice_vgpu *vg = container_of(dma, struct gpuslice_vgpu, dma);

	return vfio_dma_rw(&vg->vdev, iova, buf, len, write);
}

/* The ring */

/* Called with the vGPU lock held: move [HEAD, TAIL) to the engine. */
static void __gpuslice_vgpu_fetch(struct gpuslice_vgpu *vg)
{
	u32 size = vg->ring_size, head = vg->ring_head, tail = vg->ring_tail;
	u32 len;
	int err;

	if (!vg->chan || READ_ONCE(vg->error))
		return;
	if (!IS_ALIGNED(vg->ring_base, PAGE_SIZE) ||
	    size < GPUSLICE_VGPU_RING_MIN || size > GPUSLICE_VGPU_RING_MAX ||
	    !is_power_of_2(size) || head >= size || tail >= size ||
	    !IS_ALIGNED(tail, 4)) {
		gpuslice_vgpu_fault(vg, GPUSLICE_FAULT_RING);
		return;
	}

	while (head != tail) {
		len = (tail > head ? tail : size) - head;
		len = min_t(u32, len, GPUSLICE_VGPU_FETCH_DW * 4);
		if (vfio_dma_rw(&vg->vdev, vg->ring_base + head, vg->fetch_buf,
				len, false)) {
			gpuslice_vgpu_fault(vg, GPUSLICE_FAULT_DMA);
			break;
		}
		err = gpuslice_channel_submit(vg->chan, vg->fetch_buf, len / 4);
		if (err == -EAGAIN) {
			/* The queue drains at engine speed; look again soon. */
			schedule_delayed_work(&vg->retry_work, 1);
			break;
		}
		if (err)
			break;
		head = (head + len) & (size - 1);
	}
	vg->ring_head = head;
}

static void gpuslice_vgpu_retry(struct work_struct *work)
{
	struct gpuslice_vgpu *vg = container_of(to_delayed_work(work),
						struct gpuslice_vgpu,
						retry_work);

	/*
	 * Only a doorbell validates the ring registers: a retry that runs
	 * after a reset finds nothing to fetch and must not fault the fresh
	 * channel over the power-on (zero) ring.
	 */
	mutex_lock(&vg->lock);
	if (vg->ring_head != vg->ring_tail)
		__gpuslice_vgpu_fetch(vg);
	mutex_unlock(&vg->lock);
}

/* The mailbox: requests a guest driver makes of the manager. */
static void __gpuslice_vgpu_mailbox(struct gpuslice_vgpu *vg, u32 req)
{
	const struct gpuslice_vgpu_type *type = vgpu_type(vg);
	const struct gpuslice_hw_info *info = &vg->gpu->hw->info;

	memset(vg->mbox_data, 0, sizeof(vg->mbox_data));
	vg->mbox_status = 0;
	switch (req) {
	case GPUSLICE_VGPU_MBOX_PING:
		vg->mbox_data[0] = vg->mbox_arg + 1;
		break;
	case GPUSLICE_VGPU_MBOX_GET_TYPE:
		vg->mbox_data[0] = type->id;
		vg->mbox_data[1] = vg->gpu->vgpu_mode == GPUSLICE_VGPU_HOMOGENEOUS ?
				   type->max_equal : type->max_mixed;
		strscpy((char *)&vg->mbox_data[2], type->name,
			sizeof(vg->mbox_data) - 2 * sizeof(u32));
		break;
	case GPUSLICE_VGPU_MBOX_GET_CAPS:
		vg->mbox_data[0] = info->sm_count;
		vg->mbox_data[1] = info->copy_engines;
		vg->mbox_data[2] = info->preempt_granularity_ns;
		break;
	default:
		vg->mbox_status = -EINVAL;
		break;
	}
	gpuslice_vgpu_raise(vg, GPUSLICE_VGPU_INTR_MBOX);
}

/* Called with the vGPU lock held: registers and ring back to power-on. */
static void __gpuslice_vgpu_reset_regs(struct gpuslice_vgpu *vg)
{
	unsigned long flags;

	vg->ring_base = 0;
	vg->ring_size = 0;
	vg->ring_head = 0;
	vg->ring_tail = 0;
	vg->fence_hi = 0;
	vg->mbox_arg = 0;
	vg->mbox_status = 0;
	memset(vg->mbox_data, 0, sizeof(vg->mbox_data));

	spin_lock_irqsave(&vg->irq_lock, flags);
	vg->intr_status = 0;
	vg->intr_mask = 0;
	vg->error = 0;
	spin_unlock_irqrestore(&vg->irq_lock, flags);
}

/* Called with the vGPU lock held: a fresh channel (the engine's reset). */
static int __gpuslice_vgpu_channel_new(struct gpuslice_vgpu *vg)
{
	struct gpuslice_channel_params params = {
		.engine = GPUSLICE_ENGINE_COMPUTE,
		.vram_offset = vg->place.offset,
		.vram_size = vg->place.size,
		.dma = &vg->dma,
		.notify = gpuslice_vgpu_notify,
		.priv = vg,
		.se = &vg->se,
	};
	struct gpuslice_channel *chan;

	chan = gpuslice_channel_new(vg->gpu, &params);
	if (IS_ERR(chan))
		return PTR_ERR(chan);
	vg->chan = chan;
	return 0;
}

/*
 * Called with the vGPU lock held. A pending retry finds no channel (or an
 * empty ring after a reset) and does nothing; close waits for it.
 */
static void __gpuslice_vgpu_channel_del(struct gpuslice_vgpu *vg)
{
	cancel_delayed_work(&vg->retry_work);
	if (vg->chan)
		gpuslice_channel_del(vg->chan);
	vg->chan = NULL;
}

/* Called with the vGPU lock held: VFIO_DEVICE_RESET, CONTROL.RESET. */
static int __gpuslice_vgpu_reset(struct gpuslice_vgpu *vg)
{
	bool open = vg->chan;

	__gpuslice_vgpu_channel_del(vg);
	__gpuslice_vgpu_reset_regs(vg);
	return open ? __gpuslice_vgpu_channel_new(vg) : 0;
}

/* BAR0 */

static u32 __gpuslice_vgpu_reg_read(struct gpuslice_vgpu *vg, u32 reg)
{
	u64 fence = 0, busy;
	unsigned long flags;
	u32 fault, val = 0;

	switch (reg) {
	case GPUSLICE_VGPU_REG_ID:
		return GPUSLICE_VGPU_ID;
	case GPUSLICE_VGPU_REG_VERSION:
		return GPUSLICE_VGPU_VERSION;
	case GPUSLICE_VGPU_REG_FB_SIZE_LO:
		return lower_32_bits(vg->place.size);
	case GPUSLICE_VGPU_REG_FB_SIZE_HI:
		return upper_32_bits(vg->place.size);
	case GPUSLICE_VGPU_REG_FENCE_LO:
		if (vg->chan)
			gpuslice_channel_state(vg->chan, &fence, &busy, &fault);
		vg->fence_hi = upper_32_bits(fence);
		return lower_32_bits(fence);
	case GPUSLICE_VGPU_REG_FENCE_HI:
		return vg->fence_hi;
	case GPUSLICE_VGPU_REG_RING_BASE_LO:
		return lower_32_bits(vg->ring_base);
	case GPUSLICE_VGPU_REG_RING_BASE_HI:
		return upper_32_bits(vg->ring_base);
	case GPUSLICE_VGPU_REG_RING_SIZE:
		return vg->ring_size;
	case GPUSLICE_VGPU_REG_RING_HEAD:
		return vg->ring_head;
	case GPUSLICE_VGPU_REG_RING_TAIL:
		return vg->ring_tail;
	case GPUSLICE_VGPU_REG_MBOX_ARG:
		return vg->mbox_arg;
	case GPUSLICE_VGPU_REG_MBOX_STATUS:
		return vg->mbox_status;
	case GPUSLICE_VGPU_REG_MBOX_DATA(0) ... GPUSLICE_VGPU_REG_MBOX_DATA(7):
		return vg->mbox_data[(reg - GPUSLICE_VGPU_REG_MBOX_DATA(0)) / 4];
	}

	spin_lock_irqsave(&vg->irq_lock, flags);
	if (reg == GPUSLICE_VGPU_REG_INTR_STATUS)
		val = vg->intr_status;
	else if (reg == GPUSLICE_VGPU_REG_INTR_MASK)
		val = vg->intr_mask;
	else if (reg == GPUSLICE_VGPU_REG_ERROR)
		val = vg->error;
	spin_unlock_irqrestore(&vg->irq_lock, flags);
	return val;
}

static void __gpuslice_vgpu_reg_write(struct gpuslice_vgpu *vg, u32 reg,
				      u32 val)
{
	unsigned long flags;

	switch (reg) {
	case GPUSLICE_VGPU_REG_INTR_MASK:
		spin_lock_irqsave(&vg->irq_lock, flags);
		vg->intr_mask = val & (GPUSLICE_VGPU_INTR_FENCE |
				       GPUSLICE_VGPU_INTR_ERROR |
				       GPUSLICE_VGPU_INTR_MBOX);
		/* Unmasking a pending cause delivers it. */
		if (vg->intr_status & vg->intr_mask)
			__gpuslice_vgpu_signal(vg->msi_trigger);
		spin_unlock_irqrestore(&vg->irq_lock, flags);
		break;
	case GPUSLICE_VGPU_REG_INTR_ACK:
		spin_lock_irqsave(&vg->irq_lock, flags);
		vg->intr_status &= ~val;
		spin_unlock_irqrestore(&vg->irq_lock, flags);
		break;
	case GPUSLICE_VGPU_REG_RING_BASE_LO:
		vg->ring_base = (vg->ring_base & GENMASK_ULL(63, 32)) | val;
		break;
	case GPUSLICE_VGPU_REG_RING_BASE_HI:
		vg->ring_base = lower_32_bits(vg->ring_base) | ((u64)val << 32);
		break;
	case GPUSLICE_VGPU_REG_RING_SIZE:
		/* A new ring starts empty. */
		vg->ring_size = val;
		vg->ring_head = 0;
		vg->ring_tail = 0;
		break;
	case GPUSLICE_VGPU_REG_RING_TAIL:
		vg->ring_tail = val;
		break;
	case GPUSLICE_VGPU_REG_DOORBELL:
		__gpuslice_vgpu_fetch(vg);
		break;
	case GPUSLICE_VGPU_REG_CONTROL:
		if (val & GPUSLICE_VGPU_CONTROL_RESET)
			__gpuslice_vgpu_reset(vg);
		break;
	case GPUSLICE_VGPU_REG_MBOX_ARG:
		vg->mbox_arg = val;
		break;
	case GPUSLICE_VGPU_REG_MBOX_REQ:
		__gpuslice_vgpu_mailbox(vg, val);
		break;
	default:
		/* Read-only and unassigned registers ignore writes. */
		break;
	}
}

/* Config space */

static void gpuslice_vgpu_config_init(struct gpuslice_vgpu *vg)
{
	u8 *cfg = vg->config;

	memset(cfg, 0, GPUSLICE_VGPU_CONFIG_SIZE);
	*(__le16 *)&cfg[PCI_VENDOR_ID] = cpu_to_le16(GPUSLICE_VGPU_VENDOR_ID);
	*(__le16 *)&cfg[PCI_DEVICE_ID] = cpu_to_le16(GPUSLICE_VGPU_DEVICE_ID);
	*(__le16 *)&cfg[PCI_STATUS] = cpu_to_le16(PCI_STATUS_CAP_LIST);
	cfg[PCI_REVISION_ID] = GPUSLICE_VGPU_REVISION;
	cfg[PCI_CLASS_PROG] = GPUSLICE_VGPU_CLASS & 0xff;
	cfg[PCI_CLASS_DEVICE] = (GPUSLICE_VGPU_CLASS >> 8) & 0xff;
	cfg[PCI_CLASS_DEVICE + 1] = GPUSLICE_VGPU_CLASS >> 16;
	cfg[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL;
	/* BAR0: 32-bit registers. BAR1: 64-bit prefetchable framebuffer. */
	*(__le32 *)&cfg[PCI_BASE_ADDRESS_0] = cpu_to_le32(PCI_BASE_ADDRESS_SPACE_MEMORY);
	*(__le32 *)&cfg[PCI_BASE_ADDRESS_1] =
		cpu_to_le32(PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH);
	*(__le16 *)&cfg[PCI_SUBSYSTEM_VENDOR_ID] =
		cpu_to_le16(GPUSLICE_VGPU_VENDOR_ID);
	*(__le16 *)&cfg[PCI_SUBSYSTEM_ID] = cpu_to_le16(vgpu_type(vg)->id);
	cfg[PCI_CAPABILITY_LIST] = GPUSLICE_VGPU_MSI_CAP;
	/* Interrupt pin 0: no INTx, MSI only. */
	cfg[GPUSLICE_VGPU_MSI_CAP + PCI_CAP_LIST_ID] = PCI_CAP_ID_MSI;
	cfg[GPUSLICE_VGPU_MSI_CAP + PCI_CAP_LIST_NEXT] = 0;
	*(__le16 *)&cfg[GPUSLICE_VGPU_MSI_CAP + PCI_MSI_FLAGS] =
		cpu_to_le16(PCI_MSI_FLAGS_64BIT);
}

/* Value a BAR register takes when @val is written: the sizing rule. */
static u32 gpuslice_vgpu_bar_write(struct gpuslice_vgpu *vg, u32 offset,
				   u32 val)
{
	u64 mask1 = ~(gpuslice_vgpu_bar1_size(vg) - 1);

	switch (offset) {
	case PCI_BASE_ADDRESS_0:
		return (val & ~(GPUSLICE_VGPU_BAR0_SIZE - 1)) |
		       PCI_BASE_ADDRESS_SPACE_MEMORY;
	case PCI_BASE_ADDRESS_1:
		return (val & lower_32_bits(mask1) & PCI_BASE_ADDRESS_MEM_MASK) |
		       PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH;
	case PCI_BASE_ADDRESS_2:
		return val & upper_32_bits(mask1);
	default:
		/* Unimplemented BARs read as zero. */
		return 0;
	}
}

/* Called with the vGPU lock held: one naturally aligned config write. */
static void __gpuslice_vgpu_config_write(struct gpuslice_vgpu *vg, u32 off,
					 u32 val, u32 len)
{
	u8 *cfg = vg->config;
	u32 msi = GPUSLICE_VGPU_MSI_CAP;
	u16 flags;

	if (off >= PCI_BASE_ADDRESS_0 && off <= PCI_BASE_ADDRESS_5 && len == 4) {
		*(__le32 *)&cfg[off] = cpu_to_le32(gpuslice_vgpu_bar_write(vg, off, val));
		return;
	}
	switch (off) {
	case PCI_COMMAND:
		/* Memory space, bus master and INTx disable are writable. */
		if (len >= 2)
			*(__le16 *)&cfg[off] = cpu_to_le16(val & (PCI_COMMAND_MEMORY |
							  PCI_COMMAND_MASTER |
							  PCI_COMMAND_INTX_DISABLE));
		break;
	case PCI_INTERRUPT_LINE:
		cfg[off] = val;
		break;
	default:
		if (off == msi + PCI_MSI_FLAGS && len >= 2) {
			/* Only the enable bit and the vector count move. */
			flags = le16_to_cpu(*(__le16 *)&cfg[off]);
			flags &= ~(PCI_MSI_FLAGS_ENABLE | PCI_MSI_FLAGS_QSIZE);
			flags |= val & PCI_MSI_FLAGS_ENABLE;
			*(__le16 *)&cfg[off] = cpu_to_le16(flags);
		} else if (off >= msi + PCI_MSI_ADDRESS_LO &&
			   off + len <= msi + PCI_MSI_DATA_64 + 2) {
			/* Message address and data, for the hypervisor. */
			memcpy(&cfg[off], &val, len);
		}
		/* Everything else is read-only. */
		break;
	}
}

/* Region access */

static ssize_t gpuslice_vgpu_access(struct gpuslice_vgpu *vg, char *buf,
				    size_t count, loff_t pos, bool write)
{
	u32 index = GPUSLICE_VGPU_INDEX(pos);
	u64 off = pos & GPUSLICE_VGPU_OFFSET_MASK;
	struct page *page;
	u32 val = 0;
	void *addr;

	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		if (off + count > GPUSLICE_VGPU_CONFIG_SIZE)
			return -EINVAL;
		if (write) {
			memcpy(&val, buf, count);
			__gpuslice_vgpu_config_write(vg, off, le32_to_cpu(val),
						     count);
		} else {
			memcpy(buf, &vg->config[off], count);
		}
		return count;
	case VFIO_PCI_BAR0_REGION_INDEX:
		if (count != 4 || off + 4 > GPUSLICE_VGPU_BAR0_SIZE)
			return -EINVAL;
		if (write) {
			memcpy(&val, buf, 4);
			__gpuslice_vgpu_reg_write(vg, off, val);
		} else {
			val = __gpuslice_vgpu_reg_read(vg, off);
			memcpy(buf, &val, 4);
		}
		return count;
	case VFIO_PCI_BAR1_REGION_INDEX:
		if (off >= vg->place.size || count > vg->place.size - off)
			return -EINVAL;
		/* Within one page: the caller splits accesses. */
		page = vg->hw->ops->vram_page(vg->hw, vg->place.offset + off,
					      write);
		if (IS_ERR(page))
			return PTR_ERR(page);
		if (!page) {
			memset(buf, 0, count);
			return count;
		}
		addr = kmap_local_page(page);
		if (write)
			memcpy(addr + offset_in_page(off), buf, count);
		else
			memcpy(buf, addr + offset_in_page(off), count);
		kunmap_local(addr);
		return count;
	default:
		return -EINVAL;
	}
}

/* Largest naturally aligned piece (4, 2 or 1 bytes; a page for BAR1). */
static size_t gpuslice_vgpu_piece(loff_t pos, size_t count)
{
	if (GPUSLICE_VGPU_INDEX(pos) == VFIO_PCI_BAR1_REGION_INDEX)
		return min_t(size_t, count, PAGE_SIZE - offset_in_page(pos));
	if (count >= 4 && IS_ALIGNED(pos, 4))
		return 4;
	if (count >= 2 && IS_ALIGNED(pos, 2))
		return 2;
	return 1;
}

static ssize_t gpuslice_vgpu_rw(struct vfio_device *vdev, char __user *ubuf,
				size_t count, loff_t *ppos, bool write)
{
	struct gpuslice_vgpu *vg = vdev_to_vgpu(vdev);
	size_t done = 0, piece;
	ssize_t ret = 0;
	u8 *kbuf;

	if (!count)
		return 0;
	kbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!kbuf)
		return -ENOMEM;

	mutex_lock(&vg->lock);
	while (done < count) {
		piece = gpuslice_vgpu_piece(*ppos + done, count - done);
		if (write && copy_from_user(kbuf, ubuf + done, piece)) {
			ret = -EFAULT;
			break;
		}
		ret = gpuslice_vgpu_access(vg, kbuf, piece, *ppos + done, write);
		if (ret < 0)
			break;
		if (!write && copy_to_user(ubuf + done, kbuf, piece)) {
			ret = -EFAULT;
			break;
		}
		done += piece;
	}
	mutex_unlock(&vg->lock);
	kfree(kbuf);

	if (!done)
		return ret;
	*ppos += done;
	return done;
}

static ssize_t gpuslice_vgpu_read(struct vfio_device *vdev, char __user *buf,
				  size_t count, loff_t *ppos)
{
	return gpuslice_vgpu_rw(vdev, buf, count, ppos, false);
}

static ssize_t gpuslice_vgpu_write(struct vfio_device *vdev,
				   const char __user *buf, size_t count,
				   loff_t *ppos)
{
	return gpuslice_vgpu_rw(vdev, (char __user *)buf, count, ppos, true);
}

/* BAR1 mmap: the vGPU's framebuffer pages and nothing else. */

static vm_fault_t gpuslice_vgpu_fault_fn(struct vm_fault *vmf)
{
	struct gpuslice_vgpu *vg = vmf->vma->vm_private_data;
	u64 off = (u64)vmf->pgoff << PAGE_SHIFT;
	struct page *page;

	off -= GPUSLICE_VGPU_OFFSET(VFIO_PCI_BAR1_REGION_INDEX);
	if (off >= vg->place.size)
		return VM_FAULT_SIGBUS;

	/* Under mmap_lock: no GPU lock here (see struct gpuslice_vgpu). */
	page = vg->hw->ops->vram_page(vg->hw, vg->place.offset + off, true);
	if (IS_ERR_OR_NULL(page))
		return PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct gpuslice_vgpu_vm_ops = {
	.fault = gpuslice_vgpu_fault_fn,
};

static int gpuslice_vgpu_mmap(struct vfio_device *vdev,
			      struct vm_area_struct *vma)
{
	struct gpuslice_vgpu *vg = vdev_to_vgpu(vdev);
	u64 start = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 len = vma->vm_end - vma->vm_start;

	if (GPUSLICE_VGPU_INDEX(start) != VFIO_PCI_BAR1_REGION_INDEX ||
	    !(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	start &= GPUSLICE_VGPU_OFFSET_MASK;
	if (start >= vg->place.size || len > vg->place.size - start)
		return -EINVAL;

	gpuslice_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_ops = &gpuslice_vgpu_vm_ops;
	vma->vm_private_data = vg;
	return 0;
}

/* ioctls */

static int gpuslice_vgpu_region_info(struct gpuslice_vgpu *vg,
				     struct vfio_region_info *info)
{
	info->offset = GPUSLICE_VGPU_OFFSET(info->index);
	info->size = 0;
	info->flags = 0;

	switch (info->index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		info->size = GPUSLICE_VGPU_CONFIG_SIZE;
		info->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
		break;
	case VFIO_PCI_BAR0_REGION_INDEX:
		info->size = GPUSLICE_VGPU_BAR0_SIZE;
		info->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
		break;
	case VFIO_PCI_BAR1_REGION_INDEX:
		info->size = vg->place.size;
		info->flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
			      VFIO_REGION_INFO_FLAG_MMAP;
		break;
	case VFIO_PCI_BAR2_REGION_INDEX ... VFIO_PCI_ROM_REGION_INDEX:
	case VFIO_PCI_VGA_REGION_INDEX:
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static u32 gpuslice_vgpu_irq_count(u32 index)
{
	return index == VFIO_PCI_MSI_IRQ_INDEX || index == VFIO_PCI_REQ_IRQ_INDEX;
}

/* Called with the vGPU lock held. */
static int __gpuslice_vgpu_set_trigger(struct gpuslice_vgpu *vg, u32 index,
				       struct vfio_irq_set *hdr, void *data)
{
	struct eventfd_ctx **slot, *ctx = NULL, *old;
	unsigned long flags;
	bool fire = false;
	s32 fd;

	slot = index == VFIO_PCI_MSI_IRQ_INDEX ? &vg->msi_trigger :
						 &vg->req_trigger;

	switch (hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK) {
	case VFIO_IRQ_SET_DATA_NONE:
		if (!hdr->count)
			goto replace;	/* disable */
		fire = true;
		break;
	case VFIO_IRQ_SET_DATA_BOOL:
		fire = *(u8 *)data;
		break;
	case VFIO_IRQ_SET_DATA_EVENTFD:
		fd = *(s32 *)data;
		if (fd >= 0) {
			ctx = eventfd_ctx_fdget(fd);
			if (IS_ERR(ctx))
				return PTR_ERR(ctx);
		}
		goto replace;
	}

	/* Loopback: fire the eventfd now. */
	if (fire) {
		spin_lock_irqsave(&vg->irq_lock, flags);
		__gpuslice_vgpu_signal(*slot);
		spin_unlock_irqrestore(&vg->irq_lock, flags);
	}
	return 0;

replace:
	spin_lock_irqsave(&vg->irq_lock, flags);
	old = *slot;
	*slot = ctx;
	spin_unlock_irqrestore(&vg->irq_lock, flags);
	if (old)
		eventfd_ctx_put(old);
	return 0;
}

static int gpuslice_vgpu_set_irqs(struct gpuslice_vgpu *vg, void __user *arg)
{
	const size_t minsz = offsetofend(struct vfio_irq_set, count);
	struct vfio_irq_set hdr;
	size_t data_size = 0;
	void *data = NULL;
	int err;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	err = vfio_set_irqs_validate_and_prepare(&hdr,
						 gpuslice_vgpu_irq_count(hdr.index),
						 VFIO_PCI_NUM_IRQS, &data_size);
	if (err)
		return err;

	/* Only triggers exist; MSI is not maskable. */
	if ((hdr.flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) !=
	    VFIO_IRQ_SET_ACTION_TRIGGER)
		return -EINVAL;
	if (!gpuslice_vgpu_irq_count(hdr.index))
		/* Disabling what does not exist is harmless. */
		return hdr.count ? -EINVAL : 0;

	if (data_size) {
		data = memdup_user(arg + minsz, data_size);
		if (IS_ERR(data))
			return PTR_ERR(data);
	}

	mutex_lock(&vg->lock);
	err = __gpuslice_vgpu_set_trigger(vg, hdr.index, &hdr, data);
	mutex_unlock(&vg->lock);
	kfree(data);
	return err;
}

static long gpuslice_vgpu_ioctl(struct vfio_device *vdev, unsigned int cmd,
				unsigned long arg)
{
	struct gpuslice_vgpu *vg = vdev_to_vgpu(vdev);
	void __user *uarg = (void __user *)arg;
	size_t minsz;
	int err;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO: {
		struct vfio_device_info info;

		minsz = offsetofend(struct vfio_device_info, num_irqs);
		if (copy_from_user(&info, uarg, minsz))
			return -EFAULT;
		if (info.argsz < minsz)
			return -EINVAL;
		info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
		info.num_regions = VFIO_PCI_NUM_REGIONS;
		info.num_irqs = VFIO_PCI_NUM_IRQS;
		return copy_to_user(uarg, &info, minsz) ? -EFAULT : 0;
	}
	case VFIO_DEVICE_GET_REGION_INFO: {
		struct vfio_region_info info;

		minsz = offsetofend(struct vfio_region_info, offset);
		if (copy_from_user(&info, uarg, minsz))
			return -EFAULT;
		if (info.argsz < minsz)
			return -EINVAL;
		err = gpuslice_vgpu_region_info(vg, &info);
		if (err)
			return err;
		return copy_to_user(uarg, &info, minsz) ? -EFAULT : 0;
	}
	case VFIO_DEVICE_GET_IRQ_INFO: {
		struct vfio_irq_info info;

		minsz = offsetofend(struct vfio_irq_info, count);
		if (copy_from_user(&info, uarg, minsz))
			return -EFAULT;
		if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_IRQS)
			return -EINVAL;
		info.count = gpuslice_vgpu_irq_count(info.index);
		info.flags = info.count ? VFIO_IRQ_INFO_EVENTFD : 0;
		if (info.index == VFIO_PCI_MSI_IRQ_INDEX)
			info.flags |= VFIO_IRQ_INFO_NORESIZE;
		return copy_to_user(uarg, &info, minsz) ? -EFAULT : 0;
	}
	case VFIO_DEVICE_SET_IRQS:
		return gpuslice_vgpu_set_irqs(vg, uarg);
	case VFIO_DEVICE_RESET:
		mutex_lock(&vg->lock);
		err = __gpuslice_vgpu_reset(vg);
		mutex_unlock(&vg->lock);
		return err;
	default:
		return -ENOTTY;
	}
}

/* Lifecycle */

static int gpuslice_vgpu_open(struct vfio_device *vdev)
{
	struct gpuslice_vgpu *vg = vdev_to_vgpu(vdev);
	int err;

	vg->fetch_buf = kvmalloc_array(GPUSLICE_VGPU_FETCH_DW, sizeof(u32),
				       GFP_KERNEL);
	if (!vg->fetch_buf)
		return -ENOMEM;

	mutex_lock(&vg->lock);
	__gpuslice_vgpu_reset_regs(vg);
	err = __gpuslice_vgpu_channel_new(vg);
	if (!err)
		vg->state = GPUSLICE_VGPU_OPEN;
	mutex_unlock(&vg->lock);

	if (err) {
		kvfree(vg->fetch_buf);
		vg->fetch_buf = NULL;
	}
	return err;
}

static void gpuslice_vgpu_close(struct vfio_device *vdev)
{
	struct gpuslice_vgpu *vg = vdev_to_vgpu(vdev);
	struct eventfd_ctx *msi, *req;
	unsigned long flags;

	mutex_lock(&vg->lock);
	/* No engine reaches guest memory after this. */
	__gpuslice_vgpu_channel_del(vg);
	vg->state = GPUSLICE_VGPU_CREATED;
	spin_lock_irqsave(&vg->irq_lock, flags);
	msi = vg->msi_trigger;
	req = vg->req_trigger;
	vg->msi_trigger = NULL;
	vg->req_trigger = NULL;
	spin_unlock_irqrestore(&vg->irq_lock, flags);
	mutex_unlock(&vg->lock);

	cancel_delayed_work_sync(&vg->retry_work);
	if (msi)
		eventfd_ctx_put(msi);
	if (req)
		eventfd_ctx_put(req);
	kvfree(vg->fetch_buf);
	vg->fetch_buf = NULL;
}

static void gpuslice_vgpu_request(struct vfio_device *vdev, unsigned int count)
{
	struct gpuslice_vgpu *vg = vdev_to_vgpu(vdev);
	unsigned long flags;
	bool asked;

	spin_lock_irqsave(&vg->irq_lock, flags);
	asked = vg->req_trigger;
	__gpuslice_vgpu_signal(vg->req_trigger);
	spin_unlock_irqrestore(&vg->irq_lock, flags);

	if (asked)
		dev_notice_ratelimited(vdev->dev,
				       "in use; asked its user to release it (request %u)\n",
				       count);
	else
		dev_notice_ratelimited(vdev->dev,
				       "in use and its user registered no request interrupt; waiting for it to close (request %u)\n",
				       count);
}

/*
 * vfio_alloc_device() calls this: reserve the VF and a framebuffer
 * placement, or fail the create with -ENOSPC.
 */
static int gpuslice_vgpu_init(struct vfio_device *vdev)
{
	struct gpuslice_vgpu *vg = vdev_to_vgpu(vdev);
	struct mdev_device *mdev = to_mdev_device(vdev->dev);
	struct gpuslice_vf *vf = container_of(mdev->type->parent,
					      struct gpuslice_vf, parent);
	struct gpuslice_mtype *mt = container_of(mdev->type,
						 struct gpuslice_mtype, mtype);
	struct gpuslice_gpu *gpu = vf->gpu;
	int err;

	vg->gpu = gpu;
	vg->vf = vf;
	vg->t = mt->index;
	vg->dma.rw = gpuslice_vgpu_dma_rw;
	mutex_init(&vg->lock);
	spin_lock_init(&vg->irq_lock);
	INIT_DELAYED_WORK(&vg->retry_work, gpuslice_vgpu_retry);
	atomic64_set(&vg->fences, 0);
	atomic64_set(&vg->faults, 0);

	mutex_lock(&gpu->lock);
	vg->hw = gpu->hw;
	if (!gpu->hw || vf->vgpu)
		err = -ENOSPC;
	else
		err = __gpuslice_type_place(gpu, vg->t, &vg->place);
	if (!err) {
		vf->vgpu = vg;
		__gpuslice_sched_entity_init(gpu, &vg->se,
					     gpu->types[vg->t].max_equal);
	}
	mutex_unlock(&gpu->lock);
	if (err) {
		mutex_destroy(&vg->lock);
		return err;
	}

	gpuslice_vgpu_config_init(vg);
	return 0;
}

/* The last reference: give back the VF and scrub the framebuffer. */
static void gpuslice_vgpu_release(struct vfio_device *vdev)
{
	struct gpuslice_vgpu *vg = vdev_to_vgpu(vdev);
	struct gpuslice_gpu *gpu = vg->gpu;

	mutex_lock(&gpu->lock);
	if (gpu->hw)
		gpu->hw->ops->vram_scrub(gpu->hw, vg->place.offset,
					 PAGE_ALIGN(vg->place.size));
	__gpuslice_type_unplace(gpu, vg->t, &vg->place);
	vg->vf->vgpu = NULL;
	mutex_unlock(&gpu->lock);

	mutex_destroy(&vg->lock);
	gpuslice_vfio_free_device(vdev);
}

static const struct vfio_device_ops gpuslice_vfio_ops = {
	.name = "gpuslice-vgpu",
	.init = gpuslice_vgpu_init,
	.release = gpuslice_vgpu_release,
	.open_device = gpuslice_vgpu_open,
	.close_device = gpuslice_vgpu_close,
	.read = gpuslice_vgpu_read,
	.write = gpuslice_vgpu_write,
	.ioctl = gpuslice_vgpu_ioctl,
	.mmap = gpuslice_vgpu_mmap,
	.request = gpuslice_vgpu_request,
	GPUSLICE_VFIO_IOMMUFD_OPS
};

static int gpuslice_mdev_probe(struct mdev_device *mdev)
{
	struct gpuslice_vgpu *vg;
	int err;

	vg = vfio_alloc_device(gpuslice_vgpu, vdev, &mdev->dev,
			       &gpuslice_vfio_ops);
	if (IS_ERR(vg))
		return PTR_ERR(vg);

	err = vfio_register_emulated_iommu_dev(&vg->vdev);
	if (err) {
		vfio_put_device(&vg->vdev);
		return err;
	}
	dev_set_drvdata(&mdev->dev, vg);
	dev_info(&mdev->dev, "%s on %s: framebuffer %llu MiB at %llu MiB\n",
		 vgpu_type(vg)->name, dev_name(&vg->vf->dev),
		 vg->place.size >> 20, vg->place.offset >> 20);
	return 0;
}

static void gpuslice_mdev_remove(struct mdev_device *mdev)
{
	struct gpuslice_vgpu *vg = dev_get_drvdata(&mdev->dev);

	/* Blocks until the VFIO user closes; .request asks it to. */
	vfio_unregister_group_dev(&vg->vdev);
	vfio_put_device(&vg->vdev);
}

static unsigned int gpuslice_mdev_get_available(struct mdev_type *mtype)
{
	struct gpuslice_vf *vf = container_of(mtype->parent, struct gpuslice_vf,
					      parent);
	struct gpuslice_mtype *mt = container_of(mtype, struct gpuslice_mtype,
						 mtype);
	struct gpuslice_gpu *gpu = vf->gpu;
	u32 avail = 0;

	mutex_lock(&gpu->lock);
	if (gpu->hw && !vf->vgpu)
		avail = __gpuslice_type_available(gpu, mt->index);
	mutex_unlock(&gpu->lock);
	return avail;
}

static ssize_t gpuslice_mdev_show_description(struct mdev_type *mtype,
					      char *buf)
{
	struct gpuslice_vf *vf = container_of(mtype->parent, struct gpuslice_vf,
					      parent);
	struct gpuslice_mtype *mt = container_of(mtype, struct gpuslice_mtype,
						 mtype);
	const struct gpuslice_vgpu_type *type = &vf->gpu->types[mt->index];
	struct gpuslice_gpu *gpu = vf->gpu;
	u32 max;

	mutex_lock(&gpu->lock);
	max = gpu->vgpu_mode == GPUSLICE_VGPU_HOMOGENEOUS ? type->max_equal :
							    type->max_mixed;
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf,
			  "num_heads=1, frl_config=60, framebuffer=%uM, max_resolution=4096x2160, max_instance=%u\n",
			  type->fb_mib, max);
}

/* Per-vGPU attributes: /sys/bus/mdev/devices/<uuid>/gpuslice/ */

/*
 * Events reach the vGPU from the engine work; collect this vGPU's pending
 * ones so the statistics are exact at the moment they are read.
 */
static struct gpuslice_vgpu *dev_to_vgpu(struct device *dev)
{
	struct gpuslice_vgpu *vg = dev_get_drvdata(dev);

	if (!vg)
		return NULL;
	mutex_lock(&vg->lock);
	if (vg->chan)
		gpuslice_channel_sync(vg->chan);
	mutex_unlock(&vg->lock);
	return vg;
}

#define GPUSLICE_VGPU_ATTR(_name, _fmt, _expr)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct gpuslice_vgpu *vg = dev_to_vgpu(dev);			\
									\
	if (!vg)							\
		return -ENODEV;						\
	return sysfs_emit(buf, _fmt "\n", _expr);			\
}									\
static DEVICE_ATTR_RO(_name)

GPUSLICE_VGPU_ATTR(gpu, "%s", dev_name(&vg->gpu->dev));
GPUSLICE_VGPU_ATTR(vf, "%s", dev_name(&vg->vf->dev));
GPUSLICE_VGPU_ATTR(type, "%u", vgpu_type(vg)->id);
GPUSLICE_VGPU_ATTR(type_name, "%s", vgpu_type(vg)->name);
GPUSLICE_VGPU_ATTR(framebuffer_offset, "%llu", vg->place.offset);
GPUSLICE_VGPU_ATTR(framebuffer_size, "%llu", vg->place.size);
GPUSLICE_VGPU_ATTR(fences, "%llu", (u64)atomic64_read(&vg->fences));
GPUSLICE_VGPU_ATTR(faults, "%llu", (u64)atomic64_read(&vg->faults));

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct gpuslice_vgpu *vg = dev_to_vgpu(dev);
	const char *state = "created";

	if (!vg)
		return -ENODEV;
	if (READ_ONCE(vg->error))
		state = "faulted";
	else if (READ_ONCE(vg->state) == GPUSLICE_VGPU_OPEN)
		state = "open";
	return sysfs_emit(buf, "%s\n", state);
}
static DEVICE_ATTR_RO(state);

static ssize_t busy_ns_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct gpuslice_vgpu *vg = dev_to_vgpu(dev);
	u64 fence, busy = 0;
	u32 fault;

	if (!vg)
		return -ENODEV;
	mutex_lock(&vg->lock);
	if (vg->chan)
		gpuslice_channel_state(vg->chan, &fence, &busy, &fault);
	mutex_unlock(&vg->lock);
	return sysfs_emit(buf, "%llu\n", busy);
}
static DEVICE_ATTR_RO(busy_ns);

/* Scheduler statistics, read under the GPU lock. */
enum gpuslice_vgpu_stat {
	GPUSLICE_STAT_RUNTIME,
	GPUSLICE_STAT_SLICES,
	GPUSLICE_STAT_PREEMPTIONS,
	GPUSLICE_STAT_OVERSHOOT,
};

static ssize_t gpuslice_vgpu_stat_show(struct device *dev, char *buf,
				       enum gpuslice_vgpu_stat stat)
{
	struct gpuslice_vgpu *vg = dev_to_vgpu(dev);
	u64 val;

	if (!vg)
		return -ENODEV;
	mutex_lock(&vg->gpu->lock);
	switch (stat) {
	case GPUSLICE_STAT_RUNTIME:
		val = vg->se.runtime_ns;
		break;
	case GPUSLICE_STAT_SLICES:
		val = vg->se.slices;
		break;
	case GPUSLICE_STAT_PREEMPTIONS:
		val = vg->se.preemptions;
		break;
	default:
		val = vg->se.overshoot_ns;
		break;
	}
	mutex_unlock(&vg->gpu->lock);
	return sysfs_emit(buf, "%llu\n", val);
}

static ssize_t runtime_ns_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return gpuslice_vgpu_stat_show(dev, buf, GPUSLICE_STAT_RUNTIME);
}
static DEVICE_ATTR_RO(runtime_ns);

static ssize_t slices_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return gpuslice_vgpu_stat_show(dev, buf, GPUSLICE_STAT_SLICES);
}
static DEVICE_ATTR_RO(slices);

static ssize_t preemptions_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return gpuslice_vgpu_stat_show(dev, buf, GPUSLICE_STAT_PREEMPTIONS);
}
static DEVICE_ATTR_RO(preemptions);

static ssize_t overshoot_ns_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return gpuslice_vgpu_stat_show(dev, buf, GPUSLICE_STAT_OVERSHOOT);
}
static DEVICE_ATTR_RO(overshoot_ns);

static ssize_t wait_ns_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct gpuslice_vgpu *vg = dev_to_vgpu(dev);
	u64 wait;

	if (!vg)
		return -ENODEV;
	mutex_lock(&vg->gpu->lock);
	wait = vg->se.wait_ns;
	if (vg->se.waiting)
		wait += ktime_to_ns(ktime_sub(ktime_get(), vg->se.wait_since));
	mutex_unlock(&vg->gpu->lock);
	return sysfs_emit(buf, "%llu\n", wait);
}
static DEVICE_ATTR_RO(wait_ns);

static ssize_t sched_id_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct gpuslice_vgpu *vg = dev_get_drvdata(dev);

	return vg ? sysfs_emit(buf, "%u\n", vg->se.id) : -ENODEV;
}
static DEVICE_ATTR_RO(sched_id);

static ssize_t sched_weight_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct gpuslice_vgpu *vg = dev_get_drvdata(dev);
	u32 weight;

	if (!vg)
		return -ENODEV;
	mutex_lock(&vg->gpu->lock);
	weight = vg->se.weight;
	mutex_unlock(&vg->gpu->lock);
	return sysfs_emit(buf, "%u\n", weight);
}

static ssize_t sched_weight_store(struct device *dev,
				  struct device_attribute *attr,
				  const char *buf, size_t count)
{
	struct gpuslice_vgpu *vg = dev_get_drvdata(dev);
	u32 weight;

	if (!vg)
		return -ENODEV;
	if (kstrtou32(buf, 10, &weight))
		return -EINVAL;
	if (weight < 1 || weight > GPUSLICE_SCHED_WEIGHT_MAX)
		return -ERANGE;
	/* From its next slice on. */
	mutex_lock(&vg->gpu->lock);
	vg->se.weight = weight;
	mutex_unlock(&vg->gpu->lock);
	return count;
}
static DEVICE_ATTR_RW(sched_weight);

static struct attribute *gpuslice_vgpu_attrs[] = {
	&dev_attr_gpu.attr,
	&dev_attr_vf.attr,
	&dev_attr_type.attr,
	&dev_attr_type_name.attr,
	&dev_attr_framebuffer_offset.attr,
	&dev_attr_framebuffer_size.attr,
	&dev_attr_state.attr,
	&dev_attr_fences.attr,
	&dev_attr_faults.attr,
	&dev_attr_busy_ns.attr,
	&dev_attr_sched_id.attr,
	&dev_attr_sched_weight.attr,
	&dev_attr_runtime_ns.attr,
	&dev_attr_slices.attr,
	&dev_attr_preemptions.attr,
	&dev_attr_overshoot_ns.attr,
	&dev_attr_wait_ns.attr,
	NULL
};

static const struct attribute_group gpuslice_vgpu_group = {
	.name = DRV_NAME,
	.attrs = gpuslice_vgpu_attrs,
};

static const struct attribute_group *gpuslice_vgpu_groups[] = {
	&gpuslice_vgpu_group,
	NULL
};

struct mdev_driver gpuslice_mdev_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.driver = {
		.name = "gpuslice-vgpu",
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
		.dev_groups = gpuslice_vgpu_groups,
	},
	.probe = gpuslice_mdev_probe,
	.remove = gpuslice_mdev_remove,
	.get_available = gpuslice_mdev_get_available,
	.show_description = gpuslice_mdev_show_description,
};
