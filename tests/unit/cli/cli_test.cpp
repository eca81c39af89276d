/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for the gpuslice CLI, run in-process against a fake sysfs */

#include "cli.h"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdlib.h>
#include <string>
#include <vector>

#include <gpuslice/version.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "fake_sysfs.h"
#include "golden.h"

namespace gpuslice::tools {
namespace {

using test::expectGolden;
using test::FakeSysfs;

constexpr const char *kModuleHint =
	"Hint: is the gpuslice module loaded? Try: modprobe gpuslice_sim devices=h100-80gb\n";

struct Output {
	int status;
	std::string out;
	std::string err;
};

class CliTest : public ::testing::Test
{
protected:
	Output run(std::vector<std::string> args)
	{
		return runWithRoot(fake_.root().string(), std::move(args));
	}

	Output runWithRoot(const std::string &root, std::vector<std::string> args)
	{
		std::ostringstream out, err;
		Cli cli(out, err, { root });
		int status = cli.run(args);
		return { status, fake_.scrub(out.str()), fake_.scrub(err.str()) };
	}

	/* Three GPUs of mixed models, created out of order. */
	void addGpus()
	{
		fake_.addGpu(10, "a100-40gb");
		fake_.addGpu(0, "h100-80gb");
		fake_.addGpu(3, "a100-80gb");
	}

