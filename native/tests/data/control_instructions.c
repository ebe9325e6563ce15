/* Fixture of the instruction-level control tests: a leaf function called in
 * a loop, and a recursive function whose recursive call returns to the same
 * address at every depth. Built with -g -O0. */
static int twice(int value)
{
    return value * 2;
}

static long factorial(int n)
{
    if (n <= 1)
        return 1;
    long below = factorial(n - 1);   // #RECURSE
    return n * below;
}

int main(void)
{
    int total = 0;
    for (int i = 0; i < 3; i++) {
        total += twice(i);           // #LOOP_CALL
    }
    long product = factorial(4);     // #FACTORIAL
    return (int)((total + product) & 0x7f);
}
