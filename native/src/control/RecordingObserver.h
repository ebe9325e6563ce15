// RecordingObserver: connects the Process's step hooks to the Recorder and
// passes a history cut on to the user as a console message.
#pragma once

#include <functional>
#include <string>

#include "process/StepObserver.h"
#include "record/Recorder.h"

namespace rwd {

class RecordingObserver : public StepObserver {
 public:
  RecordingObserver(Recorder& recorder, std::function<void(const std::string&)> console)
      : recorder_(recorder), console_(std::move(console)) {}
  bool beforeStep(Task& task) override;
  void afterStep(Task& task) override;
  void threadExited(pid_t tid) override;

 private:
  Recorder& recorder_;
  std::function<void(const std::string&)> console_;
};

}  // namespace rwd
