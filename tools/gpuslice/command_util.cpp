/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pieces every gpuslice command shares: GPU lookup and JSON output */

#include "command_util.h"

#include <errno.h>
#include <memory>
#include <string.h>

#include <gpuslice/gpu_enumerator.h>

namespace gpuslice::tools {

Result<std::vector<GpuInfo>> listGpus(const CommandContext &context)
{
	Result<std::unique_ptr<GpuEnumerator>> enumerator =
		GpuEnumerator::create(context.root);
	if (!enumerator)
		return enumerator.errorInfo();

	return (*enumerator)->enumerate();
}

const GpuInfo *resolveGpu(const CommandContext &context,
			  const std::vector<GpuInfo> &gpus, const std::string &id)
{
	const GpuInfo *gpu = findGpu(gpus, id);
	if (gpu)
		return gpu;

	context.report.error("Failed to find GPU '" + id + "': " + strerror(ENODEV));
	if (gpus.empty())
		context.report.hint(kModuleHint);
	else
		context.report.hint("name a GPU as gpuN, by its index N or by its "
				    "UUID; list them with: gpuslice gpu list");
	return nullptr;
}

void declareJsonArrayFlag(OptionParser &parser)
{
	parser.addFlag(OptJson, 0, "json", "Print a JSON array instead of a table");
}

void printJson(std::ostream &out, const Json &json)
{
	/* sysfs strings are not guaranteed UTF-8: never throw on them. */
	out << json.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

} /* namespace gpuslice::tools */
