// RecordingObserver: step hooks → Recorder.
#include "control/RecordingObserver.h"

namespace rwd {

bool RecordingObserver::beforeStep(Task& task) {
  StepPlan plan = recorder_.beforeStep(task);
  if (plan.cut) console_(plan.cut->reason + "\n");
  return plan.mayBlock;
}

void RecordingObserver::afterStep(Task& task) { recorder_.afterStep(task); }

void RecordingObserver::threadExited(pid_t tid) { recorder_.threadExited(tid); }

}  // namespace rwd
