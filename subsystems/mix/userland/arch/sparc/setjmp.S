/* SPARC setjmp/longjmp. setjmp (a leaf, running in its caller's window) records the
 * caller's %sp, %fp and return address %o7. longjmp executes `restore` until the current
 * window's %fp is the recorded one: that unwinds the register windows of the frames being
 * abandoned the architectural way (window-underflow traps refill older windows from their
 * stack save areas), leaving it in the setjmp caller's window with that frame's locals and
 * ins. It then reinstates %sp and returns to %o7 + 8 with the value in %o0. The value and
 * the buffer are carried in globals %g1-%g3, which `restore` does not rotate. */
	.text
	.globl setjmp, _setjmp
	.type setjmp, #function
setjmp:
_setjmp:
	st %sp, [%o0]
	st %fp, [%o0 + 4]
	st %o7, [%o0 + 8]
	retl
	mov %g0, %o0
	.size setjmp, .-setjmp

	.globl longjmp, _longjmp
	.type longjmp, #function
longjmp:
_longjmp:
	mov %o0, %g1
	orcc %o1, %g0, %g2
	bne 1f
	nop
	mov 1, %g2
1:	ld [%g1 + 4], %g3
2:	cmp %fp, %g3
	bgeu 3f
	nop
	restore
	ba 2b
	nop
3:	ld [%g1], %sp
	ld [%g1 + 8], %o7
	retl
	mov %g2, %o0
	.size longjmp, .-longjmp
	.section .note.GNU-stack,"",@progbits
