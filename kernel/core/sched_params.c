// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scheduler settings: /sys/class/gpuslice/gpuN/scheduler/ (live, from the
 * next slice on) and boot defaults through the module parameter
 *
 *   gpuslice.sched="gpu0:policy=equal_share,frequency_hz=960;*:averaging_factor=20"
 *
 * entries separated by ';', each "<gpuN or *>:<key>=<value>[,...]" with the
 * keys of the sysfs files. Out-of-range values are refused, never clamped.
 */
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "gpuslice.h"

static char *sched;
module_param(sched, charp, 0444);
MODULE_PARM_DESC(sched,
		 "Per-GPU scheduler defaults: \"gpuN|*:key=value[,key=value];...\" with keys policy, frequency_hz, timeslice_us, averaging_factor");

static const char * const gpuslice_sched_policy_names[] = {
	[GPUSLICE_SCHED_BEST_EFFORT] = "best_effort",
	[GPUSLICE_SCHED_EQUAL_SHARE] = "equal_share",
	[GPUSLICE_SCHED_FIXED_SHARE] = "fixed_share",
};

/* Called with the GPU lock held: fixed share needs one size per GPU. */
static int __gpuslice_sched_set_policy(struct gpuslice_gpu *gpu, int policy)
{
	if (policy == GPUSLICE_SCHED_FIXED_SHARE &&
	    gpu->vgpu_mode == GPUSLICE_VGPU_HETEROGENEOUS)
		return -EINVAL;
	gpu->sched.policy = policy;
	return 0;
}

/*
 * Apply one "key=value" to @p (NULL: only validate). Returns 0, -EINVAL for
 * an unknown key or malformed value, -ERANGE out of range.
 */
static int gpuslice_sched_param_set(struct gpuslice_sched_params *p,
				    const char *key, const char *val)
{
	int policy;
	u32 v;

	if (!strcmp(key, "policy")) {
		policy = match_string(gpuslice_sched_policy_names,
				      ARRAY_SIZE(gpuslice_sched_policy_names),
				      val);
		if (policy < 0)
			return -EINVAL;
		if (p)
			p->policy = policy;
		return 0;
	}
	if (kstrtou32(val, 10, &v))
		return -EINVAL;
	if (!strcmp(key, "frequency_hz")) {
		if (v < GPUSLICE_SCHED_FREQ_MIN || v > GPUSLICE_SCHED_FREQ_MAX)
			return -ERANGE;
		if (p) {
			p->frequency_hz = v;
			p->timeslice_us = 0;
		}
	} else if (!strcmp(key, "timeslice_us")) {
		if (v < GPUSLICE_SCHED_SLICE_MIN_US ||
		    v > GPUSLICE_SCHED_SLICE_MAX_US)
			return -ERANGE;
		if (p)
			p->timeslice_us = v;
	} else if (!strcmp(key, "averaging_factor")) {
		if (v < GPUSLICE_SCHED_AVG_MIN || v > GPUSLICE_SCHED_AVG_MAX)
			return -ERANGE;
		if (p)
			p->averaging_factor = v;
	} else {
		return -EINVAL;
	}
	return 0;
}

/*
 * Walk the module parameter: validate everything (@gpu NULL), or apply the
 * entries naming @gpu or "*".
 */
