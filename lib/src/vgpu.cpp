/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* VgpuEnumerator: the vGPUs (mdev devices) and vGPU types of gpuslice GPUs */

#include "gpuslice/vgpu.h"

#include <algorithm>
#include <cctype>
#include <errno.h>
#include <limits>
#include <map>
#include <string.h>
#include <system_error>
#include <tuple>
#include <utility>

#include "gpuslice/internal/attribute_parser.h"
#include "gpuslice/internal/gpu_attributes.h"
#include "gpuslice/internal/log.h"
#include "gpuslice/internal/sysfs.h"

/**
 * \file vgpu.h
 * \brief The vGPUs and vGPU types that gpuslice offers through mdev
 *
 * A GPU's SR-IOV virtual functions gpuN-vfM are mdev parents in
 * \<root\>/sys/class/mdev_bus; each offers the GPU's vGPU types as
 * mdev_supported_types/gpuslice-\<id\> and holds at most one vGPU. A vGPU is
 * an mdev device in \<root\>/sys/bus/mdev/devices/\<uuid\> whose gpuslice/
 * directory holds its attributes (Documentation/ABI).
 */

LOG_DEFINE_CATEGORY(Vgpu)

namespace gpuslice {

namespace {

constexpr std::string_view kTypePrefix = "gpuslice-";

/* "gpu0-vf3" -> (0, 3), for ordering. */
std::optional<std::pair<unsigned int, unsigned int>> parseVfName(std::string_view name)
{
	size_t dash = name.find("-vf");
	if (dash == std::string_view::npos)
		return std::nullopt;

	std::optional<unsigned int> gpu = parseGpuName(name.substr(0, dash));
	std::optional<uint64_t> vf = parseDecimal(name.substr(dash + 3),
						  std::numeric_limits<unsigned int>::max());
	if (!gpu || !vf)
		return std::nullopt;

	return std::make_pair(*gpu, static_cast<unsigned int>(*vf));
}

/*
 * The description of a gpuslice type is comma-separated key=value pairs,
 * as NVIDIA's: "num_heads=1, frl_config=60, framebuffer=4096M,
 * max_resolution=4096x2160, max_instance=16".
 */
std::optional<std::string_view> descriptionValue(std::string_view description,
						 std::string_view key)
{
	while (!description.empty()) {
		size_t comma = description.find(',');
		std::string_view item = description.substr(0, comma);
		description = comma == std::string_view::npos ? std::string_view()
							      : description.substr(comma + 1);

		while (!item.empty() && isspace(static_cast<unsigned char>(item.front())))
			item.remove_prefix(1);
		while (!item.empty() && isspace(static_cast<unsigned char>(item.back())))
			item.remove_suffix(1);

		size_t eq = item.find('=');
		if (eq != std::string_view::npos && item.substr(0, eq) == key)
			return item.substr(eq + 1);
	}

	return std::nullopt;
}

/* One mdev_supported_types/gpuslice-<id> directory of one VF. */
Result<VgpuType> readType(const std::filesystem::path &dir, unsigned int id,
			  const std::string &gpu)
{
	AttributeParser read(dir);
	VgpuType type;

	type.gpu = gpu;
	type.id = id;
	type.name = read.string("name");
	type.description = read.string("description");
	type.deviceApi = read.string("device_api");
	type.available = read.number("available_instances",
				     std::numeric_limits<unsigned int>::max());
	if (read.error())
		return *read.error();

	std::optional<std::string_view> fb = descriptionValue(type.description, "framebuffer");
	std::optional<uint64_t> fbMiB;
	if (fb && fb->size() > 1 && fb->back() == 'M')
		fbMiB = parseDecimal(fb->substr(0, fb->size() - 1));
	if (!fbMiB)
		return parseError(dir / "description",
				  "'" + type.description +
					  "' has no framebuffer=<MiB>M (expected NVIDIA's format)");
	type.framebufferMiB = *fbMiB;

	std::optional<std::string_view> max = descriptionValue(type.description, "max_instance");
	std::optional<uint64_t> maxInstances;
	if (max)
		maxInstances = parseDecimal(*max, std::numeric_limits<unsigned int>::max());
	if (!maxInstances)
		return parseError(dir / "description",
				  "'" + type.description +
					  "' has no max_instance=<count> (expected NVIDIA's format)");
	type.maxInstances = *maxInstances;

	return type;
}

bool disappeared(const std::filesystem::path &path)
{
	std::error_code ec;
	return !std::filesystem::exists(path, ec);
}

} /* namespace */

/**
 * \enum VgpuState
 * \brief The state of a vGPU, from its gpuslice/state attribute
 * \var VgpuState::Created
 * \brief The vGPU exists and no VFIO user has it open ("created")
 * \var VgpuState::Open
 * \brief A VFIO user (a VM, a tool) has the vGPU open ("open")
 * \var VgpuState::Faulted
 * \brief The vGPU's work faulted; it runs nothing until reset ("faulted")
 */

/**
 * \brief Convert a vGPU state to its sysfs spelling
 * \param[in] state The state
 * \return "created", "open" or "faulted"
 */
std::string_view toString(VgpuState state)
{
	switch (state) {
	case VgpuState::Created:
		return "created";
	case VgpuState::Open:
		return "open";
	case VgpuState::Faulted:
		return "faulted";
	}
	return "unknown";
}

/**
 * \brief Parse the sysfs spelling of a vGPU state
 * \param[in] str "created", "open" or "faulted"
 * \return The state, or std::nullopt if \a str is not a known state
 */
std::optional<VgpuState> parseVgpuState(std::string_view str)
{
	if (str == "created")
		return VgpuState::Created;
	if (str == "open")
		return VgpuState::Open;
	if (str == "faulted")
		return VgpuState::Faulted;
	return std::nullopt;
}

/**
 * \struct VgpuInfo
 * \brief What sysfs says about one vGPU
 *
 * The fields are the files of \<root\>/sys/bus/mdev/devices/\<uuid\>/gpuslice/
 * in their natural types; framebufferOffset and framebufferSize are bytes,
 * the offset being where the vGPU's framebuffer starts in the GPU's.
 */

/**
 * \brief Retrieve the mdev type name of the vGPU
 * \return "gpuslice-\<typeId\>", as mdevctl names it
 */
std::string VgpuInfo::mdevType() const
{
	return std::string(kTypePrefix) + std::to_string(typeId);
}

/**
 * \struct VgpuType
 * \brief One vGPU type of one GPU
 *
 * \a framebufferMiB and \a maxInstances come from the type's description,
 * \a maxInstances being the type's maximum in the GPU's current vgpu_mode.
 * \a available is the largest available_instances over the GPU's VFs: a VF
 * that holds a vGPU reports 0 and every free VF reports how many more vGPUs
 * of the type fit on the GPU, so the maximum is the number that can still be
 * created on the GPU (summing would count the same capacity once per VF).
 * \a virtualFunctions is the number of VFs that offer the type.
 */

/**
 * \brief Retrieve the mdev type name of the type
 * \return "gpuslice-\<id\>"
 */
std::string VgpuType::mdevType() const
{
	return std::string(kTypePrefix) + std::to_string(id);
}

/**
 * \brief Check whether a string is an mdev UUID
 * \param[in] str The string
 * \return True if \a str is 8-4-4-4-12 hexadecimal digits, false otherwise
 */
bool isMdevUuid(std::string_view str)
{
	if (str.size() != 36)
		return false;

	for (size_t i = 0; i < str.size(); i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (str[i] != '-')
				return false;
		} else if (!isxdigit(static_cast<unsigned char>(str[i]))) {
			return false;
		}
	}
	return true;
}

