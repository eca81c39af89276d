/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* VgpuEnumerator: the vGPUs (mdev devices) and vGPU types of gpuslice GPUs */

#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gpuslice/result.h>
#include <gpuslice/sysfs_root.h>

namespace gpuslice {

enum class VgpuState {
	Created,
	Open,
	Faulted,
};

std::string_view toString(VgpuState state);
std::optional<VgpuState> parseVgpuState(std::string_view str);

struct VgpuInfo {
	std::string uuid;
	std::filesystem::path sysfsPath;

	std::string gpu;
	std::string vf;
	unsigned int typeId = 0;
	std::string typeName;
	uint64_t framebufferOffset = 0;
	uint64_t framebufferSize = 0;
	VgpuState state = VgpuState::Created;
	uint64_t fences = 0;
	uint64_t faults = 0;
	uint64_t busyNs = 0;

	std::string mdevType() const;

	bool operator==(const VgpuInfo &other) const = default;
};

struct VgpuType {
	std::string gpu;
	unsigned int id = 0;
	std::string name;
	std::string description;
	std::string deviceApi;
	uint64_t framebufferMiB = 0;
	unsigned int maxInstances = 0;
	unsigned int available = 0;
	unsigned int virtualFunctions = 0;

	std::string mdevType() const;

	bool operator==(const VgpuType &other) const = default;
};

bool isMdevUuid(std::string_view str);

class VgpuEnumerator final
{
public:
	explicit VgpuEnumerator(SysfsRoot root = SysfsRoot());

	std::filesystem::path mdevDevices() const;

	Result<std::vector<VgpuInfo>> vgpus() const;
	Result<std::vector<std::string>> virtualFunctions(std::string_view gpu) const;
	Result<std::vector<VgpuType>> types(std::string_view gpu) const;

private:
	SysfsRoot root_;
};

} /* namespace gpuslice */
