// SPDX-License-Identifier: GPL-2.0-only
/*
 * A vGPU as a VFIO PCI device, driven through lib/vfio: config space and
 * BAR sizing, region and interrupt info, malformed ioctls, the BAR1
 * framebuffer mapping, MSI, the mailbox, DMA to and from guest memory,
 * faults and their isolation, reset, framebuffer scrubbing, removal while
 * a user holds the device, and a bounded run of random accesses.
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#include <linux/gpuslice_vgpu.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>

#include "gpuslice_cmd.h"
#include "gpuslice_vfio.h"
#include "kselftest_harness.h"
#include "gpuslice_util.h"

#define TEST_ID		245
#define MODEL		"h100-80gb"
#define TYPE_ID		22		/* H100-5C */
#define TYPE_NAME	"H100-5C"
#define TYPE_MAX	16
#define MIB		(1024ULL * 1024)
#define FB_SIZE		(5120 * MIB)
#define BAR1_SIZE	(8192 * MIB)	/* FB_SIZE rounded up to a power of 2 */
#define NUM_VFS		4
#define MDEV_BUS	"/sys/class/mdev_bus"
#define TIMEOUT_MS	5000

FIXTURE(vfio) {
	bool ready;
	char gpu[32];
	char uuid_a[40];	/* vf0, framebuffer slot 0, opened as v */
	char uuid_b[40];	/* vf1, framebuffer slot 1 */
	uint64_t offset_b;
	struct gpuslice_vfio *v;
	struct gpuslice_vfio *vb;
	pid_t child;
};

static int mdev_create(const char *gpu, unsigned int vf, const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path),
		 MDEV_BUS "/%s-vf%u/mdev_supported_types/gpuslice-%u/create",
		 gpu, vf, TYPE_ID);
	return sysfs_write(path, uuid);
}

static int mdev_remove(const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/remove", uuid);
	return sysfs_write(path, "1");
}

static int vgpu_attr(const char *uuid, const char *attr, char *buf,
		     size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/gpuslice/%s", uuid,
		 attr);
	return sysfs_read(path, buf, size);
}

static long long vgpu_attr_ll(const char *uuid, const char *attr)
{
	char buf[64];

	if (vgpu_attr(uuid, attr, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 10);
}

static void make_uuid(char *uuid, unsigned int n)
{
	snprintf(uuid, 37, "67730245-%04x-4000-8000-%012x", getpid() & 0xffff,
		 n);
}

FIXTURE_SETUP(vfio)
{
	char path[PATH_MAX], val[16];
	int ret;

	self->ready = false;
	self->child = 0;
	if (access(SIM_BUS "/new_device", W_OK))
		SKIP(return, "gpuslice_sim is not loaded");
	if (access("/dev/vfio/vfio", R_OK | W_OK))
		SKIP(return, "no /dev/vfio/vfio (vfio not loaded)");
	sim_vgpu_env_cleanup(TEST_ID);
	ASSERT_EQ(0, sim_new(TEST_ID, MODEL));
	ASSERT_EQ(0, gpu_of_sim(TEST_ID, self->gpu, sizeof(self->gpu)));
	snprintf(path, sizeof(path), GPU_CLASS "/%s/sriov_numvfs", self->gpu);
	if (access(path, F_OK)) {
		sim_del(TEST_ID);
		SKIP(return, "the kernel has no vGPU support (no sriov_numvfs)");
	}
	self->ready = true;
	snprintf(val, sizeof(val), "%d\n", NUM_VFS);
	ASSERT_EQ(0, sysfs_write(path, val));
	make_uuid(self->uuid_a, 1);
	make_uuid(self->uuid_b, 2);
	ASSERT_EQ(0, mdev_create(self->gpu, 0, self->uuid_a));
	ASSERT_EQ(0, mdev_create(self->gpu, 1, self->uuid_b));
	ASSERT_EQ(0, vgpu_attr_ll(self->uuid_a, "framebuffer_offset"));
	self->offset_b = vgpu_attr_ll(self->uuid_b, "framebuffer_offset");
	ASSERT_EQ(FB_SIZE, self->offset_b);
	ret = gpuslice_vfio_open(self->uuid_a, &self->v);
	ASSERT_EQ(0, ret) TH_LOG("open %s: %s", self->uuid_a, strerror(-ret));
}

FIXTURE_TEARDOWN(vfio)
{
	if (self->child > 0) {
		kill(self->child, SIGKILL);
		waitpid(self->child, NULL, 0);
	}
	gpuslice_vfio_close(self->vb);
	gpuslice_vfio_close(self->v);
	if (self->ready)
		sim_vgpu_env_cleanup(TEST_ID);
}

/* SKIP() in a 6.1 harness setup still runs the test body. */
#define REQUIRE_READY() do { if (!self->ready) return; } while (0)

static int run(struct gpuslice_vfio *v, struct gpuslice_cmd_buf *s)
{
	if (gpuslice_cmd_overflow(s))
		return -ENOSPC;
	return gpuslice_vfio_submit(v, s->w, s->n, TIMEOUT_MS);
}

static uint32_t reg(struct gpuslice_vfio *v, uint32_t r)
{
	uint32_t val = 0xdeadbeef;

	if (gpuslice_vfio_reg_read(v, r, &val))
		return 0xdeadbeef;
	return val;
}

/*
 * FENCE is written before the device latches the interrupt cause, so a
 * driver that polls FENCE may briefly see the value without the cause.
 * Returns INTR_STATUS once it has @bits, or its last value on timeout.
 */
static uint32_t wait_intr_status(struct gpuslice_vfio *v, uint32_t bits)
{
	uint32_t val;
	int ms;

	for (ms = 0;; ms++) {
		val = reg(v, GPUSLICE_VGPU_REG_INTR_STATUS);
		if ((val & bits) == bits || val == 0xdeadbeef || ms >= TIMEOUT_MS)
			return val;
		usleep(1000);
	}
}

static uint32_t cfg32(struct gpuslice_vfio *v, uint32_t off)
{
	uint32_t val = 0xdeadbeef;

	gpuslice_vfio_config_read(v, off, &val, 4);
	return val;
}

static uint16_t cfg16(struct gpuslice_vfio *v, uint32_t off)
{
	uint16_t val = 0xdead;

	gpuslice_vfio_config_read(v, off, &val, 2);
	return val;
}

static uint8_t cfg8(struct gpuslice_vfio *v, uint32_t off)
{
	uint8_t val = 0xde;

	gpuslice_vfio_config_read(v, off, &val, 1);
	return val;
}

static int cfg_write32(struct gpuslice_vfio *v, uint32_t off, uint32_t val)
{
	return gpuslice_vfio_config_write(v, off, &val, 4);
}

static int vram_read(uint64_t off, void *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/kernel/debug/gpuslice_sim/sim%u/vram",
		 TEST_ID);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, buf, len, off);
	close(fd);
	return n == (ssize_t)len ? 0 : -EIO;
}

