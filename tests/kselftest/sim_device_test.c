// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated GPUs: creation through new_device for every model with every
 * attribute checked against the published geometry, bad input, stable
 * identity, many GPUs at once, and deletion.
 */
#include <regex.h>

#include "kselftest_harness.h"
#include "gpuslice_util.h"

/* Ids away from the ones the module parameter uses (0, 1, ...). */
#define TEST_ID		200

FIXTURE(sim) {
	int gpus_before;
};

FIXTURE_SETUP(sim)
{
	if (access(SIM_BUS "/new_device", W_OK))
		SKIP(return, "gpuslice_sim is not loaded");
	self->gpus_before = dir_count(GPU_CLASS);
	ASSERT_LE(0, self->gpus_before);
}

FIXTURE_TEARDOWN(sim)
{
	unsigned int id;

	for (id = TEST_ID; id < TEST_ID + 16; id++)
		sim_del(id);
}

FIXTURE_VARIANT(sim) {
	const char *model;
	long sm_count;
	long memory_mib;
	long copy_engines;
	long decoders;
	const char *mig_profiles;	/* the core's debugfs table */
};

#define MIG_HEADER "# id name compute_slices memory_slices placements max_instances sm_count copy_engines memory_mib\n"

/* The published figures of Documentation/simulator.rst. */
FIXTURE_VARIANT_ADD(sim, a100_40gb) {
	.model = "a100-40gb", .sm_count = 108, .memory_mib = 40960,
	.copy_engines = 7, .decoders = 5,
	.mig_profiles = MIG_HEADER
		"19 1g.5gb 1 1 {0,1,2,3,4,5,6}:1 7 14 1 4864\n"
		"20 1g.5gb+me 1 1 {0,1,2,3,4,5,6}:1 1 14 1 4864\n"
		"15 1g.10gb 1 2 {0,2,4,6}:2 4 14 1 9856\n"
		"14 2g.10gb 2 2 {0,2,4}:2 3 28 2 9856\n"
		"9 3g.20gb 3 4 {0,4}:4 2 42 3 19968\n"
		"5 4g.20gb 4 4 {0}:4 1 56 4 19968\n"
		"0 7g.40gb 7 8 {0}:8 1 98 7 40192",
};

FIXTURE_VARIANT_ADD(sim, a100_80gb) {
	.model = "a100-80gb", .sm_count = 108, .memory_mib = 81920,
	.copy_engines = 7, .decoders = 5,
	.mig_profiles = MIG_HEADER
		"19 1g.10gb 1 1 {0,1,2,3,4,5,6}:1 7 14 1 9856\n"
		"20 1g.10gb+me 1 1 {0,1,2,3,4,5,6}:1 1 14 1 9856\n"
		"15 1g.20gb 1 2 {0,2,4,6}:2 4 14 1 19968\n"
		"14 2g.20gb 2 2 {0,2,4}:2 3 28 2 19968\n"
		"9 3g.40gb 3 4 {0,4}:4 2 42 3 40192\n"
		"5 4g.40gb 4 4 {0}:4 1 56 4 40192\n"
		"0 7g.80gb 7 8 {0}:8 1 98 7 80384",
};

FIXTURE_VARIANT_ADD(sim, h100_80gb) {
	.model = "h100-80gb", .sm_count = 132, .memory_mib = 81920,
	.copy_engines = 8, .decoders = 7,
	.mig_profiles = MIG_HEADER
		"19 1g.10gb 1 1 {0,1,2,3,4,5,6}:1 7 16 1 9856\n"
		"20 1g.10gb+me 1 1 {0,1,2,3,4,5,6}:1 1 16 1 9856\n"
		"15 1g.20gb 1 2 {0,2,4,6}:2 4 16 1 19968\n"
		"14 2g.20gb 2 2 {0,2,4}:2 3 32 2 19968\n"
		"9 3g.40gb 3 4 {0,4}:4 2 60 3 40192\n"
		"5 4g.40gb 4 4 {0}:4 1 64 4 40192\n"
		"0 7g.80gb 7 8 {0}:8 1 132 8 80384",
};

