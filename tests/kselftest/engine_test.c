// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated GPU as a device: engines executing command streams through
 * channels on /dev/gpuslice/gpuN, the interrupt round trip, framebuffer
 * contents checked through the simulator's debugfs, the compute timing
 * model, preemption, isolation of faults, fault injection, deletion with
 * work in flight, and MIG layouts: their rules, channels confined to a GPU
 * instance, and instances computing in parallel.
 */
#include <stdint.h>
#include <sys/ioctl.h>
#include <time.h>

#include <linux/gpuslice.h>
#include <linux/gpuslice_vgpu.h>

#include "gpuslice_cmd.h"
#include "kselftest_harness.h"
#include "gpuslice_util.h"

#define TEST_ID		230
#define COPY_ENGINE	1
#define MIB		(1024ULL * 1024)
/* h100-80gb: 8 copy engines, then the compute engines of instances 2..7. */
#define H100_GI_ENGINE(n)	((n) == 1 ? 0 : 8 + (n) - 1)
#define MIG_HEADER	"# gi profile_id name start engine sm_count memory_offset_mib memory_mib"

FIXTURE(engine) {
	char gpu[32];
	char sim_dbg[128];
	char gpu_dbg[128];
	long sm_count;
	int fd;
};

FIXTURE_SETUP(engine)
{
	char path[PATH_MAX];

	self->fd = -1;
	if (access(SIM_BUS "/new_device", W_OK))
		SKIP(return, "gpuslice_sim is not loaded");
	if (access("/sys/kernel/debug/gpuslice_sim", R_OK))
		SKIP(return, "debugfs is not mounted");
	ASSERT_EQ(0, sim_new(TEST_ID, "h100-80gb"));
	ASSERT_EQ(0, gpu_of_sim(TEST_ID, self->gpu, sizeof(self->gpu)));
	self->sm_count = gpu_attr_long(self->gpu, "sm_count");
	snprintf(self->sim_dbg, sizeof(self->sim_dbg),
		 "/sys/kernel/debug/gpuslice_sim/sim%u", TEST_ID);
	snprintf(self->gpu_dbg, sizeof(self->gpu_dbg),
		 "/sys/kernel/debug/gpuslice/%s", self->gpu);
	snprintf(path, sizeof(path), "/dev/gpuslice/%s", self->gpu);
	self->fd = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(engine)
{
	if (self->fd >= 0)
		close(self->fd);
	sim_del(TEST_ID);
}

/* A channel in GPU instance @gi of a MIG layout, or the whole GPU (0). */
static int channel_new_in(int fd, uint32_t gi, uint32_t engine,
			  uint32_t sm_count, uint64_t offset, uint64_t size,
			  uint32_t *id)
{
	struct gpuslice_channel_create c = {
		.argsz = sizeof(c), .engine = engine, .sm_count = sm_count,
		.vram_offset = offset, .vram_size = size, .gpu_instance = gi,
	};

	if (ioctl(fd, GPUSLICE_IOCTL_CHANNEL_CREATE, &c))
		return -errno;
	*id = c.channel;
	return 0;
}

static int channel_new(int fd, uint32_t engine, uint32_t sm_count,
		       uint64_t offset, uint64_t size, uint32_t *id)
{
	return channel_new_in(fd, 0, engine, sm_count, offset, size, id);
}

static int channel_destroy(int fd, uint32_t chan)
{
	struct gpuslice_channel_destroy d = {
		.argsz = sizeof(d), .channel = chan,
	};

	return ioctl(fd, GPUSLICE_IOCTL_CHANNEL_DESTROY, &d) ? -errno : 0;
}

static int submit(int fd, uint32_t chan, const struct gpuslice_cmd_buf *s)
{
	struct gpuslice_submit sub = {
		.argsz = sizeof(sub), .channel = chan, .ndw = s->n,
		.cmds = (uintptr_t)s->w,
	};

	if (gpuslice_cmd_overflow(s))
		return -ENOSPC;
	return ioctl(fd, GPUSLICE_IOCTL_SUBMIT, &sub) ? -errno : 0;
}

static int wait_fence(int fd, uint32_t chan, uint64_t fence,
		      uint32_t timeout_ms, struct gpuslice_wait *out)
{
	struct gpuslice_wait w = {
		.argsz = sizeof(w), .channel = chan, .fence = fence,
		.timeout_ms = timeout_ms,
	};
	int ret;

	ret = ioctl(fd, GPUSLICE_IOCTL_WAIT, &w) ? -errno : 0;
	if (out)
		*out = w;
	return ret;
}

static int vram_read(const char *dbg, uint64_t off, void *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/vram", dbg);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = pread(fd, buf, len, off);
	close(fd);
	return n == (ssize_t)len ? 0 : -EIO;
}

static long long dbg_value(const char *dir, const char *name)
{
	char path[PATH_MAX], buf[64];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (sysfs_read(path, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 10);
}

/* Sum of a line's per-CPU counts in /proc/interrupts, by action name. */
static long long proc_interrupts(const char *name)
{
	char line[1024], *p, *end;
	long long total = -1;
	FILE *f;

	f = fopen("/proc/interrupts", "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		while (len && (line[len - 1] == '\n' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (len < strlen(name) + 1 ||
		    strcmp(line + len - strlen(name), name) ||
		    line[len - strlen(name) - 1] != ' ')
			continue;
		p = strchr(line, ':');
		if (!p)
			continue;
		total = 0;
		for (p++;; p = end) {
			long long v = strtoll(p, &end, 10);

			if (end == p)
				break;
			total += v;
		}
		break;
	}
	fclose(f);
	return total;
}

/* Poll @dir/@name until it exceeds @than, for at most two seconds. */
static long long dbg_wait_above(const char *dir, const char *name,
				long long than)
{
	long long v = -1;
	int i;

	for (i = 0; i < 200; i++) {
		v = dbg_value(dir, name);
		if (v > than)
			break;
		usleep(10000);
	}
	return v;
}

/* /proc/interrupts for @name until it exceeds @than, for at most 2 s. */
static long long proc_interrupts_above(const char *name, long long than)
{
	long long v = -1;
	int i;

	for (i = 0; i < 200; i++) {
		v = proc_interrupts(name);
		if (v > than)
			break;
		usleep(10000);
	}
	return v;
}

TEST_F(engine, interrupt_round_trip)
{
	long long irq_before, handled_before;
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint32_t chan = 0;

	irq_before = proc_interrupts(self->gpu);
	ASSERT_LE(0, irq_before) TH_LOG("no %s line in /proc/interrupts",
					self->gpu);
	handled_before = dbg_value(self->gpu_dbg, "irq_handled");
	ASSERT_LE(0, handled_before);

	ASSERT_EQ(0, channel_new(self->fd, GPUSLICE_ENGINE_COMPUTE, 0, 0, 0,
				 &chan));
	gpuslice_cmd_fence(&s, 7, true);
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	ASSERT_EQ(0, wait_fence(self->fd, chan, 7, 5000, NULL));

	/* The fence is visible before the interrupt it raises is handled. */
	EXPECT_LT(irq_before, proc_interrupts_above(self->gpu, irq_before));
	EXPECT_LT(handled_before, dbg_wait_above(self->gpu_dbg, "irq_handled",
						 handled_before));
	EXPECT_EQ(0, dbg_value(self->gpu_dbg, "irq_spurious"));
}

TEST_F(engine, fill_then_checksum)
{
	static uint32_t pattern[MIB / 4];
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint32_t chan = 0, crc = 0, got[4];
	unsigned int i;

	for (i = 0; i < MIB / 4; i++)
		pattern[i] = 0xdeadbeef;

	ASSERT_EQ(0, channel_new(self->fd, COPY_ENGINE, 0, 0, 16 * MIB,
				 &chan));
	gpuslice_cmd_fill(&s, 0, 0x1000, MIB, 0xdeadbeef);
	gpuslice_cmd_checksum(&s, 0, 0x1000, MIB, 8 * MIB);
	gpuslice_cmd_fence(&s, 1, true);
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	ASSERT_EQ(0, wait_fence(self->fd, chan, 1, 5000, NULL));

	/* The engine's checksum, and the framebuffer read independently. */
	ASSERT_EQ(0, vram_read(self->sim_dbg, 8 * MIB, &crc, sizeof(crc)));
	EXPECT_EQ(gpuslice_crc32(0, pattern, MIB), crc);
	ASSERT_EQ(0, vram_read(self->sim_dbg, 0x1000, got, sizeof(got)));
	EXPECT_EQ(0xdeadbeef, got[0]);
	EXPECT_EQ(0xdeadbeef, got[3]);
	ASSERT_EQ(0, vram_read(self->sim_dbg, 0x1000 + MIB - 8, got, 16));
	EXPECT_EQ(0xdeadbeef, got[1]);
	EXPECT_EQ(0, got[2]);
	ASSERT_EQ(0, vram_read(self->sim_dbg, 0xff0, got, 16));
	EXPECT_EQ(0, got[3]);
}

TEST_F(engine, copy_moves_data)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint32_t chan = 0, crc_a = 0, crc_b = 0, word = 0;

	ASSERT_EQ(0, channel_new(self->fd, COPY_ENGINE, 0, 0, 0, &chan));
	gpuslice_cmd_fill(&s, 0, 0, 2 * MIB, 0x01234567);
	gpuslice_cmd_fill(&s, 0, MIB, 4096, 0x89abcdef);
	gpuslice_cmd_copy(&s, 0, 0, 4 * MIB, 2 * MIB);
	gpuslice_cmd_checksum(&s, 0, 0, 2 * MIB, 8 * MIB);
	gpuslice_cmd_checksum(&s, 0, 4 * MIB, 2 * MIB, 8 * MIB + 4);
	gpuslice_cmd_fence(&s, 2, true);
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	ASSERT_EQ(0, wait_fence(self->fd, chan, 2, 5000, NULL));

	ASSERT_EQ(0, vram_read(self->sim_dbg, 8 * MIB, &crc_a, 4));
	ASSERT_EQ(0, vram_read(self->sim_dbg, 8 * MIB + 4, &crc_b, 4));
	EXPECT_EQ(crc_a, crc_b);
	ASSERT_EQ(0, vram_read(self->sim_dbg, 5 * MIB, &word, 4));
	EXPECT_EQ(0x89abcdef, word);
}

