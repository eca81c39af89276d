/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * gpuslice control ABI: ioctls on /dev/gpuslice/gpuN.
 *
 * Every argument structure starts with argsz (the size userspace passed)
 * and flags. The kernel reads and writes at most argsz bytes, fails with
 * -EINVAL when argsz is smaller than the structure's first published size,
 * and fails with -EINVAL when flags or any reserved field is non-zero.
 * Fields are only ever appended, so a newer kernel accepts an older
 * binary and vice versa.
 */
#ifndef _UAPI_LINUX_GPUSLICE_H
#define _UAPI_LINUX_GPUSLICE_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

#define GPUSLICE_API_VERSION		1

#define GPUSLICE_IOCTL_TYPE		'G'
#define GPUSLICE_IOCTL_BASE		0x40

#define GPUSLICE_MODEL_LEN		32
#define GPUSLICE_UUID_LEN		48

/* enum gpuslice_gpu_mode: values of gpuslice_gpu_info.mode */
#define GPUSLICE_GPU_MODE_COMPUTE	0
#define GPUSLICE_GPU_MODE_GRAPHICS	1

/* gpuslice_gpu_info.caps */
#define GPUSLICE_GPU_CAP_MIG		_BITUL(0)

/**
 * struct gpuslice_gpu_info - identity and geometry of one physical GPU
 * @argsz:		in: size of this structure as known to userspace
 * @flags:		in: must be zero
 * @api_version:	out: GPUSLICE_API_VERSION of the running module
 * @index:		out: N of /dev/gpuslice/gpuN
 * @sm_count:		out: streaming multiprocessors
 * @copy_engines:	out: copy (DMA) engines
 * @decoders:		out: video decoders
 * @mode:		out: GPUSLICE_GPU_MODE_*
 * @caps:		out: GPUSLICE_GPU_CAP_*
 * @reserved0:		must be zero
 * @memory_total_mib:	out: framebuffer size
 * @memory_used_mib:	out: framebuffer handed out to vGPUs and partitions
 * @model:		out: NUL-terminated model name, e.g. "h100-80gb"
 * @uuid:		out: NUL-terminated "GPU-<uuid>"
 *
 * Returned by GPUSLICE_IOCTL_GPU_INFO.
 */
struct gpuslice_gpu_info {
	__u32 argsz;
	__u32 flags;
	__u32 api_version;
	__u32 index;
	__u32 sm_count;
	__u32 copy_engines;
	__u32 decoders;
	__u32 mode;
	__u32 caps;
	__u32 reserved0;
	__u64 memory_total_mib;
	__u64 memory_used_mib;
	char model[GPUSLICE_MODEL_LEN];
	char uuid[GPUSLICE_UUID_LEN];
};

#define GPUSLICE_IOCTL_GPU_INFO \
	_IOWR(GPUSLICE_IOCTL_TYPE, GPUSLICE_IOCTL_BASE + 0, struct gpuslice_gpu_info)

#endif /* _UAPI_LINUX_GPUSLICE_H */
