// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gpuslice-vgpu-run: run a small, self-checking workload on vGPUs through
 * VFIO, as a guest driver would: FILL, CHECKSUM, DMA COPY in and out of
 * guest memory, and COMPUTE, each ended by a FENCE with IRQ awaited on MSI.
 * Every result is checked on the host side. All vGPUs named run at once,
 * one thread each.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/gpuslice_vgpu.h>
#include <linux/pci_regs.h>

#include "gpuslice_cmd.h"
#include "gpuslice_vfio.h"

#define PROGRAM			"gpuslice-vgpu-run"
#define MDEV_DEVICES		"/sys/bus/mdev/devices"
#define MIB			(1024ULL * 1024)
#define DEFAULT_UNITS		20000U		/* 20 ms of the whole GPU */
#define DEFAULT_BYTES		(1 * MIB)
#define MAX_UNITS		100000000U	/* 100 s */
#define RING_SIZE		(64 * 1024)
#define BASE_TIMEOUT_MS		10000

enum check {
	CHECK_FILL,
	CHECK_CHECKSUM,
	CHECK_DMA_COPY,
	CHECK_COMPUTE,
	NR_CHECKS,
};

static const char * const check_names[NR_CHECKS] = {
	[CHECK_FILL] = "fill",
	[CHECK_CHECKSUM] = "checksum",
	[CHECK_DMA_COPY] = "dma_copy",
	[CHECK_COMPUTE] = "compute",
};

struct options {
	unsigned int units;
	uint64_t bytes;
	bool json;
	int timeout_ms;
};

/* One vGPU's run: filled in by its thread, printed by main(). */
struct job {
	const struct options *opts;
	char uuid[40];
	unsigned int index;

	unsigned int type_id;
	char type_name[32];
	uint64_t fb_size;
	bool passed[NR_CHECKS];
	unsigned int checks_passed;
	uint64_t fence;
	unsigned int interrupts;
	uint64_t busy_ns;
	uint64_t wall_ns;
	char error[512];
	char hint[512];
};

