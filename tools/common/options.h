/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Command line option parser with declared conflicts */

#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gpuslice/result.h>

namespace gpuslice::tools {

struct Option {
	int id;
	char shortName;
	std::string longName;
	std::string argumentName;
	std::string help;
	bool hidden;
};

class OptionValues final
{
public:
	bool isSet(int id) const { return values_.count(id) != 0; }
	const std::string &value(int id) const;
	const std::vector<std::string> &positional() const { return positional_; }

private:
	friend class OptionParser;

	std::map<int, std::string> values_;
	std::vector<std::string> positional_;
};

class OptionParser final
{
public:
	OptionParser &addFlag(int id, char shortName, std::string longName,
			      std::string help);
	OptionParser &addArgument(int id, char shortName, std::string longName,
				  std::string argumentName, std::string help);
	OptionParser &hide(int id);
	OptionParser &addConflict(int first, int second);
	OptionParser &addPositional(std::string name);
	OptionParser &setHelpOption(int id);
	OptionParser &setStopAtPositional(bool stop);

	Result<OptionValues> parse(std::span<const std::string> args) const;

	std::string synopsis() const;
	void printOptions(std::ostream &out) const;

private:
	const Option *findLong(std::string_view name) const;
	const Option *findShort(char name) const;
	const Option *findId(int id) const;
	std::string displayName(const Option &option) const;

	std::vector<Option> options_;
	std::vector<std::pair<int, int>> conflicts_;
	std::vector<std::string> positional_;
	std::optional<int> helpOption_;
	bool stopAtPositional_ = false;
};

} /* namespace gpuslice::tools */
