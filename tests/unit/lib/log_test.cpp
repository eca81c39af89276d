/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for the internal logging macros */

#include "gpuslice/internal/log.h"

#include <sstream>

#include <gtest/gtest.h>

LOG_DEFINE_CATEGORY(Test)

namespace gpuslice {
namespace {

class LogTest : public ::testing::Test
{
protected:
	void SetUp() override
	{
		saved_ = logLevel();
		setLogStream(&stream_);
	}

	void TearDown() override
	{
		setLogStream(nullptr);
		setLogLevel(saved_);
	}

	std::ostringstream stream_;
	LogSeverity saved_ = LogWarning;
};

TEST_F(LogTest, FormatsCategoryAndSeverity)
{
	setLogLevel(LogDebug);
	LOG(Test, Warning) << "Failed to frob 'gpu" << 3 << "', skipping";
	LOG(Test, Debug) << "detail";

	EXPECT_EQ(stream_.str(), "gpuslice WARN Test: Failed to frob 'gpu3', skipping\n"
				 "gpuslice DEBUG Test: detail\n");
}

TEST_F(LogTest, SuppressesMessagesBelowThreshold)
{
	int evaluated = 0;
	auto count = [&]() { return ++evaluated; };

	setLogLevel(LogWarning);
	LOG(Test, Debug) << "hidden " << count();
	LOG(Test, Info) << "hidden " << count();
	LOG(Test, Error) << "shown " << count();

	EXPECT_EQ(stream_.str(), "gpuslice ERROR Test: shown 1\n");
	EXPECT_EQ(evaluated, 1);
}

} /* namespace */
} /* namespace gpuslice */
