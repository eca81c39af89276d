// SPDX-License-Identifier: GPL-2.0-only
/*
 * vGPU sysfs contract: SR-IOV virtual functions of a simulated GPU, the
 * mdev types each VF offers, available_instances in homogeneous and
 * heterogeneous mode (checked after every step against a model of the
 * placement rules), the per-vGPU gpuslice/ attributes, the refusals
 * (ENOSPC, EEXIST, EBUSY, ERANGE, EINVAL), and time-sliced vGPUs and a MIG
 * layout excluding each other.
 */
#include <stdbool.h>
#include <stdint.h>

#include "kselftest_harness.h"
#include "gpuslice_util.h"

#define TEST_ID		240
#define MIB		(1024ULL * 1024)
#define UNIT_MIB	5120ULL		/* heterogeneous allocation unit */
#define MAX_TYPES	8
#define MAX_VGPUS	64
#define MDEV_BUS	"/sys/class/mdev_bus"
#define GS_DEVICES	"/sys/bus/gpuslice/devices"

struct vgpu_type {
	unsigned int id;
	const char *name;
	unsigned int mib;
	unsigned int max_equal;
	unsigned int max_mixed;
};

FIXTURE_VARIANT(vgpu) {
	const char *model;
	unsigned int total_vfs;
	unsigned int fb_mib;
	unsigned int ntypes;
	struct vgpu_type types[MAX_TYPES];
};

/* What the test believes the GPU holds; the kernel must agree. */
struct vgpu_model_entry {
	char uuid[40];
	unsigned int type;	/* index into the variant's types */
	unsigned int vf;
	uint64_t offset;	/* bytes */
};

FIXTURE(vgpu) {
	bool ready;
	char gpu[32];
	unsigned int numvfs;
	bool hetero;
	unsigned int nvgpus;
	struct vgpu_model_entry vgpus[MAX_VGPUS];
	unsigned int uuid_seq;
};

FIXTURE_VARIANT_ADD(vgpu, a100_40gb) {
	.model = "a100-40gb", .total_vfs = 16, .fb_mib = 40960, .ntypes = 6,
	.types = {
		{ 1, "A100-4C", 4096, 10, 8 },
		{ 2, "A100-5C", 5120, 8, 8 },
		{ 3, "A100-8C", 8192, 5, 4 },
		{ 4, "A100-10C", 10240, 4, 4 },
		{ 5, "A100-20C", 20480, 2, 2 },
		{ 6, "A100-40C", 40960, 1, 1 },
	},
};

FIXTURE_VARIANT_ADD(vgpu, a100_80gb) {
	.model = "a100-80gb", .total_vfs = 20, .fb_mib = 81920, .ntypes = 7,
	.types = {
		{ 11, "A100D-4C", 4096, 20, 16 },
		{ 12, "A100D-8C", 8192, 10, 8 },
		{ 13, "A100D-10C", 10240, 8, 8 },
		{ 14, "A100D-16C", 16384, 5, 4 },
		{ 15, "A100D-20C", 20480, 4, 4 },
		{ 16, "A100D-40C", 40960, 2, 2 },
		{ 17, "A100D-80C", 81920, 1, 1 },
	},
};

FIXTURE_VARIANT_ADD(vgpu, h100_80gb) {
	.model = "h100-80gb", .total_vfs = 32, .fb_mib = 81920, .ntypes = 8,
	.types = {
		{ 21, "H100-4C", 4096, 20, 16 },
		{ 22, "H100-5C", 5120, 16, 16 },
		{ 23, "H100-8C", 8192, 10, 8 },
		{ 24, "H100-10C", 10240, 8, 8 },
		{ 25, "H100-16C", 16384, 6, 4 },
		{ 26, "H100-20C", 20480, 4, 4 },
		{ 27, "H100-40C", 40960, 2, 2 },
		{ 28, "H100-80C", 81920, 1, 1 },
	},
};

FIXTURE_SETUP(vgpu)
{
	char path[PATH_MAX];

	self->ready = false;
	if (access(SIM_BUS "/new_device", W_OK))
		SKIP(return, "gpuslice_sim is not loaded");
	sim_vgpu_env_cleanup(TEST_ID);
	ASSERT_EQ(0, sim_new(TEST_ID, variant->model));
	ASSERT_EQ(0, gpu_of_sim(TEST_ID, self->gpu, sizeof(self->gpu)));
	snprintf(path, sizeof(path), GPU_CLASS "/%s/sriov_numvfs", self->gpu);
	if (access(path, F_OK)) {
		sim_del(TEST_ID);
		SKIP(return, "the kernel has no vGPU support (no sriov_numvfs)");
	}
	self->ready = true;
}

FIXTURE_TEARDOWN(vgpu)
{
	if (self->ready)
		sim_vgpu_env_cleanup(TEST_ID);
}

