/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compare test output with golden files under tests/unit/golden/ */

#include "golden.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdlib.h>
#include <string_view>

#include <gtest/gtest.h>

namespace gpuslice::test {

/*
 * Compare exactly. With GPUSLICE_REGEN=1 in the environment, write the
 * actual output instead, for review with git diff.
 */
void expectGolden(const std::string &name, const std::string &actual)
{
	const std::filesystem::path path = std::filesystem::path(GPUSLICE_GOLDEN_DIR) / name;

	const char *regen = getenv("GPUSLICE_REGEN");
	if (regen && std::string_view(regen) == "1") {
		std::ofstream file(path, std::ios::binary | std::ios::trunc);
		file << actual;
		ASSERT_TRUE(file.good()) << "Failed to write golden file " << path;
		return;
	}

	std::ifstream file(path, std::ios::binary);
	ASSERT_TRUE(file.good()) << "Missing golden file " << path
				 << "; run with GPUSLICE_REGEN=1 to create it";

	std::ostringstream expected;
	expected << file.rdbuf();
	EXPECT_EQ(expected.str(), actual)
		<< "Output differs from " << path
		<< "; if the change is intended, run with GPUSLICE_REGEN=1";
}

} /* namespace gpuslice::test */