TEST_F(vfio, config_space)
{
	uint8_t cap;

	REQUIRE_READY();
	EXPECT_EQ(GPUSLICE_VGPU_VENDOR_ID, cfg16(self->v, PCI_VENDOR_ID));
	EXPECT_EQ(GPUSLICE_VGPU_DEVICE_ID, cfg16(self->v, PCI_DEVICE_ID));
	EXPECT_EQ(GPUSLICE_VGPU_VENDOR_ID,
		  cfg16(self->v, PCI_SUBSYSTEM_VENDOR_ID));
	EXPECT_EQ(TYPE_ID, cfg16(self->v, PCI_SUBSYSTEM_ID));
	EXPECT_EQ(GPUSLICE_VGPU_CLASS << 8 | GPUSLICE_VGPU_REVISION,
		  cfg32(self->v, PCI_CLASS_REVISION));
	EXPECT_EQ(0, cfg8(self->v, PCI_HEADER_TYPE) & 0x7f);
	EXPECT_EQ(0, cfg8(self->v, PCI_INTERRUPT_PIN));
	EXPECT_NE(0, cfg16(self->v, PCI_STATUS) & PCI_STATUS_CAP_LIST);

	/* One capability: 64-bit MSI with a single vector. */
	cap = cfg8(self->v, PCI_CAPABILITY_LIST);
	ASSERT_EQ(0x40, cap);
	EXPECT_EQ(PCI_CAP_ID_MSI, cfg8(self->v, cap + PCI_CAP_LIST_ID));
	EXPECT_EQ(0, cfg8(self->v, cap + PCI_CAP_LIST_NEXT));
	EXPECT_NE(0, cfg16(self->v, cap + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_64BIT);
	EXPECT_EQ(0, cfg16(self->v, cap + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_QMASK);

	/* BAR0: 32-bit memory; BAR1: 64-bit prefetchable memory. */
	EXPECT_EQ(PCI_BASE_ADDRESS_SPACE_MEMORY | PCI_BASE_ADDRESS_MEM_TYPE_32,
		  cfg32(self->v, PCI_BASE_ADDRESS_0) & 0x7);
	EXPECT_EQ(PCI_BASE_ADDRESS_SPACE_MEMORY | PCI_BASE_ADDRESS_MEM_TYPE_64 |
		  PCI_BASE_ADDRESS_MEM_PREFETCH,
		  cfg32(self->v, PCI_BASE_ADDRESS_1) & 0xf);

	/* Reads past the 256 bytes fail. */
	EXPECT_NE(0, gpuslice_vfio_config_read(self->v, 256, &cap, 1));
}

TEST_F(vfio, bar_sizing)
{
	uint32_t bar0, bar1;

	REQUIRE_READY();
	bar0 = cfg32(self->v, PCI_BASE_ADDRESS_0) & 0xf;
	bar1 = cfg32(self->v, PCI_BASE_ADDRESS_1) & 0xf;

	ASSERT_EQ(0, cfg_write32(self->v, PCI_BASE_ADDRESS_0, 0xffffffff));
	EXPECT_EQ(~(GPUSLICE_VGPU_BAR0_SIZE - 1) | bar0,
		  cfg32(self->v, PCI_BASE_ADDRESS_0));

	/* 5 GiB of framebuffer decodes as an 8 GiB BAR. */
	ASSERT_EQ(0, cfg_write32(self->v, PCI_BASE_ADDRESS_1, 0xffffffff));
	ASSERT_EQ(0, cfg_write32(self->v, PCI_BASE_ADDRESS_2, 0xffffffff));
	EXPECT_EQ((uint32_t)~(BAR1_SIZE - 1) | bar1,
		  cfg32(self->v, PCI_BASE_ADDRESS_1));
	EXPECT_EQ((uint32_t)(~(BAR1_SIZE - 1) >> 32),
		  cfg32(self->v, PCI_BASE_ADDRESS_2));

	/* An address sticks, aligned to the size, with the type bits kept. */
	ASSERT_EQ(0, cfg_write32(self->v, PCI_BASE_ADDRESS_0, 0xfe001234));
	EXPECT_EQ(0xfe001000 | bar0, cfg32(self->v, PCI_BASE_ADDRESS_0));
	ASSERT_EQ(0, cfg_write32(self->v, PCI_BASE_ADDRESS_1, 0));
	ASSERT_EQ(0, cfg_write32(self->v, PCI_BASE_ADDRESS_2, 0x4));
	EXPECT_EQ(bar1, cfg32(self->v, PCI_BASE_ADDRESS_1));
	EXPECT_EQ(0x4, cfg32(self->v, PCI_BASE_ADDRESS_2));

	/* Read-only identity does not change under writes. */
	ASSERT_EQ(0, cfg_write32(self->v, PCI_VENDOR_ID, 0x12345678));
	EXPECT_EQ(GPUSLICE_VGPU_VENDOR_ID, cfg16(self->v, PCI_VENDOR_ID));
	EXPECT_EQ(GPUSLICE_VGPU_DEVICE_ID, cfg16(self->v, PCI_DEVICE_ID));
}

TEST_F(vfio, region_and_irq_info)
{
	struct vfio_device_info dev;
	struct vfio_region_info r;
	struct vfio_irq_info irq;
	char state[32];
	uint32_t i;

	REQUIRE_READY();
	ASSERT_EQ(0, gpuslice_vfio_device_info(self->v, &dev));
	EXPECT_EQ(VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET,
		  dev.flags & (VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET |
			       VFIO_DEVICE_FLAGS_PLATFORM));
	EXPECT_EQ(9, dev.num_regions);
	EXPECT_EQ(5, dev.num_irqs);

	ASSERT_EQ(0, gpuslice_vfio_region_info(self->v, 0, &r));
	EXPECT_EQ(GPUSLICE_VGPU_BAR0_SIZE, r.size);
	EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE,
		  r.flags & (VFIO_REGION_INFO_FLAG_READ |
			     VFIO_REGION_INFO_FLAG_WRITE |
			     VFIO_REGION_INFO_FLAG_MMAP));
	EXPECT_EQ(0, r.offset);

	ASSERT_EQ(0, gpuslice_vfio_region_info(self->v, 1, &r));
	EXPECT_EQ(FB_SIZE, r.size);
	EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
		  VFIO_REGION_INFO_FLAG_MMAP, r.flags &
		  (VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
		   VFIO_REGION_INFO_FLAG_MMAP));
	EXPECT_EQ(1ULL << 40, r.offset);

	for (i = 2; i <= VFIO_PCI_ROM_REGION_INDEX; i++) {
		ASSERT_EQ(0, gpuslice_vfio_region_info(self->v, i, &r));
		EXPECT_EQ(0, r.size) TH_LOG("region %u", i);
	}

	ASSERT_EQ(0, gpuslice_vfio_region_info(self->v, 7, &r));
	EXPECT_EQ(256, r.size);
	EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE,
		  r.flags & (VFIO_REGION_INFO_FLAG_READ |
			     VFIO_REGION_INFO_FLAG_WRITE |
			     VFIO_REGION_INFO_FLAG_MMAP));
	EXPECT_EQ(7ULL << 40, r.offset);

	ASSERT_EQ(0, gpuslice_vfio_irq_info(self->v, VFIO_PCI_INTX_IRQ_INDEX,
					    &irq));
	EXPECT_EQ(0, irq.count);
	ASSERT_EQ(0, gpuslice_vfio_irq_info(self->v, VFIO_PCI_MSI_IRQ_INDEX,
					    &irq));
	EXPECT_EQ(1, irq.count);
	EXPECT_EQ(VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE,
		  irq.flags & (VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE |
			       VFIO_IRQ_INFO_MASKABLE));
	ASSERT_EQ(0, gpuslice_vfio_irq_info(self->v, VFIO_PCI_MSIX_IRQ_INDEX,
					    &irq));
	EXPECT_EQ(0, irq.count);
	ASSERT_EQ(0, gpuslice_vfio_irq_info(self->v, VFIO_PCI_ERR_IRQ_INDEX,
					    &irq));
	EXPECT_EQ(0, irq.count);
	ASSERT_EQ(0, gpuslice_vfio_irq_info(self->v, VFIO_PCI_REQ_IRQ_INDEX,
					    &irq));
	EXPECT_EQ(1, irq.count);
	EXPECT_NE(0, irq.flags & VFIO_IRQ_INFO_EVENTFD);

	/* While open the vGPU says so. */
	EXPECT_EQ(0, vgpu_attr(self->uuid_a, "state", state, sizeof(state)));
	EXPECT_STREQ("open", state);
	EXPECT_EQ(0, vgpu_attr(self->uuid_b, "state", state, sizeof(state)));
	EXPECT_STREQ("created", state);
}

