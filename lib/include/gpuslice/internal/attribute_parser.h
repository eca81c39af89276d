/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Read and validate the sysfs attributes of one directory */

#pragma once

#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <stdint.h>
#include <string>
#include <string_view>

#include <gpuslice/result.h>

#include "gpuslice/internal/private.h"

namespace gpuslice {

using AttributeReader = std::function<Result<std::string>(const char *attribute)>;

std::optional<uint64_t> parseDecimal(std::string_view str,
				     uint64_t max = std::numeric_limits<uint64_t>::max());

Error parseError(const std::filesystem::path &path, const std::string &what);

class AttributeParser
{
public:
	AttributeParser(std::filesystem::path dir, AttributeReader read);
	explicit AttributeParser(std::filesystem::path dir);
	AttributeParser(const AttributeParser &) = delete;
	AttributeParser &operator=(const AttributeParser &) = delete;

	const std::optional<Error> &error() const { return error_; }

	std::string string(const char *attribute);
	uint64_t number(const char *attribute,
			uint64_t max = std::numeric_limits<uint64_t>::max());
	bool boolean(const char *attribute);

	/*
	 * A value that parse() accepts; otherwise fail with "'<value>' is not
	 * <what>" and return fallback.
	 */
	template<typename T>
	T parsed(const char *attribute, std::optional<T> (*parse)(std::string_view),
		 std::string_view what, T fallback)
	{
		Result<std::string> value = fetch(attribute);
		if (!value)
			return fallback;

		std::optional<T> result = parse(*value);
		if (!result) {
			fail(attribute, "'" + *value + "' is not " + std::string(what));
			return fallback;
		}
		return *result;
	}

	Result<std::string> fetch(const char *attribute);
	void fail(const char *attribute, const std::string &reason);

private:
	std::filesystem::path dir_;
	AttributeReader read_;
	std::optional<Error> error_;
};

} /* namespace gpuslice */
