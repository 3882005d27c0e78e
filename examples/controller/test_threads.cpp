// The controller example's work queue under real threads: the shape a real-time controller
// gives it (one mutex, a condition variable for get), with N workers and a producer adding
// keys as fast as it can. No key is ever in two workers at once, and no add is lost: every
// key's last change is seen by a pass that starts after it. Run by the `tsan` preset too.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "catch.hpp"

#include "work_queue.hpp"

namespace {

/// client-go's Get/Done/ShutDown around the single-threaded queue.
class locked_queue {
 public:
  void add(const std::string& k) {
    const std::lock_guard<std::mutex> l(m_);
    q_.add(k);
    cv_.notify_one();
  }
  /// Blocks for a key; nothing once shut down and empty.
  std::optional<std::string> get() {
    std::unique_lock<std::mutex> l(m_);
    cv_.wait(l, [this] { return q_.len() > 0 || shut_down_; });
    auto k = q_.get();
    if (k) ++busy_;
    return k;
  }
  void done(const std::string& k) {
    const std::lock_guard<std::mutex> l(m_);
    q_.done(k);
    --busy_;
    cv_.notify_all();
  }
  /// Waits until nothing is queued or processed, then lets the workers go.
  void shut_down_when_idle() {
    std::unique_lock<std::mutex> l(m_);
    cv_.wait(l, [this] { return q_.len() == 0 && busy_ == 0; });
    shut_down_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  controller_example::work_queue<std::string> q_;
  int busy_ = 0;
  bool shut_down_ = false;
};

}  // namespace

TEST_CASE("work queue with 4 worker threads: one pass per key at a time, no add lost") {
  constexpr int keys = 8;
  constexpr int adds = 2000;
  locked_queue q;
  std::mutex m;                        // guards the three maps below
  std::map<std::string, int> version;  // bumped before each add
  std::map<std::string, int> seen;     // the highest version a pass started after
  std::map<std::string, int> in_pass;  // workers inside a pass for the key
  std::atomic<int> overlaps{0};
  std::atomic<int> passes{0};

  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      while (auto k = q.get()) {
        {
          const std::lock_guard<std::mutex> l(m);
          if (in_pass[*k]++ != 0) ++overlaps;
          if (version[*k] > seen[*k]) seen[*k] = version[*k];
        }
        // A pass takes a while: adds for the key land meanwhile.
        std::this_thread::sleep_for(std::chrono::microseconds(100));
        {
          const std::lock_guard<std::mutex> l(m);
          --in_pass[*k];
        }
        ++passes;
        q.done(*k);
      }
    });
  }
  for (int i = 0; i < adds; ++i) {
    const std::string k = "ns/job-" + std::to_string((i / 4) % keys);  // bursts: adds land mid-pass
    {
      const std::lock_guard<std::mutex> l(m);
      ++version[k];
    }
    q.add(k);
    std::this_thread::sleep_for(std::chrono::microseconds(20));
  }
  q.shut_down_when_idle();
  for (auto& t : workers) t.join();

  CHECK(overlaps == 0);
  CHECK(version.size() == static_cast<std::size_t>(keys));
  for (const auto& v : version) CHECK(seen[v.first] == v.second);
  CHECK(passes > 0);
  CHECK(passes <= adds);  // deduplicated: never more passes than adds
}