/**
 * \class VgpuEnumerator
 * \brief List the vGPUs that exist and the vGPU types a GPU offers
 *
 * Reads sysfs only: it creates, starts and removes nothing (mdevctl does).
 * Entries that belong to other mdev drivers are skipped, as are vGPUs and
 * VFs removed while being read.
 *
 * \context Every function may be called from any thread; the enumerator
 * holds no state besides its root.
 */

/**
 * \brief Construct a vGPU enumerator
 * \param[in] root The root that sysfs paths derive from
 */
VgpuEnumerator::VgpuEnumerator(SysfsRoot root)
	: root_(std::move(root))
{
}

/**
 * \brief Retrieve the directory of mdev devices
 * \return \<root\>/sys/bus/mdev/devices
 */
std::filesystem::path VgpuEnumerator::mdevDevices() const
{
	return root_.root() / "sys/bus/mdev/devices";
}

/**
 * \brief List the gpuslice vGPUs
 *
 * Sorted by GPU index, then VF index, then UUID. No mdev bus (the mdev
 * module is not loaded) is an empty list.
 *
 * \return The vGPUs, or the first error met, whose message names the file
 * \retval -ENOENT A required attribute does not exist
 * \retval -EBADMSG An attribute holds a malformed value
 */
Result<std::vector<VgpuInfo>> VgpuEnumerator::vgpus() const
{
	const std::filesystem::path devices = mdevDevices();
	std::vector<VgpuInfo> vgpus;
	std::error_code ec;

	std::filesystem::directory_iterator it(devices, ec);
	if (ec == std::errc::no_such_file_or_directory) {
		LOG(Vgpu, Debug) << "'" << devices.string() << "' does not exist, no vGPUs";
		return vgpus;
	}

	for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
		const std::string uuid = it->path().filename().string();
		const std::filesystem::path dir = devices / uuid;
		const std::filesystem::path attributes = dir / "gpuslice";

		if (!isMdevUuid(uuid)) {
			LOG(Vgpu, Debug) << "'" << uuid << "' is not an mdev UUID, skipping";
			continue;
		}

		std::error_code isDirError;
		if (!std::filesystem::is_directory(attributes, isDirError)) {
			LOG(Vgpu, Debug) << "'" << uuid << "' is not a gpuslice vGPU, skipping";
			continue;
		}

		AttributeParser read(attributes);
		VgpuInfo info;

		info.uuid = uuid;
		std::error_code canonicalError;
		info.sysfsPath = std::filesystem::weakly_canonical(dir, canonicalError);
		if (canonicalError)
			info.sysfsPath = dir;

		constexpr uint64_t uintMax = std::numeric_limits<unsigned int>::max();
		info.gpu = read.string("gpu");
		info.vf = read.string("vf");
		info.typeId = read.number("type", uintMax);
		info.typeName = read.string("type_name");
		info.framebufferOffset = read.number("framebuffer_offset");
		info.framebufferSize = read.number("framebuffer_size");
		info.state = read.parsed(
			"state", parseVgpuState,
			"a vGPU state (expected 'created', 'open' or 'faulted')",
			VgpuState::Created);
		info.fences = read.number("fences");
		info.faults = read.number("faults");
		info.busyNs = read.number("busy_ns");

		if (!read.error() && !parseGpuName(info.gpu))
			read.fail("gpu", "'" + info.gpu + "' is not a GPU name (expected gpuN)");
		if (!read.error() && !parseVfName(info.vf))
			read.fail("vf", "'" + info.vf + "' is not a VF name (expected gpuN-vfM)");

		if (read.error()) {
			if (disappeared(attributes)) {
				LOG(Vgpu, Debug) << "'" << dir.string() << "' disappeared, skipping";
				continue;
			}
			return *read.error();
		}

		vgpus.push_back(std::move(info));
	}

	if (ec)
		return Error(-ec.value(), "Failed to list '" + devices.string() +
						  "': " + strerror(ec.value()));

	auto key = [](const VgpuInfo &v) {
		return std::make_tuple(*parseVfName(v.vf), v.uuid);
	};
	std::sort(vgpus.begin(), vgpus.end(),
		  [&](const VgpuInfo &a, const VgpuInfo &b) { return key(a) < key(b); });

	return vgpus;
}

