/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GPU enumeration by walking sysfs directories */

#pragma once

#include <vector>

#include <gpuslice/gpu_enumerator.h>
#include <gpuslice/gpu_info.h>
#include <gpuslice/result.h>
#include <gpuslice/sysfs_root.h>

#include "gpuslice/internal/private.h"

namespace gpuslice {

class GpuEnumeratorSysfs final : public GpuEnumerator
{
public:
	explicit GpuEnumeratorSysfs(const SysfsRoot &root);

	Backend backend() const override { return Backend::Sysfs; }
	Result<std::vector<GpuInfo>> enumerate() override;

private:
	SysfsRoot root_;
};

} /* namespace gpuslice */
