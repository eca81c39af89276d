/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* UniqueFD: sole owner of a file descriptor */

#include "gpuslice/unique_fd.h"

#include <string.h>
#include <unistd.h>

#include "gpuslice/internal/log.h"

/**
 * \file unique_fd.h
 * \brief File descriptor wrapper that owns a file descriptor
 */

LOG_DEFINE_CATEGORY(UniqueFD)

namespace gpuslice {

/**
 * \class UniqueFD
 * \brief Unique owner of a file descriptor
 *
 * A UniqueFD closes the file descriptor it owns when it is destroyed or
 * reset. It cannot be copied; ownership moves with std::move(). It never
 * duplicates the descriptor. Every file descriptor the library opens is
 * opened with O_CLOEXEC and stored in a UniqueFD.
 *
 * \context This class is not thread-safe; an instance may be moved between
 * threads.
 */

/**
 * \fn UniqueFD::UniqueFD()
 * \brief Construct a UniqueFD that owns no file descriptor
 */

/**
 * \fn UniqueFD::UniqueFD(int fd)
 * \brief Construct a UniqueFD that takes ownership of \a fd
 * \param[in] fd The file descriptor to own, or -1
 */

/**
 * \fn UniqueFD::UniqueFD(UniqueFD &&other)
 * \brief Move constructor, taking over the descriptor of \a other
 * \param[in] other The UniqueFD to move from; it owns nothing afterwards
 */

/**
 * \fn UniqueFD::~UniqueFD()
 * \brief Close the owned file descriptor, if any
 */

/**
 * \brief Move assignment, taking over the descriptor of \a other
 * \param[in] other The UniqueFD to move from; it owns nothing afterwards
 *
 * The file descriptor previously owned by this instance is closed.
 *
 * \return A reference to this UniqueFD
 */
UniqueFD &UniqueFD::operator=(UniqueFD &&other)
{
	reset(other.release());
	return *this;
}

/**
 * \fn UniqueFD::release()
 * \brief Give up ownership of the file descriptor without closing it
 * \return The file descriptor, which the caller must now close, or -1
 */

/**
 * \brief Close the owned file descriptor and take ownership of \a fd
 * \param[in] fd The new file descriptor to own, or -1 to own nothing
 *
 * Resetting to the descriptor already owned is a no-op. A failing close()
 * is logged; the descriptor is considered released either way, as retrying
 * close() on Linux is never correct.
 */
void UniqueFD::reset(int fd)
{
	if (fd == fd_)
		return;

	int old = std::exchange(fd_, fd);
	if (old < 0)
		return;

	if (close(old) < 0) {
		int ret = errno;
		LOG(UniqueFD, Error) << "Failed to close fd " << old << ": "
				     << strerror(ret);
	}
}

/**
 * \fn UniqueFD::get()
 * \brief Retrieve the owned file descriptor without giving up ownership
 * \return The file descriptor, or -1 if none is owned
 */

/**
 * \fn UniqueFD::isValid()
 * \brief Check whether a file descriptor is owned
 * \return True if the UniqueFD owns a file descriptor, false otherwise
 */

} /* namespace gpuslice */
