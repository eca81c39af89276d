// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated boards. Numbers are NVIDIA's published figures (see
 * Documentation/simulator.rst); VF counts follow the project's model
 * decisions where NVIDIA publishes none.
 */
#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "gpuslice_sim.h"

/*
 * MIG GPU-instance profiles: NVIDIA's ids, names, slices and placements
 * (nvidia-smi mig -lgip / -lgipp). Placements are start memory slices.
 */
#define GPUSLICE_SIM_MIG(_id, _name, _cs, _ms, _pl, _max, _sm, _ce, _mib) \
	{ .id = _id, .name = _name, .compute_slices = _cs,		\
	  .memory_slices = _ms, .placements = _pl, .max_instances = _max, \
	  .sm_count = _sm, .copy_engines = _ce, .memory_mib = _mib }

#define PL_1	GENMASK(6, 0)			/* {0,1,2,3,4,5,6}:1 */
#define PL_2	(BIT(0) | BIT(2) | BIT(4) | BIT(6))	/* {0,2,4,6}:2 */
#define PL_2G	(BIT(0) | BIT(2) | BIT(4))	/* {0,2,4}:2 */
#define PL_4	(BIT(0) | BIT(4))		/* {0,4}:4 */
#define PL_0	BIT(0)				/* {0}:4 and {0}:8 */

static const struct gpuslice_hw_mig_profile gpuslice_sim_mig_a100_40gb[] = {
	GPUSLICE_SIM_MIG(19, "1g.5gb", 1, 1, PL_1, 7, 14, 1, 4864),
	GPUSLICE_SIM_MIG(20, "1g.5gb+me", 1, 1, PL_1, 1, 14, 1, 4864),
	GPUSLICE_SIM_MIG(15, "1g.10gb", 1, 2, PL_2, 4, 14, 1, 9856),
	GPUSLICE_SIM_MIG(14, "2g.10gb", 2, 2, PL_2G, 3, 28, 2, 9856),
	GPUSLICE_SIM_MIG(9, "3g.20gb", 3, 4, PL_4, 2, 42, 3, 19968),
	GPUSLICE_SIM_MIG(5, "4g.20gb", 4, 4, PL_0, 1, 56, 4, 19968),
	GPUSLICE_SIM_MIG(0, "7g.40gb", 7, 8, PL_0, 1, 98, 7, 40192),
};

static const struct gpuslice_hw_mig_profile gpuslice_sim_mig_a100_80gb[] = {
	GPUSLICE_SIM_MIG(19, "1g.10gb", 1, 1, PL_1, 7, 14, 1, 9856),
	GPUSLICE_SIM_MIG(20, "1g.10gb+me", 1, 1, PL_1, 1, 14, 1, 9856),
	GPUSLICE_SIM_MIG(15, "1g.20gb", 1, 2, PL_2, 4, 14, 1, 19968),
	GPUSLICE_SIM_MIG(14, "2g.20gb", 2, 2, PL_2G, 3, 28, 2, 19968),
	GPUSLICE_SIM_MIG(9, "3g.40gb", 3, 4, PL_4, 2, 42, 3, 40192),
	GPUSLICE_SIM_MIG(5, "4g.40gb", 4, 4, PL_0, 1, 56, 4, 40192),
	GPUSLICE_SIM_MIG(0, "7g.80gb", 7, 8, PL_0, 1, 98, 7, 80384),
};

/* H100's memory per instance is assumed equal to A100-80GB's. */
static const struct gpuslice_hw_mig_profile gpuslice_sim_mig_h100_80gb[] = {
	GPUSLICE_SIM_MIG(19, "1g.10gb", 1, 1, PL_1, 7, 16, 1, 9856),
	GPUSLICE_SIM_MIG(20, "1g.10gb+me", 1, 1, PL_1, 1, 16, 1, 9856),
	GPUSLICE_SIM_MIG(15, "1g.20gb", 1, 2, PL_2, 4, 16, 1, 19968),
	GPUSLICE_SIM_MIG(14, "2g.20gb", 2, 2, PL_2G, 3, 32, 2, 19968),
	GPUSLICE_SIM_MIG(9, "3g.40gb", 3, 4, PL_4, 2, 60, 3, 40192),
	GPUSLICE_SIM_MIG(5, "4g.40gb", 4, 4, PL_0, 1, 64, 4, 40192),
	GPUSLICE_SIM_MIG(0, "7g.80gb", 7, 8, PL_0, 1, 132, 8, 80384),
};

static const struct gpuslice_sim_model gpuslice_sim_models[] = {
	{
		.name = "a100-40gb",
		.board = "A100",
		.vbios_version = "92.00.25.00.08",
		.sm_count = 108,
		.memory_mib = 40960,
		.copy_engines = 7,
		.decoders = 5,
		.total_vfs = 16,
		.mig_profiles = gpuslice_sim_mig_a100_40gb,
		.num_mig_profiles = ARRAY_SIZE(gpuslice_sim_mig_a100_40gb),
	},
	{
		.name = "a100-80gb",
		.board = "A100D",
		.vbios_version = "92.00.45.00.06",
		.sm_count = 108,
		.memory_mib = 81920,
		.copy_engines = 7,
		.decoders = 5,
		.total_vfs = 20,
		.mig_profiles = gpuslice_sim_mig_a100_80gb,
		.num_mig_profiles = ARRAY_SIZE(gpuslice_sim_mig_a100_80gb),
	},
	{
		.name = "h100-80gb",
		.board = "H100XM",
		.vbios_version = "96.00.30.00.01",
		.sm_count = 132,
		.memory_mib = 81920,
		.copy_engines = 8,
		.decoders = 7,
		.total_vfs = 32,
		.mig_profiles = gpuslice_sim_mig_h100_80gb,
		.num_mig_profiles = ARRAY_SIZE(gpuslice_sim_mig_h100_80gb),
	},
};

const struct gpuslice_sim_model *gpuslice_sim_model_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(gpuslice_sim_models); i++)
		if (!strcmp(gpuslice_sim_models[i].name, name))
			return &gpuslice_sim_models[i];
	return NULL;
}

/* "a100-40gb, a100-80gb, h100-80gb", for error messages. */
int gpuslice_sim_models_print(char *buf, size_t size)
{
	unsigned int i;
	int len = 0;

	for (i = 0; i < ARRAY_SIZE(gpuslice_sim_models); i++)
		len += scnprintf(buf + len, size - len, "%s%s", i ? ", " : "",
				 gpuslice_sim_models[i].name);
	return len;
}
