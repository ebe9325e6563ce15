// Fixture of the symbols_* unit tests: locals of many types, a call chain
// main -> outer -> inner, a loop, nested blocks and globals. Lines that the
// tests look up carry `// #name` markers.
#include <stdio.h>
#include <string.h>

enum color { RED, GREEN = 5, BLUE };
typedef struct point {
  int x;
  int y;
} point_t;
struct holder {
  point_t origin;
  int values[4];
  const char *label;
  enum color tint;
  struct holder *next;
};
union number {
  int i;
  float f;
};
struct flags {
  unsigned ready : 1;
  unsigned level : 3;
  int signed_bits : 4;
};

int global_counter = 7;
static double global_ratio = 2.5;
const char *global_greeting = "hello";
int global_matrix[2][3] = {{1, 2, 3}, {4, 5, 6}};
int big_array[3000];

static int inner(int depth, point_t where) {
  int local = depth * 10;
  char letter = 'A' + depth;
  local += where.x;  // #inner_body
  return local + letter;
}

static int vla_sum(int n) {
  int squares[n];
  for (int j = 0; j < n; j++) squares[j] = j * j;
  return squares[n - 1];  // #vla_body
}

// #blank_before_outer

static int outer(int n) {  // #outer_open
  int result = 0;
  for (int i = 0; i < n; i++) {  // #loop
    point_t where = {i, i + 1};
    result += inner(i, where);  // #call_inner
  }
  return result;  // #outer_return
}

int main(int argc, char **argv) {
  int count = 3;
  unsigned int mask = 0xff;
  char initial = 'A';
  _Bool flag = 1;
  float ratio = 1.5f;
  double precise = 3.25;
  long long big = -1234567890123LL;
  enum color tint = GREEN;
  enum color odd = (enum color)42;
  point_t spot = {1, 2};
  struct holder box = {{3, 4}, {10, 20, 30, 40}, "label", BLUE, 0};
  struct holder *boxp = &box;
  int numbers[5] = {1, 2, 3, 4, 5};
  const char *message = "hello, world";
  char *nothing = 0;
  char buffer[16] = "hi";
  int grid[2][3] = {{1, 2, 3}, {4, 5, 6}};
  union number num;
  struct flags bits = {1, 5, -3};
  int *dangling = (int *)16;
  int (*operation)(int, point_t) = inner;
  num.i = 1065353216;
  for (int k = 0; k < 3000; k++) big_array[k] = k * 2;
  {  // #block_open
    int shadow = 99;
    global_counter += shadow;  // #inner_block
  }
  {
    int unrelated = 5;  // a block that does not contain the stop
    global_counter += unrelated;
  }
  int total = outer(count) + vla_sum(4);  // #call_outer
  printf("%d %u %c %d %f %f %lld %d %d %d %s %s %p %s %d %d %d\n", total, mask, initial, flag, ratio, precise, big,
         tint, odd, spot.x, boxp->label, message, (void *)nothing, buffer, grid[1][2], num.i, bits.level);
  return numbers[0] + (int)strlen(buffer) + (dangling != 0) + (operation != 0) > 100;  // #main_return
}
// #after_last_code