TEST_F(sim, create_attributes_delete)
{
	char gpu[32], buf[128], path[PATH_MAX], mig[2048];
	regex_t uuid_re;

	ASSERT_EQ(0, sim_new(TEST_ID, variant->model));
	ASSERT_EQ(0, gpu_of_sim(TEST_ID, gpu, sizeof(gpu)));
	EXPECT_EQ(self->gpus_before + 1, dir_count(GPU_CLASS));

	ASSERT_EQ(0, gpu_attr(gpu, "model", buf, sizeof(buf)));
	EXPECT_STREQ(variant->model, buf);
	EXPECT_EQ(variant->sm_count, gpu_attr_long(gpu, "sm_count"));
	EXPECT_EQ(variant->memory_mib, gpu_attr_long(gpu, "memory_total_mib"));
	EXPECT_EQ(0, gpu_attr_long(gpu, "memory_used_mib"));
	EXPECT_EQ(variant->copy_engines, gpu_attr_long(gpu, "copy_engines"));
	EXPECT_EQ(variant->decoders, gpu_attr_long(gpu, "decoders"));
	EXPECT_EQ(1, gpu_attr_long(gpu, "mig_capable"));
	ASSERT_EQ(0, gpu_attr(gpu, "mode", buf, sizeof(buf)));
	EXPECT_STREQ("compute", buf);
	ASSERT_EQ(0, gpu_attr(gpu, "driver_version", buf, sizeof(buf)));
	EXPECT_STREQ("0.1.0", buf);
	ASSERT_EQ(0, gpu_attr(gpu, "vbios_version", buf, sizeof(buf)));
	EXPECT_NE(0, strlen(buf));

	ASSERT_EQ(0, regcomp(&uuid_re,
			     "^GPU-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
			     REG_EXTENDED | REG_NOSUB));
	ASSERT_EQ(0, gpu_attr(gpu, "uuid", buf, sizeof(buf)));
	EXPECT_EQ(0, regexec(&uuid_re, buf, 0, NULL, 0))
		TH_LOG("uuid '%s'", buf);
	regfree(&uuid_re);

	/* MIG profiles, ids and placements as nvidia-smi mig -lgipp has them. */
	snprintf(path, sizeof(path), "/sys/kernel/debug/gpuslice/%s/mig_profiles",
		 gpu);
	ASSERT_EQ(0, sysfs_read(path, mig, sizeof(mig))) TH_LOG("%s", path);
	EXPECT_STREQ(variant->mig_profiles, mig);

	snprintf(path, sizeof(path), "/dev/gpuslice/%s", gpu);
	EXPECT_EQ(0, access(path, R_OK | W_OK));

	ASSERT_EQ(0, sim_del(TEST_ID));
	EXPECT_EQ(-ENOENT, gpu_of_sim(TEST_ID, gpu, sizeof(gpu)));
	EXPECT_EQ(self->gpus_before, dir_count(GPU_CLASS));
	EXPECT_NE(0, access(path, F_OK));
}

TEST_F(sim, duplicate_id_refused)
{
	char gpu[32], model[32];

	ASSERT_EQ(0, sim_new(TEST_ID, variant->model));
	EXPECT_EQ(-EEXIST, sim_new(TEST_ID, "h100-80gb"));
	/* The first device is untouched. */
	ASSERT_EQ(0, gpu_of_sim(TEST_ID, gpu, sizeof(gpu)));
	ASSERT_EQ(0, gpu_attr(gpu, "model", model, sizeof(model)));
	EXPECT_STREQ(variant->model, model);
	EXPECT_EQ(self->gpus_before + 1, dir_count(GPU_CLASS));
}

TEST_F(sim, mode_switch)
{
	char gpu[32], path[PATH_MAX], buf[32];

	ASSERT_EQ(0, sim_new(TEST_ID, variant->model));
	ASSERT_EQ(0, gpu_of_sim(TEST_ID, gpu, sizeof(gpu)));
	snprintf(path, sizeof(path), GPU_CLASS "/%s/mode", gpu);

	EXPECT_EQ(0, sysfs_write(path, "graphics\n"));
	ASSERT_EQ(0, sysfs_read(path, buf, sizeof(buf)));
	EXPECT_STREQ("graphics", buf);

	EXPECT_EQ(-EINVAL, sysfs_write(path, "fast\n"));
	ASSERT_EQ(0, sysfs_read(path, buf, sizeof(buf)));
	EXPECT_STREQ("graphics", buf);

	EXPECT_EQ(0, sysfs_write(path, "compute"));
	ASSERT_EQ(0, sysfs_read(path, buf, sizeof(buf)));
	EXPECT_STREQ("compute", buf);
}

FIXTURE(sim_plain) {
	int gpus_before;
};

FIXTURE_SETUP(sim_plain)
{
	if (access(SIM_BUS "/new_device", W_OK))
		SKIP(return, "gpuslice_sim is not loaded");
	self->gpus_before = dir_count(GPU_CLASS);
	ASSERT_LE(0, self->gpus_before);
}

FIXTURE_TEARDOWN(sim_plain)
{
	unsigned int id;

	for (id = TEST_ID; id < TEST_ID + 16; id++)
		sim_del(id);
}