static int gpuslice_sched_param_walk(struct gpuslice_gpu *gpu)
{
	char *copy, *rest, *entry, *who, *pairs, *pair, *val;
	int err = 0;

	if (!sched || !*sched)
		return 0;
	copy = kstrdup(sched, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;

	rest = copy;
	while (!err && (entry = strsep(&rest, ";")) != NULL) {
		entry = strim(entry);
		if (!*entry)
			continue;
		pairs = entry;
		who = strsep(&pairs, ":");
		if (!pairs) {
			err = -EINVAL;
			break;
		}
		if (gpu && strcmp(who, "*") && strcmp(who, dev_name(&gpu->dev)))
			continue;
		while (!err && (pair = strsep(&pairs, ",")) != NULL) {
			val = pair;
			pair = strsep(&val, "=");
			err = val ? gpuslice_sched_param_set(gpu ? &gpu->sched : NULL,
							     strim(pair), strim(val)) :
				    -EINVAL;
		}
	}
	kfree(copy);
	return err;
}

/* At module load: a malformed gpuslice.sched= fails the load. */
int gpuslice_sched_param_init(void)
{
	int err = gpuslice_sched_param_walk(NULL);

	if (err)
		pr_err(DRV_NAME ": sched=: expected \"gpuN|*:key=value[,key=value];...\" with policy=best_effort|equal_share|fixed_share, frequency_hz=63-960, timeslice_us=1000-30000, averaging_factor=1-60\n");
	return err;
}

/* At registration: defaults, then what the module parameter says. */
void gpuslice_sched_params_init(struct gpuslice_gpu *gpu)
{
	gpu->sched.policy = GPUSLICE_SCHED_BEST_EFFORT;
	gpu->sched.frequency_hz = 0;
	gpu->sched.timeslice_us = 0;
	gpu->sched.averaging_factor = GPUSLICE_SCHED_AVG_DEFAULT;
	gpu->sched_since = ktime_get();
	/* Validated at load, so only its gpuN entries can apply here. */
	gpuslice_sched_param_walk(gpu);
}

/*
 * Called with the GPU lock held: settings changed. Overshoot accrued under
 * the old slices is forgiven, then the engines act on the new settings.
 */
static void __gpuslice_sched_kick(struct gpuslice_gpu *gpu)
{
	u32 e;

	__gpuslice_sched_forgive(gpu);
	for (e = 0; e < gpu->num_engines; e++)
		__gpuslice_engine_schedule(&gpu->engines[e]);
}

static ssize_t policy_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	int policy;

	mutex_lock(&gpu->lock);
	policy = gpu->sched.policy;
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf, "%s\n", gpuslice_sched_policy_names[policy]);
}

static ssize_t policy_store(struct device *dev, struct device_attribute *attr,
			    const char *buf, size_t count)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	int policy, err;

	policy = sysfs_match_string(gpuslice_sched_policy_names, buf);
	if (policy < 0)
		return -EINVAL;
	mutex_lock(&gpu->lock);
	err = __gpuslice_sched_set_policy(gpu, policy);
	if (!err)
		__gpuslice_sched_kick(gpu);
	mutex_unlock(&gpu->lock);
	return err ? err : count;
}
static DEVICE_ATTR_RW(policy);

/* The numeric settings go through the same checks as the parameter. */
static ssize_t gpuslice_sched_store(struct device *dev, const char *key,
				    const char *buf, size_t count)
{
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	char val[16];
	int err;

	if (count >= sizeof(val))
		return -EINVAL;
	memcpy(val, buf, count);
	val[count] = '\0';

	mutex_lock(&gpu->lock);
	err = gpuslice_sched_param_set(&gpu->sched, key, strim(val));
	if (!err)
		__gpuslice_sched_kick(gpu);
	mutex_unlock(&gpu->lock);
	return err ? err : count;
}

/* Compute-engine busy time: channels gone plus channels live. */
static u64 __gpuslice_sched_busy_ns(struct gpuslice_gpu *gpu)
{
	struct gpuslice_channel *chan;
	u64 busy = gpu->sched_busy_ns;

	list_for_each_entry(chan, &gpu->channels, gpu_link)
		if (chan->engine->index == 0)
			busy += atomic64_read(&chan->ctx->busy_ns);
	return busy;
}

/* The numbers of the scheduler/ directory, one per file. */
enum gpuslice_sched_value {
	GPUSLICE_SCHED_FREQUENCY_HZ,
	GPUSLICE_SCHED_TIMESLICE_US,
	GPUSLICE_SCHED_AVERAGING_FACTOR,
	GPUSLICE_SCHED_BUSY_NS,
	GPUSLICE_SCHED_IDLE_NS,
	GPUSLICE_SCHED_SWITCHES,
	GPUSLICE_SCHED_CPU_NS,
};

/* Called with the GPU lock held. */
static u64 __gpuslice_sched_value(struct gpuslice_gpu *gpu,
				  enum gpuslice_sched_value which)
{
	u64 busy, all;

