/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for the tools' output helpers */

#include "output.h"

#include <sstream>

#include <gtest/gtest.h>

namespace gpuslice::tools {
namespace {

TEST(Table, FitsColumnsAndAlignsNumbersRight)
{
	Table table({ { "NAME" }, { "SMS", Table::Align::Right }, { "NOTE" } });
	table.addRow({ "gpu0", "108", "" });
	table.addRow({ "gpu10", "7", "spare" });

	std::ostringstream out;
	table.print(out);
	EXPECT_EQ(out.str(), "NAME   SMS  NOTE\n"
			     "gpu0   108\n"
			     "gpu10    7  spare\n");
}

TEST(Table, PrintsHeaderOfEmptyTable)
{
	Table table({ { "A" }, { "BB" } });
	std::ostringstream out;
	table.print(out);
	EXPECT_EQ(out.str(), "A  BB\n");
}

TEST(PrintFields, AlignsValues)
{
	std::ostringstream out;
	printFields(out, { { "GPU", "gpu0" }, { "Copy engines", "7" } });
	EXPECT_EQ(out.str(), "GPU:          gpu0\n"
			     "Copy engines: 7\n");
}

TEST(Reporter, PrefixesErrorsAndHints)
{
	std::ostringstream err;
	Reporter report("gpuslice", err);
	report.error("Failed to frob: Invalid argument");
	report.hint("try harder");
	report.notice("Nothing found.");
	EXPECT_EQ(err.str(), "gpuslice: Failed to frob: Invalid argument\n"
			     "Hint: try harder\n"
			     "Nothing found.\n");
}

} /* namespace */
} /* namespace gpuslice::tools */
