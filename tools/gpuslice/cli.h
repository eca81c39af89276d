/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The gpuslice command line interface */

#pragma once

#include <ostream>
#include <span>
#include <string>

namespace gpuslice::tools {

class Cli final
{
public:
	struct Environment {
		std::string sysfsRoot;
	};

	Cli(std::ostream &out, std::ostream &err, Environment env = {});

	int run(std::span<const std::string> args);

private:
	std::ostream &out_;
	std::ostream &err_;
	Environment env_;
};

} /* namespace gpuslice::tools */
