// A bug to find by stepping: the program prints the average of four test
// scores, but the number it prints is too low. Put a breakpoint on the line
// that computes `mean`, press F5, and look at `total` in the Variables view;
// then step through the loop in `average` to see which score is never added.
#include <stdio.h>

static double average(const int *values, int count)
{
    int total = 0;
    for (int i = 1; i < count; i++)
        total += values[i];
    double mean = (double)total / count;
    return mean;
}

int main(void)
{
    int scores[] = {90, 85, 77, 62};
    int count = 4;
    double result = average(scores, count);
    printf("average of %d scores: %.2f\n", count, result);
    return 0;
}
