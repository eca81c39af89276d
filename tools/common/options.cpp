/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command line option parser with declared conflicts */

#include "options.h"

#include <algorithm>
#include <errno.h>
#include <iomanip>
#include <sstream>

/**
 * \file options.h
 * \brief A small command line parser for the gpuslice tools
 *
 * It understands "--long", "--long=VALUE", "--long VALUE", "-s", "-sVALUE",
 * "-s VALUE", grouped short flags ("-hV") and "--" to end options. Options
 * may appear before, between and after positional arguments unless the
 * parser stops at the first positional (for a command dispatcher). Option
 * conflicts and the positional arguments are declared up front and checked
 * by parse(), so commands never validate their command line ad hoc.
 *
 * Unlike getopt_long() it keeps no global state, so a command can be parsed
 * many times in one process, as the unit tests do.
 */

namespace gpuslice::tools {

namespace {

Error usageError(const std::string &message)
{
	return Error(-EINVAL, message);
}

} /* namespace */

/**
 * \struct Option
 * \brief The declaration of one option
 * \var Option::id
 * \brief The identifier parse() results are keyed by
 * \var Option::shortName
 * \brief The short name ('h' for -h), or 0 for none
 * \var Option::longName
 * \brief The long name ("help" for --help), or empty for none
 * \var Option::argumentName
 * \brief The name of the option's argument in help text ("DIR"), or empty if
 * the option takes no argument
 * \var Option::help
 * \brief One line of help text
 * \var Option::hidden
 * \brief Accepted but left out of help text (testing options)
 */

/**
 * \class OptionValues
 * \brief The options and positional arguments found by OptionParser::parse()
 */

/**
 * \fn OptionValues::isSet()
 * \brief Check whether an option was given
 * \param[in] id The option identifier
 * \return True if the option was given at least once, false otherwise
 */

/**
 * \brief Retrieve the argument of an option
 * \param[in] id The option identifier
 * \return The argument given last, or an empty string if the option was not
 * given or takes no argument
 */
const std::string &OptionValues::value(int id) const
{
	static const std::string empty;
	auto it = values_.find(id);
	return it == values_.end() ? empty : it->second;
}

/**
 * \fn OptionValues::positional()
 * \brief Retrieve the positional arguments, in order
 *
 * When the parser stops at the first positional argument, this holds that
 * argument and every argument after it, unparsed.
 *
 * \return The positional arguments
 */

/**
 * \class OptionParser
 * \brief Declarative command line parser
 */

/**
 * \brief Declare an option that takes no argument
 * \param[in] id The identifier parse() results are keyed by
 * \param[in] shortName The short name ('h' for -h), or 0 for none
 * \param[in] longName The long name ("help" for --help)
 * \param[in] help One line of help text
 * \return This parser, to chain declarations
 */
OptionParser &OptionParser::addFlag(int id, char shortName, std::string longName,
				    std::string help)
{
	options_.push_back({ id, shortName, std::move(longName), {}, std::move(help), false });
	return *this;
}

/**
 * \brief Declare an option that takes an argument
 * \param[in] id The identifier parse() results are keyed by
 * \param[in] shortName The short name, or 0 for none
 * \param[in] longName The long name ("sysfs-root" for --sysfs-root)
 * \param[in] argumentName The argument name in help text ("DIR")
 * \param[in] help One line of help text
 * \return This parser, to chain declarations
 */
OptionParser &OptionParser::addArgument(int id, char shortName, std::string longName,
					std::string argumentName, std::string help)
{
	options_.push_back({ id, shortName, std::move(longName),
			     std::move(argumentName), std::move(help), false });
	return *this;
}

/**
 * \brief Leave an option out of help text, for testing options
 * \param[in] id The identifier of a declared option
 * \return This parser, to chain declarations
 */
OptionParser &OptionParser::hide(int id)
{
	for (Option &option : options_) {
		if (option.id == id)
			option.hidden = true;
	}
	return *this;
}

/**
 * \brief Declare that two options cannot be used together
 * \param[in] first The identifier of one option
 * \param[in] second The identifier of the other option
 * \return This parser, to chain declarations
 */
OptionParser &OptionParser::addConflict(int first, int second)
{
	conflicts_.emplace_back(first, second);
	return *this;
}

/**
 * \brief Declare a required positional argument
 * \param[in] name The argument name in help and error text ("GPU")
 * \return This parser, to chain declarations
 */
OptionParser &OptionParser::addPositional(std::string name)
{
	positional_.push_back(std::move(name));
	return *this;
}

/**
 * \brief Declare the help option
 * \param[in] id The identifier of the help option
 *
 * When the help option is given, missing or extra positional arguments are
 * not reported, so "gpuslice gpu show --help" shows help.
 *
 * \return This parser, to chain declarations
 */
OptionParser &OptionParser::setHelpOption(int id)
{
	helpOption_ = id;
	return *this;
}

/**
 * \brief Stop parsing at the first positional argument
 * \param[in] stop True to stop, as a dispatcher does before a subcommand
 * \return This parser, to chain declarations
 */
OptionParser &OptionParser::setStopAtPositional(bool stop)
{
	stopAtPositional_ = stop;
	return *this;
}

const Option *OptionParser::findLong(std::string_view name) const
{
	auto it = std::find_if(options_.begin(), options_.end(),
			       [&](const Option &o) { return !o.longName.empty() && o.longName == name; });
	return it == options_.end() ? nullptr : &*it;
}

const Option *OptionParser::findShort(char name) const
{
	auto it = std::find_if(options_.begin(), options_.end(),
			       [&](const Option &o) { return o.shortName && o.shortName == name; });
	return it == options_.end() ? nullptr : &*it;
}

const Option *OptionParser::findId(int id) const
{
	auto it = std::find_if(options_.begin(), options_.end(),
			       [&](const Option &o) { return o.id == id; });
	return it == options_.end() ? nullptr : &*it;
}

std::string OptionParser::displayName(const Option &option) const
{
	if (!option.longName.empty())
		return "--" + option.longName;
	return std::string("-") + option.shortName;
}

/**
 * \brief Parse a command line
 * \param[in] args The arguments, without the program or command name
 * \return The options and positional arguments found, or an error whose
 * message describes the first problem, such as "unknown option '--foo'"
 * \retval -EINVAL The command line is invalid
 */
Result<OptionValues> OptionParser::parse(std::span<const std::string> args) const
{
	OptionValues values;
	bool optionsEnded = false;

	for (size_t i = 0; i < args.size(); i++) {
		const std::string &arg = args[i];

		if (optionsEnded || arg.size() < 2 || arg[0] != '-') {
			if (stopAtPositional_ && !optionsEnded) {
				values.positional_.assign(args.begin() + i, args.end());
				break;
			}
			values.positional_.push_back(arg);
			continue;
		}

		if (arg == "--") {
			optionsEnded = true;
			if (stopAtPositional_) {
				values.positional_.assign(args.begin() + i + 1, args.end());
				break;
			}
			continue;
		}

		if (arg[1] == '-') {
			std::string_view body = std::string_view(arg).substr(2);
			size_t equals = body.find('=');
			std::string_view name = body.substr(0, equals);

			const Option *option = findLong(name);
			if (!option)
				return usageError("unknown option '--" + std::string(name) + "'");

			if (option->argumentName.empty()) {
				if (equals != std::string_view::npos)
					return usageError("option '--" + option->longName +
							  "' does not take an argument");
				values.values_.try_emplace(option->id);
				continue;
			}

			if (equals != std::string_view::npos) {
				values.values_[option->id] = body.substr(equals + 1);
			} else if (i + 1 < args.size()) {
				values.values_[option->id] = args[++i];
			} else {
				return usageError("option '--" + option->longName +
						  "' requires an argument " + option->argumentName);
			}
			continue;
		}

		for (size_t j = 1; j < arg.size(); j++) {
			const Option *option = findShort(arg[j]);
			if (!option)
				return usageError(std::string("unknown option '-") + arg[j] + "'");

			if (option->argumentName.empty()) {
				values.values_.try_emplace(option->id);
				continue;
			}

			if (j + 1 < arg.size()) {
				values.values_[option->id] = arg.substr(j + 1);
			} else if (i + 1 < args.size()) {
				values.values_[option->id] = args[++i];
			} else {
				return usageError(std::string("option '-") + arg[j] +
						  "' requires an argument " + option->argumentName);
			}
			break;
		}
	}

	for (const auto &[first, second] : conflicts_) {
		if (!values.isSet(first) || !values.isSet(second))
			continue;

		const Option *a = findId(first);
		const Option *b = findId(second);
		return usageError("options '" + displayName(*a) + "' and '" +
				  displayName(*b) + "' cannot be used together");
	}

	if (stopAtPositional_ || (helpOption_ && values.isSet(*helpOption_)))
		return values;

	if (values.positional_.size() < positional_.size())
		return usageError("missing argument " +
				  positional_[values.positional_.size()]);
	if (values.positional_.size() > positional_.size())
		return usageError("unexpected argument '" +
				  values.positional_[positional_.size()] + "'");

	return values;
}

/**
 * \brief Build a one-line synopsis of the visible options and positionals
 * \return A synopsis such as "[--help] [--json] GPU"
 */
std::string OptionParser::synopsis() const
{
	std::string result;

	for (const Option &option : options_) {
		if (option.hidden)
			continue;

		if (!result.empty())
			result += ' ';
		result += "[" + displayName(option);
		if (!option.argumentName.empty())
			result += " " + option.argumentName;
		result += "]";
	}

	for (const std::string &name : positional_) {
		if (!result.empty())
			result += ' ';
		result += name;
	}

	return result;
}

/**
 * \brief Print one line per visible option with its help text
 * \param[out] out The stream to print to
 */
void OptionParser::printOptions(std::ostream &out) const
{
	std::vector<std::pair<std::string, const Option *>> lines;
	size_t width = 0;

	for (const Option &option : options_) {
		if (option.hidden)
			continue;

		std::string names = option.shortName
					    ? std::string("-") + option.shortName + ", "
					    : std::string("    ");
		names += "--" + option.longName;
		if (!option.argumentName.empty())
			names += " " + option.argumentName;

		width = std::max(width, names.size());
		lines.emplace_back(std::move(names), &option);
	}

	for (const auto &[names, option] : lines)
		out << "  " << std::left << std::setw(width + 2) << names
		    << option->help << "\n";
}

} /* namespace gpuslice::tools */