/* xorshift64: reproducible test data. */
static uint64_t rnd(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static const char *fault_name(uint32_t fault)
{
	static const char * const names[] = {
		[GPUSLICE_FAULT_NONE] = "no fault",
		[GPUSLICE_FAULT_BAD_OPCODE] = "bad opcode",
		[GPUSLICE_FAULT_BAD_LENGTH] = "bad length",
		[GPUSLICE_FAULT_OUT_OF_BOUNDS] = "out of bounds",
		[GPUSLICE_FAULT_MISALIGNED] = "misaligned",
		[GPUSLICE_FAULT_NO_MEMORY] = "no memory",
		[GPUSLICE_FAULT_WRONG_ENGINE] = "wrong engine",
		[GPUSLICE_FAULT_INJECTED] = "injected fault",
		[GPUSLICE_FAULT_RESET] = "engine reset",
		[GPUSLICE_FAULT_OVERLAP] = "overlapping copy",
		[GPUSLICE_FAULT_DMA] = "guest memory not mapped for DMA",
		[GPUSLICE_FAULT_RING] = "invalid ring registers",
	};

	if (fault < sizeof(names) / sizeof(names[0]) && names[fault])
		return names[fault];
	return "unknown fault";
}

/* A vGPU attribute from sysfs, or -errno. */
static int vgpu_attr_u64(const char *uuid, const char *attr, uint64_t *val)
{
	char path[PATH_MAX], buf[32];
	FILE *f;
	int ret = 0;

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/gpuslice/%s", uuid, attr);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	if (!fgets(buf, sizeof(buf), f))
		ret = -EIO;
	fclose(f);
	if (!ret)
		*val = strtoull(buf, NULL, 10);
	return ret;
}

static __attribute__((format(printf, 2, 3)))
void job_fail(struct job *job, const char *fmt, ...)
{
	va_list ap;

	if (job->error[0])
		return;
	va_start(ap, fmt);
	vsnprintf(job->error, sizeof(job->error), fmt, ap);
	va_end(ap);
}

static void hint_open(struct job *job, int ret)
{
	char path[PATH_MAX], link[PATH_MAX];
	const char *group = "N";
	ssize_t len;

	snprintf(path, sizeof(path), MDEV_DEVICES "/%s", job->uuid);
	if (access(path, F_OK)) {
		snprintf(job->hint, sizeof(job->hint),
			 "there is no vGPU %s; list them with 'gpuslice vgpu list', "
			 "create one with 'mdevctl start -u UUID -p gpuN-vfM -t gpuslice-ID' "
			 "(is gpuslice loaded?)", job->uuid);
		return;
	}
	snprintf(path, sizeof(path), MDEV_DEVICES "/%s/iommu_group", job->uuid);
	len = readlink(path, link, sizeof(link) - 1);
	if (len > 0) {
		link[len] = '\0';
		group = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
	}

	switch (ret) {
	case -EACCES:
	case -EPERM:
		snprintf(job->hint, sizeof(job->hint),
			 "opening a VFIO group needs root, or ownership of /dev/vfio/%.32s",
			 group);
		break;
	case -EBUSY:
		snprintf(job->hint, sizeof(job->hint),
			 "another process (a VM?) holds VFIO group %.32s of this vGPU", group);
		break;
	case -ENOENT:
	case -ENODEV:
		snprintf(job->hint, sizeof(job->hint),
			 "is the VFIO stack loaded? Try: modprobe -a vfio vfio_iommu_type1 "
			 "mdev (and look for /dev/vfio/%.32s)", group);
		break;
	case -EPROTO:
	case -EOPNOTSUPP:
		snprintf(job->hint, sizeof(job->hint),
			 "the kernel's VFIO lacks the TYPE1v2 IOMMU; try: modprobe vfio_iommu_type1");
		break;
	default:
		snprintf(job->hint, sizeof(job->hint),
			 "needs root, the gpuslice module and VFIO "
			 "(modprobe -a vfio vfio_iommu_type1 mdev)");
		break;
	}
}

/*
 * Submit @s, then wait for its last fence (@fence) and for the MSI its IRQ
 * raises. Returns 0, or fills the job's error naming @step.
 */
static int run_step(struct gpuslice_vfio *v, struct job *job,
		    struct gpuslice_cmd_buf *s, uint64_t fence, const char *step)
{
	uint32_t fault = 0;
	int ret, irqs;

	ret = gpuslice_cmd_overflow(s) ? -ENOSPC :
	      gpuslice_vfio_submit(v, s->w, s->n, job->opts->timeout_ms);
	if (ret) {
		job_fail(job, "Failed to submit %s to vGPU %s: %s", step, job->uuid,
			 strerror(-ret));
		return ret;
	}
	ret = gpuslice_vfio_fence_wait(v, fence, job->opts->timeout_ms, &fault);
	if (ret == -EIO) {
		job_fail(job, "vGPU %s faulted during %s: %s (fault %u)", job->uuid,
			 step, fault_name(fault), fault);
		return ret;
	}
	if (ret) {
		job_fail(job, "Failed to wait for fence %" PRIu64 " (%s) on vGPU %s: %s",
			 fence, step, job->uuid, strerror(-ret));
		return ret;
	}
	irqs = gpuslice_vfio_msi_wait(v, job->opts->timeout_ms);
	if (irqs < 0) {
		job_fail(job, "Failed to receive the MSI of fence %" PRIu64 " (%s) on vGPU %s: %s",
			 fence, step, job->uuid, strerror(-irqs));
		return irqs;
	}
	job->interrupts += irqs;
	job->fence = fence;
	gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_INTR_ACK, GPUSLICE_VGPU_INTR_FENCE);
	gpuslice_cmd_reset(s);
	return 0;
}

static void pass(struct job *job, enum check check)
{
	job->passed[check] = true;
	job->checks_passed++;
}

