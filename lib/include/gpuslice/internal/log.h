/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Minimal categorised logging for libgpuslice */

#pragma once

#include <ostream>
#include <sstream>

#include <gpuslice/class.h>

#include "gpuslice/internal/private.h"

namespace gpuslice {

enum LogSeverity {
	LogDebug,
	LogInfo,
	LogWarning,
	LogError,
};

class LogCategory final
{
public:
	explicit LogCategory(const char *name) : name_(name) {}

	const char *name() const { return name_; }

private:
	const char *name_;
};

void setLogLevel(LogSeverity severity);
LogSeverity logLevel();
void setLogStream(std::ostream *stream);
bool logEnabled(LogSeverity severity);

class LogMessage final
{
public:
	LogMessage(const LogCategory &category, LogSeverity severity);
	~LogMessage();

	std::ostream &stream() { return msg_; }

private:
	GPUSLICE_DISABLE_COPY_AND_MOVE(LogMessage)

	const LogCategory &category_;
	LogSeverity severity_;
	std::ostringstream msg_;
};

} /* namespace gpuslice */

#define LOG_DEFINE_CATEGORY(name)                                     \
	namespace {                                                   \
	const gpuslice::LogCategory gpusliceLogCategory##name(#name); \
	}

#define LOG(category, severity)                                     \
	if (!gpuslice::logEnabled(gpuslice::Log##severity)) {       \
	} else                                                      \
		gpuslice::LogMessage(gpusliceLogCategory##category, \
				     gpuslice::Log##severity)       \
			.stream()
