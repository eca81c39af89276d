/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Thin, non-logging helpers to read and write sysfs attributes */

#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <gpuslice/result.h>
#include <gpuslice/unique_fd.h>

#include "gpuslice/internal/private.h"

namespace gpuslice::sysfs {

UniqueFD openFile(const std::filesystem::path &path, int flags);
Result<std::string> readAttribute(const std::filesystem::path &path);
int writeAttribute(const std::filesystem::path &path, std::string_view value);
Result<std::string> readLinkName(const std::filesystem::path &path);

} /* namespace gpuslice::sysfs */
