/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The gpuslice device ABI: the virtual PCI device a vGPU presents (its ids,
 * BAR0 register map and mailbox) and the command-stream format gpuslice
 * engines execute, shared by the host (bare-metal channels on
 * /dev/gpuslice/gpuN), the guest driver, its runtime and the userspace VFIO
 * client.
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

/*
 * PCI identity. The vendor id is unassigned by the PCI-SIG and used by no
 * known device; it spells "gs". The subsystem device id is the vGPU type's
 * numeric id (the N of mdev type gpuslice-N).
 */
#define GPUSLICE_VGPU_VENDOR_ID		0x6773
#define GPUSLICE_VGPU_DEVICE_ID		0x0001
#define GPUSLICE_VGPU_CLASS		0x030200	/* 3D controller */
#define GPUSLICE_VGPU_REVISION		0x01

/*
 * BARs. BAR0 is 4 KiB of trapped registers (read and written through the
 * VFIO region, never mapped). BAR1 is the vGPU's framebuffer, 64-bit
 * prefetchable and mappable: exactly its own pages.
 */
#define GPUSLICE_VGPU_BAR0_SIZE		0x1000

/* BAR0 registers, 32 bits each; 64-bit values are LO/HI pairs. */
#define GPUSLICE_VGPU_REG_ID		0x000	/* RO: GPUSLICE_VGPU_ID */
#define GPUSLICE_VGPU_REG_VERSION	0x004	/* RO: GPUSLICE_VGPU_VERSION */
#define GPUSLICE_VGPU_REG_FB_SIZE_LO	0x008	/* RO: framebuffer bytes */
#define GPUSLICE_VGPU_REG_FB_SIZE_HI	0x00c
#define GPUSLICE_VGPU_REG_INTR_STATUS	0x020	/* RO: GPUSLICE_VGPU_INTR_* */
#define GPUSLICE_VGPU_REG_INTR_MASK	0x024	/* RW: 1 enables a cause */
#define GPUSLICE_VGPU_REG_INTR_ACK	0x028	/* WO: clears written causes */
#define GPUSLICE_VGPU_REG_FENCE_LO	0x030	/* RO: last signalled fence */
#define GPUSLICE_VGPU_REG_FENCE_HI	0x034
#define GPUSLICE_VGPU_REG_ERROR		0x038	/* RO: GPUSLICE_FAULT_* or 0 */
#define GPUSLICE_VGPU_REG_RING_BASE_LO	0x040	/* RW: ring IOVA, 4 KiB aligned */
#define GPUSLICE_VGPU_REG_RING_BASE_HI	0x044
#define GPUSLICE_VGPU_REG_RING_SIZE	0x048	/* RW: bytes, power of 2 */
#define GPUSLICE_VGPU_REG_RING_HEAD	0x04c	/* RO: next byte the device reads */
#define GPUSLICE_VGPU_REG_RING_TAIL	0x050	/* RW: next byte the guest writes */
#define GPUSLICE_VGPU_REG_DOORBELL	0x054	/* WO: fetch [HEAD, TAIL) */
#define GPUSLICE_VGPU_REG_CONTROL	0x058	/* WO: GPUSLICE_VGPU_CONTROL_* */
#define GPUSLICE_VGPU_REG_MBOX_REQ	0x060	/* WO: request code, runs it */
#define GPUSLICE_VGPU_REG_MBOX_ARG	0x064	/* RW: request argument */
#define GPUSLICE_VGPU_REG_MBOX_STATUS	0x068	/* RO: 0 or a negative errno */
#define GPUSLICE_VGPU_REG_MBOX_DATA(i)	(0x070 + (i) * 4)	/* RO: 8 words */

#define GPUSLICE_VGPU_ID		0x47535647	/* "GSVG" */
#define GPUSLICE_VGPU_VERSION		1

#define GPUSLICE_VGPU_RING_MIN		0x1000
#define GPUSLICE_VGPU_RING_MAX		0x100000

/* Interrupt causes; delivered as MSI vector 0 when enabled. */
#define GPUSLICE_VGPU_INTR_FENCE	0x1	/* a FENCE with IRQ signalled */
#define GPUSLICE_VGPU_INTR_ERROR	0x2	/* the vGPU faulted: see ERROR */
#define GPUSLICE_VGPU_INTR_MBOX		0x4	/* a mailbox reply is ready */

/* CONTROL: reset the engine state, the ring and the registers (as FLR). */
#define GPUSLICE_VGPU_CONTROL_RESET	0x1

/*
 * Mailbox requests (guest -> manager). The reply is in MBOX_DATA, its
 * status in MBOX_STATUS, and INTR_MBOX is raised.
 *
 * PING:	DATA0 = ARG + 1
 * GET_TYPE:	DATA0 type id, DATA1 max instances, DATA2..7 the type name,
 *		NUL-padded
 * GET_CAPS:	DATA0 SMs, DATA1 copy engines, DATA2 preemption granularity
 *		in ns
 */
#define GPUSLICE_VGPU_MBOX_PING		1
#define GPUSLICE_VGPU_MBOX_GET_TYPE	2
#define GPUSLICE_VGPU_MBOX_GET_CAPS	3

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
 * Memory-command flags: the source or destination is guest memory, an IOVA
 * the vGPU's user mapped for DMA, instead of a framebuffer offset. Only a
 * vGPU's commands may use them.
 */
#define   GPUSLICE_MEM_SRC_SYSMEM	0x01
#define   GPUSLICE_MEM_DST_SYSMEM	0x02
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
#define GPUSLICE_FAULT_DMA		10	/* guest memory not mapped for DMA */
#define GPUSLICE_FAULT_RING		11	/* ring registers invalid */

#endif /* _UAPI_LINUX_GPUSLICE_VGPU_H */
