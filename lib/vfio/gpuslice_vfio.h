/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A small userspace VFIO client for one gpuslice vGPU: it opens the mdev
 * through a VFIO group and a TYPE1v2 container, and drives the virtual
 * device of uapi/linux/gpuslice_vgpu.h (config space, BAR0 registers, the
 * BAR1 framebuffer, MSI and REQ interrupts, DMA buffers, the command ring
 * and the mailbox).
 *
 * Conventions: every function returning int returns 0 (or a documented
 * non-negative value) on success and a negative errno on failure; nothing
 * logs or exits. All file descriptors are opened O_CLOEXEC. A handle is
 * not thread-safe: use it from one thread at a time.
 */
#ifndef _GPUSLICE_VFIO_H
#define _GPUSLICE_VFIO_H

#include <stddef.h>
#include <stdint.h>

#include <linux/vfio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct gpuslice_vfio;

/*
 * A guest-memory buffer mapped for device DMA: @vaddr in this process,
 * @iova as the device sees it, @size bytes (a multiple of the page size).
 * Filled by gpuslice_vfio_dma_alloc(), owned by the caller.
 */
struct gpuslice_vfio_dma {
	void *vaddr;
	uint64_t iova;
	size_t size;
};

/*
 * Open the vGPU whose mdev UUID is @uuid (lower-case, as in
 * /sys/bus/mdev/devices): a new container, its group, TYPE1v2, the device
 * fd; region infos are cached. -ENOENT if the mdev or its group is absent,
 * -EBUSY if the group is not viable, -EPROTO on a VFIO API version
 * mismatch, -EOPNOTSUPP without TYPE1v2.
 */
int gpuslice_vfio_open(const char *uuid, struct gpuslice_vfio **ret);

/*
 * Release everything: BAR1 mapping, the ring, the device fd, then the
 * group and container fds, then the eventfds. Accepts NULL. Returns the
 * first close() error, the handle is freed regardless.
 */
int gpuslice_vfio_close(struct gpuslice_vfio *v);

/* The raw device fd, for callers issuing their own ioctls; or -EBADF. */
int gpuslice_vfio_device_fd(const struct gpuslice_vfio *v);

/* VFIO_DEVICE_GET_INFO into @info (argsz set by the library). */
int gpuslice_vfio_device_info(struct gpuslice_vfio *v,
			      struct vfio_device_info *info);

/* VFIO_DEVICE_GET_REGION_INFO of region @index into @info. */
int gpuslice_vfio_region_info(struct gpuslice_vfio *v, uint32_t index,
			      struct vfio_region_info *info);

/* VFIO_DEVICE_GET_IRQ_INFO of irq @index into @info. */
int gpuslice_vfio_irq_info(struct gpuslice_vfio *v, uint32_t index,
			   struct vfio_irq_info *info);

/*
 * Read or write @len bytes at @offset of region @index with one
 * pread()/pwrite(). A short transfer is -EIO; -EINVAL if the region is
 * unknown.
 */
int gpuslice_vfio_region_read(struct gpuslice_vfio *v, uint32_t index,
			      uint64_t offset, void *buf, size_t len);
int gpuslice_vfio_region_write(struct gpuslice_vfio *v, uint32_t index,
			       uint64_t offset, const void *buf, size_t len);

/* PCI config space (region VFIO_PCI_CONFIG_REGION_INDEX). */
int gpuslice_vfio_config_read(struct gpuslice_vfio *v, uint32_t offset,
			      void *buf, size_t len);
int gpuslice_vfio_config_write(struct gpuslice_vfio *v, uint32_t offset,
			       const void *buf, size_t len);

/* One 32-bit BAR0 register (GPUSLICE_VGPU_REG_*). */
int gpuslice_vfio_reg_read(struct gpuslice_vfio *v, uint32_t reg,
			   uint32_t *val);
int gpuslice_vfio_reg_write(struct gpuslice_vfio *v, uint32_t reg,
			    uint32_t val);

/*
 * Map BAR1 (the framebuffer) shared and read-write; the mapping is kept
 * in the handle, so a second call returns the same one. Unmapped by
 * gpuslice_vfio_fb_unmap() or close.
 */
int gpuslice_vfio_fb_map(struct gpuslice_vfio *v, void **addr, size_t *size);
int gpuslice_vfio_fb_unmap(struct gpuslice_vfio *v);

/*
 * VFIO_DEVICE_SET_IRQS on vector 0 of irq @index with ACTION_TRIGGER:
 * set_eventfd hands @fd to the device (-1 disables through DATA_EVENTFD),
 * disable sends DATA_NONE with count 0, trigger sends DATA_NONE with
 * count 1 (loopback: the device signals the eventfd now).
 */
int gpuslice_vfio_irq_set_eventfd(struct gpuslice_vfio *v, uint32_t index,
				  int fd);