/* SKIP() in a 6.1 harness setup still runs the test body. */
#define REQUIRE_READY() do { if (!self->ready) return; } while (0)

static int gpu_write(const char *gpu, const char *attr, const char *val)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), GPU_CLASS "/%s/%s", gpu, attr);
	return sysfs_write(path, val);
}

static int set_numvfs(FIXTURE_DATA(vgpu) *self, unsigned int n)
{
	char val[16];
	int ret;

	snprintf(val, sizeof(val), "%u\n", n);
	ret = gpu_write(self->gpu, "sriov_numvfs", val);
	if (!ret)
		self->numvfs = n;
	return ret;
}

static int set_mode(FIXTURE_DATA(vgpu) *self, bool hetero)
{
	int ret;

	ret = gpu_write(self->gpu, "vgpu_mode",
			hetero ? "heterogeneous\n" : "homogeneous\n");
	if (!ret)
		self->hetero = hetero;
	return ret;
}

static void vf_name(const FIXTURE_DATA(vgpu) *self, unsigned int vf,
		    char *buf, size_t size)
{
	snprintf(buf, size, "%s-vf%u", self->gpu, vf);
}

static int type_attr(const FIXTURE_DATA(vgpu) *self, unsigned int vf,
		     unsigned int type_id, const char *attr, char *buf,
		     size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path),
		 MDEV_BUS "/%s-vf%u/mdev_supported_types/gpuslice-%u/%s",
		 self->gpu, vf, type_id, attr);
	return sysfs_read(path, buf, size);
}

static long type_available(const FIXTURE_DATA(vgpu) *self, unsigned int vf,
			   unsigned int type_id)
{
	char buf[32];

	if (type_attr(self, vf, type_id, "available_instances", buf,
		      sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 10);
}

static int vgpu_attr(const char *uuid, const char *attr, char *buf,
		     size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/gpuslice/%s", uuid,
		 attr);
	return sysfs_read(path, buf, size);
}

static long long vgpu_attr_ll(const char *uuid, const char *attr)
{
	char buf[64];

	if (vgpu_attr(uuid, attr, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 10);
}

static void next_uuid(FIXTURE_DATA(vgpu) *self, char *uuid)
{
	snprintf(uuid, 37, "67730240-%04x-4000-8000-%012x", getpid() & 0xffff,
		 ++self->uuid_seq);
}

static int mdev_create(FIXTURE_DATA(vgpu) *self, unsigned int vf,
		       unsigned int type_id, const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path),
		 MDEV_BUS "/%s-vf%u/mdev_supported_types/gpuslice-%u/create",
		 self->gpu, vf, type_id);
	return sysfs_write(path, uuid);
}

static int mdev_remove(const char *uuid)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/remove", uuid);
	return sysfs_write(path, "1");
}

static unsigned int type_units(unsigned int mib)
{
	unsigned int units = 1;

	while (units * UNIT_MIB < mib)
		units *= 2;
	return units;
}

static unsigned int fb_units(const FIXTURE_VARIANT(vgpu) *variant)
{
	return variant->fb_mib / UNIT_MIB;
}

/* Heterogeneous occupancy, one flag per unit. */
static void unit_map(const FIXTURE_DATA(vgpu) *self,
		     const FIXTURE_VARIANT(vgpu) *variant, bool *used)
{
	unsigned int i, u, first, n;

	memset(used, 0, fb_units(variant) * sizeof(*used));
	for (i = 0; i < self->nvgpus; i++) {
		first = self->vgpus[i].offset / (UNIT_MIB * MIB);
		n = type_units(variant->types[self->vgpus[i].type].mib);
		for (u = first; u < first + n && u < fb_units(variant); u++)
			used[u] = true;
	}
}

static bool range_free(const bool *used, unsigned int first, unsigned int n)
{
	unsigned int u;

	for (u = first; u < first + n; u++)
		if (used[u])
			return false;
	return true;
}

/* Aligned, entirely free blocks of @n units. */
static unsigned int free_blocks(const bool *used, unsigned int total,
				unsigned int n)
{
	unsigned int first, count = 0;

	for (first = 0; first + n <= total; first += n)
		if (range_free(used, first, n))
			count++;
	return count;
}

/* Size of the largest aligned free block containing unit @u (0 if used). */
static unsigned int buddy_block(const bool *used, unsigned int total,
				unsigned int u)
{
	unsigned int n, best = 0;

	for (n = 1; n <= total; n *= 2)
		if (range_free(used, u / n * n, n))
			best = n;
	return best;
}

static unsigned int count_of_type(const FIXTURE_DATA(vgpu) *self,
				  unsigned int type)
{
	unsigned int i, count = 0;

	for (i = 0; i < self->nvgpus; i++)
		count += self->vgpus[i].type == type;
	return count;
}

static bool vf_busy(const FIXTURE_DATA(vgpu) *self, unsigned int vf)
{
	unsigned int i;

	for (i = 0; i < self->nvgpus; i++)
		if (self->vgpus[i].vf == vf)
			return true;
	return false;
}

