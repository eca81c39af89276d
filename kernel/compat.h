/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-version shims. Every LINUX_VERSION_CODE test of the project lives
 * here, nowhere else. Supported: Debian's 6.1 and 6.12 kernels.
 */
#ifndef _GPUSLICE_COMPAT_H
#define _GPUSLICE_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "gpuslice needs Linux 6.1 or later (the reworked mdev parent API)"
#endif

/* bus_attribute show/store take a const bus_type from 6.4 on. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define GPUSLICE_BUS_CONST const
#else
#define GPUSLICE_BUS_CONST
#endif

/* class->devnode and class->dev_uevent take a const device from 6.2 on. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define GPUSLICE_CLASS_DEV_CONST const
#else
#define GPUSLICE_CLASS_DEV_CONST
#endif

#endif /* _GPUSLICE_COMPAT_H */
