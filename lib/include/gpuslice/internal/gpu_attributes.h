/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Parse the attributes of a /sys/class/gpuslice/gpuN device */

#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <gpuslice/gpu_info.h>
#include <gpuslice/result.h>

#include "gpuslice/internal/attribute_parser.h"
#include "gpuslice/internal/private.h"

namespace gpuslice {

std::optional<unsigned int> parseGpuName(std::string_view name);
Result<GpuInfo> parseGpuAttributes(GpuInfo info,
				   const std::filesystem::path &dir,
				   const AttributeReader &read);

} /* namespace gpuslice */
