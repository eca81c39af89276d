// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Userspace VFIO client for a gpuslice vGPU: group and container set-up,
 * region and interrupt access, DMA buffers, the command ring, the mailbox.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/gpuslice_vgpu.h>
#include <linux/vfio.h>

#include "gpuslice_vfio.h"

#define GPUSLICE_VFIO_MAX_REGIONS	16
#define GPUSLICE_VFIO_IOVA_BASE		0x100000ULL
/* Register polls back off to this period (ms) while waiting. */
#define GPUSLICE_VFIO_POLL_MS		1

struct gpuslice_vfio {
	int container;
	int group;
	int device;
	uint32_t num_regions;
	struct vfio_region_info regions[GPUSLICE_VFIO_MAX_REGIONS];

	void *fb;
	size_t fb_size;

	int msi_fd;
	uint64_t msi_pending;		/* seen by fence_wait, not yet reported */
	int req_fd;

	uint64_t next_iova;

	struct gpuslice_vfio_dma ring;
	uint32_t ring_tail;		/* next byte we write, in [0, size) */
	int ring_ready;
};

static long page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? ps : 4096;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static int read_group_id(const char *uuid, char *group, size_t size)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	if (snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/iommu_group",
		     uuid) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (!*base || strlen(base) >= size)
		return -EINVAL;
	strcpy(group, base);
	return 0;
}

static int cache_regions(struct gpuslice_vfio *v)
{
	struct vfio_device_info info;
	uint32_t i;
	int ret;

	ret = gpuslice_vfio_device_info(v, &info);
	if (ret)
		return ret;
	v->num_regions = info.num_regions;
	if (v->num_regions > GPUSLICE_VFIO_MAX_REGIONS)
		v->num_regions = GPUSLICE_VFIO_MAX_REGIONS;
	for (i = 0; i < v->num_regions; i++) {
		ret = gpuslice_vfio_region_info(v, i, &v->regions[i]);
		if (ret)
			return ret;
	}
	return 0;
}

int gpuslice_vfio_open(const char *uuid, struct gpuslice_vfio **ret)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct gpuslice_vfio *v;
	char group_id[32], path[64];
	int err;

	if (!uuid || !ret)
		return -EINVAL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->container = v->group = v->device = -1;
	v->msi_fd = v->req_fd = -1;
	v->next_iova = GPUSLICE_VFIO_IOVA_BASE;

	err = read_group_id(uuid, group_id, sizeof(group_id));
	if (err)
		goto err_close;

	v->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (v->container < 0) {
		err = -errno;
		goto err_close;
	}
	err = ioctl(v->container, VFIO_GET_API_VERSION);
	if (err != VFIO_API_VERSION) {
		err = err < 0 ? -errno : -EPROTO;
		goto err_close;
	}
	err = ioctl(v->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU);
	if (err <= 0) {
		err = err < 0 ? -errno : -EOPNOTSUPP;
		goto err_close;
	}

	snprintf(path, sizeof(path), "/dev/vfio/%s", group_id);
	v->group = open(path, O_RDWR | O_CLOEXEC);
	if (v->group < 0) {
		err = -errno;
		goto err_close;
	}
	if (ioctl(v->group, VFIO_GROUP_GET_STATUS, &status)) {
		err = -errno;
		goto err_close;
	}
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		err = -EBUSY;
		goto err_close;
	}
	if (ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container)) {
		err = -errno;
		goto err_close;
	}
	if (ioctl(v->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU)) {
		err = -errno;
		goto err_close;
	}
	/* GET_DEVICE_FD returns an fd that already has O_CLOEXEC set. */
	v->device = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (v->device < 0) {
		err = -errno;
		goto err_close;
	}
	err = cache_regions(v);
	if (err)
		goto err_close;

	*ret = v;
	return 0;

err_close:
	gpuslice_vfio_close(v);
	return err;
}

static int close_fd(int *fd, int ret)
{
	if (*fd >= 0 && close(*fd) && !ret)
		ret = -errno;
	*fd = -1;
	return ret;
}

