// The run's own event queue, without SimGrid (own mode never calls it outside run()).
#include <string>

#include <catch2/catch.hpp>

#include "sim/scheduler.hpp"

using chaossim::sim::scheduler;

TEST_CASE("events play in time order, and at the same time in the order they were made, lanes or not") {
  auto& s = scheduler();
  s.reset(true);
  std::string played;
  s.at(0.3, [&] { played += "c"; });
  s.after(0.1, [&] { played += "a"; });           // a lane of 0.1
  s.at(0.1, [&] { played += "b"; });              // the heap, same time, made later
  s.after(0.2, [&] { played += "x"; });           // a lane of 0.2
  s.after(0.1, [&] { played += "a2"; });          // the 0.1 lane again
  s.at(0.2, [&] {
    played += "y";
    scheduler().after(0.1, [&] { played += "d"; });  // made at 0.2, due at 0.3 after c
  });
  s.play_until(1);
  CHECK(played == "aba2xycd");
  CHECK(s.now() == 1);
}

TEST_CASE("a cancelled event does not play, and the clock stops short of the limit") {
  auto& s = scheduler();
  s.reset(true);
  int played = 0;
  auto* gone = s.after(0.5, [&] { played += 100; });
  s.after(0.5, [&] { ++played; });
  s.at(2.0, [&] { played += 10; });
  s.cancel(gone);
  s.play_until(2.0);  // events due at 2.0 wait for the next stretch
  CHECK(played == 1);
  CHECK(s.now() == 2.0);
  s.play_until(3.0);
  CHECK(played == 11);
}