TEST_F(engine, window_confines_a_channel)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	struct gpuslice_wait w;
	uint32_t chan = 0, word = 0;

	ASSERT_EQ(0, channel_new(self->fd, COPY_ENGINE, 0, 32 * MIB, 16 * MIB,
				 &chan));
	gpuslice_cmd_fill(&s, 0, 0, 4096, 0x5a5a5a5a);
	gpuslice_cmd_fence(&s, 1, false);
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	ASSERT_EQ(0, wait_fence(self->fd, chan, 1, 5000, NULL));
	ASSERT_EQ(0, vram_read(self->sim_dbg, 32 * MIB, &word, 4));
	EXPECT_EQ(0x5a5a5a5a, word);
	ASSERT_EQ(0, vram_read(self->sim_dbg, 0, &word, 4));
	EXPECT_EQ(0, word);

	/* One byte past the window faults the channel. */
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fill(&s, 0, 16 * MIB - 4, 8, 0);
	gpuslice_cmd_fence(&s, 2, false);
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	EXPECT_EQ(-EIO, wait_fence(self->fd, chan, 2, 5000, &w));
	EXPECT_EQ(GPUSLICE_FAULT_OUT_OF_BOUNDS, w.fault);
	EXPECT_EQ(1, w.completed);
	ASSERT_EQ(0, vram_read(self->sim_dbg, 48 * MIB, &word, 4));
	EXPECT_EQ(0, word);
}

