/* PowerPC process entry: r1 points at argc. Align the stack to 16 bytes, push an empty
 * frame with a null back chain (SysV ABI) and call __libc_start(r1 at entry). */
	.text
	.globl _start
	.type _start, @function
_start:
	mr 3, 1
	clrrwi 1, 1, 4
	li 0, 0
	stwu 1, -16(1)
	stw 0, 0(1)
	mtlr 0
	bl __libc_start
	b .
	.size _start, .-_start
	.section .note.GNU-stack,"",@progbits
