// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sysfs access for the scheduler benchmark: the GPU's scheduler/ directory
 * and the per-vGPU counters. A file the kernel lacks reads as -1, so the
 * benchmark runs before and after the time-slice scheduler lands.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "gpuslice_sysfs.h"

#define GPU_CLASS	"/sys/class/gpuslice"
#define MDEV_DEVICES	"/sys/bus/mdev/devices"

int64_t sysfs_read_i64(const char *path)
{
	char buf[64], *end;
	long long v;

	if (sysfs_read(path, buf, sizeof(buf)))
		return -1;
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (errno || end == buf)
		return -1;
	return v;
}

bool sched_present(const char *gpu)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), GPU_CLASS "/%s/scheduler/policy", gpu);
	return access(path, R_OK) == 0;
}

int sched_read(const char *gpu, const char *attr, char *buf, size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), GPU_CLASS "/%s/scheduler/%s", gpu, attr);
	return sysfs_read(path, buf, size);
}

int sched_write(const char *gpu, const char *attr, const char *val)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), GPU_CLASS "/%s/scheduler/%s", gpu, attr);
	return sysfs_write(path, val);
}

static int64_t sched_i64(const char *gpu, const char *attr)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), GPU_CLASS "/%s/scheduler/%s", gpu, attr);
	return sysfs_read_i64(path);
}

void gpu_counters_read(const char *gpu, struct gpu_counters *c)
{
	c->busy_ns = sched_i64(gpu, "busy_ns");
	c->idle_ns = sched_i64(gpu, "idle_ns");
	c->switches = sched_i64(gpu, "switches");
	c->sched_cpu_ns = sched_i64(gpu, "sched_cpu_ns");
}

static int64_t vgpu_i64(const char *uuid, const char *attr)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/gpuslice/%s", uuid,
		 attr);
	return sysfs_read_i64(path);
}

/*
 * busy_ns exists since vGPUs landed; the others come with the scheduler.
 * @busy_only reads the ones the window samples need.
 */
void vgpu_counters_read(const char *uuid, struct vgpu_counters *c,
			bool busy_only)
{
	c->busy_ns = vgpu_i64(uuid, "busy_ns");
	c->runtime_ns = vgpu_i64(uuid, "runtime_ns");
	c->wait_ns = vgpu_i64(uuid, "wait_ns");
	if (busy_only) {
		c->slices = c->preemptions = c->overshoot_ns = -1;
		return;
	}
	c->slices = vgpu_i64(uuid, "slices");
	c->preemptions = vgpu_i64(uuid, "preemptions");
	c->overshoot_ns = vgpu_i64(uuid, "overshoot_ns");
}