/* available_instances the contract prescribes for @type on @vf. */
static long expected_available(const FIXTURE_DATA(vgpu) *self,
			       const FIXTURE_VARIANT(vgpu) *variant,
			       unsigned int vf, unsigned int type)
{
	const struct vgpu_type *t = &variant->types[type];
	long free_vfs, by_max, placements, n;
	bool used[16];
	unsigned int i;

	if (vf_busy(self, vf))
		return 0;
	n = count_of_type(self, type);
	free_vfs = self->numvfs - self->nvgpus;
	if (!self->hetero) {
		for (i = 0; i < self->nvgpus; i++)
			if (self->vgpus[i].type != type)
				return 0;
		by_max = t->max_equal - n;
		placements = variant->fb_mib / t->mib - n;
	} else {
		unit_map(self, variant, used);
		by_max = t->max_mixed - n;
		placements = free_blocks(used, fb_units(variant),
					 type_units(t->mib));
	}
	if (by_max < free_vfs)
		free_vfs = by_max;
	if (placements < free_vfs)
		free_vfs = placements;
	return free_vfs < 0 ? 0 : free_vfs;
}

/* Every VF's every type against the model; returns the mismatches. */
static int check_available(struct __test_metadata *_metadata,
			   const FIXTURE_DATA(vgpu) *self,
			   const FIXTURE_VARIANT(vgpu) *variant,
			   const char *step)
{
	unsigned int vf, t;
	long want, got;
	int bad = 0;

	for (vf = 0; vf < self->numvfs; vf++) {
		for (t = 0; t < variant->ntypes; t++) {
			want = expected_available(self, variant, vf, t);
			got = type_available(self, vf, variant->types[t].id);
			if (want == got)
				continue;
			if (bad++ < 8)
				TH_LOG("%s: vf%u %s available_instances %ld, expected %ld",
				       step, vf, variant->types[t].name, got,
				       want);
		}
	}
	return bad;
}

/*
 * Create a vGPU of @type on @vf; on success check its attributes and its
 * placement against the mode's rules, then record it in the model.
 * Returns the create error.
 */
static int vgpu_add(struct __test_metadata *_metadata,
		    FIXTURE_DATA(vgpu) *self,
		    const FIXTURE_VARIANT(vgpu) *variant, unsigned int vf,
		    unsigned int type, char *uuid_out)
{
	const struct vgpu_type *t = &variant->types[type];
	struct vgpu_model_entry *e;
	char uuid[40], buf[64], want[64];
	long long off, size;
	unsigned int slot, first, n;
	bool used[16];
	int ret;

	next_uuid(self, uuid);
	ret = mdev_create(self, vf, t->id, uuid);
	if (ret)
		return ret;
	if (uuid_out)
		strcpy(uuid_out, uuid);
	if (self->nvgpus >= MAX_VGPUS) {
		TH_LOG("model full");
		return -E2BIG;
	}

	EXPECT_EQ(0, vgpu_attr(uuid, "gpu", buf, sizeof(buf)));
	EXPECT_STREQ(self->gpu, buf);
	vf_name(self, vf, want, sizeof(want));
	EXPECT_EQ(0, vgpu_attr(uuid, "vf", buf, sizeof(buf)));
	EXPECT_STREQ(want, buf);
	EXPECT_EQ(t->id, vgpu_attr_ll(uuid, "type"));
	EXPECT_EQ(0, vgpu_attr(uuid, "type_name", buf, sizeof(buf)));
	EXPECT_STREQ(t->name, buf);
	size = vgpu_attr_ll(uuid, "framebuffer_size");
	EXPECT_EQ((long long)(t->mib * MIB), size);
	off = vgpu_attr_ll(uuid, "framebuffer_offset");
	EXPECT_LE(0, off);
	EXPECT_LE(off + t->mib * MIB, variant->fb_mib * MIB);

	if (!self->hetero) {
		/* Slots of the type's size, packed from offset 0. */
		EXPECT_EQ(0, off % (t->mib * MIB));
		slot = off / (t->mib * MIB);
		for (n = 0; n < self->nvgpus; n++)
			EXPECT_NE(off, (long long)self->vgpus[n].offset) {
				TH_LOG("slot %u handed out twice", slot);
			}
	} else {
		/* Naturally aligned, free, and in a smallest fitting block. */
		n = type_units(t->mib);
		EXPECT_EQ(0, off % (n * UNIT_MIB * MIB));
		first = off / (UNIT_MIB * MIB);
		unit_map(self, variant, used);
		if (first + n <= fb_units(variant)) {
			unsigned int u, best = ~0U, blk;

			EXPECT_TRUE(range_free(used, first, n));
			for (u = 0; u < fb_units(variant); u++) {
				blk = buddy_block(used, fb_units(variant), u);
				if (blk >= n && blk < best)
					best = blk;
			}
			EXPECT_EQ(best, buddy_block(used, fb_units(variant),
						    first)) {
				TH_LOG("%s at unit %u is not a best fit",
				       t->name, first);
			}
		}
	}

	EXPECT_EQ(0, vgpu_attr(uuid, "state", buf, sizeof(buf)));
	EXPECT_STREQ("created", buf);
	EXPECT_EQ(0, vgpu_attr_ll(uuid, "fences"));
	EXPECT_EQ(0, vgpu_attr_ll(uuid, "faults"));
	EXPECT_EQ(0, vgpu_attr_ll(uuid, "busy_ns"));

	e = &self->vgpus[self->nvgpus++];
	strcpy(e->uuid, uuid);
	e->type = type;
	e->vf = vf;
	e->offset = off;
	return 0;
}

