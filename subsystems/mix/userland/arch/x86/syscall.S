/* i386 Linux system-call entry: int $0x80, number in eax, arguments in ebx, ecx, edx, esi,
 * edi, ebp; the kernel returns -errno (-4095..-1) in eax on failure. */
	.text
	.globl __syscall
	.type __syscall, @function
__syscall:
	pushl %ebx
	pushl %esi
	pushl %edi
	pushl %ebp
	movl 20(%esp), %eax
	movl 24(%esp), %ebx
	movl 28(%esp), %ecx
	movl 32(%esp), %edx
	movl 36(%esp), %esi
	movl 40(%esp), %edi
	movl 44(%esp), %ebp
	int $0x80
	popl %ebp
	popl %edi
	popl %esi
	popl %ebx
	ret
	.size __syscall, .-__syscall
	.section .note.GNU-stack,"",@progbits
