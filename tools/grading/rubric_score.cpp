#include "tools/grading/rubric_score.hpp"

namespace chaossim::grading {

void score_by_rubric(const GradingSuite& suite, SubmissionGrade& grade) {
  grade.score = grade.max_score = 0;
  grade.categories.clear();
  if (suite.categories.empty()) {
    for (const auto& t : grade.tests) {
      grade.score += t.score;
      grade.max_score += t.max_score;
    }
    return;
  }
  for (const Category& category : suite.categories) {
    CategoryScore c{category.name, category.weight, true, 0, 0, 0};
    for (const auto& t : grade.tests) {
      if (t.category != category.name) continue;
      c.by_hand = false;
      c.points += t.score;
      c.max_points += t.max_score;
    }
    if (c.max_points > 0) {
      c.score = c.points / c.max_points * c.weight;
      grade.score += c.score;
      grade.max_score += c.weight;
    }
    grade.categories.push_back(std::move(c));
  }
}

}  // namespace chaossim::grading
