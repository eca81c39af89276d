/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pieces every gpuslice command shares: GPU lookup and JSON output */

#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gpuslice/gpu_info.h>
#include <gpuslice/result.h>

#include <nlohmann/json.hpp>

#include "commands.h"

namespace gpuslice::tools {

using Json = nlohmann::ordered_json;

/* What to try when no GPU is registered. */
inline constexpr std::string_view kModuleHint =
	"is the gpuslice module loaded? Try: modprobe gpuslice_sim devices=h100-80gb";

Result<std::vector<GpuInfo>> listGpus(const CommandContext &context);

/*
 * The GPU named by id (gpuN, N or its UUID) among gpus, or nullptr after
 * reporting the error with a hint.
 */
const GpuInfo *resolveGpu(const CommandContext &context,
			  const std::vector<GpuInfo> &gpus, const std::string &id);

void declareJsonArrayFlag(OptionParser &parser);

void printJson(std::ostream &out, const Json &json);

template<typename T, typename ToJson>
void printJsonArray(std::ostream &out, const std::vector<T> &items, ToJson toJson)
{
	Json array = Json::array();
	for (const T &item : items)
		array.push_back(toJson(item));
	printJson(out, array);
}

} /* namespace gpuslice::tools */