TEST_F(engine, bad_commands_fault_only_their_channel)
{
	static const struct {
		uint32_t engine;
		uint32_t words[8];
		unsigned int n;
		uint32_t fault;
	} bad[] = {
		{ COPY_ENGINE, { GPUSLICE_CMD_HEADER(0x7f, 0, 1) }, 1,
		  GPUSLICE_FAULT_BAD_OPCODE },
		{ COPY_ENGINE, { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_NOP, 0x80, 1) },
		  1, GPUSLICE_FAULT_BAD_OPCODE },
		{ COPY_ENGINE, { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_FENCE, 0, 2), 0 },
		  2, GPUSLICE_FAULT_BAD_LENGTH },
		{ COPY_ENGINE, { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_NOP, 0, 0) }, 1,
		  GPUSLICE_FAULT_BAD_LENGTH },
		{ COPY_ENGINE, { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_FILL, 0, 6),
				 2, 0, 8, 0, 0 }, 6, GPUSLICE_FAULT_MISALIGNED },
		{ COPY_ENGINE, { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_FILL, 0, 6),
				 0, 0x100000, 8, 0, 0 }, 6,
		  GPUSLICE_FAULT_OUT_OF_BOUNDS },
		{ COPY_ENGINE, { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_COPY, 0, 7),
				 0, 0, 64, 0, 128, 0 }, 7,
		  GPUSLICE_FAULT_OVERLAP },
		{ COPY_ENGINE, { GPUSLICE_CMD_HEADER(GPUSLICE_CMD_COMPUTE, 0, 2),
				 10 }, 2, GPUSLICE_FAULT_WRONG_ENGINE },
	};
	struct gpuslice_cmd_buf good = GPUSLICE_CMD_BUF_INIT;
	struct gpuslice_wait w;
	uint32_t victim = 0, bystander = 0;
	unsigned int i;

	ASSERT_EQ(0, channel_new(self->fd, COPY_ENGINE, 0, 0, 0, &bystander));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;

		ASSERT_EQ(0, channel_new(self->fd, bad[i].engine, 0, 0, 0x100000,
					 &victim));
		memcpy(s.w, bad[i].words, bad[i].n * 4);
		s.n = bad[i].n;
		gpuslice_cmd_fence(&s, 1, true);
		ASSERT_EQ(0, submit(self->fd, victim, &s));
		EXPECT_EQ(-EIO, wait_fence(self->fd, victim, 1, 5000, &w)) {
			TH_LOG("case %u", i);
		}
		EXPECT_EQ(bad[i].fault, w.fault) {
			TH_LOG("case %u", i);
		}
		/* A faulted channel takes no more work. */
		EXPECT_EQ(-EIO, submit(self->fd, victim, &s));

		/* The engine still serves everyone else. */
		gpuslice_cmd_reset(&good);
		gpuslice_cmd_fence(&good, i + 1, true);
		ASSERT_EQ(0, submit(self->fd, bystander, &good));
		EXPECT_EQ(0, wait_fence(self->fd, bystander, i + 1, 5000, NULL));
	}
}

/*
 * Engine time of the fastest of three COMPUTEs of @units on @chan: host
 * scheduling delays only ever add to busy time, so the minimum is the
 * model's own figure.
 */
static int min_compute_ns(int fd, uint32_t chan, uint32_t units,
			  uint64_t *min_ns)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	struct gpuslice_wait w;
	uint64_t before = 0;
	int run, ret;

	*min_ns = UINT64_MAX;
	for (run = 1; run <= 3; run++) {
		gpuslice_cmd_reset(&s);
		gpuslice_cmd_compute(&s, units);
		gpuslice_cmd_fence(&s, run, true);
		ret = submit(fd, chan, &s);
		if (!ret)
			ret = wait_fence(fd, chan, run, 10000, &w);
		if (ret)
			return ret;
		if (w.busy_ns - before < *min_ns)
			*min_ns = w.busy_ns - before;
		before = w.busy_ns;
	}
	return 0;
}

