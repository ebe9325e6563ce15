// C++ fixture of the symbols tests: a namespaced class and function, to
// check demangled names and that variables of functions inside namespaces
// are found.
namespace ns {
struct Widget {
  int width;
  int height;
  int area() const { return width * height; }  // #area
};

int twice(int value) {
  int doubled = value * 2;
  return doubled;  // #twice
}
}  // namespace ns

int main() {
  ns::Widget widget{3, 4};
  return widget.area() == 12 && ns::twice(21) == 42 ? 0 : 1;
}
