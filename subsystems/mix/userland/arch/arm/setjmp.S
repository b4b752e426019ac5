/* ARM setjmp/longjmp: saves the AAPCS callee-saved r4-r11, sp and lr (soft-float build:
 * no VFP registers to keep). */
	.text
	.arm
	.globl setjmp, _setjmp
	.type setjmp, %function
setjmp:
_setjmp:
	mov ip, sp
	stmia r0, {r4-r11, ip, lr}
	mov r0, #0
	bx lr
	.size setjmp, .-setjmp

	.globl longjmp, _longjmp
	.type longjmp, %function
longjmp:
_longjmp:
	ldmia r0, {r4-r11, ip, lr}
	mov sp, ip
	movs r0, r1
	moveq r0, #1
	bx lr
	.size longjmp, .-longjmp
	.section .note.GNU-stack,"",%progbits