	switch (which) {
	case GPUSLICE_SCHED_FREQUENCY_HZ:
		return div64_u64(NSEC_PER_SEC, gpuslice_sched_base_ns(gpu));
	case GPUSLICE_SCHED_TIMESLICE_US:
		return div_u64(gpuslice_sched_base_ns(gpu), NSEC_PER_USEC);
	case GPUSLICE_SCHED_AVERAGING_FACTOR:
		return gpu->sched.averaging_factor;
	case GPUSLICE_SCHED_BUSY_NS:
		return __gpuslice_sched_busy_ns(gpu);
	case GPUSLICE_SCHED_IDLE_NS:
		busy = __gpuslice_sched_busy_ns(gpu);
		all = ktime_to_ns(ktime_sub(ktime_get(), gpu->sched_since));
		return all > busy ? all - busy : 0;
	case GPUSLICE_SCHED_SWITCHES:
		return gpu->sched_switches;
	case GPUSLICE_SCHED_CPU_NS:
		return gpu->sched_cpu_ns;
	}
	return 0;
}

struct gpuslice_sched_attr {
	struct device_attribute attr;
	enum gpuslice_sched_value which;
};

static ssize_t gpuslice_sched_value_show(struct device *dev,
					 struct device_attribute *attr,
					 char *buf)
{
	struct gpuslice_sched_attr *sattr =
		container_of(attr, struct gpuslice_sched_attr, attr);
	struct gpuslice_gpu *gpu = to_gpuslice_gpu(dev);
	u64 val;

	mutex_lock(&gpu->lock);
	val = __gpuslice_sched_value(gpu, sattr->which);
	mutex_unlock(&gpu->lock);
	return sysfs_emit(buf, "%llu\n", val);
}

/* A writable file's name is its key in the module parameter. */
static ssize_t gpuslice_sched_value_store(struct device *dev,
					  struct device_attribute *attr,
					  const char *buf, size_t count)
{
	return gpuslice_sched_store(dev, attr->attr.name, buf, count);
}

#define GPUSLICE_SCHED_ATTR(_name, _mode, _store, _which)		\
static struct gpuslice_sched_attr gpuslice_sched_attr_##_name = {	\
	.attr = __ATTR(_name, _mode, gpuslice_sched_value_show, _store),	\
	.which = _which,						\
}

#define GPUSLICE_SCHED_ATTR_RW(_name, _which)				\
	GPUSLICE_SCHED_ATTR(_name, 0644, gpuslice_sched_value_store, _which)
#define GPUSLICE_SCHED_ATTR_RO(_name, _which)				\
	GPUSLICE_SCHED_ATTR(_name, 0444, NULL, _which)

GPUSLICE_SCHED_ATTR_RW(frequency_hz, GPUSLICE_SCHED_FREQUENCY_HZ);
GPUSLICE_SCHED_ATTR_RW(timeslice_us, GPUSLICE_SCHED_TIMESLICE_US);
GPUSLICE_SCHED_ATTR_RW(averaging_factor, GPUSLICE_SCHED_AVERAGING_FACTOR);
GPUSLICE_SCHED_ATTR_RO(busy_ns, GPUSLICE_SCHED_BUSY_NS);
GPUSLICE_SCHED_ATTR_RO(idle_ns, GPUSLICE_SCHED_IDLE_NS);
GPUSLICE_SCHED_ATTR_RO(switches, GPUSLICE_SCHED_SWITCHES);
GPUSLICE_SCHED_ATTR_RO(sched_cpu_ns, GPUSLICE_SCHED_CPU_NS);

static struct attribute *gpuslice_sched_attrs[] = {
	&dev_attr_policy.attr,
	&gpuslice_sched_attr_frequency_hz.attr.attr,
	&gpuslice_sched_attr_timeslice_us.attr.attr,
	&gpuslice_sched_attr_averaging_factor.attr.attr,
	&gpuslice_sched_attr_busy_ns.attr.attr,
	&gpuslice_sched_attr_idle_ns.attr.attr,
	&gpuslice_sched_attr_switches.attr.attr,
	&gpuslice_sched_attr_sched_cpu_ns.attr.attr,
	NULL
};

const struct attribute_group gpuslice_sched_group = {
	.name = "scheduler",
	.attrs = gpuslice_sched_attrs,
};
