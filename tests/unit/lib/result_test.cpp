/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for Error and Result<T> */

#include <errno.h>
#include <memory>
#include <string>

#include <gpuslice/result.h>

#include <gtest/gtest.h>

namespace gpuslice {
namespace {

Result<int> half(int value)
{
	if (value % 2)
		return Error(-EINVAL, "Failed to halve " + std::to_string(value));
	return value / 2;
}

Result<std::string> describe(int value)
{
	Result<int> result = half(value);
	if (!result)
		return result.errorInfo();
	return "half is " + std::to_string(*result);
}

TEST(Result, HoldsValue)
{
	Result<int> result = half(8);
	ASSERT_TRUE(result.ok());
	EXPECT_TRUE(static_cast<bool>(result));
	EXPECT_EQ(result.error(), 0);
	EXPECT_EQ(result.message(), "");
	EXPECT_EQ(result.value(), 4);
	EXPECT_EQ(*result, 4);
}

TEST(Result, HoldsError)
{
	Result<int> result = half(3);
	ASSERT_FALSE(result.ok());
	EXPECT_FALSE(static_cast<bool>(result));
	EXPECT_EQ(result.error(), -EINVAL);
	EXPECT_EQ(result.message(), "Failed to halve 3");
}

TEST(Result, PropagatesErrorAcrossTypes)
{
	Result<std::string> failed = describe(5);
	ASSERT_FALSE(failed.ok());
	EXPECT_EQ(failed.errorInfo(), Error(-EINVAL, "Failed to halve 5"));

	Result<std::string> passed = describe(6);
	ASSERT_TRUE(passed.ok());
	EXPECT_EQ(passed->size(), 9u);
	EXPECT_EQ(*passed, "half is 3");
}

TEST(Result, MovesOutMoveOnlyValue)
{
	Result<std::unique_ptr<int>> result(std::make_unique<int>(42));
	ASSERT_TRUE(result.ok());

	std::unique_ptr<int> value = std::move(result).value();
	ASSERT_NE(value, nullptr);
	EXPECT_EQ(*value, 42);
}

} /* namespace */
} /* namespace gpuslice */