/* ioctl() result as 0 or -errno. */
static int xioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

TEST_F(vfio, malformed_ioctls)
{
	int fd = gpuslice_vfio_device_fd(self->v);
	struct vfio_device_info dev = { .argsz = 4 };
	struct vfio_region_info r = { .argsz = 8 };
	struct vfio_irq_info irq = { .argsz = 8 };
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} s;

	REQUIRE_READY();
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_GET_INFO, &dev));
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_GET_REGION_INFO, &r));
	r.argsz = sizeof(r);
	r.index = 9;
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_GET_REGION_INFO, &r));
	r.index = 0xffffffff;
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_GET_REGION_INFO, &r));

	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_GET_IRQ_INFO, &irq));
	irq.argsz = sizeof(irq);
	irq.index = 5;
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_GET_IRQ_INFO, &irq));

	memset(&s, 0, sizeof(s));
	s.set.argsz = 8;
	s.set.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER;
	s.set.index = VFIO_PCI_MSI_IRQ_INDEX;
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_SET_IRQS, &s));
	s.set.argsz = sizeof(s.set);
	s.set.index = 5;
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_SET_IRQS, &s));
	s.set.index = VFIO_PCI_MSI_IRQ_INDEX;
	s.set.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_DATA_BOOL |
		      VFIO_IRQ_SET_ACTION_TRIGGER;
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_SET_IRQS, &s));
	s.set.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER |
		      0x8000;
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_SET_IRQS, &s));
	/* MSI has one vector: start 1 or count 2 is out of range. */
	s.set.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	s.set.argsz = sizeof(s);
	s.set.start = 1;
	s.set.count = 1;
	s.fd = -1;
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_SET_IRQS, &s));
	/* MSI-X has no vectors at all. */
	s.set.start = 0;
	s.set.index = VFIO_PCI_MSIX_IRQ_INDEX;
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_SET_IRQS, &s));
	/* An fd that is not an eventfd. */
	s.set.index = VFIO_PCI_MSI_IRQ_INDEX;
	s.fd = fd;
	EXPECT_EQ(-EINVAL, xioctl(fd, VFIO_DEVICE_SET_IRQS, &s));

	EXPECT_EQ(-ENOTTY, xioctl(fd, _IO(VFIO_TYPE, VFIO_BASE + 60), NULL));
	EXPECT_EQ(-ENOTTY, xioctl(fd, _IOR('G', 0x7f, uint64_t), &r));

	/* None of that broke the device. */
	ASSERT_EQ(0, gpuslice_vfio_device_info(self->v, &dev));
	EXPECT_EQ(9, dev.num_regions);
	EXPECT_EQ(GPUSLICE_VGPU_ID, reg(self->v, GPUSLICE_VGPU_REG_ID));
}

TEST_F(vfio, bar0_identity_registers)
{
	REQUIRE_READY();
	EXPECT_EQ(GPUSLICE_VGPU_ID, reg(self->v, GPUSLICE_VGPU_REG_ID));
	EXPECT_EQ(GPUSLICE_VGPU_VERSION, reg(self->v, GPUSLICE_VGPU_REG_VERSION));
	EXPECT_EQ((uint32_t)FB_SIZE, reg(self->v, GPUSLICE_VGPU_REG_FB_SIZE_LO));
	EXPECT_EQ((uint32_t)(FB_SIZE >> 32),
		  reg(self->v, GPUSLICE_VGPU_REG_FB_SIZE_HI));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_ERROR));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_INTR_STATUS));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_FENCE_LO));
	/* Read-only registers ignore writes. */
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_ID, 0));
	EXPECT_EQ(GPUSLICE_VGPU_ID, reg(self->v, GPUSLICE_VGPU_REG_ID));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v,
					     GPUSLICE_VGPU_REG_FB_SIZE_LO, 1));
	EXPECT_EQ((uint32_t)FB_SIZE, reg(self->v, GPUSLICE_VGPU_REG_FB_SIZE_LO));
	/* INTR_MASK is read-write. */
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_INTR_MASK,
					     GPUSLICE_VGPU_INTR_FENCE));
	EXPECT_EQ(GPUSLICE_VGPU_INTR_FENCE,
		  reg(self->v, GPUSLICE_VGPU_REG_INTR_MASK));
}

