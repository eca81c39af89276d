/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Integration tests against gpuslice.ko and gpuslice_sim.ko, run as root in a VM */

#include <algorithm>
#include <chrono>
#include <errno.h>
#include <fcntl.h>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <regex>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <string>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gpuslice/gpu_enumerator.h>
#include <gpuslice/gpu_info.h>
#include <gpuslice/simulator.h>
#include <gpuslice/sysfs_root.h>
#include <gpuslice/unique_fd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

extern char **environ;

namespace gpuslice {

/* Readable GpuInfo in assertion failures. */
void PrintTo(const GpuInfo &gpu, std::ostream *os);

void PrintTo(const GpuInfo &gpu, std::ostream *os)
{
	*os << "{ " << gpu.name << " index=" << gpu.index << " path=" << gpu.sysfsPath
	    << " backend=" << gpu.backendDevice << " model=" << gpu.model
	    << " uuid=" << gpu.uuid << " sms=" << gpu.smCount
	    << " mem=" << gpu.memoryUsedMiB << "/" << gpu.memoryTotalMiB
	    << " ce=" << gpu.copyEngines << " dec=" << gpu.decoders
	    << " vbios=" << gpu.vbiosVersion << " driver=" << gpu.driverVersion
	    << " mode=" << toString(gpu.mode) << " mig=" << gpu.migCapable
	    << " dev=" << gpu.devMajor << ":" << gpu.devMinor << " }";
}

namespace {

using namespace std::chrono_literals;

constexpr unsigned int kId = 42;
constexpr const char *kBackend = "sim42";
constexpr auto kTimeout = 5s;

/* Bounded poll: the condition is re-checked every 10 ms for at most 5 s. */
bool waitFor(const std::function<bool()> &condition)
{
	const auto deadline = std::chrono::steady_clock::now() + kTimeout;
	while (!condition()) {
		if (std::chrono::steady_clock::now() >= deadline)
			return false;
		std::this_thread::sleep_for(10ms);
	}
	return true;
}

std::vector<GpuInfo> enumerate(GpuEnumerator::Backend backend)
{
	auto enumerator = GpuEnumerator::create(SysfsRoot(), backend);
	EXPECT_TRUE(enumerator.ok()) << enumerator.message();
	if (!enumerator)
		return {};

	auto gpus = (*enumerator)->enumerate();
	EXPECT_TRUE(gpus.ok()) << gpus.message();
	return gpus ? std::move(gpus).value() : std::vector<GpuInfo>{};
}

std::optional<GpuInfo> findByBackend(const std::vector<GpuInfo> &gpus,
				     const std::string &backend)
{
	auto it = std::find_if(gpus.begin(), gpus.end(), [&](const GpuInfo &gpu) {
		return gpu.backendDevice == backend;
	});
	if (it == gpus.end())
		return std::nullopt;
	return *it;
}

/*
 * GPUSLICE_CLI first (tests/vm-suite sets it), then next to this binary (an
 * installed or copied pair), then the build tree's tools/gpuslice/gpuslice.
 */
std::filesystem::path cliPath()
{
	if (const char *env = getenv("GPUSLICE_CLI"))
		return env;

	std::error_code ec;
	const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
	if (!ec) {
		const std::filesystem::path dir = self.parent_path();
		for (const auto &candidate : { dir / "gpuslice",
					       dir / "../../tools/gpuslice/gpuslice" }) {
			if (std::filesystem::exists(candidate, ec))
				return candidate.lexically_normal();
		}
	}

	return GPUSLICE_CLI_PATH;
}

struct Command {
	int status;
	std::string out;
};

/* Run a program without a shell and capture its standard output. */
Command runCommand(const std::vector<std::string> &args)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return { -errno, {} };
	UniqueFD readEnd(fds[0]);
	UniqueFD writeEnd(fds[1]);

	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, writeEnd.get(), STDOUT_FILENO);

	std::vector<char *> argv;
	for (const std::string &arg : args)
		argv.push_back(const_cast<char *>(arg.c_str()));
	argv.push_back(nullptr);

	pid_t pid;
	int ret = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
	posix_spawn_file_actions_destroy(&actions);
	writeEnd.reset();
	if (ret != 0)
		return { -ret, {} };

	std::string out;
	char buffer[4096];
	ssize_t len;
	while ((len = read(readEnd.get(), buffer, sizeof(buffer))) > 0 ||
	       (len < 0 && errno == EINTR)) {
		if (len > 0)
			out.append(buffer, len);
	}

	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}

	return { WIFEXITED(status) ? WEXITSTATUS(status) : -1, out };
}

class SimulatedGpu : public ::testing::Test
{
protected:
	void SetUp() override
	{
		if (!std::filesystem::exists(SysfsRoot().simBus()))
			GTEST_SKIP() << "/sys/bus/gpuslice_sim is absent: load the modules "
					"first (modprobe gpuslice_sim)";
		if (geteuid() != 0)
			GTEST_SKIP() << "needs root to write /sys/bus/gpuslice_sim/new_device";

		/* A crashed earlier run may have left its device behind. */
		if (sim_.hasDevice(kId)) {
			ASSERT_EQ(sim_.deleteDevice(kId), 0) << "Failed to delete stale sim" << kId;
		}
	}

	void TearDown() override
	{
		for (unsigned int id : created_) {
			if (sim_.hasDevice(id))
				(void)sim_.deleteDevice(id);
		}
	}

	int create(unsigned int id, const std::string &model)
	{
		int ret = sim_.createDevice(id, model);
		if (ret == 0 || sim_.hasDevice(id))
			created_.push_back(id);
		return ret;
	}