static int vgpu_del(FIXTURE_DATA(vgpu) *self, unsigned int idx)
{
	int ret;

	ret = mdev_remove(self->vgpus[idx].uuid);
	if (ret)
		return ret;
	self->vgpus[idx] = self->vgpus[--self->nvgpus];
	return 0;
}

/* A VF without a vGPU, or -1. */
static int free_vf(const FIXTURE_DATA(vgpu) *self)
{
	unsigned int vf;

	for (vf = 0; vf < self->numvfs; vf++)
		if (!vf_busy(self, vf))
			return vf;
	return -1;
}

/* The first type of the variant taking @units units, or -1. */
static int type_by_units(const FIXTURE_VARIANT(vgpu) *variant,
			 unsigned int units, unsigned int nth)
{
	unsigned int t;

	for (t = 0; t < variant->ntypes; t++)
		if (type_units(variant->types[t].mib) == units && !nth--)
			return t;
	return -1;
}

static bool exists(const char *fmt, const char *a, unsigned int b)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), fmt, a, b);
	return !access(path, F_OK);
}

#define VF_DEV	GS_DEVICES "/%s-vf%u"
#define VF_MDEV	MDEV_BUS "/%s-vf%u"

TEST_F(vgpu, sriov_totalvfs_per_model)
{
	REQUIRE_READY();
	EXPECT_EQ(variant->total_vfs, gpu_attr_long(self->gpu, "sriov_totalvfs"));
	EXPECT_NE(0, gpu_write(self->gpu, "sriov_totalvfs", "1\n"));
	EXPECT_EQ(variant->total_vfs, gpu_attr_long(self->gpu, "sriov_totalvfs"));
	EXPECT_EQ(0, gpu_attr_long(self->gpu, "sriov_numvfs"));
}

TEST_F(vgpu, sriov_numvfs_semantics)
{
	unsigned int total = variant->total_vfs, vf;

	REQUIRE_READY();
	EXPECT_FALSE(exists(VF_DEV, self->gpu, 0));
	EXPECT_FALSE(exists(VF_MDEV, self->gpu, 0));

	/* 0 -> N creates exactly N VFs, each a gpuslice device and mdev parent. */
	ASSERT_EQ(0, set_numvfs(self, 4));
	EXPECT_EQ(4, gpu_attr_long(self->gpu, "sriov_numvfs"));
	for (vf = 0; vf < 4; vf++) {
		EXPECT_TRUE(exists(VF_DEV, self->gpu, vf));
		EXPECT_TRUE(exists(VF_MDEV "/mdev_supported_types", self->gpu,
				   vf));
	}
	EXPECT_FALSE(exists(VF_DEV, self->gpu, 4));
	EXPECT_FALSE(exists(VF_MDEV, self->gpu, 4));

	/* The same value again is a no-op. */
	EXPECT_EQ(0, set_numvfs(self, 4));
	EXPECT_EQ(4, gpu_attr_long(self->gpu, "sriov_numvfs"));
	EXPECT_TRUE(exists(VF_DEV, self->gpu, 3));

	/* N -> M, both non-zero: EBUSY, nothing changes. */
	EXPECT_EQ(-EBUSY, set_numvfs(self, 2));
	EXPECT_EQ(-EBUSY, set_numvfs(self, 5));
	EXPECT_EQ(4, gpu_attr_long(self->gpu, "sriov_numvfs"));
	EXPECT_TRUE(exists(VF_DEV, self->gpu, 3));
	EXPECT_FALSE(exists(VF_DEV, self->gpu, 4));

	/* N -> 0 removes them all. */
	ASSERT_EQ(0, set_numvfs(self, 0));
	EXPECT_EQ(0, gpu_attr_long(self->gpu, "sriov_numvfs"));
	for (vf = 0; vf < 4; vf++) {
		EXPECT_FALSE(exists(VF_DEV, self->gpu, vf));
		EXPECT_FALSE(exists(VF_MDEV, self->gpu, vf));
	}
	EXPECT_EQ(0, set_numvfs(self, 0));

	/* Above sriov_totalvfs: ERANGE; garbage: EINVAL. */
	EXPECT_EQ(-ERANGE, set_numvfs(self, total + 1));
	EXPECT_EQ(-ERANGE, set_numvfs(self, 1000000));
	EXPECT_EQ(-EINVAL, gpu_write(self->gpu, "sriov_numvfs", "abc\n"));
	EXPECT_EQ(-EINVAL, gpu_write(self->gpu, "sriov_numvfs", "4x\n"));
	EXPECT_EQ(0, gpu_attr_long(self->gpu, "sriov_numvfs"));
	EXPECT_FALSE(exists(VF_DEV, self->gpu, 0));

	/* Exactly sriov_totalvfs works, and goes away again. */
	ASSERT_EQ(0, set_numvfs(self, total));
	EXPECT_EQ(total, gpu_attr_long(self->gpu, "sriov_numvfs"));
	EXPECT_TRUE(exists(VF_DEV, self->gpu, total - 1));
	EXPECT_TRUE(exists(VF_MDEV, self->gpu, total - 1));
	EXPECT_FALSE(exists(VF_DEV, self->gpu, total));
	EXPECT_EQ(-EBUSY, set_numvfs(self, 1));
	ASSERT_EQ(0, set_numvfs(self, 0));
	EXPECT_FALSE(exists(VF_DEV, self->gpu, total - 1));
	EXPECT_FALSE(exists(VF_MDEV, self->gpu, 0));
}

