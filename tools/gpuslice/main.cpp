/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gpuslice: inspect and manage gpuslice GPUs */

#include <exception>
#include <iostream>
#include <stdlib.h>
#include <string>
#include <vector>

#include "cli.h"

int main(int argc, char **argv)
{
	/* The one place exceptions may surface, such as std::bad_alloc. */
	try {
		std::vector<std::string> args(argv + 1, argv + argc);

		gpuslice::tools::Cli::Environment env;
		if (const char *root = getenv("GPUSLICE_SYSFS_ROOT"))
			env.sysfsRoot = root;

		gpuslice::tools::Cli cli(std::cout, std::cerr, env);
		int ret = cli.run(args);
		std::cout.flush();
		return ret;
	} catch (const std::exception &e) {
		std::cerr << "gpuslice: Failed to run: " << e.what() << std::endl;
		return EXIT_FAILURE;
	}
}
