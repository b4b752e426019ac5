/* SPARC process entry: %sp points at a 64-byte register-window save area with argc just
 * above it at [%sp + 64]. Clear %fp, keep 8-byte alignment and open a 96-byte frame (window
 * save area + hidden struct pointer + six argument words) before calling
 * __libc_start(%sp + 64). */
	.text
	.globl _start
	.type _start, #function
_start:
	mov %g0, %fp
	add %sp, 64, %o0
	and %sp, -8, %sp
	sub %sp, 96, %sp
	call __libc_start
	nop
1:	ba 1b
	nop
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