TEST_F(vfio, bar1_mmap_and_engine_agree)
{
	static uint8_t pattern[64 * 1024];
	struct gpuslice_vfio_dma dma;
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint8_t *fb, phys[16];
	size_t size = 0, i;
	uint32_t crc;

	REQUIRE_READY();
	ASSERT_EQ(0, gpuslice_vfio_fb_map(self->v, (void **)&fb, &size));
	ASSERT_EQ(FB_SIZE, size);

	/* Written through the mapping, read back through it. */
	for (i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 7 + 3);
	memcpy(fb + 3 * MIB, pattern, sizeof(pattern));
	fb[FB_SIZE - 1] = 0xa5;
	EXPECT_EQ(0, memcmp(fb + 3 * MIB, pattern, sizeof(pattern)));
	EXPECT_EQ(0xa5, fb[FB_SIZE - 1]);
	/* The same bytes through the region's read(). */
	ASSERT_EQ(0, gpuslice_vfio_region_read(self->v, 1, 3 * MIB, phys, 16));
	EXPECT_EQ(0, memcmp(phys, pattern, 16));

	/* The engine sees what the mapping wrote ... */
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 4096));
	ASSERT_EQ(0, gpuslice_vfio_dma_alloc(self->v, 4096, &dma));
	gpuslice_cmd_checksum(&s, 0, 3 * MIB, sizeof(pattern), 8 * MIB);
	gpuslice_cmd_checksum(&s, GPUSLICE_MEM_DST_SYSMEM, 3 * MIB, sizeof(pattern),
		     dma.iova + 16);
	/* ... and the mapping sees what the engine wrote. */
	gpuslice_cmd_fill(&s, 0, 9 * MIB, 4096, 0x5eed5eed);
	gpuslice_cmd_fence(&s, 1, true);
	gpuslice_cmd_fence(&s, 2, false);
	ASSERT_EQ(0, run(self->v, &s));
	ASSERT_EQ(0, gpuslice_vfio_fence_wait(self->v, 2, TIMEOUT_MS, NULL));
	crc = gpuslice_crc32(0, pattern, sizeof(pattern));
	EXPECT_EQ(crc, *(uint32_t *)(fb + 8 * MIB));
	EXPECT_EQ(crc, *(uint32_t *)((uint8_t *)dma.vaddr + 16));
	EXPECT_EQ(0x5eed5eed, *(uint32_t *)(fb + 9 * MIB));
	EXPECT_EQ(0x5eed5eed, *(uint32_t *)(fb + 9 * MIB + 4092));
	EXPECT_EQ(0, *(uint32_t *)(fb + 9 * MIB + 4096));

	/* The mapping is this vGPU's own memory, at its framebuffer offset. */
	if (!vram_read(3 * MIB, phys, 16)) {
		EXPECT_EQ(0, memcmp(phys, pattern, 16));
	}
	ASSERT_EQ(0, gpuslice_vfio_dma_free(self->v, &dma));
	/* The statistics: IRQ fences signalled, engine time used. */
	EXPECT_EQ(1, vgpu_attr_ll(self->uuid_a, "fences"));
	EXPECT_EQ(0, vgpu_attr_ll(self->uuid_a, "faults"));
	EXPECT_LT(0, vgpu_attr_ll(self->uuid_a, "busy_ns"));
}

TEST_F(vfio, bar1_mapping_is_isolated)
{
	uint8_t *fb_b, got[8];
	size_t size = 0;
	int ret;

	REQUIRE_READY();
	ret = gpuslice_vfio_open(self->uuid_b, &self->vb);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, gpuslice_vfio_fb_map(self->vb, (void **)&fb_b, &size));
	ASSERT_EQ(FB_SIZE, size);
	memset(fb_b, 0xb2, 8);
	/* Byte 0 of vGPU b is physical byte offset_b. */
	if (vram_read(self->offset_b, got, 8))
		SKIP(return, "no simulator debugfs vram");
	EXPECT_EQ(0xb2, got[0]);
	EXPECT_EQ(0xb2, got[7]);
	ASSERT_EQ(0, vram_read(0, got, 8));
	EXPECT_NE(0xb2, got[0]);
	/* A mapping larger than the framebuffer is refused. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, FB_SIZE + 4096, PROT_READ, MAP_SHARED,
				   gpuslice_vfio_device_fd(self->vb), 1ULL << 40));
	/* BAR0 cannot be mapped. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 4096, PROT_READ, MAP_SHARED,
				   gpuslice_vfio_device_fd(self->vb), 0));
}

TEST_F(vfio, msi_on_fence)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint64_t fence = 0;

	REQUIRE_READY();
	ASSERT_EQ(0, gpuslice_vfio_msi_enable(self->v));
	/* Loopback: DATA_NONE with count 1 fires the eventfd. */
	ASSERT_EQ(0, gpuslice_vfio_irq_trigger(self->v, VFIO_PCI_MSI_IRQ_INDEX));
	EXPECT_EQ(1, gpuslice_vfio_msi_wait(self->v, TIMEOUT_MS));

	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_INTR_MASK,
					     GPUSLICE_VGPU_INTR_FENCE));
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 4096));
	gpuslice_cmd_fence(&s, 0x100000001ULL, true);
	ASSERT_EQ(0, run(self->v, &s));
	EXPECT_LE(1, gpuslice_vfio_msi_wait(self->v, TIMEOUT_MS));
	ASSERT_EQ(0, gpuslice_vfio_fence_read(self->v, &fence));
	EXPECT_EQ(0x100000001ULL, fence);
	EXPECT_EQ(GPUSLICE_VGPU_INTR_FENCE,
		  reg(self->v, GPUSLICE_VGPU_REG_INTR_STATUS));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_INTR_ACK,
					     GPUSLICE_VGPU_INTR_FENCE));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_INTR_STATUS));

	/* A fence without IRQ: no interrupt. */
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fence(&s, 0x100000002ULL, false);
	ASSERT_EQ(0, run(self->v, &s));
	ASSERT_EQ(0, gpuslice_vfio_fence_wait(self->v, 0x100000002ULL,
					      TIMEOUT_MS, NULL));
	EXPECT_EQ(-ETIMEDOUT, gpuslice_vfio_msi_wait(self->v, 200));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_INTR_STATUS));

	/* Masked: the cause is latched, no MSI. */
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_INTR_MASK,
					     0));
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fence(&s, 0x100000003ULL, true);
	ASSERT_EQ(0, run(self->v, &s));
	ASSERT_EQ(0, gpuslice_vfio_fence_wait(self->v, 0x100000003ULL,
					      TIMEOUT_MS, NULL));
	EXPECT_EQ(GPUSLICE_VGPU_INTR_FENCE,
		  wait_intr_status(self->v, GPUSLICE_VGPU_INTR_FENCE));
	EXPECT_EQ(-ETIMEDOUT, gpuslice_vfio_msi_wait(self->v, 200));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_INTR_ACK,
					     GPUSLICE_VGPU_INTR_FENCE));

	/* Disabled (DATA_NONE, count 0): fences still complete silently. */
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_INTR_MASK,
					     GPUSLICE_VGPU_INTR_FENCE));
	ASSERT_EQ(0, gpuslice_vfio_msi_disable(self->v));
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fence(&s, 0x100000004ULL, true);
	ASSERT_EQ(0, run(self->v, &s));
	ASSERT_EQ(0, gpuslice_vfio_fence_wait(self->v, 0x100000004ULL,
					      TIMEOUT_MS, NULL));
	EXPECT_EQ(-ETIMEDOUT, gpuslice_vfio_msi_wait(self->v, 200));

	/* Re-enabled through DATA_EVENTFD, and fd -1 disables again. */
	ASSERT_EQ(0, gpuslice_vfio_msi_enable(self->v));
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fence(&s, 0x100000005ULL, true);
	ASSERT_EQ(0, run(self->v, &s));
	EXPECT_LE(1, gpuslice_vfio_msi_wait(self->v, TIMEOUT_MS));
	ASSERT_EQ(0, gpuslice_vfio_irq_set_eventfd(self->v,
						   VFIO_PCI_MSI_IRQ_INDEX, -1));
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fence(&s, 0x100000006ULL, true);
	ASSERT_EQ(0, run(self->v, &s));
	ASSERT_EQ(0, gpuslice_vfio_fence_wait(self->v, 0x100000006ULL,
					      TIMEOUT_MS, NULL));
	EXPECT_EQ(-ETIMEDOUT, gpuslice_vfio_msi_wait(self->v, 200));
}

