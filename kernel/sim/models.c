// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated boards. Numbers are NVIDIA's published figures (see
 * Documentation/simulator.rst); VF counts follow the project's model
 * decisions where NVIDIA publishes none.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "gpuslice_sim.h"

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
