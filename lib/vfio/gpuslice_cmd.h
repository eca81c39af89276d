/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Building gpuslice command streams (uapi/linux/gpuslice_vgpu.h,
 * Documentation/command-stream.rst) in userspace: header-only, C11, no
 * allocation. It is the one copy of the builders the kselftests and tools
 * share, so a change to the format is made in one place.
 *
 * struct gpuslice_cmd_buf holds up to GPUSLICE_CMD_BUF_WORDS words: @w and
 * @n are what a submission takes (gpuslice_vfio_submit(v, b.w, b.n, ...)
 * or GPUSLICE_IOCTL_SUBMIT's cmds/ndw). Start one empty with
 * GPUSLICE_CMD_BUF_INIT or gpuslice_cmd_reset().
 *
 * Every builder appends one whole command or nothing: a command that does
 * not fit sets @overflow, leaves the buffer as it was and returns false, so
 * a stream is never overrun nor cut in the middle of a command. Check
 * gpuslice_cmd_overflow() (or each return value) before submitting.
 *
 *	gpuslice_cmd_nop(b)				NOP
 *	gpuslice_cmd_fence(b, value, irq)		FENCE [| FENCE_IRQ]
 *	gpuslice_cmd_fill(b, flags, dst, size, pattern)	FILL
 *	gpuslice_cmd_copy(b, flags, src, dst, size)	COPY
 *	gpuslice_cmd_checksum(b, flags, src, size, dst)	CHECKSUM
 *	gpuslice_cmd_compute(b, units)			COMPUTE
 *
 * @flags of the memory commands are GPUSLICE_MEM_SRC_SYSMEM and
 * GPUSLICE_MEM_DST_SYSMEM (0 for framebuffer offsets), as the header word
 * carries them; they are not checked here, the device faults on bad ones.
 *
 * gpuslice_crc32() is zlib's crc32() (CRC-32, IEEE 802.3), the checksum
 * GPUSLICE_CMD_CHECKSUM stores: gpuslice_crc32(0, buf, len) is the value
 * to expect for @len bytes at @buf, and it chains like zlib's.
 *
 * Needs uapi/ on the include path for <linux/gpuslice_vgpu.h>.
 */
#ifndef _GPUSLICE_CMD_H
#define _GPUSLICE_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/gpuslice_vgpu.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Capacity of a struct gpuslice_cmd_buf, in 32-bit words (4 KiB). */
#define GPUSLICE_CMD_BUF_WORDS	1024

/* A command stream under construction. */
struct gpuslice_cmd_buf {
	uint32_t w[GPUSLICE_CMD_BUF_WORDS];	/* the words, little endian */
	unsigned int n;				/* how many are used */
	bool overflow;				/* a command did not fit */
};

#define GPUSLICE_CMD_BUF_INIT	{ .n = 0, .overflow = false }

/* Empty @b and clear its overflow flag. */
static inline void gpuslice_cmd_reset(struct gpuslice_cmd_buf *b)
{
	b->n = 0;
	b->overflow = false;
}

/* Whether a command was dropped since the last reset. */
static inline bool gpuslice_cmd_overflow(const struct gpuslice_cmd_buf *b)
{
	return b->overflow;
}

/* Room for @len more words? If not, mark @b overflowed. */
static inline bool gpuslice_cmd_room(struct gpuslice_cmd_buf *b,
				     unsigned int len)
{
	if (b->n > GPUSLICE_CMD_BUF_WORDS ||
	    len > GPUSLICE_CMD_BUF_WORDS - b->n) {
		b->overflow = true;
		return false;
	}
	return true;
}

static inline void gpuslice_cmd_put32(struct gpuslice_cmd_buf *b, uint32_t v)
{
	b->w[b->n++] = v;
}

/* A 64-bit operand: low word first. */
static inline void gpuslice_cmd_put64(struct gpuslice_cmd_buf *b, uint64_t v)
{
	b->w[b->n++] = (uint32_t)v;
	b->w[b->n++] = (uint32_t)(v >> 32);
}

/* NOP. Length 1. */
static inline bool gpuslice_cmd_nop(struct gpuslice_cmd_buf *b)
{
	if (!gpuslice_cmd_room(b, 1))
		return false;
	gpuslice_cmd_put32(b, GPUSLICE_CMD_HEADER(GPUSLICE_CMD_NOP, 0, 1));
	return true;
}

/* FENCE to @value, with GPUSLICE_FENCE_IRQ if @irq. Length 3. */
static inline bool gpuslice_cmd_fence(struct gpuslice_cmd_buf *b,
				      uint64_t value, bool irq)
{
	if (!gpuslice_cmd_room(b, 3))
		return false;
	gpuslice_cmd_put32(b, GPUSLICE_CMD_HEADER(GPUSLICE_CMD_FENCE,
						  irq ? GPUSLICE_FENCE_IRQ : 0,
						  3));
	gpuslice_cmd_put64(b, value);
	return true;
}

/* FILL @size bytes at @dst with @pattern. Length 6. */
static inline bool gpuslice_cmd_fill(struct gpuslice_cmd_buf *b,
				     uint32_t flags, uint64_t dst,
				     uint64_t size, uint32_t pattern)
{
	if (!gpuslice_cmd_room(b, 6))
		return false;
	gpuslice_cmd_put32(b, GPUSLICE_CMD_HEADER(GPUSLICE_CMD_FILL, flags, 6));
	gpuslice_cmd_put64(b, dst);
	gpuslice_cmd_put64(b, size);
	gpuslice_cmd_put32(b, pattern);
	return true;
}

/* COPY @size bytes from @src to @dst. Length 7. */
static inline bool gpuslice_cmd_copy(struct gpuslice_cmd_buf *b,
				     uint32_t flags, uint64_t src,
				     uint64_t dst, uint64_t size)
{
	if (!gpuslice_cmd_room(b, 7))
		return false;
	gpuslice_cmd_put32(b, GPUSLICE_CMD_HEADER(GPUSLICE_CMD_COPY, flags, 7));
	gpuslice_cmd_put64(b, src);
	gpuslice_cmd_put64(b, dst);
	gpuslice_cmd_put64(b, size);
	return true;
}

/* CHECKSUM of @size bytes at @src, stored at @dst. Length 7. */
static inline bool gpuslice_cmd_checksum(struct gpuslice_cmd_buf *b,
					 uint32_t flags, uint64_t src,
					 uint64_t size, uint64_t dst)
{
	if (!gpuslice_cmd_room(b, 7))
		return false;
	gpuslice_cmd_put32(b, GPUSLICE_CMD_HEADER(GPUSLICE_CMD_CHECKSUM,
						  flags, 7));
	gpuslice_cmd_put64(b, src);
	gpuslice_cmd_put64(b, size);
	gpuslice_cmd_put64(b, dst);
	return true;
}

/* COMPUTE @units work units. Length 2. */
static inline bool gpuslice_cmd_compute(struct gpuslice_cmd_buf *b,
					uint32_t units)
{
	if (!gpuslice_cmd_room(b, 2))
		return false;
	gpuslice_cmd_put32(b, GPUSLICE_CMD_HEADER(GPUSLICE_CMD_COMPUTE, 0, 2));
	gpuslice_cmd_put32(b, units);
	return true;
}

/* zlib's crc32(): continue @crc (0 to start) over @len bytes at @buf. */
static inline uint32_t gpuslice_crc32(uint32_t crc, const void *buf,
				      size_t len)
{
	const uint8_t *p = (const uint8_t *)buf;
	int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

#ifdef __cplusplus
}
#endif

#endif /* _GPUSLICE_CMD_H */
