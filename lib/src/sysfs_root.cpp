/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SysfsRoot: the single origin of every sysfs and /dev path */

#include "gpuslice/sysfs_root.h"

#include <string>
#include <utility>

/**
 * \file sysfs_root.h
 * \brief Derive every kernel interface path from one injectable root
 */

namespace gpuslice {

/**
 * \class SysfsRoot
 * \brief The root directory that sysfs and /dev paths are relative to
 *
 * The library never spells "/sys" or "/dev" anywhere else: every path is
 * derived from a SysfsRoot. The default root is the real "/"; tests point
 * it at a fake tree in a temporary directory.
 */

/**
 * \brief Construct a root
 * \param[in] root The directory that plays the role of "/"; an empty path
 * means "/"
 */
SysfsRoot::SysfsRoot(std::filesystem::path root)
	: root_(root.empty() ? std::filesystem::path("/") : std::move(root))
{
}

/**
 * \fn SysfsRoot::root()
 * \brief Retrieve the root directory
 * \return The root directory
 */

/**
 * \brief Check whether this is the real system root
 *
 * Only the real root may be enumerated through udev, which always looks at
 * /sys.
 *
 * \return True if the root is "/", false otherwise
 */
bool SysfsRoot::isSystemRoot() const
{
	std::string normal = root_.lexically_normal().string();
	while (normal.size() > 1 && normal.back() == '/')
		normal.pop_back();
	return normal == "/";
}

/**
 * \brief Retrieve the gpuslice device class directory
 * \return \<root\>/sys/class/gpuslice
 */
std::filesystem::path SysfsRoot::gpuClass() const
{
	return root_ / "sys/class/gpuslice";
}

/**
 * \brief Retrieve the class directory of one GPU
 * \param[in] name The GPU name, such as "gpu0"
 * \return \<root\>/sys/class/gpuslice/\<name\>
 */
std::filesystem::path SysfsRoot::gpu(std::string_view name) const
{
	return gpuClass() / std::string(name);
}

/**
 * \brief Retrieve the control node of one GPU
 * \param[in] name The GPU name, such as "gpu0"
 * \return \<root\>/dev/gpuslice/\<name\>
 */
std::filesystem::path SysfsRoot::gpuControlNode(std::string_view name) const
{
	return root_ / "dev/gpuslice" / std::string(name);
}

/**
 * \brief Retrieve the directory of the simulated GPU bus
 * \return \<root\>/sys/bus/gpuslice_sim
 */
std::filesystem::path SysfsRoot::simBus() const
{
	return root_ / "sys/bus/gpuslice_sim";
}

/**
 * \brief Retrieve the file that creates simulated GPUs
 * \return \<root\>/sys/bus/gpuslice_sim/new_device
 */
std::filesystem::path SysfsRoot::simNewDevice() const
{
	return simBus() / "new_device";
}

/**
 * \brief Retrieve the file that deletes simulated GPUs
 * \return \<root\>/sys/bus/gpuslice_sim/del_device
 */
std::filesystem::path SysfsRoot::simDelDevice() const
{
	return simBus() / "del_device";
}

/**
 * \brief Retrieve the directory listing simulated GPU devices
 * \return \<root\>/sys/bus/gpuslice_sim/devices
 */
std::filesystem::path SysfsRoot::simDevices() const
{
	return simBus() / "devices";
}

/**
 * \brief Retrieve the mdev parent class directory
 * \return \<root\>/sys/class/mdev_bus
 */
std::filesystem::path SysfsRoot::mdevBus() const
{
	return root_ / "sys/class/mdev_bus";
}

} /* namespace gpuslice */
