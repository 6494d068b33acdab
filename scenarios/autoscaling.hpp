#pragma once
// A service whose instance count follows its load, the way Kubernetes'
// HorizontalPodAutoscaler or an AWS target-tracking policy does. Every
// `evaluation_period` it measures its metric over the period just ended, on
// the instances in service, and wants ceil(in service x metric / target)
// instances, unless the metric is within `tolerance` of its target; a change
// moves at most `scale_up_step` or `scale_down_step` instances, stays within
// [min_instances, max_instances], and none follows another within
// `cooldown`. A new instance takes traffic `startup_delay` after its launch,
// and serves `cold_slowdown` times slower for `cold_start_s` after that (a JIT
// warming, caches filling). One that leaves takes no new requests and serves
// what it holds first. One found down at an evaluation (crashed) is replaced.
#include <string>

namespace chaossim::scenarios {

enum class ScalingMetric { utilization, queue_length };

struct Autoscaling {
  ScalingMetric metric = ScalingMetric::utilization;
  // utilization: busy workers over workers in service, in (0, 1]; queue_length:
  // requests waiting per instance in service.
  double target = 0.6;
  int min_instances = 1;
  int max_instances = 1;
  double evaluation_period_s = 15;  // the HPA's sync period
  double tolerance = 0.1;           // the HPA's: no change while |metric / target - 1| <= it
  int scale_up_step = 4;            // the HPA's default: 4 pods a period
  int scale_down_step = 1;
  double cooldown_s = 60;
  double startup_delay_s = 30;
  double cold_start_s = 0;
  double cold_slowdown = 1;
};

}  // namespace chaossim::scenarios
