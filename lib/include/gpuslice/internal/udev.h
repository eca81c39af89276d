/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Owning smart pointers for libudev handles */

#pragma once

#include <memory>

#include "gpuslice/internal/private.h"

#include <libudev.h>

namespace gpuslice {

struct UdevDeleter {
	void operator()(udev *handle) const { udev_unref(handle); }
	void operator()(udev_enumerate *handle) const { udev_enumerate_unref(handle); }
	void operator()(udev_device *handle) const { udev_device_unref(handle); }
	void operator()(udev_monitor *handle) const { udev_monitor_unref(handle); }
};

using UdevPtr = std::unique_ptr<udev, UdevDeleter>;
using UdevEnumeratePtr = std::unique_ptr<udev_enumerate, UdevDeleter>;
using UdevDevicePtr = std::unique_ptr<udev_device, UdevDeleter>;
using UdevMonitorPtr = std::unique_ptr<udev_monitor, UdevDeleter>;

} /* namespace gpuslice */
