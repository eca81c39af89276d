// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated framebuffer: host pages allocated on first write, one xarray
 * per GPU, so an 80 GiB board costs only what its users touch. Reads of
 * pages never written return zeros without allocating.
 */
#include <linux/crc32.h>
#include <linux/highmem.h>
#include <linux/mm.h>

#include "gpuslice_sim.h"

static u64 gpuslice_sim_vram_size(struct gpuslice_sim_dev *sdev)
{
	return (u64)sdev->model->memory_mib << 20;
}

struct page *gpuslice_sim_vram_page(struct gpuslice_hw *hw, u64 offset,
				    bool alloc)
{
	struct gpuslice_sim_dev *sdev = hw_to_sim(hw);
	unsigned long index = offset >> PAGE_SHIFT;
	struct page *page, *old;

	if (offset >= gpuslice_sim_vram_size(sdev))
		return ERR_PTR(-ERANGE);

	page = xa_load(&sdev->vram, index);
	if (page || !alloc)
		return page;

	if (READ_ONCE(sdev->fail_vram_alloc)) {
		WRITE_ONCE(sdev->fail_vram_alloc, false);
		dev_info(&sdev->dev, "injected framebuffer allocation failure\n");
		return ERR_PTR(-ENOMEM);
	}

	/* Fail rather than invoke the OOM killer: the command then faults. */
	page = alloc_page(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN |
			  __GFP_RETRY_MAYFAIL);
	if (!page)
		return ERR_PTR(-ENOMEM);

	old = xa_cmpxchg(&sdev->vram, index, NULL, page, GFP_KERNEL);
	if (xa_is_err(old)) {
		__free_page(page);
		return ERR_PTR(xa_err(old));
	}
	if (old) {
		/* Someone else populated it first. */
		__free_page(page);
		return old;
	}
	atomic64_inc(&sdev->vram_resident);
	return page;
}

/*
 * Walk [offset, offset + size) page by page. @fn gets a mapping of each
 * piece (NULL for a never-written page when !@alloc) and its length.
 */
static int gpuslice_sim_vram_walk(struct gpuslice_sim_dev *sdev, u64 offset,
				  u64 size, bool alloc,
				  int (*fn)(void *addr, size_t len, void *arg),
				  void *arg)
{
	while (size) {
		size_t in_page = offset_in_page(offset);
		size_t len = min_t(u64, size, PAGE_SIZE - in_page);
		struct page *page;
		void *addr = NULL;
		int err;

		page = gpuslice_sim_vram_page(&sdev->hw, offset, alloc);
		if (IS_ERR(page))
			return PTR_ERR(page);
		if (page)
			addr = kmap_local_page(page) + in_page;
		err = fn(addr, len, arg);
		if (page)
			kunmap_local(addr);
		if (err)
			return err;
		offset += len;
		size -= len;
	}
	return 0;
}

static int gpuslice_sim_fill_fn(void *addr, size_t len, void *arg)
{
	memset32(addr, *(u32 *)arg, len / 4);
	return 0;
}

int gpuslice_sim_vram_fill(struct gpuslice_sim_dev *sdev, u64 dst, u64 size,
			   u32 pattern)
{
	return gpuslice_sim_vram_walk(sdev, dst, size, true,
				      gpuslice_sim_fill_fn, &pattern);
}

static int gpuslice_sim_crc_fn(void *addr, size_t len, void *arg)
{
	u32 *crc = arg;

	if (addr) {
		*crc = crc32_le(*crc, addr, len);
	} else {
		void *zero = kmap_local_page(ZERO_PAGE(0));

		*crc = crc32_le(*crc, zero, len);
		kunmap_local(zero);
	}
	return 0;
}

/* CRC-32 as zlib's crc32() computes it: reflected, ~0 in and out. */
int gpuslice_sim_vram_crc32(struct gpuslice_sim_dev *sdev, u64 src, u64 size,
			    u32 *crc)
{
	u32 state = ~0U;
	int err;

	err = gpuslice_sim_vram_walk(sdev, src, size, false,
				     gpuslice_sim_crc_fn, &state);
	*crc = ~state;
	return err;
}

struct gpuslice_sim_rw {
	u8 *buf;
	bool write;
};

static int gpuslice_sim_rw_fn(void *addr, size_t len, void *arg)
{
	struct gpuslice_sim_rw *rw = arg;

	if (rw->write)
		memcpy(addr, rw->buf, len);
	else if (addr)
		memcpy(rw->buf, addr, len);
	else
		memset(rw->buf, 0, len);
	rw->buf += len;
	return 0;
}

/* Copy between a kernel buffer and the framebuffer. */
int gpuslice_sim_vram_rw(struct gpuslice_sim_dev *sdev, u64 offset,
			 void *buf, size_t len, bool write)
{
	struct gpuslice_sim_rw rw = { .buf = buf, .write = write };

	return gpuslice_sim_vram_walk(sdev, offset, len, write,
				      gpuslice_sim_rw_fn, &rw);
}

/* Release the pages of a page-aligned range: it reads as zeros again. */
void gpuslice_sim_vram_scrub(struct gpuslice_hw *hw, u64 offset, u64 size)
{
	struct gpuslice_sim_dev *sdev = hw_to_sim(hw);
	unsigned long first = offset >> PAGE_SHIFT;
	unsigned long last = (offset + size - 1) >> PAGE_SHIFT;
	unsigned long index;
	struct page *page;

	if (!size)
		return;
	xa_for_each_range(&sdev->vram, index, page, first, last) {
		xa_erase(&sdev->vram, index);
		/* A user mapping may still hold its own reference. */
		put_page(page);
		atomic64_dec(&sdev->vram_resident);
	}
}

void gpuslice_sim_vram_init(struct gpuslice_sim_dev *sdev)
{
	xa_init(&sdev->vram);
	atomic64_set(&sdev->vram_resident, 0);
}

void gpuslice_sim_vram_exit(struct gpuslice_sim_dev *sdev)
{
	struct page *page;
	unsigned long index;

	xa_for_each(&sdev->vram, index, page)
		__free_page(page);
	xa_destroy(&sdev->vram);
}
