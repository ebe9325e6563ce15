// A crash: the program sums the values of a small linked list and dies with
// SIGSEGV. Press F5 and Rewind stops on the faulting line; the call stack and
// the variables show that `node` is NULL because the loop runs once too often.
#include <stdio.h>

struct node {
    int value;
    struct node *next;
};

static int sum_list(const struct node *node, int length)
{
    int sum = 0;
    for (int i = 0; i <= length; i++) {
        sum += node->value;
        node = node->next;
    }
    return sum;
}

int main(void)
{
    struct node third = {30, NULL};
    struct node second = {20, &third};
    struct node first = {10, &second};
    printf("sum: %d\n", sum_list(&first, 3));
    return 0;
}
