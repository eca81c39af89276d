/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GPU enumeration through libudev */

#pragma once

#include <vector>

#include <gpuslice/gpu_enumerator.h>
#include <gpuslice/gpu_info.h>
#include <gpuslice/result.h>

#include "gpuslice/internal/private.h"
#include "gpuslice/internal/udev.h"

namespace gpuslice {

class GpuEnumeratorUdev final : public GpuEnumerator
{
public:
	GpuEnumeratorUdev() = default;

	int init();

	Backend backend() const override { return Backend::Udev; }
	Result<std::vector<GpuInfo>> enumerate() override;

private:
	UdevPtr udev_;
};

} /* namespace gpuslice */
