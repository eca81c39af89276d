/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compare test output with golden files under tests/unit/golden/ */

#pragma once

#include <string>

namespace gpuslice::test {

void expectGolden(const std::string &name, const std::string &actual);

} /* namespace gpuslice::test */