TEST_F(engine, compute_time_scales_with_sms)
{
	uint32_t c_full = 0, c_part = 0, part_sms = 0;
	uint64_t full_ns, part_ns;
	double ratio, expect;

	part_sms = self->sm_count * 2 / 7;
	ASSERT_EQ(0, channel_new(self->fd, GPUSLICE_ENGINE_COMPUTE, 0, 0, 0,
				 &c_full));
	ASSERT_EQ(0, channel_new(self->fd, GPUSLICE_ENGINE_COMPUTE, part_sms,
				 0, 0, &c_part));

	/* 200 ms of the whole GPU each: fixed latencies stay below 3 %. */
	ASSERT_EQ(0, min_compute_ns(self->fd, c_full, 200000, &full_ns));
	ASSERT_EQ(0, min_compute_ns(self->fd, c_part, 200000, &part_ns));

	expect = (double)self->sm_count / part_sms;
	ratio = (double)part_ns / full_ns;
	TH_LOG("full %llu ns, %u SMs %llu ns (fastest of 3): ratio %.3f, expected %.3f",
	       (unsigned long long)full_ns, part_sms,
	       (unsigned long long)part_ns, ratio, expect);
	EXPECT_GE(full_ns, 200000000ULL);
	EXPECT_LT(ratio, expect * 1.10);
	EXPECT_GT(ratio, expect * 0.90);
}

TEST_F(engine, preemption_keeps_state)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	struct gpuslice_wait w_long, w_short;
	struct timespec t0, t1;
	uint32_t c_long = 0, c_short = 0;
	double short_ms;

	ASSERT_EQ(0, channel_new(self->fd, GPUSLICE_ENGINE_COMPUTE, 0, 0, 0,
				 &c_long));
	ASSERT_EQ(0, channel_new(self->fd, GPUSLICE_ENGINE_COMPUTE, 0, 0, 0,
				 &c_short));

	/*
	 * 400 ms of compute on the idle engine; 100 ms into it, a short job
	 * queued behind it. A resume that restarted the long job would cost
	 * at least those 100 ms again. (Engine time is accounted only at a
	 * preemption or the fence, so the wait is wall-clock.)
	 */
	gpuslice_cmd_compute(&s, 400000);
	gpuslice_cmd_fence(&s, 1, true);
	ASSERT_EQ(0, submit(self->fd, c_long, &s));
	usleep(100000);
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_compute(&s, 1000);
	gpuslice_cmd_fence(&s, 1, true);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_EQ(0, submit(self->fd, c_short, &s));
	ASSERT_EQ(0, wait_fence(self->fd, c_short, 1, 10000, &w_short));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	short_ms = (t1.tv_sec - t0.tv_sec) * 1e3 +
		   (t1.tv_nsec - t0.tv_nsec) / 1e6;

	/* The long job has not finished: the short one preempted it ... */
	EXPECT_EQ(-ETIMEDOUT, wait_fence(self->fd, c_long, 1, 0, &w_long));
	EXPECT_LT(short_ms, 200.0);
	/* ... and it resumes where it stopped: 400 ms in all, not 500. */
	ASSERT_EQ(0, wait_fence(self->fd, c_long, 1, 10000, &w_long));
	TH_LOG("short job after %.1f ms; long job busy %llu ns", short_ms,
	       (unsigned long long)w_long.busy_ns);
	EXPECT_GE(w_long.busy_ns, 400000000ULL);
	EXPECT_LT(w_long.busy_ns, 460000000ULL);
}

TEST_F(engine, destroying_an_idle_channel_spares_the_running_one)
{
	struct gpuslice_channel_destroy d = { .argsz = sizeof(d) };
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	struct gpuslice_wait w;
	uint32_t busy = 0, other = 0;

	ASSERT_EQ(0, channel_new(self->fd, GPUSLICE_ENGINE_COMPUTE, 0, 0, 0,
				 &busy));
	ASSERT_EQ(0, channel_new(self->fd, GPUSLICE_ENGINE_COMPUTE, 0, 0, 0,
				 &other));
	/* The other channel runs once, then sits unloaded. */
	gpuslice_cmd_fence(&s, 1, true);
	ASSERT_EQ(0, submit(self->fd, other, &s));
	ASSERT_EQ(0, wait_fence(self->fd, other, 1, 5000, NULL));

	/* One second of compute, so it is surely still running below. */
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_compute(&s, 1000000);
	gpuslice_cmd_fence(&s, 1, true);
	ASSERT_EQ(0, submit(self->fd, busy, &s));
	EXPECT_EQ(-ETIMEDOUT, wait_fence(self->fd, busy, 1, 20, NULL));
	/* Destroying it mid-compute of the first must not stop the engine. */
	d.channel = other;
	ASSERT_EQ(0, ioctl(self->fd, GPUSLICE_IOCTL_CHANNEL_DESTROY, &d));
	EXPECT_EQ(0, wait_fence(self->fd, busy, 1, 10000, &w));
	EXPECT_GE(w.busy_ns, 1000000000ULL);
}