TEST_F(vfio, ring_wraps)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint64_t fence = 0;
	unsigned int i;

	REQUIRE_READY();
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 4096));
	/* 3 KiB of fences per batch, 5 batches: the 4 KiB ring wraps. */
	for (i = 1; i <= 1280; i++) {
		gpuslice_cmd_fence(&s, i, false);
		if (s.n + 3 > 768) {
			ASSERT_EQ(0, run(self->v, &s));
			gpuslice_cmd_reset(&s);
		}
	}
	/* One NOP shifts the last commands so that one straddles the end. */
	gpuslice_cmd_nop(&s);
	gpuslice_cmd_fence(&s, 5000, false);
	ASSERT_EQ(0, run(self->v, &s));
	ASSERT_EQ(0, gpuslice_vfio_fence_wait(self->v, 5000, TIMEOUT_MS, NULL));
	ASSERT_EQ(0, gpuslice_vfio_fence_read(self->v, &fence));
	EXPECT_EQ(5000, fence);
	EXPECT_EQ(reg(self->v, GPUSLICE_VGPU_REG_RING_TAIL),
		  reg(self->v, GPUSLICE_VGPU_REG_RING_HEAD));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_ERROR));
	/* Ring sizes out of range are refused by the library itself. */
	EXPECT_EQ(-EINVAL, gpuslice_vfio_ring_init(self->v, 6000));
	EXPECT_EQ(-EINVAL, gpuslice_vfio_ring_init(self->v, 2 * 1024 * 1024));
}

TEST_F(vfio, mailbox)
{
	uint32_t data[8];
	int32_t status = 1;
	char name[25];
	long gpu_sms;

	REQUIRE_READY();
	ASSERT_EQ(0, gpuslice_vfio_mbox_call(self->v, GPUSLICE_VGPU_MBOX_PING,
					     41, &status, data));
	EXPECT_EQ(0, status);
	EXPECT_EQ(42, data[0]);
	ASSERT_EQ(0, gpuslice_vfio_mbox_call(self->v, GPUSLICE_VGPU_MBOX_PING,
					     0xffffffff, &status, data));
	EXPECT_EQ(0, data[0]);

	ASSERT_EQ(0, gpuslice_vfio_mbox_call(self->v,
					     GPUSLICE_VGPU_MBOX_GET_TYPE, 0,
					     &status, data));
	EXPECT_EQ(0, status);
	EXPECT_EQ(TYPE_ID, data[0]);
	EXPECT_EQ(TYPE_MAX, data[1]);
	memcpy(name, &data[2], 24);
	name[24] = '\0';
	EXPECT_STREQ(TYPE_NAME, name);

	ASSERT_EQ(0, gpuslice_vfio_mbox_call(self->v,
					     GPUSLICE_VGPU_MBOX_GET_CAPS, 0,
					     &status, data));
	EXPECT_EQ(0, status);
	gpu_sms = gpu_attr_long(self->gpu, "sm_count");
	EXPECT_LT(0, data[0]);
	if (gpu_sms > 0)
		EXPECT_GE(gpu_sms, (long)data[0]);
	EXPECT_LT(0, data[1]);
	EXPECT_LT(0, data[2]);

	ASSERT_EQ(0, gpuslice_vfio_mbox_call(self->v, 0x7777, 0, &status,
					     data));
	EXPECT_EQ(-EINVAL, status);
	ASSERT_EQ(0, gpuslice_vfio_mbox_call(self->v, 0, 0, &status, data));
	EXPECT_EQ(-EINVAL, status);
}

TEST_F(vfio, dma_fill_copy_checksum)
{
	struct gpuslice_vfio_dma src, dst;
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint32_t *in, *out, i;

	REQUIRE_READY();
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 8192));
	ASSERT_EQ(0, gpuslice_vfio_dma_alloc(self->v, 64 * 1024, &src));
	ASSERT_EQ(0, gpuslice_vfio_dma_alloc(self->v, 64 * 1024, &dst));
	in = src.vaddr;
	out = dst.vaddr;

	/* FILL into guest memory. */
	gpuslice_cmd_fill(&s, GPUSLICE_MEM_DST_SYSMEM, src.iova + 4096, 8192,
		 0xc0ffee00);
	gpuslice_cmd_fence(&s, 1, false);
	ASSERT_EQ(0, run(self->v, &s));
	ASSERT_EQ(0, gpuslice_vfio_fence_wait(self->v, 1, TIMEOUT_MS, NULL));
	EXPECT_EQ(0, in[1023]);
	EXPECT_EQ(0xc0ffee00, in[1024]);
	EXPECT_EQ(0xc0ffee00, in[1024 + 2047]);
	EXPECT_EQ(0, in[1024 + 2048]);

	/* Guest -> framebuffer -> guest, and a CRC of guest memory. */
	for (i = 0; i < 16384; i++)
		in[i] = i * 2654435761U;
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_copy(&s, GPUSLICE_MEM_SRC_SYSMEM, src.iova, 32 * MIB, 65536);
	gpuslice_cmd_copy(&s, GPUSLICE_MEM_DST_SYSMEM, 32 * MIB, dst.iova, 65536);
	gpuslice_cmd_checksum(&s, GPUSLICE_MEM_SRC_SYSMEM | GPUSLICE_MEM_DST_SYSMEM,
		     src.iova, 65532, src.iova + 65532);
	gpuslice_cmd_fence(&s, 2, false);
	ASSERT_EQ(0, run(self->v, &s));
	ASSERT_EQ(0, gpuslice_vfio_fence_wait(self->v, 2, TIMEOUT_MS, NULL));
	EXPECT_EQ(0, memcmp(out, in, 65532));
	EXPECT_EQ(gpuslice_crc32(0, in, 65532), in[16383]);
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_ERROR));

	ASSERT_EQ(0, gpuslice_vfio_dma_free(self->v, &src));
	ASSERT_EQ(0, gpuslice_vfio_dma_free(self->v, &dst));
}

