/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Thin, non-logging helpers to read and write sysfs attributes */

#include "gpuslice/internal/sysfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

/**
 * \file sysfs.h
 * \brief Helpers around open(), read(), write() and readlink() for sysfs
 *
 * These helpers are thin syscall wrappers: they never log, and they report
 * failures as a negative errno or a Result whose message names the file.
 */

namespace gpuslice::sysfs {

namespace {

/* A sysfs attribute is at most one page; refuse to buffer unbounded data. */
constexpr size_t kMaxAttributeSize = 64 * 1024;

std::string quoteError(const char *what, const std::filesystem::path &path,
		       int err)
{
	return std::string("Failed to ") + what + " '" + path.string() +
	       "': " + strerror(err);
}

} /* namespace */

/**
 * \brief Open a file with O_CLOEXEC
 * \param[in] path The file to open
 * \param[in] flags The open() flags; O_CLOEXEC is always added
 *
 * On failure, errno is left as set by open().
 *
 * \return The file descriptor, invalid on failure
 */
UniqueFD openFile(const std::filesystem::path &path, int flags)
{
	return UniqueFD(open(path.c_str(), flags | O_CLOEXEC));
}

/**
 * \brief Read a sysfs attribute
 * \param[in] path The attribute file
 *
 * One trailing newline, which sysfs appends to every value, is removed.
 *
 * \return The value, or an error whose message names \a path
 * \retval -ENOENT The file does not exist
 * \retval -EFBIG The file is larger than any sysfs attribute can be
 */
Result<std::string> readAttribute(const std::filesystem::path &path)
{
	UniqueFD fd = openFile(path, O_RDONLY);
	if (!fd.isValid()) {
		int ret = errno;
		return Error(-ret, quoteError("read", path, ret));
	}

	std::string value;
	char buffer[4096];

	while (true) {
		ssize_t len = read(fd.get(), buffer, sizeof(buffer));
		if (len < 0) {
			int ret = errno;
			if (ret == EINTR)
				continue;
			return Error(-ret, quoteError("read", path, ret));
		}
		if (len == 0)
			break;

		value.append(buffer, len);
		if (value.size() > kMaxAttributeSize)
			return Error(-EFBIG, quoteError("read", path, EFBIG));
	}

	if (!value.empty() && value.back() == '\n')
		value.pop_back();

	return value;
}

/**
 * \brief Write a value to a sysfs attribute in a single write()
 * \param[in] path The attribute file
 * \param[in] value The bytes to write
 *
 * sysfs hands each write() to the kernel's store function as one buffer, so
 * the value is written at once and a short write is an error.
 *
 * \return 0 on success or a negative error code otherwise
 * \retval -EIO The kernel accepted only part of \a value
 */
int writeAttribute(const std::filesystem::path &path, std::string_view value)
{
	UniqueFD fd = openFile(path, O_WRONLY);
	if (!fd.isValid())
		return -errno;

	ssize_t len = write(fd.get(), value.data(), value.size());
	if (len < 0)
		return -errno;
	if (static_cast<size_t>(len) != value.size())
		return -EIO;

	return 0;
}

/**
 * \brief Read the last component of a symbolic link's target
 * \param[in] path The symbolic link, such as a device's "device" link
 * \return The last path component of the target, or an error whose message
 * names \a path
 * \retval -ENOENT The link does not exist
 */
Result<std::string> readLinkName(const std::filesystem::path &path)
{
	char target[PATH_MAX];

	ssize_t len = readlink(path.c_str(), target, sizeof(target) - 1);
	if (len < 0) {
		int ret = errno;
		return Error(-ret, quoteError("read link", path, ret));
	}

	return std::filesystem::path(std::string(target, len)).filename().string();
}

} /* namespace gpuslice::sysfs */
