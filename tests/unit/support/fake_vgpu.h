/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fake SR-IOV VFs, vGPU types and vGPUs in a FakeSysfs tree */

#pragma once

#include <filesystem>
#include <string>

#include "fake_sysfs.h"

namespace gpuslice::test {

struct FakeVgpuType {
	unsigned int id;
	const char *name;
	unsigned int framebufferMiB;
	unsigned int maxInstances;
};

/*
 * Mirrors the kernel: VF gpuN-vfM is a child of the GPU device and an mdev
 * parent (sys/class/mdev_bus/gpuN-vfM, with mdev_supported_types), and a
 * vGPU is a child of its VF listed in sys/bus/mdev/devices.
 */
class FakeVgpus final
{
public:
	explicit FakeVgpus(FakeSysfs &fake) : fake_(fake) {}

	static const FakeVgpuType kH100Types[8];

	std::filesystem::path addVf(const std::filesystem::path &gpuDir,
				    const std::string &gpu, unsigned int vf,
				    unsigned int available = 4);
	void setAvailable(const std::string &vf, unsigned int typeId,
			  unsigned int available);
	std::filesystem::path addVgpu(const std::string &uuid, const std::string &gpu,
				      unsigned int vf, unsigned int typeId,
				      unsigned int slot, const std::string &state = "created");
	void addForeignMdev(const std::string &uuid);

	void writeVgpuAttribute(const std::string &uuid, const std::string &attribute,
				const std::string &value);
	void removeVgpuAttribute(const std::string &uuid, const std::string &attribute);

	static std::string uuid(unsigned int n);

private:
	void write(const std::filesystem::path &path, const std::string &value);

	FakeSysfs &fake_;
};

} /* namespace gpuslice::test */
