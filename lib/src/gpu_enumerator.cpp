/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* GpuEnumerator: list the physical GPUs registered with gpuslice */

#include "gpuslice/gpu_enumerator.h"

#include <errno.h>
#include <string.h>

#include "gpuslice/internal/gpu_enumerator_sysfs.h"
#include "gpuslice/internal/gpu_enumerator_udev.h"
#include "gpuslice/internal/log.h"

/**
 * \file gpu_enumerator.h
 * \brief Enumerate the GPUs in /sys/class/gpuslice
 */

LOG_DEFINE_CATEGORY(Enumerator)

namespace gpuslice {

/**
 * \class GpuEnumerator
 * \brief Enumerate the physical GPUs registered with the gpuslice core
 *
 * Two implementations share this interface, as libcamera's device
 * enumerators do: one asks libudev for the devices of subsystem "gpuslice",
 * the other walks \<root\>/sys/class/gpuslice directly. udev only sees the
 * real /sys, so a SysfsRoot other than "/" always uses the sysfs walker.
 *
 * Both skip entries of the class that are not named gpuN (such as the
 * gpuN-vfM virtual functions) and GPUs removed while being read, and fail
 * when a GPU that exists has a required attribute missing or malformed. An
 * absent class directory (the gpuslice module is not loaded) yields an empty
 * list, not an error.
 *
 * \context Instances are not thread-safe; use one per thread.
 */

/**
 * \enum GpuEnumerator::Backend
 * \brief The mechanism used to find GPUs
 * \var GpuEnumerator::Backend::Auto
 * \brief udev for the system root, falling back to sysfs if udev fails to
 * initialise; sysfs for any other root
 * \var GpuEnumerator::Backend::Udev
 * \brief libudev; valid for the system root only
 * \var GpuEnumerator::Backend::Sysfs
 * \brief A plain walk of the sysfs class directory
 */

/**
 * \brief Create a GPU enumerator
 * \param[in] root The root that sysfs paths derive from
 * \param[in] backend The mechanism to use
 * \return The enumerator, or an error
 * \retval -EINVAL \a backend is Backend::Udev and \a root is not "/"
 */
Result<std::unique_ptr<GpuEnumerator>>
GpuEnumerator::create(const SysfsRoot &root, Backend backend)
{
	if (backend == Backend::Sysfs ||
	    (backend == Backend::Auto && !root.isSystemRoot()))
		return std::unique_ptr<GpuEnumerator>(
			std::make_unique<GpuEnumeratorSysfs>(root));

	if (!root.isSystemRoot())
		return Error(-EINVAL, "Failed to create a udev GPU enumerator for '" +
					      root.root().string() +
					      "': udev only sees the system root '/'");

	auto udev = std::make_unique<GpuEnumeratorUdev>();
	int ret = udev->init();
	if (ret == 0)
		return std::unique_ptr<GpuEnumerator>(std::move(udev));

	if (backend == Backend::Udev)
		return Error(ret, std::string("Failed to initialise udev: ") +
					  strerror(-ret));

	LOG(Enumerator, Warning) << "Failed to initialise udev: "
				 << strerror(-ret)
				 << ", falling back to sysfs enumeration";

	return std::unique_ptr<GpuEnumerator>(
		std::make_unique<GpuEnumeratorSysfs>(root));
}

GpuEnumerator::~GpuEnumerator() = default;

/**
 * \fn GpuEnumerator::backend()
 * \brief Retrieve the mechanism this enumerator uses
 * \return Backend::Udev or Backend::Sysfs
 */

/**
 * \fn GpuEnumerator::enumerate()
 * \brief List the GPUs, sorted by index
 * \return The GPUs (possibly none), or the first error met
 * \retval -ENOENT A GPU lacks a required attribute
 * \retval -EBADMSG A GPU attribute holds a malformed value
 */

} /* namespace gpuslice */
