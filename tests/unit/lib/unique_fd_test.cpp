/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for UniqueFD and the O_CLOEXEC discipline */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <utility>

#include <gpuslice/unique_fd.h>

#include "gpuslice/internal/sysfs.h"

#include <gtest/gtest.h>

namespace gpuslice {
namespace {

int openNull()
{
	return open("/dev/null", O_RDONLY | O_CLOEXEC);
}

bool isOpen(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

bool isClosed(int fd)
{
	errno = 0;
	return fcntl(fd, F_GETFD) == -1 && errno == EBADF;
}

TEST(UniqueFD, DefaultOwnsNothing)
{
	UniqueFD fd;
	EXPECT_FALSE(fd.isValid());
	EXPECT_EQ(fd.get(), -1);
	EXPECT_EQ(fd.release(), -1);
}

TEST(UniqueFD, DestructorCloses)
{
	int raw = openNull();
	ASSERT_GE(raw, 0);
	{
		UniqueFD fd(raw);
		EXPECT_TRUE(fd.isValid());
		EXPECT_EQ(fd.get(), raw);
	}
	EXPECT_TRUE(isClosed(raw));
}

TEST(UniqueFD, MoveConstructionTransfersOwnership)
{
	int raw = openNull();
	ASSERT_GE(raw, 0);

	UniqueFD source(raw);
	UniqueFD target(std::move(source));

	EXPECT_FALSE(source.isValid());
	EXPECT_EQ(target.get(), raw);
	EXPECT_TRUE(isOpen(raw));
}

TEST(UniqueFD, MoveAssignmentClosesPreviousDescriptor)
{
	int first = openNull();
	int second = openNull();
	ASSERT_GE(first, 0);
	ASSERT_GE(second, 0);

	UniqueFD target(first);
	UniqueFD source(second);
	target = std::move(source);

	EXPECT_TRUE(isClosed(first));
	EXPECT_TRUE(isOpen(second));
	EXPECT_EQ(target.get(), second);
	EXPECT_FALSE(source.isValid());
}

TEST(UniqueFD, ReleaseGivesUpOwnershipWithoutClosing)
{
	int raw = openNull();
	ASSERT_GE(raw, 0);

	int released;
	{
		UniqueFD fd(raw);
		released = fd.release();
		EXPECT_FALSE(fd.isValid());
	}

	EXPECT_EQ(released, raw);
	EXPECT_TRUE(isOpen(raw));
	close(raw);
}

TEST(UniqueFD, ResetClosesAndAdoptsNewDescriptor)
{
	int first = openNull();
	int second = openNull();
	ASSERT_GE(first, 0);
	ASSERT_GE(second, 0);

	UniqueFD fd(first);
	fd.reset(second);
	EXPECT_TRUE(isClosed(first));
	EXPECT_EQ(fd.get(), second);

	fd.reset();
	EXPECT_TRUE(isClosed(second));
	EXPECT_FALSE(fd.isValid());
}

TEST(UniqueFD, ResetToOwnedDescriptorKeepsItOpen)
{
	int raw = openNull();
	ASSERT_GE(raw, 0);

	UniqueFD fd(raw);
	fd.reset(raw);
	EXPECT_TRUE(isOpen(raw));
	EXPECT_EQ(fd.get(), raw);
}

TEST(UniqueFD, LibraryOpensWithCloseOnExec)
{
	UniqueFD fd = sysfs::openFile("/dev/null", O_RDONLY);
	ASSERT_TRUE(fd.isValid());

	int flags = fcntl(fd.get(), F_GETFD);
	ASSERT_NE(flags, -1);
	EXPECT_TRUE(flags & FD_CLOEXEC);
}

} /* namespace */
} /* namespace gpuslice */
