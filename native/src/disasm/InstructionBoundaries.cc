// InstructionBoundaries: forward walks from function and line starts.
#include "disasm/InstructionBoundaries.h"

namespace rwd {

namespace {

// A function start farther back than this is replaced by the start of the
// target's line-table row, to keep each walk short.
constexpr uint64_t kFarFunctionStart = 16 * 1024;
// The longest walk decoded at once.
constexpr uint64_t kMaxWalk = 1024 * 1024;
// How far back padding between functions is searched for the previous function.
constexpr uint64_t kPaddingSearch = 64;
// How far back a walk without symbols starts.
constexpr uint64_t kGuessWindow = 32;

}  // namespace

std::vector<uint64_t> InstructionBoundaries::before(uint64_t address, size_t count) {
  std::vector<std::vector<uint64_t>> runs;  // nearest first, each ascending
  size_t total = 0;
  uint64_t cursor = address;
  while (total < count && cursor > 0) {
    std::optional<std::vector<uint64_t>> run;
    if (auto anchor = anchorBefore(cursor)) run = walk(*anchor, cursor);
    if (!run || run->empty()) run = guess(cursor);
    if (!run || run->empty()) break;
    cursor = run->front();
    total += run->size();
    runs.push_back(std::move(*run));
  }
  std::vector<uint64_t> found;  // ascending
  found.reserve(total);
  for (auto run = runs.rbegin(); run != runs.rend(); ++run) found.insert(found.end(), run->begin(), run->end());
  if (found.size() > count) found.erase(found.begin(), found.end() - static_cast<std::ptrdiff_t>(count));
  return found;
}

std::optional<uint64_t> InstructionBoundaries::anchorBefore(uint64_t address) const {
  if (auto function = symbols_.functionAt(address - 1); function && function->second < address) {
    const uint64_t start = function->second;
    if (address - start > kFarFunctionStart) {
      if (auto row = symbols_.lineRangeAt(address - 1); row && row->start < address && row->start >= start)
        return row->start;
    }
    return start;
  }
  // Padding after a function: the function before it, walked through the padding.
  for (uint64_t back = 2; back <= kPaddingSearch && back <= address; ++back) {
    if (auto function = symbols_.functionAt(address - back); function && function->second < address) {
      if (address - function->second <= kMaxWalk) return function->second;
    }
  }
  return std::nullopt;
}

std::optional<std::vector<uint64_t>> InstructionBoundaries::walk(uint64_t from, uint64_t to) {
  if (from >= to || to - from > kMaxWalk) return std::nullopt;
  std::vector<uint8_t> code(to - from + 16);
  const size_t got = target_.readMemory(from, code.data(), code.size());
  if (got < to - from) return std::nullopt;
  std::vector<uint64_t> starts;
  uint64_t at = from;
  while (at < to) {
    auto instruction = disassembler_.decode(code.data() + (at - from), got - (at - from), at);
    if (!instruction) return std::nullopt;
    starts.push_back(at);
    at += instruction->length;
  }
  if (at != to) return std::nullopt;
  return starts;
}

std::optional<std::vector<uint64_t>> InstructionBoundaries::guess(uint64_t to) {
  const uint64_t window = to < kGuessWindow ? to : kGuessWindow;
  for (uint64_t back = window; back > 0; --back) {
    if (auto run = walk(to - back, to)) return run;
  }
  return std::nullopt;
}

}  // namespace rwd
