/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small sysfs helpers shared by the gpuslice kselftests (one-value reads
 * and writes come from lib/vfio/gpuslice_sysfs.h).
 */
#ifndef _GPUSLICE_UTIL_H
#define _GPUSLICE_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gpuslice_sysfs.h"

#define SIM_BUS		"/sys/bus/gpuslice_sim"
#define GPU_CLASS	"/sys/class/gpuslice"
#define MDEV_DEVICES	"/sys/bus/mdev/devices"

static inline int sim_new(unsigned int id, const char *model)
{
	char line[64];

	snprintf(line, sizeof(line), "%u %s\n", id, model);
	return sysfs_write(SIM_BUS "/new_device", line);
}

static inline int sim_del(unsigned int id)
{
	char line[16];

	snprintf(line, sizeof(line), "%u\n", id);
	return sysfs_write(SIM_BUS "/del_device", line);
}

/*
 * Find the gpuN whose backend device is simID; copies "gpuN" into @name.
 * Returns 0, or -ENOENT if there is none.
 */
static inline int gpu_of_sim(unsigned int id, char *name, size_t size)
{
	char link[PATH_MAX], target[PATH_MAX], want[32];
	struct dirent *de;
	int ret = -ENOENT;
	DIR *dir;
	ssize_t n;

	snprintf(want, sizeof(want), "/sim%u", id);
	dir = opendir(GPU_CLASS);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(link, sizeof(link), GPU_CLASS "/%s/device",
			 de->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		if (n >= (ssize_t)strlen(want) &&
		    !strcmp(target + n - strlen(want), want) &&
		    strlen(de->d_name) < size) {
			strcpy(name, de->d_name);
			ret = 0;
			break;
		}
	}
	closedir(dir);
	return ret;
}

static inline int gpu_attr(const char *gpu, const char *attr, char *buf,
			   size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), GPU_CLASS "/%s/%s", gpu, attr);
	return sysfs_read(path, buf, size);
}

static inline long gpu_attr_long(const char *gpu, const char *attr)
{
	char buf[64];

	if (gpu_attr(gpu, attr, buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 10);
}

/* Number of entries in a directory (no . and ..), or -errno. */
static inline int dir_count(const char *path)
{
	struct dirent *de;
	int count = 0;
	DIR *dir;

	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			count++;
	closedir(dir);
	return count;
}

/*
 * Remove every vGPU of simulated GPU @id, disable its VFs and delete it;
 * safe on a half-built setup, for fixture teardowns.
 */
static inline void sim_vgpu_env_cleanup(unsigned int id)
{
	char gpu[32], path[PATH_MAX], buf[64];
	struct dirent *de;
	DIR *dir;

	if (gpu_of_sim(id, gpu, sizeof(gpu)))
		return;
	dir = opendir(MDEV_DEVICES);
	while (dir && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), MDEV_DEVICES "/%s/gpuslice/gpu",
			 de->d_name);
		if (sysfs_read(path, buf, sizeof(buf)) || strcmp(buf, gpu))
			continue;
		snprintf(path, sizeof(path), MDEV_DEVICES "/%s/remove",
			 de->d_name);
		sysfs_write(path, "1");
	}
	if (dir)
		closedir(dir);
	snprintf(path, sizeof(path), GPU_CLASS "/%s/sriov_numvfs", gpu);
	sysfs_write(path, "0");
	sim_del(id);
}

#endif /* _GPUSLICE_UTIL_H */
