/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Parse the attributes of a /sys/class/gpuslice/gpuN device */

#include "gpuslice/internal/gpu_attributes.h"

#include <charconv>
#include <errno.h>
#include <limits>
#include <stdint.h>

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

/* Strict decimal: digits only, no sign, no whitespace, no leading zeros. */
std::optional<uint64_t> parseDecimal(std::string_view str, uint64_t max)
{
	if (str.empty() || (str.size() > 1 && str[0] == '0'))
		return std::nullopt;

	uint64_t value;
	auto [end, ec] = std::from_chars(str.data(), str.data() + str.size(), value);
	if (ec != std::errc() || end != str.data() + str.size() || value > max)
		return std::nullopt;

	return value;
}

class AttributeParser
{
public:
	AttributeParser(const std::filesystem::path &dir, const AttributeReader &read)
		: dir_(dir), read_(read)
	{
	}

	const std::optional<Error> &error() const { return error_; }

	std::string string(const char *attribute)
	{
		Result<std::string> value = fetch(attribute);
		if (!value)
			return {};
		if (value->empty())
			fail(attribute, "empty value");
		return std::move(value).value();
	}

	uint64_t number(const char *attribute,
			uint64_t max = std::numeric_limits<uint64_t>::max())
	{
		Result<std::string> value = fetch(attribute);
		if (!value)
			return 0;

		std::optional<uint64_t> number =
			parseDecimal(*value, std::numeric_limits<uint64_t>::max());
		if (!number) {
			fail(attribute, "'" + *value + "' is not an unsigned integer");
			return 0;
		}
		if (*number > max) {
			fail(attribute, "'" + *value + "' is out of range (maximum " +
						std::to_string(max) + ")");
			return 0;
		}
		return *number;
	}

	bool boolean(const char *attribute)
	{
		Result<std::string> value = fetch(attribute);
		if (!value)
			return false;
		if (*value == "0" || *value == "1")
			return *value == "1";

		fail(attribute, "'" + *value + "' is not a boolean (expected 0 or 1)");
		return false;
	}

	GpuMode mode(const char *attribute)
	{
		Result<std::string> value = fetch(attribute);
		if (!value)
			return GpuMode::Compute;

		std::optional<GpuMode> mode = parseGpuMode(*value);
		if (!mode) {
			fail(attribute, "'" + *value +
						"' is not a mode (expected 'compute' or 'graphics')");
			return GpuMode::Compute;
		}
		return *mode;
	}

	std::string uuid(const char *attribute)
	{
		Result<std::string> value = fetch(attribute);
		if (!value)
			return {};
		if (!isGpuUuid(*value))
			fail(attribute, "'" + *value +
						"' is not a GPU UUID (expected GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
		return std::move(value).value();
	}

	void devNumber(const char *attribute, unsigned int *major,
		       unsigned int *minor)
	{
		Result<std::string> value = fetch(attribute);
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
			fail(attribute, "'" + *value +
						"' is not a device number (expected MAJOR:MINOR)");
			return;
		}

		*major = *maj;
		*minor = *min;
	}

private:
	/* Only the first error is kept; later reads are skipped. */
	Result<std::string> fetch(const char *attribute)
	{
		if (error_)
			return Error(error_->code(), error_->message());

		Result<std::string> value = read_(attribute);
		if (!value)
			error_ = value.errorInfo();
		return value;
	}

	void fail(const char *attribute, const std::string &reason)
	{
		if (error_)
			return;
		error_ = Error(-EBADMSG, "Failed to parse '" +
						 (dir_ / attribute).string() +
						 "': " + reason);
	}

	const std::filesystem::path &dir_;
	const AttributeReader &read_;
	std::optional<Error> error_;
};

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
	info.uuid = parser.uuid("uuid");
	info.smCount = parser.number("sm_count", uintMax);
	info.memoryTotalMiB = parser.number("memory_total_mib");
	info.memoryUsedMiB = parser.number("memory_used_mib");
	info.copyEngines = parser.number("copy_engines", uintMax);
	info.decoders = parser.number("decoders", uintMax);
	info.vbiosVersion = parser.string("vbios_version");
	info.driverVersion = parser.string("driver_version");
	info.mode = parser.mode("mode");
	info.migCapable = parser.boolean("mig_capable");
	parser.devNumber("dev", &info.devMajor, &info.devMinor);

	if (parser.error())
		return *parser.error();

	return info;
}

} /* namespace gpuslice */