TEST_F(engine, framebuffer_is_allocated_on_demand)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	long long before, after;
	uint8_t buf[4096];
	uint32_t chan = 0;

	before = dbg_value(self->sim_dbg, "vram_resident_bytes");
	ASSERT_LE(0, before);
	/* Reading memory never written allocates nothing. */
	ASSERT_EQ(0, vram_read(self->sim_dbg, 70 * 1024 * MIB, buf,
			       sizeof(buf)));
	EXPECT_EQ(before, dbg_value(self->sim_dbg, "vram_resident_bytes"));

	ASSERT_EQ(0, channel_new(self->fd, COPY_ENGINE, 0, 0, 0, &chan));
	gpuslice_cmd_fill(&s, 0, 64 * MIB, 2 * MIB, 1);
	gpuslice_cmd_fence(&s, 1, false);
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	ASSERT_EQ(0, wait_fence(self->fd, chan, 1, 5000, NULL));
	after = dbg_value(self->sim_dbg, "vram_resident_bytes");
	EXPECT_EQ(before + (long long)(2 * MIB), after);
}

TEST_F(engine, inject_vram_allocation_failure)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	struct gpuslice_wait w;
	char path[PATH_MAX], buf[8];
	uint32_t chan = 0;

	snprintf(path, sizeof(path), "%s/fail_vram_alloc", self->sim_dbg);
	ASSERT_EQ(0, sysfs_write(path, "1"));
	ASSERT_EQ(0, channel_new(self->fd, COPY_ENGINE, 0, 0, 0, &chan));
	gpuslice_cmd_fill(&s, 0, 96 * MIB, 4096, 1);
	gpuslice_cmd_fence(&s, 1, true);
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	EXPECT_EQ(-EIO, wait_fence(self->fd, chan, 1, 5000, &w));
	EXPECT_EQ(GPUSLICE_FAULT_NO_MEMORY, w.fault);
	/* One-shot: the knob clears itself and the next fill succeeds. */
	ASSERT_EQ(0, sysfs_read(path, buf, sizeof(buf)));
	EXPECT_STREQ("N", buf);
	ASSERT_EQ(0, channel_new(self->fd, COPY_ENGINE, 0, 0, 0, &chan));
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	EXPECT_EQ(0, wait_fence(self->fd, chan, 1, 5000, NULL));
}

TEST_F(engine, inject_engine_command_fault)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	struct gpuslice_wait w;
	char path[PATH_MAX];
	uint32_t chan = 0;

	snprintf(path, sizeof(path), "%s/fail_engine_cmd", self->sim_dbg);
	ASSERT_EQ(0, sysfs_write(path, "Y"));
	ASSERT_EQ(0, channel_new(self->fd, GPUSLICE_ENGINE_COMPUTE, 0, 0, 0,
				 &chan));
	gpuslice_cmd_fence(&s, 1, true);
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	EXPECT_EQ(-EIO, wait_fence(self->fd, chan, 1, 5000, &w));
	EXPECT_EQ(GPUSLICE_FAULT_INJECTED, w.fault);
	ASSERT_EQ(0, channel_new(self->fd, GPUSLICE_ENGINE_COMPUTE, 0, 0, 0,
				 &chan));
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	EXPECT_EQ(0, wait_fence(self->fd, chan, 1, 5000, NULL));
}

TEST_F(engine, inject_spurious_and_error_interrupts)
{
	long long spurious, errors, handled;
	char path[PATH_MAX];

	spurious = dbg_value(self->gpu_dbg, "irq_spurious");
	errors = dbg_value(self->gpu_dbg, "irq_errors");
	handled = dbg_value(self->gpu_dbg, "irq_handled");

	snprintf(path, sizeof(path), "%s/raise_spurious_irq", self->sim_dbg);
	ASSERT_EQ(0, sysfs_write(path, "1"));
	EXPECT_EQ(spurious + 1, dbg_wait_above(self->gpu_dbg, "irq_spurious",
					       spurious));
	EXPECT_EQ(handled, dbg_value(self->gpu_dbg, "irq_handled"));

	snprintf(path, sizeof(path), "%s/raise_error_irq", self->sim_dbg);
	ASSERT_EQ(0, sysfs_write(path, "1"));
	EXPECT_EQ(errors + 1, dbg_wait_above(self->gpu_dbg, "irq_errors",
					     errors));
	/* Acknowledged: the line does not keep firing. */
	usleep(100000);
	EXPECT_EQ(errors + 1, dbg_value(self->gpu_dbg, "irq_errors"));
}

TEST_F(engine, delete_with_work_in_flight)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	struct gpuslice_wait w;
	struct timespec t0, t1;
	uint32_t chan = 0, copy = 0;

	ASSERT_EQ(0, channel_new(self->fd, GPUSLICE_ENGINE_COMPUTE, 1, 0, 0,
				 &chan));
	ASSERT_EQ(0, channel_new(self->fd, COPY_ENGINE, 0, 0, 0, &copy));
	/* Minutes of compute on one SM, and a queue of large fills. */
	gpuslice_cmd_compute(&s, 2000000);
	gpuslice_cmd_fence(&s, 1, true);
	ASSERT_EQ(0, submit(self->fd, chan, &s));
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_fill(&s, 0, 0, 64 * MIB, 3);
	gpuslice_cmd_fill(&s, 0, 64 * MIB, 64 * MIB, 4);
	gpuslice_cmd_fence(&s, 1, true);
	ASSERT_EQ(0, submit(self->fd, copy, &s));
	EXPECT_EQ(-ETIMEDOUT, wait_fence(self->fd, chan, 1, 50, NULL));

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ASSERT_EQ(0, sim_del(TEST_ID));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	EXPECT_LT(t1.tv_sec - t0.tv_sec, 5);

	EXPECT_EQ(-ENODEV, wait_fence(self->fd, chan, 1, 5000, &w));
	EXPECT_EQ(0, w.completed);
	EXPECT_EQ(-ENODEV, submit(self->fd, chan, &s));
	EXPECT_EQ(0, close(self->fd));
	self->fd = -1;
}

