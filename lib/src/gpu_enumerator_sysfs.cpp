/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GPU enumeration by walking sysfs directories */

#include "gpuslice/internal/gpu_enumerator_sysfs.h"

#include <algorithm>
#include <errno.h>
#include <string.h>
#include <system_error>

#include "gpuslice/internal/gpu_attributes.h"
#include "gpuslice/internal/log.h"
#include "gpuslice/internal/sysfs.h"

/**
 * \file gpu_enumerator_sysfs.h
 * \brief GPU enumerator that walks \<root\>/sys/class/gpuslice
 */

LOG_DEFINE_CATEGORY(EnumeratorSysfs)

namespace gpuslice {

/**
 * \class GpuEnumeratorSysfs
 * \brief GPU enumerator reading \<root\>/sys/class/gpuslice directly
 *
 * Used for any root other than "/" (tests, chroots) and as the fallback when
 * libudev cannot be initialised.
 */

/**
 * \brief Construct a sysfs GPU enumerator
 * \param[in] root The root that sysfs paths derive from
 */
GpuEnumeratorSysfs::GpuEnumeratorSysfs(const SysfsRoot &root)
	: root_(root)
{
}

/**
 * \brief List the GPUs, sorted by index
 *
 * Error messages name the class path of the file, such as
 * "/sys/class/gpuslice/gpu0/uuid".
 *
 * \return The GPUs (possibly none), or the first error met
 */
Result<std::vector<GpuInfo>> GpuEnumeratorSysfs::enumerate()
{
	const std::filesystem::path classDir = root_.gpuClass();
	std::vector<GpuInfo> gpus;
	std::error_code ec;

	std::filesystem::directory_iterator it(classDir, ec);
	if (ec == std::errc::no_such_file_or_directory) {
		LOG(EnumeratorSysfs, Debug) << "'" << classDir.string()
					    << "' does not exist, no GPUs";
		return gpus;
	}

	for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
		const std::string name = it->path().filename().string();
		std::optional<unsigned int> index = parseGpuName(name);
		if (!index) {
			LOG(EnumeratorSysfs, Debug) << "'" << name
						    << "' is not a GPU, skipping";
			continue;
		}

		const std::filesystem::path dir = classDir / name;

		GpuInfo info;
		info.name = name;
		info.index = *index;

		std::error_code canonicalError;
		info.sysfsPath = std::filesystem::weakly_canonical(dir, canonicalError);
		if (canonicalError)
			info.sysfsPath = dir;

		Result<std::string> backend = sysfs::readLinkName(dir / "device");
		if (backend)
			info.backendDevice = *backend;
		else if (backend.error() != -ENOENT)
			return backend.errorInfo();

		Result<GpuInfo> gpu = parseGpuAttributes(
			std::move(info), dir, [&](const char *attribute) {
				return sysfs::readAttribute(dir / attribute);
			});
		if (!gpu) {
			std::error_code existsError;
			if (!std::filesystem::exists(dir, existsError)) {
				LOG(EnumeratorSysfs, Debug) << "'" << dir.string()
							    << "' disappeared, skipping";
				continue;
			}
			return gpu.errorInfo();
		}

		gpus.push_back(std::move(gpu).value());
	}

	if (ec)
		return Error(-ec.value(), "Failed to list '" + classDir.string() +
						  "': " + strerror(ec.value()));

	std::sort(gpus.begin(), gpus.end(),
		  [](const GpuInfo &a, const GpuInfo &b) { return a.index < b.index; });

	return gpus;
}

} /* namespace gpuslice */
