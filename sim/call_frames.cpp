// The frames of a call, one per stage it has reached (stage.hpp): how a call
// goes inward through its edge's stages and how each end travels back out. A
// timeout reports outward when it fires while the attempt below goes on (the
// server still does the work); the late answer is then absorbed here.
#include "sim/call_path.hpp"

namespace chaossim::sim {

using patterns::CallResult;
using patterns::Outcome;

void CallPath::invoke(LogicalCall* c, Frame* parent, std::uint8_t depth) {
  Frame* f = parent == nullptr ? &c->outermost : frames_.acquire();
  if (parent == nullptr) *f = Frame{};
  f->call = c;
  f->parent = parent;
  f->depth = depth;
  f->started = sim::now();
  f->expires = parent != nullptr ? parent->expires : c->deadline_at;
  ++c->live_frames;
  if (parent != nullptr) ++parent->children;
  auto& stages = edges_[c->edge].stages;
  if (depth == stages.size()) send_attempt(f);
  else stages[depth]->enter(*this, f);
}

void CallPath::reject(Frame* f) {
  const double now = sim::now();
  EdgeRuntime& e = edges_[f->call->edge];
  const patterns::PatternKind by = e.stages[f->depth]->kind();
  e.recorder.rejection(by, now);
  reactions_.react(now, f->call->edge);
  complete(f, {Outcome::rejected, by});
}

void CallPath::call_instead(Frame* f, std::uint32_t edge) {
  LogicalCall* c = f->call;
  LogicalCall* alternative = open(edge, nullptr, c->parent, c->reply_to, c->key);
  alternative->resumes = f;
  ++f->children;
  start(alternative);
}

void CallPath::complete(Frame* f, CallResult result) {
  f->completed = true;
  LogicalCall* c = f->call;
  // Holds f, and so its call, while the result travels up: on the way, a late
  // or lost answer below f may end, and would otherwise recycle f under us.
  ++f->children;
  // The attempts below it are given up: on an edge that cancels, the callee
  // hears so before the caller goes on (a retry's next attempt, say).
  if (c->pending != nullptr) cancel_pending(c, f->parent == nullptr);
  if (f->parent != nullptr) child_done(f->parent, result);
  else finish(c, result);
  // Nobody waits for the lost attempts below an answered frame any more.
  if (c->lost != nullptr) give_up_lost(c, f->parent == nullptr);
  --f->children;
  release(f);
}

void CallPath::release(Frame* f) {
  if (!f->completed || f->children > 0) return;
  LogicalCall* c = f->call;
  if (f != &c->outermost) frames_.release(f);
  if (--c->live_frames == 0 && c->done) calls_.release(c);
}

void CallPath::child_done(Frame* f, CallResult result) {
  --f->children;
  if (f->completed) {  // a timeout already answered for this frame: the late answer is absorbed
    release(f);
    return;
  }
  // Attempts have no children, so f is a stage's frame.
  edges_[f->call->edge].stages[f->depth]->child_done(*this, f, result);
}

}  // namespace chaossim::sim