static int identify(struct gpuslice_vfio *v, struct job *job)
{
	uint32_t data[8], lo = 0, hi = 0;
	int32_t status = -1;
	int ret;

	ret = gpuslice_vfio_mbox_call(v, GPUSLICE_VGPU_MBOX_GET_TYPE, 0, &status, data);
	if (ret || status) {
		job_fail(job, "Failed to ask vGPU %s for its type: %s", job->uuid,
			 strerror(ret ? -ret : -status));
		return ret ? ret : status;
	}
	job->type_id = data[0];
	memcpy(job->type_name, &data[2], 24);
	job->type_name[24] = '\0';

	ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_FB_SIZE_LO, &lo);
	if (!ret)
		ret = gpuslice_vfio_reg_read(v, GPUSLICE_VGPU_REG_FB_SIZE_HI, &hi);
	if (ret) {
		job_fail(job, "Failed to read the framebuffer size of vGPU %s: %s",
			 job->uuid, strerror(-ret));
		return ret;
	}
	job->fb_size = (uint64_t)hi << 32 | lo;
	return 0;
}

/* Bring the device up as a guest driver would. */
static int setup(struct gpuslice_vfio *v, struct job *job)
{
	uint16_t cmd = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	const char *what = "enable memory decoding and bus mastering";
	int ret;

	ret = gpuslice_vfio_config_write(v, PCI_COMMAND, &cmd, sizeof(cmd));
	if (!ret) {
		what = "enable MSI";
		ret = gpuslice_vfio_msi_enable(v);
	}
	if (!ret) {
		what = "unmask the fence and error interrupts";
		ret = gpuslice_vfio_reg_write(v, GPUSLICE_VGPU_REG_INTR_MASK,
					      GPUSLICE_VGPU_INTR_FENCE |
					      GPUSLICE_VGPU_INTR_ERROR);
	}
	if (!ret) {
		what = "set up the command ring";
		ret = gpuslice_vfio_ring_init(v, RING_SIZE);
	}
	if (ret)
		job_fail(job, "Failed to %s on vGPU %s: %s", what, job->uuid,
			 strerror(-ret));
	return ret;
}

