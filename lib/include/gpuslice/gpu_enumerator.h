/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GpuEnumerator: list the physical GPUs registered with gpuslice */

#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <gpuslice/class.h>
#include <gpuslice/gpu_info.h>
#include <gpuslice/result.h>
#include <gpuslice/sysfs_root.h>

namespace gpuslice {

class GpuEnumerator
{
public:
	enum class Backend {
		Auto,
		Udev,
		Sysfs,
	};

	static Result<std::unique_ptr<GpuEnumerator>>
	create(const SysfsRoot &root, Backend backend = Backend::Auto);

	virtual ~GpuEnumerator();

	virtual Backend backend() const = 0;
	virtual Result<std::vector<GpuInfo>> enumerate() = 0;

protected:
	GpuEnumerator() = default;

private:
	GPUSLICE_DISABLE_COPY_AND_MOVE(GpuEnumerator)
};

} /* namespace gpuslice */
