/* ARM EABI Linux system-call entry: svc 0 with the number in r7 and arguments in r0..r5;
 * the kernel returns -errno in r0 on failure. The fourth..sixth arguments of __syscall
 * arrive on the stack (AAPCS). */
	.text
	.arm
	.globl __syscall
	.type __syscall, %function
__syscall:
	mov ip, sp
	push {r4, r5, r6, r7}
	mov r7, r0
	mov r0, r1
	mov r1, r2
	mov r2, r3
	ldm ip, {r3, r4, r5}
	svc 0
	pop {r4, r5, r6, r7}
	bx lr
	.size __syscall, .-__syscall
	.section .note.GNU-stack,"",%progbits