TEST_F(vfio, dma_fault_is_isolated)
{
	struct gpuslice_vfio_dma buf, buf_b;
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint32_t error = 0;
	char state[32];
	uint64_t fence = 0;
	int ret;

	REQUIRE_READY();
	ret = gpuslice_vfio_open(self->uuid_b, &self->vb);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 4096));
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->vb, 4096));
	ASSERT_EQ(0, gpuslice_vfio_msi_enable(self->v));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_INTR_MASK,
					     GPUSLICE_VGPU_INTR_ERROR));

	/* Works while mapped ... */
	ASSERT_EQ(0, gpuslice_vfio_dma_alloc(self->v, 4096, &buf));
	gpuslice_cmd_fill(&s, GPUSLICE_MEM_DST_SYSMEM, buf.iova, 4096, 1);
	gpuslice_cmd_fence(&s, 1, false);
	ASSERT_EQ(0, run(self->v, &s));
	ASSERT_EQ(0, gpuslice_vfio_fence_wait(self->v, 1, TIMEOUT_MS, NULL));
	/* ... and faults once unmapped. */
	ASSERT_EQ(0, gpuslice_vfio_dma_unmap(self->v, buf.iova, buf.size));
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fill(&s, GPUSLICE_MEM_DST_SYSMEM, buf.iova, 4096, 2);
	gpuslice_cmd_fence(&s, 2, false);
	ASSERT_EQ(0, run(self->v, &s));
	EXPECT_EQ(-EIO, gpuslice_vfio_fence_wait(self->v, 2, TIMEOUT_MS,
						 &error));
	EXPECT_EQ(GPUSLICE_FAULT_DMA, error);
	EXPECT_NE(0, reg(self->v, GPUSLICE_VGPU_REG_INTR_STATUS) &
		     GPUSLICE_VGPU_INTR_ERROR);
	EXPECT_LE(1, gpuslice_vfio_msi_wait(self->v, TIMEOUT_MS));
	ASSERT_EQ(0, gpuslice_vfio_fence_read(self->v, &fence));
	EXPECT_EQ(1, fence);
	EXPECT_EQ(0, vgpu_attr(self->uuid_a, "state", state, sizeof(state)));
	EXPECT_STREQ("faulted", state);
	EXPECT_LE(1, vgpu_attr_ll(self->uuid_a, "faults"));

	/* The faulted vGPU executes nothing more ... */
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fence(&s, 3, false);
	ASSERT_EQ(0, run(self->v, &s));
	/* ... while the other one carries on. */
	ASSERT_EQ(0, gpuslice_vfio_dma_alloc(self->vb, 4096, &buf_b));
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fill(&s, GPUSLICE_MEM_DST_SYSMEM, buf_b.iova, 4096, 0xb0b0b0b0);
	gpuslice_cmd_fence(&s, 7, false);
	ASSERT_EQ(0, run(self->vb, &s));
	EXPECT_EQ(0, gpuslice_vfio_fence_wait(self->vb, 7, TIMEOUT_MS, NULL));
	EXPECT_EQ(0xb0b0b0b0, ((uint32_t *)buf_b.vaddr)[1023]);
	EXPECT_EQ(0, reg(self->vb, GPUSLICE_VGPU_REG_ERROR));
	ASSERT_EQ(0, gpuslice_vfio_fence_read(self->v, &fence));
	EXPECT_EQ(1, fence);
	EXPECT_EQ(0, vgpu_attr_ll(self->uuid_b, "faults"));

	/* An IOVA that was never mapped faults vGPU b the same way. */
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_copy(&s, GPUSLICE_MEM_SRC_SYSMEM,
		 gpuslice_vfio_iova_reserve(self->vb, 4096), 0, 4096);
	gpuslice_cmd_fence(&s, 8, false);
	ASSERT_EQ(0, run(self->vb, &s));
	EXPECT_EQ(-EIO, gpuslice_vfio_fence_wait(self->vb, 8, TIMEOUT_MS,
						 &error));
	EXPECT_EQ(GPUSLICE_FAULT_DMA, error);

	munmap(buf.vaddr, buf.size);
	gpuslice_vfio_dma_free(self->vb, &buf_b);
}

TEST_F(vfio, out_of_framebuffer_fault_and_reset)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint32_t error = 0;
	uint64_t fence = 0;
	char state[32];

	REQUIRE_READY();
	ASSERT_EQ(0, gpuslice_vfio_msi_enable(self->v));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_INTR_MASK,
					     GPUSLICE_VGPU_INTR_ERROR |
					     GPUSLICE_VGPU_INTR_FENCE));
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 4096));
	gpuslice_cmd_fence(&s, 1, false);
	/* Four bytes past the end of this vGPU's framebuffer. */
	gpuslice_cmd_fill(&s, 0, FB_SIZE - 4, 8, 0xbad);
	gpuslice_cmd_fence(&s, 2, true);
	ASSERT_EQ(0, run(self->v, &s));
	EXPECT_EQ(-EIO, gpuslice_vfio_fence_wait(self->v, 2, TIMEOUT_MS,
						 &error));
	EXPECT_EQ(GPUSLICE_FAULT_OUT_OF_BOUNDS, error);
	EXPECT_LE(1, gpuslice_vfio_msi_wait(self->v, TIMEOUT_MS));
	EXPECT_EQ(GPUSLICE_VGPU_INTR_ERROR,
		  reg(self->v, GPUSLICE_VGPU_REG_INTR_STATUS));
	ASSERT_EQ(0, gpuslice_vfio_fence_read(self->v, &fence));
	EXPECT_EQ(1, fence);
	/* The neighbour's first word (vGPU b) was not touched. */
	ASSERT_EQ(0, vram_read(self->offset_b, &error, 4));
	EXPECT_EQ(0, error);

	/* Reset: registers, ring, fence and error are back to zero. */
	ASSERT_EQ(0, gpuslice_vfio_reset(self->v));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_ERROR));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_INTR_STATUS));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_INTR_MASK));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_FENCE_LO));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_FENCE_HI));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_RING_BASE_LO));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_RING_SIZE));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_RING_HEAD));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_RING_TAIL));
	EXPECT_EQ(GPUSLICE_VGPU_ID, reg(self->v, GPUSLICE_VGPU_REG_ID));
	EXPECT_EQ(0, vgpu_attr(self->uuid_a, "state", state, sizeof(state)));
	EXPECT_STREQ("open", state);

	/* ... and the vGPU works again (set up as a guest would after FLR). */
	ASSERT_EQ(0, gpuslice_vfio_msi_enable(self->v));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_INTR_MASK,
					     GPUSLICE_VGPU_INTR_FENCE));
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 4096));
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fill(&s, 0, FB_SIZE - 4, 4, 0x600d);
	gpuslice_cmd_fence(&s, 3, true);
	ASSERT_EQ(0, run(self->v, &s));
	EXPECT_EQ(0, gpuslice_vfio_fence_wait(self->v, 3, TIMEOUT_MS, &error));
	EXPECT_EQ(0, error);
	EXPECT_LE(1, gpuslice_vfio_msi_wait(self->v, TIMEOUT_MS));
	ASSERT_EQ(0, gpuslice_vfio_region_read(self->v, 1, FB_SIZE - 4, &error,
					       4));
	EXPECT_EQ(0x600d, error);
}

