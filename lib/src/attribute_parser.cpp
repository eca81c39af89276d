/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Read and validate the sysfs attributes of one directory */

#include "gpuslice/internal/attribute_parser.h"

#include <charconv>
#include <errno.h>
#include <utility>

#include "gpuslice/internal/sysfs.h"

/*
 * The GPU enumerators and the vGPU enumerator share this parser, so they
 * agree on what is valid and on the error messages. Only the first error
 * of a directory is kept and later reads are skipped; a malformed value
 * fails with -EBADMSG and a message naming the file, the value found and
 * the value expected.
 */

namespace gpuslice {

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

Error parseError(const std::filesystem::path &path, const std::string &what)
{
	return Error(-EBADMSG, "Failed to parse '" + path.string() + "': " + what);
}

AttributeParser::AttributeParser(std::filesystem::path dir, AttributeReader read)
	: dir_(std::move(dir)), read_(std::move(read))
{
}

/* Plain files below dir. */
AttributeParser::AttributeParser(std::filesystem::path dir)
	: dir_(std::move(dir))
{
	read_ = [this](const char *attribute) {
		return sysfs::readAttribute(dir_ / attribute);
	};
}

std::string AttributeParser::string(const char *attribute)
{
	Result<std::string> value = fetch(attribute);
	if (!value)
		return {};
	if (value->empty())
		fail(attribute, "empty value");
	return std::move(value).value();
}

uint64_t AttributeParser::number(const char *attribute, uint64_t max)
{
	Result<std::string> value = fetch(attribute);
	if (!value)
		return 0;

	std::optional<uint64_t> number = parseDecimal(*value);
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

bool AttributeParser::boolean(const char *attribute)
{
	Result<std::string> value = fetch(attribute);
	if (!value)
		return false;
	if (*value == "0" || *value == "1")
		return *value == "1";

	fail(attribute, "'" + *value + "' is not a boolean (expected 0 or 1)");
	return false;
}

Result<std::string> AttributeParser::fetch(const char *attribute)
{
	if (error_)
		return Error(error_->code(), error_->message());

	Result<std::string> value = read_(attribute);
	if (!value)
		error_ = value.errorInfo();
	return value;
}

void AttributeParser::fail(const char *attribute, const std::string &reason)
{
	if (!error_)
		error_ = parseError(dir_ / attribute, reason);
}

} /* namespace gpuslice */
