/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output helpers shared by the gpuslice tools */

#include "output.h"

#include <algorithm>
#include <cassert>

/**
 * \file output.h
 * \brief Tables, key-value listings and error reporting for the tools
 */

namespace gpuslice::tools {

/**
 * \class Table
 * \brief A text table whose column widths fit their contents
 *
 * Columns are separated by two spaces. No line ends with whitespace.
 */

/**
 * \enum Table::Align
 * \brief Alignment of a column's cells and header
 * \var Table::Align::Left
 * \brief Left-aligned, for text
 * \var Table::Align::Right
 * \brief Right-aligned, for numbers
 */

/**
 * \struct Table::Column
 * \brief The declaration of a column
 * \var Table::Column::header
 * \brief The header text
 * \var Table::Column::align
 * \brief The alignment of the column
 */

/**
 * \brief Construct an empty table
 * \param[in] columns The columns
 */
Table::Table(std::vector<Column> columns)
	: columns_(std::move(columns))
{
}

/**
 * \brief Append a row
 * \param[in] cells One cell per column
 */
void Table::addRow(std::vector<std::string> cells)
{
	assert(cells.size() == columns_.size());
	rows_.push_back(std::move(cells));
}

/**
 * \brief Print the header and the rows
 * \param[out] out The stream to print to
 */
void Table::print(std::ostream &out) const
{
	std::vector<size_t> widths;
	for (const Column &column : columns_)
		widths.push_back(column.header.size());
	for (const auto &row : rows_)
		for (size_t i = 0; i < row.size(); i++)
			widths[i] = std::max(widths[i], row[i].size());

	auto printLine = [&](auto cell) {
		std::string line;
		for (size_t i = 0; i < columns_.size(); i++) {
			const std::string &text = cell(i);
			std::string padding(widths[i] - text.size(), ' ');

			if (i > 0)
				line += "  ";
			if (columns_[i].align == Align::Right)
				line += padding + text;
			else
				line += text + padding;
		}

		line.erase(line.find_last_not_of(' ') + 1);
		out << line << "\n";
	};

	printLine([&](size_t i) -> const std::string & { return columns_[i].header; });
	for (const auto &row : rows_)
		printLine([&](size_t i) -> const std::string & { return row[i]; });
}

/**
 * \typedef Field
 * \brief A label and its value, for printFields()
 */

/**
 * \brief Print "Label:  value" lines with the values aligned
 * \param[out] out The stream to print to
 * \param[in] fields The labels and values, in order
 */
void printFields(std::ostream &out, const std::vector<Field> &fields)
{
	size_t width = 0;
	for (const auto &[label, value] : fields)
		width = std::max(width, label.size() + 1);

	for (const auto &[label, value] : fields)
		out << label << ":" << std::string(width - label.size(), ' ')
		    << value << "\n";
}

/**
 * \class Reporter
 * \brief Print user-facing errors and hints in one fixed format
 *
 * Errors read "<program>: Failed to ...", hints read "Hint: ...", and
 * notices are printed as is, all on the error stream so that standard output
 * only carries command output.
 */

/**
 * \brief Construct a reporter
 * \param[in] program The program name that prefixes errors
 * \param[in] err The stream to print to
 */
Reporter::Reporter(std::string program, std::ostream &err)
	: program_(std::move(program)), err_(err)
{
}

/**
 * \brief Print an error
 * \param[in] message The message, normally starting with "Failed to"
 */
void Reporter::error(std::string_view message) const
{
	err_ << program_ << ": " << message << "\n";
}

/**
 * \brief Print a hint on how to fix the previous error
 * \param[in] message The hint
 */
void Reporter::hint(std::string_view message) const
{
	err_ << "Hint: " << message << "\n";
}

/**
 * \brief Print a notice that is neither an error nor command output
 * \param[in] message The notice, such as "No gpuslice GPUs found."
 */
void Reporter::notice(std::string_view message) const
{
	err_ << message << "\n";
}

} /* namespace gpuslice::tools */