int gpuslice_vfio_close(struct gpuslice_vfio *v)
{
	int ret = 0;

	if (!v)
		return 0;
	if (v->fb)
		gpuslice_vfio_fb_unmap(v);
	/* The device fd goes first: the group and container must outlive it. */
	ret = close_fd(&v->device, ret);
	ret = close_fd(&v->group, ret);
	ret = close_fd(&v->container, ret);
	/* The container's DMA mappings died with it; free the ring memory. */
	if (v->ring.vaddr)
		munmap(v->ring.vaddr, v->ring.size);
	ret = close_fd(&v->msi_fd, ret);
	ret = close_fd(&v->req_fd, ret);
	free(v);
	return ret;
}

int gpuslice_vfio_device_fd(const struct gpuslice_vfio *v)
{
	return v && v->device >= 0 ? v->device : -EBADF;
}

int gpuslice_vfio_device_info(struct gpuslice_vfio *v,
			      struct vfio_device_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	return ioctl(v->device, VFIO_DEVICE_GET_INFO, info) ? -errno : 0;
}

int gpuslice_vfio_region_info(struct gpuslice_vfio *v, uint32_t index,
			      struct vfio_region_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	return ioctl(v->device, VFIO_DEVICE_GET_REGION_INFO, info) ? -errno : 0;
}

int gpuslice_vfio_irq_info(struct gpuslice_vfio *v, uint32_t index,
			   struct vfio_irq_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	return ioctl(v->device, VFIO_DEVICE_GET_IRQ_INFO, info) ? -errno : 0;
}

int gpuslice_vfio_region_read(struct gpuslice_vfio *v, uint32_t index,
			      uint64_t offset, void *buf, size_t len)
{
	ssize_t n;

	if (index >= v->num_regions)
		return -EINVAL;
	n = pread(v->device, buf, len, v->regions[index].offset + offset);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int gpuslice_vfio_region_write(struct gpuslice_vfio *v, uint32_t index,
			       uint64_t offset, const void *buf, size_t len)
{
	ssize_t n;

	if (index >= v->num_regions)
		return -EINVAL;
	n = pwrite(v->device, buf, len, v->regions[index].offset + offset);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int gpuslice_vfio_config_read(struct gpuslice_vfio *v, uint32_t offset,
			      void *buf, size_t len)
{
	return gpuslice_vfio_region_read(v, VFIO_PCI_CONFIG_REGION_INDEX,
					 offset, buf, len);
}

int gpuslice_vfio_config_write(struct gpuslice_vfio *v, uint32_t offset,
			       const void *buf, size_t len)
{
	return gpuslice_vfio_region_write(v, VFIO_PCI_CONFIG_REGION_INDEX,
					  offset, buf, len);
}

int gpuslice_vfio_reg_read(struct gpuslice_vfio *v, uint32_t reg,
			   uint32_t *val)
{
	return gpuslice_vfio_region_read(v, VFIO_PCI_BAR0_REGION_INDEX, reg,
					 val, sizeof(*val));
}

int gpuslice_vfio_reg_write(struct gpuslice_vfio *v, uint32_t reg,
			    uint32_t val)
{
	return gpuslice_vfio_region_write(v, VFIO_PCI_BAR0_REGION_INDEX, reg,
					  &val, sizeof(val));
}

int gpuslice_vfio_fb_map(struct gpuslice_vfio *v, void **addr, size_t *size)
{
	struct vfio_region_info *r;
	void *p;

	if (v->fb)
		goto out;
	if (v->num_regions <= VFIO_PCI_BAR1_REGION_INDEX)
		return -ENODEV;
	r = &v->regions[VFIO_PCI_BAR1_REGION_INDEX];
	if (!(r->flags & VFIO_REGION_INFO_FLAG_MMAP) || !r->size)
		return -ENODEV;
	p = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED, v->device,
		 r->offset);
	if (p == MAP_FAILED)
		return -errno;
	v->fb = p;
	v->fb_size = r->size;
out:
	if (addr)
		*addr = v->fb;
	if (size)
		*size = v->fb_size;
	return 0;
}

int gpuslice_vfio_fb_unmap(struct gpuslice_vfio *v)
{
	int ret = 0;

	if (v->fb && munmap(v->fb, v->fb_size))
		ret = -errno;
	v->fb = NULL;
	v->fb_size = 0;
	return ret;
}

static int set_irqs(struct gpuslice_vfio *v, uint32_t index, uint32_t flags,
		    uint32_t count, int fd)
{
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} arg;

	memset(&arg, 0, sizeof(arg));
	arg.set.argsz = sizeof(arg.set);
	arg.set.flags = flags | VFIO_IRQ_SET_ACTION_TRIGGER;
	arg.set.index = index;
	arg.set.start = 0;
	arg.set.count = count;
	if (flags & VFIO_IRQ_SET_DATA_EVENTFD) {
		arg.set.argsz = sizeof(arg);
		arg.fd = fd;
	}
	return ioctl(v->device, VFIO_DEVICE_SET_IRQS, &arg) ? -errno : 0;
}

