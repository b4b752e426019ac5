/* PowerPC 32-bit Linux system-call entry: `sc` with the number in r0 and arguments in
 * r3..r8. The kernel sets CR0.SO on failure with the positive errno in r3; this stub
 * returns -errno instead. */
	.text
	.globl __syscall
	.type __syscall, @function
__syscall:
	mr 0, 3
	mr 3, 4
	mr 4, 5
	mr 5, 6
	mr 6, 7
	mr 7, 8
	mr 8, 9
	sc
	bnslr
	neg 3, 3
	blr
	.size __syscall, .-__syscall
	.section .note.GNU-stack,"",@progbits
