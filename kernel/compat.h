/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-version shims. Every LINUX_VERSION_CODE test of the project lives
 * here, nowhere else. Supported: Debian's 6.1 and 6.12 kernels.
 */
#ifndef _GPUSLICE_COMPAT_H
#define _GPUSLICE_COMPAT_H

#include <linux/eventfd.h>
#include <linux/mm.h>
#include <linux/version.h>
#include <linux/vfio.h>

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

/* eventfd_signal() lost its count argument in 6.8. */
static inline void gpuslice_eventfd_signal(struct eventfd_ctx *ctx)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	eventfd_signal(ctx);
#else
	eventfd_signal(ctx, 1);
#endif
}

/* vma->vm_flags became read-only in 6.3. */
static inline void gpuslice_vm_flags_set(struct vm_area_struct *vma,
					 unsigned long flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

/* Before 6.2 the driver's .release frees the vfio_device itself. */
static inline void gpuslice_vfio_free_device(struct vfio_device *vdev)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
	vfio_free_device(vdev);
#endif
}

/* From 6.6 an emulated-IOMMU device names the iommufd emulation ops. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define GPUSLICE_VFIO_IOMMUFD_OPS					\
	.bind_iommufd = vfio_iommufd_emulated_bind,			\
	.unbind_iommufd = vfio_iommufd_emulated_unbind,			\
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,		\
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
#else
#define GPUSLICE_VFIO_IOMMUFD_OPS
#endif

#endif /* _GPUSLICE_COMPAT_H */
