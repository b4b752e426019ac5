/* ARM process entry: sp points at argc. Clear fp and lr (end of the frame chain), align
 * the stack to 8 bytes (AAPCS) and call __libc_start(sp). */
	.text
	.arm
	.globl _start
	.type _start, %function
_start:
	mov fp, #0
	mov lr, #0
	mov r0, sp
	bic sp, sp, #15
	bl __libc_start
1:	b 1b
	.size _start, .-_start
	.section .note.GNU-stack,"",%progbits