TEST_F(vfio, bad_commands_and_ring_registers_fault)
{
	static const struct {
		uint32_t words[8];
		unsigned int n;
		uint32_t fault;
	} bad[] = {
		{ { GPUSLICE_CMD_HEADER(0x7f, 0, 1) }, 1,
		  GPUSLICE_FAULT_BAD_OPCODE },
		{ { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_FILL, 0x80, 6), 0, 0, 4, 0,
		    0 }, 6, GPUSLICE_FAULT_BAD_OPCODE },
		{ { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_FENCE, 0, 2), 0 }, 2,
		  GPUSLICE_FAULT_BAD_LENGTH },
		{ { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_FILL, 0, 6), 2, 0, 8, 0,
		    0 }, 6, GPUSLICE_FAULT_MISALIGNED },
		{ { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_COPY, 0, 7), 0, 0, 64, 0,
		    128, 0 }, 7, GPUSLICE_FAULT_OVERLAP },
		{ { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_COPY, 0, 7), 0, 2, 0, 0,
		    4096, 0 }, 7, GPUSLICE_FAULT_OUT_OF_BOUNDS },
	};
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint32_t error;
	unsigned int i;

	REQUIRE_READY();
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ASSERT_EQ(0, gpuslice_vfio_reset(self->v));
		ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 4096));
		memcpy(s.w, bad[i].words, bad[i].n * 4);
		s.n = bad[i].n;
		gpuslice_cmd_fence(&s, 1, false);
		ASSERT_EQ(0, run(self->v, &s));
		EXPECT_EQ(-EIO, gpuslice_vfio_fence_wait(self->v, 1, TIMEOUT_MS,
							 &error)) {
			TH_LOG("case %u", i);
		}
		EXPECT_EQ(bad[i].fault, error) TH_LOG("case %u", i);
	}

	/* Ring registers that make no sense fault at the doorbell. */
	ASSERT_EQ(0, gpuslice_vfio_reset(self->v));
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 4096));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_RING_SIZE,
					     3000));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_RING_TAIL,
					     16));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_DOORBELL,
					     1));
	EXPECT_EQ(-EIO, gpuslice_vfio_fence_wait(self->v, 1, TIMEOUT_MS,
						 &error));
	EXPECT_EQ(GPUSLICE_FAULT_RING, error);

	ASSERT_EQ(0, gpuslice_vfio_reset(self->v));
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 4096));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v,
					     GPUSLICE_VGPU_REG_RING_BASE_LO,
					     0x123));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_RING_TAIL,
					     16));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_DOORBELL,
					     1));
	EXPECT_EQ(-EIO, gpuslice_vfio_fence_wait(self->v, 1, TIMEOUT_MS,
						 &error));
	EXPECT_EQ(GPUSLICE_FAULT_RING, error);
}

TEST_F(vfio, framebuffer_is_scrubbed)
{
	uint8_t *fb, zero[4096], got[4096];
	char uuid_c[40];
	size_t size = 0;
	int ret;

	REQUIRE_READY();
	memset(zero, 0, sizeof(zero));
	ret = gpuslice_vfio_open(self->uuid_b, &self->vb);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, gpuslice_vfio_fb_map(self->vb, (void **)&fb, &size));
	memset(fb, 0x5c, 4096);
	memset(fb + 100 * MIB, 0x5c, 4096);
	memset(fb + FB_SIZE - 4096, 0x5c, 4096);
	ASSERT_EQ(0, gpuslice_vfio_close(self->vb));
	self->vb = NULL;
	ASSERT_EQ(0, mdev_remove(self->uuid_b));

	/* The same VF and type get the same slot back, zeroed. */
	make_uuid(uuid_c, 3);
	ASSERT_EQ(0, mdev_create(self->gpu, 1, uuid_c));
	ASSERT_EQ((long long)self->offset_b,
		  vgpu_attr_ll(uuid_c, "framebuffer_offset"));
	ret = gpuslice_vfio_open(uuid_c, &self->vb);
	ASSERT_EQ(0, ret);
	ASSERT_EQ(0, gpuslice_vfio_fb_map(self->vb, (void **)&fb, &size));
	EXPECT_EQ(0, memcmp(fb, zero, 4096));
	EXPECT_EQ(0, memcmp(fb + 100 * MIB, zero, 4096));
	EXPECT_EQ(0, memcmp(fb + FB_SIZE - 4096, zero, 4096));
	if (!vram_read(self->offset_b + 100 * MIB, got, sizeof(got)))
		EXPECT_EQ(0, memcmp(got, zero, sizeof(got)));
}

/* Child side of remove_while_open: hold @uuid until the device asks. */
static int hold_until_request(const char *uuid, int ready_fd, int go_fd)
{
	struct gpuslice_vfio *v;
	char c = 'r';
	int reqs;

	if (gpuslice_vfio_open(uuid, &v))
		return 10;
	if (gpuslice_vfio_req_enable(v))
		return 11;
	if (write(ready_fd, &c, 1) != 1)
		return 12;
	reqs = gpuslice_vfio_req_wait(v, 20000);
	if (reqs <= 0)
		return 13;
	c = 'q';
	if (write(ready_fd, &c, 1) != 1)
		return 14;
	/* Hold on until the parent saw the removal still blocked. */
	if (read(go_fd, &c, 1) != 1)
		return 15;
	if (gpuslice_vfio_close(v))
		return 17;
	return 0;
}

struct remover {
	const char *uuid;
	volatile int done;
	int ret;
};

static void *remove_thread(void *arg)
{
	struct remover *r = arg;

	r->ret = mdev_remove(r->uuid);
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static int read_byte(int fd, int timeout_ms, char *c)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (poll(&pfd, 1, timeout_ms) != 1)
		return -ETIMEDOUT;
	return read(fd, c, 1) == 1 ? 0 : -EIO;
}

