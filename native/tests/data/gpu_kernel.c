/* A stand-in for a GPU kernel's code object: the simulated devices load
   this ELF (built -g -shared -nostdlib) as the program the GPU runs, so
   its DWARF gives the GPU threads' source lines. */
int scale(int value, int factor) {
  int product = value * factor; // #scale
  return product + 1;           // #scaleReturn
}

void vector_add(const int* a, const int* b, int* out, int index) {
  int sum = a[index] + b[index]; // #add
  out[index] = scale(sum, 2);    // #store
}