TEST_F(engine, bad_ioctl_arguments)
{
	struct gpuslice_channel_create c = { .argsz = sizeof(c) };
	struct gpuslice_cmd_buf s = { .n = 1, .w = { 0 } };
	struct gpuslice_submit sub = { .argsz = sizeof(sub), .ndw = 1 };
	uint32_t chan = 0;

	c.engine = 99;
	EXPECT_EQ(-1, ioctl(self->fd, GPUSLICE_IOCTL_CHANNEL_CREATE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.engine = 0;
	c.sm_count = self->sm_count + 1;
	EXPECT_EQ(-1, ioctl(self->fd, GPUSLICE_IOCTL_CHANNEL_CREATE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.sm_count = 0;
	c.vram_offset = 80ULL * 1024 * MIB;
	EXPECT_EQ(-1, ioctl(self->fd, GPUSLICE_IOCTL_CHANNEL_CREATE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.vram_offset = 0;
	/* No MIG layout: no GPU instance to create a channel in. */
	c.gpu_instance = 1;
	EXPECT_EQ(-1, ioctl(self->fd, GPUSLICE_IOCTL_CHANNEL_CREATE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.gpu_instance = 0;
	/* Instance engines are reached through gpu_instance, not directly. */
	c.engine = H100_GI_ENGINE(2);
	EXPECT_EQ(-1, ioctl(self->fd, GPUSLICE_IOCTL_CHANNEL_CREATE, &c));
	EXPECT_EQ(EINVAL, errno);
	c.engine = 0;
	c.flags = 1;
	EXPECT_EQ(-1, ioctl(self->fd, GPUSLICE_IOCTL_CHANNEL_CREATE, &c));
	EXPECT_EQ(EINVAL, errno);

	EXPECT_EQ(-ENOENT, submit(self->fd, 63, &s));
	ASSERT_EQ(0, channel_new(self->fd, COPY_ENGINE, 0, 0, 0, &chan));
	sub.channel = chan;
	sub.cmds = 16;
	EXPECT_EQ(-1, ioctl(self->fd, GPUSLICE_IOCTL_SUBMIT, &sub));
	EXPECT_EQ(EFAULT, errno);
	sub.ndw = GPUSLICE_SUBMIT_MAX_DW + 1;
	EXPECT_EQ(-1, ioctl(self->fd, GPUSLICE_IOCTL_SUBMIT, &sub));
	EXPECT_EQ(EINVAL, errno);
	sub.ndw = 0;
	EXPECT_EQ(-1, ioctl(self->fd, GPUSLICE_IOCTL_SUBMIT, &sub));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-ENOENT, wait_fence(self->fd, 63, 1, 0, NULL));
}

static int mig_write(FIXTURE_DATA(engine) *self, const char *layout)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/mig_instances", self->gpu_dbg);
	return sysfs_write(path, layout);
}

/* A debugfs file of @dir, without its last newline. */
static int mig_read(const char *dir, const char *name, char *buf,
		    size_t size)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return sysfs_read(path, buf, size);
}

TEST_F(engine, mig_layout_rules)
{
	/* Each breaks the syntax or one rule of "nvidia-smi mig -cgi". */
	static const char *const bad[] = {
		"\n", "9", "9:", ":0", "9:0;9:4", "x:0", "9:0,,9:4",
		"99:0",				/* no such profile */
		"9:1",				/* 3g.40gb starts at 0 or 4 */
		"19:7",				/* 1g.10gb at 0..6 */
		"9:0,5:0",			/* memory slices overlap */
		"15:2,14:2",			/* so do these */
		"20:0,20:1",			/* one 1g.10gb+me at most */
		"19:0,19:1,19:2,19:3,19:4,19:5,19:6,19:0", /* 8 > 7 */
	};
	char buf[1024], sim[512];
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, mig_write(self, bad[i]))
			TH_LOG("layout \"%s\"", bad[i]);
		ASSERT_EQ(0, mig_read(self->gpu_dbg, "mig_instances", buf,
				      sizeof(buf)));
		EXPECT_STREQ(MIG_HEADER, buf);
	}
	ASSERT_EQ(0, mig_read(self->sim_dbg, "mig", sim, sizeof(sim)));
	EXPECT_STREQ("", sim);

	/* Two 3g.40gb: the core's view, then what the hardware enforces. */
	ASSERT_EQ(0, mig_write(self, " 9:0 , 9:4\n"));
	ASSERT_EQ(0, mig_read(self->gpu_dbg, "mig_instances", buf,
			      sizeof(buf)));
	EXPECT_STREQ(MIG_HEADER "\n"
		     "1 9 3g.40gb 0 0 60 0 40192\n"
		     "2 9 3g.40gb 4 9 60 40960 40192", buf);
	ASSERT_EQ(0, mig_read(self->sim_dbg, "mig", sim, sizeof(sim)));
	EXPECT_STREQ("0 9 0 60 0x0 0x9d0000000\n"
		     "1 9 9 60 0xa00000000 0x9d0000000", sim);

	/* A bad layout leaves the programmed one alone. */
	EXPECT_EQ(-EINVAL, mig_write(self, "9:0,9:0"));
	ASSERT_EQ(0, mig_read(self->sim_dbg, "mig", buf, sizeof(buf)));
	EXPECT_STREQ(sim, buf);

	/* Seven 1g.10gb use every compute engine; 2g and 1g mix. */
	ASSERT_EQ(0, mig_write(self, "19:0,19:1,19:2,19:3,19:4,19:5,19:6"));
	ASSERT_EQ(0, mig_read(self->sim_dbg, "mig", sim, sizeof(sim)));
	EXPECT_NE(NULL, strstr(sim, "\n6 19 14 16 0xf00000000 0x268000000"))
		TH_LOG("%s", sim);
	ASSERT_EQ(0, mig_write(self, "14:0,14:2,15:4,19:6"));
	ASSERT_EQ(0, mig_read(self->gpu_dbg, "mig_instances", buf,
			      sizeof(buf)));
	EXPECT_STREQ(MIG_HEADER "\n"
		     "1 14 2g.20gb 0 0 32 0 19968\n"
		     "2 14 2g.20gb 2 9 32 20480 19968\n"
		     "3 15 1g.20gb 4 10 16 40960 19968\n"
		     "4 19 1g.10gb 6 11 16 61440 9856", buf);

	ASSERT_EQ(0, mig_write(self, "none\n"));
	ASSERT_EQ(0, mig_read(self->gpu_dbg, "mig_instances", buf,
			      sizeof(buf)));
	EXPECT_STREQ(MIG_HEADER, buf);
	ASSERT_EQ(0, mig_read(self->sim_dbg, "mig", sim, sizeof(sim)));
	EXPECT_STREQ("", sim);
}

TEST_F(engine, mig_needs_an_idle_gpu_in_compute_mode)
{
	char path[PATH_MAX];
	uint32_t chan = 0;

	snprintf(path, sizeof(path), GPU_CLASS "/%s/mode", self->gpu);
	ASSERT_EQ(0, channel_new(self->fd, COPY_ENGINE, 0, 0, 0, &chan));
	EXPECT_EQ(-EBUSY, mig_write(self, "0:0"));
	ASSERT_EQ(0, channel_destroy(self->fd, chan));

	ASSERT_EQ(0, sysfs_write(path, "graphics"));
	EXPECT_EQ(-EBUSY, mig_write(self, "0:0"));
	ASSERT_EQ(0, sysfs_write(path, "compute"));

	ASSERT_EQ(0, mig_write(self, "0:0"));
	EXPECT_EQ(-EBUSY, sysfs_write(path, "graphics"));
	ASSERT_EQ(0, channel_new_in(self->fd, 1, COPY_ENGINE, 0, 0, 0, &chan));
	EXPECT_EQ(-EBUSY, mig_write(self, "none"));
	ASSERT_EQ(0, channel_destroy(self->fd, chan));
	EXPECT_EQ(0, mig_write(self, "none"));
	EXPECT_EQ(0, sysfs_write(path, "graphics"));
	EXPECT_EQ(0, sysfs_write(path, "compute"));
}

/* Fill 1 MiB at @off of @chan's window with @pattern and checksum it. */
static int fill_and_sum(int fd, uint32_t chan, uint64_t off, uint32_t pattern,
			uint64_t sum_at)
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	int ret;

	gpuslice_cmd_fill(&s, 0, off, MIB, pattern);
	gpuslice_cmd_checksum(&s, 0, off, MIB, sum_at);
	gpuslice_cmd_fence(&s, 1, true);
	ret = submit(fd, chan, &s);
	return ret ?: wait_fence(fd, chan, 1, 5000, NULL);
}

TEST_F(engine, mig_channels_stay_inside_their_instance)
{
	static uint32_t a[MIB / 4], b[MIB / 4];
	const uint64_t gi_mib = 40192, gi2_base = 40960 * MIB;
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint32_t c1 = 0, c2 = 0, c3 = 0, word = 0, crc = 0;
	struct gpuslice_wait w;
	unsigned int i;

	for (i = 0; i < MIB / 4; i++) {
		a[i] = 0xa1a1a1a1;
		b[i] = 0xb2b2b2b2;
	}
	ASSERT_EQ(0, mig_write(self, "9:0,9:4"));

	/* No whole-GPU channel, and nothing past an instance's bounds. */
	EXPECT_EQ(-EINVAL, channel_new_in(self->fd, 0, 0, 0, 0, 0, &c1));
	EXPECT_EQ(-EINVAL, channel_new_in(self->fd, 3, 0, 0, 0, 0, &c1));
	EXPECT_EQ(-EINVAL, channel_new_in(self->fd, 1, 0, 61, 0, 0, &c1));
	EXPECT_EQ(-EINVAL, channel_new_in(self->fd, 1, COPY_ENGINE, 0,
					  gi_mib * MIB, 0, &c1));
	EXPECT_EQ(-EINVAL, channel_new_in(self->fd, 2, COPY_ENGINE, 0,
					  MIB, gi_mib * MIB, &c1));

	/* The same window offset is each instance's own framebuffer. */
	ASSERT_EQ(0, channel_new_in(self->fd, 1, COPY_ENGINE, 0, 0, 0, &c1));
	ASSERT_EQ(0, channel_new_in(self->fd, 2, COPY_ENGINE, 0, 0, 0, &c2));
	ASSERT_EQ(0, fill_and_sum(self->fd, c1, 0x1000, 0xa1a1a1a1, 8 * MIB));
	ASSERT_EQ(0, fill_and_sum(self->fd, c2, 0x1000, 0xb2b2b2b2, 8 * MIB));
	ASSERT_EQ(0, vram_read(self->sim_dbg, 8 * MIB, &crc, 4));
	EXPECT_EQ(gpuslice_crc32(0, a, MIB), crc);
	ASSERT_EQ(0, vram_read(self->sim_dbg, gi2_base + 8 * MIB, &crc, 4));
	EXPECT_EQ(gpuslice_crc32(0, b, MIB), crc);
	ASSERT_EQ(0, vram_read(self->sim_dbg, 0x1000, &word, 4));
	EXPECT_EQ(0xa1a1a1a1, word);
	ASSERT_EQ(0, vram_read(self->sim_dbg, gi2_base + 0x1000, &word, 4));
	EXPECT_EQ(0xb2b2b2b2, word);

	/* The default window ends where the instance's memory does. */
	gpuslice_cmd_fill(&s, 0, gi_mib * MIB - 4, 4, 0x5a5a5a5a);
	gpuslice_cmd_fence(&s, 2, false);
	gpuslice_cmd_fill(&s, 0, gi_mib * MIB, 4, 0x5a5a5a5a);
	gpuslice_cmd_fence(&s, 3, false);
	ASSERT_EQ(0, submit(self->fd, c1, &s));
	EXPECT_EQ(-EIO, wait_fence(self->fd, c1, 3, 5000, &w));
	EXPECT_EQ(2, w.completed);
	EXPECT_EQ(GPUSLICE_FAULT_OUT_OF_BOUNDS, w.fault);
	ASSERT_EQ(0, vram_read(self->sim_dbg, gi_mib * MIB - 4, &word, 4));
	EXPECT_EQ(0x5a5a5a5a, word);
	ASSERT_EQ(0, vram_read(self->sim_dbg, gi_mib * MIB, &word, 4));
	EXPECT_EQ(0, word);

	/* Copy engines stay shared; the compute engine is the instance's. */
	ASSERT_EQ(0, channel_new_in(self->fd, 2, 0, 0, 0, 0, &c3));
	gpuslice_cmd_reset(&s);
	gpuslice_cmd_compute(&s, 1000);
	gpuslice_cmd_fence(&s, 1, true);
	ASSERT_EQ(0, submit(self->fd, c3, &s));
	ASSERT_EQ(0, wait_fence(self->fd, c3, 1, 5000, &w));
	EXPECT_GE(w.busy_ns, 1000ULL * GPUSLICE_COMPUTE_UNIT_NS * 132 / 60);
}

/*
 * Two channels of 60 SMs each computing the same work: on the whole GPU
 * they share its one compute engine, in two 3g.40gb instances each has its
 * own. Wall time tells them apart.
 */
static int64_t two_computes_ns(int fd, uint32_t gi1, uint32_t gi2,
			       uint64_t busy[2])
{
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	struct timespec t0, t1;
	struct gpuslice_wait w;
	uint32_t chan[2] = { 0, 0 };
	int i;

	gpuslice_cmd_compute(&s, 200000);
	gpuslice_cmd_fence(&s, 1, true);
	if (channel_new_in(fd, gi1, 0, 60, 0, 0, &chan[0]) ||
	    channel_new_in(fd, gi2, 0, 60, 0, 0, &chan[1]))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 2; i++)
		if (submit(fd, chan[i], &s))
			return -1;
	for (i = 0; i < 2; i++) {
		if (wait_fence(fd, chan[i], 1, 10000, &w))
			return -1;
		busy[i] = w.busy_ns;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	for (i = 0; i < 2; i++)
		if (channel_destroy(fd, chan[i]))
			return -1;
	return (t1.tv_sec - t0.tv_sec) * 1000000000LL +
	       (t1.tv_nsec - t0.tv_nsec);
}

TEST_F(engine, mig_instances_compute_in_parallel)
{
	/* 200000 units on 60 of 132 SMs. */
	const int64_t one = 200000LL * GPUSLICE_COMPUTE_UNIT_NS * 132 / 60;
	uint64_t busy[2];
	int64_t shared, split;

	shared = two_computes_ns(self->fd, 0, 0, busy);
	ASSERT_LT(0, shared);
	ASSERT_EQ(0, mig_write(self, "9:0,9:4"));
	split = two_computes_ns(self->fd, 1, 2, busy);
	ASSERT_LT(0, split);
	TH_LOG("one compute %lld ms; two on the whole GPU %lld ms, in two instances %lld ms",
	       (long long)one / 1000000, (long long)shared / 1000000,
	       (long long)split / 1000000);

	/* One engine runs them one after the other: never under 2x. */
	EXPECT_GE(shared, 2 * one);
	/* Two engines overlap them; a host stall of one/2 would be needed. */
	EXPECT_LT(split, one * 3 / 2);
	EXPECT_GE(busy[0], (uint64_t)one);
	EXPECT_GE(busy[1], (uint64_t)one);
}

TEST_HARNESS_MAIN
