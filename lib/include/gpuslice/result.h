/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Error and Result<T>: a value or a negative errno with a message */

#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace gpuslice {

class Error final
{
public:
	Error(int code, std::string message)
		: code_(code), message_(std::move(message))
	{
		assert(code_ < 0);
	}

	int code() const { return code_; }
	const std::string &message() const { return message_; }

	bool operator==(const Error &other) const = default;

private:
	int code_;
	std::string message_;
};

template<typename T>
class [[nodiscard]] Result final
{
public:
	Result(const T &value) : storage_(std::in_place_index<0>, value) {}
	Result(T &&value) : storage_(std::in_place_index<0>, std::move(value)) {}
	Result(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}

	bool ok() const { return storage_.index() == 0; }
	explicit operator bool() const { return ok(); }

	int error() const { return ok() ? 0 : std::get<1>(storage_).code(); }
	const std::string &message() const
	{
		static const std::string empty;
		return ok() ? empty : std::get<1>(storage_).message();
	}
	const Error &errorInfo() const
	{
		assert(!ok());
		return std::get<1>(storage_);
	}

	T &value() &
	{
		assert(ok());
		return std::get<0>(storage_);
	}
	const T &value() const &
	{
		assert(ok());
		return std::get<0>(storage_);
	}
	T &&value() &&
	{
		assert(ok());
		return std::get<0>(std::move(storage_));
	}

	T &operator*() & { return value(); }
	const T &operator*() const & { return value(); }
	T *operator->() { return &value(); }
	const T *operator->() const { return &value(); }

private:
	std::variant<T, Error> storage_;
};

} /* namespace gpuslice */
