// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control node /dev/gpuslice/gpuN: GPUSLICE_IOCTL_GPU_INFO against
 * sysfs, argument validation, and a node that outlives its GPU.
 */
#include <sys/ioctl.h>

#include <linux/gpuslice.h>

#include "kselftest_harness.h"
#include "gpuslice_util.h"

#define TEST_ID		210

FIXTURE(ctl) {
	char gpu[32];
	int fd;
};

FIXTURE_SETUP(ctl)
{
	char path[PATH_MAX];

	self->fd = -1;
	if (access(SIM_BUS "/new_device", W_OK))
		SKIP(return, "gpuslice_sim is not loaded");
	ASSERT_EQ(0, sim_new(TEST_ID, "h100-80gb"));
	ASSERT_EQ(0, gpu_of_sim(TEST_ID, self->gpu, sizeof(self->gpu)));
	snprintf(path, sizeof(path), "/dev/gpuslice/%s", self->gpu);
	self->fd = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", path, strerror(errno));
}

FIXTURE_TEARDOWN(ctl)
{
	if (self->fd >= 0)
		close(self->fd);
	sim_del(TEST_ID);
}

static int gpu_info(int fd, struct gpuslice_gpu_info *info)
{
	return ioctl(fd, GPUSLICE_IOCTL_GPU_INFO, info) ? -errno : 0;
}

TEST_F(ctl, info_matches_sysfs)
{
	struct gpuslice_gpu_info info = { .argsz = sizeof(info) };
	char buf[64];

	ASSERT_EQ(0, gpu_info(self->fd, &info));
	EXPECT_EQ(sizeof(info), info.argsz);
	EXPECT_EQ(GPUSLICE_API_VERSION, info.api_version);
	EXPECT_EQ(strtoul(self->gpu + 3, NULL, 10), info.index);
	EXPECT_EQ(gpu_attr_long(self->gpu, "sm_count"), info.sm_count);
	EXPECT_EQ(132, info.sm_count);
	EXPECT_EQ(gpu_attr_long(self->gpu, "copy_engines"), info.copy_engines);
	EXPECT_EQ(gpu_attr_long(self->gpu, "decoders"), info.decoders);
	EXPECT_EQ(gpu_attr_long(self->gpu, "memory_total_mib"),
		  info.memory_total_mib);
	EXPECT_EQ(0, info.memory_used_mib);
	EXPECT_EQ(GPUSLICE_GPU_MODE_COMPUTE, info.mode);
	EXPECT_EQ(GPUSLICE_GPU_CAP_MIG, info.caps);
	EXPECT_STREQ("h100-80gb", info.model);
	ASSERT_EQ(0, gpu_attr(self->gpu, "uuid", buf, sizeof(buf)));
	EXPECT_STREQ(buf, info.uuid);
}

TEST_F(ctl, info_follows_mode)
{
	struct gpuslice_gpu_info info = { .argsz = sizeof(info) };
	char path[PATH_MAX];

	snprintf(path, sizeof(path), GPU_CLASS "/%s/mode", self->gpu);
	ASSERT_EQ(0, sysfs_write(path, "graphics"));
	ASSERT_EQ(0, gpu_info(self->fd, &info));
	EXPECT_EQ(GPUSLICE_GPU_MODE_GRAPHICS, info.mode);
}

TEST_F(ctl, bad_arguments)
{
	struct gpuslice_gpu_info info;

	memset(&info, 0, sizeof(info));
	info.argsz = sizeof(info) - 1;
	EXPECT_EQ(-EINVAL, gpu_info(self->fd, &info));

	info.argsz = 0;
	EXPECT_EQ(-EINVAL, gpu_info(self->fd, &info));

	info.argsz = sizeof(info);
	info.flags = 1;
	EXPECT_EQ(-EINVAL, gpu_info(self->fd, &info));

	info.flags = 0;
	info.reserved0 = 0xdead;
	EXPECT_EQ(-EINVAL, gpu_info(self->fd, &info));

	EXPECT_EQ(-EFAULT, gpu_info(self->fd, (void *)8));
	EXPECT_EQ(-1, ioctl(self->fd, _IO(GPUSLICE_IOCTL_TYPE, 0x7f)));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(ctl, larger_argsz_accepted)
{
	/* A newer userspace with a longer struct still gets the fields. */
	struct {
		struct gpuslice_gpu_info info;
		__u8 future[64];
	} big;

	memset(&big, 0, sizeof(big));
	big.info.argsz = sizeof(big);
	ASSERT_EQ(0, gpu_info(self->fd, &big.info));
	EXPECT_EQ(sizeof(big.info), big.info.argsz);
	EXPECT_EQ(132, big.info.sm_count);
}

TEST_F(ctl, node_outlives_gpu)
{
	struct gpuslice_gpu_info info = { .argsz = sizeof(info) };

	ASSERT_EQ(0, sim_del(TEST_ID));
	EXPECT_EQ(-ENODEV, gpu_info(self->fd, &info));
	EXPECT_EQ(0, close(self->fd));
	self->fd = -1;
}

TEST_HARNESS_MAIN