/**
 * \brief List the SR-IOV virtual functions of a GPU
 * \param[in] gpu The GPU name, such as "gpu0"
 *
 * The VFs are the mdev parents named \<gpu\>-vfM, sorted by M. A GPU
 * without VFs (sriov_numvfs is 0) has none.
 *
 * \return The VF names, or an error whose message names the directory
 */
Result<std::vector<std::string>> VgpuEnumerator::virtualFunctions(std::string_view gpu) const
{
	const std::filesystem::path bus = root_.mdevBus();
	const std::optional<unsigned int> gpuIndex = parseGpuName(gpu);
	std::vector<std::pair<unsigned int, std::string>> vfs;
	std::error_code ec;

	std::filesystem::directory_iterator it(bus, ec);
	if (ec == std::errc::no_such_file_or_directory)
		return std::vector<std::string>();

	for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
		const std::string name = it->path().filename().string();
		auto vf = parseVfName(name);
		if (!vf || !gpuIndex || vf->first != *gpuIndex)
			continue;
		vfs.emplace_back(vf->second, name);
	}

	if (ec)
		return Error(-ec.value(), "Failed to list '" + bus.string() +
						  "': " + strerror(ec.value()));

	std::sort(vfs.begin(), vfs.end());

	std::vector<std::string> names;
	for (auto &vf : vfs)
		names.push_back(std::move(vf.second));
	return names;
}

