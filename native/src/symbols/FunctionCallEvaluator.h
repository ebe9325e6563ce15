// FunctionCallEvaluator: `f(1, x, 2.5)` in an expression — the program's
// function `f` found by its ELF symbol, its prototype read from DWARF
// (parameters of the definition's declaration, `...`, the return type),
// each argument evaluated and converted to its parameter's type and
// classified as the x86-64 System V ABI does (integers, bools, chars,
// enums, pointers and references in integer registers; float and double in
// xmm registers), then run through the CallPolicy and the result read back
// from rax or xmm0 as the declared return type (a struct or union of up to
// 16 bytes from rax:rdx and xmm0:xmm1, each eightbyte by its class). A
// string literal argument becomes a block of bytes the call writes into
// the program's stack, and its address; arguments past the 6 integer and
// 8 xmm registers travel on the stack. What the ABI would pass in memory
// (struct arguments, struct results over 16 bytes, long double), member
// functions and functions without a prototype are refused before anything
// runs, each with a sentence.
#pragma once

#include <memory>

#include "symbols/ExpressionEvaluator.h"
#include "symbols/MachineCall.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Value.h"

namespace rwd {

class FunctionCallEvaluator {
 public:
  FunctionCallEvaluator(SymbolIndex& symbols, std::shared_ptr<const FrameContext> context, const CallPolicy& policy)
      : symbols_(symbols), context_(std::move(context)), policy_(policy) {}
  // `node` is a Call whose left is the function's Name.
  Value evaluate(const ExpressionNode& node, ExpressionEvaluator& evaluator);

 private:
  enum class Passing { Integer, Vector, Void };
  // How a parameter or return type travels; fails with `what` in the sentence otherwise.
  Passing passingOf(const TypeRef& type, const std::string& what, ExpressionEvaluator& evaluator) const;

  SymbolIndex& symbols_;
  std::shared_ptr<const FrameContext> context_;
  const CallPolicy& policy_;
};

}  // namespace rwd
