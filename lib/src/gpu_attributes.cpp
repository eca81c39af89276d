/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Parse the attributes of a /sys/class/gpuslice/gpuN device */

#include "gpuslice/internal/gpu_attributes.h"

#include <limits>
#include <stdint.h>

#include "gpuslice/internal/attribute_parser.h"

/**
 * \file gpu_attributes.h
 * \brief Turn the raw attribute strings of a GPU into a GpuInfo
 *
 * Both enumerators read attributes their own way (plain files or libudev)
 * and share this parser, so they agree on what is valid and on the error
 * messages. A malformed value fails with -EBADMSG and a message naming the
 * file, the value found and the value expected.
 */

namespace gpuslice {

namespace {

std::optional<std::string> parseGpuUuid(std::string_view str)
{
	if (!isGpuUuid(str))
		return std::nullopt;
	return std::string(str);
}

/* "MAJOR:MINOR" of a character device. */
void parseDevNumber(AttributeParser &parser, const char *attribute,
		    unsigned int *major, unsigned int *minor)
{
	Result<std::string> value = parser.fetch(attribute);
	if (!value)
		return;

	constexpr uint64_t max = std::numeric_limits<unsigned int>::max();
	size_t colon = value->find(':');
	std::optional<uint64_t> maj, min;
	if (colon != std::string::npos) {
		maj = parseDecimal(std::string_view(*value).substr(0, colon), max);
		min = parseDecimal(std::string_view(*value).substr(colon + 1), max);
	}
	if (!maj || !min) {
		parser.fail(attribute, "'" + *value +
					       "' is not a device number (expected MAJOR:MINOR)");
		return;
	}

	*major = *maj;
	*minor = *min;
}

} /* namespace */

/**
 * \typedef AttributeReader
 * \brief Read one attribute of a GPU by file name
 *
 * Returns the value without its trailing newline, or an error whose message
 * names the file.
 */

/**
 * \brief Parse a GPU device name
 * \param[in] name The device name, such as "gpu3"
 * \return The index N of "gpuN", or std::nullopt if \a name is not of that
 * form (such as "gpu0-vf1", or "gpu01" with a leading zero)
 */
std::optional<unsigned int> parseGpuName(std::string_view name)
{
	if (name.substr(0, 3) != "gpu")
		return std::nullopt;

	std::optional<uint64_t> index =
		parseDecimal(name.substr(3), std::numeric_limits<unsigned int>::max());
	if (!index)
		return std::nullopt;

	return static_cast<unsigned int>(*index);
}

/**
 * \brief Read and validate every required attribute of a GPU
 * \param[in] info The GpuInfo to complete, with name, index, sysfsPath and
 * backendDevice already filled in
 * \param[in] dir The directory the attributes are read from, used to name
 * files in error messages
 * \param[in] read The function that reads one attribute
 *
 * Unknown attributes are never looked at, so files that later kernels add do
 * not matter. The first missing or malformed attribute fails the whole GPU.
 *
 * \return The completed GpuInfo, or the error of the first attribute that
 * could not be read or parsed
 * \retval -ENOENT A required attribute does not exist
 * \retval -EBADMSG An attribute holds a malformed value
 */
Result<GpuInfo> parseGpuAttributes(GpuInfo info,
				   const std::filesystem::path &dir,
				   const AttributeReader &read)
{
	constexpr uint64_t uintMax = std::numeric_limits<unsigned int>::max();
	AttributeParser parser(dir, read);

	info.model = parser.string("model");
	info.uuid = parser.parsed<std::string>(
		"uuid", parseGpuUuid,
		"a GPU UUID (expected GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", {});
	info.smCount = parser.number("sm_count", uintMax);
	info.memoryTotalMiB = parser.number("memory_total_mib");
	info.memoryUsedMiB = parser.number("memory_used_mib");
	info.copyEngines = parser.number("copy_engines", uintMax);
	info.decoders = parser.number("decoders", uintMax);
	info.vbiosVersion = parser.string("vbios_version");
	info.driverVersion = parser.string("driver_version");
	info.mode = parser.parsed(
		"mode", parseGpuMode, "a mode (expected 'compute' or 'graphics')",
		GpuMode::Compute);
	info.migCapable = parser.boolean("mig_capable");
	parseDevNumber(parser, "dev", &info.devMajor, &info.devMinor);

	if (parser.error())
		return *parser.error();

	return info;
}

} /* namespace gpuslice */
