// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vGPU type catalogue and framebuffer placement.
 *
 * Types are data: one table per board, NVIDIA's time-sliced C-series types
 * with their framebuffer and maximum instances in equal-size and mixed-size
 * mode. Ids are stable ABI (mdev type gpuslice-<id>); MIG-backed types will
 * take ids from 100 on.
 *
 * Placement (Documentation/vgpu.rst):
 * - homogeneous mode: one size per GPU at a time; slot i of the type's size
 *   starts at i * size, so equal sizes never fragment;
 * - heterogeneous mode: the framebuffer is 5120 MiB units (8 on 40 GB
 *   boards, 16 on 80 GB) managed as a buddy allocator. A type takes the
 *   smallest power-of-two number of units that holds it, naturally aligned,
 *   in the free block that leaves the largest blocks whole (best fit). This
 *   is what makes NVIDIA's mixed-size maxima come out (e.g. 16 x 4C on an
 *   80 GB board), and a size is refused only when no aligned block of it is
 *   free.
 */
#include <linux/bitmap.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/string.h>

#include "gpuslice.h"

#define GPUSLICE_UNIT_MIB	5120

#define TYPE(_id, _name, _fb, _eq, _mixed) \
	{ .id = (_id), .name = (_name), .fb_mib = (_fb), \
	  .max_equal = (_eq), .max_mixed = (_mixed) }

static const struct gpuslice_vgpu_type gpuslice_a100_40gb_types[] = {
	TYPE(1, "A100-4C", 4096, 10, 8),
	TYPE(2, "A100-5C", 5120, 8, 8),
	TYPE(3, "A100-8C", 8192, 5, 4),
	TYPE(4, "A100-10C", 10240, 4, 4),
	TYPE(5, "A100-20C", 20480, 2, 2),
	TYPE(6, "A100-40C", 40960, 1, 1),
};

static const struct gpuslice_vgpu_type gpuslice_a100_80gb_types[] = {
	TYPE(11, "A100D-4C", 4096, 20, 16),
	TYPE(12, "A100D-8C", 8192, 10, 8),
	TYPE(13, "A100D-10C", 10240, 8, 8),
	TYPE(14, "A100D-16C", 16384, 5, 4),
	TYPE(15, "A100D-20C", 20480, 4, 4),
	TYPE(16, "A100D-40C", 40960, 2, 2),
	TYPE(17, "A100D-80C", 81920, 1, 1),
};

static const struct gpuslice_vgpu_type gpuslice_h100_80gb_types[] = {
	TYPE(21, "H100-4C", 4096, 20, 16),
	TYPE(22, "H100-5C", 5120, 16, 16),
	TYPE(23, "H100-8C", 8192, 10, 8),
	TYPE(24, "H100-10C", 10240, 8, 8),
	TYPE(25, "H100-16C", 16384, 6, 4),
	TYPE(26, "H100-20C", 20480, 4, 4),
	TYPE(27, "H100-40C", 40960, 2, 2),
	TYPE(28, "H100-80C", 81920, 1, 1),
};

static const struct {
	const char *model;
	const struct gpuslice_vgpu_type *types;
	u32 nr;
} gpuslice_type_tables[] = {
	{ "a100-40gb", gpuslice_a100_40gb_types,
	  ARRAY_SIZE(gpuslice_a100_40gb_types) },
	{ "a100-80gb", gpuslice_a100_80gb_types,
	  ARRAY_SIZE(gpuslice_a100_80gb_types) },
	{ "h100-80gb", gpuslice_h100_80gb_types,
	  ARRAY_SIZE(gpuslice_h100_80gb_types) },
};

/* The catalogue of @gpu's model, or -ENODEV for a model without one. */
int gpuslice_types_init(struct gpuslice_gpu *gpu)
{
	const struct gpuslice_hw_info *info = &gpu->hw->info;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(gpuslice_type_tables); i++) {
		if (strcmp(gpuslice_type_tables[i].model, info->model))
			continue;
		gpu->types = gpuslice_type_tables[i].types;
		gpu->nr_types = gpuslice_type_tables[i].nr;
		gpu->units = min_t(u32, info->memory_mib / GPUSLICE_UNIT_MIB,
				   BITS_PER_LONG);
		return 0;
	}
	return -ENODEV;
}

static u32 gpuslice_type_slots(struct gpuslice_gpu *gpu, u32 t)
{
	return min_t(u32, gpu->hw->info.memory_mib / gpu->types[t].fb_mib,
		     BITS_PER_LONG);
}

/* Units a type takes in heterogeneous mode, 0 if it can never fit. */
static u32 gpuslice_type_units(struct gpuslice_gpu *gpu, u32 t)
{
	u32 units = roundup_pow_of_two(DIV_ROUND_UP(gpu->types[t].fb_mib,
						    GPUSLICE_UNIT_MIB));

	return units <= gpu->units ? units : 0;
}