TEST_F(sim_plain, bad_new_device_lines)
{
	static const char * const bad[] = {
		"\n", "200", "200\n", "abc h100-80gb", "-1 h100-80gb",
		"256 h100-80gb", "4294967296 h100-80gb", "200 h100-80gb extra",
		"200 rtx-4090", "200 H100-80GB", "200,h100-80gb",
		"200 h100-80gb-and-some-more-characters-to-be-long-enough-xx",
	};
	unsigned int i;

	/* (A zero-length write never reaches the driver, so "" is absent.) */
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, sysfs_write(SIM_BUS "/new_device", bad[i]))
			TH_LOG("bad line #%u was accepted", i);
	}
	/* Nothing half-made is left behind. */
	EXPECT_EQ(self->gpus_before, dir_count(GPU_CLASS));
	EXPECT_NE(0, access(SIM_BUS "/devices/sim200", F_OK));
}

TEST_F(sim_plain, good_line_variants)
{
	char gpu[32];

	/* Surrounding blanks and tabs are accepted, as sysfs users expect. */
	ASSERT_EQ(0, sysfs_write(SIM_BUS "/new_device", "  201\th100-80gb  \n"));
	EXPECT_EQ(0, gpu_of_sim(201, gpu, sizeof(gpu)));
	ASSERT_EQ(0, sysfs_write(SIM_BUS "/del_device", " 201 \n"));
	EXPECT_EQ(-ENOENT, gpu_of_sim(201, gpu, sizeof(gpu)));
}

TEST_F(sim_plain, bad_del_device_lines)
{
	EXPECT_EQ(-ENOENT, sim_del(TEST_ID + 9));
	EXPECT_EQ(-EINVAL, sysfs_write(SIM_BUS "/del_device", "abc"));
	EXPECT_EQ(-EINVAL, sysfs_write(SIM_BUS "/del_device", "1 2"));
	EXPECT_EQ(-EINVAL, sysfs_write(SIM_BUS "/del_device", "\n"));
	EXPECT_EQ(self->gpus_before, dir_count(GPU_CLASS));
}

TEST_F(sim_plain, uuid_stable_per_id)
{
	char gpu[32], first[64], again[64], other[64];

	ASSERT_EQ(0, sim_new(TEST_ID, "h100-80gb"));
	ASSERT_EQ(0, gpu_of_sim(TEST_ID, gpu, sizeof(gpu)));
	ASSERT_EQ(0, gpu_attr(gpu, "uuid", first, sizeof(first)));
	ASSERT_EQ(0, sim_del(TEST_ID));

	ASSERT_EQ(0, sim_new(TEST_ID, "a100-40gb"));
	ASSERT_EQ(0, gpu_of_sim(TEST_ID, gpu, sizeof(gpu)));
	ASSERT_EQ(0, gpu_attr(gpu, "uuid", again, sizeof(again)));
	EXPECT_STREQ(first, again);

	ASSERT_EQ(0, sim_new(TEST_ID + 1, "h100-80gb"));
	ASSERT_EQ(0, gpu_of_sim(TEST_ID + 1, gpu, sizeof(gpu)));
	ASSERT_EQ(0, gpu_attr(gpu, "uuid", other, sizeof(other)));
	EXPECT_STRNE(first, other);
}

TEST_F(sim_plain, eight_gpus_at_once)
{
	static const char * const models[] = {
		"a100-40gb", "a100-80gb", "h100-80gb",
	};
	char gpus[8][32], uuids[8][64], model[32];
	unsigned int i, j;

	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, sim_new(TEST_ID + i, models[i % 3]));
	EXPECT_EQ(self->gpus_before + 8, dir_count(GPU_CLASS));

	for (i = 0; i < 8; i++) {
		ASSERT_EQ(0, gpu_of_sim(TEST_ID + i, gpus[i], sizeof(gpus[i])));
		ASSERT_EQ(0, gpu_attr(gpus[i], "model", model, sizeof(model)));
		EXPECT_STREQ(models[i % 3], model);
		ASSERT_EQ(0, gpu_attr(gpus[i], "uuid", uuids[i],
				      sizeof(uuids[i])));
		for (j = 0; j < i; j++) {
			EXPECT_STRNE(gpus[j], gpus[i]);
			EXPECT_STRNE(uuids[j], uuids[i]);
		}
	}

	/* Delete out of order; every other GPU stays intact. */
	for (i = 0; i < 8; i += 2)
		ASSERT_EQ(0, sim_del(TEST_ID + i));
	for (i = 1; i < 8; i += 2)
		EXPECT_EQ(0, gpu_of_sim(TEST_ID + i, gpus[i], sizeof(gpus[i])));
	for (i = 1; i < 8; i += 2)
		ASSERT_EQ(0, sim_del(TEST_ID + i));
	EXPECT_EQ(self->gpus_before, dir_count(GPU_CLASS));
}

TEST_HARNESS_MAIN
