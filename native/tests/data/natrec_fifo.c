/* Native recording of threads: main opens a FIFO (argument 1) for writing,
 * which blocks until the reader thread opens it for reading — a call the
 * recorder cannot know blocks. Main writes a word, the reader reads it.
 * Exits 0 when the word arrived. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *path;
static char received[16];

static void *readWord(void *unused)
{
    (void)unused;
    const int fd = open(path, O_RDONLY);
    if (fd < 0) return NULL;
    if (read(fd, received, 5) != 5) received[0] = 0;
    close(fd);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    path = argv[1];
    pthread_t reader;
    pthread_create(&reader, NULL, readWord, NULL);
    const int fd = open(path, O_WRONLY);
    if (fd < 0 || write(fd, "hello", 5) != 5) return 1;
    close(fd);
    pthread_join(reader, NULL);
    printf("received %s\n", received);
    return strcmp(received, "hello") == 0 ? 0 : 1;
}
