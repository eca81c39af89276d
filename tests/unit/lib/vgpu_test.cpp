/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for VgpuEnumerator against a fake sysfs tree */

#include <errno.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gpuslice/vgpu.h>

#include <gtest/gtest.h>

#include "fake_sysfs.h"
#include "fake_vgpu.h"

namespace gpuslice {
namespace {

using test::FakeSysfs;
using test::FakeVgpus;

class VgpuTest : public ::testing::Test
{
protected:
	/* gpu0 with four VFs and gpu1 with two. */
	void addVfs()
	{
		gpu0_ = fake_.addGpu(0, "h100-80gb");
		gpu1_ = fake_.addGpu(1, "h100-80gb");
		for (unsigned int vf = 0; vf < 4; vf++)
			vgpus_.addVf(gpu0_, "gpu0", vf);
		for (unsigned int vf = 0; vf < 2; vf++)
			vgpus_.addVf(gpu1_, "gpu1", vf, 2);
	}

	FakeSysfs fake_;
	FakeVgpus vgpus_{ fake_ };
	std::filesystem::path gpu0_, gpu1_;
};

TEST(VgpuStateTest, RoundTrips)
{
	for (VgpuState state : { VgpuState::Created, VgpuState::Open, VgpuState::Faulted })
		EXPECT_EQ(parseVgpuState(toString(state)), state);
	EXPECT_FALSE(parseVgpuState("Open"));
	EXPECT_FALSE(parseVgpuState(""));
}

TEST(VgpuUuidTest, AcceptsOnlyUuids)
{
	EXPECT_TRUE(isMdevUuid("67730000-0000-4000-8000-000000000001"));
	EXPECT_TRUE(isMdevUuid("67730000-0000-4000-8000-00000000000A"));
	EXPECT_FALSE(isMdevUuid("67730000-0000-4000-8000-0000000000011"));
	EXPECT_FALSE(isMdevUuid("67730000_0000-4000-8000-000000000001"));
	EXPECT_FALSE(isMdevUuid("6773000g-0000-4000-8000-000000000001"));
	EXPECT_FALSE(isMdevUuid(""));
}

TEST_F(VgpuTest, NoMdevBusIsAnEmptyList)
{
	VgpuEnumerator enumerator(fake_.sysfsRoot());

	Result<std::vector<VgpuInfo>> vgpus = enumerator.vgpus();
	ASSERT_TRUE(vgpus) << vgpus.message();
	EXPECT_TRUE(vgpus->empty());

	Result<std::vector<VgpuType>> types = enumerator.types("gpu0");
	ASSERT_TRUE(types) << types.message();
	EXPECT_TRUE(types->empty());
}

TEST_F(VgpuTest, ListsVgpusSortedByGpuVfAndUuid)
{
	addVfs();
	vgpus_.addVgpu(FakeVgpus::uuid(4), "gpu1", 0, 27, 0);
	vgpus_.addVgpu(FakeVgpus::uuid(3), "gpu0", 2, 21, 2, "faulted");
	vgpus_.addVgpu(FakeVgpus::uuid(1), "gpu0", 0, 21, 0, "open");
	vgpus_.addVgpu(FakeVgpus::uuid(2), "gpu0", 1, 21, 1);
	vgpus_.addForeignMdev("11111111-2222-3333-4444-555555555555");

	VgpuEnumerator enumerator(fake_.sysfsRoot());
	Result<std::vector<VgpuInfo>> vgpus = enumerator.vgpus();
	ASSERT_TRUE(vgpus) << vgpus.message();
	ASSERT_EQ(vgpus->size(), 4u);

	EXPECT_EQ((*vgpus)[0].uuid, FakeVgpus::uuid(1));
	EXPECT_EQ((*vgpus)[1].uuid, FakeVgpus::uuid(2));
	EXPECT_EQ((*vgpus)[2].uuid, FakeVgpus::uuid(3));
	EXPECT_EQ((*vgpus)[3].uuid, FakeVgpus::uuid(4));

	const VgpuInfo &v = (*vgpus)[1];
	EXPECT_EQ(v.gpu, "gpu0");
	EXPECT_EQ(v.vf, "gpu0-vf1");
	EXPECT_EQ(v.typeId, 21u);
	EXPECT_EQ(v.mdevType(), "gpuslice-21");
	EXPECT_EQ(v.typeName, "H100-4C");
	EXPECT_EQ(v.framebufferSize, 4096ULL << 20);
	EXPECT_EQ(v.framebufferOffset, 4096ULL << 20);
	EXPECT_EQ(v.state, VgpuState::Created);
	EXPECT_EQ(v.fences, 3u);
	EXPECT_EQ(v.busyNs, 20001234u);
	EXPECT_EQ(v.sysfsPath, gpu0_ / "gpu0-vf1" / FakeVgpus::uuid(2));

	EXPECT_EQ((*vgpus)[0].state, VgpuState::Open);
	EXPECT_EQ((*vgpus)[2].state, VgpuState::Faulted);
	EXPECT_EQ((*vgpus)[2].faults, 1u);
	EXPECT_EQ((*vgpus)[3].typeName, "H100-40C");
}

TEST_F(VgpuTest, ReportsMissingAttribute)
{
	addVfs();
	vgpus_.addVgpu(FakeVgpus::uuid(1), "gpu0", 0, 21, 0);
	vgpus_.removeVgpuAttribute(FakeVgpus::uuid(1), "busy_ns");

	Result<std::vector<VgpuInfo>> vgpus = VgpuEnumerator(fake_.sysfsRoot()).vgpus();
	ASSERT_FALSE(vgpus);
	EXPECT_EQ(vgpus.error(), -ENOENT);
	EXPECT_EQ(fake_.scrub(vgpus.message()),
		  "Failed to read '@ROOT@/sys/bus/mdev/devices/" + FakeVgpus::uuid(1) +
			  "/gpuslice/busy_ns': No such file or directory");
}

TEST_F(VgpuTest, ReportsMalformedAttributes)
{
	addVfs();
	vgpus_.addVgpu(FakeVgpus::uuid(1), "gpu0", 0, 21, 0);
	const std::string dir = "@ROOT@/sys/bus/mdev/devices/" + FakeVgpus::uuid(1) + "/gpuslice/";
	VgpuEnumerator enumerator(fake_.sysfsRoot());

	vgpus_.writeVgpuAttribute(FakeVgpus::uuid(1), "state", "running\n");
	Result<std::vector<VgpuInfo>> vgpus = enumerator.vgpus();
	ASSERT_FALSE(vgpus);
	EXPECT_EQ(vgpus.error(), -EBADMSG);
	EXPECT_EQ(fake_.scrub(vgpus.message()),
		  "Failed to parse '" + dir + "state': 'running' is not a vGPU state "
		  "(expected 'created', 'open' or 'faulted')");

	vgpus_.writeVgpuAttribute(FakeVgpus::uuid(1), "state", "open\n");
	vgpus_.writeVgpuAttribute(FakeVgpus::uuid(1), "framebuffer_size", "-4096\n");
	vgpus = enumerator.vgpus();
	ASSERT_FALSE(vgpus);
	EXPECT_EQ(fake_.scrub(vgpus.message()),
		  "Failed to parse '" + dir + "framebuffer_size': '-4096' is not an "
		  "unsigned integer");

	vgpus_.writeVgpuAttribute(FakeVgpus::uuid(1), "framebuffer_size", "4096\n");
	vgpus_.writeVgpuAttribute(FakeVgpus::uuid(1), "vf", "vf0\n");
	vgpus = enumerator.vgpus();
	ASSERT_FALSE(vgpus);
	EXPECT_EQ(fake_.scrub(vgpus.message()),
		  "Failed to parse '" + dir + "vf': 'vf0' is not a VF name (expected gpuN-vfM)");
}

TEST_F(VgpuTest, ListsVirtualFunctionsOfOneGpu)
{
	addVfs();
	/* gpu10's VFs must not count as gpu1's. */
	std::filesystem::path gpu10 = fake_.addGpu(10, "h100-80gb");
	vgpus_.addVf(gpu10, "gpu10", 0);
	vgpus_.addVf(gpu0_, "gpu0", 10);

	VgpuEnumerator enumerator(fake_.sysfsRoot());
	Result<std::vector<std::string>> vfs = enumerator.virtualFunctions("gpu0");
	ASSERT_TRUE(vfs) << vfs.message();
	EXPECT_EQ(*vfs, (std::vector<std::string>{ "gpu0-vf0", "gpu0-vf1", "gpu0-vf2",
						   "gpu0-vf3", "gpu0-vf10" }));

	vfs = enumerator.virtualFunctions("gpu1");
	ASSERT_TRUE(vfs);
	EXPECT_EQ(*vfs, (std::vector<std::string>{ "gpu1-vf0", "gpu1-vf1" }));

	vfs = enumerator.virtualFunctions("gpu7");
	ASSERT_TRUE(vfs);
	EXPECT_TRUE(vfs->empty());
}

TEST_F(VgpuTest, TypesTakeTheLargestAvailableOverVfs)
{
	addVfs();
	/* Two vGPUs exist: their VFs report 0, the free ones what still fits. */
	for (const std::string vf : { "gpu0-vf0", "gpu0-vf1" })
		vgpus_.setAvailable(vf, 21, 0);
	for (const std::string vf : { "gpu0-vf2", "gpu0-vf3" })
		vgpus_.setAvailable(vf, 21, 2);

	Result<std::vector<VgpuType>> types = VgpuEnumerator(fake_.sysfsRoot()).types("gpu0");
	ASSERT_TRUE(types) << types.message();
	ASSERT_EQ(types->size(), 8u);

	const VgpuType &t = (*types)[0];
	EXPECT_EQ(t.gpu, "gpu0");
	EXPECT_EQ(t.id, 21u);
	EXPECT_EQ(t.mdevType(), "gpuslice-21");
	EXPECT_EQ(t.name, "H100-4C");
	EXPECT_EQ(t.deviceApi, "vfio-pci");
	EXPECT_EQ(t.framebufferMiB, 4096u);
	EXPECT_EQ(t.maxInstances, 16u);
	EXPECT_EQ(t.available, 2u);
	EXPECT_EQ(t.virtualFunctions, 4u);

	EXPECT_EQ((*types)[7].id, 28u);
	EXPECT_EQ((*types)[7].framebufferMiB, 81920u);
	EXPECT_EQ((*types)[7].maxInstances, 1u);
	EXPECT_EQ((*types)[7].available, 1u);
}

TEST_F(VgpuTest, TypesReportMalformedDescription)
{
	addVfs();
	const std::filesystem::path desc = fake_.root() /
		"sys/class/mdev_bus/gpu1-vf1/mdev_supported_types/gpuslice-23/description";
	{
		std::ofstream file(desc, std::ios::trunc);
		file << "num_heads=1, max_instance=8\n";
	}

	Result<std::vector<VgpuType>> types = VgpuEnumerator(fake_.sysfsRoot()).types("gpu1");
	ASSERT_FALSE(types);
	EXPECT_EQ(types.error(), -EBADMSG);
	EXPECT_EQ(fake_.scrub(types.message()),
		  "Failed to parse '@ROOT@/sys/class/mdev_bus/gpu1-vf1/mdev_supported_types/"
		  "gpuslice-23/description': 'num_heads=1, max_instance=8' has no "
		  "framebuffer=<MiB>M (expected NVIDIA's format)");
}

} /* namespace */
} /* namespace gpuslice */