int gpuslice_vfio_irq_set_eventfd(struct gpuslice_vfio *v, uint32_t index,
				  int fd)
{
	return set_irqs(v, index, VFIO_IRQ_SET_DATA_EVENTFD, 1, fd);
}

int gpuslice_vfio_irq_disable(struct gpuslice_vfio *v, uint32_t index)
{
	return set_irqs(v, index, VFIO_IRQ_SET_DATA_NONE, 0, -1);
}

int gpuslice_vfio_irq_trigger(struct gpuslice_vfio *v, uint32_t index)
{
	return set_irqs(v, index, VFIO_IRQ_SET_DATA_NONE, 1, -1);
}

static int eventfd_enable(struct gpuslice_vfio *v, uint32_t index, int *fd)
{
	int ret, created = 0;

	if (*fd < 0) {
		*fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (*fd < 0)
			return -errno;
		created = 1;
	}
	ret = gpuslice_vfio_irq_set_eventfd(v, index, *fd);
	if (ret && created)
		close_fd(fd, 0);
	return ret;
}

/* Consume the eventfd: its count (> 0), 0 if nothing is pending, -errno. */
static int64_t eventfd_drain(int fd)
{
	uint64_t count;

	if (read(fd, &count, sizeof(count)) == sizeof(count))
		return (int64_t)count;
	return errno == EAGAIN ? 0 : -errno;
}

/* Wait up to @timeout_ms for @fd: its count, -ETIMEDOUT, or -errno. */
static int64_t eventfd_wait(int fd, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms, count;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int left, n;

	for (;;) {
		count = eventfd_drain(fd);
		if (count)
			return count;
		left = (int)(deadline - now_ms());
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&pfd, 1, left);
		if (n < 0 && errno != EINTR)
			return -errno;
	}
}

static int clamp_count(int64_t n)
{
	if (n < 0)
		return (int)n;
	return n > INT_MAX ? INT_MAX : (int)n;
}

int gpuslice_vfio_msi_enable(struct gpuslice_vfio *v)
{
	return eventfd_enable(v, VFIO_PCI_MSI_IRQ_INDEX, &v->msi_fd);
}

int gpuslice_vfio_msi_disable(struct gpuslice_vfio *v)
{
	return gpuslice_vfio_irq_disable(v, VFIO_PCI_MSI_IRQ_INDEX);
}

int gpuslice_vfio_msi_wait(struct gpuslice_vfio *v, int timeout_ms)
{
	int64_t n;

	if (v->msi_fd < 0)
		return -ENODEV;
	n = eventfd_drain(v->msi_fd);
	if (n < 0)
		return (int)n;
	n += v->msi_pending;
	v->msi_pending = 0;
	if (!n)
		n = eventfd_wait(v->msi_fd, timeout_ms);
	return clamp_count(n);
}

int gpuslice_vfio_msi_fd(const struct gpuslice_vfio *v)
{
	return v->msi_fd >= 0 ? v->msi_fd : -ENODEV;
}

int gpuslice_vfio_req_enable(struct gpuslice_vfio *v)
{
	return eventfd_enable(v, VFIO_PCI_REQ_IRQ_INDEX, &v->req_fd);
}

int gpuslice_vfio_req_wait(struct gpuslice_vfio *v, int timeout_ms)
{
	if (v->req_fd < 0)
		return -ENODEV;
	return clamp_count(eventfd_wait(v->req_fd, timeout_ms));
}

