/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The gpuslice commands: declarations shared by the dispatcher */

#pragma once

#include <ostream>
#include <string_view>
#include <vector>

#include <gpuslice/sysfs_root.h>

#include "options.h"
#include "output.h"

namespace gpuslice::tools {

enum OptionId {
	OptHelp = 'h',
	OptVersion = 'V',
	OptSysfsRoot = 256,
	OptJson,
	OptGpu,
};

struct CommandContext {
	SysfsRoot root;
	std::ostream &out;
	const Reporter &report;
};

struct Command {
	std::string_view object;
	std::string_view verb;
	std::string_view summary;
	std::string_view description;
	void (*declare)(OptionParser &parser);
	int (*run)(const CommandContext &context, const OptionValues &values);
};

const std::vector<Command> &gpuCommands();
const std::vector<Command> &simCommands();
const std::vector<Command> &vgpuCommands();

} /* namespace gpuslice::tools */