static void run_workload(struct gpuslice_vfio *v, struct job *job)
{
	const struct options *opts = job->opts;
	const uint64_t bytes = opts->bytes;
	const uint64_t fb_a = 0, fb_b = bytes;
	const uint32_t pattern = 0x67730000U | (job->index & 0xffff);
	struct gpuslice_vfio_dma src = { 0 }, dst = { 0 }, out = { 0 };
	struct gpuslice_cmd_buf s = GPUSLICE_CMD_BUF_INIT;
	uint64_t seed, busy0 = 0, busy1 = 0, t, i;
	uint32_t *fb_words, *words, crc;
	void *fb;
	size_t fb_size;
	int ret;

	if (identify(v, job) || setup(v, job))
		return;
	if (2 * bytes > job->fb_size) {
		job_fail(job, "Failed to run on vGPU %s: --bytes %" PRIu64
			 " needs twice that much framebuffer, it has %" PRIu64 " MiB",
			 job->uuid, bytes, job->fb_size / (uint64_t)MIB);
		return;
	}
	ret = gpuslice_vfio_fb_map(v, &fb, &fb_size);
	if (ret) {
		job_fail(job, "Failed to map the framebuffer (BAR1) of vGPU %s: %s",
			 job->uuid, strerror(-ret));
		return;
	}
	ret = gpuslice_vfio_dma_alloc(v, bytes, &src);
	if (!ret)
		ret = gpuslice_vfio_dma_alloc(v, bytes, &dst);
	if (!ret)
		ret = gpuslice_vfio_dma_alloc(v, 4096, &out);
	if (ret) {
		job_fail(job, "Failed to map %" PRIu64 " bytes of guest memory for DMA on vGPU %s: %s",
			 bytes, job->uuid, strerror(-ret));
		goto err_dma_free;
	}
	vgpu_attr_u64(job->uuid, "busy_ns", &busy0);

	/* FILL: every word of region A holds the pattern, read through BAR1. */
	gpuslice_cmd_fill(&s, 0, fb_a, bytes, pattern);
	gpuslice_cmd_fence(&s, 1, true);
	if (run_step(v, job, &s, 1, "FILL"))
		goto err_dma_free;
	fb_words = (uint32_t *)((uint8_t *)fb + fb_a);
	for (i = 0; i < bytes / 4 && fb_words[i] == pattern; i++)
		;
	if (i < bytes / 4) {
		job_fail(job, "FILL check failed on vGPU %s: word %" PRIu64
			 " is 0x%08x, expected 0x%08x", job->uuid, i, fb_words[i], pattern);
		goto err_dma_free;
	}
	pass(job, CHECK_FILL);

	/* CHECKSUM: the device's CRC-32 of region A, written to guest memory. */
	words = src.vaddr;
	for (i = 0; i < bytes / 4; i++)
		words[i] = pattern;
	crc = gpuslice_crc32(0, words, bytes);
	gpuslice_cmd_checksum(&s, GPUSLICE_MEM_DST_SYSMEM, fb_a, bytes, out.iova);
	gpuslice_cmd_fence(&s, 2, true);
	if (run_step(v, job, &s, 2, "CHECKSUM"))
		goto err_dma_free;
	if (((uint32_t *)out.vaddr)[0] != crc) {
		job_fail(job, "CHECKSUM check failed on vGPU %s: device CRC-32 0x%08x, host 0x%08x",
			 job->uuid, ((uint32_t *)out.vaddr)[0], crc);
		goto err_dma_free;
	}
	pass(job, CHECK_CHECKSUM);

	/* DMA COPY: guest memory -> region B -> guest memory, CRC of B. */
	seed = 0x6773f00dULL + job->index * 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < bytes / 8; i++)
		((uint64_t *)src.vaddr)[i] = rnd(&seed);
	crc = gpuslice_crc32(0, src.vaddr, bytes);
	gpuslice_cmd_copy(&s, GPUSLICE_MEM_SRC_SYSMEM, src.iova, fb_b, bytes);
	gpuslice_cmd_copy(&s, GPUSLICE_MEM_DST_SYSMEM, fb_b, dst.iova, bytes);
	gpuslice_cmd_checksum(&s, GPUSLICE_MEM_DST_SYSMEM, fb_b, bytes, out.iova + 4);
	gpuslice_cmd_fence(&s, 3, true);
	if (run_step(v, job, &s, 3, "DMA COPY"))
		goto err_dma_free;
	if (memcmp(src.vaddr, dst.vaddr, bytes)) {
		for (i = 0; i < bytes && ((uint8_t *)src.vaddr)[i] == ((uint8_t *)dst.vaddr)[i]; i++)
			;
		job_fail(job, "DMA COPY check failed on vGPU %s: byte %" PRIu64
			 " came back as 0x%02x, sent 0x%02x", job->uuid, i,
			 ((uint8_t *)dst.vaddr)[i], ((uint8_t *)src.vaddr)[i]);
		goto err_dma_free;
	}
	if (((uint32_t *)out.vaddr)[1] != crc) {
		job_fail(job, "DMA COPY check failed on vGPU %s: framebuffer CRC-32 0x%08x, host 0x%08x",
			 job->uuid, ((uint32_t *)out.vaddr)[1], crc);
		goto err_dma_free;
	}
	pass(job, CHECK_DMA_COPY);

	/* COMPUTE: the fence comes no sooner than the timing model allows. */
	t = now_ns();
	gpuslice_cmd_compute(&s, opts->units);
	gpuslice_cmd_fence(&s, 4, true);
	if (run_step(v, job, &s, 4, "COMPUTE"))
		goto err_dma_free;
	t = now_ns() - t;
	vgpu_attr_u64(job->uuid, "busy_ns", &busy1);
	job->busy_ns = busy1 - busy0;
	if (t < (uint64_t)opts->units * GPUSLICE_COMPUTE_UNIT_NS) {
		job_fail(job, "COMPUTE check failed on vGPU %s: %u units finished in %.3f ms, "
			 "less than the %.3f ms they take on the whole GPU", job->uuid,
			 opts->units, t / 1e6,
			 (double)opts->units * GPUSLICE_COMPUTE_UNIT_NS / 1e6);
		goto err_dma_free;
	}
	pass(job, CHECK_COMPUTE);

err_dma_free:
	if (out.vaddr)
		gpuslice_vfio_dma_free(v, &out);
	if (dst.vaddr)
		gpuslice_vfio_dma_free(v, &dst);
	if (src.vaddr)
		gpuslice_vfio_dma_free(v, &src);
}

