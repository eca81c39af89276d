/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SysfsRoot: the single origin of every sysfs and /dev path */

#pragma once

#include <filesystem>
#include <string_view>

namespace gpuslice {

class SysfsRoot final
{
public:
	explicit SysfsRoot(std::filesystem::path root = "/");

	const std::filesystem::path &root() const { return root_; }
	bool isSystemRoot() const;

	std::filesystem::path gpuClass() const;
	std::filesystem::path gpu(std::string_view name) const;
	std::filesystem::path gpuControlNode(std::string_view name) const;

	std::filesystem::path simBus() const;
	std::filesystem::path simNewDevice() const;
	std::filesystem::path simDelDevice() const;
	std::filesystem::path simDevices() const;

	std::filesystem::path mdevBus() const;

private:
	std::filesystem::path root_;
};

} /* namespace gpuslice */