uint64_t gpuslice_vfio_iova_reserve(struct gpuslice_vfio *v, size_t size)
{
	uint64_t ps = page_size(), iova = v->next_iova;

	/* A guard page between buffers: an overrun faults instead of hitting a neighbour. */
	v->next_iova += ((size + ps - 1) & ~(ps - 1)) + ps;
	return iova;
}

int gpuslice_vfio_dma_map(struct gpuslice_vfio *v, void *vaddr,
			  uint64_t iova, size_t size)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)vaddr,
		.iova = iova,
		.size = size,
	};

	return ioctl(v->container, VFIO_IOMMU_MAP_DMA, &map) ? -errno : 0;
}

int gpuslice_vfio_dma_unmap(struct gpuslice_vfio *v, uint64_t iova,
			    size_t size)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = iova,
		.size = size,
	};

	if (ioctl(v->container, VFIO_IOMMU_UNMAP_DMA, &unmap))
		return -errno;
	return unmap.size == size ? 0 : -ENOENT;
}

int gpuslice_vfio_dma_alloc(struct gpuslice_vfio *v, size_t size,
			    struct gpuslice_vfio_dma *dma)
{
	size_t ps = page_size();
	void *p;
	int ret;

	if (!size)
		return -EINVAL;
	size = (size + ps - 1) & ~(ps - 1);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	dma->iova = gpuslice_vfio_iova_reserve(v, size);
	ret = gpuslice_vfio_dma_map(v, p, dma->iova, size);
	if (ret) {
		munmap(p, size);
		return ret;
	}
	dma->vaddr = p;
	dma->size = size;
	return 0;
}

int gpuslice_vfio_dma_free(struct gpuslice_vfio *v,
			   struct gpuslice_vfio_dma *dma)
{
	int ret;

	if (!dma->vaddr)
		return 0;
	ret = gpuslice_vfio_dma_unmap(v, dma->iova, dma->size);
	if (munmap(dma->vaddr, dma->size) && !ret)
		ret = -errno;
	memset(dma, 0, sizeof(*dma));
	return ret;
}

int gpuslice_vfio_ring_init(struct gpuslice_vfio *v, size_t size)
{
	uint32_t head;
	int ret;

	if (size < GPUSLICE_VGPU_RING_MIN || size > GPUSLICE_VGPU_RING_MAX ||
	    (size & (size - 1)))
		return -EINVAL;
	v->ring_ready = 0;
	if (v->ring.vaddr && v->ring.size != size) {
		ret = gpuslice_vfio_dma_free(v, &v->ring);
		if (ret)
			return ret;
	}
	if (!v->ring.vaddr) {
		ret = gpuslice_vfio_dma_alloc(v, size, &v->ring);
		if (ret)
			return ret;
	}
	ret = gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_RING_BASE_LO,
				      (uint32_t)v->ring.iova);
	if (!ret)
		ret = gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_RING_BASE_HI,
					      (uint32_t)(v->ring.iova >> 32));
	if (!ret)
		ret = gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_RING_SIZE,
					      (uint32_t)size);
	if (!ret)
		ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_RING_HEAD,
					     &head);
	if (ret)
		return ret;
	if (head >= size || head % 4)
		return -EIO;
	ret = gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_RING_TAIL, head);
	if (ret)
		return ret;
	v->ring_tail = head;
	v->ring_ready = 1;
	return 0;
}

static int check_error(struct gpuslice_vfio *v, uint32_t *error)
{
	uint32_t err = 0;
	int ret;

	ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_ERROR, &err);
	if (ret)
		return ret;
	if (error)
		*error = err;
	return err ? -EIO : 0;
}

static int ring_kick(struct gpuslice_vfio *v)
{
	int ret;

	ret = gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_RING_TAIL,
				      v->ring_tail);
	if (ret)
		return ret;
	return gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_DOORBELL, 1);
}

