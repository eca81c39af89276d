/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gpuslice gpu list|show */

#include <errno.h>
#include <memory>
#include <stdlib.h>
#include <string.h>
#include <string>
#include <vector>

#include <gpuslice/gpu_enumerator.h>
#include <gpuslice/gpu_info.h>

#include <nlohmann/json.hpp>

#include "commands.h"

namespace gpuslice::tools {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kModuleHint =
	"is the gpuslice module loaded? Try: modprobe gpuslice_sim devices=h100-80gb";

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

void printJson(std::ostream &out, const Json &json)
{
	/* sysfs strings are not guaranteed UTF-8: never throw on them. */
	out << json.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

std::string memory(const GpuInfo &gpu)
{
	return std::to_string(gpu.memoryUsedMiB) + " / " +
	       std::to_string(gpu.memoryTotalMiB);
}

Result<std::vector<GpuInfo>> listGpus(const CommandContext &context)
{
	Result<std::unique_ptr<GpuEnumerator>> enumerator =
		GpuEnumerator::create(context.root);
	if (!enumerator)
		return enumerator.errorInfo();

	return (*enumerator)->enumerate();
}

void declareList(OptionParser &parser)
{
	parser.addFlag(OptJson, 0, "json", "Print a JSON array instead of a table");
}

int runList(const CommandContext &context, const OptionValues &values)
{
	Result<std::vector<GpuInfo>> gpus = listGpus(context);
	if (!gpus) {
		context.report.error(gpus.message());
		return EXIT_FAILURE;
	}

	if (values.isSet(OptJson)) {
		Json array = Json::array();
		for (const GpuInfo &gpu : *gpus)
			array.push_back(gpuToJson(gpu));
		printJson(context.out, array);
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

	const GpuInfo *gpu = findGpu(*gpus, id);
	if (!gpu) {
		context.report.error("Failed to find GPU '" + id + "': " + strerror(ENODEV));
		if (gpus->empty())
			context.report.hint(kModuleHint);
		else
			context.report.hint("name a GPU as gpuN, by its index N or by its "
					    "UUID; list them with: gpuslice gpu list");
		return EXIT_FAILURE;
	}

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
			.declare = declareList,
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
