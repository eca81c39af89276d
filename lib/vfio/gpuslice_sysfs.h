/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sysfs and debugfs files holding one value: each read or written in one
 * system call, as the kernel's show and store callbacks expect. Shared by
 * the kselftests and the benchmarks.
 */
#ifndef GPUSLICE_SYSFS_H
#define GPUSLICE_SYSFS_H

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Write @val to @path in one write(); 0 or -errno. */
static inline int sysfs_write(const char *path, const char *val)
{
	ssize_t n;
	int fd, ret;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	ret = n < 0 ? -errno : 0;
	close(fd);
	return ret;
}

/*
 * Read @path into @buf (at most @size - 1 bytes) without trailing newlines
 * and spaces; 0 or -errno.
 */
static inline int sysfs_read(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

#endif /* GPUSLICE_SYSFS_H */
