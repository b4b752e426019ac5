/* PowerPC setjmp/longjmp: saves r1 (sp), r2, the non-volatile r13-r31, LR and CR
 * (soft-float build: no FPRs to keep). Plain stw/lwz, no load/store multiple. */
	.text
	.globl setjmp, _setjmp
	.type setjmp, @function
setjmp:
_setjmp:
	stw 1, 0(3)
	stw 2, 4(3)
	.irp r, 13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stw \r, (\r - 13) * 4 + 8(3)
	.endr
	mflr 0
	stw 0, 84(3)
	mfcr 0
	stw 0, 88(3)
	li 3, 0
	blr
	.size setjmp, .-setjmp

	.globl longjmp, _longjmp
	.type longjmp, @function
longjmp:
_longjmp:
	lwz 1, 0(3)
	lwz 2, 4(3)
	.irp r, 13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	lwz \r, (\r - 13) * 4 + 8(3)
	.endr
	lwz 0, 84(3)
	mtlr 0
	lwz 0, 88(3)
	mtcrf 0xff, 0
	mr. 3, 4
	bnelr
	li 3, 1
	blr
	.size longjmp, .-longjmp
	.section .note.GNU-stack,"",@progbits
