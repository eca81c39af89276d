/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for SysfsRoot and the sysfs read/write helpers */

#include "gpuslice/internal/sysfs.h"

#include <errno.h>
#include <filesystem>
#include <string>

#include <gpuslice/sysfs_root.h>

#include <gtest/gtest.h>

#include "fake_sysfs.h"

namespace gpuslice {
namespace {

using test::FakeSysfs;

TEST(SysfsRoot, DefaultsToSystemRoot)
{
	EXPECT_EQ(SysfsRoot().root(), "/");
	EXPECT_TRUE(SysfsRoot().isSystemRoot());
	EXPECT_TRUE(SysfsRoot("").isSystemRoot());
	EXPECT_TRUE(SysfsRoot("//").isSystemRoot());
	EXPECT_TRUE(SysfsRoot("/.").isSystemRoot());
	EXPECT_FALSE(SysfsRoot("/tmp/fake").isSystemRoot());
}

TEST(SysfsRoot, DerivesEveryPathFromRoot)
{
	SysfsRoot root("/tmp/fake");
	EXPECT_EQ(root.gpuClass(), "/tmp/fake/sys/class/gpuslice");
	EXPECT_EQ(root.gpu("gpu3"), "/tmp/fake/sys/class/gpuslice/gpu3");
	EXPECT_EQ(root.gpuControlNode("gpu3"), "/tmp/fake/dev/gpuslice/gpu3");
	EXPECT_EQ(root.simBus(), "/tmp/fake/sys/bus/gpuslice_sim");
	EXPECT_EQ(root.simNewDevice(), "/tmp/fake/sys/bus/gpuslice_sim/new_device");
	EXPECT_EQ(root.simDelDevice(), "/tmp/fake/sys/bus/gpuslice_sim/del_device");
	EXPECT_EQ(root.simDevices(), "/tmp/fake/sys/bus/gpuslice_sim/devices");
	EXPECT_EQ(root.mdevBus(), "/tmp/fake/sys/class/mdev_bus");

	EXPECT_EQ(SysfsRoot().gpuClass(), "/sys/class/gpuslice");
}

class SysfsHelpers : public ::testing::Test
{
protected:
	FakeSysfs fake_;
};

TEST_F(SysfsHelpers, ReadStripsOneTrailingNewline)
{
	fake_.addGpu(0, "h100-80gb");
	fake_.writeAttribute("gpu0", "model", "h100-80gb\n");
	fake_.writeAttribute("gpu0", "vbios_version", "1.2\n\n");
	fake_.writeAttribute("gpu0", "uuid", "no-newline");

	const std::filesystem::path dir = fake_.root() / "sys/class/gpuslice/gpu0";
	EXPECT_EQ(sysfs::readAttribute(dir / "model").value(), "h100-80gb");
	EXPECT_EQ(sysfs::readAttribute(dir / "vbios_version").value(), "1.2\n");
	EXPECT_EQ(sysfs::readAttribute(dir / "uuid").value(), "no-newline");
}

TEST_F(SysfsHelpers, ReadReportsMissingFileByPath)
{
	const std::filesystem::path path = fake_.root() / "absent";
	Result<std::string> value = sysfs::readAttribute(path);
	ASSERT_FALSE(value.ok());
	EXPECT_EQ(value.error(), -ENOENT);
	EXPECT_EQ(value.message(),
		  "Failed to read '" + path.string() + "': No such file or directory");
}

TEST_F(SysfsHelpers, ReadRefusesOversizedFiles)
{
	fake_.addGpu(0, "h100-80gb");
	fake_.writeAttribute("gpu0", "model", std::string(70 * 1024, 'x'));

	Result<std::string> value =
		sysfs::readAttribute(fake_.root() / "sys/class/gpuslice/gpu0/model");
	EXPECT_EQ(value.error(), -EFBIG);
}

TEST_F(SysfsHelpers, WriteWritesExactBytes)
{
	fake_.addSimBus();
	EXPECT_EQ(sysfs::writeAttribute(fake_.sysfsRoot().simNewDevice(), "7 a100-80gb\n"), 0);
	EXPECT_EQ(fake_.readFile(fake_.sysfsRoot().simNewDevice()), "7 a100-80gb\n");
}

TEST_F(SysfsHelpers, WriteReturnsNegativeErrno)
{
	EXPECT_EQ(sysfs::writeAttribute(fake_.root() / "absent/file", "1"), -ENOENT);

	/* A write the "kernel" rejects: /dev/full fails every write. */
	std::filesystem::create_symlink("/dev/full", fake_.root() / "full");
	EXPECT_EQ(sysfs::writeAttribute(fake_.root() / "full", "1"), -ENOSPC);
}

TEST_F(SysfsHelpers, ReadLinkNameReturnsTargetBasename)
{
	fake_.addGpu(4, "a100-40gb");
	Result<std::string> name =
		sysfs::readLinkName(fake_.root() / "sys/class/gpuslice/gpu4/device");
	ASSERT_TRUE(name.ok()) << name.message();
	EXPECT_EQ(*name, "sim4");

	EXPECT_EQ(sysfs::readLinkName(fake_.root() / "absent").error(), -ENOENT);
}

} /* namespace */
} /* namespace gpuslice */
