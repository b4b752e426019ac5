/* SPARC V8 Linux system-call entry: `ta 0x10` with the number in g1 and arguments in
 * o0..o5. The kernel sets the carry flag (PSR.icc.C) on failure with the positive errno in
 * o0; this stub returns -errno instead. Leaf routine: no register window is used, so the
 * seventh argument of __syscall is read from the caller's frame at [%sp + 92].
 * __sparc_fork: fork returns in both processes with o1 = 1 in the child, 0 in the parent
 * (o0 holds the other process's pid); the child must see 0. */
	.text
	.globl __syscall
	.type __syscall, #function
__syscall:
	mov %o0, %g1
	mov %o1, %o0
	mov %o2, %o1
	mov %o3, %o2
	mov %o4, %o3
	mov %o5, %o4
	ld [%sp + 92], %o5
	ta 0x10
	bcc 1f
	nop
	sub %g0, %o0, %o0
1:	retl
	nop
	.size __syscall, .-__syscall

	.globl __sparc_fork
	.type __sparc_fork, #function
__sparc_fork:
	mov 2, %g1
	ta 0x10
	bcs 2f
	nop
	cmp %o1, 0
	bne,a 1f
	mov 0, %o0
1:	retl
	nop
2:	retl
	sub %g0, %o0, %o0
	.size __sparc_fork, .-__sparc_fork
	.section .note.GNU-stack,"",@progbits
