/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gpuslice sim create|delete */

#include <charconv>
#include <errno.h>
#include <optional>
#include <stdlib.h>
#include <string.h>
#include <string>
#include <vector>

#include <gpuslice/simulator.h>

#include "commands.h"

namespace gpuslice::tools {

namespace {

constexpr std::string_view kSimModuleHint =
	"is the gpuslice_sim module loaded? Try: modprobe gpuslice_sim";

std::optional<unsigned int> parseId(const std::string &str)
{
	unsigned int id;
	auto [end, ec] = std::from_chars(str.data(), str.data() + str.size(), id);
	if (str.empty() || ec != std::errc() || end != str.data() + str.size())
		return std::nullopt;
	return id;
}

/* Hints shared by create and delete, keyed on the errno the kernel gave. */
void hintCommon(const CommandContext &context, const Simulator &sim, int ret)
{
	if (ret == -ENOENT && !sim.isAvailable())
		context.report.hint(kSimModuleHint);
	else if (ret == -EACCES || ret == -EPERM)
		context.report.hint("managing simulated GPUs needs root privileges");
}

void declareCreate(OptionParser &parser)
{
	parser.addPositional("ID").addPositional("MODEL");
}

int runCreate(const CommandContext &context, const OptionValues &values)
{
	const std::string &idArg = values.positional()[0];
	const std::string &model = values.positional()[1];

	std::optional<unsigned int> id = parseId(idArg);
	if (!id) {
		context.report.error("Failed to parse 'sim create' arguments: invalid ID '" +
				     idArg + "' (expected a non-negative integer)");
		return EXIT_FAILURE;
	}

	Simulator sim(context.root);
	int ret = sim.createDevice(*id, model);
	if (ret < 0) {
		context.report.error("Failed to create simulated GPU " + idArg + " (" +
				     model + "): " + strerror(-ret));
		if (ret == -EEXIST)
			context.report.hint("ID " + idArg + " is in use; pick another ID or " +
					    "delete it with: gpuslice sim delete " + idArg);
		else if (ret == -EINVAL)
			context.report.hint("MODEL must be one of a100-40gb, a100-80gb, h100-80gb");
		else
			hintCommon(context, sim, ret);
		return EXIT_FAILURE;
	}

	context.out << "Created simulated GPU sim" << *id << " (" << model << ")\n";
	return EXIT_SUCCESS;
}

void declareDelete(OptionParser &parser)
{
	parser.addPositional("ID");
}

int runDelete(const CommandContext &context, const OptionValues &values)
{
	const std::string &idArg = values.positional()[0];

	std::optional<unsigned int> id = parseId(idArg);
	if (!id) {
		context.report.error("Failed to parse 'sim delete' arguments: invalid ID '" +
				     idArg + "' (expected a non-negative integer)");
		return EXIT_FAILURE;
	}

	Simulator sim(context.root);
	int ret = sim.deleteDevice(*id);
	if (ret < 0) {
		context.report.error("Failed to delete simulated GPU " + idArg + ": " +
				     strerror(-ret));
		if (ret == -ENOENT && sim.isAvailable())
			context.report.hint("no simulated GPU has ID " + idArg + "; see '" +
					    context.root.simDevices().string() + "'");
		else
			hintCommon(context, sim, ret);
		return EXIT_FAILURE;
	}

	context.out << "Deleted simulated GPU sim" << *id << "\n";
	return EXIT_SUCCESS;
}

} /* namespace */

/**
 * \brief Retrieve the "sim" commands
 * \return The commands
 */
const std::vector<Command> &simCommands()
{
	static const std::vector<Command> commands = {
		{
			.object = "sim",
			.verb = "create",
			.summary = "Create a simulated GPU.",
			.description =
				"Writes \"ID MODEL\" to /sys/bus/gpuslice_sim/new_device, so the\n"
				"gpuslice_sim module adds a simulated GPU that the gpuslice core then\n"
				"registers as a gpuN. ID is a number unique among simulated GPUs and\n"
				"MODEL one of a100-40gb, a100-80gb, h100-80gb. Needs root. It does not\n"
				"load any module, and it creates no VFs, MIG partitions or vGPUs.",
			.declare = declareCreate,
			.run = runCreate,
		},
		{
			.object = "sim",
			.verb = "delete",
			.summary = "Delete a simulated GPU.",
			.description =
				"Writes \"ID\" to /sys/bus/gpuslice_sim/del_device, so the gpuslice_sim\n"
				"module removes the simulated GPU with that ID. Needs root. It does not\n"
				"touch other simulated GPUs or any physical GPU, and it does not unload\n"
				"the module.",
			.declare = declareDelete,
			.run = runDelete,
		},
	};

	return commands;
}

} /* namespace gpuslice::tools */
