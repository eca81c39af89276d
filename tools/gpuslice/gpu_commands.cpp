/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gpuslice gpu list|show */

#include <stdlib.h>
#include <string>
#include <vector>

#include <gpuslice/gpu_info.h>

#include "command_util.h"

namespace gpuslice::tools {

namespace {

/* Keys are the sysfs file names, plus name and index; keep them stable. */
Json gpuToJson(const GpuInfo &gpu)
{
	return Json{
		{ "name", gpu.name },
		{ "index", gpu.index },
		{ "model", gpu.model },
		{ "uuid", gpu.uuid },
		{ "sm_count", gpu.smCount },
		{ "memory_total_mib", gpu.memoryTotalMiB },
		{ "memory_used_mib", gpu.memoryUsedMiB },
		{ "copy_engines", gpu.copyEngines },
		{ "decoders", gpu.decoders },
		{ "vbios_version", gpu.vbiosVersion },
		{ "driver_version", gpu.driverVersion },
		{ "mode", std::string(toString(gpu.mode)) },
		{ "mig_capable", gpu.migCapable },
		{ "dev", std::to_string(gpu.devMajor) + ":" + std::to_string(gpu.devMinor) },
		{ "device", gpu.backendDevice },
	};
}

std::string memory(const GpuInfo &gpu)
{
	return std::to_string(gpu.memoryUsedMiB) + " / " +
	       std::to_string(gpu.memoryTotalMiB);
}

int runList(const CommandContext &context, const OptionValues &values)
{
	Result<std::vector<GpuInfo>> gpus = listGpus(context);
	if (!gpus) {
		context.report.error(gpus.message());
		return EXIT_FAILURE;
	}

	if (values.isSet(OptJson)) {
		printJsonArray(context.out, *gpus, gpuToJson);
		return EXIT_SUCCESS;
	}

	if (gpus->empty()) {
		context.report.notice("No gpuslice GPUs found.");
		context.report.hint(kModuleHint);
		return EXIT_SUCCESS;
	}

	Table table({
		{ "GPU" },
		{ "MODEL" },
		{ "UUID" },
		{ "SMS", Table::Align::Right },
		{ "MEMORY (MiB)" },
		{ "MODE" },
		{ "MIG" },
	});
	for (const GpuInfo &gpu : *gpus)
		table.addRow({ gpu.name, gpu.model, gpu.uuid,
			       std::to_string(gpu.smCount), memory(gpu),
			       std::string(toString(gpu.mode)),
			       gpu.migCapable ? "yes" : "no" });
	table.print(context.out);

	return EXIT_SUCCESS;
}

void declareShow(OptionParser &parser)
{
	parser.addFlag(OptJson, 0, "json", "Print a JSON object instead of text")
		.addPositional("GPU");
}

int runShow(const CommandContext &context, const OptionValues &values)
{
	const std::string &id = values.positional()[0];

	Result<std::vector<GpuInfo>> gpus = listGpus(context);
	if (!gpus) {
		context.report.error(gpus.message());
		return EXIT_FAILURE;
	}

	const GpuInfo *gpu = resolveGpu(context, *gpus, id);
	if (!gpu)
		return EXIT_FAILURE;

	if (values.isSet(OptJson)) {
		printJson(context.out, gpuToJson(*gpu));
		return EXIT_SUCCESS;
	}

	const std::string controlNode = context.root.gpuControlNode(gpu->name).string() +
					" (" + std::to_string(gpu->devMajor) + ":" +
					std::to_string(gpu->devMinor) + ")";
	const std::vector<Field> fields = {
		{ "GPU", gpu->name },
		{ "Model", gpu->model },
		{ "UUID", gpu->uuid },
		{ "SMs", std::to_string(gpu->smCount) },
		{ "Memory (MiB)", memory(*gpu) + " used" },
		{ "Copy engines", std::to_string(gpu->copyEngines) },
		{ "Decoders", std::to_string(gpu->decoders) },
		{ "Mode", std::string(toString(gpu->mode)) },
		{ "MIG capable", gpu->migCapable ? "yes" : "no" },
		{ "VBIOS version", gpu->vbiosVersion },
		{ "Driver version", gpu->driverVersion },
		{ "Backend device", gpu->backendDevice.empty() ? "none" : gpu->backendDevice },
		{ "Control node", controlNode },
		{ "Sysfs path", gpu->sysfsPath.string() },
	};
	printFields(context.out, fields);

	return EXIT_SUCCESS;
}

} /* namespace */

/**
 * \brief Retrieve the "gpu" commands
 * \return The commands
 */
const std::vector<Command> &gpuCommands()
{
	static const std::vector<Command> commands = {
		{
			.object = "gpu",
			.verb = "list",
			.summary = "List the physical GPUs registered with gpuslice.",
			.description =
				"Prints one line per GPU in /sys/class/gpuslice, ordered by index, or\n"
				"a JSON array with --json. It only reads sysfs: it does not change GPU\n"
				"modes, SR-IOV virtual functions, MIG partitions or vGPUs, and needs\n"
				"no root privileges. An empty list is not an error.",
			.declare = declareJsonArrayFlag,
			.run = runList,
		},
		{
			.object = "gpu",
			.verb = "show",
			.summary = "Show every attribute of one GPU.",
			.description =
				"Names the GPU as gpuN, by its index N or by its UUID (GPU-...), and\n"
				"prints one \"Key: value\" line per attribute, or a JSON object with\n"
				"--json. It only reads sysfs and changes nothing on the GPU.",
			.declare = declareShow,
			.run = runShow,
		},
	};

	return commands;
}

} /* namespace gpuslice::tools */
