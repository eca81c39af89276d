/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for GpuInfo helpers: names, UUIDs, modes and lookup */

#include <vector>

#include <gpuslice/gpu_info.h>

#include "gpuslice/internal/gpu_attributes.h"

#include <gtest/gtest.h>

namespace gpuslice {
namespace {

TEST(GpuInfo, ParsesGpuNames)
{
	EXPECT_EQ(parseGpuName("gpu0"), 0u);
	EXPECT_EQ(parseGpuName("gpu10"), 10u);
	EXPECT_EQ(parseGpuName("gpu4294967295"), 4294967295u);

	EXPECT_EQ(parseGpuName("gpu"), std::nullopt);
	EXPECT_EQ(parseGpuName("gpu01"), std::nullopt);
	EXPECT_EQ(parseGpuName("gpu0-vf1"), std::nullopt);
	EXPECT_EQ(parseGpuName("gpu-1"), std::nullopt);
	EXPECT_EQ(parseGpuName("gpu+1"), std::nullopt);
	EXPECT_EQ(parseGpuName("gpu4294967296"), std::nullopt);
	EXPECT_EQ(parseGpuName("sim0"), std::nullopt);
	EXPECT_EQ(parseGpuName("GPU0"), std::nullopt);
}

TEST(GpuInfo, ValidatesUuids)
{
	EXPECT_TRUE(isGpuUuid("GPU-0123abcd-4567-89ef-0a1b-2c3d4e5f6a7b"));

	EXPECT_FALSE(isGpuUuid("GPU-0123ABCD-4567-89ef-0a1b-2c3d4e5f6a7b"));
	EXPECT_FALSE(isGpuUuid("gpu-0123abcd-4567-89ef-0a1b-2c3d4e5f6a7b"));
	EXPECT_FALSE(isGpuUuid("0123abcd-4567-89ef-0a1b-2c3d4e5f6a7b"));
	EXPECT_FALSE(isGpuUuid("GPU-0123abcd-4567-89ef-0a1b-2c3d4e5f6a7"));
	EXPECT_FALSE(isGpuUuid("GPU-0123abcd-4567-89ef-0a1b-2c3d4e5f6a7bc"));
	EXPECT_FALSE(isGpuUuid("GPU-0123abcd_4567-89ef-0a1b-2c3d4e5f6a7b"));
	EXPECT_FALSE(isGpuUuid("GPU-0123abcg-4567-89ef-0a1b-2c3d4e5f6a7b"));
	EXPECT_FALSE(isGpuUuid(""));
}

TEST(GpuInfo, ConvertsModes)
{
	EXPECT_EQ(toString(GpuMode::Compute), "compute");
	EXPECT_EQ(toString(GpuMode::Graphics), "graphics");
	EXPECT_EQ(parseGpuMode("compute"), GpuMode::Compute);
	EXPECT_EQ(parseGpuMode("graphics"), GpuMode::Graphics);
	EXPECT_EQ(parseGpuMode("Compute"), std::nullopt);
	EXPECT_EQ(parseGpuMode(""), std::nullopt);
}

TEST(GpuInfo, FindsGpuByNameIndexOrUuid)
{
	std::vector<GpuInfo> gpus(3);
	const unsigned int indexes[] = { 1, 2, 10 };
	for (size_t i = 0; i < gpus.size(); i++) {
		gpus[i].index = indexes[i];
		gpus[i].name = "gpu" + std::to_string(indexes[i]);
		gpus[i].uuid = "GPU-0000000" + std::to_string(i) +
			       "-aaaa-bbbb-cccc-ddddeeeeffff";
	}

	EXPECT_EQ(findGpu(gpus, "gpu10"), &gpus[2]);
	EXPECT_EQ(findGpu(gpus, "2"), &gpus[1]);
	EXPECT_EQ(findGpu(gpus, "GPU-00000000-aaaa-bbbb-cccc-ddddeeeeffff"), &gpus[0]);
	EXPECT_EQ(findGpu(gpus, "gpu-00000001-AAAA-BBBB-CCCC-DDDDEEEEFFFF"), &gpus[1]);

	EXPECT_EQ(findGpu(gpus, "gpu0"), nullptr);
	EXPECT_EQ(findGpu(gpus, "0"), nullptr);
	EXPECT_EQ(findGpu(gpus, "01"), nullptr);
	EXPECT_EQ(findGpu(gpus, "-1"), nullptr);
	EXPECT_EQ(findGpu(gpus, "GPU-00000009-aaaa-bbbb-cccc-ddddeeeeffff"), nullptr);
	EXPECT_EQ(findGpu(gpus, ""), nullptr);
	EXPECT_EQ(findGpu({}, "gpu1"), nullptr);
}

} /* namespace */
} /* namespace gpuslice */
