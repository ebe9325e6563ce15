// HolderFormatter: the common part of the formatters for library types that
// hold at most one other value (std::unique_ptr, std::shared_ptr and
// std::weak_ptr, std::optional, Rust's Rc, Arc and trait objects) — the summary is the held value's text
// (or what stands for nothing: "nullptr", "nullopt"), the held value is the
// first child, and `*h` / `h->m` reach it or fail with a sentence that says
// why. Subclasses say what is held.
#pragma once

#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class HolderFormatter : public TypeFormatter {
 public:
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  std::vector<FormattedChild> named(const Value& value, const std::string& name, const std::string& evaluateName,
                                    FormatterTools& tools) const override;
  std::optional<Value> target(const Value& value, FormatterTools& tools, std::string* problem) const override;

 protected:
  struct Holding {
    bool readable = false;
    std::optional<Value> held;         // nothing: the holder is empty
    std::string emptyText;             // the summary of an empty holder
    std::string lead;                  // before the held value's text (a trait object's concrete type)
    std::string note;                  // after the held value's text (" (use_count=2, weak_count=1)")
    std::string emptyProblem;          // `*h` of an empty holder, with "%s" where the expression goes
    std::vector<FormattedChild> more;  // children after the held value
  };
  virtual Holding holding(const Value& value, FormatterTools& tools) const = 0;
  // What the holder is called in "cannot read the unique_ptr 'p'".
  virtual const char* kind() const = 0;
  // The held value's child: "*p" for pointers, "value" for an optional.
  virtual std::string heldName(const std::string& parentName) const { return "*" + parentName; }
  // The object the stored pointer of the smart pointer `holder` points at,
  // typed as the holder's template argument.
  static Value pointee(const Value& holder, const Value& pointer, FormatterTools& tools);
};

}  // namespace rwd