static void *run_job(void *arg)
{
	struct job *job = arg;
	struct gpuslice_vfio *v;
	uint64_t t0 = now_ns();
	int ret;

	ret = gpuslice_vfio_open(job->uuid, &v);
	if (ret) {
		job_fail(job, "Failed to open vGPU %s: %s", job->uuid, strerror(-ret));
		hint_open(job, ret);
		job->wall_ns = now_ns() - t0;
		return NULL;
	}
	run_workload(v, job);
	ret = gpuslice_vfio_close(v);
	if (ret)
		job_fail(job, "Failed to close vGPU %s: %s", job->uuid, strerror(-ret));
	job->wall_ns = now_ns() - t0;
	return NULL;
}

static void print_human(const struct job *job)
{
	printf("%s  %-9s  %u/%u checks passed  fence %" PRIu64 "  %u MSIs  "
	       "busy %7.2f ms  wall %7.2f ms%s\n",
	       job->uuid, job->type_name[0] ? job->type_name : "?",
	       job->checks_passed, NR_CHECKS, job->fence, job->interrupts,
	       job->busy_ns / 1e6, job->wall_ns / 1e6,
	       job->error[0] ? "  FAILED" : "");
}

/* Type names, UUIDs and messages are ASCII; escape what JSON requires. */
static void print_json_string(const char *str)
{
	putchar('"');
	for (; *str; str++) {
		if (*str == '"' || *str == '\\')
			printf("\\%c", *str);
		else if ((unsigned char)*str < 0x20)
			printf("\\u%04x", *str);
		else
			putchar(*str);
	}
	putchar('"');
}

static void print_json(const struct job *jobs, unsigned int n)
{
	unsigned int i, c;

	printf("[");
	for (i = 0; i < n; i++) {
		const struct job *job = &jobs[i];

		printf("%s\n  {\n    \"uuid\": ", i ? "," : "");
		print_json_string(job->uuid);
		printf(",\n    \"type\": %u,\n    \"type_name\": ", job->type_id);
		print_json_string(job->type_name);
		printf(",\n    \"framebuffer_size\": %" PRIu64, job->fb_size);
		printf(",\n    \"bytes\": %" PRIu64, job->opts->bytes);
		printf(",\n    \"units\": %u", job->opts->units);
		printf(",\n    \"checks\": {");
		for (c = 0; c < NR_CHECKS; c++)
			printf("%s\n      \"%s\": %s", c ? "," : "", check_names[c],
			       job->passed[c] ? "true" : "false");
		printf("\n    },\n    \"checks_passed\": %u", job->checks_passed);
		printf(",\n    \"checks_total\": %u", NR_CHECKS);
		printf(",\n    \"fence\": %" PRIu64, job->fence);
		printf(",\n    \"interrupts\": %u", job->interrupts);
		printf(",\n    \"busy_ns\": %" PRIu64, job->busy_ns);
		printf(",\n    \"wall_ns\": %" PRIu64, job->wall_ns);
		printf(",\n    \"passed\": %s", job->error[0] ? "false" : "true");
		printf(",\n    \"error\": ");
		if (job->error[0])
			print_json_string(job->error);
		else
			printf("null");
		printf("\n  }");
	}
	printf("%s]\n", n ? "\n" : "");
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: " PROGRAM " [OPTIONS] UUID...\n"
		"\n"
		"Run a self-checking workload on gpuslice vGPUs through VFIO, as a guest\n"
		"driver would, all vGPUs at once (one thread each). On each: FILL a\n"
		"framebuffer region and read it back through BAR1, CHECKSUM it (CRC-32\n"
		"checked against the host's), DMA COPY a buffer from guest memory into\n"
		"the framebuffer and back, and COMPUTE; every step ends with a FENCE\n"
		"whose interrupt arrives as an MSI. It does not create or remove vGPUs\n"
		"(mdevctl does) and needs root (or the vGPUs' /dev/vfio groups).\n"
		"\n"
		"Options:\n"
		"  -u, --units N   Compute work units; one takes 1 us of the whole GPU\n"
		"                  (default %u)\n"
		"  -b, --bytes N   Bytes to fill, checksum and copy; a multiple of 4, with\n"
		"                  an optional K or M suffix (default 1M, at most 256M)\n"
		"      --json      Print a JSON array instead of one line per vGPU\n"
		"  -h, --help      Show this help and exit\n"
		"\n"
		"Exit status: 0 when every check passed on every vGPU, 1 otherwise.\n",
		DEFAULT_UNITS);
}