int gpuslice_vfio_irq_disable(struct gpuslice_vfio *v, uint32_t index);
int gpuslice_vfio_irq_trigger(struct gpuslice_vfio *v, uint32_t index);

/*
 * MSI: enable creates an eventfd owned by the handle and installs it;
 * disable removes it from the device (the eventfd stays for reuse).
 * msi_wait returns the number of interrupts (> 0) seen since the last
 * call, waiting up to @timeout_ms for the first; -ETIMEDOUT if none
 * came, -ENODEV if MSI was never enabled.
 */
int gpuslice_vfio_msi_enable(struct gpuslice_vfio *v);
int gpuslice_vfio_msi_disable(struct gpuslice_vfio *v);
int gpuslice_vfio_msi_wait(struct gpuslice_vfio *v, int timeout_ms);
/* The MSI eventfd, or -ENODEV. */
int gpuslice_vfio_msi_fd(const struct gpuslice_vfio *v);

/*
 * REQ (the device asks its user to let go, e.g. on mdev removal): same
 * model as MSI.
 */
int gpuslice_vfio_req_enable(struct gpuslice_vfio *v);
int gpuslice_vfio_req_wait(struct gpuslice_vfio *v, int timeout_ms);

/*
 * DMA: alloc mmaps @size bytes of anonymous memory (rounded up to pages,
 * zeroed) and maps them read-write for the device at an IOVA the library
 * picks (never reused within a handle); free unmaps and munmaps. map and
 * unmap are the raw VFIO_IOMMU_MAP_DMA/UNMAP_DMA for caller memory.
 */
int gpuslice_vfio_dma_alloc(struct gpuslice_vfio *v, size_t size,
			    struct gpuslice_vfio_dma *dma);
int gpuslice_vfio_dma_free(struct gpuslice_vfio *v,
			   struct gpuslice_vfio_dma *dma);
int gpuslice_vfio_dma_map(struct gpuslice_vfio *v, void *vaddr,
			  uint64_t iova, size_t size);
int gpuslice_vfio_dma_unmap(struct gpuslice_vfio *v, uint64_t iova,
			    size_t size);
/* An IOVA range of @size bytes no buffer of this handle will ever use. */
uint64_t gpuslice_vfio_iova_reserve(struct gpuslice_vfio *v, size_t size);

/*
 * The command ring: init allocates a DMA buffer of @size bytes (a power
 * of two within GPUSLICE_VGPU_RING_MIN..MAX, else -EINVAL), programs
 * RING_BASE and RING_SIZE and starts writing at RING_HEAD. Calling it
 * again (e.g. after a reset) reprograms the registers, reusing the buffer
 * when the size matches.
 */
int gpuslice_vfio_ring_init(struct gpuslice_vfio *v, size_t size);

/*
 * Copy @ndw command words into the ring at TAIL (wrapping at the end),
 * then write RING_TAIL and DOORBELL. When the ring is full, doorbells
 * what was written so far and polls RING_HEAD for room, up to
 * @timeout_ms in all: -ETIMEDOUT, or -EIO if the vGPU reports an ERROR
 * meanwhile. -ENOSPC if @ndw can never fit, -ENODEV without a ring.
 */
int gpuslice_vfio_submit(struct gpuslice_vfio *v, const uint32_t *words,
			 size_t ndw, int timeout_ms);

/*
 * Wait until FENCE_LO/HI reach @fence: wakes on the MSI eventfd when MSI
 * is enabled (the interrupts stay countable by msi_wait), otherwise polls
 * the registers; -ETIMEDOUT after @timeout_ms, -EIO as soon as ERROR is
 * non-zero (with the fault in *@error when @error is not NULL).
 */
int gpuslice_vfio_fence_wait(struct gpuslice_vfio *v, uint64_t fence,
			     int timeout_ms, uint32_t *error);

/* FENCE_LO/HI. */
int gpuslice_vfio_fence_read(struct gpuslice_vfio *v, uint64_t *fence);

/*
 * One mailbox request: clears INTR_MBOX, writes MBOX_ARG and MBOX_REQ,
 * waits up to one second for INTR_MBOX, then returns MBOX_STATUS in
 * *@status and MBOX_DATA0..7 in @data (may be NULL). -ETIMEDOUT if no
 * reply came.
 */
int gpuslice_vfio_mbox_call(struct gpuslice_vfio *v, uint32_t req,
			    uint32_t arg, int32_t *status, uint32_t data[8]);

/*
 * VFIO_DEVICE_RESET. The device forgets its ring; the library keeps the
 * buffer, and gpuslice_vfio_ring_init() reprograms it.
 */
int gpuslice_vfio_reset(struct gpuslice_vfio *v);

#ifdef __cplusplus
}
#endif

#endif /* _GPUSLICE_VFIO_H */
