#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Debian's mdevctl 1.2.0, unchanged, over gpuslice vGPUs: it lists the types
# of a VF parent, starts, lists and stops a vGPU, and a device defined with
# --auto is started by udev (60-mdevctl.rules) when its VF parent comes back.
# Needs root and gpuslice + gpuslice_sim loaded; creates its own simulated
# GPU and removes everything it made on exit.
set -u

KSFT_SKIP=4
SIM_BUS=/sys/bus/gpuslice_sim
MDEV_DEVICES=/sys/bus/mdev/devices
MDEVCTL_CONF=/etc/mdevctl.d
sim_id=$((246 + RANDOM % 4))
u1=$(printf '67730246-%04x-4000-8000-000000000001' $((RANDOM)))
u2=$(printf '67730246-%04x-4000-8000-000000000002' $((RANDOM)))
gpu=
started_udevd=0
made_sbin_link=0
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
	[ $# -gt 0 ] && printf '%s\n' "$*" | sed 's/^/# /'
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$desc"; else not_ok "$desc" "$out"; fi
}

# check_fail DESCRIPTION COMMAND...: passes when COMMAND fails
check_fail() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then not_ok "$desc" "unexpectedly succeeded: $out"; else ok "$desc"; fi
}

# check_out DESCRIPTION REGEX COMMAND...: COMMAND succeeds and prints a
# line matching the extended REGEX
check_out() {
	local desc=$1 re=$2 out
	shift 2
	if ! out=$("$@" 2>&1); then
		not_ok "$desc" "failed: $out"
	elif printf '%s\n' "$out" | grep -qE -- "$re"; then
		ok "$desc"
	else
		not_ok "$desc" "no line matching '$re' in:" "$out"
	fi
}

# check_no_out DESCRIPTION REGEX COMMAND...: no line matches
check_no_out() {
	local desc=$1 re=$2 out
	shift 2
	out=$("$@" 2>&1)
	if printf '%s\n' "$out" | grep -qE -- "$re"; then
		not_ok "$desc" "unexpected line matching '$re' in:" "$out"
	else
		ok "$desc"
	fi
}

