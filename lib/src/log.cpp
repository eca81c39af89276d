/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Minimal categorised logging for libgpuslice */

#include "gpuslice/internal/log.h"

#include <atomic>
#include <iostream>
#include <stdlib.h>
#include <string_view>

/**
 * \file log.h
 * \brief Categorised logging, internal to libgpuslice
 *
 * Messages go to standard error prefixed with "gpuslice", the severity and
 * the category. The initial threshold is read from the GPUSLICE_LOG_LEVEL
 * environment variable (debug, info, warning or error) and defaults to
 * warning, so a library used by a CLI stays quiet unless something needs
 * attention.
 */

namespace gpuslice {

namespace {

LogSeverity initialLogLevel()
{
	const char *env = getenv("GPUSLICE_LOG_LEVEL");
	if (!env)
		return LogWarning;

	std::string_view level(env);
	if (level == "debug")
		return LogDebug;
	if (level == "info")
		return LogInfo;
	if (level == "error")
		return LogError;
	return LogWarning;
}

std::atomic<int> &threshold()
{
	static std::atomic<int> level(initialLogLevel());
	return level;
}

std::ostream *&sink()
{
	static std::ostream *stream = &std::cerr;
	return stream;
}

const char *severityName(LogSeverity severity)
{
	switch (severity) {
	case LogDebug:
		return "DEBUG";
	case LogInfo:
		return "INFO";
	case LogWarning:
		return "WARN";
	case LogError:
		return "ERROR";
	}
	return "UNKNOWN";
}

} /* namespace */

/**
 * \enum LogSeverity
 * \brief Severity of a log message
 * \var LogDebug
 * \brief Details useful when debugging, such as the sysfs paths accessed
 * \var LogInfo
 * \brief Normal but noteworthy events
 * \var LogWarning
 * \brief Something went wrong and was worked around
 * \var LogError
 * \brief Something went wrong and the operation failed
 */

/**
 * \class LogCategory
 * \brief A named category of log messages, one per source file
 *
 * Categories are defined with LOG_DEFINE_CATEGORY() and referred to by name
 * in LOG().
 */

/**
 * \fn LogCategory::LogCategory(const char *name)
 * \brief Construct a category
 * \param[in] name The category name, a string with static storage duration
 */

/**
 * \fn LogCategory::name()
 * \brief Retrieve the category name
 * \return The category name
 */

/**
 * \brief Set the minimum severity of messages that are emitted
 * \param[in] severity The new threshold
 * \context Thread-safe.
 */
void setLogLevel(LogSeverity severity)
{
	threshold().store(severity);
}

/**
 * \brief Retrieve the minimum severity of messages that are emitted
 * \return The current threshold
 * \context Thread-safe.
 */
LogSeverity logLevel()
{
	return static_cast<LogSeverity>(threshold().load());
}

/**
 * \brief Redirect log messages, for tests
 * \param[in] stream The stream to write to, or nullptr to restore std::cerr
 * \context Not thread-safe; call before any other thread logs.
 */
void setLogStream(std::ostream *stream)
{
	sink() = stream ? stream : &std::cerr;
}

/**
 * \brief Check whether messages of \a severity are emitted
 * \param[in] severity The severity to check
 * \return True if a message of \a severity would be written, false otherwise
 * \context Thread-safe.
 */
bool logEnabled(LogSeverity severity)
{
	return severity >= threshold().load();
}

/**
 * \class LogMessage
 * \brief One log message, written out when the instance is destroyed
 *
 * Use through the LOG() macro, which skips formatting entirely when the
 * severity is below the threshold.
 */

/**
 * \brief Start a log message
 * \param[in] category The category of the message
 * \param[in] severity The severity of the message
 */
LogMessage::LogMessage(const LogCategory &category, LogSeverity severity)
	: category_(category), severity_(severity)
{
}

LogMessage::~LogMessage()
{
	*sink() << "gpuslice " << severityName(severity_) << " "
		<< category_.name() << ": " << msg_.str() << std::endl;
}

/**
 * \fn LogMessage::stream()
 * \brief Retrieve the stream the message text is formatted into
 * \return The message stream
 */

} /* namespace gpuslice */