TEST_F(vgpu, vgpu_mode_attribute)
{
	char buf[32];

	REQUIRE_READY();
	ASSERT_EQ(0, gpu_attr(self->gpu, "vgpu_mode", buf, sizeof(buf)));
	EXPECT_STREQ("homogeneous", buf);
	EXPECT_EQ(-EINVAL, gpu_write(self->gpu, "vgpu_mode", "mixed\n"));
	EXPECT_EQ(-EINVAL, gpu_write(self->gpu, "vgpu_mode", "1\n"));
	ASSERT_EQ(0, gpu_attr(self->gpu, "vgpu_mode", buf, sizeof(buf)));
	EXPECT_STREQ("homogeneous", buf);
	ASSERT_EQ(0, set_mode(self, true));
	ASSERT_EQ(0, gpu_attr(self->gpu, "vgpu_mode", buf, sizeof(buf)));
	EXPECT_STREQ("heterogeneous", buf);
	ASSERT_EQ(0, set_mode(self, false));
	ASSERT_EQ(0, gpu_attr(self->gpu, "vgpu_mode", buf, sizeof(buf)));
	EXPECT_STREQ("homogeneous", buf);
}

TEST_F(vgpu, types_per_vf)
{
	char path[PATH_MAX], buf[256], want[256];
	unsigned int t, vf, mode;

	REQUIRE_READY();
	ASSERT_EQ(0, set_numvfs(self, 2));
	for (vf = 0; vf < 2; vf++) {
		snprintf(path, sizeof(path),
			 MDEV_BUS "/%s-vf%u/mdev_supported_types", self->gpu,
			 vf);
		EXPECT_EQ(variant->ntypes, dir_count(path));
	}
	for (mode = 0; mode < 2; mode++) {
		ASSERT_EQ(0, set_mode(self, mode));
		for (t = 0; t < variant->ntypes; t++) {
			const struct vgpu_type *ty = &variant->types[t];

			for (vf = 0; vf < 2; vf++) {
				ASSERT_EQ(0, type_attr(self, vf, ty->id, "name",
						       buf, sizeof(buf)));
				EXPECT_STREQ(ty->name, buf);
				ASSERT_EQ(0, type_attr(self, vf, ty->id,
						       "device_api", buf,
						       sizeof(buf)));
				EXPECT_STREQ("vfio-pci", buf);
				ASSERT_EQ(0, type_attr(self, vf, ty->id,
						       "description", buf,
						       sizeof(buf)));
				snprintf(want, sizeof(want),
					 "num_heads=1, frl_config=60, framebuffer=%uM, max_resolution=4096x2160, max_instance=%u",
					 ty->mib,
					 mode ? ty->max_mixed : ty->max_equal);
				EXPECT_STREQ(want, buf);
				snprintf(path, sizeof(path),
					 MDEV_BUS "/%s-vf%u/mdev_supported_types/gpuslice-%u/devices",
					 self->gpu, vf, ty->id);
				EXPECT_EQ(0, dir_count(path));
				snprintf(path, sizeof(path),
					 MDEV_BUS "/%s-vf%u/mdev_supported_types/gpuslice-%u/create",
					 self->gpu, vf, ty->id);
				EXPECT_EQ(0, access(path, W_OK));
			}
		}
		EXPECT_EQ(0, check_available(_metadata, self, variant,
					     mode ? "heterogeneous" :
						    "homogeneous"));
	}
}

