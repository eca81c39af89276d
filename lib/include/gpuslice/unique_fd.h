/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* UniqueFD: sole owner of a file descriptor */

#pragma once

#include <utility>

#include <gpuslice/class.h>

namespace gpuslice {

class UniqueFD final
{
public:
	UniqueFD() : fd_(-1) {}
	explicit UniqueFD(int fd) : fd_(fd) {}
	UniqueFD(UniqueFD &&other) : fd_(other.release()) {}
	~UniqueFD() { reset(); }

	UniqueFD &operator=(UniqueFD &&other);

	[[nodiscard]] int release() { return std::exchange(fd_, -1); }
	void reset(int fd = -1);

	int get() const { return fd_; }
	bool isValid() const { return fd_ >= 0; }

private:
	GPUSLICE_DISABLE_COPY(UniqueFD)

	int fd_;
};

} /* namespace gpuslice */
