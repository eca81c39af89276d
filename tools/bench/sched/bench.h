/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gpuslice-bench-sched: how the GPU's scheduler shares the compute engine
 * between vGPUs. Shared declarations of the driver (main.c), the sysfs
 * helpers (sysfs.c) and the report (report.c).
 */
#ifndef _GPUSLICE_BENCH_H
#define _GPUSLICE_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gpuslice_vfio.h"

#define BENCH_MAX_VGPUS		20
#define BENCH_MAX_WINDOWS	64
#define BENCH_MAX_ENV		16

enum demand {
	DEMAND_BUSY,	/* the ring is always topped up */
	DEMAND_BURSTY,	/* a burst, then a random pause, repeatedly */
	DEMAND_IDLE,	/* opened, submits nothing */
};

/* Per-vGPU scheduler counters; -1 when the kernel lacks the file. */
struct vgpu_counters {
	int64_t busy_ns;
	int64_t runtime_ns;
	int64_t slices;
	int64_t preemptions;
	int64_t overshoot_ns;
	int64_t wait_ns;
};

/* GPU-wide scheduler counters; -1 when absent. */
struct gpu_counters {
	int64_t busy_ns;
	int64_t idle_ns;
	int64_t switches;
	int64_t sched_cpu_ns;
};

struct vgpu {
	char uuid[40];
	unsigned int vf;
	struct gpuslice_vfio *v;
	int msi_fd;
	int timer_fd;
	enum demand demand;

	uint64_t submitted;	/* last fence value submitted */
	uint64_t done;		/* last fence value seen signalled */
	uint64_t units_done;	/* COMPUTE units of completed fences */
	uint32_t *units_of;	/* units per fence, indexed fence % size */
	size_t units_of_size;

	/* Bursty state. */
	bool in_burst;
	uint64_t probe_fence;	/* fence closing the burst's probe job */
	uint64_t burst_end;	/* fence closing the burst */
	int64_t t_doorbell;	/* CLOCK_MONOTONIC ns before submitting */
	int64_t submit_ns;	/* how long that submission took */
	int64_t wait_before;	/* wait_ns before the doorbell, or -1 */
	bool probe_seen;
	unsigned int bursts;
	unsigned int ran_dry;	/* busy, yet its queue emptied */

	/* Samples at the window boundaries. */
	struct vgpu_counters win[BENCH_MAX_WINDOWS + 1];
	uint64_t win_units[BENCH_MAX_WINDOWS + 1];
	struct vgpu_counters start, end;
};

/* One latency probe: a small job on a vGPU that was idle. */
struct latency_sample {
	double client_us;	/* completion - doorbell - probe's engine time */
	double wait_us;		/* wait_ns delta across the probe, or -1 */
	double submit_us;	/* duration of the submission call */
};

struct scenario_result {
	char policy[32];
	char mix[16];
	unsigned int nvgpus;
	unsigned int windows;
	double window_s[BENCH_MAX_WINDOWS];
	double wall_s;

	enum demand demand[BENCH_MAX_VGPUS];
	unsigned int ran_dry[BENCH_MAX_VGPUS];
	double share[BENCH_MAX_VGPUS];		/* busy_ns / wall */
	double units_per_s[BENCH_MAX_VGPUS];
	double window_share[BENCH_MAX_WINDOWS][BENCH_MAX_VGPUS];
	struct vgpu_counters delta[BENCH_MAX_VGPUS];

	unsigned int nbusy;
	double jain[BENCH_MAX_WINDOWS];		/* among busy vGPUs */
	double jain_min, jain_mean;
	/* The same over completed COMPUTE units instead of busy_ns. */
	double window_units[BENCH_MAX_WINDOWS][BENCH_MAX_VGPUS];
	double jain_units[BENCH_MAX_WINDOWS];
	double jain_units_min;
	double util;				/* sum busy / wall */
	double util_demand;			/* sum busy / time with work */
	double util_window_min;
	double switches_per_s;			/* -1: unknown */
	const char *switches_source;
	double overhead_pct;			/* -1: unknown */
	double gpu_time_lost_pct;

	struct latency_sample *lat;
	size_t nlat, lat_cap;
	double lat_p50, lat_p99, lat_max;
	double wait_p50, wait_p99;
	double submit_p50;

	struct gpu_counters gpu_delta;
	int64_t timeslice_us, frequency_hz;	/* -1 without the scheduler */
	int64_t slice_us;			/* the slice latency is judged by */
	double fixed_quota;			/* 1 / max instances of the type */
	double probe_engine_ns;			/* the probe job's engine time */
	unsigned int ctx_sms, gpu_sms;
	double demand_s;			/* time any vGPU had work */
	bool sched;				/* the scheduler/ directory exists */
	char error[128];			/* why the scenario did not run */
};

struct bench_config {
	char gpu[32];
	unsigned int type_id;
	unsigned int counts[8];
	unsigned int ncounts;
	char policies[4][32];
	unsigned int npolicies;
	bool policies_given;
	char mixes[4][16];
	unsigned int nmixes;
	double seconds;
	double warmup;
	unsigned int chunk_units;
	unsigned int queue_depth;
	unsigned int probe_units;
	unsigned int burst_chunks;
	unsigned int off_min_ms, off_max_ms;
	int frequency_hz;
	const char *json_path;
	const char *summary_path;
	const char *env[BENCH_MAX_ENV];
	unsigned int nenv;
};

/* sysfs.c */
int64_t sysfs_read_i64(const char *path);
bool sched_present(const char *gpu);
int sched_read(const char *gpu, const char *attr, char *buf, size_t size);
int sched_write(const char *gpu, const char *attr, const char *val);
void gpu_counters_read(const char *gpu, struct gpu_counters *c);
void vgpu_counters_read(const char *uuid, struct vgpu_counters *c,
			bool busy_only);

/* One target of the issue, judged on one scenario. */
enum verdict { VERDICT_NA, VERDICT_PASS, VERDICT_MISS };

struct target {
	const char *name;
	double value;
	double limit;
	const char *cmp;	/* ">=" or "<=" */
	enum verdict verdict;
	char note[96];
};

#define BENCH_MAX_TARGETS	5

/* report.c */
double jain_index(const double *x, unsigned int n);
double percentile(double *v, size_t n, double p);
unsigned int report_targets(const struct scenario_result *r,
			    struct target *t);
void report_summary_header(FILE *f, bool sched);
void report_summary_line(FILE *f, const struct scenario_result *r);
void report_json(FILE *f, const struct bench_config *cfg,
		 const struct scenario_result *res, size_t nres, bool sched,
		 const char *note);
const char *demand_name(enum demand d);

#endif /* _GPUSLICE_BENCH_H */
