/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Umbrella header for the public libgpuslice API */

#pragma once

#include <gpuslice/gpu_enumerator.h>
#include <gpuslice/gpu_info.h>
#include <gpuslice/result.h>
#include <gpuslice/simulator.h>
#include <gpuslice/sysfs_root.h>
#include <gpuslice/unique_fd.h>
#include <gpuslice/vgpu.h>
#include <gpuslice/version.h>
