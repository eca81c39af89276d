/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for 'gpuslice vgpu list|types', run in-process against a fake sysfs */

#include "cli.h"

#include <filesystem>
#include <sstream>
#include <stdlib.h>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fake_sysfs.h"
#include "fake_vgpu.h"
#include "golden.h"

namespace gpuslice::tools {
namespace {

using test::expectGolden;
using test::FakeSysfs;
using test::FakeVgpus;

struct Output {
	int status;
	std::string out;
	std::string err;
};

class VgpuCliTest : public ::testing::Test
{
protected:
	Output run(std::vector<std::string> args)
	{
		std::ostringstream out, err;
		Cli cli(out, err, { fake_.root().string() });
		int status = cli.run(args);
		return { status, fake_.scrub(out.str()), fake_.scrub(err.str()) };
	}

	/*
	 * The demo's state: gpu0 with four VFs and four H100-4C vGPUs (so no
	 * more 4C fit), gpu1 with two VFs and one H100-40C, gpu2 without VFs.
	 */
	void addDemo()
	{
		std::filesystem::path gpu0 = fake_.addGpu(0, "h100-80gb");
		std::filesystem::path gpu1 = fake_.addGpu(1, "h100-80gb");
		fake_.addGpu(2, "h100-80gb");

		for (unsigned int vf = 0; vf < 4; vf++) {
			vgpus_.addVf(gpu0, "gpu0", vf, 0);
			vgpus_.addVgpu(FakeVgpus::uuid(vf + 1), "gpu0", vf, 21, vf,
				       vf == 2 ? "open" : "created");
		}
		vgpus_.addVf(gpu1, "gpu1", 0, 0);
		vgpus_.addVf(gpu1, "gpu1", 1, 1);
		vgpus_.addVgpu(FakeVgpus::uuid(0x10), "gpu1", 0, 27, 1);
		vgpus_.addForeignMdev("11111111-2222-3333-4444-555555555555");
	}

