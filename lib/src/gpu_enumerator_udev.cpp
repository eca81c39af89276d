/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GPU enumeration through libudev */

#include "gpuslice/internal/gpu_enumerator_udev.h"

#include <algorithm>
#include <errno.h>
#include <filesystem>
#include <string.h>
#include <string>
#include <system_error>

#include "gpuslice/internal/gpu_attributes.h"
#include "gpuslice/internal/log.h"

/**
 * \file gpu_enumerator_udev.h
 * \brief GPU enumerator backed by libudev
 */

LOG_DEFINE_CATEGORY(EnumeratorUdev)

namespace gpuslice {

namespace {

std::string udevError(const char *what, int err)
{
	return std::string("Failed to ") + what + ": " + strerror(err);
}

} /* namespace */

/**
 * \class GpuEnumeratorUdev
 * \brief GPU enumerator asking libudev for devices of subsystem "gpuslice"
 *
 * Attributes are read with udev_device_get_sysattr_value() and the backend
 * device is the udev parent of the GPU, so the results are an independent
 * check of GpuEnumeratorSysfs on the same system.
 */

/**
 * \brief Initialise the udev context
 * \return 0 on success or a negative error code otherwise
 */
int GpuEnumeratorUdev::init()
{
	udev *handle = udev_new();
	int ret = -errno;
	if (!handle)
		return ret < 0 ? ret : -ENOMEM;

	udev_.reset(handle);
	return 0;
}

/**
 * \brief List the GPUs, sorted by index
 *
 * Error messages name the file below the device's syspath, such as
 * "/sys/devices/gpuslice_sim/sim0/gpuslice/gpu0/uuid".
 *
 * \return The GPUs (possibly none), or the first error met
 */
Result<std::vector<GpuInfo>> GpuEnumeratorUdev::enumerate()
{
	std::vector<GpuInfo> gpus;

	UdevEnumeratePtr enumerate(udev_enumerate_new(udev_.get()));
	if (!enumerate) {
		int ret = errno ? errno : ENOMEM;
		return Error(-ret, udevError("create a udev enumerator", ret));
	}

	int ret = udev_enumerate_add_match_subsystem(enumerate.get(), "gpuslice");
	if (ret < 0)
		return Error(ret, udevError("match udev subsystem 'gpuslice'", -ret));

	ret = udev_enumerate_scan_devices(enumerate.get());
	if (ret < 0)
		return Error(ret, udevError("scan udev devices", -ret));

	udev_list_entry *entry;
	udev_list_entry_foreach (entry, udev_enumerate_get_list_entry(enumerate.get())) {
		const char *syspath = udev_list_entry_get_name(entry);

		UdevDevicePtr device(udev_device_new_from_syspath(udev_.get(), syspath));
		if (!device) {
			LOG(EnumeratorUdev, Debug) << "'" << syspath
						   << "' disappeared, skipping";
			continue;
		}

		const char *sysname = udev_device_get_sysname(device.get());
		std::optional<unsigned int> index =
			parseGpuName(sysname ? sysname : "");
		if (!index) {
			LOG(EnumeratorUdev, Debug) << "'" << syspath
						   << "' is not a GPU, skipping";
			continue;
		}

		GpuInfo info;
		info.name = sysname;
		info.index = *index;
		info.sysfsPath = syspath;

		/* Borrowed from the child device: not unreferenced here. */
		udev_device *parent = udev_device_get_parent(device.get());
		if (parent && udev_device_get_sysname(parent))
			info.backendDevice = udev_device_get_sysname(parent);

		const std::filesystem::path dir(syspath);
		Result<GpuInfo> gpu = parseGpuAttributes(
			std::move(info), dir,
			[&](const char *attribute) -> Result<std::string> {
				errno = 0;
				const char *value =
					udev_device_get_sysattr_value(device.get(), attribute);
				if (!value) {
					int err = errno ? errno : ENOENT;
					return Error(-err, "Failed to read '" +
								   (dir / attribute).string() +
								   "': " + strerror(err));
				}

				std::string str(value);
				if (!str.empty() && str.back() == '\n')
					str.pop_back();
				return str;
			});
		if (!gpu) {
			std::error_code ec;
			if (!std::filesystem::exists(dir, ec)) {
				LOG(EnumeratorUdev, Debug) << "'" << syspath
							   << "' disappeared, skipping";
				continue;
			}
			return gpu.errorInfo();
		}

		gpus.push_back(std::move(gpu).value());
	}

	std::sort(gpus.begin(), gpus.end(),
		  [](const GpuInfo &a, const GpuInfo &b) { return a.index < b.index; });

	return gpus;
}

} /* namespace gpuslice */