	FakeSysfs fake_;
};

TEST_F(CliTest, GpuListPrintsTable)
{
	addGpus();
	Output result = run({ "gpu", "list" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.err, "");
	expectGolden("gpu_list.txt", result.out);
}

TEST_F(CliTest, GpuListPrintsJsonArray)
{
	addGpus();
	Output result = run({ "gpu", "list", "--json" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.err, "");
	expectGolden("gpu_list.json", result.out);

	nlohmann::json json = nlohmann::json::parse(result.out);
	ASSERT_TRUE(json.is_array());
	ASSERT_EQ(json.size(), 3u);
	EXPECT_EQ(json[0]["name"], "gpu0");
	EXPECT_EQ(json[1]["name"], "gpu3");
	EXPECT_EQ(json[2]["name"], "gpu10");
	EXPECT_EQ(json[2]["index"], 10);
	EXPECT_EQ(json[2]["model"], "a100-40gb");
	EXPECT_EQ(json[2]["uuid"], FakeSysfs::gpuUuid(10));
	EXPECT_EQ(json[2]["sm_count"], 108);
	EXPECT_EQ(json[2]["memory_total_mib"], 40960);
	EXPECT_EQ(json[2]["memory_used_mib"], 10240);
	EXPECT_EQ(json[2]["copy_engines"], 7);
	EXPECT_EQ(json[2]["decoders"], 5);
	EXPECT_EQ(json[2]["mode"], "compute");
	EXPECT_EQ(json[2]["mig_capable"], true);
	EXPECT_EQ(json[1]["mig_capable"], false);
	EXPECT_EQ(json[2]["dev"], "241:10");
	EXPECT_EQ(json[2]["device"], "sim10");
}

TEST_F(CliTest, GpuListWithoutGpusIsNotAnError)
{
	Output result = run({ "gpu", "list" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.out, "");
	EXPECT_EQ(result.err, std::string("No gpuslice GPUs found.\n") + kModuleHint);

	Output json = run({ "gpu", "list", "--json" });
	EXPECT_EQ(json.status, EXIT_SUCCESS);
	EXPECT_EQ(json.out, "[]\n");
	EXPECT_EQ(json.err, "");
}

TEST_F(CliTest, GpuListReportsMissingAttribute)
{
	addGpus();
	fake_.removeAttribute("gpu3", "uuid");

	Output result = run({ "gpu", "list" });
	EXPECT_EQ(result.status, EXIT_FAILURE);
	EXPECT_EQ(result.out, "");
	EXPECT_EQ(result.err, "gpuslice: Failed to read '@ROOT@/sys/class/gpuslice/gpu3/uuid': "
			      "No such file or directory\n");
}

TEST_F(CliTest, GpuListReportsMalformedAttribute)
{
	addGpus();
	fake_.writeAttribute("gpu10", "memory_total_mib", "40 GiB\n");

	Output result = run({ "gpu", "list", "--json" });
	EXPECT_EQ(result.status, EXIT_FAILURE);
	EXPECT_EQ(result.out, "");
	EXPECT_EQ(result.err, "gpuslice: Failed to parse "
			      "'@ROOT@/sys/class/gpuslice/gpu10/memory_total_mib': "
			      "'40 GiB' is not an unsigned integer\n");
}

TEST_F(CliTest, GpuShowPrintsFields)
{
	addGpus();
	Output result = run({ "gpu", "show", "gpu3" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.err, "");
	expectGolden("gpu_show.txt", result.out);
}

TEST_F(CliTest, GpuShowAcceptsIndexAndUuid)
{
	addGpus();
	Output byName = run({ "gpu", "show", "gpu3" });
	Output byIndex = run({ "gpu", "show", "3" });
	Output byUuid = run({ "gpu", "show", FakeSysfs::gpuUuid(3) });

	ASSERT_EQ(byName.status, EXIT_SUCCESS);
	EXPECT_EQ(byIndex.status, EXIT_SUCCESS);
	EXPECT_EQ(byUuid.status, EXIT_SUCCESS);
	EXPECT_EQ(byIndex.out, byName.out);
	EXPECT_EQ(byUuid.out, byName.out);
}

TEST_F(CliTest, GpuShowPrintsJsonObject)
{
	addGpus();
	Output result = run({ "gpu", "show", "--json", "gpu0" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	expectGolden("gpu_show.json", result.out);

	nlohmann::json json = nlohmann::json::parse(result.out);
	ASSERT_TRUE(json.is_object());
	EXPECT_EQ(json["name"], "gpu0");
	EXPECT_EQ(json["index"], 0);
	EXPECT_EQ(json["model"], "h100-80gb");
	EXPECT_EQ(json["sm_count"], 132);
	EXPECT_EQ(json["copy_engines"], 8);
	EXPECT_EQ(json["decoders"], 7);
	EXPECT_EQ(json["vbios_version"], "96.00.30.00.01");
	EXPECT_EQ(json["driver_version"], "0.1.0");

	std::vector<std::string> keys;
	for (const auto &item : json.items())
		keys.push_back(item.key());
	std::sort(keys.begin(), keys.end());
	EXPECT_EQ(keys, (std::vector<std::string>{
				"copy_engines", "decoders", "dev", "device",
				"driver_version", "index", "memory_total_mib",
				"memory_used_mib", "mig_capable", "mode", "model",
				"name", "sm_count", "uuid", "vbios_version" }));
}

TEST_F(CliTest, GpuShowReportsUnknownGpu)
{
	addGpus();
	Output result = run({ "gpu", "show", "gpu7" });
	EXPECT_EQ(result.status, EXIT_FAILURE);
	EXPECT_EQ(result.out, "");
	EXPECT_EQ(result.err, "gpuslice: Failed to find GPU 'gpu7': No such device\n"
			      "Hint: name a GPU as gpuN, by its index N or by its UUID; "
			      "list them with: gpuslice gpu list\n");

	FakeSysfs empty;
	Output none = runWithRoot(empty.root().string(), { "gpu", "show", "0" });
	EXPECT_EQ(none.status, EXIT_FAILURE);
	EXPECT_EQ(none.err, std::string("gpuslice: Failed to find GPU '0': No such device\n") +
				    kModuleHint);
}

TEST_F(CliTest, SysfsRootOptionOverridesEnvironment)
{
	FakeSysfs other;
	other.addGpu(5, "h100-80gb");

	Output global = run({ "--sysfs-root", other.root().string(), "gpu", "list", "--json" });
	ASSERT_EQ(global.status, EXIT_SUCCESS) << global.err;
	EXPECT_EQ(nlohmann::json::parse(global.out).at(0)["name"], "gpu5");

	Output local = run({ "gpu", "list", "--json", "--sysfs-root=" + other.root().string() });
	ASSERT_EQ(local.status, EXIT_SUCCESS) << local.err;
	EXPECT_EQ(local.out, global.out);

	Output env = run({ "gpu", "list", "--json" });
	EXPECT_EQ(env.out, "[]\n");
}

TEST_F(CliTest, PrintsVersion)
{
	for (const char *option : { "--version", "-V" }) {
		Output result = run({ option });
		EXPECT_EQ(result.status, EXIT_SUCCESS);
		EXPECT_EQ(result.out, std::string("gpuslice ") + GPUSLICE_VERSION + "\n");
		EXPECT_EQ(result.err, "");
	}
}

TEST_F(CliTest, PrintsHelp)
{
	Output result = run({ "help" });
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.err, "");
	expectGolden("help.txt", result.out);

	EXPECT_EQ(run({ "--help" }).out, result.out);
	EXPECT_EQ(run({ "-h" }).out, result.out);
	EXPECT_EQ(result.out.find("sysfs-root"), std::string::npos);
}

class CommandHelp : public CliTest,
		    public ::testing::WithParamInterface<std::vector<std::string>>
{
};

TEST_P(CommandHelp, IsTheSameEverywhere)
{
	const std::vector<std::string> &command = GetParam();

	std::vector<std::string> helpWord = { "help" };
	helpWord.insert(helpWord.end(), command.begin(), command.end());
	std::vector<std::string> helpOption = command;
	helpOption.push_back("--help");
	std::vector<std::string> globalOption = { "--help" };
	globalOption.insert(globalOption.end(), command.begin(), command.end());

	Output result = run(helpWord);
	EXPECT_EQ(result.status, EXIT_SUCCESS);
	EXPECT_EQ(result.err, "");
	expectGolden("help_" + command[0] + "_" + command[1] + ".txt", result.out);

	EXPECT_EQ(run(helpOption).out, result.out);
	EXPECT_EQ(run(globalOption).out, result.out);
}

INSTANTIATE_TEST_SUITE_P(
	CliTest, CommandHelp,
	::testing::Values(std::vector<std::string>{ "gpu", "list" },
			  std::vector<std::string>{ "gpu", "show" },
			  std::vector<std::string>{ "sim", "create" },
			  std::vector<std::string>{ "sim", "delete" }),
	[](const auto &param) { return param.param[0] + "_" + param.param[1]; });

struct UsageCase {
	std::vector<std::string> args;
	std::string err;
};

class CliUsage : public CliTest, public ::testing::WithParamInterface<UsageCase>
{
};

TEST_P(CliUsage, FailsWithExactMessage)
{
	Output result = run(GetParam().args);
	EXPECT_EQ(result.status, EXIT_FAILURE);
	EXPECT_EQ(result.out, "");
	EXPECT_EQ(result.err, GetParam().err);
}

const std::string kCommandsHint = "Hint: run 'gpuslice help' for a list of commands\n";

INSTANTIATE_TEST_SUITE_P(
	CliTest, CliUsage,
	::testing::Values(
		UsageCase{ {}, "gpuslice: Failed to parse arguments: missing command\n" + kCommandsHint },
		UsageCase{ { "frob" }, "gpuslice: Failed to run 'frob': unknown command\n" + kCommandsHint },
		UsageCase{ { "gpu" }, "gpuslice: Failed to run 'gpu': unknown command\n" + kCommandsHint },
		UsageCase{ { "gpu", "frob" },
			   "gpuslice: Failed to run 'gpu frob': unknown command\n" + kCommandsHint },
		UsageCase{ { "help", "gpu" },
			   "gpuslice: Failed to show help for 'gpu': unknown command\n" + kCommandsHint },
		UsageCase{ { "--frob" },
			   "gpuslice: Failed to parse arguments: unknown option '--frob'\n" + kCommandsHint },
		UsageCase{ { "--help", "--version" },
			   "gpuslice: Failed to parse arguments: options '--help' and '--version' "
			   "cannot be used together\n" +
				   kCommandsHint },
		UsageCase{ { "gpu", "show" },
			   "gpuslice: Failed to parse 'gpu show' arguments: missing argument GPU\n"
			   "Hint: run 'gpuslice help gpu show' for usage\n" },
		UsageCase{ { "gpu", "list", "--json=1" },
			   "gpuslice: Failed to parse 'gpu list' arguments: option '--json' does "
			   "not take an argument\n"
			   "Hint: run 'gpuslice help gpu list' for usage\n" },
		UsageCase{ { "gpu", "list", "gpu0" },
			   "gpuslice: Failed to parse 'gpu list' arguments: unexpected argument 'gpu0'\n"
			   "Hint: run 'gpuslice help gpu list' for usage\n" },
		UsageCase{ { "sim", "create", "42" },
			   "gpuslice: Failed to parse 'sim create' arguments: missing argument MODEL\n"
			   "Hint: run 'gpuslice help sim create' for usage\n" },
		UsageCase{ { "sim", "create", "-1", "a100-40gb" },
			   "gpuslice: Failed to parse 'sim create' arguments: unknown option '-1'\n"
			   "Hint: run 'gpuslice help sim create' for usage\n" },
		UsageCase{ { "sim", "create", "4x", "a100-40gb" },
			   "gpuslice: Failed to parse 'sim create' arguments: invalid ID '4x' "
			   "(expected a non-negative integer)\n" },
		UsageCase{ { "sim", "delete", "" },
			   "gpuslice: Failed to parse 'sim delete' arguments: invalid ID '' "
			   "(expected a non-negative integer)\n" }));

TEST_F(CliTest, SimCreateWritesRequest)
{
	fake_.addSimBus();
	Output result = run({ "sim", "create", "42", "a100-40gb" });
	EXPECT_EQ(result.status, EXIT_SUCCESS) << result.err;
	EXPECT_EQ(result.out, "Created simulated GPU sim42 (a100-40gb)\n");
	EXPECT_EQ(result.err, "");
	EXPECT_EQ(fake_.readFile(fake_.sysfsRoot().simNewDevice()), "42 a100-40gb\n");
}

TEST_F(CliTest, SimDeleteWritesRequest)
{
	fake_.addSimBus();
	Output result = run({ "sim", "delete", "42" });
	EXPECT_EQ(result.status, EXIT_SUCCESS) << result.err;
	EXPECT_EQ(result.out, "Deleted simulated GPU sim42\n");
	EXPECT_EQ(fake_.readFile(fake_.sysfsRoot().simDelDevice()), "42\n");
}

TEST_F(CliTest, SimCommandsHintAtMissingModule)
{
	Output create = run({ "sim", "create", "1", "h100-80gb" });
	EXPECT_EQ(create.status, EXIT_FAILURE);
	EXPECT_EQ(create.err, "gpuslice: Failed to create simulated GPU 1 (h100-80gb): "
			      "No such file or directory\n"
			      "Hint: is the gpuslice_sim module loaded? Try: modprobe gpuslice_sim\n");

	Output del = run({ "sim", "delete", "1" });
	EXPECT_EQ(del.status, EXIT_FAILURE);
	EXPECT_EQ(del.err, "gpuslice: Failed to delete simulated GPU 1: No such file or directory\n"
			   "Hint: is the gpuslice_sim module loaded? Try: modprobe gpuslice_sim\n");
}

TEST_F(CliTest, SimCreateHintsAtModels)
{
	fake_.addSimBus();
	Output result = run({ "sim", "create", "1", "a100 40gb" });
	EXPECT_EQ(result.status, EXIT_FAILURE);
	EXPECT_EQ(result.err, "gpuslice: Failed to create simulated GPU 1 (a100 40gb): "
			      "Invalid argument\n"
			      "Hint: MODEL must be one of a100-40gb, a100-80gb, h100-80gb\n");
}

TEST_F(CliTest, SimCreateReportsKernelErrno)
{
	fake_.addSimBus();
	std::filesystem::remove(fake_.sysfsRoot().simNewDevice());
	std::filesystem::create_symlink("/dev/full", fake_.sysfsRoot().simNewDevice());

	Output result = run({ "sim", "create", "1", "h100-80gb" });
	EXPECT_EQ(result.status, EXIT_FAILURE);
	EXPECT_EQ(result.err, "gpuslice: Failed to create simulated GPU 1 (h100-80gb): "
			      "No space left on device\n");
}

TEST_F(CliTest, SimDeleteHintsAtUnknownId)
{
	fake_.addSimBus();
	/* A dangling link makes the write fail with ENOENT, as an unknown ID does. */
	std::filesystem::remove(fake_.sysfsRoot().simDelDevice());
	std::filesystem::create_symlink("absent", fake_.sysfsRoot().simDelDevice());

	Output result = run({ "sim", "delete", "9" });
	EXPECT_EQ(result.status, EXIT_FAILURE);
	EXPECT_EQ(result.err, "gpuslice: Failed to delete simulated GPU 9: No such file or directory\n"
			      "Hint: no simulated GPU has ID 9; see '@ROOT@/sys/bus/gpuslice_sim/devices'\n");
}

} /* namespace */
} /* namespace gpuslice::tools */