static bool gpuslice_units_free(struct gpuslice_gpu *gpu, u32 first, u32 n)
{
	return find_next_bit(&gpu->units_used, first + n, first) >= first + n;
}

/*
 * Size of the largest free, naturally aligned block that contains the
 * aligned block of @n units at @first.
 */
static u32 gpuslice_units_enclosing(struct gpuslice_gpu *gpu, u32 first,
				    u32 n)
{
	u32 size = n;

	while (size * 2 <= gpu->units &&
	       gpuslice_units_free(gpu, first & ~(size * 2 - 1), size * 2))
		size *= 2;
	return size;
}

/* Called with the GPU lock held: placements of type @t left, caps aside. */
static u32 __gpuslice_type_placements(struct gpuslice_gpu *gpu, u32 t)
{
	u32 n, first, count = 0;

	if (gpu->vgpu_mode == GPUSLICE_VGPU_HOMOGENEOUS) {
		if (gpu->nr_vgpus && gpu->homog_type != t)
			return 0;
		return gpuslice_type_slots(gpu, t) -
		       bitmap_weight(&gpu->slots_used, BITS_PER_LONG);
	}

	n = gpuslice_type_units(gpu, t);
	if (!n)
		return 0;
	for (first = 0; first + n <= gpu->units; first += n)
		count += gpuslice_units_free(gpu, first, n);
	return count;
}

/**
 * __gpuslice_type_available() - how many more vGPUs of a type fit
 * @gpu: the GPU, its lock held
 * @t: index in gpu->types
 *
 * The minimum of free VFs, the type's maximum in the current mode less
 * those that exist, and placements left; none under a MIG layout. (A VF that already holds a vGPU
 * reports 0 itself; see the mdev driver.)
 */
u32 __gpuslice_type_available(struct gpuslice_gpu *gpu, u32 t)
{
	const struct gpuslice_vgpu_type *type = &gpu->types[t];
	u32 max = gpu->vgpu_mode == GPUSLICE_VGPU_HOMOGENEOUS ?
		  type->max_equal : type->max_mixed;
	u32 avail;

	/* Time-sliced vGPUs share the whole GPU, which a MIG layout splits. */
	if (gpu->num_gis || gpu->vfs_changing ||
	    gpu->nr_vgpus >= gpu->num_vfs || gpu->type_count[t] >= max)
		return 0;
	avail = min(gpu->num_vfs - gpu->nr_vgpus, max - gpu->type_count[t]);
	return min(avail, __gpuslice_type_placements(gpu, t));
}

/**
 * __gpuslice_type_place() - reserve framebuffer for a vGPU of type @t
 * @gpu: the GPU, its lock held
 * @t: index in gpu->types
 * @place: filled with where it went
 *
 * Return: 0, or -ENOSPC when __gpuslice_type_available() is 0.
 */
int __gpuslice_type_place(struct gpuslice_gpu *gpu, u32 t,
			  struct gpuslice_placement *place)
{
	u32 n, first, best = 0, best_size = U32_MAX, size;

	if (!__gpuslice_type_available(gpu, t))
		return -ENOSPC;

	if (gpu->vgpu_mode == GPUSLICE_VGPU_HOMOGENEOUS) {
		first = find_first_zero_bit(&gpu->slots_used, BITS_PER_LONG);
		__set_bit(first, &gpu->slots_used);
		gpu->homog_type = t;
		place->first = first;
		place->count = 1;
		place->offset = (u64)first * gpu->types[t].fb_mib << 20;
	} else {
		n = gpuslice_type_units(gpu, t);
		for (first = 0; first + n <= gpu->units; first += n) {
			if (!gpuslice_units_free(gpu, first, n))
				continue;
			size = gpuslice_units_enclosing(gpu, first, n);
			if (size < best_size) {
				best = first;
				best_size = size;
			}
		}
		bitmap_set(&gpu->units_used, best, n);
		place->first = best;
		place->count = n;
		place->offset = (u64)best * GPUSLICE_UNIT_MIB << 20;
	}
	place->size = (u64)gpu->types[t].fb_mib << 20;
	gpu->type_count[t]++;
	gpu->nr_vgpus++;
	return 0;
}

/* Called with the GPU lock held: undo __gpuslice_type_place(). */
void __gpuslice_type_unplace(struct gpuslice_gpu *gpu, u32 t,
			     const struct gpuslice_placement *place)
{
	if (gpu->vgpu_mode == GPUSLICE_VGPU_HOMOGENEOUS)
		__clear_bit(place->first, &gpu->slots_used);
	else
		bitmap_clear(&gpu->units_used, place->first, place->count);
	gpu->type_count[t]--;
	gpu->nr_vgpus--;
}

/* Framebuffer handed out to vGPUs, in MiB. */
u64 __gpuslice_types_used_mib(struct gpuslice_gpu *gpu)
{
	u64 used = 0;
	u32 t;

	for (t = 0; t < gpu->nr_types; t++)
		used += (u64)gpu->type_count[t] * gpu->types[t].fb_mib;
	return used;
}