/* Hundreds of sysfs reads per step: minutes on the lockdep/KASAN kernel. */
TEST_F_TIMEOUT(vgpu, homogeneous_fill_smallest_type, 400)
{
	unsigned int limit, i, t, other;
	char uuid[40], path[PATH_MAX], step[64];
	int vf;

	REQUIRE_READY();
	ASSERT_EQ(0, set_numvfs(self, variant->total_vfs));
	ASSERT_EQ(0, check_available(_metadata, self, variant, "empty"));

	/* The smallest type, as many times as the VFs and its max allow. */
	t = 0;
	limit = variant->types[t].max_equal;
	if (limit > variant->total_vfs)
		limit = variant->total_vfs;
	for (i = 0; i < limit; i++) {
		vf = free_vf(self);
		ASSERT_LE(0, vf);
		ASSERT_EQ(0, vgpu_add(_metadata, self, variant, vf, t, uuid)) {
			TH_LOG("instance %u of %s", i + 1,
			       variant->types[t].name);
		}
		snprintf(step, sizeof(step), "after %u x %s", i + 1,
			 variant->types[t].name);
		ASSERT_EQ(0, check_available(_metadata, self, variant, step));
		/* The type lists the instance under devices/. */
		snprintf(path, sizeof(path),
			 MDEV_BUS "/%s-vf%d/mdev_supported_types/gpuslice-%u/devices/%s",
			 self->gpu, vf, variant->types[t].id, uuid);
		EXPECT_EQ(0, access(path, F_OK));
	}

	/* One more is refused, on a free VF and on a busy one. */
	next_uuid(self, uuid);
	vf = free_vf(self);
	if (vf >= 0)
		EXPECT_EQ(-ENOSPC, mdev_create(self, vf, variant->types[t].id,
					       uuid));
	EXPECT_EQ(-ENOSPC, mdev_create(self, self->vgpus[0].vf,
				       variant->types[t].id, uuid));
	/* Another type is refused while this one is in use. */
	other = variant->ntypes - 1;
	if (vf >= 0)
		EXPECT_EQ(-ENOSPC, mdev_create(self, vf,
					       variant->types[other].id, uuid));
	EXPECT_FALSE(exists(MDEV_DEVICES "/%s", uuid, 0));

	/* A UUID already in use: EEXIST from the mdev core. */
	vf = free_vf(self);
	if (vf < 0)
		vf = 0;
	EXPECT_EQ(-EEXIST, mdev_create(self, vf, variant->types[t].id,
				       self->vgpus[0].uuid));

	/* Removing restores the counts step by step. */
	while (self->nvgpus) {
		ASSERT_EQ(0, vgpu_del(self, self->nvgpus / 2));
		snprintf(step, sizeof(step), "after removal, %u left",
			 self->nvgpus);
		ASSERT_EQ(0, check_available(_metadata, self, variant, step));
	}
}

TEST_F_TIMEOUT(vgpu, homogeneous_every_type, 400)
{
	unsigned int t, i, limit;
	char step[64];
	int vf;

	REQUIRE_READY();
	ASSERT_EQ(0, set_numvfs(self, variant->total_vfs));
	for (t = 0; t < variant->ntypes; t++) {
		const struct vgpu_type *ty = &variant->types[t];

		limit = variant->fb_mib / ty->mib;
		if (limit > ty->max_equal)
			limit = ty->max_equal;
		if (limit > variant->total_vfs)
			limit = variant->total_vfs;
		for (i = 0; i < limit; i++) {
			vf = free_vf(self);
			ASSERT_LE(0, vf);
			ASSERT_EQ(0, vgpu_add(_metadata, self, variant, vf, t,
					      NULL)) {
				TH_LOG("instance %u of %s", i + 1, ty->name);
			}
		}
		snprintf(step, sizeof(step), "%u x %s", limit, ty->name);
		EXPECT_EQ(0, check_available(_metadata, self, variant, step));
		vf = free_vf(self);
		if (vf >= 0) {
			char uuid[40];

			next_uuid(self, uuid);
			EXPECT_EQ(-ENOSPC, mdev_create(self, vf, ty->id, uuid)) {
				TH_LOG("%s beyond %u", ty->name, limit);
			}
		}
		while (self->nvgpus)
			ASSERT_EQ(0, vgpu_del(self, 0));
		snprintf(step, sizeof(step), "%s removed", ty->name);
		ASSERT_EQ(0, check_available(_metadata, self, variant, step));
	}
}

