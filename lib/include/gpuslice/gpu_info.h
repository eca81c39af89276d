/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GpuInfo: what sysfs says about one physical GPU */

#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpuslice {

enum class GpuMode {
	Compute,
	Graphics,
};

std::string_view toString(GpuMode mode);
std::optional<GpuMode> parseGpuMode(std::string_view str);

struct GpuInfo {
	std::string name;
	unsigned int index = 0;
	std::filesystem::path sysfsPath;
	std::string backendDevice;

	std::string model;
	std::string uuid;
	unsigned int smCount = 0;
	uint64_t memoryTotalMiB = 0;
	uint64_t memoryUsedMiB = 0;
	unsigned int copyEngines = 0;
	unsigned int decoders = 0;
	std::string vbiosVersion;
	std::string driverVersion;
	GpuMode mode = GpuMode::Compute;
	bool migCapable = false;
	unsigned int devMajor = 0;
	unsigned int devMinor = 0;

	bool operator==(const GpuInfo &other) const = default;
};

bool isGpuUuid(std::string_view str);
const GpuInfo *findGpu(const std::vector<GpuInfo> &gpus, std::string_view id);

} /* namespace gpuslice */
