/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests for the tools' option parser */

#include "options.h"

#include <errno.h>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace gpuslice::tools {
namespace {

enum {
	OptHelp,
	OptVersion,
	OptJson,
	OptRoot,
	OptType,
};

OptionParser makeParser()
{
	OptionParser parser;
	parser.addFlag(OptHelp, 'h', "help", "Show help")
		.addFlag(OptVersion, 'V', "version", "Show version")
		.addFlag(OptJson, 0, "json", "Print JSON")
		.addArgument(OptType, 't', "type", "TYPE", "Select a type")
		.addArgument(OptRoot, 0, "root", "DIR", "Testing root")
		.hide(OptRoot)
		.addConflict(OptHelp, OptVersion)
		.addPositional("GPU")
		.setHelpOption(OptHelp);
	return parser;
}

Result<OptionValues> parse(const OptionParser &parser, std::vector<std::string> args)
{
	return parser.parse(args);
}

std::string parseError(const OptionParser &parser, std::vector<std::string> args)
{
	Result<OptionValues> values = parser.parse(args);
	EXPECT_FALSE(values.ok());
	EXPECT_EQ(values.error(), -EINVAL);
	return values.message();
}

TEST(OptionParser, ParsesLongShortAndPositional)
{
	auto values = parse(makeParser(), { "--json", "gpu0", "--type=H100-4C" });
	ASSERT_TRUE(values.ok()) << values.message();
	EXPECT_TRUE(values->isSet(OptJson));
	EXPECT_FALSE(values->isSet(OptHelp));
	EXPECT_EQ(values->value(OptType), "H100-4C");
	EXPECT_EQ(values->positional(), std::vector<std::string>{ "gpu0" });
}

TEST(OptionParser, TakesArgumentsInEverySpelling)
{
	const OptionParser parser = makeParser();
	for (const auto &args : std::vector<std::vector<std::string>>{
		     { "--type", "A", "gpu0" },
		     { "--type=A", "gpu0" },
		     { "-t", "A", "gpu0" },
		     { "-tA", "gpu0" },
		     { "gpu0", "-t", "A" } }) {
		auto values = parser.parse(args);
		ASSERT_TRUE(values.ok()) << values.message();
		EXPECT_EQ(values->value(OptType), "A");
		EXPECT_EQ(values->positional(), std::vector<std::string>{ "gpu0" });
	}

	auto grouped = parse(parser, { "-ht", "B", "gpu0" });
	ASSERT_TRUE(grouped.ok()) << grouped.message();
	EXPECT_TRUE(grouped->isSet(OptHelp));
	EXPECT_EQ(grouped->value(OptType), "B");

	auto last = parse(parser, { "-t", "A", "--type", "B", "gpu0" });
	ASSERT_TRUE(last.ok());
	EXPECT_EQ(last->value(OptType), "B");
}

TEST(OptionParser, DoubleDashEndsOptions)
{
	auto values = parse(makeParser(), { "--", "--json" });
	ASSERT_TRUE(values.ok()) << values.message();
	EXPECT_FALSE(values->isSet(OptJson));
	EXPECT_EQ(values->positional(), std::vector<std::string>{ "--json" });
}

TEST(OptionParser, ReportsErrorsExactly)
{
	const OptionParser parser = makeParser();
	EXPECT_EQ(parseError(parser, { "--frob", "gpu0" }), "unknown option '--frob'");
	EXPECT_EQ(parseError(parser, { "-x", "gpu0" }), "unknown option '-x'");
	EXPECT_EQ(parseError(parser, { "gpu0", "--type" }),
		  "option '--type' requires an argument TYPE");
	EXPECT_EQ(parseError(parser, { "gpu0", "-t" }),
		  "option '-t' requires an argument TYPE");
	EXPECT_EQ(parseError(parser, { "--json=yes", "gpu0" }),
		  "option '--json' does not take an argument");
	EXPECT_EQ(parseError(parser, { "--help", "--version" }),
		  "options '--help' and '--version' cannot be used together");
	EXPECT_EQ(parseError(parser, {}), "missing argument GPU");
	EXPECT_EQ(parseError(parser, { "gpu0", "gpu1" }), "unexpected argument 'gpu1'");
}

TEST(OptionParser, HelpSkipsPositionalChecks)
{
	auto values = parse(makeParser(), { "--help" });
	ASSERT_TRUE(values.ok()) << values.message();
	EXPECT_TRUE(values->isSet(OptHelp));
}

TEST(OptionParser, StopsAtFirstPositionalWhenAsked)
{
	OptionParser parser;
	parser.addFlag(OptHelp, 'h', "help", "Show help").setStopAtPositional(true);

	auto values = parse(parser, { "-h", "gpu", "list", "--json", "--frob" });
	ASSERT_TRUE(values.ok()) << values.message();
	EXPECT_TRUE(values->isSet(OptHelp));
	EXPECT_EQ(values->positional(),
		  (std::vector<std::string>{ "gpu", "list", "--json", "--frob" }));
}

TEST(OptionParser, HelpTextLeavesOutHiddenOptions)
{
	const OptionParser parser = makeParser();
	EXPECT_EQ(parser.synopsis(), "[--help] [--version] [--json] [--type TYPE] GPU");

	std::ostringstream out;
	parser.printOptions(out);
	EXPECT_EQ(out.str(), "  -h, --help       Show help\n"
			     "  -V, --version    Show version\n"
			     "      --json       Print JSON\n"
			     "  -t, --type TYPE  Select a type\n");
}

} /* namespace */
} /* namespace gpuslice::tools */
