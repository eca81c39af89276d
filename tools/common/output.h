/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output helpers shared by the gpuslice tools */

#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gpuslice::tools {

class Table final
{
public:
	enum class Align {
		Left,
		Right,
	};

	struct Column {
		std::string header;
		Align align = Align::Left;
	};

	explicit Table(std::vector<Column> columns);

	void addRow(std::vector<std::string> cells);
	void print(std::ostream &out) const;

private:
	std::vector<Column> columns_;
	std::vector<std::vector<std::string>> rows_;
};

using Field = std::pair<std::string, std::string>;

void printFields(std::ostream &out, const std::vector<Field> &fields);

class Reporter final
{
public:
	Reporter(std::string program, std::ostream &err);

	void error(std::string_view message) const;
	void hint(std::string_view message) const;
	void notice(std::string_view message) const;

private:
	std::string program_;
	std::ostream &err_;
};

} /* namespace gpuslice::tools */
