/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Guard that keeps internal headers out of the public API */

#pragma once

#ifndef GPUSLICE_PRIVATE
#error "This header is private to libgpuslice and its tests; define GPUSLICE_PRIVATE only in internal targets"
#endif