	FakeSysfs fake_;
	FakeVgpus vgpus_{ fake_ };
};

TEST_F(VgpuCliTest, ListPrintsTable)
{
	addDemo();
	Output result = run({ "vgpu", "list" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.err, "");
	expectGolden("vgpu_list.txt", result.out);
}

TEST_F(VgpuCliTest, ListPrintsJsonArray)
{
	addDemo();
	Output result = run({ "vgpu", "list", "--json" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.err, "");
	expectGolden("vgpu_list.json", result.out);

	/* Ordered, to check the key order too. */
	nlohmann::ordered_json json = nlohmann::ordered_json::parse(result.out);
	ASSERT_TRUE(json.is_array());
	ASSERT_EQ(json.size(), 5u);
	EXPECT_EQ(json[4]["uuid"], FakeVgpus::uuid(0x10));
	EXPECT_EQ(json[4]["gpu"], "gpu1");
	EXPECT_EQ(json[4]["vf"], "gpu1-vf0");
	EXPECT_EQ(json[4]["mdev_type"], "gpuslice-27");
	EXPECT_EQ(json[4]["type"], 27);
	EXPECT_EQ(json[4]["type_name"], "H100-40C");
	EXPECT_EQ(json[4]["framebuffer_offset"], 40960ULL << 20);
	EXPECT_EQ(json[4]["framebuffer_size"], 40960ULL << 20);
	EXPECT_EQ(json[2]["state"], "open");

	std::vector<std::string> keys;
	for (const auto &item : json[0].items())
		keys.push_back(item.key());
	EXPECT_EQ(keys, (std::vector<std::string>{
				"uuid", "gpu", "vf", "mdev_type", "type", "type_name",
				"framebuffer_offset", "framebuffer_size", "state",
				"fences", "faults", "busy_ns" }));
}

TEST_F(VgpuCliTest, ListWithoutVgpusIsNotAnError)
{
	fake_.addGpu(0, "h100-80gb");
	Output result = run({ "vgpu", "list" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.out, "");
	EXPECT_EQ(result.err, "No gpuslice vGPUs found.\n"
			      "Hint: create one with: mdevctl start -u UUID -p gpuN-vfM "
			      "-t gpuslice-ID (types: gpuslice vgpu types)\n");

	Output json = run({ "vgpu", "list", "--json" });
	EXPECT_EQ(json.status, EXIT_SUCCESS);
	EXPECT_EQ(json.out, "[]\n");
	EXPECT_EQ(json.err, "");
}

TEST_F(VgpuCliTest, ListReportsMissingAttribute)
{
	addDemo();
	vgpus_.removeVgpuAttribute(FakeVgpus::uuid(3), "type_name");

	Output result = run({ "vgpu", "list" });
	EXPECT_EQ(result.status, EXIT_FAILURE);
	EXPECT_EQ(result.out, "");
	EXPECT_EQ(result.err, "gpuslice: Failed to read '@ROOT@/sys/bus/mdev/devices/" +
				      FakeVgpus::uuid(3) +
				      "/gpuslice/type_name': No such file or directory\n");
}

TEST_F(VgpuCliTest, TypesOfEveryGpuWithVfs)
{
	addDemo();
	Output result = run({ "vgpu", "types" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.err, "");
	expectGolden("vgpu_types.txt", result.out);
}

TEST_F(VgpuCliTest, TypesOfOneGpuAsJson)
{
	addDemo();
	Output result = run({ "vgpu", "types", "--gpu", "gpu1", "--json" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.err, "");
	expectGolden("vgpu_types_gpu1.json", result.out);

	nlohmann::json json = nlohmann::json::parse(result.out);
	ASSERT_EQ(json.size(), 8u);
	for (const auto &type : json)
		EXPECT_EQ(type["gpu"], "gpu1");
	EXPECT_EQ(json[0]["mdev_type"], "gpuslice-21");
	EXPECT_EQ(json[0]["name"], "H100-4C");
	EXPECT_EQ(json[0]["framebuffer_mib"], 4096);
	EXPECT_EQ(json[0]["max_instances"], 16);
	/* vf0 holds a vGPU (0), vf1 is free (1): one more fits, not 1 + 0. */
	EXPECT_EQ(json[0]["available_instances"], 1);
	EXPECT_EQ(json[0]["virtual_functions"], 2);

	/* The GPU by index and by UUID. */
	EXPECT_EQ(run({ "vgpu", "types", "-g", "1", "--json" }).out, result.out);
	EXPECT_EQ(run({ "vgpu", "types", "--json", "--gpu", FakeSysfs::gpuUuid(1) }).out,
		  result.out);
}

TEST_F(VgpuCliTest, TypesOfGpuWithoutVfs)
{
	addDemo();
	Output result = run({ "vgpu", "types", "--gpu", "gpu2" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.out, "");
	EXPECT_EQ(result.err, "No vGPU types: gpu2 has no SR-IOV virtual functions.\n"
			      "Hint: enable them with: echo 4 > "
			      "/sys/class/gpuslice/gpu2/sriov_numvfs\n");

	Output json = run({ "vgpu", "types", "--gpu", "gpu2", "--json" });
	EXPECT_EQ(json.status, EXIT_SUCCESS);
	EXPECT_EQ(json.out, "[]\n");
}

TEST_F(VgpuCliTest, TypesWithoutGpus)
{
	Output result = run({ "vgpu", "types" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.out, "");
	EXPECT_EQ(result.err, "No gpuslice GPUs found.\n"
			      "Hint: is the gpuslice module loaded? Try: modprobe gpuslice_sim "
			      "devices=h100-80gb\n");
}

TEST_F(VgpuCliTest, TypesReportUnknownGpu)
{
	addDemo();
	Output result = run({ "vgpu", "types", "--gpu", "gpu7" });
	EXPECT_EQ(result.status, EXIT_FAILURE);
	EXPECT_EQ(result.out, "");
	EXPECT_EQ(result.err, "gpuslice: Failed to find GPU 'gpu7': No such device\n"
			      "Hint: name a GPU as gpuN, by its index N or by its UUID; "
			      "list them with: gpuslice gpu list\n");
}

TEST_F(VgpuCliTest, TypesNeedTheGpuArgument)
{
	Output result = run({ "vgpu", "types", "--gpu" });
	EXPECT_EQ(result.status, EXIT_FAILURE);
	EXPECT_EQ(result.out, "");
	EXPECT_NE(result.err.find("gpuslice: Failed to parse 'vgpu types' arguments: "),
		  std::string::npos)
		<< result.err;
	EXPECT_NE(result.err.find("Hint: run 'gpuslice help vgpu types' for usage\n"),
		  std::string::npos);
}

TEST_F(VgpuCliTest, HelpIsTheSameEverywhere)
{
	for (const std::string verb : { "list", "types" }) {
		Output result = run({ "help", "vgpu", verb });
		EXPECT_EQ(result.status, EXIT_SUCCESS);
		EXPECT_EQ(result.err, "");
		expectGolden("help_vgpu_" + verb + ".txt", result.out);
		EXPECT_EQ(run({ "vgpu", verb, "--help" }).out, result.out);
		EXPECT_EQ(run({ "--help", "vgpu", verb }).out, result.out);
	}
}

} /* namespace */
} /* namespace gpuslice::tools */