TEST_F_TIMEOUT(vfio, remove_while_open, 60)
{
	int ready[2], go[2], status = -1, i;
	struct remover r = { .uuid = self->uuid_b };
	struct timespec deadline;
	pthread_t thread;
	char c = 0, path[PATH_MAX], buf[32];

	REQUIRE_READY();
	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));
	self->child = fork();
	ASSERT_LE(0, self->child);
	if (!self->child) {
		close(ready[0]);
		close(go[1]);
		_exit(hold_until_request(self->uuid_b, ready[1], go[0]));
	}
	close(ready[1]);
	close(go[0]);
	ASSERT_EQ(0, read_byte(ready[0], 10000, &c));
	ASSERT_EQ('r', c);
	EXPECT_EQ(0, vgpu_attr(self->uuid_b, "state", path, sizeof(path)));
	EXPECT_STREQ("open", path);

	/* Removal asks the holder to let go, and waits for it. */
	ASSERT_EQ(0, pthread_create(&thread, NULL, remove_thread, &r));
	ASSERT_EQ(0, read_byte(ready[0], 15000, &c)) {
		TH_LOG("the holder got no REQ signal");
	}
	ASSERT_EQ('q', c);
	EXPECT_EQ(0, __atomic_load_n(&r.done, __ATOMIC_SEQ_CST));
	c = 'g';
	ASSERT_EQ(1, write(go[1], &c, 1));

	/* The holder closes; the removal completes. */
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 15;
	ASSERT_EQ(0, pthread_timedjoin_np(thread, NULL, &deadline));
	EXPECT_EQ(0, r.ret);
	/* It still unpins its DMA and exits: allow a slow host 30 s. */
	for (i = 0; i < 3000; i++) {
		if (waitpid(self->child, &status, WNOHANG) == self->child)
			break;
		usleep(10000);
	}
	ASSERT_LT(i, 3000);
	self->child = 0;
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	snprintf(path, sizeof(path), MDEV_DEVICES "/%s", self->uuid_b);
	EXPECT_NE(0, access(path, F_OK));
	/* The VF is free again. */
	snprintf(path, sizeof(path),
		 MDEV_BUS "/%s-vf1/mdev_supported_types/gpuslice-%u/available_instances",
		 self->gpu, TYPE_ID);
	ASSERT_EQ(0, sysfs_read(path, buf, sizeof(buf)));
	EXPECT_STRNE("0", buf);
	close(ready[0]);
	close(go[1]);
}

/* xorshift64: the same sequence on every run. */
static uint64_t rnd(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

static void fuzz_one(struct gpuslice_vfio *v, uint64_t *seed)
{
	static const unsigned long cmds[] = {
		VFIO_DEVICE_GET_INFO, VFIO_DEVICE_GET_REGION_INFO,
		VFIO_DEVICE_GET_IRQ_INFO, VFIO_DEVICE_SET_IRQS,
		VFIO_DEVICE_RESET, _IO(VFIO_TYPE, VFIO_BASE + 40),
		_IOWR('G', 0x41, uint64_t),
	};
	static const uint32_t regions[] = { 0, 1, 7, 2, 6, 8 };
	int fd = gpuslice_vfio_device_fd(v);
	uint32_t buf[64];
	uint64_t r = rnd(seed), off;
	unsigned int i, len;

	switch (r % 4) {
	case 0:
		/* An ioctl with random header fields and payload. */
		for (i = 0; i < ARRAY_SIZE(buf); i++)
			buf[i] = (uint32_t)rnd(seed);
		buf[0] = rnd(seed) % 80;		/* argsz */
		if (rnd(seed) % 2)
			buf[1] &= 0x3f;			/* flags */
		if (rnd(seed) % 2)
			buf[2] %= 10;			/* index */
		if (rnd(seed) % 2) {
			buf[3] %= 2;			/* start */
			buf[4] %= 3;			/* count */
		}
		/* Never hand out an fd of ours as an eventfd. */
		for (i = 5; i < 8; i++)
			buf[i] = -1;
		ioctl(fd, cmds[rnd(seed) % ARRAY_SIZE(cmds)], buf);
		break;
	case 1:
		/* A region read or write at a random offset and size. */
		off = rnd(seed) % 8192;
		i = regions[rnd(seed) % ARRAY_SIZE(regions)];
		if (i == 1)
			off = rnd(seed) % (FB_SIZE + 8192);
		len = 1 + rnd(seed) % sizeof(buf);
		if (rnd(seed) % 2) {
			for (len = 0; len < ARRAY_SIZE(buf); len++)
				buf[len] = (uint32_t)rnd(seed);
			len = 1 + rnd(seed) % sizeof(buf);
			pwrite(fd, buf, len, ((uint64_t)i << 40) + off);
		} else {
			pread(fd, buf, len, ((uint64_t)i << 40) + off);
		}
		break;
	default:
		/* A BAR0 register write, mostly to the meaningful ones. */
		off = rnd(seed) % 3 ? (rnd(seed) % 0x90) & ~3ULL :
				      rnd(seed) % 0x1000;
		buf[0] = (uint32_t)rnd(seed);
		if (off == GPUSLICE_VGPU_REG_RING_SIZE && rnd(seed) % 2)
			buf[0] = 4096;
		pwrite(fd, buf, 4, off);
		break;
	}
}

TEST_F_TIMEOUT(vfio, random_accesses_then_recovery, 240)
{
	struct gpuslice_vfio_dma dma;
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint64_t seed = 0x6773f00d6773f00dULL;
	uint32_t error = 0;
	int32_t status = 1;
	unsigned int i;
	uint16_t cmd16;

	REQUIRE_READY();
	ASSERT_EQ(0, gpuslice_vfio_msi_enable(self->v));
	for (i = 0; i < 2000; i++)
		fuzz_one(self->v, &seed);

	/* Still the same device, and fully usable after a reset. */
	ASSERT_EQ(0, gpuslice_vfio_reset(self->v));
	/* As a guest driver would: memory decoding and bus mastering on. */
	cmd16 = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	ASSERT_EQ(0, gpuslice_vfio_config_write(self->v, PCI_COMMAND, &cmd16, 2));
	EXPECT_EQ(GPUSLICE_VGPU_VENDOR_ID, cfg16(self->v, PCI_VENDOR_ID));
	EXPECT_EQ(GPUSLICE_VGPU_ID, reg(self->v, GPUSLICE_VGPU_REG_ID));
	EXPECT_EQ(0, reg(self->v, GPUSLICE_VGPU_REG_ERROR));
	ASSERT_EQ(0, gpuslice_vfio_msi_enable(self->v));
	ASSERT_EQ(0, gpuslice_vfio_reg_write(self->v, GPUSLICE_VGPU_REG_INTR_MASK,
					     GPUSLICE_VGPU_INTR_FENCE));
	ASSERT_EQ(0, gpuslice_vfio_ring_init(self->v, 4096));
	ASSERT_EQ(0, gpuslice_vfio_dma_alloc(self->v, 4096, &dma));
	gpuslice_cmd_fill(&s, 0, 0, 4096, 0x11223344);
	gpuslice_cmd_checksum(&s, GPUSLICE_MEM_DST_SYSMEM, 0, 4096, dma.iova);
	gpuslice_cmd_fence(&s, 1, true);
	ASSERT_EQ(0, run(self->v, &s));
	ASSERT_EQ(0, gpuslice_vfio_fence_wait(self->v, 1, TIMEOUT_MS, &error))
		TH_LOG("fault %u", error);
	gpuslice_vfio_msi_wait(self->v, TIMEOUT_MS);
	{
		uint32_t words[1024];

		for (i = 0; i < 1024; i++)
			words[i] = 0x11223344;
		EXPECT_EQ(gpuslice_crc32(0, words, 4096),
			  *(uint32_t *)dma.vaddr);
	}
	ASSERT_EQ(0, gpuslice_vfio_mbox_call(self->v, GPUSLICE_VGPU_MBOX_PING,
					     9, &status, NULL));
	EXPECT_EQ(0, status);
	gpuslice_vfio_dma_free(self->v, &dma);
}

TEST_HARNESS_MAIN
