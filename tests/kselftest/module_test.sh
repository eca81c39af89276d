#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Module load and unload: clean cycles, refused unloads, unload with live
# simulated GPUs and open control nodes, and a refused bad parameter.
# Needs root and $GPUSLICE_MODULES (the directory of gpuslice*.ko); starts and
# ends with neither module loaded.
set -u

KSFT_SKIP=4
mods=${GPUSLICE_MODULES:-}
num=0
fails=0

ok() {
	num=$((num + 1))
	echo "ok $num $1"
}

not_ok() {
	num=$((num + 1))
	fails=$((fails + 1))
	echo "not ok $num $1"
	shift
	[ $# -gt 0 ] && echo "# $*"
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds
check() {
	local desc=$1
	shift
	if out=$("$@" 2>&1); then ok "$desc"; else not_ok "$desc" "$out"; fi
}

# check_fail DESCRIPTION COMMAND...: passes when COMMAND fails
check_fail() {
	local desc=$1
	shift
	if out=$("$@" 2>&1); then not_ok "$desc" "unexpectedly succeeded: $out"; else ok "$desc"; fi
}

loaded() {
	grep -q "^$1 " /proc/modules
}

cleanup() {
	exec 3<&- 2>/dev/null
	loaded gpuslice_sim && rmmod gpuslice_sim
	loaded gpuslice && rmmod gpuslice
}
trap cleanup EXIT

echo "TAP version 13"
if [ "$(id -u)" != 0 ] || [ ! -f "$mods/gpuslice.ko" ]; then
	echo "1..0 # SKIP needs root and GPUSLICE_MODULES with gpuslice.ko"
	exit $KSFT_SKIP
fi
if loaded gpuslice || loaded gpuslice_sim; then
	echo "1..0 # SKIP gpuslice is already loaded; this test loads it itself"
	exit $KSFT_SKIP
fi
echo "1..17"

for round in 1 2 3; do
	insmod "$mods/gpuslice.ko" && insmod "$mods/gpuslice_sim.ko" &&
		[ -d /sys/class/gpuslice ] && [ -w /sys/bus/gpuslice_sim/new_device ] &&
		rmmod gpuslice_sim && rmmod gpuslice &&
		[ ! -e /sys/class/gpuslice ] && [ ! -e /sys/bus/gpuslice_sim ]
	if [ $? -eq 0 ]; then ok "load/unload cycle $round"; else not_ok "load/unload cycle $round"; fi
	cleanup 2>/dev/null
done

check "load core" insmod "$mods/gpuslice.ko"
check "load sim with devices=h100-80gb,a100-40gb" \
	insmod "$mods/gpuslice_sim.ko" devices=h100-80gb,a100-40gb
check "two GPUs from the parameter" test "$(ls /sys/class/gpuslice | wc -l)" -eq 2
check "sim0 is the h100" grep -qx h100-80gb /sys/bus/gpuslice_sim/devices/sim0/gpuslice/gpu*/model
check "sim1 is the a100" grep -qx a100-40gb /sys/bus/gpuslice_sim/devices/sim1/gpuslice/gpu*/model
check_fail "core refuses to unload under the sim" rmmod gpuslice
check "a third GPU through new_device" sh -c 'echo "7 a100-80gb" > /sys/bus/gpuslice_sim/new_device'

exec 3</dev/gpuslice/gpu0
check "control node held open" test -e /proc/$$/fd/3
check "sim unloads with three live GPUs" rmmod gpuslice_sim
check "GPUs are gone" test "$(ls /sys/class/gpuslice | wc -l)" -eq 0
check_fail "core stays while a control node is open" rmmod gpuslice
exec 3<&-
check "core unloads once the node is closed" rmmod gpuslice

insmod "$mods/gpuslice.ko"
check_fail "unknown model in devices= fails the load" \
	insmod "$mods/gpuslice_sim.ko" devices=h100-80gb,rtx-4090
check_fail "a failed load leaves no GPU or bus behind" \
	sh -c 'ls -d /sys/class/gpuslice/gpu* || test -e /sys/bus/gpuslice_sim'
rmmod gpuslice

[ $fails -eq 0 ]
