/* false: exits with status 1 and does nothing else (POSIX false). */
int main(void) { return 1; }