static bool parse_u64(const char *str, uint64_t *val, bool suffix)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)str[0]))
		return false;
	errno = 0;
	v = strtoull(str, &end, 10);
	if (errno)
		return false;
	if (suffix && (*end == 'K' || *end == 'k')) {
		v *= 1024;
		end++;
	} else if (suffix && (*end == 'M' || *end == 'm')) {
		v *= MIB;
		end++;
	}
	if (*end)
		return false;
	*val = v;
	return true;
}

static bool is_uuid(const char *str)
{
	size_t i;

	if (strlen(str) != 36)
		return false;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (str[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)str[i])) {
			return false;
		}
	}
	return true;
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, PROGRAM ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nHint: run '" PROGRAM " --help' for usage\n");
	return EXIT_FAILURE;
}

int main(int argc, char **argv)
{
	static const struct option long_options[] = {
		{ "units", required_argument, NULL, 'u' },
		{ "bytes", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct options opts = { .units = DEFAULT_UNITS, .bytes = DEFAULT_BYTES };
	unsigned int n, i, j, failed = 0;
	pthread_t *threads;
	bool *started;
	struct job *jobs;
	uint64_t val;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+u:b:h", long_options, NULL)) != -1) {
		switch (opt) {
		case 'u':
			if (!parse_u64(optarg, &val, false) || !val || val > MAX_UNITS)
				return usage_error("Failed to parse --units '%s': expected 1 to "
						   "100000000", optarg);
			opts.units = (unsigned int)val;
			break;
		case 'b':
			if (!parse_u64(optarg, &val, true) || !val || val % 4 ||
			    val > GPUSLICE_CMD_MAX_BYTES)
				return usage_error("Failed to parse --bytes '%s': expected a "
						   "multiple of 4 up to 256M", optarg);
			opts.bytes = val;
			break;
		case 'j':
			opts.json = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_SUCCESS;
		default:
			return usage_error("Failed to parse arguments: unknown option or "
					   "missing value in '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("Failed to parse arguments: %s", "missing UUID");

	n = argc - optind;
	jobs = calloc(n, sizeof(*jobs));
	threads = calloc(n, sizeof(*threads));
	started = calloc(n, sizeof(*started));
	if (!jobs || !threads || !started) {
		fprintf(stderr, PROGRAM ": Failed to allocate memory: %s\n", strerror(ENOMEM));
		return EXIT_FAILURE;
	}
	/* Units run time-sliced with the other vGPUs; allow for all of them. */
	opts.timeout_ms = BASE_TIMEOUT_MS + (int)((uint64_t)opts.units * n * 10 / 1000);

	for (i = 0; i < n; i++) {
		const char *uuid = argv[optind + i];

		if (!is_uuid(uuid))
			return usage_error("Failed to parse arguments: '%s' is not a vGPU UUID "
					   "(expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", uuid);
		jobs[i].opts = &opts;
		jobs[i].index = i;
		for (j = 0; j < 36; j++)
			jobs[i].uuid[j] = tolower((unsigned char)uuid[j]);
		for (j = 0; j < i; j++)
			if (!strcmp(jobs[i].uuid, jobs[j].uuid))
				return usage_error("Failed to parse arguments: vGPU %s is named "
						   "twice", jobs[i].uuid);
	}

	for (i = 0; i < n; i++)
		started[i] = !pthread_create(&threads[i], NULL, run_job, &jobs[i]);
	for (i = 0; i < n; i++) {
		if (started[i])
			pthread_join(threads[i], NULL);
		else
			run_job(&jobs[i]);	/* no thread: run it here */
	}

	if (opts.json)
		print_json(jobs, n);
	for (i = 0; i < n; i++) {
		if (!opts.json)
			print_human(&jobs[i]);
		if (jobs[i].error[0])
			failed++;
	}
	fflush(stdout);
	for (i = 0; i < n; i++) {
		if (!jobs[i].error[0])
			continue;
		fprintf(stderr, PROGRAM ": %s\n", jobs[i].error);
		if (jobs[i].hint[0])
			fprintf(stderr, "Hint: %s\n", jobs[i].hint);
	}

	free(started);
	free(threads);
	free(jobs);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