	/* Create sim42 and wait for the core to register its GPU. */
	std::optional<GpuInfo> createAndWait()
	{
		int ret = create(kId, "a100-40gb");
		EXPECT_EQ(ret, 0) << "Failed to create sim" << kId << ": " << strerror(-ret);
		if (ret)
			return std::nullopt;

		std::optional<GpuInfo> gpu;
		bool found = waitFor([&] {
			gpu = findByBackend(enumerate(GpuEnumerator::Backend::Auto), kBackend);
			return gpu.has_value();
		});
		EXPECT_TRUE(found) << kBackend << " did not appear in /sys/class/gpuslice within 5 s";
		return gpu;
	}

	Simulator sim_;
	std::vector<unsigned int> created_;
};

TEST_F(SimulatedGpu, AppearsWithModelAttributes)
{
	std::optional<GpuInfo> gpu = createAndWait();
	ASSERT_TRUE(gpu);

	EXPECT_EQ(gpu->model, "a100-40gb");
	EXPECT_EQ(gpu->smCount, 108u);
	EXPECT_EQ(gpu->memoryTotalMiB, 40960u);
	EXPECT_LE(gpu->memoryUsedMiB, gpu->memoryTotalMiB);
	EXPECT_EQ(gpu->copyEngines, 7u);
	EXPECT_EQ(gpu->decoders, 5u);
	EXPECT_FALSE(gpu->vbiosVersion.empty());
	EXPECT_FALSE(gpu->driverVersion.empty());
	EXPECT_EQ(gpu->name, "gpu" + std::to_string(gpu->index));

	static const std::regex uuid("^GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
	EXPECT_TRUE(std::regex_match(gpu->uuid, uuid)) << gpu->uuid;
}

TEST_F(SimulatedGpu, UdevAndSysfsEnumeratorsAgree)
{
	ASSERT_TRUE(createAndWait());

	std::vector<GpuInfo> udev = enumerate(GpuEnumerator::Backend::Udev);
	std::vector<GpuInfo> sysfs = enumerate(GpuEnumerator::Backend::Sysfs);

	ASSERT_TRUE(findByBackend(udev, kBackend));
	EXPECT_EQ(udev, sysfs);
}

TEST_F(SimulatedGpu, ControlNodeMatchesDevAttribute)
{
	std::optional<GpuInfo> gpu = createAndWait();
	ASSERT_TRUE(gpu);

	const std::filesystem::path node = SysfsRoot().gpuControlNode(gpu->name);
	struct stat st;
	bool exists = waitFor([&] { return stat(node.c_str(), &st) == 0; });
	ASSERT_TRUE(exists) << node << " did not appear within 5 s";

	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(major(st.st_rdev), gpu->devMajor);
	EXPECT_EQ(minor(st.st_rdev), gpu->devMinor);
}

TEST_F(SimulatedGpu, DuplicateIdFailsWithEexist)
{
	ASSERT_EQ(create(kId, "a100-40gb"), 0);
	EXPECT_EQ(create(kId, "a100-40gb"), -EEXIST);
	EXPECT_EQ(create(kId, "h100-80gb"), -EEXIST);
}

TEST_F(SimulatedGpu, UnknownModelFailsWithEinval)
{
	EXPECT_EQ(create(kId, "z900-1gb"), -EINVAL);
	EXPECT_FALSE(sim_.hasDevice(kId));
}

TEST_F(SimulatedGpu, DeleteRemovesGpu)
{
	ASSERT_TRUE(createAndWait());

	ASSERT_EQ(sim_.deleteDevice(kId), 0);
	bool gone = waitFor([&] {
		return !findByBackend(enumerate(GpuEnumerator::Backend::Auto), kBackend);
	});
	EXPECT_TRUE(gone) << kBackend << " still in /sys/class/gpuslice after 5 s";
	EXPECT_FALSE(sim_.hasDevice(kId));

	EXPECT_EQ(sim_.deleteDevice(kId), -ENOENT);
}

TEST_F(SimulatedGpu, CliListsGpuAsJson)
{
	std::optional<GpuInfo> gpu = createAndWait();
	ASSERT_TRUE(gpu);

	const std::filesystem::path cli = cliPath();
	ASSERT_TRUE(std::filesystem::exists(cli))
		<< "gpuslice CLI not found at " << cli << "; set GPUSLICE_CLI";

	Command result = runCommand({ cli.string(), "gpu", "list", "--json" });
	ASSERT_EQ(result.status, 0) << "gpuslice gpu list --json failed";

	nlohmann::json json = nlohmann::json::parse(result.out, nullptr, false);
	ASSERT_TRUE(json.is_array()) << result.out;

	auto entry = std::find_if(json.begin(), json.end(), [](const nlohmann::json &item) {
		return item.value("device", "") == kBackend;
	});
	ASSERT_NE(entry, json.end()) << result.out;
	EXPECT_EQ((*entry)["name"], gpu->name);
	EXPECT_EQ((*entry)["index"], gpu->index);
	EXPECT_EQ((*entry)["uuid"], gpu->uuid);
	EXPECT_EQ((*entry)["model"], "a100-40gb");
	EXPECT_EQ((*entry)["sm_count"], 108);
	EXPECT_EQ((*entry)["memory_total_mib"], 40960);
}

} /* namespace */
} /* namespace gpuslice */

/* Exit 77, the automake/kselftest "skip" code, when every test skipped. */
int main(int argc, char **argv)
{
	::testing::InitGoogleTest(&argc, argv);
	int ret = RUN_ALL_TESTS();

	const ::testing::UnitTest &unit = *::testing::UnitTest::GetInstance();
	if (ret == 0 && unit.test_to_run_count() > 0 &&
	    unit.skipped_test_count() == unit.test_to_run_count())
		return 77;

	return ret;
}
