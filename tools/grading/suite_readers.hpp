#pragma once
// The suite loader's parts that read one kind of test (suite_loader.cpp holds
// the suite itself): conformance and concurrency tests share how they name a
// pattern and write its configuration.
#include "scenarios/json_document.hpp"
#include "scenarios/loader.hpp"
#include "tools/grading/suite.hpp"

namespace chaossim::grading {

scenarios::EnumTable<StudentPattern> pattern_table();

// The instance's config in the protocol's form, from the test's "pipeline"
// (written as a scenario's), "instances", "capacity" or "worker_pools".
std::optional<json> conformance_config(scenarios::ObjectReader& r, StudentPattern pattern);
// A conformance test's script.
void read_steps(scenarios::LoadContext& ctx, scenarios::ObjectReader& r, GradingTest& test);
// A concurrency test's pattern, configuration, threads and rounds.
void read_concurrency_test(scenarios::ObjectReader& r, GradingTest& test);

}  // namespace chaossim::grading
