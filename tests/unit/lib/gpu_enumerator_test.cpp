/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for GPU enumeration over a fake sysfs tree */

#include <errno.h>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gpuslice/gpu_enumerator.h>
#include <gpuslice/gpu_info.h>

#include <gtest/gtest.h>

#include "fake_sysfs.h"

namespace gpuslice {
namespace {

using test::FakeSysfs;

class GpuEnumeratorTest : public ::testing::Test
{
protected:
	Result<std::vector<GpuInfo>> enumerate()
	{
		auto enumerator = GpuEnumerator::create(fake_.sysfsRoot());
		if (!enumerator)
			return enumerator.errorInfo();
		return (*enumerator)->enumerate();
	}

	std::string classPath(const std::string &relative) const
	{
		return (fake_.root() / "sys/class/gpuslice" / relative).string();
	}

	FakeSysfs fake_;
};

TEST_F(GpuEnumeratorTest, UsesSysfsBackendForFakeRoot)
{
	auto enumerator = GpuEnumerator::create(fake_.sysfsRoot());
	ASSERT_TRUE(enumerator.ok()) << enumerator.message();
	EXPECT_EQ((*enumerator)->backend(), GpuEnumerator::Backend::Sysfs);
}

TEST_F(GpuEnumeratorTest, RefusesUdevBackendForFakeRoot)
{
	auto enumerator = GpuEnumerator::create(fake_.sysfsRoot(),
						GpuEnumerator::Backend::Udev);
	ASSERT_FALSE(enumerator.ok());
	EXPECT_EQ(enumerator.error(), -EINVAL);
	EXPECT_EQ(enumerator.message(),
		  "Failed to create a udev GPU enumerator for '" + fake_.root().string() +
			  "': udev only sees the system root '/'");
}

TEST_F(GpuEnumeratorTest, UdevBackendWorksOnSystemRoot)
{
	if (!std::filesystem::exists("/sys/class"))
		GTEST_SKIP() << "/sys is not mounted";

	auto enumerator = GpuEnumerator::create(SysfsRoot(), GpuEnumerator::Backend::Udev);
	ASSERT_TRUE(enumerator.ok()) << enumerator.message();
	EXPECT_EQ((*enumerator)->backend(), GpuEnumerator::Backend::Udev);

	/* Host or VM: any GPUs present must come back well-formed and sorted. */
	auto gpus = (*enumerator)->enumerate();
	ASSERT_TRUE(gpus.ok()) << gpus.message();
	for (size_t i = 1; i < gpus->size(); i++)
		EXPECT_LT((*gpus)[i - 1].index, (*gpus)[i].index);
}

TEST_F(GpuEnumeratorTest, MissingClassDirectoryMeansNoGpus)
{
	auto gpus = enumerate();
	ASSERT_TRUE(gpus.ok()) << gpus.message();
	EXPECT_TRUE(gpus->empty());
}

TEST_F(GpuEnumeratorTest, ReadsEveryField)
{
	const std::filesystem::path dir = fake_.addGpu(3, "h100-80gb");

	auto gpus = enumerate();
	ASSERT_TRUE(gpus.ok()) << gpus.message();
	ASSERT_EQ(gpus->size(), 1u);

	const GpuInfo &gpu = gpus->front();
	EXPECT_EQ(gpu.name, "gpu3");
	EXPECT_EQ(gpu.index, 3u);
	EXPECT_EQ(gpu.sysfsPath, dir);
	EXPECT_EQ(gpu.backendDevice, "sim3");
	EXPECT_EQ(gpu.model, "h100-80gb");
	EXPECT_EQ(gpu.uuid, FakeSysfs::gpuUuid(3));
	EXPECT_EQ(gpu.smCount, 132u);
	EXPECT_EQ(gpu.memoryTotalMiB, 81920u);
	EXPECT_EQ(gpu.memoryUsedMiB, 3072u);
	EXPECT_EQ(gpu.copyEngines, 8u);
	EXPECT_EQ(gpu.decoders, 7u);
	EXPECT_EQ(gpu.vbiosVersion, "96.00.30.00.01");
	EXPECT_EQ(gpu.driverVersion, "0.1.0");
	EXPECT_EQ(gpu.mode, GpuMode::Graphics);
	EXPECT_FALSE(gpu.migCapable);
	EXPECT_EQ(gpu.devMajor, 241u);
	EXPECT_EQ(gpu.devMinor, 3u);
}

TEST_F(GpuEnumeratorTest, ReadsValuesWithoutTrailingNewline)
{
	fake_.addGpu(0, "a100-40gb");
	fake_.writeAttribute("gpu0", "sm_count", "108");
	fake_.writeAttribute("gpu0", "mig_capable", "1");

	auto gpus = enumerate();
	ASSERT_TRUE(gpus.ok()) << gpus.message();
	EXPECT_EQ(gpus->at(0).smCount, 108u);
	EXPECT_TRUE(gpus->at(0).migCapable);
}

TEST_F(GpuEnumeratorTest, SortsByNumericIndex)
{
	for (unsigned int index : { 10u, 2u, 1u, 0u })
		fake_.addGpu(index, "a100-80gb");

	auto gpus = enumerate();
	ASSERT_TRUE(gpus.ok()) << gpus.message();

	std::vector<std::string> names;
	for (const GpuInfo &gpu : *gpus)
		names.push_back(gpu.name);
	EXPECT_EQ(names, (std::vector<std::string>{ "gpu0", "gpu1", "gpu2", "gpu10" }));
}

TEST_F(GpuEnumeratorTest, SkipsClassEntriesThatAreNotGpus)
{
	fake_.addGpu(0, "a100-80gb");
	fake_.addClassEntry("gpu0-vf1");
	fake_.addClassEntry("gpu01");
	fake_.addClassEntry("control");

	auto gpus = enumerate();
	ASSERT_TRUE(gpus.ok()) << gpus.message();
	ASSERT_EQ(gpus->size(), 1u);
	EXPECT_EQ(gpus->at(0).name, "gpu0");
}

TEST_F(GpuEnumeratorTest, IgnoresUnknownAttributes)
{
	const std::filesystem::path dir = fake_.addGpu(0, "h100-80gb");
	fake_.writeAttribute("gpu0", "sriov_totalvfs", "16\n");
	fake_.writeAttribute("gpu0", "vgpu_mode", "not a number\n");
	std::filesystem::create_directories(dir / "scheduler");

	auto gpus = enumerate();
	ASSERT_TRUE(gpus.ok()) << gpus.message();
	EXPECT_EQ(gpus->size(), 1u);
}

TEST_F(GpuEnumeratorTest, GpuWithoutBackendHasEmptyBackendDevice)
{
	fake_.addGpuWithoutBackend(0, "a100-40gb");

	auto gpus = enumerate();
	ASSERT_TRUE(gpus.ok()) << gpus.message();
	ASSERT_EQ(gpus->size(), 1u);
	EXPECT_EQ(gpus->at(0).backendDevice, "");
	EXPECT_EQ(gpus->at(0).sysfsPath, fake_.root() / "sys/devices/virtual/gpuslice/gpu0");
}

TEST_F(GpuEnumeratorTest, MissingAttributeFailsNamingTheFile)
{
	fake_.addGpu(0, "a100-80gb");
	fake_.addGpu(1, "a100-80gb");
	fake_.removeAttribute("gpu1", "sm_count");

	auto gpus = enumerate();
	ASSERT_FALSE(gpus.ok());
	EXPECT_EQ(gpus.error(), -ENOENT);
	EXPECT_EQ(gpus.message(), "Failed to read '" + classPath("gpu1/sm_count") +
					  "': No such file or directory");
}

TEST_F(GpuEnumeratorTest, EveryRequiredAttributeIsChecked)
{
	const char *required[] = {
		"model", "uuid", "sm_count", "memory_total_mib", "memory_used_mib",
		"copy_engines", "decoders", "vbios_version", "driver_version",
		"mode", "mig_capable", "dev"
	};

	for (const char *attribute : required) {
		FakeSysfs fake;
		fake.addGpu(0, "a100-80gb");
		fake.removeAttribute("gpu0", attribute);

		auto enumerator = GpuEnumerator::create(fake.sysfsRoot());
		ASSERT_TRUE(enumerator.ok());
		auto gpus = (*enumerator)->enumerate();
		EXPECT_EQ(gpus.error(), -ENOENT) << attribute;
		EXPECT_NE(gpus.message().find("/gpu0/" + std::string(attribute) + "'"),
			  std::string::npos)
			<< gpus.message();
	}
}

struct MalformedCase {
	const char *attribute;
	const char *value;
	const char *reason;
};

class MalformedAttribute : public GpuEnumeratorTest,
			   public ::testing::WithParamInterface<MalformedCase>
{
};

TEST_P(MalformedAttribute, FailsNamingFileAndValue)
{
	const MalformedCase &param = GetParam();
	fake_.addGpu(0, "a100-80gb");
	fake_.writeAttribute("gpu0", param.attribute, std::string(param.value) + "\n");

	auto gpus = enumerate();
	ASSERT_FALSE(gpus.ok());
	EXPECT_EQ(gpus.error(), -EBADMSG);
	EXPECT_EQ(gpus.message(), "Failed to parse '" + classPath(std::string("gpu0/") + param.attribute) +
					  "': " + param.reason);
}

INSTANTIATE_TEST_SUITE_P(
	GpuEnumeratorTest, MalformedAttribute,
	::testing::Values(
		MalformedCase{ "sm_count", "12a", "'12a' is not an unsigned integer" },
		MalformedCase{ "sm_count", "-1", "'-1' is not an unsigned integer" },
		MalformedCase{ "sm_count", " 108", "' 108' is not an unsigned integer" },
		MalformedCase{ "sm_count", "0x6c", "'0x6c' is not an unsigned integer" },
		MalformedCase{ "sm_count", "0108", "'0108' is not an unsigned integer" },
		MalformedCase{ "sm_count", "", "'' is not an unsigned integer" },
		MalformedCase{ "copy_engines", "4294967296",
			       "'4294967296' is out of range (maximum 4294967295)" },
		MalformedCase{ "memory_total_mib", "18446744073709551616",
			       "'18446744073709551616' is not an unsigned integer" },
		MalformedCase{ "mode", "turbo",
			       "'turbo' is not a mode (expected 'compute' or 'graphics')" },
		MalformedCase{ "mig_capable", "yes",
			       "'yes' is not a boolean (expected 0 or 1)" },
		MalformedCase{ "uuid", "GPU-C0FFEE00-5A1C-4E00-8000-000000000000",
			       "'GPU-C0FFEE00-5A1C-4E00-8000-000000000000' is not a GPU UUID "
			       "(expected GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)" },
		MalformedCase{ "dev", "241",
			       "'241' is not a device number (expected MAJOR:MINOR)" },
		MalformedCase{ "model", "", "empty value" }));

} /* namespace */
} /* namespace gpuslice */