TEST_F_TIMEOUT(vgpu, heterogeneous_mixed_sizes, 400)
{
	unsigned int units = fb_units(variant), n, i;
	int t, vf, two = -1;
	char uuid[40], step[96];

	REQUIRE_READY();
	ASSERT_EQ(0, set_numvfs(self, variant->total_vfs));
	ASSERT_EQ(0, set_mode(self, true));
	ASSERT_EQ(0, check_available(_metadata, self, variant, "empty"));

	/* Halves down to one unit, then one more unit: the GPU is full. */
	for (n = units / 2; n; n /= 2) {
		t = type_by_units(variant, n, 0);
		ASSERT_LE(0, t);
		vf = free_vf(self);
		ASSERT_EQ(0, vgpu_add(_metadata, self, variant, vf, t, NULL));
		if (n == 2)
			two = self->nvgpus - 1;
		snprintf(step, sizeof(step), "after %s",
			 variant->types[t].name);
		ASSERT_EQ(0, check_available(_metadata, self, variant, step));
	}
	t = type_by_units(variant, 1, 1);
	if (t < 0)
		t = type_by_units(variant, 1, 0);
	ASSERT_LE(0, t);
	ASSERT_EQ(0, vgpu_add(_metadata, self, variant, free_vf(self), t,
			      uuid));
	ASSERT_EQ(0, check_available(_metadata, self, variant, "full"));

	/* Full: even a one-unit type is refused. */
	next_uuid(self, uuid);
	EXPECT_EQ(-ENOSPC, mdev_create(self, free_vf(self),
				       variant->types[0].id, uuid));
	/* The mode cannot change under vGPUs. */
	EXPECT_EQ(-EBUSY, set_mode(self, false));
	ASSERT_EQ(0, gpu_attr(self->gpu, "vgpu_mode", step, sizeof(step)));
	EXPECT_STREQ("heterogeneous", step);
	/* Nor can the VFs go away. */
	EXPECT_EQ(-EBUSY, gpu_write(self->gpu, "sriov_numvfs", "0\n"));
	EXPECT_EQ(variant->total_vfs, gpu_attr_long(self->gpu, "sriov_numvfs"));

	/* Freeing the two-unit vGPU makes room for another two-unit type. */
	ASSERT_LE(0, two);
	ASSERT_EQ(0, vgpu_del(self, two));
	ASSERT_EQ(0, check_available(_metadata, self, variant,
				     "two units freed"));
	t = type_by_units(variant, 2, 1);
	if (t < 0)
		t = type_by_units(variant, 2, 0);
	ASSERT_EQ(0, vgpu_add(_metadata, self, variant, free_vf(self), t,
			      NULL));
	ASSERT_EQ(0, check_available(_metadata, self, variant, "refilled"));

	/* Everything removed: back to the empty counts, mode switchable. */
	while (self->nvgpus)
		ASSERT_EQ(0, vgpu_del(self, self->nvgpus - 1));
	ASSERT_EQ(0, check_available(_metadata, self, variant, "emptied"));
	for (i = 0; i < 2; i++)
		EXPECT_EQ(0, set_mode(self, !self->hetero));
}

TEST_F_TIMEOUT(vgpu, heterogeneous_needs_an_aligned_block, 400)
{
	unsigned int units = fb_units(variant), i, u;
	int t, two, four;
	char uuid[40];

	REQUIRE_READY();
	ASSERT_LE(units, variant->total_vfs);
	ASSERT_EQ(0, set_numvfs(self, variant->total_vfs));
	ASSERT_EQ(0, set_mode(self, true));

	/* One-unit vGPUs everywhere, alternating the two one-unit types. */
	for (i = 0; i < units; i++) {
		t = type_by_units(variant, 1, i % 2);
		if (t < 0 || count_of_type(self, t) >=
			     variant->types[t].max_mixed)
			t = type_by_units(variant, 1, !(i % 2));
		ASSERT_LE(0, t);
		ASSERT_EQ(0, vgpu_add(_metadata, self, variant, free_vf(self),
				      t, NULL)) {
			TH_LOG("one-unit vGPU %u", i);
		}
	}
	ASSERT_EQ(0, check_available(_metadata, self, variant, "all units"));

	/* Free units 1 and 2: two free units, but no aligned pair. */
	for (u = 1; u <= 2; u++) {
		for (i = 0; i < self->nvgpus; i++)
			if (self->vgpus[i].offset == u * UNIT_MIB * MIB)
				break;
		ASSERT_LT(i, self->nvgpus);
		ASSERT_EQ(0, vgpu_del(self, i));
	}
	ASSERT_EQ(0, check_available(_metadata, self, variant,
				     "units 1 and 2 free"));
	two = type_by_units(variant, 2, 0);
	ASSERT_LE(0, two);
	EXPECT_EQ(0, type_available(self, free_vf(self),
				    variant->types[two].id));
	next_uuid(self, uuid);
	EXPECT_EQ(-ENOSPC, mdev_create(self, free_vf(self),
				       variant->types[two].id, uuid));

	/* Free unit 0 too: the aligned pair 0-1 now takes a two-unit type. */
	for (i = 0; i < self->nvgpus; i++)
		if (self->vgpus[i].offset == 0)
			break;
	ASSERT_LT(i, self->nvgpus);
	ASSERT_EQ(0, vgpu_del(self, i));
	ASSERT_EQ(0, check_available(_metadata, self, variant,
				     "units 0-2 free"));
	ASSERT_EQ(0, vgpu_add(_metadata, self, variant, free_vf(self), two,
			      NULL));
	EXPECT_EQ(0, self->vgpus[self->nvgpus - 1].offset);
	ASSERT_EQ(0, check_available(_metadata, self, variant,
				     "pair at unit 0"));
	/* Unit 2 remains: one-unit types fit, four-unit ones do not. */
	four = type_by_units(variant, 4, 0);
	if (four >= 0) {
		next_uuid(self, uuid);
		EXPECT_EQ(-ENOSPC, mdev_create(self, free_vf(self),
					       variant->types[four].id, uuid));
	}
}

