/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The gpuslice device ABI: the command-stream format that gpuslice engines
 * execute, shared by the host (bare-metal channels on /dev/gpuslice/gpuN),
 * the virtual device a guest programs, the guest driver and its runtime.
 *
 * A command stream is a sequence of little-endian 32-bit words. Every
 * command starts with a header word:
 *
 *	bits  0..7	opcode (GPUSLICE_CMD_*)
 *	bits  8..15	flags (per opcode; unknown flags fault)
 *	bits 16..31	length of the whole command in words, header included
 *
 * followed by its operands. 64-bit operands are two words, low word first.
 * Addresses are byte offsets into the framebuffer window of the context
 * that executes the stream; every access is bounds-checked against that
 * window and a violation faults the context (GPUSLICE_FAULT_*), never
 * anything else.
 */
#ifndef _UAPI_LINUX_GPUSLICE_VGPU_H
#define _UAPI_LINUX_GPUSLICE_VGPU_H

#include <linux/types.h>

#define GPUSLICE_CMD_HEADER(op, flags, len) \
	((__u32)(op) | ((__u32)(flags) << 8) | ((__u32)(len) << 16))
#define GPUSLICE_CMD_OPCODE(hdr)	((hdr) & 0xff)
#define GPUSLICE_CMD_FLAGS(hdr)		(((hdr) >> 8) & 0xff)
#define GPUSLICE_CMD_LENGTH(hdr)	((hdr) >> 16)

/* Does nothing. Length 1. */
#define GPUSLICE_CMD_NOP		0x00
/*
 * Signal a fence: the context's fence value becomes VALUE once every
 * earlier command completed. Length 3: VALUE (64 bit).
 */
#define GPUSLICE_CMD_FENCE		0x01
#define   GPUSLICE_FENCE_IRQ		0x01	/* also raise an interrupt */
/*
 * Fill SIZE bytes at DST with the 32-bit PATTERN. DST and SIZE are
 * multiples of 4. Length 6: DST (64), SIZE (64), PATTERN (32).
 */
#define GPUSLICE_CMD_FILL		0x02
/*
 * Copy SIZE bytes from SRC to DST (regions may not overlap). Multiples of
 * 4. Length 7: SRC (64), DST (64), SIZE (64).
 */
#define GPUSLICE_CMD_COPY		0x03
/*
 * CRC-32 (IEEE 802.3, as zlib's crc32()) of SIZE bytes at SRC, stored as
 * a 32-bit word at DST. Multiples of 4. Length 7: SRC (64), SIZE (64),
 * DST (64).
 */
#define GPUSLICE_CMD_CHECKSUM		0x04
/*
 * Run UNITS work units on the compute engine. One unit takes
 * GPUSLICE_COMPUTE_UNIT_NS on the whole GPU and proportionally longer on a
 * context that owns fewer SMs. Length 2: UNITS (32).
 */
#define GPUSLICE_CMD_COMPUTE		0x05

#define GPUSLICE_COMPUTE_UNIT_NS	1000

/* Largest FILL, COPY or CHECKSUM, in bytes. */
#define GPUSLICE_CMD_MAX_BYTES		(256U << 20)

/* Why a context faulted (reported with its fence and error state). */
#define GPUSLICE_FAULT_NONE		0
#define GPUSLICE_FAULT_BAD_OPCODE	1	/* unknown opcode or flags */
#define GPUSLICE_FAULT_BAD_LENGTH	2	/* length wrong for the opcode */
#define GPUSLICE_FAULT_OUT_OF_BOUNDS	3	/* outside the context's window */
#define GPUSLICE_FAULT_MISALIGNED	4	/* address or size not 4-aligned */
#define GPUSLICE_FAULT_NO_MEMORY	5	/* framebuffer page unavailable */
#define GPUSLICE_FAULT_WRONG_ENGINE	6	/* command the engine cannot run */
#define GPUSLICE_FAULT_INJECTED		7	/* debugfs fault injection */
#define GPUSLICE_FAULT_RESET		8	/* engine reset with work queued */
#define GPUSLICE_FAULT_OVERLAP		9	/* COPY source and destination overlap */

#endif /* _UAPI_LINUX_GPUSLICE_VGPU_H */
