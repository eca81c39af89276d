/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Simulator: create and delete gpuslice_sim simulated GPUs */

#pragma once

#include <string_view>

#include <gpuslice/sysfs_root.h>

namespace gpuslice {

class Simulator final
{
public:
	explicit Simulator(SysfsRoot root = SysfsRoot());

	bool isAvailable() const;
	bool hasDevice(unsigned int id) const;

	int createDevice(unsigned int id, std::string_view model);
	int deleteDevice(unsigned int id);

private:
	SysfsRoot root_;
};

} /* namespace gpuslice */