TEST_F(vgpu, vgpu_attributes_and_links)
{
	char uuid[40], path[PATH_MAX], target[PATH_MAX], want[64];
	ssize_t n;
	int t;

	REQUIRE_READY();
	ASSERT_EQ(0, set_numvfs(self, 3));
	t = variant->ntypes / 2;
	ASSERT_EQ(0, vgpu_add(_metadata, self, variant, 2, t, uuid));
	EXPECT_EQ(0, self->vgpus[0].offset);

	/* The mdev core's view: parent VF, type link, iommu group. */
	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/mdev_type", uuid);
	n = readlink(path, target, sizeof(target) - 1);
	ASSERT_LT(0, n);
	target[n] = '\0';
	snprintf(want, sizeof(want), "/gpuslice-%u", variant->types[t].id);
	EXPECT_STREQ(want, target + n - strlen(want));
	snprintf(path, sizeof(path), MDEV_BUS "/%s-vf2/%s", self->gpu, uuid);
	EXPECT_EQ(0, access(path, F_OK));
	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/iommu_group", uuid);
	EXPECT_EQ(0, access(path, F_OK));

	/* Removal takes it away and restores the counts. */
	ASSERT_EQ(0, vgpu_del(self, 0));
	snprintf(path, sizeof(path), MDEV_DEVICES "/%s", uuid);
	EXPECT_NE(0, access(path, F_OK));
	EXPECT_EQ(0, check_available(_metadata, self, variant, "removed"));
}

TEST_F(vgpu, vfs_stay_while_a_vgpu_exists)
{
	char uuid[40];

	REQUIRE_READY();
	ASSERT_EQ(0, set_numvfs(self, 2));
	ASSERT_EQ(0, vgpu_add(_metadata, self, variant, 1, 0, uuid));
	EXPECT_EQ(-EBUSY, gpu_write(self->gpu, "sriov_numvfs", "0\n"));
	EXPECT_EQ(2, gpu_attr_long(self->gpu, "sriov_numvfs"));
	EXPECT_TRUE(exists(VF_DEV, self->gpu, 1));
	EXPECT_TRUE(exists(MDEV_DEVICES "/%s", uuid, 0));
	EXPECT_EQ(-EBUSY, set_mode(self, true));
	ASSERT_EQ(0, vgpu_del(self, 0));
	EXPECT_EQ(0, set_numvfs(self, 0));
	EXPECT_FALSE(exists(VF_DEV, self->gpu, 0));
}

static int mig_write(const char *gpu, const char *layout)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path),
		 "/sys/kernel/debug/gpuslice/%s/mig_instances", gpu);
	return sysfs_write(path, layout);
}

/* Time-sliced vGPUs share the whole GPU; a MIG layout splits it. */
TEST_F(vgpu, mig_layout_and_time_sliced_vgpus_exclude_each_other)
{
	char uuid[40];
	unsigned int t;

	REQUIRE_READY();
	if (access("/sys/kernel/debug/gpuslice", R_OK))
		SKIP(return, "debugfs is not mounted");
	ASSERT_EQ(0, set_numvfs(self, 2));
	ASSERT_EQ(0, vgpu_add(_metadata, self, variant, 0, 0, uuid));
	EXPECT_EQ(-EBUSY, mig_write(self->gpu, "0:0\n"));
	ASSERT_EQ(0, vgpu_del(self, 0));

	/* The 7g instance: the VFs stay, but offer no time-sliced vGPU. */
	ASSERT_EQ(0, mig_write(self->gpu, "0:0\n"));
	for (t = 0; t < variant->ntypes; t++)
		EXPECT_EQ(0, type_available(self, 1, variant->types[t].id));
	next_uuid(self, uuid);
	EXPECT_EQ(-ENOSPC, mdev_create(self, 1, variant->types[0].id, uuid));

	ASSERT_EQ(0, mig_write(self->gpu, "none\n"));
	EXPECT_EQ(0, check_available(_metadata, self, variant,
				     "layout cleared"));
	EXPECT_EQ(0, vgpu_add(_metadata, self, variant, 1, 0, NULL));
}

TEST_HARNESS_MAIN
