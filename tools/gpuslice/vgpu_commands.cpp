/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gpuslice vgpu list|types */

#include <stdio.h>
#include <stdlib.h>
#include <string>
#include <vector>

#include <gpuslice/gpu_info.h>
#include <gpuslice/vgpu.h>

#include "command_util.h"

namespace gpuslice::tools {

namespace {

constexpr uint64_t kMiB = 1024 * 1024;

/* Sizes are whole MiB in practice; show a fraction rather than lie. */
std::string mib(uint64_t bytes)
{
	if (bytes % kMiB == 0)
		return std::to_string(bytes / kMiB);

	char buf[32];
	snprintf(buf, sizeof(buf), "%.1f", static_cast<double>(bytes) / kMiB);
	return buf;
}

/* Keys are the sysfs file names, plus uuid and mdev_type; keep them stable. */
Json vgpuToJson(const VgpuInfo &vgpu)
{
	return Json{
		{ "uuid", vgpu.uuid },
		{ "gpu", vgpu.gpu },
		{ "vf", vgpu.vf },
		{ "mdev_type", vgpu.mdevType() },
		{ "type", vgpu.typeId },
		{ "type_name", vgpu.typeName },
		{ "framebuffer_offset", vgpu.framebufferOffset },
		{ "framebuffer_size", vgpu.framebufferSize },
		{ "state", std::string(toString(vgpu.state)) },
		{ "fences", vgpu.fences },
		{ "faults", vgpu.faults },
		{ "busy_ns", vgpu.busyNs },
	};
}

Json typeToJson(const VgpuType &type)
{
	return Json{
		{ "gpu", type.gpu },
		{ "mdev_type", type.mdevType() },
		{ "type", type.id },
		{ "name", type.name },
		{ "framebuffer_mib", type.framebufferMiB },
		{ "max_instances", type.maxInstances },
		{ "available_instances", type.available },
		{ "virtual_functions", type.virtualFunctions },
		{ "device_api", type.deviceApi },
		{ "description", type.description },
	};
}

int runList(const CommandContext &context, const OptionValues &values)
{
	VgpuEnumerator enumerator(context.root);
	Result<std::vector<VgpuInfo>> vgpus = enumerator.vgpus();
	if (!vgpus) {
		context.report.error(vgpus.message());
		return EXIT_FAILURE;
	}

	if (values.isSet(OptJson)) {
		printJsonArray(context.out, *vgpus, vgpuToJson);
		return EXIT_SUCCESS;
	}

	if (vgpus->empty()) {
		context.report.notice("No gpuslice vGPUs found.");
		context.report.hint("create one with: mdevctl start -u UUID -p gpuN-vfM -t gpuslice-ID "
				    "(types: gpuslice vgpu types)");
		return EXIT_SUCCESS;
	}

	Table table({
		{ "UUID" },
		{ "GPU" },
		{ "VF" },
		{ "TYPE" },
		{ "NAME" },
		{ "FB (MiB)", Table::Align::Right },
		{ "OFFSET (MiB)", Table::Align::Right },
		{ "STATE" },
	});
	for (const VgpuInfo &vgpu : *vgpus)
		table.addRow({ vgpu.uuid, vgpu.gpu, vgpu.vf, vgpu.mdevType(), vgpu.typeName,
			       mib(vgpu.framebufferSize), mib(vgpu.framebufferOffset),
			       std::string(toString(vgpu.state)) });
	table.print(context.out);

	return EXIT_SUCCESS;
}

void declareTypes(OptionParser &parser)
{
	parser.addArgument(OptGpu, 'g', "gpu", "GPU",
			   "Only this GPU (gpuN, its index N or its UUID)")
		.addFlag(OptJson, 0, "json", "Print a JSON array instead of a table");
}

int runTypes(const CommandContext &context, const OptionValues &values)
{
	Result<std::vector<GpuInfo>> gpus = listGpus(context);
	if (!gpus) {
		context.report.error(gpus.message());
		return EXIT_FAILURE;
	}

	std::vector<GpuInfo> selected = *gpus;
	if (values.isSet(OptGpu)) {
		const GpuInfo *gpu = resolveGpu(context, *gpus, values.value(OptGpu));
		if (!gpu)
			return EXIT_FAILURE;
		selected = { *gpu };
	}

	VgpuEnumerator enumerator(context.root);
	std::vector<VgpuType> types;
	for (const GpuInfo &gpu : selected) {
		Result<std::vector<VgpuType>> gpuTypes = enumerator.types(gpu.name);
		if (!gpuTypes) {
			context.report.error(gpuTypes.message());
			return EXIT_FAILURE;
		}
		types.insert(types.end(), gpuTypes->begin(), gpuTypes->end());
	}

	if (values.isSet(OptJson)) {
		printJsonArray(context.out, types, typeToJson);
		return EXIT_SUCCESS;
	}

	if (types.empty()) {
		if (selected.empty()) {
			context.report.notice("No gpuslice GPUs found.");
			context.report.hint(kModuleHint);
		} else if (selected.size() == 1) {
			context.report.notice("No vGPU types: " + selected[0].name +
					      " has no SR-IOV virtual functions.");
			context.report.hint("enable them with: echo 4 > /sys/class/gpuslice/" +
					    selected[0].name + "/sriov_numvfs");
		} else {
			context.report.notice("No vGPU types: no GPU has SR-IOV virtual functions.");
			context.report.hint("enable them with: echo 4 > "
					    "/sys/class/gpuslice/gpuN/sriov_numvfs");
		}
		return EXIT_SUCCESS;
	}

	Table table({
		{ "GPU" },
		{ "TYPE" },
		{ "NAME" },
		{ "FB (MiB)", Table::Align::Right },
		{ "MAX", Table::Align::Right },
		{ "AVAILABLE", Table::Align::Right },
	});
	for (const VgpuType &type : types)
		table.addRow({ type.gpu, type.mdevType(), type.name,
			       std::to_string(type.framebufferMiB),
			       std::to_string(type.maxInstances),
			       std::to_string(type.available) });
	table.print(context.out);

	return EXIT_SUCCESS;
}

} /* namespace */

/**
 * \brief Retrieve the "vgpu" commands
 * \return The commands
 */
const std::vector<Command> &vgpuCommands()
{
	static const std::vector<Command> commands = {
		{
			.object = "vgpu",
			.verb = "list",
			.summary = "List the vGPUs (mdev devices) of every gpuslice GPU.",
			.description =
				"Prints one line per vGPU in /sys/bus/mdev/devices: its UUID, GPU,\n"
				"VF, mdev type and type name, framebuffer size and offset in the\n"
				"GPU's framebuffer (MiB) and state (created, open or faulted), or a\n"
				"JSON array with --json. It only reads sysfs: it does not create, start\n"
				"or remove vGPUs (mdevctl does) and needs no root privileges. Other\n"
				"drivers' mdev devices are not listed; an empty list is not an error.",
			.declare = declareJsonArrayFlag,
			.run = runList,
		},
		{
			.object = "vgpu",
			.verb = "types",
			.summary = "List the vGPU types a GPU offers and how many more fit.",
			.description =
				"Prints one line per type of every GPU with SR-IOV virtual functions,\n"
				"or of the GPU named by --gpu: mdev type, name, framebuffer (MiB), MAX\n"
				"instances in the GPU's vgpu_mode and AVAILABLE, the number of vGPUs of\n"
				"the type that can still be created on the GPU (the largest\n"
				"available_instances over its VFs: each free VF reports the GPU's\n"
				"capacity, a VF holding a vGPU reports 0). It only reads sysfs: it does\n"
				"not enable VFs or create vGPUs, and needs no root privileges.",
			.declare = declareTypes,
			.run = runTypes,
		},
	};

	return commands;
}

} /* namespace gpuslice::tools */
