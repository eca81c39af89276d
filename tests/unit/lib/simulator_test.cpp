/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for the gpuslice_sim control helper */

#include <errno.h>
#include <filesystem>

#include <gpuslice/simulator.h>

#include <gtest/gtest.h>

#include "fake_sysfs.h"

namespace gpuslice {
namespace {

using test::FakeSysfs;

class SimulatorTest : public ::testing::Test
{
protected:
	FakeSysfs fake_;
};

TEST_F(SimulatorTest, ReportsMissingBus)
{
	Simulator sim(fake_.sysfsRoot());
	EXPECT_FALSE(sim.isAvailable());
	EXPECT_EQ(sim.createDevice(1, "a100-40gb"), -ENOENT);
	EXPECT_EQ(sim.deleteDevice(1), -ENOENT);
}

TEST_F(SimulatorTest, CreateWritesIdAndModel)
{
	fake_.addSimBus();
	Simulator sim(fake_.sysfsRoot());
	EXPECT_TRUE(sim.isAvailable());

	EXPECT_EQ(sim.createDevice(42, "a100-40gb"), 0);
	EXPECT_EQ(fake_.readFile(fake_.sysfsRoot().simNewDevice()), "42 a100-40gb\n");
}

TEST_F(SimulatorTest, DeleteWritesId)
{
	fake_.addSimBus();
	Simulator sim(fake_.sysfsRoot());

	EXPECT_EQ(sim.deleteDevice(42), 0);
	EXPECT_EQ(fake_.readFile(fake_.sysfsRoot().simDelDevice()), "42\n");
}

TEST_F(SimulatorTest, RejectsModelsThatWouldChangeTheRequest)
{
	fake_.addSimBus();
	Simulator sim(fake_.sysfsRoot());

	EXPECT_EQ(sim.createDevice(1, ""), -EINVAL);
	EXPECT_EQ(sim.createDevice(1, "a100 40gb"), -EINVAL);
	EXPECT_EQ(sim.createDevice(1, "a100-40gb\n2 h100-80gb"), -EINVAL);
	EXPECT_EQ(sim.createDevice(1, "a100-40gb\t"), -EINVAL);
	EXPECT_EQ(fake_.readFile(fake_.sysfsRoot().simNewDevice()), "");
}

TEST_F(SimulatorTest, ReturnsErrnoOfFailedWrite)
{
	fake_.addSimBus();
	std::filesystem::remove(fake_.sysfsRoot().simNewDevice());
	std::filesystem::create_symlink("/dev/full", fake_.sysfsRoot().simNewDevice());

	Simulator sim(fake_.sysfsRoot());
	EXPECT_EQ(sim.createDevice(1, "h100-80gb"), -ENOSPC);
}

TEST_F(SimulatorTest, FindsDevicesOnTheBus)
{
	fake_.addSimBus();
	fake_.addSimDevice(42);

	Simulator sim(fake_.sysfsRoot());
	EXPECT_TRUE(sim.hasDevice(42));
	EXPECT_FALSE(sim.hasDevice(4));
	EXPECT_FALSE(sim.hasDevice(420));
}

} /* namespace */
} /* namespace gpuslice */
