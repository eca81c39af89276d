/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Documentation of Error and Result<T> */

#include "gpuslice/result.h"

/**
 * \file result.h
 * \brief The library's error model: a value or a negative errno with a message
 *
 * libgpuslice never throws across its API. Functions that only succeed or
 * fail return an int, 0 on success or a negative errno. Functions that
 * produce a value return a Result<T>, which holds either the value or an
 * Error: a negative errno plus a message that names the object and, for
 * sysfs, the file involved ("Failed to read '/sys/class/gpuslice/gpu0/uuid':
 * No such file or directory"). The message is meant to be shown to users
 * as is.
 */

namespace gpuslice {

/**
 * \class Error
 * \brief A negative errno and a human-readable message
 */

/**
 * \fn Error::Error(int code, std::string message)
 * \brief Construct an error
 * \param[in] code A negative errno value
 * \param[in] message The message, starting with "Failed to" by convention
 */

/**
 * \fn Error::code()
 * \brief Retrieve the negative errno value
 * \return The error code
 */

/**
 * \fn Error::message()
 * \brief Retrieve the human-readable message
 * \return The message
 */

/**
 * \class Result
 * \brief A value of type \a T or an Error
 * \tparam T The type of the value
 *
 * The class is [[nodiscard]]: a caller cannot silently drop an error.
 * Calling value() on a Result that holds an error is a programming error
 * (checked by assert() in debug builds).
 */

/**
 * \fn Result::Result(const T &value)
 * \brief Construct a successful result holding a copy of \a value
 * \param[in] value The value
 */

/**
 * \fn Result::Result(T &&value)
 * \brief Construct a successful result holding \a value
 * \param[in] value The value to move in
 */

/**
 * \fn Result::Result(Error error)
 * \brief Construct a failed result
 * \param[in] error The error
 */

/**
 * \fn Result::ok()
 * \brief Check whether the result holds a value
 * \return True on success, false if the result holds an error
 */

/**
 * \fn Result::operator bool()
 * \brief Check whether the result holds a value
 * \return True on success, false if the result holds an error
 */

/**
 * \fn Result::error()
 * \brief Retrieve the error code
 * \return 0 on success or a negative error code otherwise
 */

/**
 * \fn Result::message()
 * \brief Retrieve the error message
 * \return The error message, or an empty string on success
 */

/**
 * \fn Result::errorInfo()
 * \brief Retrieve the error, to propagate it to the caller's caller
 * \return The error; the result must hold one
 */

/**
 * \fn Result::value()
 * \brief Retrieve the value; the result must hold one
 * \return The value
 */

/**
 * \fn Result::operator*()
 * \brief Retrieve the value; the result must hold one
 * \return The value
 */

/**
 * \fn Result::operator->()
 * \brief Access members of the value; the result must hold one
 * \return A pointer to the value
 */

} /* namespace gpuslice */
