/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fake SR-IOV VFs, vGPU types and vGPUs in a FakeSysfs tree */

#include "fake_vgpu.h"

#include <fstream>
#include <stdexcept>
#include <stdio.h>

namespace gpuslice::test {

/* The H100 80GB catalogue of kernel/core/types.c, heterogeneous maxima. */
const FakeVgpuType FakeVgpus::kH100Types[8] = {
	{ 21, "H100-4C", 4096, 16 },   { 22, "H100-5C", 5120, 16 },
	{ 23, "H100-8C", 8192, 8 },    { 24, "H100-10C", 10240, 8 },
	{ 25, "H100-16C", 16384, 4 },  { 26, "H100-20C", 20480, 4 },
	{ 27, "H100-40C", 40960, 2 },  { 28, "H100-80C", 81920, 1 },
};

std::string FakeVgpus::uuid(unsigned int n)
{
	char uuid[40];
	snprintf(uuid, sizeof(uuid), "67730000-0000-4000-8000-%012x", n);
	return uuid;
}

void FakeVgpus::write(const std::filesystem::path &path, const std::string &value)
{
	std::ofstream file(path, std::ios::binary | std::ios::trunc);
	file << value;
	if (!file)
		throw std::runtime_error("FakeVgpus: cannot write " + path.string());
}

std::filesystem::path FakeVgpus::addVf(const std::filesystem::path &gpuDir,
				       const std::string &gpu, unsigned int vf,
				       unsigned int available)
{
	const std::string name = gpu + "-vf" + std::to_string(vf);
	const std::filesystem::path dir = gpuDir / name;
	const std::filesystem::path bus = fake_.root() / "sys/class/mdev_bus";

	for (const FakeVgpuType &type : kH100Types) {
		const std::filesystem::path typeDir =
			dir / "mdev_supported_types" / ("gpuslice-" + std::to_string(type.id));
		std::filesystem::create_directories(typeDir / "devices");
		write(typeDir / "name", std::string(type.name) + "\n");
		write(typeDir / "device_api", "vfio-pci\n");
		write(typeDir / "available_instances",
		      std::to_string(std::min(available, type.maxInstances)) + "\n");
		write(typeDir / "description",
		      "num_heads=1, frl_config=60, framebuffer=" +
			      std::to_string(type.framebufferMiB) +
			      "M, max_resolution=4096x2160, max_instance=" +
			      std::to_string(type.maxInstances) + "\n");
	}

	std::filesystem::create_directories(bus);
	std::filesystem::create_directory_symlink(std::filesystem::relative(dir, bus),
						  bus / name);
	return dir;
}

void FakeVgpus::setAvailable(const std::string &vf, unsigned int typeId,
			     unsigned int available)
{
	write(fake_.root() / "sys/class/mdev_bus" / vf / "mdev_supported_types" /
		      ("gpuslice-" + std::to_string(typeId)) / "available_instances",
	      std::to_string(available) + "\n");
}

std::filesystem::path FakeVgpus::addVgpu(const std::string &uuid, const std::string &gpu,
					 unsigned int vf, unsigned int typeId,
					 unsigned int slot, const std::string &state)
{
	const FakeVgpuType *type = nullptr;
	for (const FakeVgpuType &t : kH100Types)
		if (t.id == typeId)
			type = &t;
	if (!type)
		throw std::invalid_argument("FakeVgpus: unknown type");

	const std::string vfName = gpu + "-vf" + std::to_string(vf);
	const std::filesystem::path vfDir =
		std::filesystem::canonical(fake_.root() / "sys/class/mdev_bus" / vfName);
	const std::filesystem::path dir = vfDir / uuid;
	const std::filesystem::path devices = fake_.root() / "sys/bus/mdev/devices";
	const uint64_t size = static_cast<uint64_t>(type->framebufferMiB) << 20;

	std::filesystem::create_directories(dir / "gpuslice");
	write(dir / "gpuslice/gpu", gpu + "\n");
	write(dir / "gpuslice/vf", vfName + "\n");
	write(dir / "gpuslice/type", std::to_string(typeId) + "\n");
	write(dir / "gpuslice/type_name", std::string(type->name) + "\n");
	write(dir / "gpuslice/framebuffer_offset", std::to_string(slot * size) + "\n");
	write(dir / "gpuslice/framebuffer_size", std::to_string(size) + "\n");
	write(dir / "gpuslice/state", state + "\n");
	write(dir / "gpuslice/fences", std::to_string(slot * 3) + "\n");
	write(dir / "gpuslice/faults", state == "faulted" ? "1\n" : "0\n");
	write(dir / "gpuslice/busy_ns", std::to_string(slot * 20000000ULL + 1234) + "\n");

	std::filesystem::create_directories(devices);
	std::filesystem::create_directory_symlink(std::filesystem::relative(dir, devices),
						  devices / uuid);
	return dir;
}

/* An mdev device of another driver (no gpuslice/ directory). */
void FakeVgpus::addForeignMdev(const std::string &uuid)
{
	const std::filesystem::path dir = fake_.root() / "sys/devices/virtual/mtty/mtty" / uuid;
	const std::filesystem::path devices = fake_.root() / "sys/bus/mdev/devices";

	std::filesystem::create_directories(dir);
	std::filesystem::create_directories(devices);
	std::filesystem::create_directory_symlink(std::filesystem::relative(dir, devices),
						  devices / uuid);
}

void FakeVgpus::writeVgpuAttribute(const std::string &uuid, const std::string &attribute,
				   const std::string &value)
{
	write(fake_.root() / "sys/bus/mdev/devices" / uuid / "gpuslice" / attribute, value);
}

void FakeVgpus::removeVgpuAttribute(const std::string &uuid, const std::string &attribute)
{
	if (!std::filesystem::remove(fake_.root() / "sys/bus/mdev/devices" / uuid /
				     "gpuslice" / attribute))
		throw std::runtime_error("FakeVgpus: no attribute " + attribute);
}

} /* namespace gpuslice::test */
