/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FakeSysfs: a throw-away sysfs tree for unit tests */

#include "fake_sysfs.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <stdio.h>
#include <stdlib.h>

namespace gpuslice::test {

namespace {

struct ModelSpec {
	const char *smCount;
	const char *memoryMiB;
	const char *copyEngines;
	const char *decoders;
	const char *vbios;
};

const ModelSpec &modelSpec(const std::string &model)
{
	static const std::map<std::string, ModelSpec> specs = {
		{ "a100-40gb", { "108", "40960", "7", "5", "92.00.45.00.06" } },
		{ "a100-80gb", { "108", "81920", "7", "5", "92.00.45.00.06" } },
		{ "h100-80gb", { "132", "81920", "8", "7", "96.00.30.00.01" } },
	};

	auto it = specs.find(model);
	if (it == specs.end())
		throw std::invalid_argument("FakeSysfs: unknown model " + model);
	return it->second;
}

} /* namespace */

/*
 * Mirrors the real layout: the GPU lives below its backend device in
 * sys/devices, sys/class/gpuslice/gpuN is a symlink to it, and its "device"
 * link points back at the backend, which the bus lists too.
 */
FakeSysfs::FakeSysfs()
{
	const char *tmp = getenv("TMPDIR");
	std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") +
			      "/gpuslice-test-XXXXXX";
	if (!mkdtemp(pattern.data()))
		throw std::runtime_error("FakeSysfs: mkdtemp failed");

	/* Canonical, so that resolved paths still start with root(). */
	root_ = std::filesystem::canonical(pattern);
}

FakeSysfs::~FakeSysfs()
{
	std::error_code ec;
	std::filesystem::remove_all(root_, ec);
}

std::string FakeSysfs::gpuUuid(unsigned int index)
{
	char uuid[64];
	snprintf(uuid, sizeof(uuid), "GPU-%08x-5a1c-4e00-8000-%012x",
		 0xc0ffee00u + index, index);
	return uuid;
}

std::map<std::string, std::string>
FakeSysfs::gpuAttributes(unsigned int index, const std::string &model)
{
	const ModelSpec &spec = modelSpec(model);

	return {
		{ "model", model },
		{ "uuid", gpuUuid(index) },
		{ "sm_count", spec.smCount },
		{ "memory_total_mib", spec.memoryMiB },
		{ "memory_used_mib", std::to_string(index * 1024) },
		{ "copy_engines", spec.copyEngines },
		{ "decoders", spec.decoders },
		{ "vbios_version", spec.vbios },
		{ "driver_version", "0.1.0" },
		{ "mode", index % 2 ? "graphics" : "compute" },
		{ "mig_capable", index % 2 ? "0" : "1" },
		{ "dev", "241:" + std::to_string(index) },
	};
}

void FakeSysfs::populate(const std::filesystem::path &dir, unsigned int index,
			 const std::string &model)
{
	std::filesystem::create_directories(dir);
	for (const auto &[name, value] : gpuAttributes(index, model))
		writeFile(dir / name, value + "\n");

	const std::string name = "gpu" + std::to_string(index);
	std::filesystem::create_directories(root_ / "sys/class/gpuslice");
	std::filesystem::create_directory_symlink(
		std::filesystem::relative(dir, root_ / "sys/class/gpuslice"),
		root_ / "sys/class/gpuslice" / name);
}

std::filesystem::path FakeSysfs::addGpu(unsigned int index, const std::string &model)
{
	const std::string sim = "sim" + std::to_string(index);
	const std::filesystem::path simDir = root_ / "sys/devices/gpuslice_sim" / sim;
	const std::filesystem::path dir = simDir / "gpuslice" / ("gpu" + std::to_string(index));

	populate(dir, index, model);
	std::filesystem::create_directory_symlink("../../../" + sim, dir / "device");

	std::filesystem::create_directories(root_ / "sys/bus/gpuslice_sim/devices");
	std::filesystem::create_directory_symlink(
		"../../../devices/gpuslice_sim/" + sim,
		root_ / "sys/bus/gpuslice_sim/devices" / sim);

	return dir;
}

std::filesystem::path FakeSysfs::addGpuWithoutBackend(unsigned int index,
						      const std::string &model)
{
	const std::filesystem::path dir =
		root_ / "sys/devices/virtual/gpuslice" / ("gpu" + std::to_string(index));
	populate(dir, index, model);
	return dir;
}

void FakeSysfs::addClassEntry(const std::string &name)
{
	std::filesystem::create_directories(root_ / "sys/class/gpuslice" / name);
}

void FakeSysfs::writeAttribute(const std::string &gpu, const std::string &attribute,
			       std::string_view value)
{
	writeFile(root_ / "sys/class/gpuslice" / gpu / attribute, value);
}

void FakeSysfs::removeAttribute(const std::string &gpu, const std::string &attribute)
{
	if (!std::filesystem::remove(root_ / "sys/class/gpuslice" / gpu / attribute))
		throw std::runtime_error("FakeSysfs: no attribute " + attribute);
}

void FakeSysfs::addSimBus()
{
	std::filesystem::create_directories(root_ / "sys/bus/gpuslice_sim/devices");
	writeFile(root_ / "sys/bus/gpuslice_sim/new_device", "");
	writeFile(root_ / "sys/bus/gpuslice_sim/del_device", "");
}

void FakeSysfs::addSimDevice(unsigned int id)
{
	std::filesystem::create_directories(root_ / "sys/bus/gpuslice_sim/devices" /
					    ("sim" + std::to_string(id)));
}

std::string FakeSysfs::readFile(const std::filesystem::path &path) const
{
	std::ifstream file(path, std::ios::binary);
	if (!file)
		throw std::runtime_error("FakeSysfs: cannot read " + path.string());

	std::ostringstream content;
	content << file.rdbuf();
	return content.str();
}

/* Replace the temporary root with a fixed token for golden comparisons. */
std::string FakeSysfs::scrub(std::string text) const
{
	const std::string root = root_.string();
	for (size_t pos = text.find(root); pos != std::string::npos;
	     pos = text.find(root, pos))
		text.replace(pos, root.size(), "@ROOT@");
	return text;
}

void FakeSysfs::writeFile(const std::filesystem::path &path, std::string_view content)
{
	std::ofstream file(path, std::ios::binary | std::ios::trunc);
	file << content;
	if (!file)
		throw std::runtime_error("FakeSysfs: cannot write " + path.string());
}

} /* namespace gpuslice::test */
