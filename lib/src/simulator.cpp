/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Simulator: create and delete gpuslice_sim simulated GPUs */

#include "gpuslice/simulator.h"

#include <algorithm>
#include <errno.h>
#include <string>
#include <system_error>
#include <utility>

#include "gpuslice/internal/log.h"
#include "gpuslice/internal/sysfs.h"

/**
 * \file simulator.h
 * \brief Control of the gpuslice_sim simulated GPU bus
 */

LOG_DEFINE_CATEGORY(Simulator)

namespace gpuslice {

/**
 * \class Simulator
 * \brief Create and delete simulated GPUs on the gpuslice_sim bus
 *
 * This is a thin client of \<root\>/sys/bus/gpuslice_sim/{new_device,
 * del_device}: the kernel validates the request and its errno is returned
 * unchanged. Writing these files needs root privileges. The Simulator does
 * not wait for the gpuslice core to register the new GPU; poll a
 * GpuEnumerator for that.
 */

/**
 * \brief Construct a simulator client
 * \param[in] root The root that sysfs paths derive from
 */
Simulator::Simulator(SysfsRoot root)
	: root_(std::move(root))
{
}

/**
 * \brief Check whether the gpuslice_sim bus exists
 * \return True if gpuslice_sim is loaded (its new_device file exists), false
 * otherwise
 */
bool Simulator::isAvailable() const
{
	std::error_code ec;
	return std::filesystem::exists(root_.simNewDevice(), ec);
}

/**
 * \brief Check whether a simulated device exists
 * \param[in] id The simulated device ID
 * \return True if \<root\>/sys/bus/gpuslice_sim/devices/sim\<id\> exists,
 * false otherwise
 */
bool Simulator::hasDevice(unsigned int id) const
{
	std::error_code ec;
	return std::filesystem::exists(root_.simDevices() / ("sim" + std::to_string(id)), ec);
}

/**
 * \brief Create a simulated GPU
 * \param[in] id The device ID, unique on the bus
 * \param[in] model The model, such as "a100-40gb"
 *
 * Writes "ID MODEL" to new_device. The kernel owns the list of models; only
 * an empty model or one containing whitespace or control characters, which
 * would change the meaning of the write, is rejected here.
 *
 * \return 0 on success or a negative error code otherwise
 * \retval -EINVAL The model is unknown or malformed
 * \retval -EEXIST A simulated device with \a id exists
 * \retval -ENOENT gpuslice_sim is not loaded
 * \retval -EACCES The caller may not write new_device
 */
int Simulator::createDevice(unsigned int id, std::string_view model)
{
	bool malformed = model.empty() ||
			 std::any_of(model.begin(), model.end(), [](unsigned char c) {
				 return c <= ' ' || c == 0x7f;
			 });
	if (malformed)
		return -EINVAL;

	std::string request = std::to_string(id) + " " + std::string(model) + "\n";
	LOG(Simulator, Debug) << "Writing '" << std::to_string(id) << " " << model
			      << "' to '" << root_.simNewDevice().string() << "'";

	return sysfs::writeAttribute(root_.simNewDevice(), request);
}

/**
 * \brief Delete a simulated GPU
 * \param[in] id The device ID
 *
 * Writes "ID" to del_device.
 *
 * \return 0 on success or a negative error code otherwise
 * \retval -ENOENT No simulated device has \a id, or gpuslice_sim is not
 * loaded (check isAvailable() to tell them apart)
 * \retval -EACCES The caller may not write del_device
 */
int Simulator::deleteDevice(unsigned int id)
{
	std::string request = std::to_string(id) + "\n";
	LOG(Simulator, Debug) << "Writing '" << id << "' to '"
			      << root_.simDelDevice().string() << "'";

	return sysfs::writeAttribute(root_.simDelDevice(), request);
}

} /* namespace gpuslice */
