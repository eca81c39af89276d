/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Helper macros for class definitions */

#pragma once

/*
 * Place in the private section of a class to make it non-copyable. Moving
 * stays possible when the class declares move operations.
 */
#define GPUSLICE_DISABLE_COPY(klass)   \
	klass(const klass &) = delete; \
	klass &operator=(const klass &) = delete;

#define GPUSLICE_DISABLE_MOVE(klass) \
	klass(klass &&) = delete;    \
	klass &operator=(klass &&) = delete;

#define GPUSLICE_DISABLE_COPY_AND_MOVE(klass) \
	GPUSLICE_DISABLE_COPY(klass)          \
	GPUSLICE_DISABLE_MOVE(klass)
