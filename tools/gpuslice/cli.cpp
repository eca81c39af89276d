/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The gpuslice command line interface */

#include "cli.h"

#include <algorithm>
#include <sstream>
#include <stdlib.h>
#include <string_view>
#include <vector>

#include <gpuslice/version.h>

#include "commands.h"
#include "options.h"
#include "output.h"

/**
 * \file cli.h
 * \brief The gpuslice command dispatcher and help
 *
 * The grammar is "gpuslice [OPTIONS] OBJECT VERB [OPTIONS] [ARGUMENTS]",
 * grouped by object as mdevctl's is. The Cli class takes its output streams
 * and environment as parameters so the unit tests can run it in-process.
 */

namespace gpuslice::tools {

namespace {

constexpr std::string_view kProgram = "gpuslice";

constexpr std::string_view kHelpDescription =
	"Show the help of gpuslice, with every command, or the help of one\n"
	"command with its options. It does not touch any device.";

std::vector<Command> allCommands()
{
	std::vector<Command> commands = gpuCommands();
	const std::vector<Command> &sim = simCommands();
	commands.insert(commands.end(), sim.begin(), sim.end());
	const std::vector<Command> &vgpu = vgpuCommands();
	commands.insert(commands.end(), vgpu.begin(), vgpu.end());
	return commands;
}

const Command *findCommand(const std::vector<Command> &commands,
			   std::string_view object, std::string_view verb)
{
	auto it = std::find_if(commands.begin(), commands.end(), [&](const Command &c) {
		return c.object == object && c.verb == verb;
	});
	return it == commands.end() ? nullptr : &*it;
}

std::string commandName(const Command &command)
{
	return std::string(command.object) + " " + std::string(command.verb);
}

void addCommonOptions(OptionParser &parser)
{
	parser.addFlag(OptHelp, 'h', "help", "Show this help and exit")
		.addArgument(OptSysfsRoot, 0, "sysfs-root", "DIR",
			     "Use DIR instead of / as the root of /sys and /dev (testing)")
		.hide(OptSysfsRoot)
		.setHelpOption(OptHelp);
}

OptionParser globalParser()
{
	OptionParser parser;
	addCommonOptions(parser);
	parser.addFlag(OptVersion, 'V', "version", "Show the version and exit")
		.addConflict(OptHelp, OptVersion)
		.setStopAtPositional(true);
	return parser;
}

OptionParser commandParser(const Command &command)
{
	OptionParser parser;
	addCommonOptions(parser);
	command.declare(parser);
	return parser;
}

std::string commandSynopsis(const Command &command)
{
	OptionParser parser;
	command.declare(parser);
	std::string synopsis = parser.synopsis();
	return commandName(command) + (synopsis.empty() ? "" : " " + synopsis);
}

void printIndented(std::ostream &out, std::string_view text, std::string_view indent)
{
	std::istringstream lines{ std::string(text) };
	for (std::string line; std::getline(lines, line);)
		out << (line.empty() ? "" : indent) << line << "\n";
}

void printHelp(std::ostream &out, const std::vector<Command> &commands)
{
	out << "Usage: " << kProgram << " [OPTIONS] OBJECT VERB [ARGUMENTS]\n"
	    << "\n"
	    << "Inspect and manage the physical GPUs that gpuslice shares between\n"
	    << "virtual machines, and the simulated GPUs that stand in for them.\n"
	    << "\n"
	    << "Options:\n";
	globalParser().printOptions(out);
	out << "\nCommands:\n";

	for (const Command &command : commands) {
		out << "\n  " << commandSynopsis(command) << "\n";
		printIndented(out, command.summary, "    ");
		out << "\n";
		printIndented(out, command.description, "    ");
	}

	out << "\n  help [OBJECT VERB]\n"
	    << "    Show help for gpuslice or for one command.\n\n";
	printIndented(out, kHelpDescription, "    ");

	out << "\nRun '" << kProgram << " help OBJECT VERB' for the options of one command.\n";
}

void printCommandHelp(std::ostream &out, const Command &command)
{
	out << "Usage: " << kProgram << " " << commandSynopsis(command) << "\n\n"
	    << command.summary << "\n\n"
	    << command.description << "\n\n"
	    << "Options:\n";
	commandParser(command).printOptions(out);
}

} /* namespace */

/**
 * \class Cli
 * \brief The gpuslice command line, runnable in-process
 */

/**
 * \struct Cli::Environment
 * \brief The parts of the process environment the CLI uses
 * \var Cli::Environment::sysfsRoot
 * \brief The value of GPUSLICE_SYSFS_ROOT, or empty
 */

/**
 * \brief Construct a command line interface
 * \param[out] out The stream for command output
 * \param[out] err The stream for errors, hints and notices
 * \param[in] env The environment
 */
Cli::Cli(std::ostream &out, std::ostream &err, Environment env)
	: out_(out), err_(err), env_(std::move(env))
{
}

/**
 * \brief Run one command line
 * \param[in] args The arguments, without the program name
 * \return EXIT_SUCCESS or EXIT_FAILURE
 */
int Cli::run(std::span<const std::string> args)
{
	const Reporter report(std::string(kProgram), err_);
	const std::vector<Command> commands = allCommands();
	const std::string usageHint = "run '" + std::string(kProgram) +
				      " help' for a list of commands";

	Result<OptionValues> global = globalParser().parse(args);
	if (!global) {
		report.error("Failed to parse arguments: " + global.message());
		report.hint(usageHint);
		return EXIT_FAILURE;
	}

	if (global->isSet(OptVersion)) {
		out_ << kProgram << " " << GPUSLICE_VERSION << "\n";
		return EXIT_SUCCESS;
	}

	const std::vector<std::string> &words = global->positional();
	const bool helpWord = !words.empty() && words[0] == "help";
	if (global->isSet(OptHelp) || helpWord) {
		std::span<const std::string> target(words);
		if (helpWord)
			target = target.subspan(1);

		if (target.empty()) {
			printHelp(out_, commands);
			return EXIT_SUCCESS;
		}

		const Command *command = target.size() == 2
						 ? findCommand(commands, target[0], target[1])
						 : nullptr;
		if (!command) {
			std::string name;
			for (const std::string &word : target)
				name += (name.empty() ? "" : " ") + word;
			report.error("Failed to show help for '" + name + "': unknown command");
			report.hint(usageHint);
			return EXIT_FAILURE;
		}

		printCommandHelp(out_, *command);
		return EXIT_SUCCESS;
	}

	if (words.empty()) {
		report.error("Failed to parse arguments: missing command");
		report.hint(usageHint);
		return EXIT_FAILURE;
	}

	const Command *command = words.size() >= 2
					 ? findCommand(commands, words[0], words[1])
					 : nullptr;
	if (!command) {
		std::string name = words[0] + (words.size() >= 2 ? " " + words[1] : "");
		report.error("Failed to run '" + name + "': unknown command");
		report.hint(usageHint);
		return EXIT_FAILURE;
	}

	const std::string name = commandName(*command);
	Result<OptionValues> values =
		commandParser(*command).parse(std::span(words).subspan(2));
	if (!values) {
		report.error("Failed to parse '" + name + "' arguments: " + values.message());
		report.hint("run '" + std::string(kProgram) + " help " + name + "' for usage");
		return EXIT_FAILURE;
	}

	if (values->isSet(OptHelp)) {
		printCommandHelp(out_, *command);
		return EXIT_SUCCESS;
	}

	std::string root = env_.sysfsRoot;
	if (global->isSet(OptSysfsRoot))
		root = global->value(OptSysfsRoot);
	if (values->isSet(OptSysfsRoot))
		root = values->value(OptSysfsRoot);

	const CommandContext context{ SysfsRoot(root), out_, report };
	return command->run(context, *values);
}

} /* namespace gpuslice::tools */