/**
 * \brief List the vGPU types of a GPU
 * \param[in] gpu The GPU name, such as "gpu0"
 *
 * Every VF offers the same types; the result has one VgpuType per type id,
 * sorted by id, with \a available the maximum of the VFs' available_instances
 * (see VgpuType). A GPU without VFs has no types.
 *
 * \return The types, or the first error met, whose message names the file
 * \retval -ENOENT A required attribute does not exist
 * \retval -EBADMSG An attribute holds a malformed value
 */
Result<std::vector<VgpuType>> VgpuEnumerator::types(std::string_view gpu) const
{
	Result<std::vector<std::string>> vfs = virtualFunctions(gpu);
	if (!vfs)
		return vfs.errorInfo();

	std::map<unsigned int, VgpuType> types;

	for (const std::string &vf : *vfs) {
		const std::filesystem::path dir = root_.mdevBus() / vf / "mdev_supported_types";
		std::error_code ec;

		std::filesystem::directory_iterator it(dir, ec);
		if (ec == std::errc::no_such_file_or_directory) {
			LOG(Vgpu, Debug) << "'" << dir.string() << "' does not exist, skipping";
			continue;
		}

		for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
			const std::string name = it->path().filename().string();
			if (!name.starts_with(kTypePrefix))
				continue;

			std::optional<uint64_t> id =
				parseDecimal(std::string_view(name).substr(kTypePrefix.size()),
					     std::numeric_limits<unsigned int>::max());
			if (!id) {
				LOG(Vgpu, Debug) << "'" << name << "' is not a gpuslice type, skipping";
				continue;
			}

			Result<VgpuType> type = readType(dir / name, *id, std::string(gpu));
			if (!type) {
				if (disappeared(dir / name)) {
					LOG(Vgpu, Debug) << "'" << (dir / name).string()
							 << "' disappeared, skipping";
					continue;
				}
				return type.errorInfo();
			}

			auto entry = types.find(*id);
			if (entry == types.end())
				entry = types.emplace(*id, std::move(type).value()).first;
			else
				entry->second.available =
					std::max(entry->second.available, type->available);
			entry->second.virtualFunctions++;
		}

		if (ec && ec != std::errc::no_such_file_or_directory)
			return Error(-ec.value(), "Failed to list '" + dir.string() +
							  "': " + strerror(ec.value()));
	}

	std::vector<VgpuType> result;
	for (auto &[id, type] : types)
		result.push_back(std::move(type));
	return result;
}

} /* namespace gpuslice */