# wait_for COMMAND...: poll COMMAND for up to 10 s
# wait_for CMD...: until CMD succeeds, for WAIT_TRIES tenths of a second
# (default 100).
wait_for() {
	local _
	for _ in $(seq "${WAIT_TRIES:-100}"); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

numvfs() {
	echo "$1" > "/sys/class/gpuslice/$gpu/sriov_numvfs"
}

vgpu_type() {
	[ "$(cat "$MDEV_DEVICES/$1/gpuslice/type" 2>/dev/null)" = "$2" ]
}

udevd_running() {
	udevadm control --ping >/dev/null 2>&1
}

cleanup() {
	local u
	for u in "$u1" "$u2"; do
		[ -e "$MDEV_DEVICES/$u" ] && echo 1 > "$MDEV_DEVICES/$u/remove"
		mdevctl undefine -u "$u" >/dev/null 2>&1
	done
	if [ -n "$gpu" ]; then
		echo 0 > "/sys/class/gpuslice/$gpu/sriov_numvfs" 2>/dev/null
		echo "$sim_id" > $SIM_BUS/del_device 2>/dev/null
	fi
	[ $started_udevd = 1 ] && udevadm control --exit 2>/dev/null
	[ $made_sbin_link = 1 ] && rm -f /usr/sbin/mdevctl
}
trap cleanup EXIT

echo "TAP version 13"
if ! command -v mdevctl >/dev/null; then
	echo "1..0 # SKIP mdevctl is not installed"
	exit $KSFT_SKIP
fi
if [ "$(id -u)" != 0 ] || [ ! -w $SIM_BUS/new_device ]; then
	echo "1..0 # SKIP needs root and gpuslice_sim loaded"
	exit $KSFT_SKIP
fi
if ! echo "$sim_id h100-80gb" > $SIM_BUS/new_device; then
	echo "1..0 # SKIP cannot create simulated GPU $sim_id"
	exit $KSFT_SKIP
fi
gpu=$(basename "$(echo $SIM_BUS/devices/sim$sim_id/gpuslice/gpu*)")
if [ ! -e "/sys/class/gpuslice/$gpu/sriov_numvfs" ]; then
	echo "1..0 # SKIP the kernel has no vGPU support (no sriov_numvfs)"
	exit $KSFT_SKIP
fi
echo "1..27"
echo "# mdevctl $(mdevctl --version 2>&1 | head -1), GPU $gpu (sim$sim_id)"

p0=$gpu-vf0
p1=$gpu-vf1
check "two VFs" numvfs 2

# types
check_out "types lists the VF parent" "^$p0\$" mdevctl types
check_out "types lists gpuslice-21 under it" "^ +gpuslice-21\$" mdevctl types -p "$p0"
check_out "types shows the type name" "Name: H100-4C\$" mdevctl types -p "$p0"
check_out "types shows device_api vfio-pci" "Device API: vfio-pci\$" mdevctl types -p "$p0"
check_out "types shows the description" \
	"Description: num_heads=1, frl_config=60, framebuffer=81920M, max_resolution=4096x2160, max_instance=1\$" \
	mdevctl types -p "$p0"
check "all eight H100 types" test "$(mdevctl types -p "$p0" | grep -cE '^ +gpuslice-2[1-8]$')" -eq 8

# start / list / stop
check "start a H100-4C" mdevctl start -u "$u1" -p "$p0" -t gpuslice-21
check "it exists with type 21" vgpu_type "$u1" 21
check_out "list shows it" "^$u1 $p0 gpuslice-21( |\$)" mdevctl list
check_fail "starting the same UUID again fails" mdevctl start -u "$u1" -p "$p1" -t gpuslice-21
check "stop it" mdevctl stop -u "$u1"
check_fail "it is gone" test -e "$MDEV_DEVICES/$u1"
check_no_out "list no longer shows it" "^$u1" mdevctl list

# define --auto; udev starts it when the parent appears
check "define a H100-5C with --auto" mdevctl define -u "$u2" -p "$p1" -t gpuslice-22 --auto
check "its definition is in $MDEVCTL_CONF/$p1" test -f "$MDEVCTL_CONF/$p1/$u2"
check_out "list --defined shows it as auto" "^$u2 $p1 gpuslice-22 auto" mdevctl list --defined
check_fail "defining does not start it" test -e "$MDEV_DEVICES/$u2"

if ! udevd_running; then
	/lib/systemd/systemd-udevd --daemon >/dev/null 2>&1 && started_udevd=1
fi
# Debian's 60-mdevctl.rules runs /usr/sbin/mdevctl, the package installs
# /usr/bin/mdevctl; inside the test VM (a throw-away overlay) bridge that.
if [ ! -e /usr/sbin/mdevctl ] && [ "${GPUSLICE_IN_VM:-}" = 1 ]; then
	echo "# Debian's mdevctl udev rule calls /usr/sbin/mdevctl, which the package lacks; linking it to /usr/bin/mdevctl in this VM"
	ln -s /usr/bin/mdevctl /usr/sbin/mdevctl && made_sbin_link=1
fi
# A cold udevd on the debug kernel can take more than 10 s to answer.
WAIT_TRIES=600 check "udevd is running" wait_for udevd_running

check "disable the VFs" numvfs 0
check "enable them again" numvfs 2
udevadm settle --timeout=30
check "udev started the defined vGPU" wait_for vgpu_type "$u2" 22
check_out "list shows it running" "^$u2 $p1 gpuslice-22" mdevctl list

# undefine: a stopped, undefined device stays stopped
check "stop and undefine it" sh -c "mdevctl stop -u $u2 && mdevctl undefine -u $u2"
check_no_out "list --defined no longer shows it" "^$u2" mdevctl list --defined
check_fail "its definition is gone" test -e "$MDEVCTL_CONF/$p1/$u2"
numvfs 0 && numvfs 2 && udevadm settle --timeout=30
check_fail "VFs cycled again: nothing is started" test -e "$MDEV_DEVICES/$u2"

[ $fails -eq 0 ]
