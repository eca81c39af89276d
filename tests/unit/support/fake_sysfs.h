/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FakeSysfs: a throw-away sysfs tree for unit tests */

#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <gpuslice/class.h>
#include <gpuslice/sysfs_root.h>

namespace gpuslice::test {

class FakeSysfs final
{
public:
	FakeSysfs();
	~FakeSysfs();

	const std::filesystem::path &root() const { return root_; }
	SysfsRoot sysfsRoot() const { return SysfsRoot(root_); }

	static std::map<std::string, std::string>
	gpuAttributes(unsigned int index, const std::string &model);
	static std::string gpuUuid(unsigned int index);

	std::filesystem::path addGpu(unsigned int index, const std::string &model);
	std::filesystem::path addGpuWithoutBackend(unsigned int index,
						   const std::string &model);
	void addClassEntry(const std::string &name);

	void writeAttribute(const std::string &gpu, const std::string &attribute,
			    std::string_view value);
	void removeAttribute(const std::string &gpu, const std::string &attribute);

	void addSimBus();
	void addSimDevice(unsigned int id);

	std::string readFile(const std::filesystem::path &path) const;
	std::string scrub(std::string text) const;

private:
	GPUSLICE_DISABLE_COPY_AND_MOVE(FakeSysfs)

	void writeFile(const std::filesystem::path &path, std::string_view content);
	void populate(const std::filesystem::path &dir, unsigned int index,
		      const std::string &model);

	std::filesystem::path root_;
};

} /* namespace gpuslice::test */