int gpuslice_vfio_submit(struct gpuslice_vfio *v, const uint32_t *words,
			 size_t ndw, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	uint32_t size = v->ring.size, head, used, room;
	uint32_t *ring = v->ring.vaddr;
	size_t done = 0;
	int ret, kicked = 1;

	if (!v->ring_ready)
		return -ENODEV;
	/* One word always stays free so that HEAD == TAIL means empty. */
	if (ndw > size / 4 - 1)
		return -ENOSPC;
	while (done < ndw) {
		ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_RING_HEAD,
					     &head);
		if (ret)
			return ret;
		if (head >= size)
			return -EIO;
		used = (v->ring_tail - head) & (size - 1);
		room = (size - 4 - used) / 4;
		if (!room) {
			if (!kicked) {
				ret = ring_kick(v);
				if (ret)
					return ret;
				kicked = 1;
			}
			ret = check_error(v, NULL);
			if (ret)
				return ret;
			if (now_ms() >= deadline)
				return -ETIMEDOUT;
			sleep_ms(GPUSLICE_VFIO_POLL_MS);
			continue;
		}
		while (room-- && done < ndw) {
			ring[v->ring_tail / 4] = words[done++];
			v->ring_tail = (v->ring_tail + 4) & (size - 1);
			kicked = 0;
		}
	}
	/* The words must be in memory before the device is told to look. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return ring_kick(v);
}

int gpuslice_vfio_fence_read(struct gpuslice_vfio *v, uint64_t *fence)
{
	uint32_t lo, hi, hi2;
	int ret;

	do {
		ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_FENCE_HI, &hi);
		if (!ret)
			ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_FENCE_LO,
						     &lo);
		if (!ret)
			ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_FENCE_HI,
						     &hi2);
		if (ret)
			return ret;
	} while (hi != hi2);
	*fence = (uint64_t)hi << 32 | lo;
	return 0;
}

int gpuslice_vfio_fence_wait(struct gpuslice_vfio *v, uint64_t fence,
			     int timeout_ms, uint32_t *error)
{
	int64_t deadline = now_ms() + timeout_ms, n;
	uint64_t cur;
	int ret, left;

	if (error)
		*error = 0;
	for (;;) {
		ret = gpuslice_vfio_fence_read(v, &cur);
		if (ret)
			return ret;
		if (cur >= fence)
			return 0;
		ret = check_error(v, error);
		if (ret)
			return ret;
		left = (int)(deadline - now_ms());
		if (left <= 0)
			return -ETIMEDOUT;
		if (v->msi_fd >= 0) {
			/*
			 * Fences without IRQ raise no MSI: sleep on the eventfd
			 * in short slices and keep what it counted for msi_wait.
			 */
			n = eventfd_wait(v->msi_fd, left < 10 ? left : 10);
			if (n > 0)
				v->msi_pending += n;
			else if (n != -ETIMEDOUT)
				return (int)n;
		} else {
			sleep_ms(GPUSLICE_VFIO_POLL_MS);
		}
	}
}

int gpuslice_vfio_mbox_call(struct gpuslice_vfio *v, uint32_t req,
			    uint32_t arg, int32_t *status, uint32_t data[8])
{
	int64_t deadline = now_ms() + 1000;
	uint32_t intr, st, i;
	int ret;

	ret = gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_INTR_ACK,
				      GPUSLICE_VGPU_INTR_MBOX);
	if (!ret)
		ret = gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_MBOX_ARG, arg);
	if (!ret)
		ret = gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_MBOX_REQ, req);
	if (ret)
		return ret;
	for (;;) {
		ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_INTR_STATUS,
					     &intr);
		if (ret)
			return ret;
		if (intr & GPUSLICE_VGPU_INTR_MBOX)
			break;
		if (now_ms() >= deadline)
			return -ETIMEDOUT;
		sleep_ms(GPUSLICE_VFIO_POLL_MS);
	}
	ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_MBOX_STATUS, &st);
	if (ret)
		return ret;
	for (i = 0; data && i < 8; i++) {
		ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_MBOX_DATA(i),
					     &data[i]);
		if (ret)
			return ret;
	}
	if (status)
		*status = (int32_t)st;
	return gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_INTR_ACK,
				       GPUSLICE_VGPU_INTR_MBOX);
}

int gpuslice_vfio_reset(struct gpuslice_vfio *v)
{
	v->ring_ready = 0;
	return ioctl(v->device, VFIO_DEVICE_RESET) ? -errno : 0;
}
