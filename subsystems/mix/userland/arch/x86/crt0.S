/* i386 process entry: the kernel leaves argc at (%esp), then argv, NULL, envp, NULL.
 * Clear the frame pointer, align the stack to 16 bytes and hand the initial stack pointer
 * to __libc_start (libc/start.c). */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp
	movl %esp, %eax
	andl $-16, %esp
	subl $12, %esp
	pushl %eax
	call __libc_start
	hlt
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
