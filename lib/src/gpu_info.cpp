/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GpuInfo: what sysfs says about one physical GPU */

#include "gpuslice/gpu_info.h"

#include <algorithm>
#include <cctype>

#include "gpuslice/internal/gpu_attributes.h"

/**
 * \file gpu_info.h
 * \brief Description of a physical GPU registered with gpuslice
 */

namespace gpuslice {

/**
 * \enum GpuMode
 * \brief The operating mode of a GPU, from its "mode" attribute
 * \var GpuMode::Compute
 * \brief The GPU runs compute work ("compute")
 * \var GpuMode::Graphics
 * \brief The GPU runs graphics work ("graphics")
 */

/**
 * \brief Convert a GPU mode to its sysfs spelling
 * \param[in] mode The mode
 * \return "compute" or "graphics"
 */
std::string_view toString(GpuMode mode)
{
	switch (mode) {
	case GpuMode::Compute:
		return "compute";
	case GpuMode::Graphics:
		return "graphics";
	}
	return "unknown";
}

/**
 * \brief Parse the sysfs spelling of a GPU mode
 * \param[in] str "compute" or "graphics"
 * \return The mode, or std::nullopt if \a str is not a known mode
 */
std::optional<GpuMode> parseGpuMode(std::string_view str)
{
	if (str == "compute")
		return GpuMode::Compute;
	if (str == "graphics")
		return GpuMode::Graphics;
	return std::nullopt;
}

/**
 * \struct GpuInfo
 * \brief The attributes of one /sys/class/gpuslice/gpuN device
 *
 * Fields mirror the sysfs files of the same name (snake_case in sysfs,
 * camelCase here), parsed into their natural types.
 *
 * \var GpuInfo::name
 * \brief The device name, "gpu<index>"
 * \var GpuInfo::index
 * \brief The GPU index N of gpuN
 * \var GpuInfo::sysfsPath
 * \brief The canonical sysfs directory of the device (under /sys/devices)
 * \var GpuInfo::backendDevice
 * \brief The name of the backend device ("sim0" for a simulated GPU), empty
 * if the GPU has no "device" link
 * \var GpuInfo::model
 * \brief The model, such as "h100-80gb"
 * \var GpuInfo::uuid
 * \brief The GPU UUID, "GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
 * \var GpuInfo::smCount
 * \brief The number of streaming multiprocessors
 * \var GpuInfo::memoryTotalMiB
 * \brief The total VRAM in MiB
 * \var GpuInfo::memoryUsedMiB
 * \brief The VRAM in use in MiB
 * \var GpuInfo::copyEngines
 * \brief The number of copy engines
 * \var GpuInfo::decoders
 * \brief The number of video decoders
 * \var GpuInfo::vbiosVersion
 * \brief The VBIOS version string
 * \var GpuInfo::driverVersion
 * \brief The version string of the driver that registered the GPU
 * \var GpuInfo::mode
 * \brief The operating mode
 * \var GpuInfo::migCapable
 * \brief Whether the GPU supports MIG partitioning
 * \var GpuInfo::devMajor
 * \brief The major number of the control node /dev/gpuslice/gpuN
 * \var GpuInfo::devMinor
 * \brief The minor number of the control node /dev/gpuslice/gpuN
 */

/**
 * \brief Check whether \a str is a GPU UUID in canonical form
 * \param[in] str The string to check
 * \return True if \a str is "GPU-" followed by a lower-case 8-4-4-4-12 hex
 * UUID, false otherwise
 */
bool isGpuUuid(std::string_view str)
{
	static constexpr std::string_view pattern =
		"GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

	if (str.size() != pattern.size())
		return false;

	for (size_t i = 0; i < pattern.size(); i++) {
		char c = str[i];
		if (pattern[i] != 'x') {
			if (c != pattern[i])
				return false;
			continue;
		}
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}

	return true;
}

/**
 * \brief Find a GPU by name, index or UUID
 * \param[in] gpus The GPUs to search
 * \param[in] id "gpuN", "N", or a GPU UUID (compared case-insensitively)
 * \return A pointer to the matching element of \a gpus, or nullptr if none
 * matches
 */
const GpuInfo *findGpu(const std::vector<GpuInfo> &gpus, std::string_view id)
{
	auto match = [&](auto pred) -> const GpuInfo * {
		auto it = std::find_if(gpus.begin(), gpus.end(), pred);
		return it == gpus.end() ? nullptr : &*it;
	};

	if (id.size() > 4 && (id.substr(0, 4) == "GPU-" || id.substr(0, 4) == "gpu-")) {
		std::string lower(id);
		std::transform(lower.begin(), lower.end(), lower.begin(),
			       [](unsigned char c) { return std::tolower(c); });
		lower.replace(0, 4, "GPU-");
		return match([&](const GpuInfo &gpu) { return gpu.uuid == lower; });
	}

	if (id.substr(0, 3) == "gpu")
		return match([&](const GpuInfo &gpu) { return gpu.name == id; });

	std::optional<unsigned int> index = parseGpuName("gpu" + std::string(id));
	if (!index)
		return nullptr;

	return match([&](const GpuInfo &gpu) { return gpu.index == *index; });
}

} /* namespace gpuslice */
